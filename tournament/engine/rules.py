"""The rules of the summary statistics, each written once (docs/specification.md section 7).

The compiled engine computes some statistics while a replicate runs
(streaming); the reference path and :mod:`tournament.analysis` compute the
same statistics from a run's tables afterwards. Both call the functions of
this module, so a rule cannot drift between them:

* :func:`km_median_counts` — the Kaplan–Meier median lifetime from histograms
  of deaths and censorings by duration;
* :func:`hazard_ratio` — the turnover death ratio from exposed and other
  project-rounds at risk and deaths;
* :func:`spell_watched` and :func:`follower_step` (with
  :func:`follower_update`, the same rule given "in the bottom half" rather
  than a rank) — when an ended leadership spell is watched, and one watched
  round of its ex-leader (``leader_to_follower_share``,
  ``leader_placebo_difference``);
* :func:`km_survival_counts` — Kaplan–Meier survival at an age from the same
  histograms (``survival_5``);
* :func:`mh_ratio` — the Mantel–Haenszel hazard ratio over project ages
  (``turnover_hazard_mh``);
* :func:`window_change`, :func:`mean_difference`, :func:`share_difference` —
  the before/after change of one designation, the bandwagon
  difference-in-differences of a replicate (``bandwagon_did``) and the
  leader-minus-placebo follower share (``leader_placebo_difference``).

The functions are numba-compiled (``@njit(cache=True)``): the kernels call
them as compiled code, Python calls them on scalars and arrays like plain
functions. Nothing compiles on import; each compiles (or loads from numba's
cache) on its first call. Their arithmetic is the kernels' operation for
operation, so results stay bit-identical to the golden fixture.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["WINDOW", "RUN", "SURVIVAL_AGE", "BEFORE", "AFTER", "km_median_counts",
           "km_survival_counts", "hazard_ratio", "mh_ratio", "spell_watched", "follower_step",
           "follower_update", "window_change", "mean_difference", "share_difference"]

WINDOW = 10
"""Rounds watched after a death (restart shares) or after a spell ends (leader to follower)."""
RUN = 3
"""Consecutive bottom-half rounds that make an ex-leader a follower."""
SURVIVAL_AGE = 5
"""Age, in rounds, at which ``survival_5`` reads the Kaplan–Meier curve (one term)."""
BEFORE = 5
"""Rounds ``t - BEFORE + 1 … t`` before (and including) a designation in round ``t`` (bandwagon)."""
AFTER = 5
"""Rounds ``t + 1 … t + AFTER`` after a designation in round ``t`` (bandwagon)."""


@njit(cache=True)
def km_median_counts(dead, cens):
    """Kaplan–Meier median from deaths and censorings per whole-round duration.

    ``dead[t]`` and ``cens[t]`` count the projects that died, or were
    censored, at duration ``t``; deaths come first at a tie. Returns the
    first duration at which the survival estimate is <= 0.5, ``inf`` if it
    never gets there, ``nan`` without projects.
    """
    at_risk = 0
    for t in range(len(dead)):
        at_risk += dead[t] + cens[t]
    if at_risk == 0:
        return np.nan
    surv = 1.0
    for t in range(len(dead)):
        if dead[t] > 0:
            surv = surv * (1.0 - dead[t] / at_risk)
            if surv <= 0.5:
                return float(t)
        at_risk -= dead[t] + cens[t]
    return np.inf


@njit(cache=True)
def km_survival_counts(dead, cens, age):
    """Kaplan–Meier survival ``S(age) = P(lifetime > age)`` from histograms of durations.

    ``dead`` and ``cens`` are the histograms of :func:`km_median_counts`.

    ``S(age) = prod_{t <= age} (1 - dead[t] / n_t)`` with ``n_t`` the
    durations ``>= t`` (deaths before censorings at a tie). Returns ``nan``
    without durations, and ``nan`` when nobody is left at risk at some
    ``t <= age`` while the curve is still above 0 (undefined beyond the last
    observation); 0 once the curve has reached 0. The operations are those
    of :func:`tournament.analysis.km_survival_at`, which it equals bit for bit.
    """
    at_risk = 0
    for t in range(len(dead)):
        at_risk += dead[t] + cens[t]
    if at_risk == 0:
        return np.nan
    surv = 1.0
    for t in range(age + 1):
        if at_risk == 0:
            return 0.0 if surv == 0.0 else np.nan
        if t < len(dead):  # beyond the histograms nobody is at risk (returned above)
            surv = surv * (1.0 - dead[t] / at_risk)
            at_risk -= dead[t] + cens[t]
    return surv


@njit(cache=True)
def hazard_ratio(exp_dead, exp_risk, oth_dead, oth_risk):
    """Hazard of exposed project-rounds ÷ hazard of the others.

    ``nan`` when either side has no project-rounds at risk or both hazards
    are 0; ``inf`` when only the other hazard is 0.
    """
    if exp_risk == 0 or oth_risk == 0:
        return np.nan
    if oth_dead == 0:
        return np.inf if exp_dead > 0 else np.nan
    return (exp_dead / exp_risk) / (oth_dead / oth_risk)


@njit(cache=True)
def mh_ratio(exp_risk, exp_dead, unexp_risk, unexp_dead):
    """Mantel–Haenszel hazard ratio over strata (project ages), summed left to right.

    Stratum ``s`` holds ``exp_dead[s]`` deaths in ``exp_risk[s]`` exposed
    project-rounds and ``unexp_dead[s]`` in ``unexp_risk[s]`` unexposed
    ones; only strata with both classes count. With ``N = n1 + n0``::

        HR = sum_s a_s n0_s / N_s  ÷  sum_s b_s n1_s / N_s

    ``inf`` when only the denominator is 0, ``nan`` when both are (as
    :func:`tournament.analysis.turnover_hazard_mh`, whose ``numpy.sum`` may
    add the same terms in another order: equal to the last bits).
    """
    num = 0.0
    den = 0.0
    for s in range(len(exp_risk)):
        n1, n0 = exp_risk[s], unexp_risk[s]
        if n1 > 0 and n0 > 0:
            big = float(n1 + n0)
            num += float(exp_dead[s]) * float(n0) / big
            den += float(unexp_dead[s]) * float(n1) / big
    if den > 0.0:
        return num / den
    return np.inf if num > 0.0 else np.nan


@njit(cache=True)
def spell_watched(t, burn_in, n_rounds, window):
    """Whether a spell that ends in round ``t`` (``top[t] != top[t - 1]``) counts.

    It counts when ``burn_in < t <= n_rounds - 1 - window``: after burn-in,
    with the whole window ``t + 1 … t + window`` inside the run.
    """
    return burn_in + 1 <= t <= n_rounds - 1 - window


@njit(cache=True)
def follower_step(launched, imitation, rank, n, run, seen, streak):
    """One watched round ``s`` (``t < s <= t + window``) of an ex-leader ``j``.

    Parameters
    ----------
    launched : bool
        ``j`` launched a project in round ``s``.
    imitation : bool
        That launch is an imitation.
    rank : int
        ``j``'s rank in round ``s`` (1 = best) among ``n`` jurisdictions.
    n, run : int
        ``N``, and the bottom-half streak that counts as falling behind.
    seen, streak : bool, int
        The state before round ``s``: a launch was already seen in the
        window; the current run of bottom-half rounds (``2 rank > N + 1``).

    Returns
    -------
    tuple
        ``(seen, streak, imitated, fell)``: the new state; ``imitated`` when
        round ``s`` holds the window's first launch and it is an imitation;
        ``fell`` when the streak has reached ``run``. The ex-leader becomes a
        follower when either happens in some round of the window.
    """
    return follower_update(launched, imitation, 2 * rank > n + 1, run, seen, streak)


@njit(cache=True)
def follower_update(launched, imitation, bottom, run, seen, streak):
    """:func:`follower_step` given whether the rank is in the bottom half (``2 rank > N + 1``).

    The streaming statistics test the bottom half against the round's median
    score rather than computing every watched jurisdiction's rank.
    """
    imitated = False
    if launched and not seen:
        seen = True
        if imitation:
            imitated = True
    if bottom:
        streak += 1
    else:
        streak = 0
    return seen, streak, imitated, streak >= run


@njit(cache=True)
def window_change(before_sum, after_sum, before, after):
    """Mean launches per round after a designation minus the mean before it.

    ``after_sum / after - before_sum / before``: the treated (or placebo)
    change of one designation (``tournament.analysis.designations``).
    """
    return after_sum / after - before_sum / before


@njit(cache=True)
def mean_difference(sum_treated, sum_placebo, used):
    """Mean treated change minus mean placebo change over ``used`` designations (``nan``: none)."""
    if used == 0:
        return np.nan
    return sum_treated / used - sum_placebo / used


@njit(cache=True)
def share_difference(hits_a, count_a, hits_b, count_b):
    """``hits_a / count_a - hits_b / count_b``; ``nan`` when either count is 0."""
    if count_a == 0 or count_b == 0:
        return np.nan
    return hits_a / count_a - hits_b / count_b
