"""Per-configuration lookup tables shared by both engines.

Powers are built by repeated multiplication, never with ``x ** n``: numba
evaluates a float raised to an integer by repeated squaring while CPython
calls ``pow``, and the two can differ in the last bit. Building the tables
once, here, keeps the engines bit-identical.
"""

from __future__ import annotations

import numpy as np

from ..config import Config

__all__ = ["build_table", "decay_table", "kind_cumulative"]


def build_table(cfg: Config) -> np.ndarray:
    """Return ``build[a] = 1 - (1 - build_rate) ** (a + 1)`` for ``a = 0 … T + H - 1``."""
    size = cfg.n_rounds + cfg.planning_horizon
    out = np.empty(size)
    rest = 1.0
    for a in range(size):
        rest = rest * (1.0 - cfg.build_rate)
        out[a] = 1.0 - rest
    return out


def decay_table(cfg: Config) -> np.ndarray:
    """Return ``(1 - novelty_decay) ** h`` for ``h = 0 … H - 1``."""
    out = np.empty(cfg.planning_horizon)
    power = 1.0
    for h in range(cfg.planning_horizon):
        out[h] = power
        power = power * (1.0 - cfg.novelty_decay)
    return out


def kind_cumulative(cfg: Config) -> np.ndarray:
    """Return the cumulative elite-kind shares, summed left to right."""
    out = np.empty(4)
    total = 0.0
    for j, share in enumerate(cfg.elite_mix):
        total = total + share
        out[j] = total
    return out
