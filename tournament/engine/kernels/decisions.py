"""Step 2, decisions (reference: ``decisions``, ``decide`` and the functions they call).

Every elite weighs its available actions (specification section 4) by their
utility, the sum over the planning horizon of its projected recognition
chance and substance, and draws one by logit choice. The reference engine
writes this as ``available_actions`` -> ``projected_scores`` ->
``noise_sf`` -> ``action_utility`` -> ``logit_choice`` for one elite at a
time; :func:`decisions` does the same for every elite in one call per round,
because numba takes and releases a reference (an atomic operation) on every
array a call passes, and a call per elite cost about 10 % of the run time.
Its per-elite helpers take scalars only (:func:`round_value`, :func:`utility`);
the logit choices follow for all elites in one call (:func:`logit_choices`).

The projected visibility of a launch, ``D p_d build(h) novelty_h / (1 +
crowding (n_d - 1)) * quality * (1 + packaging_gain a_i)``, is evaluated left
to right as in the reference; its first part, up to the division by the
crowding factor, is the same for every elite launching in ``d`` and is
computed once per round by :func:`projections`. Only such left-most prefixes
are shared: reassociating would change the last bits of the model's results.
Likewise ``cost(a) / c_i`` is divided once per elite for all its innovations,
and a logit weight ``exp(0)`` (the best action's) is taken as exactly 1
without calling ``exp``: the same values, fewer operations.
"""

from __future__ import annotations

import math

from numba import njit

from ...registry import (
    CONSERVATIVE,
    COOPERATE0,
    IMITATE,
    IMITATOR,
    INNOVATE0,
    KEEP,
    LEARN0,
    PIONEER,
    REGIONAL,
    ROUTINE,
)
from .draws import uniform
from .jit import HELPER
from .scores import domain_counts, noise_sf, routine, visibility_substance

__all__ = ["decisions", "projections", "round_value", "utility", "logit_choices"]


@njit(**HELPER)
def projections(p, tables, higher, scratch):
    """The per-round terms of the projected scores that are the same for every elite.

    Parameters
    ----------
    p : KParams
        Parameters.
    tables : Tables
        ``build`` and ``decay``.
    higher : HigherLevel
        Preference, demand and the model.
    scratch : Scratch
        Reads ``counts``; fills, per domain d and round h of the horizon,
        ``d_pref = D p_d``, ``d_dem = D q_d``, the crowding factors
        ``crowd_own = 1 + crowding (counts_d - 1)`` (the elite's own project is
        in d) and ``crowd_new = 1 + crowding counts_d`` (it is not),
        ``sub_launch = D q_d build(h)``, ``vis_launch`` and ``vis_relaunch``
        (``D p_d build(h) (1 decay_h)`` over ``crowd_new`` or ``crowd_own``),
        and ``vis_imitation`` (with novelty ``imitation_novelty``, in the
        model's domain).
    """
    build, decay, counts = tables.build, tables.decay, scratch.counts
    d_pref, d_dem, crowd_own, crowd_new = (scratch.d_pref, scratch.d_dem, scratch.crowd_own,
                                           scratch.crowd_new)
    vis_launch, vis_relaunch, sub_launch = (scratch.vis_launch, scratch.vis_relaunch,
                                            scratch.sub_launch)
    for d in range(p.n_domains):
        d_pref[d] = p.n_domains * higher.preference[d]
        d_dem[d] = p.n_domains * higher.demand[d]
        crowd_own[d] = 1.0 + p.crowding * (counts[d] - 1)
        crowd_new[d] = 1.0 + p.crowding * counts[d]
        for h in range(p.horizon):
            sub_launch[d, h] = d_dem[d] * build[h]
            vis_launch[d, h] = d_pref[d] * build[h] * (1.0 * decay[h]) / crowd_new[d]
            vis_relaunch[d, h] = d_pref[d] * build[h] * (1.0 * decay[h]) / crowd_own[d]
    md = higher.model_domain[0]
    if md >= 0:
        for h in range(p.horizon):
            scratch.vis_imitation[h] = (d_pref[md] * build[h] * (p.imitation_novelty * decay[h])
                                        / crowd_new[md])


@njit(**HELPER)
def round_value(p, r_on, hon, threshold, vis, sub, promo, subst, others, size):
    """One round's term of U(a): ``(1 - w) V P_h + w (1 + m) u_h`` (reference: ``action_utility``).

    Parameters
    ----------
    p : KParams
        Parameters.
    r_on, hon : float
        The elite's routine score with a project, and its honour penalty.
    threshold : float
        θ.
    vis, sub : float
        Projected visibility and substance in this round.
    promo, subst : float
        ``(1 - w) promotion_value`` and ``w (1 + m)``.
    others, size : float
        With regional evaluation: the visibility of the others of the elite's
        region as it stands, and the region's size (section 12).

    Returns
    -------
    float
        The term; ``P_h`` is the recognition chance of the noise-free score.
    """
    s = r_on + p.visibility_weight * vis + p.substance_weight * sub - hon
    if p.evaluation_mode == REGIONAL:
        s += p.regional_weight * (others + vis) / size
    prob = noise_sf(p.noise, (threshold - s) / p.noise_sigma)
    return promo * prob + subst * sub


@njit(**HELPER)
def utility(own, total, cost_per_capacity, bias):
    """U(a) = own(a) · Σ_h(…) − cost(a) / c_i + bias(kind, a) (reference: ``action_utility``).

    For a launch, ``total`` is already ``B V(a) + (1 - B) V(f)`` (approval
    from above, with the fallback f: keep, or routine) and ``own`` is 1.

    Parameters
    ----------
    own : float
        ``ownership_discount`` for keeping a project the elite did not launch, else 1.
    total : float
        The sum over the horizon of :func:`round_value` (for a launch, weighed by approval).
    cost_per_capacity : float
        ``cost(a) / c_i``.
    bias : float
        ``kind_bias`` if the elite's kind favours the action, else 0.

    Returns
    -------
    float
        The utility.
    """
    return own * total - cost_per_capacity + bias


@njit(**HELPER)
def learning(p, n_examples):
    """L(n) = 1 - (1 - learning_rate) ** n (reference: ``learning``; the power of floats)."""
    return 1.0 - (1.0 - p.learning_rate) ** float(n_examples)


@njit(**HELPER)
def space_round(p, tables, projects, elites, higher, scratch, space):
    """The per-round terms of the spatial layer: last round's proposals, regional visibility.

    Parameters
    ----------
    p : KParams
        Parameters.
    tables : Tables
        ``build``.
    projects, elites, higher : Projects, Elites, HigherLevel
        State after step 1.
    scratch : Scratch
        ``actions`` still holds last round's actions; ``counts`` this round's.
    space : Space
        ``proposals`` (with cooperation) and ``vis_now``, ``region_total``
        (with regional evaluation) are filled.
    """
    if p.cooperation == 1:
        proposals = space.proposals
        proposals[:, :] = 0
        for i in range(p.n):
            a = scratch.actions[i]
            if a >= COOPERATE0:
                proposals[space.region[i], a - COOPERATE0] += 1
    if p.evaluation_mode == REGIONAL:
        current_visibility(p, tables, projects, elites, higher, scratch.counts, space)


@njit(**HELPER)
def current_visibility(p, tables, projects, elites, higher, counts, space):
    """Every jurisdiction's visibility as step 4 would compute it now, and the region totals.

    Parameters
    ----------
    p : KParams
        Parameters.
    tables : Tables
        ``build``.
    projects, elites, higher : Projects, Elites, HigherLevel
        State.
    counts : numpy.ndarray
        Active projects per domain.
    space : Space
        ``vis_now`` and ``region_total`` (summed in index order) are filled.
    """
    vis_now, total = space.vis_now, space.region_total
    total[:] = 0.0
    for i in range(p.n):
        v = 0.0
        if projects.active[i]:
            d = projects.domain[i]
            v, _ = visibility_substance(p, tables.build[projects.age[i]], higher.preference[d],
                                        higher.demand[d], projects.novelty[i],
                                        projects.quality[i], counts[d], elites.ability[i])
            if projects.credit[i] != 1.0:
                v = v / projects.credit[i]
        vis_now[i] = v
        total[space.region[i]] += v


@njit(**HELPER)
def decisions(rng, p, tables, jurisdictions, projects, elites, higher, scratch, space):
    """Step 2: every elite chooses an action, all from the state as step 1 left it.

    For each elite in turn: its available actions in tie-breaking order
    (``available_actions``), the utility of each (``projected_scores`` ->
    ``noise_sf`` -> ``action_utility``: :func:`round_value` summed over the
    horizon, then :func:`utility`); then :func:`logit_choices` for all elites.

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator: one uniform per elite, drawn before any
        decision (also when ``rationality`` is infinite).
    p : KParams
        Parameters.
    tables : Tables
        ``build`` and ``decay``.
    jurisdictions, projects, elites, higher : Jurisdictions, Projects, Elites, HigherLevel
        State after step 1.
    scratch : Scratch
        ``counts``, ``draws`` and the terms of :func:`projections` are filled,
        then per elite ``n_available``, ``acts`` and ``utils`` (its actions and
        their utilities), then ``actions`` (action codes of
        :mod:`tournament.registry`).
    space : Space
        The spatial layer (section 12): neighbours, regions, proposals.
    """
    draws = scratch.draws
    domain_counts(projects, scratch.counts)
    for i in range(p.n):
        draws[i] = uniform(rng)
    projections(p, tables, higher, scratch)
    space_round(p, tables, projects, elites, higher, scratch, space)
    capacity, fit, honor = jurisdictions.capacity, jurisdictions.fit, jurisdictions.honor
    malfunction, ability, motive, kind = (jurisdictions.malfunction, elites.ability,
                                          elites.motive, elites.kind)
    active, domain, owned = projects.active, projects.domain, projects.owned
    quality, novelty, age, credit = (projects.quality, projects.novelty, projects.age,
                                     projects.credit)
    build, decay, absorbed = tables.build, tables.decay, higher.absorbed
    d_pref, d_dem, crowd_own, crowd_new = (scratch.d_pref, scratch.d_dem, scratch.crowd_own,
                                           scratch.crowd_new)
    vis_launch, vis_relaunch, vis_imitation, sub_launch = (
        scratch.vis_launch, scratch.vis_relaunch, scratch.vis_imitation, scratch.sub_launch)
    acts, utils, n_available = scratch.acts, scratch.utils, scratch.n_available
    md, mo, threshold = higher.model_domain[0], higher.model_owner[0], higher.threshold[0]
    model_project, project = higher.model_project[0], projects.project
    imitable = md >= 0 and absorbed[md] == 0
    approval = p.bureaucratic_autonomy
    not_approval = 1.0 - approval
    ex, ptr, nbr, seen = space.examples, space.ptr, space.nbr, projects.seen
    has_graph, region, region_total, region_size, vis_now, proposals = (
        space.graph, space.region, space.region_total, space.region_size, space.vis_now,
        space.proposals)
    last_actions = scratch.actions  # still last round's: logit_choices writes them at the end
    regional = p.evaluation_mode == REGIONAL
    cooperating = p.cooperation == 1
    learn_one = learning(p, 1)  # L(1): the national model alone, without a graph
    for i in range(p.n):
        on = active[i]
        own_d = domain[i] if on else -1
        m, hon, cap = malfunction[i], p.honor_pressure * honor[i], capacity[i]
        promo, subst = (1.0 - motive[i]) * p.promotion_value, motive[i] * (1.0 + m)
        r_on, gain = routine(p, cap, m, 1.0), 1.0 + p.packaging_gain * ability[i]
        r = region[i]
        others, size = 0.0, 1.0
        if regional:
            others, size = region_total[r] - vis_now[i], float(region_size[r])
        if has_graph:  # the neighbours' recognised projects, per domain
            ex[:] = 0
            for k in range(ptr[i], ptr[i + 1]):
                j = nbr[k]
                if active[j] and seen[j]:
                    ex[domain[j]] += 1
        # the owner who ends the designated model's project loses face (reference: face_lost)
        face = p.model_commitment if (mo == i and on and project[i] == model_project) else 0.0
        # routine: no project; its score is the same in every round of the horizon
        s = routine(p, cap, m, 0.0) + p.visibility_weight * 0.0 + p.substance_weight * 0.0 - hon
        if regional:
            s += p.regional_weight * (others + 0.0) / size
        prob = noise_sf(p.noise, (threshold - s) / p.noise_sigma)
        total = 0.0
        for _ in range(p.horizon):
            total += promo * prob + subst * 0.0
        acts[i, 0] = ROUTINE
        utils[i, 0] = utility(1.0, 1.0 * total - face, 0.0 / cap,
                              p.kind_bias if kind[i] == CONSERVATIVE else 0.0)
        fallback = 1.0 * total - face  # V of the fallback of a launch that is not approved
        n_av = 1
        if on:  # keep: the project ages from its age, its novelty decays from its novelty
            d, q, nov, age0 = own_d, quality[i], novelty[i], age[i]
            total = 0.0
            for h in range(p.horizon):
                b = build[age0 + h]
                vis = d_pref[d] * b * (nov * decay[h]) / crowd_own[d] * q * gain
                if credit[i] != 1.0:
                    vis = vis / credit[i]
                total += round_value(p, r_on, hon, threshold, vis, d_dem[d] * b * q, promo,
                                     subst, others, size)
            own = 1.0 if owned[i] else p.ownership_discount
            acts[i, n_av] = KEEP
            utils[i, n_av] = utility(own, total, p.upkeep_cost / cap, 0.0)
            fallback = own * total
            n_av += 1
        if imitable and mo != i and own_d != md:
            lq = learning(p, ex[md] + 1) if has_graph else learn_one
            q = p.state_capacity * p.transferability * fit[i, md] * ability[i] * lq
            total = 0.0
            for h in range(p.horizon):
                total += round_value(p, r_on, hon, threshold, vis_imitation[h] * q * gain,
                                     sub_launch[md, h] * q, promo, subst, others, size)
            acts[i, n_av] = IMITATE
            utils[i, n_av] = utility(1.0, approval * (1.0 * total - face)
                                     + not_approval * fallback, p.imitation_cost / cap,
                                     p.kind_bias if kind[i] == IMITATOR else 0.0)
            n_av += 1
        if has_graph:  # learn(d): imitate a neighbour's recognised experience
            for d in range(p.n_domains):
                if absorbed[d] != 0 or d == md or d == own_d or ex[d] == 0:
                    continue
                q = p.state_capacity * p.transferability * fit[i, d] * ability[i] * learning(
                    p, ex[d])
                total = 0.0
                for h in range(p.horizon):
                    vis = d_pref[d] * build[h] * (p.imitation_novelty * decay[h]) / crowd_new[d]
                    total += round_value(p, r_on, hon, threshold, vis * q * gain,
                                         sub_launch[d, h] * q, promo, subst, others, size)
                acts[i, n_av] = LEARN0 + d
                utils[i, n_av] = utility(1.0, approval * (1.0 * total - face)
                                         + not_approval * fallback, p.imitation_cost / cap,
                                         p.kind_bias if kind[i] == IMITATOR else 0.0)
                n_av += 1
        cost, bias = p.innovation_cost / cap, p.kind_bias if kind[i] == PIONEER else 0.0
        for d in range(p.n_domains):
            if absorbed[d] != 0:
                continue
            q = p.state_capacity * fit[i, d] * ability[i]
            total = 0.0
            for h in range(p.horizon):
                vis = vis_relaunch[d, h] if d == own_d else vis_launch[d, h]
                total += round_value(p, r_on, hon, threshold, vis * q * gain,
                                     sub_launch[d, h] * q, promo, subst, others, size)
            acts[i, n_av] = INNOVATE0 + d
            utils[i, n_av] = utility(1.0, approval * (1.0 * total - face)
                                     + not_approval * fallback, cost, bias)
            n_av += 1
        if cooperating:  # cooperate(d): m - 1 partners expected from last round
            last = last_actions[i]
            for d in range(p.n_domains):
                if absorbed[d] != 0:
                    continue
                mm = 1 + proposals[r, d] - (1 if last == COOPERATE0 + d else 0)
                q = p.state_capacity * fit[i, d] * ability[i] * (
                    1.0 + p.cooperation_gain * (mm - 1))
                shared = float(mm) ** p.credit_sharing
                total = 0.0
                for h in range(p.horizon):
                    vis = vis_relaunch[d, h] if d == own_d else vis_launch[d, h]
                    v = vis * q * gain / shared
                    # regional: the m - 1 partners add the joint project to the region too
                    total += round_value(p, r_on, hon, threshold, v, sub_launch[d, h] * q,
                                         promo, subst, others + float(mm - 1) * v, size)
                acts[i, n_av] = COOPERATE0 + d
                utils[i, n_av] = utility(1.0, approval * (1.0 * total - face)
                                         + not_approval * fallback,
                                         p.innovation_cost * (1.0 + p.coordination_cost) / mm
                                         / cap, 0.0)
                n_av += 1
        n_available[i] = n_av
    logit_choices(p, scratch)


@njit(**HELPER)
def logit_choices(p, scratch):
    """Every elite's logit choice among its available actions (reference: ``logit_choice``).

    The action is drawn with probability proportional to ``exp(rationality * U)``
    by inverting the elite's uniform through the cumulative weights, summed
    left to right; with ``rationality = inf`` the first maximum is taken.

    Parameters
    ----------
    p : KParams
        Parameters (``rationality``, ``argmax``).
    scratch : Scratch
        Reads ``n_available``, ``acts`` and ``utils`` (per elite: its actions in
        tie-breaking order and their utilities) and ``draws``; fills
        ``actions`` (``wts`` is work space).
    """
    n_available, acts, utils = scratch.n_available, scratch.acts, scratch.utils
    draws, actions, wts = scratch.draws, scratch.actions, scratch.wts
    for i in range(p.n):
        n_av = n_available[i]
        best = 0
        for j in range(1, n_av):
            if utils[i, j] > utils[i, best]:
                best = j
        actions[i] = acts[i, best]
        if p.argmax:
            continue
        top = utils[i, best]
        total_w = 0.0
        for j in range(n_av):
            x = p.rationality * (utils[i, j] - top)
            wts[j] = 1.0 if x == 0.0 else math.exp(x)  # exp(±0) is exactly 1: one exp saved
            total_w += wts[j]
        target = draws[i] * total_w
        cum = 0.0
        actions[i] = acts[i, n_av - 1]
        for j in range(n_av):
            cum += wts[j]
            if target < cum:
                actions[i] = acts[i, j]
                break
