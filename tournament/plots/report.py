"""A one-page HTML report of a saved run, and the README figures.

``tournament run --out X.parquet --record rounds,events,panel`` (or
:meth:`SimulationResult.save`) writes ``X.parquet`` (summary),
``X.rounds.parquet``, ``X.events.parquet``, ``X.panel.parquet`` and the
manifest ``X.run.json`` with the run's configuration (``.csv`` works the same
way; ``tournament demo`` writes ``run.*`` into a folder). :func:`load_results`
reads such a set back, with ``T``, ``N``, the burn-in and the governance
thresholds taken from the run's own configuration; :func:`write_report`
draws every figure the tables allow and writes them as PNGs with an
``index.html`` that embeds them.
"""

from __future__ import annotations

import base64
import html
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .._errors import ParameterError
from .._io import atomic_write_text
from ..analysis.bandwagon import bandwagon_profile
from ..analysis.hazard import elite_tenure_mean, turnover_hazard
from ..analysis.spectrum import launch_spectrum
from ..analysis.survival import project_survival
from ..config import Config
from ..engine import storage
from ..engine.results import HEADLINE, describe
from ..engine.simulate import simulate
from ..experiments.facts import ALL_OFF, GOVERNANCE
from ..study.reader import load as load_study
from ..study.store import Store
from . import figures as F
from . import figures_more as M

__all__ = ["LoadedRun", "load_results", "write_report", "readme_figures", "is_study",
           "README_FIGURES", "SWEEP"]

TABLES = ("rounds", "events", "panel")


@dataclass
class LoadedRun:
    """Tables of a saved run.

    Attributes
    ----------
    summary, rounds, events, panel : pandas.DataFrame or None
        The tables found (``summary`` always).
    n_rounds, n_jurisdictions : int or None
        From the run's configuration.
    burn_in : int
        Burn-in used by the statistics (the run's own, unless overridden).
    source : Path
        The summary file.
    config : Config or None
        The run's configuration.
    """

    summary: pd.DataFrame
    rounds: pd.DataFrame | None
    events: pd.DataFrame | None
    panel: pd.DataFrame | None
    n_rounds: int | None
    n_jurisdictions: int | None
    burn_in: int
    source: Path
    config: Config | None = None


def _summary_file(path: Path) -> Path:
    if path.is_file() or path.name.endswith(".run.json"):
        return path
    if not path.is_dir():
        raise ParameterError(f"results = {str(path)!r} is neither a file nor a folder")
    found = sorted(path.glob("*.run.json"))
    if len(found) != 1:
        names = [p.name for p in found] or "none"
        raise ParameterError(f"results folder {str(path)!r} must hold exactly one saved run "
                             f"(X.parquet or X.csv with its manifest X.run.json); found "
                             f"manifests: {names}")
    return found[0]


def load_results(path: str | Path, burn_in: int | None = None) -> LoadedRun:
    """Read a saved run (:meth:`SimulationResult.save`, ``tournament run --out``).

    Parameters
    ----------
    path : str or Path
        The summary file, its manifest ``X.run.json``, or a folder holding
        exactly one saved run.
    burn_in : int, optional
        Override the run's own burn-in.

    Raises
    ------
    ParameterError
        When the set is incomplete (no manifest, a missing or changed file)
        or ``burn_in`` is out of range.
    """
    source = storage.resolve(_summary_file(Path(path)))
    res = storage.load(source)
    cfg = res.config
    burn_in = cfg.burn_in if burn_in is None else burn_in
    if isinstance(burn_in, bool) or not isinstance(burn_in, int) or burn_in < 0:
        raise ParameterError(f"burn_in = {burn_in!r} is out of range: must be an integer >= 0")
    if burn_in >= cfg.n_rounds:
        raise ParameterError(f"burn_in = {burn_in} is out of range: must be < n_rounds "
                             f"({cfg.n_rounds})")
    return LoadedRun(res.summary, res.rounds, res.events, res.panel, cfg.n_rounds,
                     cfg.n_jurisdictions, burn_in, source, cfg)


def _figures(run: LoadedRun, out: Path) -> list[tuple[Path, str]]:
    made: list[tuple[Path, str]] = []
    b = run.burn_in
    if run.panel is not None:
        made.append((F.cycle_raster(run.panel, path=out / "cycle_raster.png"),
                     "Active projects by domain (first 40 jurisdictions, last 60 rounds)."))
    if run.events is not None and run.n_rounds is not None:
        curves = project_survival(run.events, run.n_rounds, b, by="origin")
        made.append((F.survival_plot(curves, path=out / "survival.png"),
                     "Kaplan–Meier survival of projects launched after burn-in, by origin."))
        made.append((M.hazard_plot(turnover_hazard(run.events, run.n_rounds, b),
                                   path=out / "hazard.png"),
                     "Hazard of dropping or replacing a project by rounds since its launching "
                     "elite left."))
    if run.rounds is not None:
        made.append((F.launches_plot(run.rounds, burn_in=b, path=out / "launches.png"),
                     "Approved launches per round, by origin."))
        made.append((F.leadership_timeline(run.rounds, path=out / "leadership.png"),
                     "Top-ranked jurisdiction and model domain, round by round."))
        spec = launch_spectrum(run.rounds, b)
        if len(spec):
            made.append((M.spectrum_plot(spec, path=out / "spectrum.png"),
                         "Mean periodogram of launches after burn-in."))
        governance = (run.rounds["crises"].sum() > 0 or run.rounds["discontent"].abs().sum() > 0
                      or run.rounds["gini"].nunique() > run.rounds["replicate"].nunique())
        if governance:
            cfg = run.config
            thresholds = ({} if cfg is None else {
                "balance_threshold": cfg.balance_threshold,
                "imbalance_threshold": cfg.imbalance_threshold,
                "carrying_capacity": cfg.carrying_capacity})
            made.append((F.governance_panel(run.rounds, path=out / "governance.png",
                                            **thresholds),
                         "Capacity gini, discontent and alpha in force (replicate "
                         f"{int(run.rounds['replicate'].min())}); red lines mark crises."))
        if run.events is not None:
            profile = bandwagon_profile(run.events, run.rounds, b)
            if profile["replicates"].iloc[0] > 0:
                made.append((M.bandwagon_plot(profile, path=out / "bandwagon.png"),
                             "Launches in a domain around the round it becomes the model."))
    return made


def _summary_html(run: LoadedRun) -> str:
    columns = tuple(c for c in HEADLINE if c in run.summary.columns)
    desc = describe(run.summary, columns)
    rows = []
    for name, r in desc.iterrows():
        by_median = str(r["method"]).startswith("median")
        value = r["median"] if by_median else r["mean"]
        ci = ("—" if not (math.isfinite(r.ci_low) or math.isfinite(r.ci_high))
              else f"[{r.ci_low:.4g}, {r.ci_high:.4g}]")
        rows.append(f"<tr><td>{html.escape(str(name))}</td><td>{value:.4g}</td>"
                    f"<td>{ci}</td><td>{html.escape(str(r['method']))}</td>"
                    f"<td>{int(r.n)}</td></tr>")
    return ("<table><tr><th>statistic</th><th>estimate</th><th>95% interval</th>"
            "<th>method</th><th>n</th></tr>" + "".join(rows) + "</table>")


def _page(title: str, intro: str, tables: str, figures: list[tuple[Path, str]]) -> str:
    parts = [f"<h2>{html.escape(p.stem.replace('_', ' '))}</h2><figure><img alt='{p.stem}' "
             f"src='data:image/png;base64,{base64.b64encode(p.read_bytes()).decode()}'>"
             f"<figcaption>{html.escape(caption)}</figcaption></figure>"
             for p, caption in figures]
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>tournament report</title>"
        "<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}"
        "img{max-width:100%}table{border-collapse:collapse}td,th{padding:2px 10px;"
        "border-bottom:1px solid #ddd;text-align:right}td:first-child{text-align:left}"
        "figcaption{color:#555;font-size:90%}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>{intro}{tables}{''.join(parts)}</body></html>")


def is_study(path: str | Path) -> bool:
    """Whether ``path`` is the folder of a study (:func:`tournament.study.sweep`)."""
    return Path(path).is_dir() and Store(path).exists()


STUDY_STATISTICS = ("lifetime_median", "turnover_death_ratio", "leader_to_follower_share",
                    "restart_new_domain_share", "innovation_rate")
_MAX_LEVELS = 12


def _study_report(path: Path, out: Path) -> Path:
    design = Store(path).read_design()
    data = load_study(path, partial=True)
    names = [n for n in design.names if data[n].nunique() <= _MAX_LEVELS]
    figures: list[tuple[Path, str]] = []
    if names:
        x, y = names[0], (names[1] if len(names) > 1 else None)
        pooled = [n for n in design.names if n not in (x, y)]
        note = f" Pooled over {', '.join(pooled)}." if pooled else ""
        for stat in STUDY_STATISTICS:
            if stat in data.columns:
                figures.append((F.sweep_heatmap(data, x, y, stat, path=out / f"sweep_{stat}.png"),
                                f"{stat}: mean over replicates (median where some are inf)."
                                + note))
    skipped = [n for n in design.names if n not in names]
    intro = (f"<p>{html.escape(str(path))}: study over {', '.join(design.names)}, "
             f"{len(design)} points, {design.replicates} replicates each; {len(data)} "
             "replicates read.</p>")
    if skipped:
        intro += (f"<p>No heatmap over {', '.join(skipped)}: more than {_MAX_LEVELS} distinct "
                  "values (use tournament.study.aggregate).</p>")
    page = out / "index.html"
    atomic_write_text(page, _page("Study report", intro, "", figures))
    return page


def write_report(results: str | Path | LoadedRun, out: str | Path,
                 burn_in: int | None = None) -> Path:
    """Write every figure the saved tables allow, and ``index.html`` embedding them.

    Parameters
    ----------
    results : str, Path or LoadedRun
        A summary file or a folder holding one (tables written by ``tournament
        run --out X --record rounds,events,panel``), a :class:`LoadedRun`, or
        the folder of a study (``tournament sweep``): then the report holds
        heatmaps of headline statistics over its first two swept parameters.
    out : str or Path
        Output folder (created).
    burn_in : int, optional
        Burn-in (when ``results`` is a path; default ``Config().burn_in``).

    Returns
    -------
    Path
        The HTML file.
    """
    out = Path(out)
    if not isinstance(results, LoadedRun) and is_study(results):
        out.mkdir(parents=True, exist_ok=True)
        return _study_report(Path(results), out)
    run = results if isinstance(results, LoadedRun) else load_results(results, burn_in)
    out.mkdir(parents=True, exist_ok=True)
    figures = _figures(run, out)
    shape = (f"{len(run.summary)} replicates" + (f", {run.n_rounds} rounds" if run.n_rounds else "")
             + (f", {run.n_jurisdictions} jurisdictions" if run.n_jurisdictions else "")
             + f", burn-in {run.burn_in}")
    missing = [t for t in TABLES if getattr(run, t) is None]
    note = (f"<p>Not recorded: {', '.join(missing)} (record them with <code>tournament run "
            f"--record rounds,events,panel</code> for every figure).</p>" if missing else "")
    intro = f"<p>{html.escape(str(run.source))}: {shape}.</p>{note}"
    page = _page("Simulation report", intro,
                 f"<h2>Summary statistics</h2>{_summary_html(run)}", figures)
    path = out / "index.html"
    atomic_write_text(path, page)
    return path


README_FIGURES = ("cycle_raster", "survival", "hazard", "leadership", "launches", "bandwagon",
                  "spectrum", "governance", "sweep")
"""The figures :func:`readme_figures` writes (``NAME.png``)."""
SWEEP = {"novelty_decay": (0.0, 0.15, 0.3, 0.5), "rotation_hazard": (0.0, 0.1, 0.2, 0.4)}
"""The grid of the README's sweep heatmap (median project lifetime)."""


def readme_figures(out: str | Path, replicates: int = 100, seed: int = 0,
                   sweep_replicates: int = 20, config: Config | None = None) -> list[Path]:
    """Draw the README figures from the default configuration (fixed seeds).

    Writes into ``out``: ``cycle_raster.png`` (replicate 0), ``survival.png``
    (defaults vs all four decline mechanisms off, mean elite tenure marked),
    ``hazard.png``, ``leadership.png``, ``launches.png``, ``bandwagon.png``,
    ``spectrum.png`` (``replicates`` replicates), ``governance.png`` (the
    turning-point policy with the governance layer of fact 7 switched on) and
    ``sweep.png`` (median lifetime over :data:`SWEEP`, ``sweep_replicates``
    replicates per cell). ``tournament figures --out docs/figures``
    regenerates the committed copies. ``config`` replaces the defaults (for
    quick checks on a small model).
    """
    cfg = Config() if config is None else config
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    res = simulate(cfg, replicates=replicates, seed=seed, record=("rounds", "events"))
    one = simulate(cfg, replicates=[0], seed=seed, record=("panel",))
    off = simulate(cfg.replace(**ALL_OFF), replicates=replicates, seed=seed, record=("events",))
    gov_cfg = cfg.replace(**GOVERNANCE, allocation_policy="turning_point")
    gov = simulate(gov_cfg, replicates=[0], seed=seed, record=("rounds",))
    t, b = cfg.n_rounds, cfg.burn_in
    curves = pd.concat([
        project_survival(res.events, t, b).assign(group="default calibration"),
        project_survival(off.events, t, b).assign(group="all four decline mechanisms off"),
    ], ignore_index=True)
    tenure = float(elite_tenure_mean(res.rounds, cfg.n_jurisdictions, b).mean())
    rows = []
    for x in SWEEP["novelty_decay"]:
        for y in SWEEP["rotation_hazard"]:
            summ = simulate(cfg.replace(novelty_decay=x, rotation_hazard=y),
                            replicates=sweep_replicates, seed=seed).summary
            rows.append(summ.assign(novelty_decay=x, rotation_hazard=y))
    sweep = pd.concat(rows, ignore_index=True)
    return [
        F.cycle_raster(one.panel, path=out / "cycle_raster.png"),
        F.survival_plot(curves, path=out / "survival.png", marks={"mean elite tenure": tenure},
                        title=f"Project survival, {replicates} replicates (95% Greenwood band)"),
        M.hazard_plot(turnover_hazard(res.events, t, b), path=out / "hazard.png"),
        F.leadership_timeline(res.rounds, path=out / "leadership.png"),
        F.launches_plot(res.rounds, burn_in=b, path=out / "launches.png"),
        M.bandwagon_plot(bandwagon_profile(res.events, res.rounds, b),
                         path=out / "bandwagon.png"),
        M.spectrum_plot(launch_spectrum(res.rounds, b), path=out / "spectrum.png"),
        F.governance_panel(gov.rounds, balance_threshold=gov_cfg.balance_threshold,
                           imbalance_threshold=gov_cfg.imbalance_threshold,
                           carrying_capacity=gov_cfg.carrying_capacity,
                           path=out / "governance.png"),
        F.sweep_heatmap(sweep, "novelty_decay", "rotation_hazard", "lifetime_median",
                        path=out / "sweep.png",
                        label="median project lifetime (rounds)"),
    ]
