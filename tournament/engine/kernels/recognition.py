"""Step 5, recognition, the model and absorption (reference: ``recognition``).

The reference sorts all jurisdictions by score; the kernel finds the k-th
highest score in O(N) (quickselect) and recognises by a scan, ties to the
lower index, which selects the same k. It sorts fully only when the
governance layer or the panel record needs every rank.
"""

from __future__ import annotations

from numba import njit

from ..records import E_FIRST_RECOGNIZED, E_TIMES_RECOGNIZED, R_DIED_ABSORBED
from .arrays import ZERO, argsort_stable, floats, ints, kth_largest
from .jit import HELPER
from .launches import CAUSE_ABSORBED, end_project

__all__ = ["recognition", "outranks", "designate_model", "absorption"]


@njit(**HELPER)
def recognition(p, jurisdictions, projects, higher, scratch, acc, records, t):
    """Step 5: recognise the top k, reputations and the model, absorb saturated domains.

    Parameters
    ----------
    p : KParams
        Parameters.
    jurisdictions, projects, higher : Jurisdictions, Projects, HigherLevel
        State: honour, recognition counts, θ, reputations and the model are updated.
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
    points = scratch.points
    members = ints(k, ZERO)  # the recognised, in index order, then ranked by score
    keys = floats(k)
    m = 0
    for i in range(p.n):
        points[i] = 0.0
        if recognized[i]:
            honor[i] += 1.0
            members[m] = i
            keys[m] = -score[i]
            m += 1
            if active[i]:
                higher.recognitions[domain[i]] += 1
                if records.with_events:
                    records.events[projects.project[i], E_TIMES_RECOGNIZED] += 1
                    if not projects.seen[i]:
                        records.events[projects.project[i], E_FIRST_RECOGNIZED] = t
                projects.seen[i] = True
    ranked = argsort_stable(keys)  # ties stay in index order, as in the full ranking
    for r0 in range(k):
        points[members[ranked[r0]]] = float(k - r0)  # k - rank + 1, rank counted from 1
    reputation = projects.reputation
    for i in range(p.n):
        if active[i]:
            reputation[i] = p.model_memory * reputation[i] + points[i]
    designate_model(p, projects, higher, score)
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
def outranks(projects, model_project, score, i, j):
    """Whether project ``i`` beats ``j`` for the model (reference: ``outranks``).

    Parameters
    ----------
    projects : Projects
        Reputations and project rows.
    model_project : int
        The current model's project row (-1 for none).
    score : numpy.ndarray
        This round's scores.
    i, j : int
        Jurisdictions with active projects.

    Returns
    -------
    bool
        Higher reputation; at a tie the current model; then the better rank this round.
    """
    reputation, project = projects.reputation, projects.project
    if reputation[i] != reputation[j]:
        return reputation[i] > reputation[j]
    incumbent_i = project[i] == model_project
    if incumbent_i != (project[j] == model_project):
        return incumbent_i
    return score[i] > score[j] or (score[i] == score[j] and i < j)


@njit(**HELPER)
def designate_model(p, projects, higher, score):
    """The model: the active project with the highest positive reputation.

    Without a positive reputation anywhere the model stays while its project
    lives, else there is none (reference: ``designate_model``).

    Parameters
    ----------
    p : KParams
        Parameters.
    projects : Projects
        Reputations after this round's points.
    higher : HigherLevel
        ``model_domain``, ``model_owner`` and ``model_project`` are set.
    score : numpy.ndarray
        This round's scores.
    """
    active, reputation = projects.active, projects.reputation
    model_project = higher.model_project[0]
    best = -1
    for i in range(p.n):
        if active[i] and reputation[i] > 0.0:
            if best < 0 or outranks(projects, model_project, score, i, best):
                best = i
    if best >= 0:
        higher.model_domain[0] = projects.domain[best]
        higher.model_owner[0] = best
        higher.model_project[0] = projects.project[best]
    else:
        owner = higher.model_owner[0]
        if not (owner >= 0 and projects.project[owner] == model_project):
            higher.model_domain[0] = -1
            higher.model_owner[0] = -1
            higher.model_project[0] = -1


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
            # closed for exactly absorption_rounds decision steps: step 1 counts down first
            higher.absorbed[d] = p.absorption_rounds + 1
            recognitions[d] = 0
            for i in range(p.n):
                if active[i] and domain[i] == d:
                    records.rounds[t, R_DIED_ABSORBED] += 1
                    end_project(p, projects, acc, records, i, t, CAUSE_ABSORBED)
            if higher.model_domain[0] == d:
                higher.model_domain[0] = -1
                higher.model_owner[0] = -1
                higher.model_project[0] = -1
