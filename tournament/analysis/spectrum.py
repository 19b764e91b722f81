"""Periodograms of the launch series: the rhythm of the emerge–die–restart cycle.

The periodogram of a series ``x`` of length ``L`` (mean removed) is
``|FFT(x - mean)_k|^2`` at frequencies ``k / L``, ``k = 1 … L // 2`` (cycles
per round; period ``L / k`` rounds) — the definition behind
:func:`tournament.analysis.cycle_stats`, whose ``cycle_period`` is the
period of the highest ordinate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import ParameterError

__all__ = ["periodogram", "launch_spectrum"]


def periodogram(series: np.ndarray) -> pd.DataFrame:
    """Periodogram of one series.

    Returns
    -------
    pandas.DataFrame
        ``k``, ``frequency`` (cycles per round), ``period`` (rounds),
        ``power`` and ``share`` (power / total power; ``nan`` for a flat
        series). Empty for series shorter than 4.
    """
    x = np.asarray(series, dtype=float).reshape(-1)
    n = len(x)
    if n < 4:
        return pd.DataFrame({c: pd.Series(dtype=float)
                             for c in ("k", "frequency", "period", "power", "share")})
    spec = np.fft.rfft(x - x.mean())[1 : n // 2 + 1]
    power = spec.real**2 + spec.imag**2
    k = np.arange(1, len(power) + 1)
    total = power.sum()
    share = power / total if total > 1e-9 * n * n else np.full(len(power), np.nan)
    return pd.DataFrame({"k": k, "frequency": k / n, "period": n / k, "power": power,
                         "share": share})


def launch_spectrum(rounds: pd.DataFrame, burn_in: int,
                    columns: tuple[str, ...] = ("innovations", "imitations")) -> pd.DataFrame:
    """Mean periodogram of launches per round after burn-in, across replicates.

    Parameters
    ----------
    rounds : pandas.DataFrame
        The rounds table.
    burn_in : int
        Rounds left out at the start.
    columns : tuple of str
        Round columns summed into the series (default: all launches).

    Returns
    -------
    pandas.DataFrame
        ``k``, ``frequency``, ``period``, and the mean, over replicates with a
        non-flat series, of ``power`` and ``share``; ``replicates`` counts them.
    """
    if burn_in < 0:
        raise ParameterError(f"burn_in = {burn_in!r} is out of range: must be >= 0")
    missing = [c for c in columns if c not in rounds.columns]
    if missing:
        raise ParameterError(f"columns {missing} are not rounds columns")
    late = rounds[rounds["round"] >= burn_in].sort_values(["replicate", "round"])
    parts = []
    for _, group in late.groupby("replicate", sort=True):
        spec = periodogram(group[list(columns)].sum(axis=1).to_numpy())
        if len(spec) and np.isfinite(spec["share"]).all():
            parts.append(spec)
    if not parts:
        out = periodogram(np.empty(0))
        return out.assign(replicates=pd.Series(dtype=int))
    stacked = pd.concat(parts)
    out = stacked.groupby("k", sort=True).agg(frequency=("frequency", "first"),
                                              period=("period", "first"),
                                              power=("power", "mean"), share=("share", "mean"))
    return out.reset_index().assign(replicates=len(parts))
