"""One figure per stylized fact (version 2), the fact beside its placebo and its falsifier.

``report`` is what :func:`tournament.experiments.facts.run_facts` returns;
``tournament facts --figures DIR`` writes :func:`facts_figures`. Each
figure has the base configuration on the left and the fact's falsifier
(:data:`tournament.experiments.facts.FALSIFIERS`) on the right, on the same
scale, and draws the placebo or contrast the fact is judged against inside
each panel. Intervals are 95 % ones across replicates.

Same conventions as :mod:`.figures`: a ``path`` writes a PNG and returns
the path, no path returns the matplotlib figure.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ParameterError
from ..experiments.facts import FACTS, FALSIFIERS, FactsReport
from ._plot import finish, pyplot

__all__ = ["fact_figure", "facts_figures"]

_ON, _OFF = "#1f77b4", "#d62728"
_PLACEBO = "#7f7f7f"
_Z = 1.959963984540054


def _mean_ci(x: Any) -> tuple[float, float]:
    """Mean and half-width of a normal 95 % interval (``nan`` values left out)."""
    v = np.asarray(x, dtype=float)
    v = v[np.isfinite(v)]
    if len(v) == 0:
        return math.nan, math.nan
    half = _Z * v.std(ddof=1) / math.sqrt(len(v)) if len(v) > 1 else 0.0
    return float(v.mean()), float(half)


def _bars(ax: Any, labels: list[str], samples: list[Any], colours: list[str]) -> None:
    means, halves = zip(*(_mean_ci(s) for s in samples), strict=True)
    x = np.arange(len(labels))
    ax.bar(x, means, color=colours, alpha=0.8)
    ax.errorbar(x, means, yerr=np.nan_to_num(halves), fmt="none", ecolor="black", capsize=3,
                lw=1)
    ax.set_xticks(x, labels, fontsize=8)


def _panels(report: FactsReport, fact: int, rows: int = 1,
            height: float = 3.6) -> tuple[Any, np.ndarray, dict, dict]:
    plt = pyplot()
    fig, axes = plt.subplots(rows, 2, figsize=(11, height * rows), squeeze=False)
    data = report.data[fact]
    falsifier = FALSIFIERS.get(fact)
    for row in range(rows):
        axes[row, 0].set_title("base configuration", fontsize=9)
        axes[row, 1].set_title(f"falsifier: {falsifier.label}" if falsifier else "", fontsize=9)
    verdict = report.summary.set_index("fact")
    info = verdict.loc[fact] if fact in verdict.index else None
    tag = ""
    if info is not None and info.verdict != "reported":
        tag = " (reproduced" if info.holds else " (not reproduced"
        tag += ("; falsifier breaks it)" if info.falsifier_fails
                else "; falsifier does not break it)")
    fig.suptitle(f"Fact {fact}: {FACTS[fact]}{tag}", fontsize=11)
    return fig, axes, data["on"], data["falsifier"]


def _share_y(axes: Any) -> None:
    lows, highs = zip(*(ax.get_ylim() for ax in axes), strict=True)
    for ax in axes:
        ax.set_ylim(min(lows), max(highs))


# ----------------------------------------------------------------------------- the facts
def _fact_1(report: FactsReport) -> Any:
    fig, axes, on, off = _panels(report, 1)
    for ax, side in zip(axes[0], (on, off), strict=True):
        for key, colour, label in (("projects", _ON, "projects"),
                                   ("elites", _PLACEBO, "elite spells in office")):
            curve = side[key]
            if len(curve):
                ax.step(curve["time"], curve["survival"], where="post", color=colour, label=label)
                ax.fill_between(curve["time"], curve["ci_low"], curve["ci_high"], step="post",
                                color=colour, alpha=0.2, lw=0)
        ax.axhline(0.5, color="black", lw=0.6, ls=":")
        ax.axvline(side["age"], color="black", lw=0.6, ls="--")
        ax.set_xlim(0, 25)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("rounds since launch (projects) or seating (elites)")
        ax.set_ylabel("Kaplan-Meier survival")
        ax.legend(fontsize=8)
    return fig


def _fact_2(report: FactsReport) -> Any:
    fig, axes, on, off = _panels(report, 2)
    for ax, side in zip(axes[0], (on, off), strict=True):
        table = side["by_age"]
        table = table[(table["age"] <= 15) & (table["exposed_rounds"] >= 20)]
        ax.plot(table["age"], table["exposed"], "o-", color=_OFF,
                label="1-2 rounds after the patron left")
        ax.plot(table["age"], table["unexposed"], "s-", color=_PLACEBO,
                label="patron in office (same age)")
        ax.set_xlabel("project age (rounds)")
        ax.set_ylabel("deaths by choice per project-round")
        ax.legend(fontsize=8)
    _share_y(axes[0])
    return fig


def _fact_3(report: FactsReport) -> Any:
    fig, axes, on, off = _panels(report, 3)
    for ax, side in zip(axes[0], (on, off), strict=True):
        shares = side["shares"]
        _bars(ax, ["restarted\n(not replaced)", "placebo\n(no project)",
                   "restart in a\nnew domain"],
              [shares["other"], shares["placebo"], shares["new_domain"]],
              [_ON, _PLACEBO, _ON])
        ax.axhline(0.5, color="black", lw=0.6, ls=":")
        ax.set_ylabel("share, launch within 10 rounds")
    _share_y(axes[0])
    return fig


def _fact_4(report: FactsReport) -> Any:
    fig, axes, on, off = _panels(report, 4)
    for ax, side in zip(axes[0], (on, off), strict=True):
        values = side["values"]
        _bars(ax, ["ex-leader\nfollows", "placebo\n(ranks 2..k+1)"],
              [values["leader"], values["placebo"]], [_ON, _PLACEBO])
        ax.set_ylabel("share following within 10 rounds")
        spell, era = _mean_ci(values["spell"])[0], _mean_ci(values["era"])[0]
        ax.text(0.5, 0.97, f"leadership spell {spell:.3g} rounds, model era {era:.3g}",
                transform=ax.transAxes, ha="center", va="top", fontsize=8)
    _share_y(axes[0])
    for ax in axes[0]:
        ax.set_ylim(0, ax.get_ylim()[1] * 1.12)
    return fig


def _fact_5(report: FactsReport) -> Any:
    fig, axes, on, off = _panels(report, 5)
    for ax, side in zip(axes[0], (on, off), strict=True):
        rmst = side["rmst"]
        labels = list(rmst.columns)
        colours = [_PLACEBO] + [_ON] * (len(labels) - 1)
        _bars(ax, [lab.replace(" off", "\noff") for lab in labels],
              [rmst[c] for c in labels], colours)
        ax.set_ylabel(f"restricted mean lifetime to {side['horizon']} rounds")
        ax.tick_params(axis="x", labelsize=7)
    _share_y(axes[0])
    return fig


def _profile_plot(ax: Any, profile: pd.DataFrame) -> None:
    if profile.empty:
        ax.text(0.5, 0.5, "no designation with a runner-up", transform=ax.transAxes,
                ha="center")
        return
    grouped = profile.groupby("lag", sort=True)
    for column, colour, label in (("treated", _ON, "new model domain (non-owners)"),
                                  ("placebo", _PLACEBO, "runner-up's domain")):
        mean = grouped[column].mean()
        half = _Z * grouped[column].std(ddof=1).fillna(0.0) / np.sqrt(grouped[column].count())
        ax.plot(mean.index, mean, "o-", color=colour, label=label)
        ax.fill_between(mean.index, mean - half, mean + half, color=colour, alpha=0.2, lw=0)
    ax.axvline(0.5, color="black", lw=0.6, ls="--")
    ax.set_xlabel("rounds since designation (0: the round it happened)")
    ax.set_ylabel("launches per round")
    ax.legend(fontsize=8)


def _fact_6(report: FactsReport) -> Any:
    fig, axes, on, off = _panels(report, 6, rows=2, height=3.2)
    for col, side in enumerate((on, off)):
        _profile_plot(axes[0, col], side["profile"])
        wave = side["wave"]
        ax = axes[1, col]
        if len(wave):
            mean = wave.mean(axis=0)
            lags = np.arange(1, len(mean) + 1)
            ax.plot(lags, mean, "o-", color=_ON)
            ax.axhline(mean.max() / 2.0, color="black", lw=0.6, ls=":")
        ax.set_xlabel("rounds since designation")
        ax.set_ylabel("imitations of the new model")
    _share_y(axes[0])
    _share_y(axes[1])
    return fig


def _fact_7(report: FactsReport) -> Any:
    fig, axes, on, off = _panels(report, 7, rows=2, height=3.2)
    for col, side in enumerate((on, off)):
        ax = axes[0, col]
        stats = [_mean_ci(g) for g in side["gini"]]
        means = [s[0] for s in stats]
        ax.errorbar(side["alphas"], means, yerr=[s[1] for s in stats], fmt="o-", color=_ON,
                    capsize=3)
        ax.set_xlabel("fixed alpha")
        ax.set_ylabel("mean gini")
        ax = axes[1, col]
        margins = side["margins"]
        labels = ([f"fixed\nalpha {side['alphas'][0]:g}", f"fixed\nalpha {side['alphas'][-1]:g}"]
                  + [f"turn\n{lab}" for lab in (f"{margins[0]:g} before", "at",
                                                f"{-margins[2]:g} after")])
        samples = [side["crises_fixed"][0], side["crises_fixed"][-1], *side["crises_turning"]]
        _bars(ax, labels, samples, [_PLACEBO, _PLACEBO, _ON, _PLACEBO, _PLACEBO])
        ax.set_ylabel("crises per run")
        ax.tick_params(axis="x", labelsize=7)
    _share_y(axes[0])
    _share_y(axes[1])
    return fig


def _fact_8(report: FactsReport) -> Any:
    fig, axes, on, off = _panels(report, 8, rows=2, height=3.0)
    for col, side in enumerate((on, off)):
        lo, hi = side["levels"]
        for row, name in enumerate(("attempt_rate", "capacity_growth")):
            ax = axes[row, col]
            means = side["means"][name]
            x = np.arange(2)
            ax.bar(x - 0.2, [means[(lo, lo)], means[(hi, lo)]], 0.4, color=_PLACEBO,
                   label=f"B = {lo:g}")
            ax.bar(x + 0.2, [means[(lo, hi)], means[(hi, hi)]], 0.4, color=_ON,
                   label=f"B = {hi:g}")
            ax.set_xticks(x, [f"S = {lo:g}", f"S = {hi:g}"])
            ax.set_ylabel(name)
            ax.legend(fontsize=8)
    _share_y(axes[0])
    _share_y(axes[1])
    return fig


def _fact_9(report: FactsReport) -> Any:
    plt = pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
    side = report.data[9]["on"]
    bins = np.linspace(0, 1, 21)
    for p, colour, label in ((side["p_ar1"], _ON, "against AR(1)"),
                             (side["p_fisher"], _PLACEBO, "Fisher's g (white noise)")):
        p = np.asarray(p, float)
        axes[0].hist(p[np.isfinite(p)], bins=bins, color=colour, alpha=0.6, label=label)
    n = int(np.isfinite(np.asarray(side["p_ar1"], float)).sum())
    axes[0].axhline(n / 20, color="black", lw=0.8, ls="--", label="no cycle (uniform)")
    axes[0].set_xlabel("p-value of the periodogram peak, per replicate")
    axes[0].set_ylabel("replicates")
    axes[0].legend(fontsize=8)
    spectrum = side["spectrum"]
    if len(spectrum):
        axes[1].plot(spectrum["period"], spectrum["share"], color=_ON)
        axes[1].set_xscale("log")
    axes[1].set_xlabel("period (rounds)")
    axes[1].set_ylabel("mean share of spectral power")
    fig.suptitle("Fact 9: cycle (reported, not required): launches per round", fontsize=11)
    return fig


_DRAW = {1: _fact_1, 2: _fact_2, 3: _fact_3, 4: _fact_4, 5: _fact_5, 6: _fact_6, 7: _fact_7,
         8: _fact_8, 9: _fact_9}


def _fact_10(report: FactsReport) -> Any:
    from .space import neighbour_effect_plot

    return neighbour_effect_plot(report.data[10]["report"]["space"])


_SHORT = {"credit_sharing": "credit", "promotion_value": "prize", "innovation_cost": "cost",
          "n_regions": "regions"}


def _short_label(column: str) -> str:
    """``"innovation_cost=1.5,promotion_value=6"`` -> ``"cost 1.5, prize 6"`` (tick labels)."""
    parts = []
    for part in column.split(","):
        name, _, value = part.partition("=")
        parts.append(f"{_SHORT.get(name, name)} {value}".strip())
    return ", ".join(parts)


def _fact_11(report: FactsReport) -> Any:
    from ..experiments.space_facts import SPACE_FALSIFIERS

    fig, axes, on, off = _panels(report, 11)
    axes = axes[0]
    axes[1].set_title(f"falsifier: {SPACE_FALSIFIERS[11].label}", fontsize=9)
    for ax, side in zip(axes, (on, off), strict=True):
        shares = side.get("shares")
        if shares is None or shares.empty:
            ax.set_visible(False)
            continue
        columns = [c for c in shares.columns if c != "replicate"]
        labels = [_short_label(c) for c in columns]
        _bars(ax, labels, [shares[c].to_numpy(float) for c in columns], ["C0"] * len(labels))
        ax.set_ylabel("joint share (mean, 95% CI)")
        ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    _share_y(axes)
    return fig


_DRAW.update({10: _fact_10, 11: _fact_11})


def fact_figure(report: FactsReport, fact: int, path: str | Path | None = None) -> Any:
    """Draw one fact beside its placebo (in each panel) and its falsifier (right).

    Parameters
    ----------
    report : FactsReport
        What :func:`tournament.experiments.facts.run_facts` returned.
    fact : int
        A fact the report holds (1 … 11).
    path : str or Path, optional
        Where to write the PNG; without it the figure is returned.

    Returns
    -------
    Path or matplotlib.figure.Figure

    Raises
    ------
    ParameterError
        If ``report`` is not a :class:`FactsReport` or does not hold ``fact``.
    """
    if not isinstance(report, FactsReport):
        raise ParameterError(f"report must be a FactsReport (run_facts), got "
                             f"{type(report).__name__}")
    if isinstance(fact, bool) or fact not in report.data:
        raise ParameterError(f"fact = {fact!r} is not in the report; it holds "
                             f"{sorted(report.data)}")
    fig = _DRAW[int(fact)](report)
    fig.tight_layout()
    return finish(fig, path)


def facts_figures(report: FactsReport, folder: str | Path) -> list[Path]:
    """Write ``fact1.png`` … for every fact of the report into ``folder`` (created if needed).

    Parameters
    ----------
    report : FactsReport
        What :func:`tournament.experiments.facts.run_facts` returned.
    folder : str or Path
        The output folder.

    Returns
    -------
    list of Path
        The files written, in fact order.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    return [fact_figure(report, fact, out / f"fact{fact}.png") for fact in sorted(report.data)]
