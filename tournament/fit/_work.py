"""What a fit's backend runs: one chunk of replicates at one parameter point, anywhere.

Importable on a worker (a spawned process or a Dask worker) and called
with small picklable arguments. As in :mod:`tournament.study._work`, units
run one at a time per process, so a worker with several threads never
starts several numba thread pools at once.
"""

from __future__ import annotations

import threading

import numpy as np

from ..config import Config
from .statistics import Statistic, evaluate, tables_needed

__all__ = ["moment_unit"]

_KERNEL = threading.Lock()


def moment_unit(cfg: Config, seed: int, lo: int, hi: int, statistics: tuple[Statistic, ...],
                threads: int | None = None) -> np.ndarray:
    """Per-replicate statistics of replicates ``lo … hi-1`` of ``cfg`` with ``seed``.

    Parameters
    ----------
    cfg : Config
        The configuration at the parameter point.
    seed : int
        The fit's simulation seed (the same at every point: common random numbers).
    lo, hi : int
        Replicate indices ``range(lo, hi)``.
    statistics : tuple of Statistic
        What to compute, in target order.
    threads : int, optional
        Numba threads (results do not depend on it).

    Returns
    -------
    numpy.ndarray
        Shape ``(hi - lo, len(statistics))``, rows in replicate order.
    """
    # deferred (heavy): the engine loads in the process that runs a unit
    from ..engine.driver import run_chunk

    reps = np.arange(lo, hi, dtype=np.int64)
    with _KERNEL:
        tables = run_chunk(cfg, seed, reps, tables_needed(statistics), threads=threads)
    return evaluate(statistics, tables, cfg, reps)
