"""Step 6, governance (reference: ``governance``; specification section 6)."""

from __future__ import annotations

from numba import njit

from ...registry import TURNING_POINT
from ..records import R_CRISES, R_DIED_CRISIS
from .arrays import gini
from .jit import HELPER
from .launches import CAUSE_CRISIS, end_project

__all__ = ["governance", "crisis"]


@njit(**HELPER)
def governance(p, jurisdictions, projects, higher, scratch, acc, records, order, t):
    """Step 6 with the layer on: redistribution, growth, imbalance, discontent, crisis, policy.

    Parameters
    ----------
    p : KParams
        Parameters (the layer is on: ``p.governance_on``).
    jurisdictions, projects, higher : Jurisdictions, Projects, HigherLevel
        State: capacities, discontent and α are updated.
    scratch : Scratch
        Reads ``substance``; ``weight`` is work space.
    acc : Accumulator
        Streaming statistics (deaths in a crisis).
    records : Records
        Event rows and the round's tally.
    order : numpy.ndarray
        This round's ranking, best first.
    t : int
        Round.

    Returns
    -------
    float
        The Gini coefficient of capacities after growth (the one discontent uses).
    """
    n, capacity, weight = p.n, jurisdictions.capacity, scratch.weight
    active, substance = projects.active, scratch.substance
    alpha = higher.alpha[0]
    for r0 in range(n):
        weight[order[r0]] = float(n - r0) ** alpha  # (N - rank + 1) ** alpha, rank from 1
    total_w = 0.0
    total_c = 0.0
    for i in range(n):
        total_w += weight[i]
        total_c += capacity[i]
    pool = p.transfer_share * total_c
    for i in range(n):
        capacity[i] = ((1.0 - p.transfer_share) * capacity[i]
                       + pool * weight[i] / total_w)
        if active[i]:
            capacity[i] += p.value_return * substance[i]
    g = gini(capacity)
    over = g - p.imbalance_threshold  # max(0.0, x) written out, NaN gives 0.0
    under = p.balance_threshold - g
    higher.discontent[0] = ((1.0 - p.discontent_decay) * higher.discontent[0]
                            + (over if over > 0.0 else 0.0) + (under if under > 0.0 else 0.0))
    if higher.discontent[0] > p.carrying_capacity:
        crisis(p, jurisdictions, projects, higher, acc, records, t)
    if p.policy == TURNING_POINT:
        if g > p.imbalance_threshold - p.policy_margin:
            higher.alpha[0] = p.concentration_low
        elif g < p.balance_threshold + p.policy_margin:
            higher.alpha[0] = p.concentration_high
    return g


@njit(**HELPER)
def crisis(p, jurisdictions, projects, higher, acc, records, t):
    """A crisis: capacities move halfway to their mean, every project dies, discontent resets.

    Parameters
    ----------
    p : KParams
        Parameters.
    jurisdictions, projects, higher : Jurisdictions, Projects, HigherLevel
        State.
    acc : Accumulator
        Streaming statistics (deaths).
    records : Records
        Event rows and the round's tally.
    t : int
        Round.
    """
    capacity, active, n = jurisdictions.capacity, projects.active, p.n
    records.rounds[t, R_CRISES] = 1
    total = 0.0
    for i in range(n):
        total += capacity[i]
    mean = total / n
    for i in range(n):
        capacity[i] = 0.5 * (capacity[i] + mean)
        if active[i]:
            records.rounds[t, R_DIED_CRISIS] += 1
            end_project(p, projects, acc, records, i, t, CAUSE_CRISIS)
    higher.discontent[0] = 0.0
