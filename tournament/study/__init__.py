"""Studies at scale: parameter sweeps streamed to Parquet, resumable, on any backend.

>>> from tournament.study import Design, sweep, aggregate   # doctest: +SKIP
>>> design = Design.grid({"novelty_decay": [0.05, 0.175, 0.3]}, replicates=1000, seed=1)
>>> sweep(design, "out/decay", backend="local")
>>> aggregate("out/decay")

* :class:`Design` — grid, random, Latin hypercube and Sobol designs over any
  parameters, validated point by point before anything runs;
* :func:`sweep` — runs units of (design point, chunk of replicates) on the
  ``serial``, ``local`` or ``dask`` backend and streams each unit's summary
  to a Parquet dataset with a manifest; ``resume=True`` continues an
  interrupted study; results never depend on the backend, workers or chunk
  size;
* :func:`load`, :func:`aggregate` — read a study back;
* :func:`sensitivity` — Sobol' indices of a Sobol-design study.

Importing this package loads neither dask, pyarrow, scipy nor SALib, and
sets no multiprocessing start method. See ``docs/studies.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_attributes

__all__ = ["Design", "SweepResult", "aggregate", "load", "sensitivity", "sweep"]

_LAZY = {
    "Design": "tournament.study.design",
    "SweepResult": "tournament.study.runner",
    "sweep": "tournament.study.runner",
    "aggregate": "tournament.study.reader",
    "load": "tournament.study.reader",
    "sensitivity": "tournament.study.indices",
}

if TYPE_CHECKING:  # pragma: no cover
    from .design import Design
    from .indices import sensitivity
    from .reader import aggregate, load
    from .runner import SweepResult, sweep

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
