"""The stylized facts of docs/specification.md section 8, version 2: contrasts that could fail.

:func:`run_facts` runs every experiment the facts need from one base
configuration (default: the defaults) and returns a :class:`FactsReport`:
one row per check (:func:`check_facts` returns just that table) and the
data of one figure per fact (:mod:`tournament.plots.facts`). The rules of
version 2, and how this module follows them:

* **Common random numbers.** Every configuration runs replicates
  ``0 … R-1`` of one seed (``R >= 100`` for the facts; fewer replicates
  only widen the intervals). Replicate ``r`` of two configurations shares
  its random stream, so a contrast between configurations is computed
  replicate by replicate, and so is a contrast within one run (treated
  against placebo units).
* **Intervals.** Paired differences get a Student-t interval of their mean
  (:func:`tournament.analysis.inference.paired_difference`); ratios of
  locations a bootstrap that resamples pairs (:func:`paired_ratio`); a
  single statistic a Student-t interval, or, where it can be infinite, the
  median with a bootstrap (:func:`median_interval`). A check *holds* only
  when its whole 95 % interval clears the threshold; a fact holds when all
  its checks do.
* **Infinite values.** Lifetimes are compared as restricted mean survival
  times up to the end of the run (:func:`tournament.analysis.project_rmst`)
  or as medians with a bootstrap; no replicate is dropped for an infinite
  value (undefined values, ``nan`` — a replicate without a single ended
  leadership spell, say — are left out and ``n`` counts the rest).
* **Falsifiers.** Every fact names a configuration that switches off the
  mechanism behind it (:data:`FALSIFIERS`); the same checks are run under
  it, and it must fail there. Facts 5, 7 and 8 compare several
  configurations; their falsifier changes every one of them.
* **Honesty.** A fact that does not hold is reported as *not reproduced*,
  never redefined. :data:`CLAIMED` lists the facts the README claims;
  ``tournament facts`` exits non-zero only when one of them fails.

The facts (``docs/model.md``, "Stylized facts, version 2", gives each
statistic, contrast, threshold and falsifier in full):

1. short lives — Kaplan–Meier median elite spell minus median project
   lifetime > 0 (paired), and Kaplan–Meier survival of projects at 5 rounds
   < 0.5;
2. turnover kills — age-matched Mantel–Haenszel hazard ratio of a death by
   choice just after the launching elite left >= 2;
3. restart — deaths other than replacements restarted within 10 rounds:
   share > 0.5, and above the placebo of jurisdictions without a project;
   new-domain share of those restarts > 0.5; replacements reported apart;
4. leader becomes follower — the leader is the owner of the model: mean
   spell >= 2 rounds, ex-leaders follow more often than the placebo
   (ranks 2 … k+1), model eras outlast leadership spells;
5. ablation — each decline mechanism off raises the restricted mean
   lifetime (paired), all four off multiply the median lifetime by >= 3;
6. bandwagon, then fade — launches by non-owners in the new model domain,
   after minus before, minus the same for the runner-up's domain > 0; the
   imitation wave peaks within 5 rounds and halves within 10;
7. unbalanced governance — gini rises with alpha, high alpha has crises,
   turning before the thresholds has fewer crises than turning at or after
   them and than either fixed extreme, and more growth than the balanced one;
8. lock-in — launch attempts and capacity growth with S and B both low
   below half their both-high values, interaction HH - HL - LH + LL > 0;
9. cycle (reported, not required) — the periodogram peak against an AR(1)
   null.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ParameterError, RecordSizeWarning
from ..analysis.bandwagon import bandwagon_did, designation_profile, imitation_profiles, wave_shape
from ..analysis.hazard import (
    elite_tenures,
    turnover_age_table,
    turnover_hazard_mh,
    wilson_interval,
)
from ..analysis.inference import (
    Interval,
    _percentile_bounds,
    mean_interval,
    median_interval,
    paired_difference,
    paired_ratio,
    t_ppf,
)
from ..analysis.launches import restart_placebo, restart_shares_by_cause
from ..analysis.leadership import leader_follower_contrast
from ..analysis.spectrum import cycle_test, launch_spectrum
from ..analysis.statistics import km_median, mean_run_length
from ..analysis.survival import (
    kaplan_meier,
    project_lifetime_median,
    project_lifetimes,
    project_rmst,
    survival_at,
)
from ..config import DECLINE_MECHANISMS, Config
from ..engine.simulate import simulate
from ._checks import TABLE_COLUMNS, Check, Falsifier, Side, check_run_args, table_row

__all__ = ["run_facts", "check_facts", "FactsReport", "fact_summary", "format_facts",
           "facts_markdown", "alpha_grid", "turning_margins", "Falsifier", "FACTS", "REQUIRED",
           "CLAIMED", "FALSIFIERS", "GOVERNANCE", "ALPHA_STEPS", "LOCK_IN", "LEVELS",
           "IN_BAND_SHARE", "LOW_RATIO", "ABLATION_FACTOR", "ALL_OFF", "TABLE_COLUMNS"]

FACTS = {
    1: "short lives", 2: "turnover kills", 3: "restart", 4: "leader becomes follower",
    5: "ablation", 6: "bandwagon, then fade", 7: "unbalanced governance", 8: "lock-in",
    9: "cycle", 10: "neighbours matter", 11: "tournaments crowd out cooperation",
}
REQUIRED = (1, 2, 3, 4, 5, 6, 7, 8, 10, 11)
"""Facts that are checks; fact 9 (the cycle) is reported, not required. Facts 10 and 11
(specification section 12) run in :mod:`tournament.experiments.space_facts`."""
SPACE = (10, 11)
CLAIMED: tuple[int, ...] = (1, 2, 3, 5, 6, 7, 8, 10, 11)
"""Facts the README claims: ``tournament facts`` exits non-zero only when one of them fails.

The facts that hold on the defaults (100 replicates, seed 0) with a margin of
several standard errors, and fail under their falsifiers. Fact 4 holds too,
but its follower contrast clears 0 by less than one standard error (0.017,
interval [0.004, 0.030]), so the README reports it without claiming it. Facts 10
and 11 hold on their documented configurations (fact 11's prize contrast reverses where
launches are dear or regions small; reported beside it)."""

GOVERNANCE: dict[str, Any] = {"transfer_share": 0.2, "value_return": 0.02}
"""Governance layer switched on for fact 7 (on top of the base configuration)."""
ALPHA_STEPS = (0.0, 0.125, 0.25, 0.5, 1.0)
"""Where the fixed alphas of fact 7 lie between ``concentration_low`` and ``concentration_high``."""
TURN_MARGIN = 0.05
"""The turning margin of fact 7 when the base configuration's ``policy_margin`` is 0."""
LOCK_IN: dict[str, Any] = {"value_return": 0.02}
"""Capacity growth switched on for fact 8 (without redistribution)."""
LEVELS = (0.3, 1.0)
"""Low and high values of ``state_capacity`` and ``bureaucratic_autonomy`` (fact 8)."""
IN_BAND_SHARE = 0.9
LOW_RATIO = 0.5
ABLATION_FACTOR = 3.0
ALL_OFF = {k: v for changes in DECLINE_MECHANISMS.values() for k, v in changes.items()}
"""Every decline mechanism switched off (:data:`tournament.DECLINE_MECHANISMS`)."""
SURVIVAL_AGE = 5
"""Fact 1: projects should rarely outlive one term of 5 rounds."""
WAVE_PEAK, WAVE_FADE = 5, 10
"""Fact 6: the imitation wave peaks within 5 rounds and halves within 10."""
CYCLE_P = 0.05
"""Fact 9: the test level of the AR(1) null, and the share of replicates rejecting it by chance."""


_BUT_TURNOVER = {**DECLINE_MECHANISMS["novelty"], **DECLINE_MECHANISMS["preferences"],
                 **DECLINE_MECHANISMS["absorption"]}

FALSIFIERS: dict[int, Falsifier] = {
    1: Falsifier("novelty, preferences and absorption off", _BUT_TURNOVER,
                 "every decline mechanism but elite turnover: a project then fades only with "
                 "its patron, so it lives about as long as an elite's spell"),
    2: Falsifier("ownership_discount = 1", {"ownership_discount": 1.0},
                 "the successor's discount on a predecessor's project: it values the project "
                 "as its own"),
    3: Falsifier("rationality = 0", {"rationality": 0.0},
                 "elites' choice: choosing at random, a jurisdiction whose project died "
                 "launches no more often than one that had none"),
    4: Falsifier("model_memory = 0", {"model_memory": 0.0},
                 "the model's memory: the model is the project best ranked this round, so "
                 "leadership lasts about one round"),
    5: Falsifier("all four already off", ALL_OFF,
                 "the decline mechanisms themselves: on a base without them, switching one "
                 "off changes nothing (a null ablation)"),
    6: Falsifier("no pull of the model", {"model_promotion": 0.0, "imitation_cost": 100.0},
                 "what draws others to the model's domain: the higher level's promotion of it "
                 "(model_promotion = 0) and imitation of it (imitation_cost = 100: nobody "
                 "imitates)"),
    7: Falsifier("transfer_share = 0", {"transfer_share": 0.0},
                 "redistribution by rank, through which alpha acts"),
    8: Falsifier("rationality = 0", {"rationality": 0.0},
                 "elites' response to S and B: they choose their actions at random"),
}
"""The falsifier of every required fact (docs/model.md, "Stylized facts, version 2")."""


# ----------------------------------------------------------------------------- the runs
class _Runs:
    """Simulations of one study, cached by configuration (each configuration runs once)."""

    def __init__(self, replicates: int, seed: int, threads: int | None) -> None:
        self.replicates, self.seed, self.threads = replicates, seed, threads
        self._cache: dict[Config, Any] = {}
        self._wanted: dict[Config, set[str]] = {}

    def want(self, cfg: Config, tables: Iterable[str]) -> None:
        """Register tables that a later call for ``cfg`` will need (one simulation for all)."""
        self._wanted.setdefault(cfg, set()).update(tables)

    def __call__(self, cfg: Config, tables: tuple[str, ...] = ()) -> Any:
        known = self._cache.get(cfg)
        if known is not None and all(getattr(known, t) is not None for t in tables):
            return known
        record = set(tables) | self._wanted.get(cfg, set())
        if known is not None:
            record |= {t for t in ("rounds", "events", "panel") if getattr(known, t) is not None}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RecordSizeWarning)
            res = simulate(cfg, replicates=self.replicates, seed=self.seed,
                           record=("summary", *sorted(record)), threads=self.threads)
        self._cache[cfg] = res
        return res


@dataclass
class FactsReport:
    """What :func:`run_facts` returns.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per check (:data:`TABLE_COLUMNS`).
    data : dict
        Per fact, ``{"on": {...}, "falsifier": {...}}``: the tables one
        figure of :mod:`tournament.plots.facts` draws.
    config : Config
        The base configuration.
    replicates, seed : int
        Replicates per configuration and the master seed.
    level : float
        Confidence level of the intervals.
    """

    table: pd.DataFrame
    data: dict[int, dict[str, dict[str, Any]]]
    config: Config
    replicates: int
    seed: int
    level: float = 0.95

    @property
    def summary(self) -> pd.DataFrame:
        """One row per fact (:func:`fact_summary`)."""
        return fact_summary(self.table)


# ----------------------------------------------------------------------------- helpers

def _reps(res: Any) -> pd.Index:
    return pd.Index(np.asarray(res.replicates), name="replicate")


def _aligned(series: pd.Series, res: Any) -> np.ndarray:
    """Values per replicate of ``res`` in replicate order (``nan`` for a missing replicate)."""
    return series.reindex(_reps(res)).to_numpy(float)


def _single(x: np.ndarray, level: float, seed: int) -> Interval:
    """Mean and t interval when every value is finite, else the median with a bootstrap."""
    clean = np.asarray(x, float)
    clean = clean[~np.isnan(clean)]
    if np.isfinite(clean).all():
        return mean_interval(clean, level)
    return median_interval(clean, level, seed=seed)


def _loc(x: np.ndarray) -> float:
    x = np.asarray(x, float)
    x = x[~np.isnan(x)]
    if len(x) == 0:
        return math.nan
    return float(x.mean()) if np.isfinite(x).all() else float(np.median(x))


def _g(x: float) -> str:
    return f"{x:.3g}"


def _col(res: Any, name: str) -> np.ndarray:
    return res.summary[name].to_numpy(float)


def _km_curve(durations: np.ndarray, observed: np.ndarray) -> pd.DataFrame:
    curve = kaplan_meier(durations, observed)
    return curve[["time", "survival", "ci_low", "ci_high"]]


# ----------------------------------------------------------------------------- fact 1
def _fact_1(runs: _Runs, cfg: Config, level: float) -> Side:
    res = runs(cfg, ("events", "panel"))
    t, b = cfg.n_rounds, cfg.burn_in
    life = _aligned(project_lifetime_median(res.events, t, b), res)
    tenures = elite_tenures(res.panel, b)
    # elite_spell_median(res.panel, b), from the spells measured once for the figure too
    spell = _aligned(pd.Series({rep: km_median(g["tenure"].to_numpy(np.int64),
                                               ~g["censored"].to_numpy(bool))
                                for rep, g in tenures.groupby("replicate", sort=True)},
                               dtype=float), res)
    s5 = _aligned(survival_at(res.events, t, b, SURVIVAL_AGE), res)
    data = {"projects": _km_curve(*project_lifetimes(res.events, t, b)),
            "elites": _km_curve(tenures["tenure"].to_numpy(np.int64),
                                ~tenures["censored"].to_numpy(bool)),
            "age": SURVIVAL_AGE}
    note = "" if len(tenures) else "no elite seated after burn-in left a spell to measure"
    return Side([
        Check("KM median elite spell - KM median project lifetime (rounds)", ">", 0.0,
               paired_difference(spell, life, level, seed=runs.seed),
               f"lifetime {_g(_loc(life))} vs elite spell {_g(_loc(spell))}", note),
        Check(f"KM survival of projects at {SURVIVAL_AGE} rounds", "<", 0.5,
               _single(s5, level, runs.seed)),
    ], data)


# ----------------------------------------------------------------------------- fact 2
def _fact_2(runs: _Runs, cfg: Config, level: float) -> Side:
    res = runs(cfg, ("events",))
    t, b = cfg.n_rounds, cfg.burn_in
    mh = turnover_hazard_mh(res.events, t, b, level=level).set_index("replicate")
    ratio = _aligned(mh["ratio"], res)
    h1 = mh["exposed_deaths"].sum() / max(mh["exposed_rounds"].sum(), 1)
    h0 = mh["unexposed_deaths"].sum() / max(mh["unexposed_rounds"].sum(), 1)
    ages = turnover_age_table(res.events, t, b).groupby("age", sort=True).sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        by_age = pd.DataFrame({
            "age": ages.index.to_numpy(),
            "exposed": (ages["exposed_deaths"] / ages["exposed_rounds"]).to_numpy(float),
            "unexposed": (ages["unexposed_deaths"] / ages["unexposed_rounds"]).to_numpy(float),
            "exposed_rounds": ages["exposed_rounds"].to_numpy(),
        })
    return Side([
        Check("Mantel-Haenszel hazard ratio of death by choice, patron left / in office",
               ">=", 2.0, _single(ratio, level, runs.seed),
               f"hazard {_g(h1)} in the 2 rounds after the patron left vs {_g(h0)} in office")],
        {"by_age": by_age})


# ----------------------------------------------------------------------------- fact 3
def _fact_3(runs: _Runs, cfg: Config, level: float) -> Side:
    res = runs(cfg, ("events",))
    t, b, n = cfg.n_rounds, cfg.burn_in, cfg.n_jurisdictions
    by_cause = restart_shares_by_cause(res.events, t, b)
    placebo = _aligned(restart_placebo(res.events, n, t, b).set_index("replicate")["share"], res)

    def group(name: str, column: str) -> np.ndarray:
        part = by_cause[by_cause["group"] == name].set_index("replicate")
        return _aligned(part[column], res)

    other, fresh = group("other", "share"), group("other", "new_domain_share")
    replaced_fresh = group("replaced", "new_domain_share")
    with np.errstate(divide="ignore", invalid="ignore"):
        replaced = group("replaced", "deaths") / group("all", "deaths")
    data = {"shares": pd.DataFrame({"replicate": _reps(res), "other": other, "placebo": placebo,
                                    "new_domain": fresh}),
            "causes": by_cause.groupby("group")[["deaths", "restarts", "new_domain"]].sum()}
    return Side([
        Check("restart share of deaths other than replacements", ">", 0.5,
               _single(other, level, runs.seed), f"placebo {_g(_loc(placebo))}"),
        Check("restart share - placebo (no project, launch within 10 rounds)", ">", 0.0,
               paired_difference(other, placebo, level, seed=runs.seed),
               f"{_g(_loc(other))} vs placebo {_g(_loc(placebo))}"),
        Check("new-domain share of those restarts", ">", 0.5, _single(fresh, level, runs.seed)),
        Check("replacements: share of all deaths (reported apart)", "", math.nan,
               _single(replaced, level, runs.seed),
               f"new-domain share of replacements {_g(_loc(replaced_fresh))}",
               required=False),
    ], data)


# ----------------------------------------------------------------------------- fact 4
def _era_means(rounds: pd.DataFrame, burn_in: int, res: Any) -> np.ndarray:
    late = rounds[rounds["round"] >= burn_in].sort_values(["replicate", "round"])
    eras = {rep: mean_run_length(g["model_domain"].to_numpy(), skip=-1)
            for rep, g in late.groupby("replicate", sort=True)}
    return _aligned(pd.Series(eras, dtype=float), res)


def _fact_4(runs: _Runs, cfg: Config, level: float) -> Side:
    res = runs(cfg, ("rounds", "events", "panel"))
    b = cfg.burn_in
    lf = leader_follower_contrast(res.rounds, res.panel, res.events, b).set_index("replicate")
    spell = _aligned(lf["spell_mean"], res)
    leader, placebo = _aligned(lf["leader_share"], res), _aligned(lf["placebo_share"], res)
    eras = _era_means(res.rounds, b, res)
    data = {"values": pd.DataFrame({"replicate": _reps(res), "leader": leader,
                                    "placebo": placebo, "spell": spell, "era": eras})}
    return Side([
        Check("mean leadership spell (owner of the model, rounds)", ">=", 2.0,
               _single(spell, level, runs.seed)),
        Check("ex-leaders following - placebo (ranks 2 .. k+1)", ">", 0.0,
               paired_difference(leader, placebo, level, seed=runs.seed),
               f"{_g(_loc(leader))} vs placebo {_g(_loc(placebo))}"),
        Check("mean model era - mean leadership spell (rounds)", ">", 0.0,
               paired_difference(eras, spell, level, seed=runs.seed),
               f"era {_g(_loc(eras))} vs spell {_g(_loc(spell))}"),
    ], data)


# ----------------------------------------------------------------------------- fact 5
def _fact_5(runs: _Runs, cfg: Config, level: float) -> Side:
    t, b = cfg.n_rounds, cfg.burn_in
    tau = max(t - 1 - b, 1)

    def lives(c: Config) -> tuple[np.ndarray, np.ndarray, Any]:
        res = runs(c, ("events",))
        return (_aligned(project_rmst(res.events, t, b, tau), res),
                _aligned(project_lifetime_median(res.events, t, b), res), res)

    base_rmst, base_median, base = lives(cfg)
    checks, rmst = [], {"base": base_rmst}
    for name, changes in DECLINE_MECHANISMS.items():
        off, _, _ = lives(cfg.replace(**changes))
        rmst[f"{name} off"] = off
        checks.append(Check(f"restricted mean lifetime (to {tau} rounds): {name} off - base",
                             ">", 0.0, paired_difference(off, base_rmst, level, seed=runs.seed),
                             f"{_g(_loc(off))} vs {_g(_loc(base_rmst))} rounds"))
    off_rmst, off_median, all_off = lives(cfg.replace(**ALL_OFF))
    rmst["all four off"] = off_rmst
    checks.append(Check("KM median lifetime: all four off / base", ">=", ABLATION_FACTOR,
                         paired_ratio(off_median, base_median, level, seed=runs.seed),
                         f"median {_g(_loc(off_median))} vs {_g(_loc(base_median))} rounds"))
    data = {"rmst": pd.DataFrame(rmst), "horizon": tau,
            "default": _km_curve(*project_lifetimes(base.events, t, b)),
            "all_off": _km_curve(*project_lifetimes(all_off.events, t, b))}
    return Side(checks, data)


# ----------------------------------------------------------------------------- fact 6
def _wave_intervals(matrix: np.ndarray, level: float, seed: int,
                    n_boot: int = 2000) -> tuple[Interval, Interval]:
    """Peak lag and fade lag of the mean imitation profile, replicates resampled."""
    if len(matrix) == 0:
        nan = Interval(math.nan, math.nan, math.nan, math.nan, 0, "bootstrap")
        return nan, nan
    peak, _, fade = wave_shape(matrix.mean(axis=0))
    idx = np.random.default_rng(seed).integers(0, len(matrix), (n_boot, len(matrix)))
    means = matrix[idx].mean(axis=1)
    shapes = np.array([wave_shape(m) for m in means])
    n = len(matrix)
    out = []
    for estimate, values in ((peak, shapes[:, 0]), (fade, shapes[:, 2])):
        low, high = _percentile_bounds(values, level)
        out.append(Interval(estimate, low, high, math.nan, n, "bootstrap"))
    return out[0], out[1]


def _fact_6(runs: _Runs, cfg: Config, level: float) -> Side:
    res = runs(cfg, ("rounds", "events", "panel"))
    b = cfg.burn_in
    did = bandwagon_did(res.events, res.rounds, res.panel, b).set_index("replicate")
    treated, placebo = _aligned(did["treated"], res), _aligned(did["placebo"], res)
    waves = imitation_profiles(res.events, res.rounds, b, WAVE_FADE)
    matrix = (waves.pivot(index="replicate", columns="lag", values="imitations").to_numpy(float)
              if len(waves) else np.empty((0, WAVE_FADE)))
    peak, fade = _wave_intervals(matrix, level, runs.seed)
    never = "inf: it does not halve within 10 rounds" if math.isinf(fade.high) else ""
    profile = designation_profile(res.events, res.rounds, res.panel, b)
    data = {"profile": profile, "wave": matrix}
    used = int(did["used"].sum())
    return Side([
        Check("bandwagon DiD: launches by non-owners, model domain - runner-up's (per round)",
               ">", 0.0, paired_difference(treated, placebo, level, seed=runs.seed),
               f"after - before {_g(_loc(treated))} vs runner-up {_g(_loc(placebo))}",
               f"{used} designations with a runner-up"),
        Check("imitation wave: lag of its peak (rounds)", "<=", float(WAVE_PEAK), peak),
        Check("imitation wave: first lag below half the peak (rounds)", "<=", float(WAVE_FADE),
               fade, note=never),
    ], data)


# ----------------------------------------------------------------------------- fact 7
def alpha_grid(cfg: Config) -> tuple[float, ...]:
    """The fixed alphas of fact 7: :data:`ALPHA_STEPS` of the way from low to high.

    With the defaults (``concentration_low = 0``, ``concentration_high = 8``)
    this is ``(0, 1, 2, 4, 8)``.
    """
    lo, hi = cfg.concentration_low, cfg.concentration_high
    return tuple(lo + step * (hi - lo) for step in ALPHA_STEPS)


def turning_margins(cfg: Config) -> tuple[float, float, float]:
    """The policy margins fact 7 compares: before, at and after the thresholds.

    ``(m, 0, -m)`` with ``m = |policy_margin|`` of the configuration, or
    :data:`TURN_MARGIN` when that is 0: the turning-point policy turns ``m``
    before a threshold, at it, or ``m`` after it.
    """
    m = abs(cfg.policy_margin) or TURN_MARGIN
    return m, 0.0, -m


def _in_band(res: Any, cfg: Config) -> np.ndarray:
    late = res.rounds[res.rounds["round"] >= cfg.burn_in]
    inside = late["gini"].between(cfg.balance_threshold, cfg.imbalance_threshold)
    return _aligned(inside.groupby(late["replicate"]).mean(), res)


def _fact_7(runs: _Runs, gov: Config, level: float) -> Side:
    alphas = alpha_grid(gov)
    fixed = [runs(gov.replace(allocation_policy="fixed", concentration=a)) for a in alphas]
    margins = turning_margins(gov)
    turning = [runs(gov.replace(allocation_policy="turning_point", policy_margin=m),
                    ("rounds",) if m > 0 else ()) for m in margins]
    gini = [_col(r, "gini_mean") for r in fixed]
    steps = [paired_difference(hi, lo, level) for lo, hi in zip(gini[:-1], gini[1:], strict=True)]
    lows = [s.low for s in steps]
    worst = int(np.argmin(np.where(np.isnan(lows), -np.inf, lows)))
    crises = [_col(r, "crises") for r in fixed]
    t_crises = [_col(r, "crises") for r in turning]
    before = turning[0]
    t_growth = _col(before, "capacity_growth")
    m = margins[0]
    data = {"alphas": alphas, "gini": gini, "crises_fixed": crises, "margins": margins,
            "crises_turning": t_crises, "growth_low": _col(fixed[0], "capacity_growth"),
            "growth_turning": t_growth}
    seed = runs.seed
    return Side([
        Check("gini_mean: smallest rise along alpha = " + ", ".join(_g(a) for a in alphas),
               ">", 0.0, steps[worst], f"alpha {_g(alphas[worst])} -> {_g(alphas[worst + 1])}"),
        Check(f"crises with fixed alpha = {_g(alphas[-1])}", ">", 0.0,
               _single(crises[-1], level, seed)),
        Check(f"turning {_g(m)} before the thresholds: share of rounds with gini in band",
               ">=", IN_BAND_SHARE, _single(_in_band(before, before.config), level, seed),
               f"band [{_g(gov.balance_threshold)}, {_g(gov.imbalance_threshold)}]"),
        Check("crises: turning at the thresholds - turning before", ">", 0.0,
               paired_difference(t_crises[1], t_crises[0], level, seed=seed),
               f"{_g(_loc(t_crises[1]))} vs {_g(_loc(t_crises[0]))}"),
        Check(f"crises: turning {_g(m)} after - turning before", ">", 0.0,
               paired_difference(t_crises[2], t_crises[0], level, seed=seed),
               f"{_g(_loc(t_crises[2]))} vs {_g(_loc(t_crises[0]))}"),
        Check(f"crises: fixed alpha = {_g(alphas[0])} - turning before", ">", 0.0,
               paired_difference(crises[0], t_crises[0], level, seed=seed),
               f"{_g(_loc(crises[0]))} vs {_g(_loc(t_crises[0]))}"),
        Check(f"crises: fixed alpha = {_g(alphas[-1])} - turning before", ">", 0.0,
               paired_difference(crises[-1], t_crises[0], level, seed=seed),
               f"{_g(_loc(crises[-1]))} vs {_g(_loc(t_crises[0]))}"),
        Check(f"capacity_growth: turning before - fixed alpha = {_g(alphas[0])}", ">", 0.0,
               paired_difference(t_growth, data["growth_low"], level, seed=seed),
               f"{_g(_loc(t_growth))} vs {_g(_loc(data['growth_low']))}"),
    ], data)


# ----------------------------------------------------------------------------- fact 8
def _fact_8(runs: _Runs, base: Config, level: float) -> Side:
    lo, hi = LEVELS
    cell = {(s, b): runs(base.replace(state_capacity=s, bureaucratic_autonomy=b))
            for s in LEVELS for b in LEVELS}
    checks, means = [], {}
    for name in ("attempt_rate", "capacity_growth"):
        y = {k: _col(r, name) for k, r in cell.items()}
        means[name] = {k: _loc(v) for k, v in y.items()}
        checks.append(Check(f"{name}: (S, B low) / (S, B high)", "<", LOW_RATIO,
                             paired_ratio(y[(lo, lo)], y[(hi, hi)], level, seed=runs.seed),
                             f"{_g(_loc(y[(lo, lo)]))} vs {_g(_loc(y[(hi, hi)]))}"))
        interaction = y[(hi, hi)] - y[(hi, lo)] - y[(lo, hi)] + y[(lo, lo)]
        checks.append(Check(f"{name}: interaction HH - HL - LH + LL", ">", 0.0,
                             mean_interval(interaction, level)))
    return Side(checks, {"means": means, "levels": LEVELS})


# ----------------------------------------------------------------------------- fact 9
def _fact_9(runs: _Runs, cfg: Config, level: float) -> Side:
    res = runs(cfg, ("rounds",))
    test = cycle_test(res.rounds, cfg.burn_in, seed=runs.seed).set_index("replicate")
    p_ar1, p_fisher = _aligned(test["p_ar1"], res), _aligned(test["p_fisher"], res)
    defined = p_ar1[~np.isnan(p_ar1)]
    hits = int((defined < CYCLE_P).sum())
    z = t_ppf(0.5 + level / 2.0, math.inf)
    low, high = wilson_interval(np.array([hits]), np.array([len(defined)]), z)
    share = hits / len(defined) if len(defined) else math.nan
    iv = Interval(share, float(low[0]), float(high[0]), math.nan, len(defined), "wilson")
    periodic = iv.low > CYCLE_P
    verdict = ("a periodic cycle: more replicates reject the AR(1) null than chance" if periodic
               else "no periodic cycle beyond an AR(1) process: only the life cycle of projects")
    return Side([
        Check(f"share of replicates whose periodogram peak beats AR(1) at p < {_g(CYCLE_P)}",
               "", math.nan, iv, f"chance: {_g(CYCLE_P)}; median peak period "
               f"{_g(float(np.nanmedian(test['period'])))} rounds", verdict, required=False),
    ], {"p_ar1": p_ar1, "p_fisher": p_fisher,
        "spectrum": launch_spectrum(res.rounds, cfg.burn_in)})


# ----------------------------------------------------------------------------- assembly
_SIDES: dict[int, Callable[[_Runs, Config, float], Side]] = {
    1: _fact_1, 2: _fact_2, 3: _fact_3, 4: _fact_4, 5: _fact_5, 6: _fact_6, 7: _fact_7,
    8: _fact_8, 9: _fact_9,
}
_BASE_TABLES = {1: ("events", "panel"), 2: ("events",), 3: ("events",),
                4: ("rounds", "events", "panel"), 5: ("events",),
                6: ("rounds", "events", "panel"), 9: ("rounds",)}


def _fact_base(fact: int, cfg: Config) -> Config:
    """The configuration a fact's checks start from (facts 7 and 8 switch layers on)."""
    if fact == 7:
        return cfg.replace(**GOVERNANCE)
    if fact == 8:
        return cfg.replace(**LOCK_IN)
    return cfg


def _check_args(config: Config | None, replicates: int, seed: int, facts: Iterable[int],
                level: float) -> tuple[Config, list[int]]:
    cfg, wanted = check_run_args(config, Config(), replicates, seed, facts, level, FACTS,
                                 "1 … 11")
    if 7 in wanted and not cfg.concentration_high > cfg.concentration_low:
        raise ParameterError(
            f"concentration_high = {cfg.concentration_high!r} must exceed concentration_low = "
            f"{cfg.concentration_low!r} for fact 7 (the turning point switches between them)")
    return cfg, wanted


def run_facts(config: Config | None = None, replicates: int = 100, seed: int = 0,
              facts: Iterable[int] = tuple(FACTS), threads: int | None = None,
              level: float = 0.95) -> FactsReport:
    """Run the checks of the stylized facts (version 2) and their falsifiers.

    Parameters
    ----------
    config : Config, optional
        The base configuration (default: the defaults). Facts 5, 7 and 8
        run variants of it; every falsifier (:data:`FALSIFIERS`) is applied
        on top of the configurations of its fact.
    replicates : int
        Replicates per configuration (>= 2; the specification asks for 100).
    seed : int
        Master seed shared by every configuration (common random numbers).
    facts : iterable of int
        Which facts (1 … 9) to run.
    threads : int, optional
        Threads of the compiled engine.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    FactsReport
        The table of checks (:data:`TABLE_COLUMNS`) and the data of the figures.

    Raises
    ------
    ParameterError
        On a bad configuration, ``replicates``, ``seed``, ``facts`` or
        ``level``, or, for fact 7, when ``concentration_high`` does not
        exceed ``concentration_low``.
    """
    cfg, wanted = _check_args(config, replicates, seed, facts, level)
    runs = _Runs(replicates, seed, threads)
    runs.want(cfg, {t for f in wanted for t in _BASE_TABLES.get(f, ())})
    rows: list[dict[str, Any]] = []
    data: dict[int, dict[str, dict[str, Any]]] = {}
    space = [f for f in wanted if f in SPACE]
    for fact in (f for f in wanted if f not in SPACE):
        base = _fact_base(fact, cfg)
        on = _SIDES[fact](runs, base, level)
        off = None
        falsifier = FALSIFIERS.get(fact)
        if falsifier is not None:
            off = _SIDES[fact](runs, base.replace(**falsifier.changes), level)
        label = falsifier.label if falsifier is not None else ""
        for pos, check in enumerate(on.checks):
            rows.append(table_row(fact, FACTS[fact], check,
                                  off.checks[pos] if off is not None else None, label))
        data[fact] = {"on": on.data, "falsifier": off.data if off is not None else {}}
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    if space:  # section 12, on its own base (N = 100, T = 120) with the configuration's changes
        from .space_facts import SPACE_BASE, run_space_facts

        base = SPACE_BASE.replace(**cfg.diff(Config())) if config is not None else None
        extra = run_space_facts(base, replicates, seed, space, threads, level)
        table = pd.concat([table, extra.table], ignore_index=True) if rows else extra.table
        for fact in space:
            data[fact] = {**extra.data[fact], "report": {"space": extra}}
    return FactsReport(table, data, cfg, replicates, seed, level)


def check_facts(config: Config | None = None, replicates: int = 100, seed: int = 0,
                facts: Iterable[int] = tuple(FACTS), threads: int | None = None,
                level: float = 0.95) -> pd.DataFrame:
    """The table of :func:`run_facts`: one row per check (:data:`TABLE_COLUMNS`).

    Parameters and errors as :func:`run_facts`.
    """
    return run_facts(config, replicates, seed, facts, threads, level).table


# ----------------------------------------------------------------------------- output
def fact_summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per fact: does it hold, does its falsifier break it, is it claimed.

    Parameters
    ----------
    table : pandas.DataFrame
        A facts table (:func:`check_facts`).

    Returns
    -------
    pandas.DataFrame
        ``fact``, ``claim``, ``holds`` (every required check holds),
        ``falsifier``, ``falsifier_fails`` (some required check fails under
        it), ``claimed`` (in :data:`CLAIMED`) and ``verdict``
        (``"reproduced"``, ``"not reproduced"`` or ``"reported"``).
    """
    rows = []
    for fact, part in table.groupby("fact", sort=True):
        req = part[part["required"].astype(bool)]
        if req.empty:
            rows.append((int(fact), FACTS[int(fact)], False, "", False, False, "reported"))
            continue
        holds = bool(req["holds"].astype(bool).all())
        label = str(part["falsifier"].iloc[0])
        breaks = bool(label) and not bool(req["f_holds"].astype(bool).all())
        rows.append((int(fact), FACTS[int(fact)], holds, label, breaks, int(fact) in CLAIMED,
                     "reproduced" if holds else "not reproduced"))
    return pd.DataFrame(rows, columns=["fact", "claim", "holds", "falsifier", "falsifier_fails",
                                       "claimed", "verdict"])


def _num(x: float) -> str:
    if isinstance(x, float) and math.isnan(x):
        return "-"
    return f"{x:.4g}"


def _interval(low: float, high: float) -> str:
    return f"[{_num(low)}, {_num(high)}]"


def _yes(row: Any) -> str:
    if not row.required:
        return "reported"
    return "yes" if row.holds else "NO"


def format_facts(table: pd.DataFrame) -> str:
    """The facts table as text: per fact its checks, the falsifier's results, and a verdict.

    Parameters
    ----------
    table : pandas.DataFrame
        A facts table (:func:`check_facts`).

    Returns
    -------
    str
        For every check: statistic, threshold, estimate, 95 % interval,
        holds, what it is compared with, and the same under the falsifier;
        then one verdict line per fact and a count of the claimed facts.
    """
    summary = fact_summary(table).set_index("fact")
    width = max([len(s) for s in table["statistic"]] + [9])
    lines = []
    for fact, part in table.groupby("fact", sort=True):
        info = summary.loc[fact]
        head = f"{fact}. {info.claim}"
        if info.falsifier:
            head += f"  (falsifier: {info.falsifier})"
        lines.append(head)
        lines.append(f"   {'check':<{width}}  {'threshold':>9}  {'estimate':>9}  "
                     f"{'95% interval':>22}  {'holds':>8}  |  {'falsifier':>9}  "
                     f"{'95% interval':>22}  holds")
        for row in part.itertuples(index=False):
            f_part = (f"{_num(row.f_estimate):>9}  {_interval(row.f_low, row.f_high):>22}  "
                      f"{'yes' if row.f_holds else 'no'}" if row.falsifier and row.required
                      else f"{'-':>9}  {'':>22}  -")
            lines.append(f"   {row.statistic:<{width}}  {row.threshold:>9}  "
                         f"{_num(row.estimate):>9}  {_interval(row.ci_low, row.ci_high):>22}  "
                         f"{_yes(row):>8}  |  {f_part}")
            extra = [x for x in (row.compared, row.note) if x]
            if extra:
                lines.append(f"     {'; '.join(extra)}")
            if row.falsifier and row.f_compared:
                lines.append(f"     under the falsifier: {row.f_compared}")
        if info.verdict == "reported":
            lines.append("   => reported, not required")
        else:
            verdict = "=> reproduced" if info.holds else "=> not reproduced"
            if info.falsifier:
                verdict += ("; the falsifier breaks it, as it should" if info.falsifier_fails
                            else "; the falsifier does NOT break it")
            if info.claimed:
                verdict += " (claimed in the README)"
            lines.append(f"   {verdict}")
        lines.append("")
    required = summary[summary["verdict"] != "reported"]
    held = int(required["holds"].sum())
    lines.append(f"{held} of {len(required)} facts reproduced: "
                 f"{', '.join(str(f) for f in required.index[required['holds']]) or 'none'}.")
    claimed = required[required["claimed"]]
    failed = claimed.index[~claimed["holds"].astype(bool)].tolist()
    lines.append(f"Claimed in the README: {', '.join(map(str, claimed.index)) or 'none'}; "
                 + (f"NOT reproduced: {', '.join(map(str, failed))}." if failed
                    else "all reproduced."))
    return "\n".join(lines)


def facts_markdown(table: pd.DataFrame) -> str:
    """The facts table as Markdown (for the README): the checks, then one row per fact.

    Parameters
    ----------
    table : pandas.DataFrame
        A facts table (:func:`check_facts`).

    Returns
    -------
    str
        Two Markdown tables: every check with its estimate, interval, what
        it is compared with and its result under the falsifier; and every
        fact with its verdict and its falsifier's.
    """
    lines = ["| fact | check | threshold | estimate | 95% interval | compared with | holds | "
             "falsifier: estimate [95% interval] | holds under the falsifier |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in table.itertuples(index=False):
        held = ("reported" if not row.required else "yes" if row.holds else "**no**")
        if row.falsifier and row.required:
            f_est = f"{_num(row.f_estimate)} {_interval(row.f_low, row.f_high)}"
            f_held = "yes" if row.f_holds else "no"
        else:
            f_est, f_held = "-", "-"
        lines.append(f"| {row.fact}. {row.claim} | {row.statistic} | {row.threshold} | "
                     f"{_num(row.estimate)} | {_interval(row.ci_low, row.ci_high)} | "
                     f"{row.compared or '-'} | {held} | {f_est} | {f_held} |")
    lines += ["", "| fact | on the defaults | falsifier | under the falsifier |",
              "|---|---|---|---|"]
    for row in fact_summary(table).itertuples(index=False):
        if row.verdict == "reported":
            lines.append(f"| {row.fact}. {row.claim} | reported, not required | - | - |")
            continue
        verdict = "reproduced" if row.holds else "**not reproduced**"
        under = ("fails, as it should" if row.falsifier_fails else "**still holds**")
        lines.append(f"| {row.fact}. {row.claim} | {verdict} | {row.falsifier} | {under} |")
    return "\n".join(lines)
