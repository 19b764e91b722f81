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

Version 2 (fact 2) matches on age: :func:`turnover_age_table` counts, per
project age ``a = s - launch``, the exposed project-rounds (``k`` in {1, 2})
and the unexposed ones (``k = 0``, the launching elite still in office; the
rounds ``k >= 3`` belong to neither), and :func:`turnover_hazard_mh` pools
the ages into a Mantel–Haenszel hazard ratio.

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
from ._validate import check_frame, check_int, check_level
from .inference import t_ppf
from .statistics import at_risk_rounds, coded_events

__all__ = ["turnover_hazard", "hazard_ratio", "elite_tenure_mean", "elite_tenures",
           "wilson_interval", "turnover_age_table", "turnover_hazard_mh"]


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


# ----------------------------------------------------------------------------- version 2
_AGE_COLUMNS = ["replicate", "age", "exposed_rounds", "exposed_deaths", "unexposed_rounds",
                "unexposed_deaths"]


def turnover_age_table(events: pd.DataFrame, n_rounds: int, burn_in: int,
                       exposed: tuple[int, ...] = (1, 2)) -> pd.DataFrame:
    """Exposed and unexposed project-rounds and deaths by choice, per replicate and project age.

    A project (launched in round ``L``) is at risk of a death by choice at
    the decision step of every round ``s`` from ``max(L + 1, burn_in)`` to
    ``min(end, T - 1)`` (:func:`tournament.analysis.at_risk_rounds`, the
    exposure of ``turnover_death_ratio``); its age in round ``s`` is
    ``s - L >= 1``. With ``left`` the round its launching elite left
    (``owner_left_round``), the project-round is *exposed* when
    ``s - left`` is in ``exposed`` (default: the first two rounds a successor
    decides, ``left + 1`` and ``left + 2``) and *unexposed* when the
    launching elite is still in office (no ``left``, or ``s <= left``: the
    turnover step comes after the decision step). Later rounds
    (``s - left`` past the exposure) are in neither class. A death *by
    choice* (``dropped`` or ``replaced``) in round ``end`` is counted in the
    class and age of that round.

    Parameters
    ----------
    events : pandas.DataFrame
        The events table (any number of replicates).
    n_rounds, burn_in : int
        ``T`` and the burn-in.
    exposed : tuple of int
        Rounds since the launching elite left that are exposed (each ``>= 1``).

    Returns
    -------
    pandas.DataFrame
        One row per replicate and age with any project-round at risk:
        ``replicate``, ``age``, ``exposed_rounds``, ``exposed_deaths``,
        ``unexposed_rounds``, ``unexposed_deaths``.

    Raises
    ------
    ParameterError
        On a bad table, ``n_rounds < 1``, ``burn_in < 0`` or an ``exposed``
        lag below 1.
    """
    check_frame(events, "events", ("replicate", "launch_round", "end_round", "censored",
                                   "cause", "owner_left_round"))
    t = check_int("n_rounds", n_rounds, 1)
    b = check_int("burn_in", burn_in, 0)
    lags = tuple(exposed)
    if not lags or any(isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1
                       for k in lags):
        raise ParameterError(f"exposed = {exposed!r} is out of range: must be a non-empty "
                             "tuple of integers >= 1 (rounds since the launching elite left)")
    ev = coded_events(events)
    launch = ev["launch_round"].to_numpy(np.int64)
    censored = ev["censored"].to_numpy(bool)
    end = ev["end_round"].to_numpy(np.int64)
    first = np.maximum(launch + 1, b)
    last = np.minimum(np.where(censored, t, end), t - 1)
    count = np.clip(last - first + 1, 0, None)
    row = np.repeat(np.arange(len(ev)), count)
    s = first[row] + (np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count))
    left = ev["owner_left_round"].to_numpy(np.int64)[row]
    since = np.where((left >= 0) & (s > left), s - left, 0)
    is_exp = np.isin(since, lags)
    is_unexp = since == 0
    by_choice = np.isin(ev["cause_code"].to_numpy(), (DROPPED, REPLACED)) & ~censored
    died = by_choice[row] & (end[row] == s)
    table = pd.DataFrame({
        "replicate": ev["replicate"].to_numpy()[row], "age": s - launch[row],
        "exposed_rounds": is_exp.astype(np.int64),
        "exposed_deaths": (is_exp & died).astype(np.int64),
        "unexposed_rounds": is_unexp.astype(np.int64),
        "unexposed_deaths": (is_unexp & died).astype(np.int64)})
    out = table.groupby(["replicate", "age"], sort=True).sum().reset_index()
    return out[_AGE_COLUMNS]


def turnover_hazard_mh(events: pd.DataFrame, n_rounds: int, burn_in: int,
                       exposed: tuple[int, ...] = (1, 2), level: float = 0.95,
                       pooled: bool = False) -> pd.DataFrame:
    """Age-matched turnover hazard ratio: Mantel–Haenszel over project ages (fact 2, version 2).

    In stratum ``i`` (a project age, see :func:`turnover_age_table`) with
    ``a_i`` deaths by choice in ``n1_i`` exposed project-rounds, ``b_i`` in
    ``n0_i`` unexposed ones and ``N_i = n1_i + n0_i``, the estimate is

        HR_MH = sum_i a_i n0_i / N_i  ÷  sum_i b_i n1_i / N_i,

    the hazard of death by choice in the two rounds after the launching
    elite left over the hazard of projects of the same age whose launching
    elite is still in office. Each project-round is one Bernoulli trial (a
    project dies at most once a round), so the interval is the
    Greenland–Robins (1985) one for a Mantel–Haenszel risk ratio:
    ``exp(log HR ± z sqrt(V))`` with

        V = sum_i (n1_i n0_i (a_i + b_i) - a_i b_i N_i) / N_i**2
            ÷ ((sum_i a_i n0_i / N_i) (sum_i b_i n1_i / N_i)).

    (The person-time version, Greenland–Robins for rate ratios, drops the
    ``- a_i b_i N_i`` term; it differs little while deaths per stratum are few.)

    Parameters
    ----------
    events : pandas.DataFrame
        The events table (any number of replicates).
    n_rounds, burn_in : int
        ``T`` and the burn-in.
    exposed : tuple of int
        Rounds since the launching elite left that are exposed (default the
        two rounds of the specification).
    level : float
        Confidence level of the interval.
    pooled : bool
        False (default): one row per replicate, strata = ages. True: one
        row for all replicates, strata = (replicate, age); its
        ``replicate`` is -1.

    Returns
    -------
    pandas.DataFrame
        ``replicate``, ``ratio``, ``ci_low``, ``ci_high``, ``se_log``,
        ``strata`` (strata holding both classes), ``exposed_rounds``,
        ``exposed_deaths``, ``unexposed_rounds``, ``unexposed_deaths``
        (totals). ``ratio`` is ``inf`` when only the denominator is 0 and
        ``nan`` when both are; the interval is ``nan`` unless both are
        positive.

    Raises
    ------
    ParameterError
        As :func:`turnover_age_table`, or for ``level`` outside (0, 1).
    """
    lvl = check_level(level)
    table = turnover_age_table(events, n_rounds, burn_in, exposed)
    z = t_ppf(0.5 + lvl / 2.0, math.inf)
    groups = ([(-1, table)] if pooled else
              list(table.groupby("replicate", sort=True)))
    reps = np.unique(events["replicate"].to_numpy())
    by_rep = dict(groups)
    keys = [-1] if pooled else list(reps)
    rows = []
    for rep in keys:
        part = by_rep.get(rep, table.iloc[:0])
        n1 = part["exposed_rounds"].to_numpy(float)
        a = part["exposed_deaths"].to_numpy(float)
        n0 = part["unexposed_rounds"].to_numpy(float)
        d0 = part["unexposed_deaths"].to_numpy(float)
        both = (n1 > 0) & (n0 > 0)
        n1, a, n0, d0 = n1[both], a[both], n0[both], d0[both]
        big_n = n1 + n0
        num = float(np.sum(a * n0 / big_n))
        den = float(np.sum(d0 * n1 / big_n))
        if den > 0:
            ratio = num / den
        else:
            ratio = math.inf if num > 0 else math.nan
        low = high = se = math.nan
        if num > 0 and den > 0:
            var = float(np.sum((n1 * n0 * (a + d0) - a * d0 * big_n) / big_n**2)) / (num * den)
            se = math.sqrt(max(var, 0.0))
            low, high = ratio * math.exp(-z * se), ratio * math.exp(z * se)
        rows.append((rep, ratio, low, high, se, int(both.sum()),
                     int(part["exposed_rounds"].sum()), int(part["exposed_deaths"].sum()),
                     int(part["unexposed_rounds"].sum()), int(part["unexposed_deaths"].sum())))
    return pd.DataFrame(rows, columns=["replicate", "ratio", "ci_low", "ci_high", "se_log",
                                       "strata", *_AGE_COLUMNS[2:]])
