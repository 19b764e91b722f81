"""Figures of a fit: observed vs fitted moments, the SMM objective profile, ABC posteriors.

Each function writes a PNG to ``path`` (returning the path) or, without a
path, returns the matplotlib figure; matplotlib (the ``plot`` extra) is
imported only when a figure is drawn.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from .._errors import ParameterTypeError
from ..plots._plot import finish, pyplot

__all__ = ["moments_plot", "profile_plot", "posterior_plot", "draw_all"]


def _check(result: Any) -> Any:
    # duck-typed: importing tournament.fit.results here would make an import cycle
    if not all(hasattr(result, a) for a in ("params", "estimates", "moments", "diagnostics")):
        raise ParameterTypeError(f"result must be the result of fit_smm or fit_abc, got "
                                 f"{type(result).__name__}")
    return result


def moments_plot(result: Any, path: str | Path | None = None) -> Any:
    """Observed and fitted moments with their intervals, in units of the observed value.

    Each target is one row: the observed value with its interval (from its
    standard error) and the fitted moment with its interval (parameter
    uncertainty and simulation noise), both divided by the observed value
    so that moments of different scales share an axis.
    """
    result = _check(result)
    plt = pyplot()
    m = result.moments
    level = result.diagnostics.get("level", 0.95)
    z = _z(level)
    k = len(m)
    scale = np.where(m["observed"].to_numpy() != 0, np.abs(m["observed"].to_numpy()), 1.0)
    fig, ax = plt.subplots(figsize=(7, 0.6 * k + 1.6))
    y = np.arange(k)[::-1]
    ax.errorbar(m["observed"] / scale, y + 0.12, xerr=z * m["observed_se"] / scale, fmt="o",
                color="black", capsize=3, label=f"observed ± {level:.0%} interval")
    ax.errorbar(m["fitted"] / scale, y - 0.12, xerr=z * m["fitted_se"] / scale, fmt="s",
                color="tab:blue", capsize=3, label=f"fitted ± {level:.0%} interval")
    ax.set_yticks(y)
    ax.set_yticklabels([f"{t}\n({s})" for t, s in zip(m["target"], m["statistic"],
                                                      strict=True)], fontsize=8)
    ax.axvline(1.0, color="grey", lw=0.8, ls=":")
    ax.set_xlabel("moment ÷ observed value")
    ax.set_title(f"{result.method.upper()}: observed and fitted moments", fontsize=10)
    ax.legend(fontsize=8, loc="best")
    return finish(fig, path)


def profile_plot(result: Any, path: str | Path | None = None) -> Any:
    """The SMM objective along each parameter around the estimate (others at the estimate).

    Dots: the objective simulated with the Jacobian's replicates (common
    random numbers; what roughness remains is simulation noise); line: its
    quadratic approximation from the Jacobian; band: the interval.
    """
    result = _check(result)
    profile = getattr(result, "profile", None)
    plt = pyplot()
    names = list(result.params)
    fig, axes = plt.subplots(1, len(names), figsize=(3.6 * len(names), 3.2), squeeze=False)
    est = result.estimates.set_index("parameter")
    for ax, name in zip(axes[0], names, strict=True):
        rows = profile[profile["parameter"] == name] if profile is not None else None
        if rows is not None and len(rows):
            ax.plot(rows["value"], rows["objective"], "o", ms=4, color="tab:blue",
                    label="simulated")
            ax.plot(rows["value"], rows["linearised"], "-", color="tab:orange",
                    label="quadratic approximation")
        row = est.loc[name]
        ax.axvline(row["estimate"], color="black", lw=1)
        if math.isfinite(row["ci_low"]) and math.isfinite(row["ci_high"]):
            ax.axvspan(row["ci_low"], row["ci_high"], color="grey", alpha=0.2)
        ax.set_xlabel(name)
        ax.set_ylabel("objective")
        if not row["identified"]:
            ax.set_title("not identified", fontsize=9, color="tab:red")
    axes[0][0].legend(fontsize=7)
    fig.suptitle("SMM objective profile around the estimate", fontsize=10)
    fig.tight_layout()
    return finish(fig, path)


def posterior_plot(result: Any, path: str | Path | None = None) -> Any:
    """ABC posterior marginals (weighted histograms) with the prior range and the interval."""
    result = _check(result)
    posterior = getattr(result, "posterior", None)
    plt = pyplot()
    names = list(result.params)
    fig, axes = plt.subplots(1, len(names), figsize=(3.6 * len(names), 3.2), squeeze=False)
    est = result.estimates.set_index("parameter")
    for ax, name in zip(axes[0], names, strict=True):
        row = est.loc[name]
        if posterior is not None and len(posterior):
            ax.hist(posterior[name], bins=20, weights=posterior["weight"], density=True,
                    range=(row["lower_bound"], row["upper_bound"]), color="tab:blue", alpha=0.7)
        ax.axvspan(row["ci_low"], row["ci_high"], color="grey", alpha=0.2,
                   label="credible interval")
        ax.axvline(row["estimate"], color="black", lw=1, label="posterior mean")
        ax.set_xlim(row["lower_bound"], row["upper_bound"])
        ax.set_xlabel(name)
        ax.set_yticks([])
    axes[0][0].legend(fontsize=7)
    fig.suptitle("ABC posterior marginals (x axis: the prior's range)", fontsize=10)
    fig.tight_layout()
    return finish(fig, path)


def draw_all(result: Any, out: Path) -> list[Path]:
    """Every figure of ``result`` into the folder ``out``."""
    paths = [moments_plot(result, out / "moments.png")]
    if result.method == "smm":
        paths.append(profile_plot(result, out / "profile.png"))
    else:
        paths.append(posterior_plot(result, out / "posterior.png"))
    return paths


def _z(level: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.5 + level / 2)
