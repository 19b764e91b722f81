"""The rules of the summary statistics, each written once (docs/specification.md section 7).

The compiled engine computes some statistics while a replicate runs
(streaming); the reference path and :mod:`tournament.analysis` compute the
same statistics from a run's tables afterwards. Both call the functions of
this module, so a rule cannot drift between them:

* :func:`km_median_counts` — the Kaplan–Meier median lifetime from histograms
  of deaths and censorings by duration;
* :func:`hazard_ratio` — the turnover death ratio from exposed and other
  project-rounds at risk and deaths;
* :func:`spell_watched` and :func:`follower_step` — when an ended leadership
  spell is watched, and one watched round of its ex-leader
  (``leader_to_follower_share``).

The functions are numba-compiled (``@njit(cache=True)``): the kernels call
them as compiled code, Python calls them on scalars and arrays like plain
functions. Nothing compiles on import; each compiles (or loads from numba's
cache) on its first call. Their arithmetic is the kernels' operation for
operation, so results stay bit-identical to the golden fixture.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["WINDOW", "RUN", "km_median_counts", "hazard_ratio", "spell_watched",
           "follower_step"]

WINDOW = 10
"""Rounds watched after a death (restart shares) or after a spell ends (leader to follower)."""
RUN = 3
"""Consecutive bottom-half rounds that make an ex-leader a follower."""


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
    imitated = False
    if launched and not seen:
        seen = True
        if imitation:
            imitated = True
    if 2 * rank > n + 1:
        streak += 1
    else:
        streak = 0
    return seen, streak, imitated, streak >= run
