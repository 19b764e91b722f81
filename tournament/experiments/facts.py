"""The eight stylized facts of docs/specification.md section 8, as statistical checks.

:func:`check_facts` runs every experiment the facts need from one base
configuration (default: the calibrated defaults) and returns one row per
check: the statistic, its threshold, its estimate across replicates with a
95 % interval, and whether it *holds* — whether the whole interval lies on
the right side of the threshold, so that a check holds only with a margin
the replicates can vouch for. Replicates are independent draws; every
configuration runs replicates ``0 … R-1`` of one seed. Means use Student-t
intervals, differences and interactions of means Welch–Satterthwaite ones,
and statistics that can be ``inf`` (a Kaplan–Meier median the run never
reached) medians with a percentile bootstrap (:mod:`tournament.analysis.inference`).

The checks (``docs/calibration.md`` explains the choices):

1. short lives — mean elite tenure (:func:`tournament.analysis.hazard.elite_tenure_mean`) minus
   ``lifetime_median``, per replicate, > 0 (with ``inf`` values: the median
   tenure across replicates minus the median lifetime, with a bootstrap
   interval). When elites never leave office (infinite tenure) the check
   does not hold: a project cannot outlive its elite, and the fact — lives
   shorter than a finite tenure — is not shown;
2. turnover kills — ``turnover_death_ratio`` >= 2;
3. restart — ``restart_share`` > 0.5 and ``restart_new_domain_share`` > 0.5;
4. leader becomes follower — ``leader_to_follower_share`` > 0.5 and
   ``model_era_mean - leader_spell_mean`` > 0;
5. ablation — each decline mechanism off (:data:`tournament.DECLINE_MECHANISMS`)
   raises ``lifetime_median`` (difference > 0), all four off multiply it by
   at least 3;
6. bandwagon — :func:`tournament.analysis.bandwagon.bandwagon_effect` ``rise`` > 0;
7. unbalanced governance — with the governance layer switched on
   (:data:`GOVERNANCE`; every other governance parameter as in the base
   configuration): mean gini rises at every step of :func:`alpha_grid`
   (fixed policy, alpha from ``concentration_low`` to ``concentration_high``),
   the high fixed alpha (``concentration_high``) has crises, and the
   turning-point policy (switching between the two) keeps gini inside
   ``[balance_threshold, imbalance_threshold]`` in at least 90 % of rounds,
   has fewer crises than both fixed extremes and more capacity growth than
   the balanced one (``concentration_low``);
8. lock-in — with :data:`LOCK_IN` and S, B in :data:`LEVELS`: innovation rate
   and capacity growth with both low are below half their value with both
   high, and the 2 × 2 interaction contrast (HH - HL - LH + LL) is > 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ParameterError
from ..analysis.bandwagon import bandwagon_effect
from ..analysis.hazard import elite_tenure_mean
from ..analysis.inference import (
    Interval,
    bootstrap_interval,
    contrast_interval,
    location_interval,
    mean_interval,
)
from ..config import DECLINE_MECHANISMS, Config
from ..engine.simulate import simulate

__all__ = ["check_facts", "format_facts", "facts_markdown", "alpha_grid", "FACTS", "GOVERNANCE",
           "ALPHA_STEPS", "LOCK_IN", "LEVELS", "IN_BAND_SHARE", "LOW_RATIO", "ABLATION_FACTOR"]

FACTS = {
    1: "short lives", 2: "turnover kills", 3: "restart", 4: "leader becomes follower",
    5: "ablation", 6: "bandwagon", 7: "unbalanced governance", 8: "lock-in",
}
GOVERNANCE: dict[str, Any] = {"transfer_share": 0.2, "value_return": 0.02}
"""Governance layer switched on for fact 7 (on top of the base configuration)."""
ALPHA_STEPS = (0.0, 0.125, 0.25, 0.5, 1.0)
"""Where the fixed alphas of fact 7 lie between ``concentration_low`` and ``concentration_high``."""
LOCK_IN: dict[str, Any] = {"value_return": 0.02}
"""Capacity growth switched on for fact 8 (without redistribution)."""
LEVELS = (0.3, 1.0)
"""Low and high values of ``state_capacity`` and ``bureaucratic_autonomy`` (fact 8)."""
IN_BAND_SHARE = 0.9
LOW_RATIO = 0.5
ABLATION_FACTOR = 3.0
ALL_OFF = {k: v for changes in DECLINE_MECHANISMS.values() for k, v in changes.items()}


class _Runs:
    """Simulations of one study, cached by configuration."""

    def __init__(self, replicates: int, seed: int, threads: int | None) -> None:
        self.replicates, self.seed, self.threads = replicates, seed, threads
        self._cache: dict[tuple[Config, tuple[str, ...]], Any] = {}

    def __call__(self, cfg: Config, record: tuple[str, ...] = ()) -> Any:
        for (known, tables), res in self._cache.items():
            if known == cfg and set(record) <= set(tables):
                return res
        res = simulate(cfg, replicates=self.replicates, seed=self.seed,
                       record=("summary", *record), threads=self.threads)
        self._cache[(cfg, record)] = res
        return res


def _row(fact: int, statistic: str, op: str, threshold: float, iv: Interval,
         note: str = "") -> dict[str, Any]:
    low, high = iv.low, iv.high
    if op in (">", ">="):
        holds = low > threshold if op == ">" else low >= threshold
    else:
        holds = high < threshold if op == "<" else high <= threshold
    return {"fact": fact, "claim": FACTS[fact], "statistic": statistic,
            "threshold": f"{op} {threshold:g}", "estimate": iv.estimate, "ci_low": low,
            "ci_high": high, "n": iv.n, "method": iv.method,
            "holds": bool(holds) and not math.isnan(iv.estimate), "note": note}


def _col(res: Any, name: str) -> np.ndarray:
    return res.summary[name].to_numpy(float)


def _loc(x: np.ndarray) -> float:
    x = x[~np.isnan(x)]
    if len(x) == 0:
        return math.nan
    return float(x.mean()) if np.isfinite(x).all() else float(np.median(x))


def _ratio(num: np.ndarray, den: np.ndarray, level: float, seed: int) -> Interval:
    def stat(a: np.ndarray, b: np.ndarray) -> float:
        la, lb = _loc(a), _loc(b)
        return la / lb if lb > 0 else math.nan

    return bootstrap_interval(stat, [num, den], level, seed=seed)


def _tenure_margin(tenure: np.ndarray, life: np.ndarray) -> float:
    """Typical tenure minus typical median lifetime; ``nan`` when tenure is infinite."""
    typical = _loc(tenure)
    return typical - _loc(life) if np.isfinite(typical) else math.nan


# ----------------------------------------------------------------------------- the facts
def _facts_1_to_4(runs: _Runs, cfg: Config, level: float) -> list[dict]:
    res = runs(cfg, ("rounds", "events"))
    tenure = elite_tenure_mean(res.rounds, cfg.n_jurisdictions, cfg.burn_in).to_numpy()
    life = _col(res, "lifetime_median")
    if np.isfinite(tenure).all() and np.isfinite(life).all():
        short = mean_interval(tenure - life, level)  # paired, replicate by replicate
    else:  # medians across replicates; undefined when elites never leave office
        short = bootstrap_interval(_tenure_margin, [tenure, life], level, seed=runs.seed)
    note = f"median lifetime {_loc(life):.3g}, mean elite tenure {_loc(tenure):.3g} rounds"
    if not np.isfinite(_loc(tenure)):
        note += " (no elite leaves office: nothing for a project to outlive)"
    era_gap = _col(res, "model_era_mean") - _col(res, "leader_spell_mean")
    return [
        _row(1, "mean elite tenure - median lifetime (rounds)", ">", 0.0, short, note),
        _row(2, "turnover_death_ratio", ">=", 2.0,
             location_interval([_col(res, "turnover_death_ratio")], [1.0], level)),
        _row(3, "restart_share", ">", 0.5, mean_interval(_col(res, "restart_share"), level)),
        _row(3, "restart_new_domain_share", ">", 0.5,
             mean_interval(_col(res, "restart_new_domain_share"), level)),
        _row(4, "leader_to_follower_share", ">", 0.5,
             mean_interval(_col(res, "leader_to_follower_share"), level)),
        _row(4, "model_era_mean - leader_spell_mean (rounds)", ">", 0.0,
             mean_interval(era_gap, level)),
    ]


def _fact_5(runs: _Runs, cfg: Config, level: float) -> list[dict]:
    base = _col(runs(cfg), "lifetime_median")
    rows = []
    for name, changes in DECLINE_MECHANISMS.items():
        off = _col(runs(cfg.replace(**changes)), "lifetime_median")
        rows.append(_row(5, f"lifetime_median: {name} off - default", ">", 0.0,
                         location_interval([off, base], [1.0, -1.0], level, seed=runs.seed),
                         f"{_loc(off):.3g} vs {_loc(base):.3g}"))
    off = _col(runs(cfg.replace(**ALL_OFF)), "lifetime_median")
    rows.append(_row(5, "lifetime_median: all four off / default", ">=", ABLATION_FACTOR,
                     _ratio(off, base, level, runs.seed), f"{_loc(off):.3g} vs {_loc(base):.3g}"))
    return rows


def _fact_6(runs: _Runs, cfg: Config, level: float) -> list[dict]:
    res = runs(cfg, ("rounds", "events"))
    effect = bandwagon_effect(res.events, res.rounds, cfg.burn_in)
    rise = effect["rise"].to_numpy(float)
    note = (f"{effect['before'].mean():.3g} before vs {effect['after'].mean():.3g} after, "
            f"per round" if len(effect) else "no model changes")
    return [_row(6, "imitations in the new model domain: after - before (per round)", ">", 0.0,
                 mean_interval(rise, level), note)]


def _in_band(res: Any, cfg: Config) -> np.ndarray:
    late = res.rounds[res.rounds["round"] >= cfg.burn_in]
    inside = late["gini"].between(cfg.balance_threshold, cfg.imbalance_threshold)
    return inside.groupby(late["replicate"]).mean().to_numpy(float)


def alpha_grid(cfg: Config) -> tuple[float, ...]:
    """The fixed alphas of fact 7: :data:`ALPHA_STEPS` of the way from low to high.

    With the defaults (``concentration_low = 0``, ``concentration_high = 8``)
    this is ``(0, 1, 2, 4, 8)``.
    """
    lo, hi = cfg.concentration_low, cfg.concentration_high
    return tuple(lo + step * (hi - lo) for step in ALPHA_STEPS)


def _fact_7(runs: _Runs, cfg: Config, level: float) -> list[dict]:
    gov = cfg.replace(**GOVERNANCE, allocation_policy="fixed")
    alphas = alpha_grid(gov)
    if not alphas[-1] > alphas[0]:
        raise ParameterError(
            f"concentration_high = {cfg.concentration_high!r} must exceed concentration_low = "
            f"{cfg.concentration_low!r} for fact 7 (the turning point switches between them)")
    fixed = [runs(gov.replace(concentration=a)) for a in alphas]
    turning = runs(gov.replace(allocation_policy="turning_point"), ("rounds",))
    steps = [contrast_interval([_col(hi, "gini_mean"), _col(lo, "gini_mean")], [1.0, -1.0], level)
             for lo, hi in zip(fixed[:-1], fixed[1:], strict=True)]
    worst = int(np.nanargmin([s.low for s in steps]))
    lo_a, hi_a = alphas[worst], alphas[worst + 1]
    crises = [_col(r, "crises") for r in fixed]
    t_crises, t_growth = _col(turning, "crises"), _col(turning, "capacity_growth")
    return [
        _row(7, "gini_mean: smallest rise along alpha = "
             + ", ".join(f"{a:g}" for a in alphas), ">", 0.0, steps[worst],
             f"alpha {lo_a:g} -> {hi_a:g}"),
        _row(7, f"crises with fixed alpha = {alphas[-1]:g}", ">", 0.0,
             mean_interval(crises[-1], level)),
        _row(7, "turning point: share of rounds with gini in band", ">=", IN_BAND_SHARE,
             mean_interval(_in_band(turning, turning.config), level),
             f"band [{cfg.balance_threshold:g}, {cfg.imbalance_threshold:g}]"),
        _row(7, f"crises: fixed alpha = {alphas[0]:g} - turning point", ">", 0.0,
             contrast_interval([crises[0], t_crises], [1.0, -1.0], level)),
        _row(7, f"crises: fixed alpha = {alphas[-1]:g} - turning point", ">", 0.0,
             contrast_interval([crises[-1], t_crises], [1.0, -1.0], level)),
        _row(7, f"capacity_growth: turning point - fixed alpha = {alphas[0]:g}", ">", 0.0,
             contrast_interval([t_growth, _col(fixed[0], "capacity_growth")], [1.0, -1.0],
                               level)),
    ]


def _fact_8(runs: _Runs, cfg: Config, level: float) -> list[dict]:
    lo, hi = LEVELS
    cell = {(s, b): runs(cfg.replace(**LOCK_IN, state_capacity=s, bureaucratic_autonomy=b))
            for s in LEVELS for b in LEVELS}
    rows = []
    for name in ("innovation_rate", "capacity_growth"):
        y = {k: _col(r, name) for k, r in cell.items()}
        rows.append(_row(8, f"{name}: (S, B low) / (S, B high)", "<", LOW_RATIO,
                         _ratio(y[(lo, lo)], y[(hi, hi)], level, 0),
                         f"S, B in {{{lo:g}, {hi:g}}}"))
        rows.append(_row(8, f"{name}: interaction HH - HL - LH + LL", ">", 0.0,
                         contrast_interval([y[(hi, hi)], y[(hi, lo)], y[(lo, hi)], y[(lo, lo)]],
                                           [1.0, -1.0, -1.0, 1.0], level)))
    return rows


_CHECKS = {1: _facts_1_to_4, 5: _fact_5, 6: _fact_6, 7: _fact_7, 8: _fact_8}


def check_facts(config: Config | None = None, replicates: int = 100, seed: int = 0,
                facts: Iterable[int] = tuple(FACTS), threads: int | None = None,
                level: float = 0.95) -> pd.DataFrame:
    """Run the checks of the stylized facts.

    Parameters
    ----------
    config : Config, optional
        The base configuration (default: the defaults). Facts 5, 7 and 8 run
        variants of it (see the module docstring).
    replicates : int
        Replicates per configuration (>= 2).
    seed : int
        Master seed shared by every configuration.
    facts : iterable of int
        Which facts (1 … 8) to check.
    threads : int, optional
        Threads of the compiled engine.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per check: ``fact``, ``claim``, ``statistic``, ``threshold``,
        ``estimate``, ``ci_low``, ``ci_high``, ``n``, ``method``, ``holds``,
        ``note``.
    """
    cfg = Config() if config is None else config
    if not isinstance(cfg, Config):
        raise ParameterError(f"config must be a tournament.Config, got {type(cfg).__name__}")
    if isinstance(replicates, bool) or not isinstance(replicates, int) or replicates < 2:
        raise ParameterError(f"replicates = {replicates!r} is out of range: must be an "
                             "integer >= 2")
    wanted = sorted(set(facts))
    bad = [f for f in wanted if f not in FACTS]
    if bad or not wanted:
        raise ParameterError(f"facts = {bad or wanted!r} is invalid: choose among 1 … 8")
    runs = _Runs(replicates, seed, threads)
    rows: list[dict] = []
    for first, check in _CHECKS.items():
        covered = range(first, 5) if first == 1 else (first,)
        if any(f in wanted for f in covered):
            rows.extend(r for r in check(runs, cfg, level) if r["fact"] in wanted)
    return pd.DataFrame(rows)


def format_facts(table: pd.DataFrame) -> str:
    """The facts table as aligned text, one line per check, and a count of those that hold."""
    claims = [f"{row.fact} {row.claim}" for row in table.itertuples(index=False)]
    c_width = max([len(c) for c in claims] + [4])
    s_width = max([len(s) for s in table["statistic"]] + [9])
    lines = [f"{'fact':<{c_width}}  {'statistic':<{s_width}}  {'threshold':>9}  {'estimate':>9}  "
             f"{'95% interval':>21}  {'n':>5}  holds"]
    for claim, row in zip(claims, table.itertuples(index=False), strict=True):
        interval = f"[{row.ci_low:8.4g}, {row.ci_high:8.4g}]"
        lines.append(f"{claim:<{c_width}}  {row.statistic:<{s_width}}  {row.threshold:>9}  "
                     f"{row.estimate:>9.4g}  {interval:>21}  {row.n:>5}  "
                     f"{'yes' if row.holds else 'NO'}")
    held = int(table["holds"].sum())
    lines.append(f"{held} of {len(table)} checks hold.")
    if "note" in table.columns:
        notes = [f"  {row.fact}. {row.statistic}: {row.note}"
                 for row in table.itertuples(index=False) if row.note]
        lines += ["Notes:", *notes] if notes else []
    return "\n".join(lines)


def facts_markdown(table: pd.DataFrame) -> str:
    """The facts table as a Markdown table (for the README and docs)."""
    lines = ["| fact | statistic | threshold | estimate | 95% interval | holds |",
             "|---|---|---|---|---|---|"]
    for row in table.itertuples(index=False):
        lines.append(f"| {row.fact}. {row.claim} | {row.statistic} | {row.threshold} | "
                     f"{row.estimate:.4g} | [{row.ci_low:.4g}, {row.ci_high:.4g}] | "
                     f"{'yes' if row.holds else '**no**'} |")
    return "\n".join(lines)
