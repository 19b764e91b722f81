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

The round loop of :func:`~tournament.engine.kernels.replicate.run_replicate`
calls :func:`at_risk` after the decisions, :func:`end_round` after the round's
records, and :func:`finish` after the last round; the steps that launch and
end projects call :func:`on_launch` and :func:`on_death`.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numba.experimental import structref

from ...registry import DROPPED, IMITATION, REPLACED
from ..records import (
    R_TOP,
    S_LEADER_TO_FOLLOWER_SHARE,
    S_LIFETIME_MEAN,
    S_LIFETIME_MEDIAN,
    S_PROJECTS,
    S_RECOGNITION_GINI,
    S_RESTART_NEW_DOMAIN_SHARE,
    S_RESTART_SHARE,
    S_TURNOVER_DEATH_RATIO,
)
from ..rules import RUN, WINDOW, follower_step, hazard_ratio, km_median_counts, spell_watched
from .arrays import NONE, ONE, ZERO, flags, floats, gini, ints
from .jit import HELPER
from .state import B1, F1, I1, Container, new

__all__ = ["Accumulator", "ACCUMULATOR", "new_accumulator", "exposed", "at_risk", "on_launch",
           "on_death", "end_round", "finish"]

# counters of Accumulator.tally
(A_DEAD_TOTAL, A_DEAD_COUNT, A_EXPOSED_DEATHS, A_OTHER_DEATHS, A_EXPOSED_AT_RISK,
 A_OTHER_AT_RISK, A_DEATHS_IN_WINDOW, A_RESTARTS, A_NEW_DOMAIN, A_SPELLS, A_FOLLOWERS,
 A_PROJECTS) = range(12)
N_TALLY = np.int64(12)
# typed, as Python passes them: a literal would make numba compile the rules once more
RUN_, WINDOW_ = np.int64(RUN), np.int64(WINDOW)


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
    """


ACCUMULATOR = Accumulator([
    ("tally", I1), ("dead_hist", I1), ("cens_hist", I1), ("pending_round", I1),
    ("pending_domain", I1), ("last_launch", I1), ("last_origin", I1), ("spell_leader", I1),
    ("spell_seen", B1), ("spell_follows", B1), ("spell_streak", I1), ("recognitions", F1)])


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
    for i in range(p.n):
        if active[i]:
            if exposed(t, owner_left_round[i]):
                tally[A_EXPOSED_AT_RISK] += 1
            else:
                tally[A_OTHER_AT_RISK] += 1


@njit(**HELPER)
def on_launch(acc, p, i, t, d, origin):
    """Record a launch by jurisdiction ``i`` in round ``t``: projects, restarts, last launch.

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
            else:
                tally[A_OTHER_DEATHS] += 1
    if p.burn_in <= t <= p.n_rounds - 1 - WINDOW:
        acc.pending_round[i] = t
        acc.pending_domain[i] = d
        tally[A_DEATHS_IN_WINDOW] += 1
    else:
        acc.pending_round[i] = -1


@njit(**HELPER)
def end_round(acc, p, scratch, records, t, top):
    """Close round ``t``: recognitions, and the leader-to-follower windows.

    Parameters
    ----------
    acc : Accumulator
        Streaming statistics.
    p : KParams
        Parameters.
    scratch : Scratch
        The round's ``score`` and ``recognized``.
    records : Records
        The round records (the previous round's top jurisdiction).
    t, top : int
        Round, and its top-ranked jurisdiction.
    """
    n, score, recognized = p.n, scratch.score, scratch.recognized
    if t >= p.burn_in:
        for i in range(n):
            if recognized[i]:
                acc.recognitions[i] += 1.0
    leader, seen, follows, streak = (acc.spell_leader, acc.spell_seen, acc.spell_follows,
                                     acc.spell_streak)
    for te in range(t - WINDOW if t > WINDOW else 0, t):
        j = leader[te]
        if j < 0:
            continue
        rank = ONE
        for i in range(n):
            if score[i] > score[j] or (score[i] == score[j] and i < j):
                rank += 1
        seen[te], streak[te], imitated, fell = follower_step(
            acc.last_launch[j] == t, acc.last_origin[j] == IMITATION, rank, n, RUN_, seen[te],
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


@njit(**HELPER)
def finish(acc, p, projects, pstats):
    """Censor the projects alive at the end and write the project statistics.

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
    tally = acc.tally
    for i in range(p.n):
        if projects.active[i] and projects.launch_round[i] >= p.burn_in:
            acc.cens_hist[p.n_rounds - projects.launch_round[i]] += 1
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
    pstats[S_PROJECTS] = float(tally[A_PROJECTS])
