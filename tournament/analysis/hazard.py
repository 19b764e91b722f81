"""Death hazard around elite turnover, and how long elites stay in office.

A project is at risk of a death *by choice* (``dropped`` or ``replaced``) at
the decision step of every round ``s`` from ``launch + 1`` to
``min(end, T - 1)``, counted from ``burn_in`` on — the exposure of
:func:`tournament.analysis.turnover_death_ratio`. Each such project-round is
classed by the rounds since the launching elite left: ``k = s - left`` when
the elite left in round ``left < s`` (the turnover step comes after the
decision step, so the first round a successor decides is ``left + 1``, k = 1),
and ``k = 0`` while the launching elite is still in office.
:func:`turnover_hazard` tabulates deaths and project-rounds by ``k``;
``turnover_death_ratio`` is the hazard at ``k`` in {1, 2} over the hazard of
every other class.

Elite tenure (for fact 1 of docs/specification.md section 8) is measured from the rounds
table: over the rounds after burn-in, ``N`` elites serve ``N (T - b)``
elite-rounds and ``promotions + exits`` of them leave, so in a steady state
the mean completed tenure is ``N (T - b) / (promotions + exits)``
(renewal-reward; ``inf`` when nobody leaves). :func:`elite_tenures` measures
completed tenures directly from the panel as a check.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._errors import ParameterError
from ..engine import rules
from ..registry import DROPPED, REPLACED
from .statistics import at_risk_rounds, coded_events

__all__ = ["turnover_hazard", "hazard_ratio", "elite_tenure_mean", "elite_tenures",
           "wilson_interval"]


def wilson_interval(successes: np.ndarray, trials: np.ndarray,
                    z: float = 1.959963984540054) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of binomial proportions (``nan`` where ``trials`` is 0)."""
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        denom = 1.0 + z * z / n
        centre = (p + z * z / (2.0 * n)) / denom
        half = z * np.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denom
    return centre - half, centre + half


def turnover_hazard(events: pd.DataFrame, n_rounds: int, burn_in: int,
                    max_lag: int = 6) -> pd.DataFrame:
    """Hazard of death by choice by rounds since the launching elite left.

    Parameters
    ----------
    events : pandas.DataFrame
        The events table (all replicates in it are pooled).
    n_rounds, burn_in : int
        Rounds ``T`` and burn-in of the run.
    max_lag : int
        Classes ``k = 1 … max_lag`` are kept apart; later rounds are pooled
        into ``k = max_lag + 1`` (label ``"max_lag+1 or more"``).

    Returns
    -------
    pandas.DataFrame
        One row per class ``since_left`` = 0 (elite in office), 1, …,
        ``max_lag + 1``: ``label``, ``at_risk`` (project-rounds), ``deaths``,
        ``hazard`` (deaths / at_risk, ``nan`` without exposure) and its
        Wilson 95 % interval ``ci_low``, ``ci_high``.
    """
    if max_lag < 2:
        raise ParameterError(f"max_lag = {max_lag!r} is out of range: must be an integer >= 2")
    risk = np.zeros(max_lag + 2, np.int64)
    dead = np.zeros(max_lag + 2, np.int64)
    for row in coded_events(events).itertuples(index=False):
        first, last = at_risk_rounds(row, n_rounds, burn_in)
        if last < first:
            continue
        rounds = np.arange(first, last + 1)
        left = row.owner_left_round
        k = np.where((left >= 0) & (rounds > left), np.minimum(rounds - left, max_lag + 1), 0)
        risk += np.bincount(k, minlength=max_lag + 2)
        if not row.censored and row.cause_code in (DROPPED, REPLACED):
            end_round = row.end_round
            dead[0 if left < 0 or end_round <= left else min(end_round - left, max_lag + 1)] += 1
    with np.errstate(divide="ignore", invalid="ignore"):
        hazard = dead / risk
    low, high = wilson_interval(dead, risk)
    labels = ["in office"] + [str(k) for k in range(1, max_lag + 1)] + [f"{max_lag + 1} or more"]
    return pd.DataFrame({"since_left": np.arange(max_lag + 2), "label": labels,
                         "at_risk": risk, "deaths": dead, "hazard": hazard,
                         "ci_low": low, "ci_high": high})


def hazard_ratio(table: pd.DataFrame, exposed: tuple[int, ...] = (1, 2)) -> float:
    """Hazard in the ``exposed`` classes of a :func:`turnover_hazard` table ÷ hazard elsewhere.

    With the default ``exposed = (1, 2)`` this is ``turnover_death_ratio``:
    ``nan`` when a side has no exposure or both hazards are 0, ``inf`` when
    only the other hazard is 0.
    """
    mask = table["since_left"].isin(exposed).to_numpy()
    exp_risk, oth_risk = int(table["at_risk"][mask].sum()), int(table["at_risk"][~mask].sum())
    exp_dead, oth_dead = int(table["deaths"][mask].sum()), int(table["deaths"][~mask].sum())
    return float(rules.hazard_ratio(exp_dead, exp_risk, oth_dead, oth_risk))


def elite_tenure_mean(rounds: pd.DataFrame, n_jurisdictions: int, burn_in: int) -> pd.Series:
    """Mean elite tenure per replicate, ``N (T - b) / (promotions + exits)`` after burn-in.

    Returns
    -------
    pandas.Series
        Indexed by replicate; ``inf`` where no elite left after burn-in.
    """
    if n_jurisdictions < 1:
        raise ParameterError(f"n_jurisdictions = {n_jurisdictions!r} must be >= 1")
    late = rounds[rounds["round"] >= burn_in]
    grouped = late.groupby("replicate", sort=True)
    served = grouped.size().astype(float) * n_jurisdictions
    left = (grouped["promotions"].sum() + grouped["exits"].sum()).astype(float)
    with np.errstate(divide="ignore"):
        out = np.where(left > 0, served / left.where(left > 0, 1.0), math.inf)
    return pd.Series(out, index=served.index, name="elite_tenure_mean")


def elite_tenures(panel: pd.DataFrame, burn_in: int) -> pd.DataFrame:
    """Tenures of the elites seated at or after ``burn_in``, measured in the panel.

    An elite seated at the turnover step of round ``t0`` (``elite_changed``)
    decides from round ``t0 + 1``; if it leaves in round ``t1`` its tenure is
    ``t1 - t0`` rounds. Elites still in office at the end are censored at
    ``T - 1 - t0``.

    Returns
    -------
    pandas.DataFrame
        ``replicate``, ``jurisdiction``, ``seated`` (t0), ``tenure``,
        ``censored``.
    """
    rows = []
    last_round = int(panel["round"].max()) if len(panel) else -1
    changed = panel[panel["elite_changed"]]
    for (rep, j), group in changed.groupby(["replicate", "jurisdiction"], sort=True):
        seats = group["round"].to_numpy()
        for pos, t0 in enumerate(seats):
            if t0 < burn_in:
                continue
            done = pos + 1 < len(seats)
            t1 = seats[pos + 1] if done else last_round
            if t1 > t0 or done:
                rows.append((rep, j, int(t0), int(t1 - t0), not done))
    return pd.DataFrame(rows, columns=["replicate", "jurisdiction", "seated", "tenure",
                                       "censored"])
