"""A one-page HTML report of a saved run, and the README figures.

``tournament run --out X.parquet --record rounds,events,panel`` writes
``X.parquet`` (summary) and ``X.rounds.parquet``, ``X.events.parquet``,
``X.panel.parquet`` beside it (``.csv`` works the same way; ``tournament
demo`` writes ``summary.*`` and ``rounds.*`` into a folder).
:func:`load_results` reads such a set back; :func:`write_report` draws every
figure the tables allow and writes them as PNGs with an ``index.html`` that
embeds them. The run's configuration is not saved with the tables: ``T`` and
``N`` are read off the tables, the burn-in is an argument (default: the
model's default).
"""

from __future__ import annotations

import base64
import html
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import _codes as C
from .._errors import ParameterError
from ..config import Config

__all__ = ["LoadedRun", "load_results", "write_report", "readme_figures"]

TABLES = ("rounds", "events", "panel")
_ACTIONS = ("routine", "keep", "imitate", "innovate")


@dataclass
class LoadedRun:
    """Tables of a saved run.

    Attributes
    ----------
    summary, rounds, events, panel : pandas.DataFrame or None
        The tables found (``summary`` always).
    n_rounds, n_jurisdictions : int or None
        Read off the rounds and panel tables (``None`` without them).
    burn_in : int
        Burn-in used by the statistics.
    source : Path
        The summary file.
    """

    summary: pd.DataFrame
    rounds: pd.DataFrame | None
    events: pd.DataFrame | None
    panel: pd.DataFrame | None
    n_rounds: int | None
    n_jurisdictions: int | None
    burn_in: int
    source: Path


def _read(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path) if path.suffix.lower() == ".parquet" else pd.read_csv(path)


def _summary_file(path: Path) -> Path:
    if path.is_file():
        return path
    if not path.is_dir():
        raise ParameterError(f"results = {str(path)!r} is neither a file nor a folder")
    found = sorted(p for p in path.iterdir() if p.suffix.lower() in (".parquet", ".csv")
                   and "." not in p.stem and p.stem not in TABLES)
    if len(found) != 1:
        names = [p.name for p in found] or "none"
        raise ParameterError(f"results folder {str(path)!r} must hold exactly one summary "
                             f"table (X.parquet or X.csv beside X.rounds.* …); found {names}")
    return found[0]


def _recode(events: pd.DataFrame | None, panel: pd.DataFrame | None) -> None:
    """Restore the categorical columns (CSV files store them as text)."""
    if events is not None:
        events["origin"] = pd.Categorical(events["origin"].astype(str), categories=C.ORIGINS)
        events["cause"] = pd.Categorical(events["cause"].astype(str), categories=C.CAUSES)
    if panel is not None:
        panel["action"] = pd.Categorical(panel["action"].astype(str), categories=_ACTIONS)


def load_results(path: str | Path, burn_in: int | None = None) -> LoadedRun:
    """Read a summary table and the extra tables written beside it.

    Parameters
    ----------
    path : str or Path
        The summary file, or a folder holding exactly one.
    burn_in : int, optional
        Burn-in of the run (default: ``Config().burn_in``).
    """
    source = _summary_file(Path(path))
    burn_in = Config().burn_in if burn_in is None else burn_in
    if burn_in < 0:
        raise ParameterError(f"burn_in = {burn_in!r} is out of range: must be >= 0")
    tables: dict[str, pd.DataFrame | None] = {}
    for name in TABLES:
        candidates = [source.with_name(f"{source.stem}.{name}{source.suffix}"),
                      source.with_name(f"{name}{source.suffix}")]
        hit = next((p for p in candidates if p.is_file()), None)
        tables[name] = _read(hit) if hit is not None else None
    _recode(tables["events"], tables["panel"])
    rounds, panel = tables["rounds"], tables["panel"]
    n_rounds = int(rounds["round"].max()) + 1 if rounds is not None else None
    n_jur = int(panel["jurisdiction"].max()) + 1 if panel is not None else None
    if n_rounds is not None and burn_in >= n_rounds:
        raise ParameterError(f"burn_in = {burn_in} is out of range: must be < n_rounds "
                             f"({n_rounds})")
    return LoadedRun(_read(source), rounds, tables["events"], panel, n_rounds, n_jur, burn_in,
                     source)


def _figures(run: LoadedRun, out: Path) -> list[tuple[Path, str]]:
    from . import figures as F
    from . import figures_more as M
    from .bandwagon import bandwagon_profile
    from .hazard import turnover_hazard
    from .spectrum import launch_spectrum
    from .survival import project_survival

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
            made.append((F.governance_panel(run.rounds, path=out / "governance.png"),
                         "Capacity gini, discontent and alpha; red lines mark crises."))
        if run.events is not None:
            profile = bandwagon_profile(run.events, run.rounds, b)
            if profile["replicates"].iloc[0] > 0:
                made.append((M.bandwagon_plot(profile, path=out / "bandwagon.png"),
                             "Launches in a domain around the round it becomes the model."))
    return made


def _summary_html(run: LoadedRun) -> str:
    from ..results import HEADLINE, describe

    columns = tuple(c for c in HEADLINE if c in run.summary.columns)
    desc = describe(run.summary, columns)
    rows = []
    for name, r in desc.iterrows():
        ci = f"[{r.ci_low:.4g}, {r.ci_high:.4g}]" if math.isfinite(r.se) else "—"
        rows.append(f"<tr><td>{html.escape(str(name))}</td><td>{r['mean']:.4g}</td>"
                    f"<td>{ci}</td><td>{int(r.n)}</td></tr>")
    return ("<table><tr><th>statistic</th><th>mean</th><th>95% interval</th><th>n</th></tr>"
            + "".join(rows) + "</table>")


def write_report(results: str | Path | LoadedRun, out: str | Path,
                 burn_in: int | None = None) -> Path:
    """Write every figure the saved tables allow, and ``index.html`` embedding them.

    Parameters
    ----------
    results : str, Path or LoadedRun
        A summary file, a folder holding one, or a :class:`LoadedRun`.
    out : str or Path
        Output folder (created).
    burn_in : int, optional
        Burn-in (when ``results`` is a path; default ``Config().burn_in``).

    Returns
    -------
    Path
        The HTML file.
    """
    run = results if isinstance(results, LoadedRun) else load_results(results, burn_in)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    figures = _figures(run, out)
    parts = [f"<h2>{html.escape(p.stem.replace('_', ' '))}</h2><figure><img alt='{p.stem}' "
             f"src='data:image/png;base64,{base64.b64encode(p.read_bytes()).decode()}'>"
             f"<figcaption>{html.escape(caption)}</figcaption></figure>"
             for p, caption in figures]
    shape = (f"{len(run.summary)} replicates" + (f", {run.n_rounds} rounds" if run.n_rounds else "")
             + (f", {run.n_jurisdictions} jurisdictions" if run.n_jurisdictions else "")
             + f", burn-in {run.burn_in}")
    missing = [t for t in TABLES if getattr(run, t) is None]
    note = (f"<p>Not recorded: {', '.join(missing)} (record them with <code>tournament run "
            f"--record rounds,events,panel</code> for every figure).</p>" if missing else "")
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>tournament report</title>"
        "<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}"
        "img{max-width:100%}table{border-collapse:collapse}td,th{padding:2px 10px;"
        "border-bottom:1px solid #ddd;text-align:right}td:first-child{text-align:left}"
        "figcaption{color:#555;font-size:90%}</style></head><body>"
        f"<h1>Simulation report</h1><p>{html.escape(str(run.source))}: {shape}.</p>{note}"
        f"<h2>Summary statistics</h2>{_summary_html(run)}{''.join(parts)}</body></html>")
    from .._io import atomic_write_text

    path = out / "index.html"
    atomic_write_text(path, page)
    return path


def readme_figures(out: Path, replicates: int = 100, seed: int = 0) -> list[Path]:
    """Draw the README figures from the default configuration (fixed seed).

    Writes ``cycle_raster.png`` (replicate 0), ``survival.png`` (default vs
    all four decline mechanisms off, with the mean elite tenure marked) and
    ``bandwagon.png`` into ``out``.
    """
    from ..simulation import simulate
    from . import figures as F
    from . import figures_more as M
    from .bandwagon import bandwagon_profile
    from .facts import ALL_OFF
    from .hazard import elite_tenure_mean
    from .survival import project_survival

    cfg = Config()
    out = Path(out)
    res = simulate(cfg, replicates=replicates, seed=seed, record=("rounds", "events"))
    one = simulate(cfg, replicates=[0], seed=seed, record=("panel",))
    off = simulate(cfg.replace(**ALL_OFF), replicates=replicates, seed=seed, record=("events",))
    t, b = cfg.n_rounds, cfg.burn_in
    curves = pd.concat([
        project_survival(res.events, t, b).assign(group="default calibration"),
        project_survival(off.events, t, b).assign(group="all four decline mechanisms off"),
    ], ignore_index=True)
    tenure = float(elite_tenure_mean(res.rounds, cfg.n_jurisdictions, b).mean())
    return [
        F.cycle_raster(one.panel, path=out / "cycle_raster.png"),
        F.survival_plot(curves, path=out / "survival.png", marks={"mean elite tenure": tenure},
                        title=f"Project survival, {replicates} replicates (95% Greenwood band)"),
        M.bandwagon_plot(bandwagon_profile(res.events, res.rounds, b),
                         path=out / "bandwagon.png"),
    ]
