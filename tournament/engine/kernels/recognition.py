"""Step 5, recognition, the model and absorption (reference: ``recognition``).

The reference sorts all jurisdictions by score; the kernel finds the k-th
highest score in O(N) (quickselect) and recognises by a scan, ties to the
lower index, which selects the same k. It sorts fully only when the
governance layer or the panel record needs every rank.
"""

from __future__ import annotations

from numba import njit

from ..records import E_TIMES_RECOGNIZED, R_DIED_ABSORBED
from .arrays import ZERO, argsort_stable, ints, kth_largest
from .jit import HELPER
from .launches import CAUSE_ABSORBED, end_project

__all__ = ["recognition", "absorption"]


@njit(**HELPER)
def recognition(p, jurisdictions, projects, higher, scratch, acc, records, t):
    """Step 5: recognise the top k, update the model, absorb saturated domains.

    Parameters
    ----------
    p : KParams
        Parameters.
    jurisdictions, projects, higher : Jurisdictions, Projects, HigherLevel
        State: honour, recognition counts, θ and the model are updated.
    scratch : Scratch
        Reads ``score``; fills ``recognized`` (``work`` is work space).
    acc : Accumulator
        Streaming statistics (deaths by absorption).
    records : Records
        Recognitions of projects in the events record, the round's tally.
    t : int
        Round.

    Returns
    -------
    tuple
        ``(top, order)``: the top-ranked jurisdiction, and the ranking
        (jurisdictions best first, ties to the lower index) when the
        governance layer or the panel needs it, else an empty array.
    """
    score, recognized, k = scratch.score, scratch.recognized, p.k
    active, domain, honor = projects.active, projects.domain, jurisdictions.honor
    threshold = kth_largest(score, k, scratch.work)
    higher.threshold[0] = threshold
    above = 0
    for i in range(p.n):
        if score[i] > threshold:
            above += 1
    ties_left = k - above
    top = 0
    for i in range(p.n):
        recognized[i] = False
        if score[i] > threshold:
            recognized[i] = True
        elif score[i] == threshold and ties_left > 0:
            recognized[i] = True
            ties_left -= 1
        if score[i] > score[top]:
            top = i
    for i in range(p.n):
        if recognized[i]:
            honor[i] += 1.0
            if active[i]:
                higher.recognitions[domain[i]] += 1
                if records.with_events:
                    records.events[projects.project[i], E_TIMES_RECOGNIZED] += 1
    if active[top]:
        higher.model_domain[0] = domain[top]
        higher.model_owner[0] = top
    if p.absorption_threshold > 0:
        absorption(p, projects, higher, acc, records, t)
    order = ints(ZERO, ZERO)
    if p.governance_on or records.with_panel:
        work = scratch.work
        for i in range(p.n):
            work[i] = -score[i]
        order = argsort_stable(work)
    return top, order


@njit(**HELPER)
def absorption(p, projects, higher, acc, records, t):
    """Absorb every domain, in increasing order, whose recognitions reached the threshold.

    Parameters
    ----------
    p : KParams
        Parameters.
    projects, higher : Projects, HigherLevel
        State: the domain's clock is set, its projects die, the model is cleared.
    acc : Accumulator
        Streaming statistics (deaths).
    records : Records
        Event rows and the round's tally.
    t : int
        Round.
    """
    active, domain, recognitions = projects.active, projects.domain, higher.recognitions
    for d in range(p.n_domains):
        if recognitions[d] >= p.absorption_threshold:
            higher.absorbed[d] = p.absorption_rounds
            recognitions[d] = 0
            for i in range(p.n):
                if active[i] and domain[i] == d:
                    records.rounds[t, R_DIED_ABSORBED] += 1
                    end_project(p, projects, acc, records, i, t, CAUSE_ABSORBED)
            if higher.model_domain[0] == d:
                higher.model_domain[0] = -1
                higher.model_owner[0] = -1
