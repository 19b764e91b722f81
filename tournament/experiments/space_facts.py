"""Facts 10 and 11 of docs/specification.md section 12: neighbours, and cooperation.

:func:`run_space_facts` runs the experiments of the two facts of the
spatial layer and returns a :class:`SpaceFactsReport`: one row per check in
the format of :func:`tournament.experiments.facts.check_facts`
(:data:`tournament.experiments.facts.TABLE_COLUMNS`, the falsifier's result
beside each check) and the data of its figures
(:mod:`tournament.plots.space`); :func:`check_space_facts` returns just the
table. The rules are those of the other facts (version 2): every
configuration runs replicates ``0 … R-1`` of one seed (common random
numbers), contrasts between configurations are computed pair by pair, a
check holds only when its whole 95 % interval clears its threshold, and
every fact names a falsifier, applied to every configuration of the fact,
under which it must fail.

**Fact 10, neighbours matter** (:data:`NEIGHBOURS`). On a ring and on a
small world with ``degree = 4`` and ``learning_rate = 0.5``, the
event-history logit of :func:`tournament.analysis.space.neighbour_effect`
(a launch by jurisdiction i in domain d in round t, on the number of i's
neighbours running a recognised project in d, with the domain's national
count as categories and whether i is busy) has a neighbour coefficient
> 0 (cluster-robust interval, replicates as clusters), and larger than the
placebo's, paired by replicate. *Placebo and falsifier*: the complete
topology, the same replicates, with the same regressor counted on the
ring's (or the small world's) graph, which plays no part in that run: its
coefficient must not clear 0.

**Fact 11, tournaments crowd out cooperation** (:data:`COOPERATION`).
With cooperation on in 10 regions of 10, a coordination body
(``coordination_cost = 0``) and launches at a third of the default cost
(``innovation_cost = 0.5``), the share of launches that join a joint project
(:func:`tournament.analysis.space.joint_share`) must fall at each step of
``credit_sharing`` 0, 0.5, 1, fall as ``promotion_value`` rises from 1.5 to
6, and rise under regional evaluation (``evaluation_mode = "regional"``,
``regional_weight`` :data:`REGIONAL_WEIGHT`). Reported beside it: whether
joint projects outlive single ones (restricted mean lifetimes, a joint
project living until its last member leaves it), the joint share at the
default ``coordination_cost`` (cooperation rarely starts without a
coordination body), and the prize contrast where it reverses: at the
default ``innovation_cost`` (:data:`DEFAULT_COST`) and in regions half as
large (:data:`SMALL_REGIONS`). *Falsifier*: ``promotion_value = 0``, no
career value of recognition: the tournament is off, and so is its pull
against sharing the credit.

What the model shows (docs/space.md gives the numbers): fact 10 holds and
its falsifier breaks it; fact 11 holds on its configuration and its
falsifier breaks it, but the prize contrast has a boundary: where launches
are dear or regions small, the launchers a larger prize draws in are the
partners a proposer lacks, and the joint share rises with the prize.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ParameterError, RecordSizeWarning
from ..analysis.inference import Interval, mean_interval, paired_difference
from ..analysis.space import (
    NeighbourEffect,
    joint_lifetimes,
    joint_share,
    neighbour_contrast,
    neighbour_effect,
    neighbour_exposure,
)
from ..config import Config
from ..engine.simulate import simulate
from ._checks import TABLE_COLUMNS, Check, Falsifier, Side, check_run_args, table_row

__all__ = ["run_space_facts", "check_space_facts", "joint_share_grid", "prize_contrast_grid",
           "SpaceFactsReport",
           "SPACE_FACTS",
           "SPACE_FALSIFIERS", "SPACE_BASE", "NEIGHBOURS", "COOPERATION", "CREDIT_LEVELS",
           "PROMOTION_LEVELS", "REGIONAL_WEIGHT", "PLACEBO_TOPOLOGY", "DEFAULT_COST",
           "SMALL_REGIONS"]

SPACE_FACTS = {10: "neighbours matter", 11: "tournaments crowd out cooperation"}
"""The facts of specification section 12, numbered after the eight (nine) of section 8."""

SPACE_BASE = Config(n_jurisdictions=100, n_rounds=120, burn_in=20)
"""The base configuration of both facts when none is given: N = 100, T = 120, burn-in 20."""

NEIGHBOURS: dict[str, Any] = {"degree": 4, "learning_rate": 0.5, "rewire_prob": 0.1}
"""Fact 10: the graph's degree, what one example teaches, the small world's rewiring."""
PLACEBO_TOPOLOGY = "complete"
"""Fact 10's falsifier: no neighbours in the run; the regressor counted on the graph anyway."""

COOPERATION: dict[str, Any] = {"n_regions": 10, "cooperation": "on", "coordination_cost": 0.0,
                               "innovation_cost": 0.5}
"""Fact 11: cooperation on, 10 regions, a coordination body (no extra cost of joining), and
launches that cost a third of the default (``innovation_cost`` 0.5), so that what decides
between a joint and a single launch is the career value of the credit rather than the money
saved (at the default cost the prize contrast reverses; reported beside the fact)."""
DEFAULT_COST: float = Config().innovation_cost
"""Fact 11's counterfactual: the prize contrast at the default ``innovation_cost`` (reported)."""
SMALL_REGIONS = 20
"""Fact 11's other counterfactual: the prize contrast with twice as many, half as large,
regions (``n_regions`` 20; reported)."""
CREDIT_LEVELS = (0.0, 0.5, 1.0)
"""Fact 11: ``credit_sharing`` from full credit for every member to credit split evenly."""
PROMOTION_LEVELS = (1.5, 6.0)
"""Fact 11: ``promotion_value`` at half and twice its default of 3."""
REGIONAL_WEIGHT = 2.0
"""Fact 11: ``regional_weight`` of the regional evaluation (at the default 0.5 the rise is too
small to resolve with 100 replicates; docs/space.md gives both)."""

SPACE_FALSIFIERS: dict[int, Falsifier] = {
    10: Falsifier("topology = complete (ring / small-world neighbours as a placebo)",
                  {"topology": PLACEBO_TOPOLOGY},
                  "the neighbour graph itself: with everyone seeing everyone, a jurisdiction's "
                  "ring (or small-world) neighbours are a random draw from the jurisdictions "
                  "that run the domain, and their count cannot matter once the national count "
                  "is held"),
    11: Falsifier("promotion_value = 0", {"promotion_value": 0.0},
                  "the tournament: without a career value of recognition nobody weighs "
                  "visibility, so sharing the credit, or having the region evaluated, cannot "
                  "change what elites choose"),
}
"""The falsifier of each fact (applied on top of every configuration of the fact)."""


@dataclass
class SpaceFactsReport:
    """What :func:`run_space_facts` returns.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per check (:data:`tournament.experiments.facts.TABLE_COLUMNS`).
    data : dict
        Per fact, ``{"on": {...}, "falsifier": {...}}``: fact 10 the
        :class:`~tournament.analysis.space.NeighbourEffect` of every graph
        (``"ring"``, ``"small_world"``), fact 11 the joint share per
        replicate of every configuration (``"shares"``, a DataFrame) and the
        lifetimes (``"lifetimes"``).
    config : Config
        The base configuration.
    replicates, seed : int
        Replicates per configuration and the seed.
    level : float
        Confidence level.
    """

    table: pd.DataFrame
    data: dict[int, dict[str, dict[str, Any]]]
    config: Config
    replicates: int
    seed: int
    level: float = 0.95


class _Runs:
    """Simulations cached by configuration: each configuration runs once, with all its tables."""

    def __init__(self, replicates: int, seed: int, threads: int | None) -> None:
        self.replicates, self.seed, self.threads = replicates, seed, threads
        self._cache: dict[Config, Any] = {}

    def __call__(self, cfg: Config, tables: tuple[str, ...]) -> Any:
        known = self._cache.get(cfg)
        if known is not None and all(getattr(known, t) is not None for t in tables):
            return known
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RecordSizeWarning)
            res = simulate(cfg, replicates=self.replicates, seed=self.seed,
                           record=("summary", *tables), threads=self.threads)
        self._cache[cfg] = res
        return res


def _g(x: float) -> str:
    return f"{x:.3g}"


def _nan_interval(method: str) -> Interval:
    return Interval(math.nan, math.nan, math.nan, math.nan, 0, method)


# ----------------------------------------------------------------------------- fact 10
def _effect(runs: _Runs, cfg: Config, graph: str,
            level: float) -> tuple[NeighbourEffect | None, pd.DataFrame, str]:
    """The neighbour effect of ``cfg``'s run, counted on ``graph`` (its own when it has one)."""
    res = runs(cfg, ("events",))
    own = cfg.topology != PLACEBO_TOPOLOGY
    exposure = neighbour_exposure(res.events, cfg, runs.seed, graph=None if own else graph,
                                  grouped=True)
    try:
        return neighbour_effect(exposure, level=level), exposure, ""
    except ParameterError as exc:  # no launch, or no variation: the check cannot hold
        return None, exposure, str(exc)


def _fact_10(runs: _Runs, base: Config, level: float) -> Side:
    checks, effects = [], {}
    exposures = {}
    placebo_cfg = base.replace(topology=PLACEBO_TOPOLOGY)
    for graph, label in (("ring", "ring"), ("small_world", "small world")):
        cfg = base if base.topology == PLACEBO_TOPOLOGY else base.replace(topology=graph)
        eff, exposure, why = _effect(runs, cfg, graph, level)
        effects[graph] = eff
        exposures[graph] = exposure
        iv = eff.interval if eff is not None else _nan_interval("cluster-robust logit")
        note = why or (f"{eff.launches} launches in {eff.trials} jurisdiction-round-domains "
                       f"at risk; odds ratio {_g(eff.odds_ratio)} per neighbour")
        checks.append(Check(f"{label}: log-odds of a launch per neighbour running the domain "
                             "(recognised)", ">", 0.0, iv,
                             f"on topology {cfg.topology!r}, neighbours of the {label}", note))
    # the paired contrast with the placebo (complete topology, ring neighbours)
    ring_cfg = base if base.topology == PLACEBO_TOPOLOGY else base.replace(topology="ring")
    same = ring_cfg == placebo_cfg
    _, placebo, why_p = _effect(runs, placebo_cfg, "ring", level)
    note = ""
    if same:  # the falsifier: both sides are the same run, the difference is 0 exactly
        contrast = Interval(0.0, 0.0, 0.0, 0.0, runs.replicates, "paired cluster-robust logit")
    else:
        try:
            contrast = neighbour_contrast(exposures["ring"], placebo, level=level)
        except ParameterError as exc:
            contrast, note = _nan_interval("paired cluster-robust logit"), str(exc)
    checks.append(Check("ring - placebo (complete topology, ring neighbours): paired "
                         "difference of the coefficients", ">", 0.0, contrast,
                         "the same replicates of both runs" + (
                             " (identical runs here: the difference is 0 by construction)"
                             if same else ""), note or why_p))
    return Side(checks, {"effects": effects})


# ----------------------------------------------------------------------------- fact 11
def _shares(runs: _Runs, cfg: Config,
            tables: tuple[str, ...] = ("rounds", "events")) -> tuple[np.ndarray, Any]:
    res = runs(cfg, tables)
    share = joint_share(res.rounds, cfg.burn_in)
    reps = pd.Index(np.asarray(res.replicates), name="replicate")
    return share.reindex(reps).to_numpy(float), res


def _prize_shares(runs: _Runs, cfg: Config) -> dict[float, np.ndarray]:
    """The joint share per replicate at each of :data:`PROMOTION_LEVELS`.

    Under the falsifier (``promotion_value = 0``) both sides stay at 0: identical runs.
    """
    return {v: _shares(runs, cfg.replace(promotion_value=v) if cfg.promotion_value != 0.0
                       else cfg, ("rounds",))[0]
            for v in PROMOTION_LEVELS}


def _fact_11(runs: _Runs, base: Config, level: float) -> Side:
    seed = runs.seed
    credit = {c: _shares(runs, base.replace(credit_sharing=c))[0] for c in CREDIT_LEVELS}
    promo = _prize_shares(runs, base)
    individual, res = _shares(runs, base)
    regional, _ = _shares(runs, base.replace(evaluation_mode="regional",
                                            regional_weight=REGIONAL_WEIGHT))
    lo_c, mid_c, hi_c = CREDIT_LEVELS
    steps = [paired_difference(credit[a], credit[b], level, seed=seed)
             for a, b in zip(CREDIT_LEVELS[:-1], CREDIT_LEVELS[1:], strict=True)]
    lows = [s.low for s in steps]
    worst = int(np.argmin(np.where(np.isnan(lows), -np.inf, lows)))
    lo_p, hi_p = PROMOTION_LEVELS
    life = joint_lifetimes(res.events, base.n_rounds, base.burn_in)
    life = life.reindex(pd.Index(np.asarray(res.replicates), name="replicate"))
    joint_life, single_life = life["joint"].to_numpy(float), life["single"].to_numpy(float)
    costly, _ = _shares(runs, base.replace(coordination_cost=_default("coordination_cost")))
    dear_promo = _prize_shares(runs, base.replace(innovation_cost=DEFAULT_COST))
    n_small = min(SMALL_REGIONS, base.n_jurisdictions)
    small_promo = _prize_shares(runs, base.replace(n_regions=n_small))

    def mean(x: np.ndarray) -> float:
        x = x[~np.isnan(x)]
        return float(x.mean()) if len(x) else math.nan

    shares = pd.DataFrame({"replicate": np.asarray(res.replicates),
                           **{f"credit_sharing={c:g}": v for c, v in credit.items()},
                           **{f"promotion_value={v:g}": s for v, s in promo.items()},
                           "individual": individual, "regional": regional,
                           **{f"innovation_cost={DEFAULT_COST:g},promotion_value={v:g}": x
                              for v, x in dear_promo.items()},
                           **{f"n_regions={SMALL_REGIONS},promotion_value={v:g}": x
                              for v, x in small_promo.items()}})
    checks = [
        Check(f"joint share of launches: credit_sharing {_g(lo_c)} - {_g(hi_c)}", ">", 0.0,
               paired_difference(credit[lo_c], credit[hi_c], level, seed=seed),
               f"{_g(mean(credit[lo_c]))} vs {_g(mean(credit[hi_c]))}"),
        Check("joint share: smallest fall along credit_sharing = "
               + ", ".join(_g(c) for c in CREDIT_LEVELS), ">", 0.0, steps[worst],
               f"credit_sharing {_g(CREDIT_LEVELS[worst])} -> {_g(CREDIT_LEVELS[worst + 1])}; "
               f"shares {', '.join(_g(mean(credit[c])) for c in CREDIT_LEVELS)}"),
        Check(f"joint share: promotion_value {_g(lo_p)} - {_g(hi_p)}", ">", 0.0,
               paired_difference(promo[lo_p], promo[hi_p], level, seed=seed),
               f"{_g(mean(promo[lo_p]))} vs {_g(mean(promo[hi_p]))}"
               + (" (identical runs: promotion_value is 0 at both)"
                  if base.promotion_value == 0.0 else "")),
        Check(f"joint share: regional (regional_weight {_g(REGIONAL_WEIGHT)}) - individual "
               "evaluation", ">", 0.0,
               paired_difference(regional, individual, level, seed=seed),
               f"{_g(mean(regional))} vs {_g(mean(individual))}"),
        Check("restricted mean lifetime: joint projects (to their last member) - single "
               "(rounds, reported)", "", math.nan,
               paired_difference(joint_life, single_life, level, seed=seed),
               f"{_g(mean(joint_life))} vs {_g(mean(single_life))} rounds",
               f"{int(life['n_joint'].sum())} joint and {int(life['n_single'].sum())} single "
               "projects after burn-in", required=False),
        Check(f"joint share at coordination_cost = {_g(_default('coordination_cost'))} (the "
               "default; reported)", "", math.nan, mean_interval(costly[~np.isnan(costly)],
                                                                 level),
               "without a coordination body a lone proposer pays more than an innovator, so "
               "few propose and groups rarely form", required=False),
        Check(f"joint share: promotion_value {_g(lo_p)} - {_g(hi_p)} at innovation_cost = "
               f"{_g(DEFAULT_COST)} (the default; reported)", "", math.nan,
               paired_difference(dear_promo[lo_p], dear_promo[hi_p], level, seed=seed),
               f"{_g(mean(dear_promo[lo_p]))} vs {_g(mean(dear_promo[hi_p]))}",
               "dear launches: the launchers a larger prize draws in are those who need "
               "partners to afford one", required=False),
        Check(f"joint share: promotion_value {_g(lo_p)} - {_g(hi_p)} in {n_small} regions "
               "(reported)", "", math.nan,
               paired_difference(small_promo[lo_p], small_promo[hi_p], level, seed=seed),
               f"{_g(mean(small_promo[lo_p]))} vs {_g(mean(small_promo[hi_p]))}",
               f"regions of {_g(base.n_jurisdictions / n_small)}: the launchers a larger prize "
               "draws in are the partners a small region lacks", required=False),
    ]
    data = {"shares": shares, "lifetimes": life, "credit_levels": CREDIT_LEVELS,
            "promotion_levels": PROMOTION_LEVELS, "regional_weight": REGIONAL_WEIGHT}
    return Side(checks, data)


def _default(name: str) -> Any:
    return getattr(Config(), name)


# ----------------------------------------------------------------------------- assembly
_SIDES = {10: _fact_10, 11: _fact_11}


def _fact_base(fact: int, cfg: Config) -> Config:
    if fact == 10:
        return cfg.replace(**NEIGHBOURS, topology="ring")
    return cfg.replace(**COOPERATION)


def _check_args(config: Config | None, replicates: int, seed: int, facts: Iterable[int],
                level: float) -> tuple[Config, list[int]]:
    cfg, wanted = check_run_args(config, SPACE_BASE, replicates, seed, facts, level,
                                 SPACE_FACTS, "10, 11")
    if 10 in wanted and cfg.n_jurisdictions <= NEIGHBOURS["degree"]:
        raise ParameterError(f"n_jurisdictions = {cfg.n_jurisdictions} is too small for fact "
                             f"10: a ring of degree {NEIGHBOURS['degree']} needs more")
    if 11 in wanted and cfg.n_jurisdictions < COOPERATION["n_regions"]:
        raise ParameterError(f"n_jurisdictions = {cfg.n_jurisdictions} is too small for fact "
                             f"11: it needs at least n_regions = {COOPERATION['n_regions']}")
    return cfg, wanted


def run_space_facts(config: Config | None = None, replicates: int = 100, seed: int = 0,
                    facts: Iterable[int] = tuple(SPACE_FACTS), threads: int | None = None,
                    level: float = 0.95) -> SpaceFactsReport:
    """Run the checks of facts 10 and 11 (specification section 12) and their falsifiers.

    Parameters
    ----------
    config : Config, optional
        The base configuration (default :data:`SPACE_BASE`: N = 100, T = 120,
        burn-in 20). Fact 10 applies :data:`NEIGHBOURS` with a ring and a
        small world on top of it, fact 11 :data:`COOPERATION` and its levels;
        each falsifier (:data:`SPACE_FALSIFIERS`) is applied on top of every
        configuration of its fact.
    replicates : int
        Replicates per configuration (>= 2; the specification asks for 100).
    seed : int
        Seed shared by every configuration (common random numbers).
    facts : iterable of int
        Which facts (10, 11).
    threads : int, optional
        Threads of the compiled engine.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    SpaceFactsReport
        The table of checks and the data of the figures.

    Raises
    ------
    ParameterError
        On a bad configuration, ``replicates``, ``seed``, ``facts`` or
        ``level``, or a population too small for a fact.
    MissingDependencyError
        Without statsmodels (fact 10's logit; ``pip install 'tournament[space]'``).
    """
    cfg, wanted = _check_args(config, replicates, seed, facts, level)
    runs = _Runs(replicates, seed, threads)
    rows: list[dict[str, Any]] = []
    data: dict[int, dict[str, dict[str, Any]]] = {}
    for fact in wanted:
        base = _fact_base(fact, cfg)
        on = _SIDES[fact](runs, base, level)
        falsifier = SPACE_FALSIFIERS[fact]
        off = _SIDES[fact](runs, base.replace(**falsifier.changes), level)
        for pos, check in enumerate(on.checks):
            rows.append(table_row(fact, SPACE_FACTS[fact], check, off.checks[pos], falsifier.label))
        data[fact] = {"on": on.data, "falsifier": off.data}
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    return SpaceFactsReport(table, data, cfg, replicates, seed, level)


def check_space_facts(replicates: int = 100, seed: int = 0, config: Config | None = None,
                      facts: Iterable[int] = tuple(SPACE_FACTS), threads: int | None = None,
                      level: float = 0.95) -> pd.DataFrame:
    """The table of :func:`run_space_facts`: one row per check, as ``check_facts`` gives.

    Parameters and errors as :func:`run_space_facts`.

    Examples
    --------
    >>> from tournament.experiments.space_facts import check_space_facts
    >>> table = check_space_facts(replicates=100, seed=0)        # doctest: +SKIP
    >>> table[["fact", "statistic", "estimate", "ci_low", "ci_high", "holds", "f_holds"]]
    ... # doctest: +SKIP
    """
    return run_space_facts(config, replicates, seed, facts, threads, level).table


def joint_share_grid(config: Config | None = None, replicates: int = 100, seed: int = 0,
                     credit_levels: Iterable[float] = CREDIT_LEVELS,
                     modes: Iterable[str] = ("individual", "regional"),
                     threads: int | None = None) -> pd.DataFrame:
    """The joint share of launches over ``credit_sharing`` × ``evaluation_mode`` (fact 11).

    Every cell runs replicates ``0 … R-1`` of ``seed`` (common random
    numbers) of the base configuration with :data:`COOPERATION` applied (and
    ``regional_weight`` :data:`REGIONAL_WEIGHT` unless the base sets another).

    Parameters
    ----------
    config : Config, optional
        The base configuration (default :data:`SPACE_BASE`).
    replicates, seed : int
        Replicates per cell and their seed.
    credit_levels : iterable of float
        Values of ``credit_sharing``.
    modes : iterable of str
        Values of ``evaluation_mode``.
    threads : int, optional
        Threads of the compiled engine.

    Returns
    -------
    pandas.DataFrame
        One row per cell and replicate: ``credit_sharing``,
        ``evaluation_mode``, ``regional_weight``, ``replicate``, ``joint_share``
        (:func:`tournament.analysis.space.joint_share`).

    Raises
    ------
    ParameterError
        On a bad configuration, level, mode, ``replicates`` or ``seed``.
    """
    cfg, _ = _check_args(config, replicates, seed, (11,), 0.95)
    base = cfg.replace(**COOPERATION)
    if base.regional_weight == _default("regional_weight"):
        base = base.replace(regional_weight=REGIONAL_WEIGHT)
    levels, kinds = tuple(credit_levels), tuple(modes)
    if not levels or not kinds:
        raise ParameterError("joint_share_grid needs at least one credit level and one mode")
    runs = _Runs(replicates, seed, threads)
    parts = []
    for mode in kinds:
        for c in levels:
            share, res = _shares(runs, base.replace(credit_sharing=c, evaluation_mode=mode),
                                 ("rounds",))
            parts.append(pd.DataFrame({"credit_sharing": float(c), "evaluation_mode": mode,
                                       "regional_weight": base.regional_weight,
                                       "replicate": np.asarray(res.replicates),
                                       "joint_share": share}))
    return pd.concat(parts, ignore_index=True)


def prize_contrast_grid(config: Config | None = None, replicates: int = 100, seed: int = 0,
                        costs: Iterable[float] = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5),
                        region_sizes: Iterable[int] = (5, 10, 20),
                        threads: int | None = None, level: float = 0.95) -> pd.DataFrame:
    """Where fact 11's prize contrast holds: its paired interval over launch cost × region size.

    For every ``innovation_cost`` in ``costs`` and every region size (``n_regions
    = N // size``), the joint share at ``promotion_value`` 1.5 minus that at
    6 (:data:`PROMOTION_LEVELS`), paired by replicate, on the base
    configuration with :data:`COOPERATION` applied (the fact's own cell is
    cost 0.5, regions of 10). A positive interval is the fact's direction.

    Parameters
    ----------
    config : Config, optional
        Base configuration (default :data:`SPACE_BASE`).
    replicates, seed : int
        Replicates per cell and the seed shared by every cell.
    costs : iterable of float
        Values of ``innovation_cost`` (>= 0).
    region_sizes : iterable of int
        Jurisdictions per region (2 … N).
    threads : int, optional
        Threads of the compiled engine.
    level : float
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per cell: ``innovation_cost``, ``region_size``, ``n_regions``,
        ``share_low_prize``, ``share_high_prize``, ``estimate``, ``ci_low``,
        ``ci_high``, ``n``.

    Raises
    ------
    ParameterError
        On a bad configuration, ``replicates``, ``seed``, ``level``, cost or
        region size.
    """
    cfg, _ = _check_args(config, replicates, seed, (11,), level)
    base = cfg.replace(**COOPERATION)
    cost_levels, sizes = tuple(costs), tuple(region_sizes)
    if not cost_levels or not sizes:
        raise ParameterError("prize_contrast_grid needs at least one cost and one region size")
    for c in cost_levels:
        if isinstance(c, bool) or not isinstance(c, (int, float)) or not 0 <= c < math.inf:
            raise ParameterError(f"cost = {c!r} is out of range: innovation_cost must be a "
                                 "finite number >= 0")
    n = base.n_jurisdictions
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or not 2 <= size <= n:
            raise ParameterError(f"region size = {size!r} is out of range: must be an integer "
                                 f"in [2, n_jurisdictions = {n}]")
    runs = _Runs(replicates, seed, threads)
    lo_p, hi_p = PROMOTION_LEVELS
    rows = []
    for size in sizes:
        for c in cost_levels:
            shares = _prize_shares(runs, base.replace(innovation_cost=float(c),
                                                      n_regions=n // int(size)))
            low, high = shares[lo_p], shares[hi_p]
            iv = paired_difference(low, high, level, seed=seed)
            rows.append({"innovation_cost": float(c), "region_size": int(size),
                         "n_regions": n // int(size), "share_low_prize": float(np.nanmean(low)),
                         "share_high_prize": float(np.nanmean(high)), "estimate": iv.estimate,
                         "ci_low": iv.low, "ci_high": iv.high, "n": iv.n})
    return pd.DataFrame(rows)
