"""One replicate: the round loop (reference: ``run_replicate`` and ``play_round``) and its records.

:func:`run_replicate` is the one kernel called from Python. It releases the
GIL (``nogil=True``): the driver (:mod:`tournament.engine.driver`) runs
replicates in parallel on a thread pool, each with its own generator, writing
only its own rows.
"""

from __future__ import annotations

from numba import njit

from ..records import (
    F_ALPHA,
    F_CAPACITY,
    F_DISCONTENT,
    F_GINI,
    F_THRESHOLD,
    N_ROUND_INT,
    P_ACTION,
    P_DOMAIN,
    P_ELITE_CHANGED,
    P_RANK,
    P_RECOGNIZED,
    R_ACTIVE,
    R_MODEL_DOMAIN,
    R_MODEL_OWNER,
    R_TOP,
)
from .accumulator import at_risk, end_round, finish, new_accumulator
from .arrays import ONE, ZERO, gini, ints
from .decisions import decisions
from .environment import environment
from .governance import governance
from .jit import HELPER
from .launches import launches
from .recognition import recognition
from .scores import scores
from .state import RECORDS, TABLES, initial_state, new, new_scratch, new_space
from .turnover import ageing, turnover

__all__ = ["run_replicate", "record_round", "record_panel"]


@njit(cache=True, nogil=True, no_cfunc_wrapper=True)
def run_replicate(rng, p, build, decay, kind_cum, ptr, nbr, rint, rfloat, pstats, with_events,
                  ev_int, ev_q, with_panel, pan_score, pan_int):
    """Run one replicate; fill its round rows, project statistics and optional records.

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator, its only source of randomness.
    p : KParams
        Parameters.
    build, decay, kind_cum : numpy.ndarray
        Lookup tables of :mod:`tournament.engine.tables`.
    ptr, nbr : numpy.ndarray
        The replicate's neighbour graph in CSR form (:mod:`tournament.graph`);
        empty for ``complete``.
    rint, rfloat : numpy.ndarray
        Round records, (T, N_ROUND_INT) and (T, N_ROUND_FLOAT), filled.
    pstats : numpy.ndarray
        Project statistics (N_PROJECT_STATS), filled.
    with_events : bool
        Whether to write the events record.
    ev_int, ev_q : numpy.ndarray
        Events record, (N T, N_EVENT_INT) integers and (N T,) quality; one row
        per project launched, when ``with_events``.
    with_panel : bool
        Whether to write the panel record.
    pan_score, pan_int : numpy.ndarray
        Panel record, (T, N) scores and (T, N, N_PANEL_INT) integers, when
        ``with_panel``.

    Returns
    -------
    int
        The number of projects launched (rows written to ``ev_int``).
    """
    tables = new(TABLES)
    tables.build, tables.decay, tables.kind_cum = build, decay, kind_cum
    records = new(RECORDS)
    records.rounds, records.round_floats = rint, rfloat
    records.events, records.quality, records.with_events = ev_int, ev_q, with_events
    records.panel_scores, records.panel, records.with_panel = pan_score, pan_int, with_panel
    records.n_events = ints(ONE, ZERO)
    jurisdictions, projects, elites, higher = initial_state(rng, p, tables)
    scratch = new_scratch(p)
    space = new_space(p, ptr, nbr)
    acc = new_accumulator(p)
    fixed_gini = gini(jurisdictions.capacity)  # capacity never changes with the layer off
    for t in range(p.n_rounds):
        for f in range(N_ROUND_INT):  # the round's tally starts from zero
            rint[t, f] = 0
        environment(rng, p, jurisdictions, higher)
        decisions(rng, p, tables, jurisdictions, projects, elites, higher, scratch, space)
        at_risk(acc, p, projects, t)
        launches(rng, p, jurisdictions, projects, elites, higher, scratch, space, acc, records, t)
        scores(rng, p, tables, jurisdictions, projects, elites, higher, scratch, space)
        top, order = recognition(p, jurisdictions, projects, higher, scratch, acc, records, t)
        alpha = higher.alpha[0]
        g = fixed_gini
        if p.governance_on:
            g = governance(p, jurisdictions, projects, higher, scratch, acc, records, order, t)
        turnover(rng, p, tables, projects, elites, scratch, records, t)
        ageing(p, jurisdictions, projects)
        record_round(p, jurisdictions, projects, higher, records, t, top, g, alpha)
        if with_panel:
            record_panel(p, projects, scratch, records, order, t)
        end_round(acc, p, projects, scratch, records, t, top)
    finish(acc, p, projects, pstats)
    return records.n_events[0]


@njit(**HELPER)
def record_round(p, jurisdictions, projects, higher, records, t, top, g, alpha):
    """Complete round ``t``'s record (the step counts are already in its tally).

    Parameters
    ----------
    p : KParams
        Parameters.
    jurisdictions, projects, higher : Jurisdictions, Projects, HigherLevel
        State at the end of the round.
    records : Records
        Round records.
    t, top : int
        Round, and its top-ranked jurisdiction.
    g, alpha : float
        The round's Gini coefficient of capacities, and the α in force during it.
    """
    n_active = 0
    capacity_total = 0.0
    for i in range(p.n):
        if projects.active[i]:
            n_active += 1
        capacity_total += jurisdictions.capacity[i]
    row = records.rounds[t]
    row[R_ACTIVE] = n_active
    row[R_MODEL_DOMAIN] = higher.model_domain[0]
    row[R_MODEL_OWNER] = higher.model_owner[0]
    row[R_TOP] = top
    floats = records.round_floats[t]
    floats[F_THRESHOLD] = higher.threshold[0]
    floats[F_GINI] = g
    floats[F_DISCONTENT] = higher.discontent[0]
    floats[F_ALPHA] = alpha
    floats[F_CAPACITY] = capacity_total


@njit(**HELPER)
def record_panel(p, projects, scratch, records, order, t):
    """Write round ``t`` of the panel record: score, rank, action, domain, recognised, left.

    Parameters
    ----------
    p : KParams
        Parameters.
    projects : Projects
        Projects at the end of the round.
    scratch : Scratch
        The round's ``score``, ``actions``, ``recognized`` and ``left``.
    records : Records
        Panel records.
    order : numpy.ndarray
        The round's ranking, best first.
    t : int
        Round.
    """
    panel, active, domain = records.panel[t], projects.active, projects.domain
    for r0 in range(p.n):
        panel[order[r0], P_RANK] = r0 + 1
    for i in range(p.n):
        records.panel_scores[t, i] = scratch.score[i]
        panel[i, P_ACTION] = scratch.actions[i]
        panel[i, P_DOMAIN] = domain[i] if active[i] else -1
        panel[i, P_RECOGNIZED] = 1 if scratch.recognized[i] else 0
        panel[i, P_ELITE_CHANGED] = 1 if scratch.left[i] else 0
