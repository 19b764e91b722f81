"""Streaming statistics: the project-level summary statistics, computed while a replicate runs.

The compiled engine does not keep the events of a run unless asked, so the
statistics of :mod:`tournament.analysis.statistics` that need per-project or
per-jurisdiction detail are accumulated as the replicate runs, with the same
definitions (docs/model.md, "What a run reports"):

* lifetimes: histograms of durations of dead and censored projects launched
  after burn-in (:func:`on_death`, :func:`finish`);
* turnover: project-rounds at risk (:func:`at_risk`) and deaths by choice
  (:func:`on_death`), each split by whether the launching elite left one or
  two rounds before;
* restarts: one pending death per jurisdiction, resolved by its next launch
  within :data:`WINDOW` rounds (:func:`on_death`, :func:`on_launch`);
* leader to follower: one pending spell per round in which a leadership
  spell ended, followed for :data:`WINDOW` rounds (:func:`end_round`);
* recognitions per jurisdiction after burn-in (:func:`end_round`).

Version 2 (docs/model.md, "Version-2 statistics over tables: readings"):

* ``survival_5``: the lifetime histograms again (:func:`km_survival_counts`);
* ``ever_recognized_share``: per jurisdiction whether its current project
  was recognised; a recognition in round ``t`` belongs to the project active
  at the recognition step, the one still active at the end of the round or
  the one that died after that step in round ``t`` (absorbed, crisis:
  :func:`on_death` keeps its launch round) (:func:`end_round`);
* ``elite_spell_median``: per jurisdiction the round its elite was seated
  (after burn-in), and histograms of completed and censored spells
  (:func:`end_round`, :func:`finish`);
* ``turnover_hazard_mh``: exposed and unexposed project-rounds and deaths by
  choice per project age (:func:`at_risk`, :func:`on_death`);
* ``bandwagon_did``: launches per round and domain (T x D), each
  jurisdiction's launches of the last ``BEFORE + AFTER`` rounds (a ring), and
  per round the designation's domain, owner and runner-up, resolved
  ``AFTER`` rounds later (:func:`on_launch`, :func:`end_round`);
* ``leader_placebo_difference``: the jurisdictions ranked 2 … k + 1 in the
  previous round, and up to :data:`WINDOW` pending ended spells of the
  model's owner, each with its ex-leader and placebo units followed for
  :data:`WINDOW` rounds; the bottom half is read against the round's median
  score (:func:`end_round`).

Memory is O(N + T + T D + N k) per replicate, never O(N T).

The round loop of :func:`~tournament.engine.kernels.replicate.run_replicate`
calls :func:`at_risk` after the decisions, :func:`end_round` after the round's
records, and :func:`finish` after the last round; the steps that launch and
end projects call :func:`on_launch` and :func:`on_death`.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numba.core import types
from numba.experimental import structref

from ...registry import ABSORBED, CRISIS, DROPPED, IMITATION, REPLACED
from ..records import (
    R_MODEL_DOMAIN,
    R_MODEL_OWNER,
    R_TOP,
    S_BANDWAGON_DID,
    S_ELITE_SPELL_MEDIAN,
    S_EVER_RECOGNIZED_SHARE,
    S_LEADER_PLACEBO_DIFFERENCE,
    S_LEADER_TO_FOLLOWER_SHARE,
    S_LIFETIME_MEAN,
    S_LIFETIME_MEDIAN,
    S_PROJECTS,
    S_RECOGNITION_GINI,
    S_RESTART_NEW_DOMAIN_SHARE,
    S_RESTART_SHARE,
    S_SURVIVAL_5,
    S_TURNOVER_DEATH_RATIO,
    S_TURNOVER_HAZARD_MH,
)
from ..rules import (
    AFTER,
    BEFORE,
    RUN,
    SURVIVAL_AGE,
    WINDOW,
    follower_step,
    follower_update,
    hazard_ratio,
    km_median_counts,
    km_survival_counts,
    mean_difference,
    mh_ratio,
    share_difference,
    spell_watched,
    window_change,
)
from .arrays import NONE, ONE, ZERO, flags, floats, gini, ints, kth_largest
from .jit import HELPER
from .state import B1, F1, I1, I2, Container, new

__all__ = ["Accumulator", "ACCUMULATOR", "new_accumulator", "exposed", "at_risk", "on_launch",
           "on_death", "end_round", "finish", "owner_spells", "half_cut", "in_top_half",
           "window_sum", "designations"]

# counters of Accumulator.tally
(A_DEAD_TOTAL, A_DEAD_COUNT, A_EXPOSED_DEATHS, A_OTHER_DEATHS, A_EXPOSED_AT_RISK,
 A_OTHER_AT_RISK, A_DEATHS_IN_WINDOW, A_RESTARTS, A_NEW_DOMAIN, A_SPELLS, A_FOLLOWERS,
 A_PROJECTS, A_RECOGNIZED, A_DESIGNATIONS, A_OWNER_SPELLS, A_OWNER_FOLLOWERS,
 A_PLACEBO_UNITS, A_PLACEBO_FOLLOWERS, A_CANDIDATES) = range(19)
N_TALLY = np.int64(19)
# typed, as Python passes them: a literal would make numba compile the rules once more
RUN_, WINDOW_, SURVIVAL_AGE_ = np.int64(RUN), np.int64(WINDOW), np.int64(SURVIVAL_AGE)
BEFORE_, AFTER_ = np.int64(BEFORE), np.int64(AFTER)
RING = np.int64(BEFORE + AFTER)
"""Rounds of each jurisdiction's launches kept: a designation's whole window."""
B2 = types.boolean[:, ::1]


@structref.register
class Accumulator(Container):
    """State of the streaming statistics of one replicate.

    ``tally`` holds the counters ``A_*``; ``dead_hist`` and ``cens_hist`` count
    lifetimes (index = rounds); per jurisdiction ``pending_round`` and
    ``pending_domain`` (the last death awaiting a restart, -1 for none),
    ``last_launch`` and ``last_origin`` (its latest launch), ``recognitions``;
    per round ``te`` in which a leadership spell ended, ``spell_leader`` (the
    ex-leader, -1 for none), ``spell_seen`` (its first launch since seen),
    ``spell_follows`` and ``spell_streak`` (rounds running in the bottom half).

    Version 2: per jurisdiction ``recognized_once`` (its current project has
    been recognised), ``late_death`` and ``late_launch`` (round and launch
    round of its last death after a recognition step, -1 for none),
    ``seated`` (round its elite was seated, -1 if before burn-in);
    ``elite_dead`` and ``elite_cens`` count elite spells (index = rounds);
    ``age_exp_risk``, ``age_exp_dead``, ``age_unexp_risk``,
    ``age_unexp_dead`` count project-rounds and deaths by choice per project
    age; ``domain_launches`` (T x D) counts launches; ``ring_round`` and
    ``ring_domain`` (N x :data:`RING`) hold each jurisdiction's launch of
    round ``s`` in slot ``s % RING``; per round ``des_domain`` (-1 for no
    designation), ``des_owner``, ``des_runner``, ``des_runner_domain``;
    ``bandwagon`` the sums of treated and placebo changes; ``candidates``
    (the jurisdictions ranked 2 … k + 1 in the last round, ``A_CANDIDATES``
    of them); per slot ``te % WINDOW`` of an ended owner spell ``own_round``
    (``te``, -1 for none), ``own_count`` and, per member (0 the ex-leader,
    then the placebo units), ``own_member``, ``own_seen``, ``own_streak``,
    ``own_follows``.
    """


ACCUMULATOR = Accumulator([
    ("tally", I1), ("dead_hist", I1), ("cens_hist", I1), ("pending_round", I1),
    ("pending_domain", I1), ("last_launch", I1), ("last_origin", I1), ("spell_leader", I1),
    ("spell_seen", B1), ("spell_follows", B1), ("spell_streak", I1), ("recognitions", F1),
    ("recognized_once", B1), ("late_death", I1), ("late_launch", I1), ("seated", I1),
    ("elite_dead", I1), ("elite_cens", I1), ("age_exp_risk", I1), ("age_exp_dead", I1),
    ("age_unexp_risk", I1), ("age_unexp_dead", I1), ("domain_launches", I2),
    ("ring_round", I2), ("ring_domain", I2), ("des_domain", I1), ("des_owner", I1),
    ("des_runner", I1), ("des_runner_domain", I1), ("bandwagon", F1), ("candidates", I1),
    ("own_round", I1), ("own_count", I1), ("own_member", I2), ("own_seen", B2),
    ("own_streak", I2), ("own_follows", B2)])


@njit(**HELPER)
def new_accumulator(p):
    """Allocate the streaming statistics of one replicate.

    Parameters
    ----------
    p : KParams
        Parameters (sizes).

    Returns
    -------
    Accumulator
        Empty histograms and counters, nothing pending.
    """
    n, big_t = p.n, p.n_rounds
    acc = new(ACCUMULATOR)
    acc.tally, acc.dead_hist, acc.cens_hist = (ints(N_TALLY, ZERO), ints(big_t + 1, ZERO),
                                               ints(big_t + 1, ZERO))
    acc.pending_round, acc.pending_domain = ints(n, NONE), ints(n, NONE)
    acc.last_launch, acc.last_origin = ints(n, NONE), ints(n, ZERO)
    acc.spell_leader, acc.spell_seen = ints(big_t, NONE), flags(big_t)
    acc.spell_follows, acc.spell_streak = flags(big_t), ints(big_t, ZERO)
    acc.recognitions = floats(n)
    acc.recognized_once, acc.late_death, acc.late_launch = flags(n), ints(n, NONE), ints(n, NONE)
    acc.seated = ints(n, NONE)
    acc.elite_dead, acc.elite_cens = ints(big_t + 1, ZERO), ints(big_t + 1, ZERO)
    acc.age_exp_risk, acc.age_exp_dead = ints(big_t + 1, ZERO), ints(big_t + 1, ZERO)
    acc.age_unexp_risk, acc.age_unexp_dead = ints(big_t + 1, ZERO), ints(big_t + 1, ZERO)
    nd = p.n_domains
    acc.domain_launches = ints(big_t * nd, ZERO).reshape((big_t, nd))
    acc.ring_round = ints(n * RING, NONE).reshape((n, RING))
    acc.ring_domain = ints(n * RING, NONE).reshape((n, RING))
    acc.des_domain, acc.des_owner = ints(big_t, NONE), ints(big_t, NONE)
    acc.des_runner, acc.des_runner_domain = ints(big_t, NONE), ints(big_t, NONE)
    acc.bandwagon = floats(2)
    members = p.k + 1  # the ex-leader and at most k placebo units
    acc.candidates = ints(n, NONE)
    acc.own_round, acc.own_count = ints(WINDOW_, NONE), ints(WINDOW_, ZERO)
    acc.own_member = ints(WINDOW_ * members, NONE).reshape((WINDOW_, members))
    acc.own_seen = flags(WINDOW_ * members).reshape((WINDOW_, members))
    acc.own_streak = ints(WINDOW_ * members, ZERO).reshape((WINDOW_, members))
    acc.own_follows = flags(WINDOW_ * members).reshape((WINDOW_, members))
    return acc


@njit(**HELPER)
def exposed(t, owner_left_round):
    """Whether round ``t`` is one of the two rounds after the launching elite left.

    Parameters
    ----------
    t : int
        Round.
    owner_left_round : int
        Round the launching elite left (-1 if it has not).

    Returns
    -------
    bool
        ``t - owner_left_round`` is 1 or 2.
    """
    return owner_left_round >= 0 and (t - owner_left_round == 1 or t - owner_left_round == 2)


@njit(**HELPER)
def at_risk(acc, p, projects, t):
    """Count the project-rounds at risk of a death by choice at round ``t``'s decisions.

    Also per project age ``t - launch_round``: exposed, and unexposed (the
    launching elite still in office), for ``turnover_hazard_mh``.

    Parameters
    ----------
    acc : Accumulator
        Streaming statistics.
    p : KParams
        Parameters.
    projects : Projects
        Projects as the decisions of round ``t`` see them.
    t : int
        Round.
    """
    if t < p.burn_in:
        return
    active, owner_left_round, tally = projects.active, projects.owner_left_round, acc.tally
    launch_round = projects.launch_round
    exp_risk, unexp_risk = acc.age_exp_risk, acc.age_unexp_risk
    for i in range(p.n):
        if active[i]:
            if exposed(t, owner_left_round[i]):
                tally[A_EXPOSED_AT_RISK] += 1
                exp_risk[t - launch_round[i]] += 1
            else:
                tally[A_OTHER_AT_RISK] += 1
                if owner_left_round[i] < 0:  # the launching elite is still in office
                    unexp_risk[t - launch_round[i]] += 1


@njit(**HELPER)
def on_launch(acc, p, i, t, d, origin):
    """Record a launch by jurisdiction ``i`` in round ``t``: projects, restarts, last launch.

    Also: the new project is not yet recognised; launches per round and
    domain, and the jurisdiction's ring of recent launches (bandwagon).

    Parameters
    ----------
    acc : Accumulator
        Streaming statistics.
    p : KParams
        Parameters.
    i, t, d, origin : int
        Jurisdiction, round, domain and origin of the new project.
    """
    tally, pending_round = acc.tally, acc.pending_round
    if t >= p.burn_in:
        tally[A_PROJECTS] += 1
    if pending_round[i] >= 0:
        if t - pending_round[i] <= WINDOW:
            tally[A_RESTARTS] += 1
            if d != acc.pending_domain[i]:
                tally[A_NEW_DOMAIN] += 1
        pending_round[i] = -1
    acc.last_launch[i] = t
    acc.last_origin[i] = origin
    acc.recognized_once[i] = False
    acc.domain_launches[t, d] += 1
    slot = t % RING
    acc.ring_round[i, slot] = t
    acc.ring_domain[i, slot] = d


@njit(**HELPER)
def on_death(acc, p, i, t, cause, d, launch_round, owner_left_round):
    """Record the death of jurisdiction ``i``'s project in round ``t``.

    Parameters
    ----------
    acc : Accumulator
        Streaming statistics.
    p : KParams
        Parameters.
    i, t, cause, d : int
        Jurisdiction, round, cause and domain.
    launch_round, owner_left_round : int
        The project's launch round and the round its launching elite left (-1 if not).
    """
    tally = acc.tally
    if launch_round >= p.burn_in:
        dur = t - launch_round
        acc.dead_hist[dur] += 1
        tally[A_DEAD_TOTAL] += dur
        tally[A_DEAD_COUNT] += 1
    if cause == DROPPED or cause == REPLACED:
        if t >= p.burn_in:
            if exposed(t, owner_left_round):
                tally[A_EXPOSED_DEATHS] += 1
                acc.age_exp_dead[t - launch_round] += 1
            else:
                tally[A_OTHER_DEATHS] += 1
                if owner_left_round < 0:
                    acc.age_unexp_dead[t - launch_round] += 1
    elif cause == ABSORBED or cause == CRISIS:  # after round t's recognition step
        acc.late_death[i] = t
        acc.late_launch[i] = launch_round
    if p.burn_in <= t <= p.n_rounds - 1 - WINDOW:
        acc.pending_round[i] = t
        acc.pending_domain[i] = d
        tally[A_DEATHS_IN_WINDOW] += 1
    else:
        acc.pending_round[i] = -1


@njit(**HELPER)
def end_round(acc, p, projects, scratch, records, t, top):
    """Close round ``t``: recognitions, elite spells, and the windows that watch later rounds.

    Parameters
    ----------
    acc : Accumulator
        Streaming statistics.
    p : KParams
        Parameters.
    projects : Projects
        Projects at the end of the round.
    scratch : Scratch
        The round's ``score``, ``recognized`` and ``left`` (``work`` is work space).
    records : Records
        The round records (this round's and the previous round's top
        jurisdiction, model domain and owner).
    t, top : int
        Round, and its top-ranked jurisdiction.
    """
    n, score, recognized = p.n, scratch.score, scratch.recognized
    leader, seen, follows, streak = (acc.spell_leader, acc.spell_seen, acc.spell_follows,
                                     acc.spell_streak)
    last_launch, last_origin = acc.last_launch, acc.last_origin
    for te in range(t - WINDOW if t > WINDOW else 0, t):
        j = leader[te]
        if j < 0:
            continue
        if not follows[te]:  # once it follows, later rounds change nothing
            rank = ONE
            for i in range(n):
                if score[i] > score[j] or (score[i] == score[j] and i < j):
                    rank += 1
            seen[te], streak[te], imitated, fell = follower_step(
                last_launch[j] == t, last_origin[j] == IMITATION, rank, n, RUN_, seen[te],
                streak[te])
            if imitated or fell:
                follows[te] = True
        if t == te + WINDOW:
            acc.tally[A_SPELLS] += 1
            if follows[te]:
                acc.tally[A_FOLLOWERS] += 1
    if (spell_watched(t, p.burn_in, p.n_rounds, WINDOW_)
            and top != records.rounds[t - 1, R_TOP]):
        leader[t] = records.rounds[t - 1, R_TOP]
    owner_spells(acc, p, scratch, records, t)
    designations(acc, p, projects, scratch, records, t)
    if t < p.burn_in:
        return
    # one pass: recognitions, first recognitions of projects, elite spells, and the
    # jurisdictions ranked 2 ... k + 1 (placebo units of a spell that ends next round)
    tally, left = acc.tally, scratch.left
    active, launch_round = projects.active, projects.launch_round
    recognized_once, seated, candidates = acc.recognized_once, acc.seated, acc.candidates
    recognitions, elite_dead = acc.recognitions, acc.elite_dead
    late_death, late_launch = acc.late_death, acc.late_launch
    watch_next = t <= p.n_rounds - 2 - WINDOW  # a spell ending in t + 1 is watched
    count = 0
    best_out = -1
    for i in range(n):
        if left[i]:
            if seated[i] >= 0:
                elite_dead[t - seated[i]] += 1
            seated[i] = t
        if recognized[i]:
            recognitions[i] += 1.0
            launch = -1  # the project active at the recognition step, if any
            if active[i]:
                launch = launch_round[i]
            elif late_death[i] == t:
                launch = late_launch[i]
            if launch >= 0 and not recognized_once[i]:
                recognized_once[i] = True
                if launch >= p.burn_in:
                    tally[A_RECOGNIZED] += 1
            if watch_next and i != top:
                candidates[count] = i
                count += 1
        elif watch_next and (best_out < 0 or score[i] > score[best_out]):
            best_out = i  # rank k + 1: the best not recognised, ties to the lower index
    if watch_next:
        if best_out >= 0:
            candidates[count] = best_out
            count += 1
        tally[A_CANDIDATES] = count


@njit(**HELPER)
def half_cut(score, work):
    """The cut between the top and the bottom half of a round's ranking.

    Parameters
    ----------
    score : numpy.ndarray
        The round's scores (``N`` of them).
    work : numpy.ndarray
        Work space of length ``N``, overwritten.

    Returns
    -------
    tuple
        ``(cut, ties_left)``: the ``q``-th highest score, ``q = (N + 1) // 2``
        (the last rank with ``2 rank <= N + 1``), and how many of the scores
        equal to it, in index order, rank in the top ``q``.
    """
    half = (len(score) + 1) // 2
    cut = kth_largest(score, half, work)
    above = 0
    for i in range(len(score)):
        if score[i] > cut:
            above += 1
    return cut, half - above


@njit(**HELPER)
def in_top_half(score, u, cut, ties_left):
    """Whether jurisdiction ``u`` ranks in the top ``q`` (``2 rank <= N + 1``).

    Parameters
    ----------
    score : numpy.ndarray
        The round's scores.
    u : int
        Jurisdiction.
    cut : float
        The ``q``-th highest score, ``q = (N + 1) // 2``.
    ties_left : int
        ``q`` less the scores above ``cut``: how many of those equal to it,
        in index order, rank in the top ``q``.

    Returns
    -------
    bool
        Not in the bottom half of the ranking (ties to the lower index).
    """
    s = score[u]
    if s > cut:
        return True
    if s < cut:
        return False
    ahead = 0
    for i in range(u):
        if score[i] == cut:
            ahead += 1
    return ahead < ties_left


@njit(**HELPER)
def owner_spells(acc, p, scratch, records, t):
    """Watch round ``t`` for the ended spells of the model's owner; register one ending in ``t``.

    A spell ends in round ``te`` when the model's owner of ``te - 1``
    (``>= 0``) differs from that of ``te``; it is watched when
    ``spell_watched(te)``. Its ex-leader and its placebo units (ranked
    2 … k + 1 in round ``te - 1``, the ex-leader left out) each follow by
    :func:`follower_update` in rounds ``te + 1 … te + WINDOW``.

    Parameters
    ----------
    acc : Accumulator
        Streaming statistics.
    p : KParams
        Parameters.
    scratch : Scratch
        The round's ``score`` (``work`` is work space).
    records : Records
        The round records (model owners of rounds ``t - 1`` and ``t``).
    t : int
        Round.
    """
    score, tally = scratch.score, acc.tally
    own_round, own_count, member = acc.own_round, acc.own_count, acc.own_member
    own_seen, own_streak, own_follows = acc.own_seen, acc.own_streak, acc.own_follows
    last_launch, last_origin = acc.last_launch, acc.last_origin
    cut, ties_left = 0.0, -1  # the round's median cut, found when first needed
    for slot in range(WINDOW):
        te = own_round[slot]
        if te < 0:
            continue
        for m in range(own_count[slot]):
            if own_follows[slot, m]:  # once it follows, later rounds change nothing
                continue
            if ties_left < 0:
                cut, ties_left = half_cut(score, scratch.work)
            u = member[slot, m]
            own_seen[slot, m], own_streak[slot, m], imitated, fell = follower_update(
                last_launch[u] == t, last_origin[u] == IMITATION,
                not in_top_half(score, u, cut, ties_left), RUN_, own_seen[slot, m],
                own_streak[slot, m])
            if imitated or fell:
                own_follows[slot, m] = True
        if t == te + WINDOW:
            tally[A_OWNER_SPELLS] += 1
            if own_follows[slot, 0]:
                tally[A_OWNER_FOLLOWERS] += 1
            tally[A_PLACEBO_UNITS] += own_count[slot] - 1
            for m in range(1, own_count[slot]):
                if own_follows[slot, m]:
                    tally[A_PLACEBO_FOLLOWERS] += 1
            own_round[slot] = -1
    if not spell_watched(t, p.burn_in, p.n_rounds, WINDOW_):
        return
    j = records.rounds[t - 1, R_MODEL_OWNER]
    if j < 0 or j == records.rounds[t, R_MODEL_OWNER]:
        return
    slot = t % WINDOW_
    own_round[slot] = t
    member[slot, 0] = j
    c = 1
    for x in range(tally[A_CANDIDATES]):  # ranked 2 ... k + 1 in round t - 1
        if acc.candidates[x] != j:
            member[slot, c] = acc.candidates[x]
            c += 1
    own_count[slot] = c
    for m in range(c):
        own_seen[slot, m] = False
        own_streak[slot, m] = 0
        own_follows[slot, m] = False


@njit(**HELPER)
def window_sum(acc, d, excluded, first, last):
    """Launches in domain ``d`` in rounds ``first … last``, those of ``excluded`` left out.

    Parameters
    ----------
    acc : Accumulator
        ``domain_launches``, and the ring of ``excluded``'s recent launches
        (which holds rounds ``last - RING + 1 … last``).
    d, excluded : int
        Domain, and the jurisdiction whose launches do not count.
    first, last : int
        Rounds, ``last - first < RING``.

    Returns
    -------
    int
        The count.
    """
    launches, ring_round, ring_domain = acc.domain_launches, acc.ring_round, acc.ring_domain
    total = 0
    for s in range(first, last + 1):
        total += launches[s, d]
        slot = s % RING
        if excluded >= 0 and ring_round[excluded, slot] == s and ring_domain[excluded, slot] == d:
            total -= 1
    return total


@njit(**HELPER)
def designations(acc, p, projects, scratch, records, t):
    """Resolve the designation of round ``t - AFTER``; register one in round ``t``.

    A designation is a round ``t`` (``max(burn_in, BEFORE - 1, 1) <= t <= T - 1 -
    AFTER``) whose model domain ``d >= 0`` differs from the previous round's.
    Its runner-up is the best-ranked jurisdiction whose project, active at
    the end of round ``t``, is in another domain (none: left out). Treated:
    launches in ``d`` by all but the model's owner, mean per round over
    ``t + 1 … t + AFTER`` minus over ``t - BEFORE + 1 … t``; placebo: the
    same in the runner-up's domain by all but the runner-up.

    Parameters
    ----------
    acc : Accumulator
        Streaming statistics.
    p : KParams
        Parameters.
    projects : Projects
        Projects at the end of the round.
    scratch : Scratch
        The round's ``score``.
    records : Records
        The round records (model domain and owner of rounds ``t - 1`` and ``t``).
    t : int
        Round.
    """
    te = t - AFTER
    if te >= 0 and acc.des_domain[te] >= 0:
        first = te - BEFORE + 1
        treated = window_change(window_sum(acc, acc.des_domain[te], acc.des_owner[te], first, te),
                                window_sum(acc, acc.des_domain[te], acc.des_owner[te], te + 1, t),
                                BEFORE_, AFTER_)
        rd, ru = acc.des_runner_domain[te], acc.des_runner[te]
        placebo = window_change(window_sum(acc, rd, ru, first, te),
                                window_sum(acc, rd, ru, te + 1, t), BEFORE_, AFTER_)
        acc.bandwagon[0] += treated
        acc.bandwagon[1] += placebo
        acc.tally[A_DESIGNATIONS] += 1
    if t < p.burn_in or t < BEFORE - 1 or t < 1 or t > p.n_rounds - 1 - AFTER:
        return
    d = records.rounds[t, R_MODEL_DOMAIN]
    if d < 0 or d == records.rounds[t - 1, R_MODEL_DOMAIN]:
        return
    score, active, domain = scratch.score, projects.active, projects.domain
    runner = -1
    for i in range(p.n):
        if active[i] and domain[i] != d and (runner < 0 or score[i] > score[runner]):
            runner = i
    if runner < 0:
        return
    acc.des_domain[t] = d
    acc.des_owner[t] = records.rounds[t, R_MODEL_OWNER]
    acc.des_runner[t] = runner
    acc.des_runner_domain[t] = domain[runner]


@njit(**HELPER)
def finish(acc, p, projects, pstats):
    """Censor the projects and elites alive at the end and write the project statistics.

    A project or elite spell still running is censored at the last round
    seen, ``T - 1`` (lifetime ``T - 1 - launch_round``).

    Parameters
    ----------
    acc : Accumulator
        Streaming statistics after the last round.
    p : KParams
        Parameters.
    projects : Projects
        Projects at the end of the run.
    pstats : numpy.ndarray
        Filled, in the order of :data:`tournament.engine.records.PROJECT_STATS`.
    """
    tally, last = acc.tally, p.n_rounds - 1
    for i in range(p.n):
        if projects.active[i] and projects.launch_round[i] >= p.burn_in:
            acc.cens_hist[last - projects.launch_round[i]] += 1
        if acc.seated[i] >= 0 and last > acc.seated[i]:
            acc.elite_cens[last - acc.seated[i]] += 1
    pstats[S_LIFETIME_MEDIAN] = km_median_counts(acc.dead_hist, acc.cens_hist)
    dead_count = tally[A_DEAD_COUNT]
    pstats[S_LIFETIME_MEAN] = tally[A_DEAD_TOTAL] / dead_count if dead_count > 0 else np.nan
    pstats[S_TURNOVER_DEATH_RATIO] = hazard_ratio(tally[A_EXPOSED_DEATHS],
                                                  tally[A_EXPOSED_AT_RISK],
                                                  tally[A_OTHER_DEATHS], tally[A_OTHER_AT_RISK])
    deaths, restarts = tally[A_DEATHS_IN_WINDOW], tally[A_RESTARTS]
    pstats[S_RESTART_SHARE] = restarts / deaths if deaths > 0 else np.nan
    pstats[S_RESTART_NEW_DOMAIN_SHARE] = (tally[A_NEW_DOMAIN] / restarts if restarts > 0
                                          else np.nan)
    spells = tally[A_SPELLS]
    pstats[S_LEADER_TO_FOLLOWER_SHARE] = tally[A_FOLLOWERS] / spells if spells > 0 else np.nan
    pstats[S_RECOGNITION_GINI] = gini(acc.recognitions)
    n_projects = tally[A_PROJECTS]
    pstats[S_PROJECTS] = float(n_projects)
    pstats[S_SURVIVAL_5] = km_survival_counts(acc.dead_hist, acc.cens_hist, SURVIVAL_AGE_)
    pstats[S_EVER_RECOGNIZED_SHARE] = (tally[A_RECOGNIZED] / n_projects if n_projects > 0
                                       else np.nan)
    pstats[S_ELITE_SPELL_MEDIAN] = km_median_counts(acc.elite_dead, acc.elite_cens)
    pstats[S_TURNOVER_HAZARD_MH] = mh_ratio(acc.age_exp_risk, acc.age_exp_dead,
                                            acc.age_unexp_risk, acc.age_unexp_dead)
    pstats[S_BANDWAGON_DID] = mean_difference(acc.bandwagon[0], acc.bandwagon[1],
                                              tally[A_DESIGNATIONS])
    pstats[S_LEADER_PLACEBO_DIFFERENCE] = share_difference(
        tally[A_OWNER_FOLLOWERS], tally[A_OWNER_SPELLS], tally[A_PLACEBO_FOLLOWERS],
        tally[A_PLACEBO_UNITS])
