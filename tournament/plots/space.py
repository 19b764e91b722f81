"""Figures of the spatial layer (docs/specification.md section 12, docs/space.md).

* :func:`adoption_map` — small multiples of a grid topology at a few
  rounds of one run, each cell coloured by the domain of its active project
  (a dot marks a project recognised by then): diffusion seen on the map;
* :func:`neighbour_effect_plot` — the neighbour coefficient of fact 10 with
  its interval, beside the placebo's;
* :func:`joint_share_plot` — the joint share of launches against
  ``credit_sharing``, one line per ``evaluation_mode`` (fact 11);
* :func:`diffusion_plot` — mean cumulative adopters of a domain since its
  first launch, one curve per run (a ring against a small world, say).

Same conventions as :mod:`.figures`: a ``path`` writes a PNG and returns the
path, no path returns the matplotlib figure; matplotlib loads only when a
figure is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ParameterError
from ..analysis.inference import Interval
from ..analysis.space import NeighbourEffect
from ..config import Config
from ..experiments.space_facts import SpaceFactsReport
from ..graph import grid_shape
from ._plot import domain_colors, finish, pick_replicate, pyplot, require

__all__ = ["adoption_map", "neighbour_effect_plot", "joint_share_plot", "prize_contrast_plot",
           "diffusion_plot"]

_Z = 1.959963984540054


def _active_domains(events: pd.DataFrame, n: int, t: int) -> tuple[np.ndarray, np.ndarray]:
    """Domain of each jurisdiction's project at the end of round ``t`` (-1: none).

    Also whether that project has been recognised by then.
    """
    alive = events[(events["launch_round"] <= t) & (events["end_round"] > t)]
    domain = np.full(n, -1)
    shown = np.zeros(n, bool)
    who = alive["jurisdiction"].to_numpy(np.int64)
    domain[who] = alive["domain"].to_numpy(np.int64)
    first = alive["first_recognized"].to_numpy(np.int64)
    shown[who] = (first >= 0) & (first <= t)
    return domain, shown


def adoption_map(events: pd.DataFrame, config: Config, rounds: Sequence[int] | None = None,
                 replicate: int | None = None, path: str | Path | None = None) -> Any:
    """Small multiples of the grid: the domain of every cell's active project at a few rounds.

    Parameters
    ----------
    events : pandas.DataFrame
        The events table of a run of ``config`` (needs ``first_recognized``).
    config : Config
        The run's configuration; ``topology`` must be ``"grid"`` (cell
        ``(r, c)`` is jurisdiction ``r * cols + c``,
        :func:`tournament.graph.grid_shape`).
    rounds : sequence of int, optional
        The rounds shown, each at its end (default: six rounds evenly spread
        from ``burn_in`` to the last).
    replicate : int, optional
        Which replicate (default: the first in the table).
    path : str or Path, optional
        Where to write the PNG.

    Returns
    -------
    matplotlib.figure.Figure or Path

    Raises
    ------
    ParameterError
        If the topology is not a grid, ``rounds`` lie outside the run, or
        the table lacks its columns or the replicate.
    """
    require(events, "events table", ("replicate", "jurisdiction", "domain", "launch_round",
                                     "end_round", "first_recognized"))
    if not isinstance(config, Config):
        raise ParameterError(f"config must be the run's tournament.Config, got "
                             f"{type(config).__name__}")
    if config.topology != "grid":
        raise ParameterError(f"adoption_map draws a grid: config has topology = "
                             f"{config.topology!r}; run with topology = 'grid'")
    rows, cols = grid_shape(config.n_jurisdictions)
    t_count = config.n_rounds
    if rounds is None:
        rounds = sorted({int(round(x)) for x in np.linspace(config.burn_in, t_count - 1, 6)})
    rounds = [int(t) for t in rounds]
    if not rounds or any(not 0 <= t < t_count for t in rounds):
        raise ParameterError(f"rounds = {rounds!r} must be rounds of the run, in 0 ... "
                             f"{t_count - 1}")
    ev, rep = pick_replicate(events, replicate)
    plt = pyplot()
    # deferred (optional, heavy): matplotlib loads only when a figure is drawn
    from matplotlib.colors import ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    n_dom = config.n_domains
    colours = domain_colors(n_dom)
    cmap = ListedColormap([(0.94, 0.94, 0.94, 1.0), *colours])
    n_panels = len(rounds)
    per_row = min(n_panels, 3)
    n_rows = math.ceil(n_panels / per_row)
    size = 3.2
    fig, axes = plt.subplots(n_rows, per_row, figsize=(size * per_row * cols / max(rows, cols)
                                                       + 1.6, size * n_rows),
                             squeeze=False)
    for k, ax in enumerate(axes.flat):
        if k >= n_panels:
            ax.axis("off")
            continue
        t = rounds[k]
        domain, shown = _active_domains(ev, config.n_jurisdictions, t)
        ax.imshow(domain.reshape(rows, cols) + 1, cmap=cmap, vmin=0, vmax=n_dom,
                  interpolation="nearest")
        r_idx, c_idx = np.divmod(np.flatnonzero(shown), cols)
        ax.scatter(c_idx, r_idx, s=6, c="black", linewidths=0)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"end of round {t}", fontsize=9)
    handles = [Patch(color=colours[d], label=f"domain {d}") for d in range(n_dom)]
    handles += [Patch(color=cmap(0), label="no project"),
                Line2D([], [], ls="", marker="o", ms=3, c="black", label="recognised")]
    fig.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8,
               frameon=False)
    fig.suptitle(f"Projects on a {rows} x {cols} torus (replicate {rep}, learning_rate "
                 f"{config.learning_rate:g})", fontsize=11)
    fig.tight_layout()
    return finish(fig, path)


def _as_interval(value: Any, label: str) -> Interval:
    if isinstance(value, NeighbourEffect):
        return value.interval
    if isinstance(value, Interval):
        return value
    raise ParameterError(f"effects[{label!r}] must be a NeighbourEffect or an Interval, got "
                         f"{type(value).__name__}")


def neighbour_effect_plot(effects: SpaceFactsReport | Mapping[str, Any],
                          path: str | Path | None = None) -> Any:
    """The neighbour coefficient of fact 10 with its interval, beside the placebo's.

    Parameters
    ----------
    effects : SpaceFactsReport or mapping
        A report of :func:`tournament.experiments.space_facts.run_space_facts`
        with fact 10 (its ring and small world, and the placebo of each on
        the complete topology), or ``{label: NeighbourEffect or Interval}``.
    path : str or Path, optional
        Where to write the PNG.

    Returns
    -------
    matplotlib.figure.Figure or Path

    Raises
    ------
    ParameterError
        If the report lacks fact 10 or the mapping is empty or holds something else.
    """
    if isinstance(effects, SpaceFactsReport):
        if 10 not in effects.data:
            raise ParameterError("the report has no fact 10: run_space_facts(facts=(10, ...))")
        on, off = effects.data[10]["on"]["effects"], effects.data[10]["falsifier"]["effects"]
        items = {}
        for graph, name in (("ring", "ring"), ("small_world", "small world")):
            if on.get(graph) is not None:
                items[f"{name}\n(its own graph)"] = on[graph]
            if off.get(graph) is not None:
                items[f"placebo: complete,\n{name} neighbours"] = off[graph]
    elif isinstance(effects, Mapping):
        items = dict(effects)
    else:
        raise ParameterError(f"effects must be a SpaceFactsReport or a mapping, got "
                             f"{type(effects).__name__}")
    if not items:
        raise ParameterError("effects is empty: nothing to plot")
    intervals = {label: _as_interval(v, label) for label, v in items.items()}
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4.2))
    y = np.arange(len(intervals))[::-1]
    for pos, (label, iv) in zip(y, intervals.items(), strict=True):
        placebo = label.startswith("placebo")
        colour = "#7f7f7f" if placebo else "#1f77b4"
        ax.errorbar([iv.estimate], [pos], xerr=[[iv.estimate - iv.low], [iv.high - iv.estimate]],
                    fmt="o", color=colour, capsize=4, lw=1.6)
        ax.text(iv.high, pos + 0.18, f"  {iv.estimate:.3f} [{iv.low:.3f}, {iv.high:.3f}]",
                fontsize=8, va="bottom", color=colour)
    ax.axvline(0.0, color="black", lw=0.8, ls="--")
    ax.set_yticks(y, list(intervals), fontsize=8)
    ax.set_ylim(-0.7, len(intervals) - 0.3)
    ax.set_xlabel("log-odds of a launch in the domain per neighbour running it (recognised)")
    ax.set_title("Fact 10: neighbours matter (95% cluster-robust intervals)", fontsize=10)
    lo = min(0.0, *(iv.low for iv in intervals.values()))
    hi = max(0.0, *(iv.high for iv in intervals.values()))
    ax.set_xlim(lo - 0.1 * (hi - lo + 1e-9), hi + 0.45 * (hi - lo + 1e-9))
    fig.tight_layout()
    return finish(fig, path)


def joint_share_plot(shares: pd.DataFrame, path: str | Path | None = None) -> Any:
    """Joint share of launches against ``credit_sharing``, one line per evaluation mode.

    Parameters
    ----------
    shares : pandas.DataFrame
        :func:`tournament.experiments.space_facts.joint_share_grid`: one row
        per cell and replicate with ``credit_sharing``, ``evaluation_mode``
        and ``joint_share`` (and optionally ``regional_weight``, shown in the
        legend).
    path : str or Path, optional
        Where to write the PNG.

    Returns
    -------
    matplotlib.figure.Figure or Path

    Raises
    ------
    ParameterError
        If the table lacks its columns or is empty.
    """
    require(shares, "shares table", ("credit_sharing", "evaluation_mode", "joint_share"))
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    styles = {"individual": ("#1f77b4", "o"), "regional": ("#ff7f0e", "s")}
    for mode, part in shares.groupby("evaluation_mode", sort=True, observed=True):
        stats = part.groupby("credit_sharing", sort=True)["joint_share"].agg(
            mean="mean", sd="std", n="count")
        half = _Z * stats["sd"].fillna(0.0) / np.sqrt(stats["n"])
        colour, marker = styles.get(str(mode), (None, "^"))
        label = f"{mode} evaluation"
        if str(mode) == "regional" and "regional_weight" in part:
            weights = part["regional_weight"].unique()
            label += f" (weight {weights[0]:g})" if len(weights) == 1 else ""
        ax.errorbar(stats.index.to_numpy(float), stats["mean"], yerr=half, marker=marker,
                    capsize=4, lw=1.6, color=colour, label=label)
    ax.set_xlabel("credit_sharing (a member's visibility is divided by members ** this)")
    ax.set_ylabel("share of launches that are joint")
    ax.set_ylim(bottom=0.0)
    ax.set_title("Fact 11: sharing the credit crowds out cooperation (mean, 95% interval)",
                 fontsize=10)
    ax.legend(frameon=False)
    fig.tight_layout()
    return finish(fig, path)


def prize_contrast_plot(grid: pd.DataFrame, path: str | Path | None = None) -> Any:
    """Fact 11's prize contrast against launch cost, one line per region size.

    Parameters
    ----------
    grid : pandas.DataFrame
        :func:`tournament.experiments.space_facts.prize_contrast_grid`: one
        row per cell with ``innovation_cost``, ``region_size``, ``estimate``,
        ``ci_low`` and ``ci_high``.
    path : str or Path, optional
        Where to write the PNG.

    Returns
    -------
    matplotlib.figure.Figure or Path

    Raises
    ------
    ParameterError
        If the table lacks its columns or is empty.
    """
    require(grid, "prize contrast table",
            ("innovation_cost", "region_size", "estimate", "ci_low", "ci_high"))
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    sizes = sorted(grid["region_size"].unique())
    for k, size in enumerate(sizes):
        part = grid[grid["region_size"] == size].sort_values("innovation_cost")
        x = part["innovation_cost"].to_numpy(float) + 0.012 * (k - (len(sizes) - 1) / 2)
        est = part["estimate"].to_numpy(float)
        err = np.vstack([est - part["ci_low"].to_numpy(float),
                         part["ci_high"].to_numpy(float) - est])
        ax.errorbar(x, est, yerr=err, marker="o", capsize=3, lw=1.4,
                    label=f"regions of {size}")
    ax.axhline(0.0, color="0.4", lw=0.8)
    ax.set_xlabel("innovation_cost")
    ax.set_ylabel("joint share: promotion_value 1.5 - 6")
    ax.set_title("Fact 11's prize contrast (> 0: a larger prize crowds out cooperation)",
                 fontsize=10)
    ax.legend(frameon=False)
    fig.tight_layout()
    return finish(fig, path)


def diffusion_plot(curves: Mapping[str, pd.DataFrame], path: str | Path | None = None) -> Any:
    """Mean share of adopters of a domain by rounds since its first launch, one curve per run.

    Parameters
    ----------
    curves : mapping of str to pandas.DataFrame
        ``{label: diffusion_curves(...)}``
        (:func:`tournament.analysis.space.diffusion_curves`).
    path : str or Path, optional
        Where to write the PNG.

    Returns
    -------
    matplotlib.figure.Figure or Path

    Raises
    ------
    ParameterError
        If ``curves`` is empty or a table lacks its columns.
    """
    if not isinstance(curves, Mapping) or not curves:
        raise ParameterError("curves must be a non-empty mapping {label: diffusion_curves(...)}")
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    for label, frame in curves.items():
        require(frame, f"curves[{label!r}]", ("since", "share"))
        stats = frame.groupby("since", sort=True)["share"].agg(mean="mean", sd="std",
                                                                n="count")
        half = _Z * stats["sd"].fillna(0.0) / np.sqrt(stats["n"])
        x = stats.index.to_numpy(float)
        (line,) = ax.plot(x, stats["mean"], lw=1.8, label=str(label))
        ax.fill_between(x, stats["mean"] - half, stats["mean"] + half, alpha=0.25, lw=0,
                        color=line.get_color())
    ax.set_xlabel("rounds since the domain's first launch")
    ax.set_ylabel("share of jurisdictions that have launched in it")
    ax.set_ylim(bottom=0.0)
    ax.set_title("Diffusion of a domain (mean over domains and replicates, 95% interval)",
                 fontsize=10)
    ax.legend(frameon=False)
    fig.tight_layout()
    return finish(fig, path)
