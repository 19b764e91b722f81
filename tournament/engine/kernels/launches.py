"""Step 3, launches, and the end of a project (reference: ``launches``, ``end_project``)."""

from __future__ import annotations

import numpy as np
from numba import njit

from ...registry import (
    ABSORBED,
    ALIVE,
    COOPERATE0,
    CRISIS,
    DROPPED,
    IMITATE,
    IMITATION,
    INNOVATE0,
    INNOVATION,
    KEEP,
    LEARN0,
    REPLACED,
    ROUTINE,
)
from ..records import (
    E_CAUSE,
    E_DOMAIN,
    E_END_ROUND,
    E_FIRST_RECOGNIZED,
    E_JOINT,
    E_JURISDICTION,
    E_LAUNCH_ROUND,
    E_MEMBERS,
    E_ORIGIN,
    E_OWNER_LEFT_ROUND,
    E_TIMES_RECOGNIZED,
    R_DIED_DROPPED,
    R_DIED_REPLACED,
    R_IMITATIONS,
    R_INNOVATIONS,
    R_JOINT_LAUNCHES,
    R_LEARNED,
    R_REJECTED,
)
from .accumulator import on_death, on_launch
from .draws import lognormal_mean_one, uniform
from .jit import HELPER

__all__ = ["end_project", "launches", "start_project", "planned_quality", "form_joint_projects",
           "CAUSE_DROPPED", "CAUSE_REPLACED", "CAUSE_ABSORBED", "CAUSE_CRISIS"]

# Causes are passed to end_project typed: a literal argument would make numba compile
# end_project (and on_death) once per cause.
CAUSE_DROPPED, CAUSE_REPLACED, CAUSE_ABSORBED, CAUSE_CRISIS = (
    np.int64(DROPPED), np.int64(REPLACED), np.int64(ABSORBED), np.int64(CRISIS))


@njit(**HELPER)
def end_project(p, projects, acc, records, i, t, cause):
    """Kill the active project of ``i`` in round ``t`` with ``cause``.

    Parameters
    ----------
    p : KParams
        Parameters.
    projects : Projects
        The project of ``i`` becomes inactive.
    acc : Accumulator
        Streaming statistics (:func:`~.accumulator.on_death`).
    records : Records
        The project's event row gets its end round and cause.
    i, t, cause : int
        Jurisdiction, round, cause (a code of :data:`tournament.registry.CAUSES`).
    """
    row = projects.project[i]
    if records.with_events:
        records.events[row, E_END_ROUND] = t
        records.events[row, E_CAUSE] = cause
    on_death(acc, p, i, t, cause, projects.domain[i], projects.launch_round[i],
             projects.owner_left_round[i])
    projects.active[i] = False
    projects.project[i] = -1


@njit(**HELPER)
def planned_quality(p, fit, ability, higher, projects, space, i, a):
    """Expected quality of ``i``'s imitation ``a`` (the national model or ``learn(d)``).

    The examples (neighbours' recognised projects in the domain, plus the
    national model for ``imitate``) are counted as the state stands
    (reference: ``_project_of``, ``examples``, ``learning``).
    """
    d = higher.model_domain[0] if a == IMITATE else a - LEARN0
    n_examples = 1 if a == IMITATE else 0
    if space.graph:
        for k in range(space.ptr[i], space.ptr[i + 1]):
            j = space.nbr[k]
            if projects.active[j] and projects.domain[j] == d and projects.seen[j]:
                n_examples += 1
    return (p.state_capacity * p.transferability * fit[i, d] * ability[i]
            * (1.0 - (1.0 - p.learning_rate) ** float(n_examples)))


@njit(**HELPER)
def start_project(p, projects, acc, records, i, t, d, quality, novelty, origin, members,
                  credit, joint):
    """Start ``i``'s new project; its active one, if any, dies (cause ``replaced``).

    Parameters
    ----------
    p : KParams
        Parameters.
    projects : Projects
        The project of ``i`` is set.
    acc : Accumulator
        Streaming statistics (deaths and launches).
    records : Records
        The project's event row, and the round's tally.
    i, t, d : int
        Jurisdiction, round, domain.
    quality, novelty : float
        Realised quality and initial novelty.
    origin, members : int
        Innovation or imitation; 1 or the members of a joint project.
    credit : float
        ``members ** credit_sharing``.
    joint : int
        The first member's events row, -1 for a single project.
    """
    tally = records.rounds[t]
    if projects.active[i]:
        tally[R_DIED_REPLACED] += 1
        end_project(p, projects, acc, records, i, t, CAUSE_REPLACED)
    row = records.n_events[0]
    projects.active[i] = True
    projects.domain[i] = d
    projects.quality[i] = quality
    projects.novelty[i] = novelty
    projects.age[i] = 0
    projects.owned[i] = True
    projects.origin[i] = origin
    projects.project[i] = row
    projects.launch_round[i] = t
    projects.owner_left_round[i] = -1
    projects.reputation[i] = 0.0
    projects.seen[i] = False
    projects.members[i] = members
    projects.credit[i] = credit
    projects.joint[i] = joint
    if records.with_events:
        ev = records.events[row]
        ev[E_JURISDICTION], ev[E_DOMAIN], ev[E_ORIGIN] = i, d, origin
        ev[E_LAUNCH_ROUND], ev[E_END_ROUND], ev[E_CAUSE] = t, -1, ALIVE
        ev[E_OWNER_LEFT_ROUND], ev[E_TIMES_RECOGNIZED] = -1, 0
        ev[E_FIRST_RECOGNIZED], ev[E_MEMBERS], ev[E_JOINT] = -1, members, joint
        records.quality[row] = quality
    records.n_events[0] = row + 1
    tally[R_IMITATIONS if origin == IMITATION else R_INNOVATIONS] += 1
    on_launch(acc, p, i, t, d, origin)


@njit(**HELPER)
def launches(rng, p, jurisdictions, projects, elites, higher, scratch, space, acc, records, t):
    """Step 3: drop, keep, or launch (after approval from above); then joint projects.

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator: per launch one uniform (approval) and, if
        approved and not a ``cooperate(d)``, one normal (quality); then one
        normal per joint project or lone proposer.
    p : KParams
        Parameters.
    jurisdictions, projects, elites, higher : Jurisdictions, Projects, Elites, HigherLevel
        State; projects are ended and started.
    scratch : Scratch
        ``actions`` of step 2.
    space : Space
        Neighbours and regions; ``planned`` and ``proposers`` are work space.
    acc : Accumulator
        Streaming statistics (launches and deaths).
    records : Records
        Event rows of new projects, and the round's tally.
    t : int
        Round.
    """
    fit, ability, actions = jurisdictions.fit, elites.ability, scratch.actions
    active, tally, planned = projects.active, records.rounds[t], space.planned
    for i in range(p.n):  # imitations' expected qualities, from the state at the start
        a = actions[i]
        if a == IMITATE or (LEARN0 <= a < COOPERATE0):
            planned[i] = planned_quality(p, fit, ability, higher, projects, space, i, a)
    n_proposers = 0
    for i in range(p.n):
        a = actions[i]
        if a == ROUTINE:
            if active[i]:
                tally[R_DIED_DROPPED] += 1
                end_project(p, projects, acc, records, i, t, CAUSE_DROPPED)
        elif a != KEEP:
            if uniform(rng) >= p.bureaucratic_autonomy:
                tally[R_REJECTED] += 1
                continue
            if a >= COOPERATE0:
                space.proposers[n_proposers] = i
                n_proposers += 1
                continue
            if a == IMITATE or a >= LEARN0:
                d = higher.model_domain[0] if a == IMITATE else a - LEARN0
                expected = planned[i]
                novelty, origin, sigma = p.imitation_novelty, IMITATION, p.quality_noise / 2.0
            else:
                d = a - INNOVATE0
                expected = p.state_capacity * fit[i, d] * ability[i]
                novelty, origin, sigma = 1.0, INNOVATION, p.quality_noise
            quality = expected * lognormal_mean_one(rng, sigma)
            start_project(p, projects, acc, records, i, t, d, quality, novelty, origin, 1, 1.0,
                          -1)
            if a >= LEARN0:
                tally[R_LEARNED] += 1
    if n_proposers > 0:
        form_joint_projects(rng, p, jurisdictions, elites, projects, scratch, space, acc, records,
                            t, n_proposers)


@njit(**HELPER)
def form_joint_projects(rng, p, jurisdictions, elites, projects, scratch, space, acc, records, t,
                        n_proposers):
    """Step 3, cooperation: the approved proposers of a region and domain form joint projects.

    Groups in order of their lowest member (reference: ``form_joint_projects``):
    one quality draw per group, the mean of the members' expected qualities
    times ``1 + cooperation_gain (m - 1)``; a lone proposer launches an
    ordinary innovation.

    Parameters
    ----------
    rng : numpy.random.Generator
        One normal per group.
    p : KParams
        Parameters.
    jurisdictions, elites, projects : Jurisdictions, Elites, Projects
        Fit, ability; projects are started.
    scratch : Scratch
        ``actions`` of step 2.
    space : Space
        ``proposers[:n_proposers]`` (index order) and ``region``; the
        proposers are marked placed by setting them to -1.
    acc : Accumulator
        Streaming statistics.
    records : Records
        Events and the round's tally.
    t, n_proposers : int
        Round, and the number of approved proposals.
    """
    proposers, region, actions = space.proposers, space.region, scratch.actions
    fit, ability = jurisdictions.fit, elites.ability
    for g in range(n_proposers):
        i = proposers[g]
        if i < 0:
            continue
        d = actions[i] - COOPERATE0
        m = 0
        total = 0.0
        for h in range(g, n_proposers):
            j = proposers[h]
            if j >= 0 and actions[j] == actions[i] and region[j] == region[i]:
                m += 1
                total += p.state_capacity * fit[j, d] * ability[j]
        quality = (total / m * (1.0 + p.cooperation_gain * (m - 1))
                   * lognormal_mean_one(rng, p.quality_noise))
        if m == 1:
            proposers[g] = -1
            start_project(p, projects, acc, records, i, t, d, quality, 1.0, INNOVATION, 1, 1.0,
                          -1)
            continue
        credit, joint = float(m) ** p.credit_sharing, records.n_events[0]
        for h in range(g, n_proposers):
            j = proposers[h]
            if j >= 0 and actions[j] == actions[i] and region[j] == region[i]:
                proposers[h] = -1
                start_project(p, projects, acc, records, j, t, d, quality, 1.0, INNOVATION, m,
                              credit, joint)
        records.rounds[t, R_JOINT_LAUNCHES] += m
