"""The calibration search behind the defaults, and the ablation table (docs/calibration.md).

:func:`margins` measures, for one configuration, the statistics that facts 1
to 6 of docs/specification.md section 8 test (point estimates across replicates, cheap
enough to scan); :func:`scan` does so along a path of configurations;
:func:`ablation_table` tabulates project lifetimes with each decline
mechanism off, with 95 % intervals. The full checks, with intervals, are
:func:`tournament.experiments.check_facts`.

``python -m tournament.experiments.calibration`` prints the tables of
``docs/calibration.md`` (Markdown).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ParameterError
from ..analysis.bandwagon import bandwagon_effect
from ..analysis.hazard import elite_tenure_mean
from ..analysis.inference import location_interval
from ..analysis.survival import pooled_median
from ..config import DECLINE_MECHANISMS, Config
from ..engine.simulate import simulate
from .facts import ALL_OFF, GOVERNANCE, alpha_grid

__all__ = ["STARTING", "CALIBRATED", "V2_STARTING", "V2_CANDIDATES", "margins", "scan",
           "ablation_table", "governance_margins", "fact_search", "mechanism_ablation",
           "markdown"]

STARTING: dict[str, Any] = {"kind_bias": 0.5, "honor_pressure": 0.05, "absorption_threshold": 0,
                            "concentration_high": 3.0, "carrying_capacity": 1.0,
                            "model_memory": 0.7, "model_promotion": 0.5, "model_commitment": 0.0,
                            "rotation_hazard": 0.2}
"""The starting values of docs/specification.md section 11 that the calibration changed
(versions 1 and 2; ``model_commitment``, added in version 2, starts switched off)."""
CALIBRATED: dict[str, Any] = {name: getattr(Config(), name) for name in STARTING}
"""Their calibrated values (the current defaults)."""


V2_STARTING: dict[str, Any] = {"model_memory": 0.7, "model_promotion": 0.5,
                               "model_commitment": 0.0, "imitation_cost": 0.75,
                               "rotation_hazard": 0.2, "carrying_capacity": 0.5}
"""Version 2: the starting values (the specification's, and version 1's calibrated ones for
the parameters the version-2 search changed)."""
V2_CANDIDATES: dict[str, dict[str, Any]] = {
    "start": V2_STARTING,
    "prototype (memory 0.9, promotion 1.5)": {**V2_STARTING, "model_memory": 0.9,
                                              "model_promotion": 1.5},
    "cheap imitation (0.3), memory 0.95, commitment 2": {
        **V2_STARTING, "model_memory": 0.95, "model_promotion": 1.5, "model_commitment": 2.0,
        "imitation_cost": 0.3, "carrying_capacity": 0.05},
    "imitation 0.5": {**V2_STARTING, "model_memory": 0.95, "model_promotion": 1.5,
                      "model_commitment": 2.0, "imitation_cost": 0.5,
                      "carrying_capacity": 0.05},
    "imitation 0.75": {**V2_STARTING, "model_memory": 0.95, "model_promotion": 1.5,
                       "model_commitment": 2.0, "carrying_capacity": 0.05},
    "imitation 0.75, rotation 0.15 (the defaults)": {},
    "the defaults without commitment": {"model_commitment": 0.0},
}
"""The configurations of the version-2 search (changes to the defaults), in the order tried."""


def fact_search(candidates: Mapping[str, Mapping[str, Any]] | None = None,
                replicates: int = 40, seed: int = 0,
                threads: int | None = None) -> pd.DataFrame:
    """Which facts of section 8 (version 2) hold, and whose falsifier fails, per candidate.

    Parameters
    ----------
    candidates : mapping, optional
        Name -> parameter changes to the defaults (default :data:`V2_CANDIDATES`).
    replicates, seed, threads
        As :func:`tournament.experiments.check_facts` (facts 1 to 8).

    Returns
    -------
    pandas.DataFrame
        One row per candidate: ``candidate``, ``changes``, one column per fact
        (``"yes"``, or ``"no"`` when it is not reproduced: a check fails, or
        its falsifier does not break it), and ``reproduced`` (how many).
    """
    from .facts import check_facts, fact_summary

    candidates = V2_CANDIDATES if candidates is None else candidates
    rows = []
    for name, changes in candidates.items():
        table = check_facts(Config().replace(**changes), replicates=replicates, seed=seed,
                            facts=range(1, 9), threads=threads)
        verdict = fact_summary(table).set_index("fact")["verdict"]
        row = {"candidate": name,
               "changes": ", ".join(f"{k}={v}" for k, v in changes.items()) or "—"}
        row.update({str(f): "yes" if verdict[f] == "reproduced" else "no" for f in verdict.index})
        row["reproduced"] = int((verdict == "reproduced").sum())
        rows.append(row)
    return pd.DataFrame(rows)


def mechanism_ablation(cfg: Config | None = None, replicates: int = 100, seed: int = 0,
                       level: float = 0.95, threads: int | None = None) -> pd.DataFrame:
    """What each version-2 mechanism produces: paired contrasts with it switched off.

    For each entry of :data:`tournament.MODEL_MECHANISMS` the defaults and
    the defaults with that mechanism off run with common random numbers;
    each statistic is compared replicate by replicate (default minus off,
    :func:`tournament.analysis.paired_difference`).

    Returns
    -------
    pandas.DataFrame
        One row per mechanism and statistic: ``mechanism``, ``statistic``
        (``leadership spell`` and ``ex-leader - placebo`` of fact 4,
        ``model era`` , ``bandwagon DiD`` of fact 6, ``imitation share``,
        ``ever recognised``), ``with`` and ``without`` (means across
        replicates), ``difference``, ``low``, ``high`` (its interval) and
        ``method``.
    """
    from ..analysis.bandwagon import bandwagon_did
    from ..analysis.inference import paired_difference
    from ..analysis.launches import ever_recognized_share
    from ..analysis.leadership import leader_follower_contrast
    from ..config import MODEL_MECHANISMS

    cfg = Config() if cfg is None else cfg

    def stats(c: Config) -> dict[str, np.ndarray]:
        res = simulate(c, replicates=replicates, seed=seed, record=("rounds", "events", "panel"),
                       threads=threads)
        reps = pd.Index(np.asarray(res.replicates), name="replicate")
        lf = leader_follower_contrast(res.rounds, res.panel, res.events, c.burn_in)
        lf = lf.set_index("replicate").reindex(reps)
        did = bandwagon_did(res.events, res.rounds, res.panel, c.burn_in)
        did = did.set_index("replicate").reindex(reps)
        summary = res.summary.set_index("replicate").reindex(reps)
        ever = ever_recognized_share(res.events, c.burn_in).reindex(reps)
        return {"leadership spell": lf["spell_mean"].to_numpy(float),
                "ex-leader - placebo": lf["difference"].to_numpy(float),
                "model era": summary["model_era_mean"].to_numpy(float),
                "bandwagon DiD": did["did"].to_numpy(float),
                "imitation share": summary["imitation_share"].to_numpy(float),
                "ever recognised": ever.to_numpy(float)}

    base = stats(cfg)
    rows = []
    for name, changes in MODEL_MECHANISMS.items():
        off = stats(cfg.replace(**changes))
        for stat, values in base.items():
            iv = paired_difference(values, off[stat], level, seed=seed)
            rows.append({"mechanism": name,
                         "changes": ", ".join(f"{k}={v}" for k, v in changes.items()),
                         "statistic": stat, "with": float(np.nanmean(values)),
                         "without": float(np.nanmean(off[stat])), "difference": iv.estimate,
                         "low": iv.low, "high": iv.high, "method": iv.method})
    return pd.DataFrame(rows)


def _loc(x: np.ndarray) -> float:
    x = np.asarray(x, float)
    x = x[~np.isnan(x)]
    if len(x) == 0:
        return math.nan
    return float(x.mean()) if np.isfinite(x).all() else float(np.median(x))


def margins(cfg: Config, replicates: int = 30, seed: int = 0, ablation: bool = True,
            threads: int | None = None) -> dict[str, float]:
    """The statistics of facts 1–6 for one configuration (point estimates).

    Returns
    -------
    dict
        ``lifetime_median`` and ``elite_tenure`` (typical values across
        replicates: the mean, or the median when some are ``inf``),
        ``turnover_death_ratio``, ``restart_share``,
        ``restart_new_domain_share``, ``leader_to_follower_share``,
        ``era_minus_spell`` (``model_era_mean - leader_spell_mean``),
        ``bandwagon_rise`` and, with ``ablation``, ``lifetime_<mechanism>_off``
        for each decline mechanism and ``lifetime_all_off``; ``holds`` counts
        the point estimates on the right side of the thresholds of facts 1–6
        out of ``checks``.
    """
    res = simulate(cfg, replicates=replicates, seed=seed, record=("rounds", "events"),
                   threads=threads)
    summ = res.summary
    out = {
        "lifetime_median": _loc(summ["lifetime_median"]),
        "elite_tenure": _loc(elite_tenure_mean(res.rounds, cfg.n_jurisdictions, cfg.burn_in)),
        "turnover_death_ratio": _loc(summ["turnover_death_ratio"]),
        "restart_share": _loc(summ["restart_share"]),
        "restart_new_domain_share": _loc(summ["restart_new_domain_share"]),
        "leader_to_follower_share": _loc(summ["leader_to_follower_share"]),
        "era_minus_spell": _loc(summ["model_era_mean"] - summ["leader_spell_mean"]),
        "bandwagon_rise": _loc(bandwagon_effect(res.events, res.rounds, cfg.burn_in)["rise"]),
    }
    checks = [out["elite_tenure"] > out["lifetime_median"], out["turnover_death_ratio"] >= 2,
              out["restart_share"] > 0.5, out["restart_new_domain_share"] > 0.5,
              out["leader_to_follower_share"] > 0.5, out["era_minus_spell"] > 0,
              out["bandwagon_rise"] > 0]
    if ablation:
        for name, changes in [*DECLINE_MECHANISMS.items(), ("all", ALL_OFF)]:
            off = simulate(cfg.replace(**changes), replicates=replicates, seed=seed,
                           threads=threads).summary["lifetime_median"]
            out[f"lifetime_{name}_off"] = _loc(off)
            if name == "all":
                checks.append(out[f"lifetime_{name}_off"] >= 3 * out["lifetime_median"])
            else:
                checks.append(out[f"lifetime_{name}_off"] > out["lifetime_median"])
    out["holds"] = float(sum(bool(c) for c in checks))
    out["checks"] = float(len(checks))
    return out


def scan(configs: Mapping[str, Config], replicates: int = 30, seed: int = 0,
         ablation: bool = True, threads: int | None = None) -> pd.DataFrame:
    """:func:`margins` for each named configuration, one row each."""
    rows = [{"step": name, **margins(cfg, replicates, seed, ablation, threads)}
            for name, cfg in configs.items()]
    return pd.DataFrame(rows)


def governance_margins(cfg: Config, replicates: int = 30, seed: int = 0,
                       threads: int | None = None) -> dict[str, float]:
    """The statistics of fact 7 for one configuration (point estimates).

    With the governance layer switched on (:data:`.facts.GOVERNANCE`):
    mean ``crises`` with fixed alpha at ``concentration_low`` and at
    ``concentration_high`` and with the turning-point policy; the smallest
    rise of mean gini along :func:`.facts.alpha_grid`; and the turning
    point's capacity growth minus the balanced extreme's.
    """
    gov = cfg.replace(**GOVERNANCE, allocation_policy="fixed")
    alphas = alpha_grid(gov)
    fixed = [simulate(gov.replace(concentration=a), replicates=replicates, seed=seed,
                      threads=threads).summary for a in alphas]
    turning = simulate(gov.replace(allocation_policy="turning_point"), replicates=replicates,
                       seed=seed, threads=threads).summary
    gini = [f["gini_mean"].mean() for f in fixed]
    return {
        "crises_low": fixed[0]["crises"].mean(), "crises_high": fixed[-1]["crises"].mean(),
        "crises_turning": turning["crises"].mean(),
        "gini_min_rise": float(np.min(np.diff(gini))),
        "growth_gain": turning["capacity_growth"].mean() - fixed[0]["capacity_growth"].mean(),
    }


def ablation_table(cfg: Config | None = None, replicates: int = 100, seed: int = 0,
                   level: float = 0.95, threads: int | None = None) -> pd.DataFrame:
    """Project lifetimes with each decline mechanism off, and all four off.

    Returns
    -------
    pandas.DataFrame
        One row per configuration (``default``, each mechanism of
        :data:`tournament.DECLINE_MECHANISMS` off, ``all four off``):
        ``changes``; ``median`` of the replicates' ``lifetime_median`` with
        its interval (``median_low``, ``median_high``; a mean with a t
        interval when every replicate's median is finite, else the median
        across replicates with a bootstrap interval, ``median_method``);
        ``inf_share``, the share of replicates whose median was never reached
        within the run; the ``pooled`` Kaplan–Meier median of all replicates'
        projects with a replicate-bootstrap interval (``pooled_low``,
        ``pooled_high``); ``mean_dead`` (mean lifetime of projects that died)
        with a t interval; and ``ratio``, the typical median over the
        default's.
    """
    cfg = Config() if cfg is None else cfg
    variants: list[tuple[str, dict[str, Any]]] = [("default", {})]
    variants += [(f"{name} off", changes) for name, changes in DECLINE_MECHANISMS.items()]
    variants.append(("all four off", ALL_OFF))
    rows = []
    for label, changes in variants:
        res = simulate(cfg.replace(**changes), replicates=replicates, seed=seed,
                       record=("events",), threads=threads)
        med = res.summary["lifetime_median"].to_numpy(float)
        iv = location_interval([med], [1.0], level, seed=seed)
        pooled = pooled_median(res.events, cfg.n_rounds, cfg.burn_in, level, seed=seed)
        dead = location_interval([res.summary["lifetime_mean"].to_numpy(float)], [1.0], level)
        rows.append({
            "configuration": label,
            "changes": ", ".join(f"{k}={v}" for k, v in changes.items()) or "—",
            "median": iv.estimate, "median_low": iv.low, "median_high": iv.high,
            "median_method": "mean" if iv.method == "t" else "median",
            "inf_share": float(np.isinf(med).mean()),
            "pooled": pooled.estimate, "pooled_low": pooled.low, "pooled_high": pooled.high,
            "mean_dead": dead.estimate, "mean_dead_low": dead.low, "mean_dead_high": dead.high,
        })
    table = pd.DataFrame(rows)
    table["ratio"] = table["median"] / table["median"].iloc[0]
    return table


def markdown(frame: pd.DataFrame, digits: int = 3) -> str:
    """A DataFrame as a Markdown table (numbers to ``digits`` significant digits)."""
    def cell(value: Any) -> str:
        if isinstance(value, (float, np.floating)):
            return f"{value:.{digits}g}"
        return str(value)

    lines = ["| " + " | ".join(map(str, frame.columns)) + " |",
             "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |"
              for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def _interval(est: float, low: float, high: float) -> str:
    return f"{est:.3g} [{low:.3g}, {high:.3g}]"


def _path(start: Config) -> dict[str, Config]:
    """The calibration path: the starting values, then each change in turn."""
    steps = {"start (docs/specification.md section 11)": start}
    cfg = start
    for name in ("absorption_threshold", "honor_pressure", "kind_bias"):
        cfg = cfg.replace(**{name: CALIBRATED[name]})
        steps[f"+ {name} = {CALIBRATED[name]:g}"] = cfg
    return steps


def _one_at_a_time(base: Config, grid: Mapping[str, Sequence[Any]]) -> dict[str, Config]:
    return {f"{name} = {value:g}": base.replace(**{name: value})
            for name, values in grid.items() for value in values}


SEARCH_GRID: dict[str, tuple[float, ...]] = {
    "absorption_threshold": (0, 30, 60, 120),
    "honor_pressure": (0.05, 0.1, 0.2, 0.3),
    "kind_bias": (0.1, 0.3, 0.5),
}
"""One-at-a-time values tried around the calibrated defaults."""
GOVERNANCE_GRID: dict[str, tuple[float, ...]] = {
    "carrying_capacity": (1.0, 0.75, 0.5),
    "concentration_high": (3.0, 4.0, 6.0, 8.0),
}
"""Values of the governance defaults tried for fact 7."""


def main(argv: Iterable[str] | None = None) -> int:
    """Print the calibration tables of ``docs/calibration.md`` as Markdown."""
    parser = argparse.ArgumentParser(prog="python -m tournament.experiments.calibration",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=30,
                        help="replicates per configuration of the search (default 30)")
    parser.add_argument("--ablation-replicates", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--only", choices=("path", "search", "governance", "ablation",
                                           "v2-search", "mechanisms"),
                        action="append", help="print only these tables (repeatable)")
    args = parser.parse_args(None if argv is None else list(argv))
    if args.replicates < 2 or args.ablation_replicates < 2:
        raise ParameterError("replicates must be >= 2")
    wanted = set(args.only or ("v2-search", "mechanisms", "ablation"))
    keep = ["step", "lifetime_median", "elite_tenure", "turnover_death_ratio", "restart_share",
            "restart_new_domain_share", "leader_to_follower_share", "era_minus_spell",
            "bandwagon_rise", "lifetime_all_off", "holds", "checks"]
    if "path" in wanted:
        start = Config().replace(**STARTING)
        table = scan(_path(start), args.replicates, args.seed, threads=args.threads)
        print(f"## Path ({args.replicates} replicates each)\n")
        print(markdown(table[keep]) + "\n")
    if "search" in wanted:
        table = scan(_one_at_a_time(Config(), SEARCH_GRID), args.replicates, args.seed,
                     threads=args.threads)
        print(f"## One at a time around the defaults ({args.replicates} replicates each)\n")
        print(markdown(table[keep]) + "\n")
    if "governance" in wanted:
        rows = [{"step": name, **governance_margins(cfg, args.replicates, args.seed,
                                                    args.threads)}
                for name, cfg in _one_at_a_time(Config(), GOVERNANCE_GRID).items()]
        print(f"## Governance ({args.replicates} replicates each)\n")
        print(markdown(pd.DataFrame(rows)) + "\n")
    if "v2-search" in wanted:
        table = fact_search(replicates=args.replicates, seed=args.seed, threads=args.threads)
        print(f"## Version 2: facts reproduced per candidate ({args.replicates} replicates "
              "each)\n")
        print(markdown(table) + "\n")
    if "mechanisms" in wanted:
        table = mechanism_ablation(replicates=args.ablation_replicates, seed=args.seed,
                                   threads=args.threads)
        shown = pd.DataFrame({
            "mechanism off": [f"{m} ({c})" for m, c in zip(table["mechanism"], table["changes"],
                                                          strict=True)],
            "statistic": table["statistic"],
            "with": [f"{v:.3g}" for v in table["with"]],
            "without": [f"{v:.3g}" for v in table["without"]],
            "difference (95% CI)": [_interval(r.difference, r.low, r.high)
                                    for r in table.itertuples()],
        })
        print(f"## What each version-2 mechanism produces ({args.ablation_replicates} "
              "replicates, paired)\n")
        print(markdown(shown) + "\n")
    if "ablation" in wanted:
        table = ablation_table(replicates=args.ablation_replicates, seed=args.seed,
                               threads=args.threads)
        shown = pd.DataFrame({
            "configuration": table["configuration"],
            "lifetime_median (95% CI)": [
                f"{_interval(r.median, r.median_low, r.median_high)} ({r.median_method})"
                for r in table.itertuples()],
            "replicates with median inf": [f"{v:.0%}" for v in table["inf_share"]],
            "pooled KM median (95% CI)": [_interval(r.pooled, r.pooled_low, r.pooled_high)
                                          for r in table.itertuples()],
            "mean lifetime of dead projects (95% CI)": [
                _interval(r.mean_dead, r.mean_dead_low, r.mean_dead_high)
                for r in table.itertuples()],
            "ratio to default": [f"{v:.3g}" for v in table["ratio"]],
        })
        print(f"## Ablation ({args.ablation_replicates} replicates each)\n")
        print(markdown(shown) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
