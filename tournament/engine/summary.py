"""The summary of a run: the statistics of docs/specification.md section 7.

The engine builds its summary table here (:func:`assemble_summary`): the
round statistics of every replicate from its round records, joined with the
project statistics, which the compiled engine streams from its kernels and
the reference path computes from the replicate's tables
(:func:`project_statistics`). :mod:`tournament.analysis.statistics`
re-exports the table functions; the rules they share with the kernels are in
:mod:`.rules`.

Project statistics take one replicate's ``events`` (and ``rounds``, ``panel``)
tables; round statistics take the round series of many replicates at once.
Every statistic ignores the first ``burn_in`` rounds. The compiled engine
computes the project statistics while it runs, with the same rules
(:mod:`.rules`); the test suite checks that it agrees with these functions.

Definitions (``T`` rounds, ``b`` burn-in, rounds numbered from 0):

* lifetime of a project = end round - launch round (censored projects end at
  ``T``); only projects launched in round ``b`` or later count.
* a project is *at risk* of a death by choice at the decision step of every
  round from ``launch + 1`` to ``min(end, T - 1)``; a project-round is
  *exposed* when it is the first or second round after the launching elite
  left.
* a death in round ``e`` counts for the restart shares when ``b <= e <= T-1-window``;
  its restart is the jurisdiction's next project, if launched by ``e + window``.
* a leadership spell ends in round ``t`` (``b < t <= T-1-window``) when the
  top jurisdiction differs from round ``t - 1``'s; the ex-leader becomes a
  follower if, in rounds ``t+1 … t+window``, its first launch is an imitation
  or it ranks in the bottom half (``2 rank > N + 1``) for ``run`` consecutive
  rounds.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..config import Config
from ..registry import DROPPED, IMITATION, REPLACED
from .records import (
    PROJECT_STATS,
    ROUND_FLOAT_FIELDS,
    ROUND_INT_FIELDS,
    SUMMARY_COLUMNS,
)
from .rules import RUN, WINDOW, follower_step, hazard_ratio, km_median_counts, spell_watched

__all__ = [
    "SUMMARY_COLUMNS",
    "PROJECT_COLUMNS",
    "WINDOW",
    "RUN",
    "km_median",
    "lifetimes",
    "lifetime_stats",
    "turnover_death_ratio",
    "restart_shares",
    "leader_to_follower_share",
    "recognition_gini",
    "gini",
    "round_statistics",
    "cycle_stats",
    "mean_run_length",
    "coded_events",
    "at_risk_rounds",
    "project_statistics",
    "assemble_summary",
]

PROJECT_COLUMNS = PROJECT_STATS
"""The summary columns computed per replicate from projects and jurisdictions."""


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 when they sum to 0)."""
    xs = np.sort(np.asarray(values, dtype=float))
    n = len(xs)
    total = weighted = 0.0
    for idx in range(n):
        total += xs[idx]
        weighted += (2 * (idx + 1) - n - 1) * xs[idx]
    return 0.0 if total <= 0.0 else weighted / (n * total)


def km_median(durations: np.ndarray, observed: np.ndarray) -> float:
    """Kaplan–Meier median of integer durations (``observed`` False = censored).

    Returns the first duration at which the survival estimate is <= 0.5,
    ``inf`` if it never gets there, ``nan`` with no projects
    (:func:`tournament.engine.rules.km_median_counts`).
    """
    durations = np.asarray(durations, dtype=np.int64)
    observed = np.asarray(observed, dtype=bool)
    if len(durations) == 0:
        return math.nan
    top = int(durations.max()) + 1
    dead = np.bincount(durations[observed], minlength=top)
    cens = np.bincount(durations[~observed], minlength=top)
    return float(km_median_counts(dead, cens))


def lifetimes(events: pd.DataFrame, n_rounds: int,
              burn_in: int) -> tuple[np.ndarray, np.ndarray]:
    """Lifetimes of the projects launched from ``burn_in`` on, and whether each was observed.

    Censored projects (still active at the end) end at ``n_rounds``.
    """
    ev = events[events["launch_round"] >= burn_in]
    observed = ~ev["censored"].to_numpy(bool)
    end = np.where(observed, ev["end_round"].to_numpy(np.int64), n_rounds)
    return end - ev["launch_round"].to_numpy(np.int64), observed


def lifetime_stats(events: pd.DataFrame, n_rounds: int, burn_in: int) -> tuple[float, float]:
    """Return (Kaplan–Meier median lifetime, mean lifetime of dead projects)."""
    durations, observed = lifetimes(events, n_rounds, burn_in)
    dead = durations[observed]
    mean = math.nan
    if len(dead):
        total = 0
        for x in dead:
            total += int(x)
        mean = total / len(dead)
    return km_median(durations, observed), mean


def turnover_death_ratio(events: pd.DataFrame, n_rounds: int, burn_in: int) -> float:
    """Hazard of death by choice just after the launching elite left ÷ the hazard otherwise.

    ``nan`` when either hazard has no project-rounds at risk or both are 0;
    ``inf`` when only the ordinary hazard is 0.
    """
    exp_risk = exp_dead = oth_risk = oth_dead = 0
    for row in coded_events(events).itertuples(index=False):
        first, last = at_risk_rounds(row, n_rounds, burn_in)
        if last < first:
            continue
        left = row.owner_left_round
        exposed = {left + 1, left + 2} if left >= 0 else set()
        n_exp = sum(1 for s in exposed if first <= s <= last)
        exp_risk += n_exp
        oth_risk += (last - first + 1) - n_exp
        by_choice = row.cause_code in (DROPPED, REPLACED)
        if not row.censored and by_choice and first <= row.end_round:
            if row.end_round in exposed:
                exp_dead += 1
            else:
                oth_dead += 1
    return float(hazard_ratio(exp_dead, exp_risk, oth_dead, oth_risk))


def coded_events(events: pd.DataFrame) -> pd.DataFrame:
    """Add integer ``cause_code`` and ``origin_code`` columns (see :mod:`tournament.registry`)."""
    return events.assign(cause_code=events["cause"].cat.codes.astype(int),
                         origin_code=events["origin"].cat.codes.astype(int))


def at_risk_rounds(row, n_rounds: int, burn_in: int) -> tuple[int, int]:
    """First and last round after burn-in in which a project (an events row) can die.

    ``last < first`` when it has none.
    """
    first = max(row.launch_round + 1, burn_in)
    end = n_rounds if row.censored else row.end_round
    return first, min(end, n_rounds - 1)


def restart_shares(events: pd.DataFrame, n_rounds: int, burn_in: int,
                   window: int = WINDOW) -> tuple[float, float]:
    """Return (share of deaths restarted within ``window``, share of restarts in a new domain)."""
    deaths = restarts = new_domain = 0
    for _, group in events.sort_values("project").groupby("jurisdiction", sort=False):
        rows = list(group.itertuples(index=False))
        for pos, row in enumerate(rows):
            if row.censored or not burn_in <= row.end_round <= n_rounds - 1 - window:
                continue
            deaths += 1
            if pos + 1 < len(rows) and rows[pos + 1].launch_round - row.end_round <= window:
                restarts += 1
                new_domain += rows[pos + 1].domain != row.domain
    return (restarts / deaths if deaths else math.nan,
            new_domain / restarts if restarts else math.nan)


def leader_to_follower_share(events: pd.DataFrame, rounds: pd.DataFrame, panel: pd.DataFrame,
                             n_jurisdictions: int, n_rounds: int, burn_in: int,
                             window: int = WINDOW, run: int = RUN) -> float:
    """Share of ended leadership spells after which the ex-leader follows (see module doc)."""
    top = rounds.sort_values("round")["top"].to_numpy()
    rank = np.zeros((n_rounds, n_jurisdictions), dtype=np.int64)
    rank[panel["round"].to_numpy(), panel["jurisdiction"].to_numpy()] = panel["rank"].to_numpy()
    first_launch: dict[tuple[int, int], int] = {}
    for row in coded_events(events).itertuples(index=False):
        first_launch[(row.jurisdiction, row.launch_round)] = row.origin_code
    spells = followers = 0
    for t in range(1, n_rounds):
        if top[t] == top[t - 1] or not spell_watched(t, burn_in, n_rounds, window):
            continue
        j = int(top[t - 1])
        spells += 1
        seen = follows = False
        streak = 0
        for s in range(t + 1, t + window + 1):
            origin = first_launch.get((j, s))
            seen, streak, imitated, fell = follower_step(
                origin is not None, origin == IMITATION, rank[s, j], n_jurisdictions, run,
                seen, streak)
            follows = follows or imitated or fell
        followers += follows
    return followers / spells if spells else math.nan


def recognition_gini(panel: pd.DataFrame, n_jurisdictions: int, burn_in: int) -> float:
    """Gini of recognitions per jurisdiction after burn-in."""
    late = panel[(panel["round"] >= burn_in) & panel["recognized"]]
    counts = np.bincount(late["jurisdiction"].to_numpy(), minlength=n_jurisdictions)
    return gini(counts.astype(float))


# ----------------------------------------------------------------------------- round series
def mean_run_length(series: np.ndarray, skip: int | None = None) -> float:
    """Mean length of runs of equal values (values equal to ``skip`` are not runs)."""
    series = np.asarray(series)
    keep = np.ones(len(series), bool) if skip is None else series != skip
    if not keep.any():
        return math.nan
    starts = keep.copy()
    starts[1:] &= ~(keep[:-1] & (series[1:] == series[:-1]))
    return int(keep.sum()) / int(starts.sum())


def cycle_stats(launches: np.ndarray) -> tuple[float, float]:
    """Peak period of the launch series' periodogram and the power share within ±20 % of it.

    The mean is removed; frequencies ``k / L`` for ``k = 1 … L // 2``. ``nan``
    for a flat series or one shorter than 4 rounds.
    """
    x = np.asarray(launches, dtype=float)
    n = len(x)
    if n < 4:
        return math.nan, math.nan
    spec = np.fft.rfft(x - x.mean())[1 : n // 2 + 1]
    power = spec.real**2 + spec.imag**2
    total = float(np.cumsum(power)[-1])
    if not total > 1e-9 * n * n:
        return math.nan, math.nan
    k_peak = int(np.argmax(power)) + 1
    period = n / k_peak
    periods = n / np.arange(1, len(power) + 1)
    band = (periods >= 0.8 * period) & (periods <= 1.2 * period)
    return period, float(np.cumsum(np.where(band, power, 0.0))[-1]) / total


def round_statistics(rint: dict[str, np.ndarray], rfloat: dict[str, np.ndarray],
                     n_jurisdictions: int, burn_in: int) -> dict[str, np.ndarray]:
    """Round-based summary statistics of R replicates from (R, T) round series.

    ``rint`` and ``rfloat`` map round fields (``active``, ``innovations``,
    ``top``, ``gini`` …) to arrays of shape (R, T).
    """
    n_rep, n_rounds = rint["active"].shape
    span = n_rounds - burn_in
    late = slice(burn_in, None)
    out = {name: np.full(n_rep, math.nan) for name in (
        "leader_spell_mean", "model_era_mean", "innovation_rate", "imitation_rate",
        "active_share", "cycle_period", "cycle_power", "gini_mean", "crises",
        "capacity_growth", "attempt_rate", "imitation_share")}
    denom = n_jurisdictions * span
    out["innovation_rate"] = rint["innovations"][:, late].sum(axis=1) / denom
    out["imitation_rate"] = rint["imitations"][:, late].sum(axis=1) / denom
    out["active_share"] = rint["active"][:, late].sum(axis=1) / denom
    out["crises"] = rint["crises"][:, late].sum(axis=1).astype(float)
    out["gini_mean"] = np.cumsum(rfloat["gini"][:, late], axis=1)[:, -1] / span
    cap = rfloat["capacity_total"]
    out["capacity_growth"] = cap[:, -1] / cap[:, burn_in] - 1.0
    launches = rint["innovations"][:, late] + rint["imitations"][:, late]
    # version 2: attempts (approved or not) per jurisdiction-round; imitations per launch
    out["attempt_rate"] = (launches.sum(axis=1) + rint["rejected"][:, late].sum(axis=1)) / denom
    approved = launches.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["imitation_share"] = np.where(
            approved > 0, rint["imitations"][:, late].sum(axis=1) / approved, math.nan)
    for r in range(n_rep):
        out["leader_spell_mean"][r] = mean_run_length(rint["top"][r, late])
        out["model_era_mean"][r] = mean_run_length(rint["model_domain"][r, late], skip=-1)
        out["cycle_period"][r], out["cycle_power"][r] = cycle_stats(launches[r])
    return out


# ----------------------------------------------------------------------------- the summary table
def project_statistics(events: pd.DataFrame, rounds: pd.DataFrame, panel: pd.DataFrame,
                       cfg: Config) -> dict[str, float]:
    """The project- and jurisdiction-level statistics of one replicate, from its tables.

    The reference path's counterpart of the compiled engine's streamed
    statistics (:data:`~tournament.engine.records.PROJECT_STATS`).
    """
    t, b, n = cfg.n_rounds, cfg.burn_in, cfg.n_jurisdictions
    median, mean = lifetime_stats(events, t, b)
    restart, new_domain = restart_shares(events, t, b)
    return {
        "lifetime_median": median,
        "lifetime_mean": mean,
        "turnover_death_ratio": turnover_death_ratio(events, t, b),
        "restart_share": restart,
        "restart_new_domain_share": new_domain,
        "leader_to_follower_share": leader_to_follower_share(events, rounds, panel, n, t, b),
        "recognition_gini": recognition_gini(panel, n, b),
        "projects": float((events["launch_round"] >= b).sum()),
    }


def assemble_summary(reps: np.ndarray, project: pd.DataFrame | np.ndarray, rint: np.ndarray,
                     rfloat: np.ndarray, cfg: Config) -> pd.DataFrame:
    """Join project statistics with the round statistics into the summary table.

    ``project`` holds one row per replicate with the :data:`PROJECT_COLUMNS`
    (a DataFrame, or the kernels' (R, len(PROJECT_STATS)) array in that
    column order); ``rint`` and ``rfloat`` are the (R, T, fields) round
    records. Built as one float block (this runs once per ``simulate`` call:
    users run 10^5 small ones).
    """
    ri = {name: rint[:, :, j] for j, name in enumerate(ROUND_INT_FIELDS)}
    rf = {name: rfloat[:, :, j] for j, name in enumerate(ROUND_FLOAT_FIELDS)}
    rstats = round_statistics(ri, rf, cfg.n_jurisdictions, cfg.burn_in)
    values = (project[list(PROJECT_STATS)].to_numpy(float) if isinstance(project, pd.DataFrame)
              else np.asarray(project, dtype=float))
    block = np.empty((len(reps), len(SUMMARY_COLUMNS)))
    for j, name in enumerate(SUMMARY_COLUMNS):
        block[:, j] = (values[:, PROJECT_STATS.index(name)] if name in PROJECT_STATS
                       else rstats[name])
    frame = pd.DataFrame(block, columns=list(SUMMARY_COLUMNS))
    frame.insert(0, "replicate", reps.astype(np.int32))
    return frame
