"""Figures of simulated histories (matplotlib, Agg backend, imported only when drawing).

Every function takes the tables of a run (see :mod:`tournament.results`) or
an analysis table, and either writes a PNG to ``path`` (returning the path)
or, without a path, returns the matplotlib figure. More figures (hazard,
bandwagon, spectrum, facts, comparisons) are in :mod:`.figures_more`.

Regenerate the README figures (``docs/figures``) with::

    tournament figures --out docs/figures
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ParameterError
from .._params import PARAMS
from ..analysis.leadership import runs
from ..experiments.compare import UNITS
from ..study.reader import load as load_study
from ._plot import domain_colors, finish, pick_replicate, pyplot, require

__all__ = ["cycle_raster", "survival_plot", "leadership_timeline", "launches_plot",
           "sweep_heatmap", "governance_panel"]


def cycle_raster(panel: pd.DataFrame, replicate: int | None = None,
                 rounds: tuple[int, int] | None = None, jurisdictions: int = 40,
                 path: str | Path | None = None) -> Any:
    """Jurisdiction × round raster of active projects, coloured by domain.

    Black dots mark recognitions, small red bars the rounds at whose end the
    elite changed. Shows ``jurisdictions`` jurisdictions (the first ones) and
    the rounds ``[start, stop)`` (default: the last 60).
    """
    require(panel, "panel table", ("replicate", "round", "jurisdiction", "domain",
                                   "recognized", "elite_changed"))
    pan, rep = pick_replicate(panel, replicate)
    n_rounds = int(pan["round"].max()) + 1
    start, stop = rounds if rounds is not None else (max(0, n_rounds - 60), n_rounds)
    if not 0 <= start < stop <= n_rounds:
        raise ParameterError(f"rounds = {rounds!r} must satisfy 0 <= start < stop <= {n_rounds}")
    if jurisdictions < 1:
        raise ParameterError(f"jurisdictions = {jurisdictions!r} must be >= 1")
    pan = pan[(pan["round"] >= start) & (pan["round"] < stop)
              & (pan["jurisdiction"] < jurisdictions)]
    n = int(pan["jurisdiction"].max()) + 1
    n_dom = max(int(panel["domain"].max()) + 1, 1)
    grid = np.full((n, stop - start), -1)
    grid[pan["jurisdiction"].to_numpy(), pan["round"].to_numpy() - start] = pan["domain"]
    plt = pyplot()
    # deferred (optional, heavy): matplotlib loads only when a figure is drawn
    from matplotlib.colors import ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    colours = domain_colors(n_dom)
    cmap = ListedColormap([(0.94, 0.94, 0.94, 1.0), *colours])
    fig, ax = plt.subplots(figsize=(10, 5.5))
    ax.imshow(grid + 1, cmap=cmap, vmin=0, vmax=n_dom, aspect="auto", interpolation="nearest",
              extent=(start - 0.5, stop - 0.5, n - 0.5, -0.5))
    rec = pan[pan["recognized"]]
    ax.scatter(rec["round"], rec["jurisdiction"], s=9, c="black", marker="o", linewidths=0)
    chg = pan[pan["elite_changed"]]
    ax.scatter(chg["round"] + 0.45, chg["jurisdiction"], s=22, c="#d62728", marker="|",
               linewidths=1.2)
    ax.set_xlabel("round (one round = one year)")
    ax.set_ylabel("jurisdiction")
    ax.set_title(f"Active projects by domain, replicate {rep} (jurisdictions 0–{n - 1}): "
                 "emerge, die, restart", fontsize=11)
    handles = [Patch(color=colours[d], label=f"domain {d}") for d in range(n_dom)]
    handles += [Patch(color=cmap(0), label="no project"),
                Line2D([], [], ls="", marker="o", ms=4, c="black", label="recognised"),
                Line2D([], [], ls="", marker="|", ms=7, c="#d62728", label="elite left")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
              frameon=False)
    return finish(fig, path)


def survival_plot(curves: pd.DataFrame, path: str | Path | None = None,
                  title: str = "Project survival (Kaplan–Meier, 95% Greenwood band)",
                  max_time: int | None = None, marks: dict[str, float] | None = None) -> Any:
    """Survival curves with their bands, from :func:`.survival.kaplan_meier` tables.

    ``curves`` may hold several curves told apart by a ``group`` column;
    ``marks`` draws labelled vertical lines (e.g. ``{"mean elite tenure": 4.2}``).
    """
    require(curves, "curves", ("time", "survival", "ci_low", "ci_high"))
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4.5))
    groups = curves.groupby("group", sort=False) if "group" in curves else [("all", curves)]
    top = 0
    for label, curve in groups:
        # S(t) = share with lifetime > t holds on [t, t + 1); it is 1 just before age 0
        t = np.concatenate(([0], curve["time"].to_numpy(), [curve["time"].iloc[-1] + 1]))
        s = np.concatenate(([1.0], curve["survival"].to_numpy(), [curve["survival"].iloc[-1]]))
        lo = np.concatenate(([1.0], curve["ci_low"].to_numpy(), [curve["ci_low"].iloc[-1]]))
        hi = np.concatenate(([1.0], curve["ci_high"].to_numpy(), [curve["ci_high"].iloc[-1]]))
        (line,) = ax.step(t, s, where="post", label=str(label), lw=1.8)
        ax.fill_between(t, lo, hi, step="post", alpha=0.25, color=line.get_color(), lw=0)
        top = max(top, int(t[-1]))
    ax.axhline(0.5, color="grey", lw=0.8, ls="--")
    ax.text(0.99, 0.49, "half survive", transform=ax.get_yaxis_transform(), ha="right",
            va="top", fontsize=8, color="grey")
    for name, value in (marks or {}).items():
        ax.axvline(value, color="black", lw=0.9, ls=":")
        ax.text(value, 0.97, f" {name} ({value:.3g})", fontsize=8, va="top")
    ax.set_xlim(0, max_time if max_time is not None else min(top, 40))
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("project age (rounds since launch)")
    ax.set_ylabel("share of projects still running")
    ax.set_title(title)
    ax.legend(frameon=False)
    return finish(fig, path)


def leadership_timeline(rounds: pd.DataFrame, replicate: int | None = None,
                        window: tuple[int, int] | None = None,
                        path: str | Path | None = None) -> Any:
    """Who leads and which domain is the model, round by round (one replicate).

    Top: the top-ranked jurisdiction, coloured by the model domain. Bottom:
    model eras as bars. Rounds ``[start, stop)`` (default: the last 60).
    """
    require(rounds, "rounds table", ("replicate", "round", "top", "model_domain"))
    rnd, rep = pick_replicate(rounds, replicate)
    rnd = rnd.sort_values("round")
    n_rounds = len(rnd)
    start, stop = window if window is not None else (max(0, n_rounds - 60), n_rounds)
    if not 0 <= start < stop <= n_rounds:
        raise ParameterError(f"window = {window!r} must satisfy 0 <= start < stop <= {n_rounds}")
    rnd = rnd.iloc[start:stop]
    n_dom = max(int(rounds["model_domain"].max()) + 1, 1)
    colours = domain_colors(n_dom)
    plt = pyplot()
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 5), sharex=True,
                                   gridspec_kw={"height_ratios": [3, 1]})
    model = rnd["model_domain"].to_numpy()
    ax1.plot(rnd["round"], rnd["top"], color="0.7", lw=0.8, zorder=1)
    has = model >= 0
    ax1.scatter(rnd["round"][has], rnd["top"][has], c=[colours[d] for d in model[has]], s=18,
                zorder=2)
    ax1.scatter(rnd["round"][~has], rnd["top"][~has], facecolors="white", edgecolors="0.4",
                s=18, zorder=2)
    ax1.set_ylabel("top-ranked\njurisdiction")
    spells = runs(rnd["top"].to_numpy())["length"].mean()
    eras = runs(model, skip=-1)["length"]
    era_text = f"{eras.mean():.1f} rounds" if len(eras) else "none"
    ax1.set_title(f"Leadership and model domain, replicate {rep}, rounds {start}–{stop - 1}: "
                  f"mean spell {spells:.1f} rounds, mean model era {era_text}", fontsize=10)
    for era in runs(model, skip=-1).itertuples(index=False):
        ax2.broken_barh([(start + era.start - 0.5, era.length)], (0, 1),
                        color=colours[int(era.value)])
        if era.length >= 3:
            ax2.text(start + era.start - 0.5 + era.length / 2, 0.5, str(int(era.value)),
                     ha="center", va="center", fontsize=7, color="white")
    ax2.set_yticks([])
    ax2.set_ylabel("model\ndomain")
    ax2.set_xlabel("round (one round = one year)")
    from matplotlib.lines import Line2D  # deferred: matplotlib (see cycle_raster)
    from matplotlib.patches import Patch

    handles = [Patch(color=colours[d], label=f"domain {d}") for d in range(n_dom)]
    handles.append(Line2D([], [], ls="", marker="o", mfc="white", mec="0.4", label="no model"))
    ax1.legend(handles=handles,
               loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False,
               title="model domain", title_fontsize=8)
    return finish(fig, path)


def launches_plot(rounds: pd.DataFrame, burn_in: int = 0, replicate: int | None = None,
                  path: str | Path | None = None) -> Any:
    """Innovations and imitations per round: one replicate, and the mean of all.

    Top (or alone, when the table holds one replicate): stacked bars of one
    replicate's approved launches, where the emerge–die–restart waves show.
    Bottom, with several replicates: the mean across replicates per round
    with a 95 % band (replicates are not in phase, so the waves average
    out; the band shows the level). The launch wave of round 0 is left off
    the scale (and labelled) so that later rounds stay readable.
    """
    require(rounds, "rounds table", ("replicate", "round", "innovations", "imitations"))
    plt = pyplot()
    n_rep = rounds["replicate"].nunique()
    several = n_rep > 1
    fig, axes = plt.subplots(2 if several else 1, 1, figsize=(9, 6.5 if several else 4),
                             sharex=True, squeeze=False)
    columns = (("innovations", "#1f77b4"), ("imitations", "#ff7f0e"))
    rnd, rep = pick_replicate(rounds, replicate)
    rnd = rnd.sort_values("round")
    t = rnd["round"].to_numpy()
    bottom = np.zeros(len(t))
    ax = axes[0, 0]
    for column, colour in columns:
        ax.bar(t, rnd[column], bottom=bottom, width=1.0, color=colour, label=column)
        bottom = bottom + rnd[column].to_numpy()
    _clip_first_round(ax, bottom)
    ax.set_title(f"Launches by origin, replicate {rep}")
    panels = [ax]
    if several:
        ax = axes[1, 0]
        top_series = np.zeros(rounds["round"].nunique())
        for column, colour in columns:
            stats = rounds.groupby("round")[column].agg(["mean", "std"])
            half = 1.96 * stats["std"].fillna(0.0).to_numpy() / np.sqrt(n_rep)
            mean = stats["mean"].to_numpy()
            ax.plot(stats.index, mean, color=colour, lw=1.4, label=column)
            ax.fill_between(stats.index, np.maximum(mean - half, 0.0), mean + half,
                            color=colour, alpha=0.25, lw=0)
            top_series = np.maximum(top_series, mean + half)
        _clip_first_round(ax, top_series)
        ax.set_title(f"Mean of {n_rep} replicates per round, 95% band", fontsize=10)
        panels.append(ax)
    for ax in panels:
        if burn_in > 0:
            ax.axvspan(-0.5, burn_in - 0.5, color="0.9", zorder=0, label="burn-in")
        ax.set_ylabel("approved launches\nper round")
        ax.legend(frameon=False, loc="upper right", fontsize=8)
    panels[-1].set_xlabel("round (one round = one year)")
    return finish(fig, path)


def _clip_first_round(ax: Any, series: np.ndarray) -> None:
    """Scale the y axis to rounds 1 on, labelling round 0 when it is off the scale."""
    later = series[1:] if len(series) > 1 else series
    ceiling = 1.15 * max(float(later.max()), 1.0)
    if series[0] > ceiling:
        ax.annotate(f"round 0: {series[0]:.0f} (off scale)", (0, ceiling),
                    xytext=(8, -12), textcoords="offset points", fontsize=8)
    ax.set_ylim(0, ceiling)


def sweep_heatmap(frame: pd.DataFrame | str | Path, x: str, y: str | None, value: str,
                  path: str | Path | None = None, label: str | None = None,
                  fmt: str = "{:.3g}") -> Any:
    """Heatmap of a statistic over a two-parameter sweep (one cell per pair of values).

    Parameters
    ----------
    frame : pandas.DataFrame, str or Path
        One row per run or replicate with the columns ``x``, ``y`` and
        ``value`` (for example summaries of several configurations stacked
        with their parameter values), or the folder of a study written by
        :func:`tournament.study.sweep` (read with :func:`tournament.study.load`).
    x, y : str
        The parameters on the horizontal and vertical axes; ``y = None``
        draws a single row.
    value : str
        The statistic. Each cell shows the mean over its rows, or the median
        when some are ``inf`` (a Kaplan–Meier median the run never reached,
        shown as "inf" at the top of the colour scale); other swept
        parameters are pooled.
    path : str or Path, optional
        Where to write the PNG.
    label : str, optional
        Name of the statistic on the colour bar (default ``value``).
    fmt : str
        Format of the numbers in the cells.
    """
    if isinstance(frame, (str, Path)):
        frame = load_study(frame)
    if y is None:
        frame, y = frame.assign(_all_=0.0), "_all_"
    require(frame, "frame", (x, y, value))
    if label is None:
        label = f"{value} ({UNITS[value]})" if value in UNITS else value
    cells = frame.groupby([y, x])[value].agg(lambda v: _cell_value(v.to_numpy(float)))
    grid = cells.unstack(x).sort_index(ascending=False)
    data = grid.to_numpy(float)
    finite = data[np.isfinite(data)]
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(2.8 + 0.9 * grid.shape[1], 1.6 + 0.6 * grid.shape[0]))
    vmin = finite.min() if len(finite) else 0.0
    vmax = finite.max() if len(finite) else 1.0
    shown = np.where(np.isposinf(data), vmax, data)
    image = ax.imshow(shown, cmap="viridis", aspect="auto", vmin=vmin, vmax=vmax)
    for (r, c), v in np.ndenumerate(data):
        text = "inf" if np.isposinf(v) else ("—" if np.isnan(v) else fmt.format(v))
        dark = bool(len(finite)) and shown[r, c] < (vmin + vmax) / 2
        ax.text(c, r, text, ha="center", va="center", fontsize=8,
                color="white" if dark else "black")
    ax.set_xticks(range(grid.shape[1]), [_tick(v) for v in grid.columns])
    ax.set_xlabel(_axis_label(x))
    if y == "_all_":
        ax.set_yticks([])
    else:
        ax.set_yticks(range(grid.shape[0]), [_tick(v) for v in grid.index])
        ax.set_ylabel(_axis_label(y))
    fig.colorbar(image, ax=ax, label=label)
    ax.set_title(f"{value} by {x}" + ("" if y == "_all_" else f" and {y}"), fontsize=10)
    return finish(fig, path)


def _axis_label(name: str) -> str:
    """A parameter's name with its meaning (its unit) from the parameter table."""
    return f"{name}\n({PARAMS[name].doc})" if name in PARAMS else name


def _tick(value: Any) -> str:
    return f"{value:g}" if isinstance(value, (int, float, np.number)) else str(value)


def _cell_value(v: np.ndarray) -> float:
    v = v[~np.isnan(v)]
    if len(v) == 0:
        return np.nan
    return float(v.mean()) if np.isfinite(v).all() else float(np.median(v))


def governance_panel(rounds: pd.DataFrame, replicate: int | None = None,
                     balance_threshold: float | None = None,
                     imbalance_threshold: float | None = None,
                     carrying_capacity: float | None = None,
                     path: str | Path | None = None) -> Any:
    """Capacity gini, discontent, crises and alpha over rounds (one replicate)."""
    require(rounds, "rounds table", ("replicate", "round", "gini", "discontent", "crises",
                                     "alpha"))
    rnd, rep = pick_replicate(rounds, replicate)
    rnd = rnd.sort_values("round")
    plt = pyplot()
    fig, axes = plt.subplots(3, 1, figsize=(9, 6.5), sharex=True)
    t = rnd["round"].to_numpy()
    crises = t[rnd["crises"].to_numpy() > 0]
    axes[0].plot(t, rnd["gini"], color="#1f77b4", lw=1.2)
    if balance_threshold is not None and imbalance_threshold is not None:
        axes[0].axhspan(balance_threshold, imbalance_threshold, color="#2ca02c", alpha=0.12,
                        label="tolerated band (no discontent)")
        axes[0].legend(loc="upper right", frameon=False, fontsize=8)
        top = max(imbalance_threshold, float(rnd["gini"].max()))
        axes[0].set_ylim(0, 1.3 * top)
    axes[0].set_ylabel("capacity gini")
    axes[1].plot(t, rnd["discontent"], color="#9467bd", lw=1.2)
    if carrying_capacity is not None:
        axes[1].axhline(carrying_capacity, color="grey", ls="--", lw=0.8,
                        label="carrying capacity (crisis above)")
        axes[1].legend(loc="upper right", frameon=False, fontsize=8)
        axes[1].set_ylim(0, 1.25 * max(carrying_capacity, float(rnd["discontent"].max())))
    axes[1].set_ylabel("discontent")
    axes[2].step(t, rnd["alpha"], where="post", color="#8c564b", lw=1.2)
    axes[2].set_ylabel("alpha in force\n(concentration)")
    axes[2].set_xlabel("round (one round = one year)")
    for ax in axes:
        for c in crises:
            ax.axvline(c, color="#d62728", lw=0.6, alpha=0.6)
    axes[0].set_title(f"Governance, replicate {rep}: {len(crises)} crises (red lines)")
    return finish(fig, path)
