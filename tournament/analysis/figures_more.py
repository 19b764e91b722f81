"""More figures: turnover hazard, bandwagon profile, launch spectrum, facts overview.

Same conventions as :mod:`tournament.analysis.figures`: a ``path`` writes a
PNG and returns the path, no path returns the matplotlib figure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._plot import finish, pyplot, require

__all__ = ["hazard_plot", "bandwagon_plot", "spectrum_plot", "facts_plot"]


def hazard_plot(table: pd.DataFrame, path: str | Path | None = None) -> Any:
    """Death-by-choice hazard by rounds since the launching elite left, with Wilson intervals.

    ``table`` is a :func:`.hazard.turnover_hazard` table.
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

    ``profile`` is a :func:`.bandwagon.bandwagon_profile` table.
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
    """Mean share of spectral power by period, from :func:`.spectrum.launch_spectrum`."""
    require(spectrum, "spectrum", ("period", "share"))
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(spectrum["period"], spectrum["share"], color="#2ca02c", marker=".", lw=1)
    ax.set_xscale("log")
    from matplotlib.ticker import FuncFormatter

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
    """Each fact check's estimate and interval relative to its threshold.

    ``table`` is a :func:`.facts.check_facts` table. Every check is drawn as
    its margin over the threshold divided by the threshold's scale
    (``|threshold|``, or 1 when it is 0), so that "holds" is always "right of 0".
    """
    require(table, "facts table", ("statistic", "threshold", "estimate", "ci_low", "ci_high",
                                   "holds", "fact"))
    plt = pyplot()
    rows = table.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(rows) + 1.2))
    for pos, row in rows.iterrows():
        op, value = row["threshold"].split()
        thr = float(value)
        scale = abs(thr) if thr != 0 else 1.0
        sign = 1.0 if op.startswith(">") else -1.0
        est, lo, hi = (sign * (v - thr) / scale for v in (row["estimate"], row["ci_low"],
                                                           row["ci_high"]))
        lo, hi = min(lo, hi), max(lo, hi)
        shown = [np.clip(v, -1.0, 3.0) for v in (est, lo, hi)]
        colour = "#2ca02c" if row["holds"] else "#d62728"
        y = len(rows) - 1 - pos
        ax.plot([shown[1], shown[2]], [y, y], color=colour, lw=2)
        ax.plot(shown[0], y, "o", color=colour)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(range(len(rows)),
                  [f"{r.fact}. {r.statistic} {r.threshold}" for r in rows[::-1].itertuples()],
                  fontsize=7)
    ax.set_xlim(-1.05, 3.05)
    ax.set_xlabel("margin over the threshold, in units of the threshold (clipped at 3)")
    ax.set_title("Stylized facts: estimate and 95% interval (green: holds)", fontsize=10)
    return finish(fig, path)
