"""The function every backend runs: one unit of work, anywhere.

It must be importable on a worker (a spawned process or a Dask worker) and
take only small picklable arguments; it returns the unit's summary table.

Units run one at a time per process: a Dask worker with several threads
would otherwise start several units' thread pools at once and oversubscribe
the cores. Inside a unit the compiled engine runs its replicates on
``threads`` threads (:func:`tournament.engine.driver.run_chunk`).
"""

from __future__ import annotations

import threading

import numpy as np

from ..config import Config

__all__ = ["run_unit"]

_KERNEL = threading.Lock()


def run_unit(cfg: Config, seed: int, lo: int, hi: int, threads: int | None = None):
    """Run replicates ``lo … hi-1`` of ``cfg`` with ``seed``; return their summary.

    Parameters
    ----------
    cfg : Config
        The design point's configuration.
    seed : int
        The point's seed (:meth:`~tournament.study.Design.point_seed`).
    lo, hi : int
        The replicate indices to run, ``range(lo, hi)``.
    threads : int, optional
        Threads for this call (default: :func:`numba.get_num_threads`).
        Results do not depend on it.

    Returns
    -------
    pandas.DataFrame
        ``replicate`` and the summary statistics, one row per replicate.
    """
    # deferred (heavy): the engine (pandas, numba) loads in the process that runs a unit,
    # not in the one that plans a sweep
    from ..engine.driver import run_chunk

    reps = np.arange(lo, hi, dtype=np.int64)
    with _KERNEL:
        return run_chunk(cfg, seed, reps, ("summary",), threads=threads)["summary"]
