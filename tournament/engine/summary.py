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

* lifetime of a project = end round - launch round; a project alive at the
  end is censored at the last round it was seen, ``T - 1`` (lifetime
  ``T - 1 - launch round``, version 2); only projects launched in round ``b``
  or later count. ``survival_5`` reads the same Kaplan–Meier curve at
  :data:`~.rules.SURVIVAL_AGE` rounds.
* ``ever_recognized_share``: projects launched in round ``b`` or later with
  ``times_recognized >= 1`` over those projects.
* an elite seated at the turnover step of round ``t0 >= b`` (panel
  ``elite_changed``) serves until the next change in its jurisdiction, in
  round ``t1`` (spell ``t1 - t0``), or is censored at ``T - 1 - t0`` (not
  counted when ``t0 = T - 1``); ``elite_spell_median`` is their
  Kaplan–Meier median.
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
* ``turnover_hazard_mh``: the at-risk project-rounds above, per project age
  ``s - launch``, are *exposed* (``s - left`` is 1 or 2) or *unexposed* (the
  launching elite still in office); the Mantel–Haenszel ratio of deaths by
  choice over the ages holding both (:func:`~.rules.mh_ratio`).
* ``bandwagon_did``: a designation is a round ``t`` with
  ``max(b, BEFORE - 1, 1) <= t <= T - 1 - AFTER`` whose model domain
  ``d >= 0`` differs from round ``t - 1``'s; its runner-up is the best-ranked
  jurisdiction in round ``t`` whose project at the end of the round is in
  another domain ``r`` (designations without one are left out). Treated:
  launches in ``d`` by all but the model's owner, mean per round over
  ``t + 1 … t + AFTER`` minus over ``t - BEFORE + 1 … t``; placebo: the same
  in ``r`` by all but the runner-up. The statistic is the mean treated change
  minus the mean placebo change (``tournament.analysis.bandwagon_did``).
* ``leader_placebo_difference``: a spell of the model's owner ``j >= 0`` ends in
  round ``t`` (``b < t <= T-1-window``) when the owner changes; ``j`` and the
  *placebo units*, the jurisdictions ranked ``2 … k + 1`` in round ``t - 1``
  other than ``j``, each follow by the rule above. The statistic is the share
  of ex-leaders that follow minus the share of placebo units that follow
  (``tournament.analysis.leader_follower_contrast``).
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
from .rules import (
    AFTER,
    BEFORE,
    RUN,
    SURVIVAL_AGE,
    WINDOW,
    follower_step,
    hazard_ratio,
    km_median_counts,
    km_survival_counts,
    mean_difference,
    mh_ratio,
    share_difference,
    spell_watched,
    window_change,
)

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
    "survival_at_age",
    "recognized_share",
    "elite_spells",
    "elite_spell_km_median",
    "turnover_age_counts",
    "turnover_mh_ratio",
    "bandwagon_difference",
    "leader_placebo_difference",
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

    Censored projects (still active at the end) are censored at the last round
    they were seen, ``n_rounds - 1`` (version 2; version 1 used ``n_rounds``).
    """
    ev = events[events["launch_round"] >= burn_in]
    observed = ~ev["censored"].to_numpy(bool)
    end = np.where(observed, ev["end_round"].to_numpy(np.int64), n_rounds - 1)
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


def _histograms(durations: np.ndarray, observed: np.ndarray,
                n_rounds: int) -> tuple[np.ndarray, np.ndarray]:
    """Deaths and censorings per duration ``0 … n_rounds`` (the kernels' histograms)."""
    durations = np.asarray(durations, dtype=np.int64)
    observed = np.asarray(observed, dtype=bool)
    dead = np.bincount(durations[observed], minlength=n_rounds + 1).astype(np.int64)
    cens = np.bincount(durations[~observed], minlength=n_rounds + 1).astype(np.int64)
    return dead, cens


def survival_at_age(events: pd.DataFrame, n_rounds: int, burn_in: int,
                    age: int = SURVIVAL_AGE) -> float:
    """Kaplan–Meier survival at ``age`` rounds of the projects launched from ``burn_in`` on.

    ``survival_5`` (:func:`~.rules.km_survival_counts` over :func:`lifetimes`);
    ``nan`` without projects or when nobody is left at risk before ``age``
    while the curve is above 0.
    """
    durations, observed = lifetimes(events, n_rounds, burn_in)
    if len(durations) == 0:
        return math.nan
    dead, cens = _histograms(durations, observed, n_rounds)
    return float(km_survival_counts(dead, cens, age))


def recognized_share(events: pd.DataFrame, burn_in: int) -> float:
    """Share of the projects launched from ``burn_in`` on that were ever recognised (or ``nan``)."""
    late = events[events["launch_round"] >= burn_in]
    if len(late) == 0:
        return math.nan
    return int((late["times_recognized"].to_numpy() > 0).sum()) / len(late)


def elite_spells(panel: pd.DataFrame, n_rounds: int, burn_in: int) -> tuple[np.ndarray, np.ndarray]:
    """Spells in office of the elites seated from ``burn_in`` on, and whether each ended.

    An elite seated in round ``t0 >= burn_in`` (``elite_changed``) serves
    until the next change of its jurisdiction's elite in round ``t1``
    (``t1 - t0``), or is censored at ``n_rounds - 1 - t0`` (left out when 0).
    """
    changed = panel[panel["elite_changed"].to_numpy(bool)]
    juris = changed["jurisdiction"].to_numpy(np.int64)
    rounds = changed["round"].to_numpy(np.int64)
    durations, observed = [], []
    for j in np.unique(juris):
        seats = np.sort(rounds[juris == j])
        for pos, t0 in enumerate(seats):
            if t0 < burn_in:
                continue
            if pos + 1 < len(seats):
                durations.append(int(seats[pos + 1] - t0))
                observed.append(True)
            elif n_rounds - 1 > t0:
                durations.append(int(n_rounds - 1 - t0))
                observed.append(False)
    return np.asarray(durations, dtype=np.int64), np.asarray(observed, dtype=bool)


def elite_spell_km_median(panel: pd.DataFrame, n_rounds: int, burn_in: int) -> float:
    """Kaplan–Meier median of :func:`elite_spells` (``elite_spell_median``)."""
    durations, observed = elite_spells(panel, n_rounds, burn_in)
    if len(durations) == 0:
        return math.nan
    return float(km_median_counts(*_histograms(durations, observed, n_rounds)))


def turnover_age_counts(events: pd.DataFrame, n_rounds: int,
                        burn_in: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Project-rounds at risk and deaths by choice per project age, exposed and unexposed.

    Returns ``(exposed_rounds, exposed_deaths, unexposed_rounds,
    unexposed_deaths)``, each indexed by age ``0 … n_rounds`` (the kernels'
    arrays; ``tournament.analysis.turnover_age_table`` holds the same counts).
    """
    size = n_rounds + 1
    out = [np.zeros(size, np.int64) for _ in range(4)]
    for row in coded_events(events).itertuples(index=False):
        first, last = at_risk_rounds(row, n_rounds, burn_in)
        if last < first:
            continue
        left = row.owner_left_round
        s = np.arange(first, last + 1)
        since = np.where((left >= 0) & (s > left), s - left, 0)
        age = s - row.launch_round
        np.add.at(out[0], age[(since == 1) | (since == 2)], 1)
        np.add.at(out[2], age[since == 0], 1)
        if not row.censored and row.cause_code in (DROPPED, REPLACED) and first <= row.end_round:
            k = row.end_round - left if 0 <= left < row.end_round else 0
            if k in (1, 2):
                out[1][row.end_round - row.launch_round] += 1
            elif k == 0:
                out[3][row.end_round - row.launch_round] += 1
    return out[0], out[1], out[2], out[3]


def turnover_mh_ratio(events: pd.DataFrame, n_rounds: int, burn_in: int) -> float:
    """Age-matched (Mantel–Haenszel) hazard ratio of death by choice after turnover.

    ``turnover_hazard_mh``: :func:`~.rules.mh_ratio` over
    :func:`turnover_age_counts`; ``inf`` when only the denominator is 0,
    ``nan`` when both are.
    """
    return float(mh_ratio(*turnover_age_counts(events, n_rounds, burn_in)))


def bandwagon_difference(events: pd.DataFrame, rounds: pd.DataFrame, panel: pd.DataFrame,
                         n_domains: int, n_rounds: int, burn_in: int,
                         before: int = BEFORE, after: int = AFTER) -> float:
    """Bandwagon difference-in-differences of one replicate (``bandwagon_did``; module doc)."""
    ordered = rounds.sort_values("round")
    model = ordered["model_domain"].to_numpy(np.int64)
    owner = ordered["model_owner"].to_numpy(np.int64)
    counts = np.zeros((n_rounds, n_domains), np.int64)
    launch = events["launch_round"].to_numpy(np.int64)
    domain = events["domain"].to_numpy(np.int64)
    np.add.at(counts, (launch, domain), 1)
    launched = dict(zip(zip(events["jurisdiction"].to_numpy(np.int64).tolist(), launch.tolist(),
                            strict=True), domain.tolist(), strict=True))

    def window(d: int, excluded: int, first: int, last: int) -> int:
        total = int(counts[first : last + 1, d].sum())
        return total - sum(1 for s in range(first, last + 1) if launched.get((excluded, s)) == d)

    pan_round = panel["round"].to_numpy(np.int64)
    sum_treated = sum_placebo = 0.0
    used = 0
    for t in range(max(burn_in, before - 1, 1), n_rounds - after):
        d = int(model[t])
        if d < 0 or d == model[t - 1]:
            continue
        now = panel[pan_round == t].sort_values("rank")
        doms = now["domain"].to_numpy(np.int64)
        other = np.flatnonzero((doms >= 0) & (doms != d))
        if not len(other):
            continue
        runner, r = int(now["jurisdiction"].to_numpy()[other[0]]), int(doms[other[0]])
        j = int(owner[t])
        sum_treated += window_change(window(d, j, t - before + 1, t),
                                     window(d, j, t + 1, t + after), before, after)
        sum_placebo += window_change(window(r, runner, t - before + 1, t),
                                     window(r, runner, t + 1, t + after), before, after)
        used += 1
    return float(mean_difference(sum_treated, sum_placebo, used))


def leader_placebo_difference(events: pd.DataFrame, rounds: pd.DataFrame, panel: pd.DataFrame,
                              n_jurisdictions: int, n_rounds: int, burn_in: int,
                              window: int = WINDOW, run: int = RUN) -> float:
    """Share of ex-owners of the model that follow minus that of placebo units (module doc)."""
    owner = rounds.sort_values("round")["model_owner"].to_numpy(np.int64)
    n = n_jurisdictions
    rank = np.zeros((n_rounds, n), dtype=np.int64)
    recognized = np.zeros((n_rounds, n), dtype=bool)
    where = panel["round"].to_numpy(), panel["jurisdiction"].to_numpy()
    rank[where] = panel["rank"].to_numpy()
    recognized[where] = panel["recognized"].to_numpy(bool)
    first_launch: dict[tuple[int, int], int] = {}
    for row in coded_events(events).itertuples(index=False):
        first_launch[(row.jurisdiction, row.launch_round)] = row.origin_code

    def follows(j: int, t: int) -> bool:
        seen = result = False
        streak = 0
        for s in range(t + 1, t + window + 1):
            origin = first_launch.get((j, s))
            seen, streak, imitated, fell = follower_step(
                origin is not None, origin == IMITATION, rank[s, j], n, run, seen, streak)
            result = result or imitated or fell
        return result

    spells = followers = units = placebo = 0
    for t in range(1, n_rounds):
        j = int(owner[t - 1])
        if owner[t] == j or j < 0 or not spell_watched(t, burn_in, n_rounds, window):
            continue
        spells += 1
        followers += follows(j, t)
        k = int(recognized[t - 1].sum())
        for u in np.flatnonzero((rank[t - 1] >= 2) & (rank[t - 1] <= k + 1)):
            if u != j:
                units += 1
                placebo += follows(int(u), t)
    return float(share_difference(followers, spells, placebo, units))


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
        "survival_5": survival_at_age(events, t, b),
        "ever_recognized_share": recognized_share(events, b),
        "elite_spell_median": elite_spell_km_median(panel, t, b),
        "turnover_hazard_mh": turnover_mh_ratio(events, t, b),
        "bandwagon_did": bandwagon_difference(events, rounds, panel, cfg.n_domains, t, b),
        "leader_placebo_difference": leader_placebo_difference(events, rounds, panel, n, t, b),
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
