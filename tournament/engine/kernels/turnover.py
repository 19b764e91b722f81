"""Steps 7 and 8, turnover and ageing (reference: ``turnover``, ``ageing``)."""

from __future__ import annotations

from numba import njit

from ..records import E_OWNER_LEFT_ROUND, R_EXITS, R_PROMOTIONS
from .draws import draw_elite, uniform
from .jit import HELPER

__all__ = ["turnover", "ageing"]


@njit(**HELPER)
def turnover(rng, p, tables, projects, elites, scratch, records, t):
    """Step 7: promotion of recognised elites, tenure limit, rotation, in one pass.

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator: a recognised elite draws one uniform
        (promotion); an elite still in office whose tenure has not reached
        ``max_tenure`` one uniform (rotation); a leaving elite is replaced at
        once (a normal, a Beta, a uniform).
    p : KParams
        Parameters.
    tables : Tables
        ``kind_cum`` for new elites.
    projects, elites : Projects, Elites
        State.
    scratch : Scratch
        Reads ``recognized``; fills ``left`` (whether the elite left).
    records : Records
        Owner-left rounds in the events record, the round's tally.
    t : int
        Round.
    """
    recognized, left, tenure = scratch.recognized, scratch.left, elites.tenure
    kind_cum = tables.kind_cum
    active, owned, tally = projects.active, projects.owned, records.rounds[t]
    for i in range(p.n):
        leaves = recognized[i] and uniform(rng) < p.promotion_prob
        if leaves:
            tally[R_PROMOTIONS] += 1
        else:
            tenure[i] += 1
            leaves = tenure[i] >= p.max_tenure or uniform(rng) < p.rotation_hazard
            if leaves:
                tally[R_EXITS] += 1
        left[i] = leaves
        if leaves:
            draw_elite(rng, p, kind_cum, elites, i)
            if active[i] and owned[i]:
                owned[i] = False
                projects.owner_left_round[i] = t
                if records.with_events:
                    records.events[projects.project[i], E_OWNER_LEFT_ROUND] = t


@njit(**HELPER)
def ageing(p, jurisdictions, projects):
    """Step 8: novelty wears off, projects age, honour fades.

    Parameters
    ----------
    p : KParams
        Parameters.
    jurisdictions, projects : Jurisdictions, Projects
        State.
    """
    active, novelty, age, honor = (projects.active, projects.novelty, projects.age,
                                   jurisdictions.honor)
    for i in range(p.n):
        if active[i]:
            novelty[i] *= 1.0 - p.novelty_decay
            age[i] += 1
        honor[i] *= 1.0 - p.honor_decay
