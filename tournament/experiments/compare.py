"""Leader/follower studies: compare elite populations side by side.

A *population* is a configuration, typically one that changes ``elite_mix``
(:data:`PRESETS`: all strategic, pioneer-heavy, imitator-heavy) or any TOML
configuration file. :func:`compare_populations` runs the same replicates of
each and tabulates leadership spells, follower shares, lifetimes and launch
rates with 95 % intervals, and Welch t tests of every pair of populations.
Statistics that can be ``inf`` (``lifetime_median``) switch to medians with
bootstrap intervals, as in :mod:`tournament.analysis.inference`.
The figure of a comparison is :func:`tournament.plots.compare_plot`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import ParameterError
from .._lazy import lazy_attributes
from ..analysis.inference import location_interval
from ..config import Config
from ..engine.records import SUMMARY_COLUMNS
from ..engine.simulate import simulate

__all__ = ["PRESETS", "COMPARE_COLUMNS", "UNITS", "Comparison", "population", "compare_populations",
           "format_comparison"]

# The figure of a comparison moved to tournament.plots; the old name here still works,
# loaded on first use (this module imports nothing from the plots layer).
__getattr__, __dir__ = lazy_attributes(__name__, {"compare_plot": "tournament.plots.figures_more"})

PRESETS: dict[str, dict[str, Any]] = {
    "strategic": {"elite_mix": (1.0, 0.0, 0.0, 0.0)},
    "pioneer-heavy": {"elite_mix": (0.25, 0.6, 0.1, 0.05)},
    "imitator-heavy": {"elite_mix": (0.25, 0.1, 0.6, 0.05)},
}
"""Elite populations by name: changes applied to the base configuration."""
COMPARE_COLUMNS = ("leader_spell_mean", "model_era_mean", "leader_to_follower_share",
                   "lifetime_median", "lifetime_mean", "innovation_rate", "imitation_rate")
UNITS = {
    "lifetime_median": "rounds", "lifetime_mean": "rounds", "leader_spell_mean": "rounds",
    "model_era_mean": "rounds", "cycle_period": "rounds",
    "leader_to_follower_share": "share of ended leadership spells",
    "restart_share": "share of deaths", "restart_new_domain_share": "share of restarts",
    "innovation_rate": "launches per jurisdiction-round",
    "imitation_rate": "launches per jurisdiction-round",
    "active_share": "share of jurisdiction-rounds", "turnover_death_ratio": "hazard ratio",
    "crises": "crises per run", "capacity_growth": "relative growth",
}
"""Units of the summary statistics, for axis labels."""


@dataclass
class Comparison:
    """What :func:`compare_populations` returns.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per (statistic, population): ``estimate``, ``ci_low``,
        ``ci_high``, ``n``, ``method`` (``t``: mean; ``bootstrap``: median).
    tests : pandas.DataFrame
        One row per (statistic, pair): ``first``, ``second``, ``difference``
        (first - second), its interval, Welch ``t``, ``df`` and two-sided
        ``p_value`` (``nan`` for median contrasts).
    summaries : dict of str to pandas.DataFrame
        The summary table of each population.
    """

    table: pd.DataFrame
    tests: pd.DataFrame
    summaries: dict[str, pd.DataFrame]


def population(spec: str, base: Config | None = None) -> tuple[str, Config]:
    """A population from a preset name or a TOML file: ``(name, config)``.

    A preset changes the base configuration (default: the defaults); a file
    is a whole configuration (named by its stem).
    """
    base = Config() if base is None else base
    if spec in PRESETS:
        return spec, base.replace(**PRESETS[spec])
    path = Path(spec)
    if path.suffix.lower() == ".toml":
        return path.stem, Config.load(path)
    raise ParameterError(f"population {spec!r} is neither a preset ({', '.join(PRESETS)}) "
                         "nor a .toml configuration file")


def compare_populations(populations: Mapping[str, Config], replicates: int = 100, seed: int = 0,
                        columns: Sequence[str] = COMPARE_COLUMNS, threads: int | None = None,
                        level: float = 0.95) -> Comparison:
    """Run each population and compare them.

    Parameters
    ----------
    populations : mapping of str to Config
        Two or more named configurations.
    replicates, seed : int
        Replicates ``0 … R-1`` of ``seed`` for every population.
    columns : sequence of str
        Summary statistics compared.
    threads : int, optional
        Threads of the compiled engine.
    level : float
        Confidence level.
    """
    if len(populations) < 2:
        raise ParameterError(f"populations has {len(populations)} entries: compare two or more")
    bad = [c for c in columns if c not in SUMMARY_COLUMNS]
    if bad:
        raise ParameterError(f"columns {bad} are not summary statistics; valid: "
                             f"{list(SUMMARY_COLUMNS)}")
    if isinstance(replicates, bool) or not isinstance(replicates, int) or replicates < 2:
        raise ParameterError(f"replicates = {replicates!r} is out of range: must be an "
                             "integer >= 2")
    summaries = {name: simulate(cfg, replicates=replicates, seed=seed, threads=threads).summary
                 for name, cfg in populations.items()}
    rows, tests = [], []
    for col in columns:
        for name, summ in summaries.items():
            iv = location_interval([summ[col].to_numpy(float)], [1.0], level, seed=seed)
            rows.append({"statistic": col, "population": name, "estimate": iv.estimate,
                         "ci_low": iv.low, "ci_high": iv.high, "n": iv.n, "method": iv.method})
        for a, b in itertools.combinations(summaries, 2):
            iv = location_interval([summaries[a][col].to_numpy(float),
                                    summaries[b][col].to_numpy(float)], [1.0, -1.0], level,
                                   seed=seed)
            tests.append({"statistic": col, "first": a, "second": b, "difference": iv.estimate,
                          "ci_low": iv.low, "ci_high": iv.high, "t": iv.statistic,
                          "df": iv.df, "p_value": iv.p_value, "method": iv.method})
    return Comparison(pd.DataFrame(rows), pd.DataFrame(tests), summaries)


def _fmt(value: float) -> str:
    return f"{value:.3g}" if not math.isnan(value) else "—"


def format_comparison(result: Comparison) -> str:
    """The comparison as two aligned text tables: estimates, then Welch tests."""
    table = result.table
    names = list(dict.fromkeys(table["population"]))
    width = max(len(s) for s in table["statistic"])
    cell = 27
    lines = [f"{'statistic':<{width}}  " + "  ".join(f"{n:>{cell}}" for n in names)]
    for stat, group in table.groupby("statistic", sort=False):
        cells = [f"{_fmt(r.estimate)} [{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]"
                 for r in group.itertuples()]
        lines.append(f"{stat:<{width}}  " + "  ".join(f"{c:>{cell}}" for c in cells))
    lines.append("")
    pair_w = max(len(f"{r.first} - {r.second}") for r in result.tests.itertuples())
    lines.append(f"{'statistic':<{width}}  {'difference':<{pair_w}}  {'estimate':>9}  "
                 f"{'95% interval':>22}  {'t':>7}  {'df':>6}  {'p':>8}")
    for r in result.tests.itertuples():
        pair = f"{r.first} - {r.second}"
        interval = f"[{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]"
        lines.append(f"{r.statistic:<{width}}  {pair:<{pair_w}}  {_fmt(r.difference):>9}  "
                     f"{interval:>22}  {_fmt(r.t):>7}  {_fmt(r.df):>6}  {_fmt(r.p_value):>8}")
    lines.append("Welch t tests, p not adjusted for multiple comparisons; statistics with inf "
                 "values use medians and a bootstrap interval (no p-value).")
    return "\n".join(lines)
