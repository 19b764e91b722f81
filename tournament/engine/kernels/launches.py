"""Step 3, launches, and the end of a project (reference: ``launches``, ``end_project``)."""

from __future__ import annotations

import numpy as np
from numba import njit

from ...registry import (
    ABSORBED,
    ALIVE,
    CRISIS,
    DROPPED,
    IMITATE,
    IMITATION,
    INNOVATE0,
    INNOVATION,
    KEEP,
    REPLACED,
    ROUTINE,
)
from ..records import (
    E_CAUSE,
    E_DOMAIN,
    E_END_ROUND,
    E_JURISDICTION,
    E_LAUNCH_ROUND,
    E_ORIGIN,
    E_OWNER_LEFT_ROUND,
    E_TIMES_RECOGNIZED,
    R_DIED_DROPPED,
    R_DIED_REPLACED,
    R_IMITATIONS,
    R_INNOVATIONS,
    R_REJECTED,
)
from .accumulator import on_death, on_launch
from .draws import lognormal_mean_one, uniform
from .jit import HELPER

__all__ = ["end_project", "launches", "CAUSE_DROPPED", "CAUSE_REPLACED", "CAUSE_ABSORBED",
           "CAUSE_CRISIS"]

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
def launches(rng, p, jurisdictions, projects, elites, higher, scratch, acc, records, t):
    """Step 3: drop, keep, or launch (after approval from above), jurisdiction by jurisdiction.

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator: per launch one uniform (approval) and, if
        approved, one normal (quality).
    p : KParams
        Parameters.
    jurisdictions, projects, elites, higher : Jurisdictions, Projects, Elites, HigherLevel
        State; projects are ended and started.
    scratch : Scratch
        ``actions`` of step 2.
    acc : Accumulator
        Streaming statistics (launches and deaths).
    records : Records
        Event rows of new projects, and the round's tally.
    t : int
        Round.
    """
    fit, ability, actions = jurisdictions.fit, elites.ability, scratch.actions
    active, tally = projects.active, records.rounds[t]
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
            if active[i]:
                tally[R_DIED_REPLACED] += 1
                end_project(p, projects, acc, records, i, t, CAUSE_REPLACED)
            expected = p.state_capacity
            if a == IMITATE:
                d = higher.model_domain[0]
                expected = expected * p.transferability * fit[i, d] * ability[i]
                novelty, origin, sigma = p.imitation_novelty, IMITATION, p.quality_noise / 2.0
            else:
                d = a - INNOVATE0
                expected = expected * fit[i, d] * ability[i]
                novelty, origin, sigma = 1.0, INNOVATION, p.quality_noise
            quality = expected * lognormal_mean_one(rng, sigma)
            row = records.n_events[0]
            active[i] = True
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
            if records.with_events:
                ev = records.events[row]
                ev[E_JURISDICTION], ev[E_DOMAIN], ev[E_ORIGIN] = i, d, origin
                ev[E_LAUNCH_ROUND], ev[E_END_ROUND], ev[E_CAUSE] = t, -1, ALIVE
                ev[E_OWNER_LEFT_ROUND], ev[E_TIMES_RECOGNIZED] = -1, 0
                records.quality[row] = quality
            records.n_events[0] = row + 1
            tally[R_IMITATIONS if origin == IMITATION else R_INNOVATIONS] += 1
            on_launch(acc, p, i, t, d, origin)
