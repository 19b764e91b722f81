"""More figures: turnover hazard, bandwagon profile, launch spectrum, facts, comparisons.

Same conventions as :mod:`.figures`: a ``path`` writes a PNG and returns the
path, no path returns the matplotlib figure.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..experiments.compare import UNITS, Comparison
from ._plot import finish, pyplot, require

__all__ = ["hazard_plot", "bandwagon_plot", "spectrum_plot", "facts_plot", "compare_plot"]


def hazard_plot(table: pd.DataFrame, path: str | Path | None = None) -> Any:
    """Death-by-choice hazard by rounds since the launching elite left, with Wilson intervals.

    ``table`` is a :func:`tournament.analysis.hazard.turnover_hazard` table.
    """
    require(table, "hazard table", ("label", "hazard", "ci_low", "ci_high", "since_left"))
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    x = np.arange(len(table))
    exposed = table["since_left"].isin((1, 2)).to_numpy()
    colours = np.where(exposed, "#d62728", "#1f77b4")
    hazard = table["hazard"].to_numpy(float)
    err = np.vstack([hazard - table["ci_low"].to_numpy(float),
                     table["ci_high"].to_numpy(float) - hazard])
    ax.bar(x, hazard, color=colours, alpha=0.8)
    ax.errorbar(x, hazard, yerr=err, fmt="none", ecolor="black", capsize=3, lw=1)
    ax.set_xticks(x, table["label"])
    ax.set_xlabel("rounds since the launching elite left")
    ax.set_ylabel("deaths by choice per project-round")
    ax.set_title("Projects die when their patron leaves (red: the two rounds counted "
                 "by turnover_death_ratio)", fontsize=9)
    return finish(fig, path)


def bandwagon_plot(profile: pd.DataFrame, path: str | Path | None = None) -> Any:
    """Launches in a domain around the round it becomes the model (two panels, 95 % bands).

    ``profile`` is a :func:`tournament.analysis.bandwagon.bandwagon_profile` table.
    """
    require(profile, "bandwagon profile", ("lag", "imitations", "innovations", "imitations_se"))
    plt = pyplot()
    fig, axes = plt.subplots(2, 1, figsize=(7, 5), sharex=True)
    lag = profile["lag"].to_numpy()
    for ax, column, colour, marker in ((axes[0], "imitations", "#ff7f0e", "o"),
                                       (axes[1], "innovations", "#1f77b4", "s")):
        mean = profile[column].to_numpy(float)
        se = profile.get(f"{column}_se", pd.Series(np.nan, index=profile.index))
        half = 1.96 * se.fillna(0.0).to_numpy(float)
        ax.plot(lag, mean, marker=marker, color=colour)
        ax.fill_between(lag, np.maximum(mean - half, 0.0), mean + half, color=colour,
                        alpha=0.25, lw=0)
        ax.axvline(0.5, color="grey", ls="--", lw=0.8)
        ax.set_ylabel(f"{column} in the\ndomain per round")
        ax.set_ylim(bottom=0)
    axes[0].text(0.6, axes[0].get_ylim()[1] * 0.95, "first round the new model can be imitated",
                 fontsize=8, color="grey", va="top")
    axes[1].set_xlabel("rounds since the domain became the model (0 = the round it did)")
    changes = int(profile["changes"].iloc[0]) if "changes" in profile else 0
    axes[0].set_title(f"Bandwagon: imitators crowd into the new model domain ({changes} model "
                      f"changes, 95% bands)", fontsize=10)
    return finish(fig, path)


def spectrum_plot(spectrum: pd.DataFrame, path: str | Path | None = None) -> Any:
    """Mean share of spectral power by period.

    ``spectrum`` is a :func:`tournament.analysis.spectrum.launch_spectrum` table.
    """
    require(spectrum, "spectrum", ("period", "share"))
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(spectrum["period"], spectrum["share"], color="#2ca02c", marker=".", lw=1)
    ax.set_xscale("log")
    from matplotlib.ticker import FuncFormatter  # deferred: matplotlib loads when drawing

    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(FuncFormatter(
        lambda v, _: f"{v:g}" if f"{v:g}"[0] in "25" else ""))
    ax.tick_params(axis="x", which="minor", labelsize=7)
    ax.set_xlabel("period (rounds per cycle, log scale)")
    ax.set_ylabel("share of launch variance")
    peak = spectrum.loc[spectrum["share"].idxmax()]
    ax.axvline(peak["period"], color="grey", ls="--", lw=0.8)
    reps = (f", mean of {int(spectrum['replicates'].iloc[0])} replicates"
            if "replicates" in spectrum else "")
    ax.set_title(f"Periodogram of launches after burn-in{reps} (peak at {peak['period']:.3g} "
                 "rounds)", fontsize=10)
    return finish(fig, path)


def facts_plot(table: pd.DataFrame, path: str | Path | None = None) -> Any:
    """How far each fact check clears its threshold, in widths of its interval.

    ``table`` is a :func:`tournament.experiments.facts.check_facts` table (reported rows,
    ``required`` False, are left out). For each check the
    margin ``estimate - threshold`` (sign-adjusted so that positive is the
    right side) is divided by the distance from the estimate to the near
    bound of its 95 % interval: a check holds exactly when this is above 1.
    The scale is linear up to 1 and logarithmic beyond; each row also shows
    the estimate and interval.
    """
    require(table, "facts table", ("statistic", "threshold", "estimate", "ci_low", "ci_high",
                                   "holds", "fact"))
    plt = pyplot()
    rows = table.reset_index(drop=True)
    if "required" in rows:                         # reported rows have no threshold to clear
        rows = rows[rows["required"].astype(bool)].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(10, 0.34 * len(rows) + 1.4))
    top = 1000.0
    for pos, row in rows.iterrows():
        op, value = row["threshold"].split()
        sign = 1.0 if op.startswith(">") else -1.0
        est, low, high = (float(row[c]) for c in ("estimate", "ci_low", "ci_high"))
        near = low if sign > 0 else high
        margin = sign * (est - float(value))
        half = sign * (est - near)
        if np.isnan(margin) or np.isnan(half):
            ratio = -1.0
        elif half <= 0 or np.isinf(margin):
            ratio = top if margin > 0 else -1.0
        else:
            ratio = margin / half
        ratio = float(np.clip(ratio, -1.0, top))
        colour = "#2ca02c" if row["holds"] else "#d62728"
        y = len(rows) - 1 - pos
        ax.plot(ratio, y, "o", color=colour)
        ax.text(1.02, y, f"{est:.3g} [{low:.3g}, {high:.3g}]", transform=ax.get_yaxis_transform(),
                va="center", fontsize=7)
    ax.set_xscale("symlog", linthresh=1.0)
    ax.axvline(1.0, color="black", lw=0.8, ls="--")
    ax.axvline(0.0, color="grey", lw=0.6)
    ax.set_xlim(-1.2, top * 1.5)
    ticks = [-1.0, 0.0, 1.0, 10.0, 100.0, 1000.0]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.set_yticks(range(len(rows)),
                  [f"{r.fact}. {r.statistic} {r.threshold}" for r in rows[::-1].itertuples()],
                  fontsize=7)
    ax.set_xlabel("margin over the threshold ÷ distance to the interval's near bound "
                  "(holds when > 1; clipped at 1000)", fontsize=8)
    ax.set_title("Stylized facts: how far each check clears its threshold "
                 "(green: holds; right: estimate [95% interval])", fontsize=10)
    return finish(fig, path)


def compare_plot(result: Comparison, path: str | Path | None = None) -> Any:
    """One panel per statistic: each population's estimate with its 95 % interval.

    ``result`` is what :func:`tournament.experiments.compare_populations` returns.
    """
    table = result.table
    stats = list(dict.fromkeys(table["statistic"]))
    names = list(dict.fromkeys(table["population"]))
    plt = pyplot()
    cols = min(4, len(stats))
    rows = math.ceil(len(stats) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.3 * cols, 2.6 * rows), squeeze=False)
    colours = plt.get_cmap("tab10")
    for ax, stat in zip(axes.flat, stats, strict=False):
        part = table[table["statistic"] == stat].set_index("population").loc[names]
        y = np.arange(len(names))[::-1]
        est = part["estimate"].to_numpy(float)
        finite = np.isfinite(est)
        lo = np.where(np.isfinite(part["ci_low"]), part["ci_low"], est)
        hi = np.where(np.isfinite(part["ci_high"]), part["ci_high"], est)
        for k in np.flatnonzero(finite):
            ax.plot([lo[k], hi[k]], [y[k], y[k]], color=colours(k), lw=2)
            ax.plot(est[k], y[k], "o", color=colours(k))
        ax.set_yticks(y, names, fontsize=8)
        ax.set_title(stat, fontsize=9)
        ax.set_xlabel(UNITS.get(stat, ""), fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
        ax.margins(x=0.15)
    for ax in list(axes.flat)[len(stats):]:
        ax.axis("off")
    fig.suptitle("Elite populations compared (estimate and 95% interval)", fontsize=11)
    fig.tight_layout()
    return finish(fig, path)
