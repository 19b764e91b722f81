"""``sweep``: run a design, unit by unit, into a Parquet dataset that can be resumed."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import __version__
from .._deps import require
from .._errors import ParameterError, ParameterTypeError
from . import reader
from ._work import run_unit
from .backends import Backend, make_backend
from .design import Design
from .store import MANIFEST_FORMAT, Store, Unit, default_chunk_size, plan_units

__all__ = ["sweep", "SweepResult"]


@dataclasses.dataclass(frozen=True)
class SweepResult:
    """What a call to :func:`sweep` did.

    Attributes
    ----------
    path : Path
        The study folder.
    design : Design
        The design that ran.
    backend : str
        The backend, in words.
    chunk_size : int
        Replicates per unit.
    units_total, units_run : int
        Units in the design; units this call ran (fewer after ``resume``).
    replicates_run : int
        Replicates this call ran.
    seconds : float
        Wall time of this call.
    """

    path: Path
    design: Design
    backend: str
    chunk_size: int
    units_total: int
    units_run: int
    replicates_run: int
    seconds: float

    @property
    def rate(self) -> float:
        """Replicates per second in this call."""
        return self.replicates_run / self.seconds if self.seconds > 0 else float("nan")

    def load(self):
        """The dataset as one DataFrame (see :func:`tournament.study.load`)."""
        return reader.load(self.path)

    def aggregate(self):
        """Per-point statistics (see :func:`tournament.study.aggregate`)."""
        return reader.aggregate(self.path)

    def __repr__(self) -> str:
        return (f"<SweepResult {self.path}: {len(self.design)} points × "
                f"{self.design.replicates} replicates; this call ran {self.units_run} of "
                f"{self.units_total} units ({self.replicates_run} replicates) in "
                f"{self.seconds:.1f} s on {self.backend}>")


def sweep(design: Design | None, out: str | Path, *, backend: str | Backend = "serial",
          workers: int | None = None, scheduler: str | None = None,
          threads: int | None = None, chunk_size: int | None = None, resume: bool = False,
          progress: bool | None = None) -> SweepResult:
    """Run every replicate of every design point and stream the summaries to ``out``.

    Parameters
    ----------
    design : Design or None
        What to run. ``None`` with ``resume=True`` continues the design
        saved in ``out``.
    out : str or Path
        The study folder (see :mod:`tournament.study.store`). Must be new or
        empty unless ``resume``.
    backend : {"serial", "local", "dask"} or Backend
        Where units run (see :mod:`tournament.study.backends`).
    workers : int, optional
        Processes of the ``local`` backend or of a local Dask cluster.
    scheduler : str, optional
        Address of a Dask scheduler (``dask`` backend).
    threads : int, optional
        Numba threads per unit.
    chunk_size : int, optional
        Replicates per unit (default :func:`~tournament.study.store.default_chunk_size`).
    resume : bool
        Continue the study in ``out``: its saved design must equal ``design``
        (when given) and its chunk size ``chunk_size`` (when given); the
        finished dataset is identical to an uninterrupted run's.
    progress : bool, optional
        Show a progress bar on stderr (default: when stderr is a terminal).

    Returns
    -------
    SweepResult

    Raises
    ------
    ParameterError
        On a bad argument, a non-empty ``out`` without ``resume``, a study
        in ``out`` that differs from the one asked for, or a Dask scheduler
        that cannot be reached; always before any unit runs and before
        ``out`` is created or changed.

    Examples
    --------
    >>> import tempfile, tournament
    >>> from tournament.study import Design, sweep, aggregate
    >>> d = Design.grid({"novelty_decay": [0.1, 0.3]}, replicates=20, seed=1,
    ...                 base=tournament.Config(n_jurisdictions=10, n_rounds=30))
    >>> res = sweep(d, tempfile.mkdtemp() + "/study", progress=False)
    >>> res.units_run, len(res.load())
    (2, 40)
    """
    if design is not None and not isinstance(design, Design):
        raise ParameterTypeError(f"design must be a tournament.study.Design, got "
                                 f"{type(design).__name__}")
    if design is None and not resume:
        raise ParameterError("a sweep needs a design (or resume=True to continue one)")
    if chunk_size is not None and (isinstance(chunk_size, bool) or
                                   not isinstance(chunk_size, int) or chunk_size < 1):
        raise ParameterError(f"chunk_size = {chunk_size!r} is out of range: must be an "
                             f"integer >= 1")
    require("a study (Parquet dataset)", "pyarrow")
    if progress:
        require("the progress bar", "tqdm")
    engine = make_backend(backend, workers=workers, scheduler=scheduler, threads=threads)
    store = Store(out)
    design, manifest, fresh = _prepare(store, design, chunk_size, resume)
    chunk = int(manifest["chunk_size"])
    units = plan_units(design, chunk)
    todo = units[int(manifest["units_done"]):]
    show = sys.stderr.isatty() if progress is None else bool(progress)
    start = time.perf_counter()
    with engine:
        # Connect first (a wrong scheduler address fails here), then touch the folder.
        described = engine.describe() if todo else engine.name
        if fresh:
            store.write_design(design)
            store.write_manifest(manifest)
        else:
            store.clean_incomplete(design, manifest)
        _run(store, design, manifest, units, todo, engine, show)
    return SweepResult(path=store.path, design=design, backend=described, chunk_size=chunk,
                       units_total=len(units), units_run=len(todo),
                       replicates_run=sum(u.size for u in todo),
                       seconds=time.perf_counter() - start)


def design_digest(design: Design) -> str:
    """SHA-256 of the design's canonical JSON: the study's identity."""
    text = json.dumps(design.to_dict(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _prepare(store: Store, design: Design | None, chunk: int | None,
             resume: bool) -> tuple[Design, dict[str, Any], bool]:
    """Check ``out``; return the design and manifest to run and whether the study is new.

    Writes nothing: the caller writes a new study's design and manifest, or
    cleans a resumed one's folder, once its backend is ready.
    """
    if resume and store.exists():
        saved = store.read_design()
        if design is not None and design != saved:
            raise ParameterError(_mismatch(store, saved, design))
        manifest = store.read_manifest()
        if manifest["design_sha256"] != design_digest(saved):
            raise ParameterError(f"cannot resume {str(store.path)!r}: its manifest belongs to "
                                 f"another design (the study folder was altered)")
        if chunk is not None and chunk != manifest["chunk_size"]:
            raise ParameterError(
                f"cannot resume {str(store.path)!r} with chunk size {chunk}: it was started "
                f"with {manifest['chunk_size']} (leave --chunk-size out to use it)")
        missing = [str(p) for _, p in store.completed_parts(saved, manifest) if not p.is_file()]
        if missing:
            raise ParameterError(f"cannot resume {str(store.path)!r}: {len(missing)} part(s) "
                                 f"the manifest records are missing, e.g. {missing[0]}")
        return saved, manifest, False
    if design is None:
        raise ParameterError(f"cannot resume {str(store.path)!r}: it holds no study "
                             f"(no {store.manifest_path.name}); give a design to start one")
    if not store.is_fresh():
        if store.exists():
            raise ParameterError(f"{str(store.path)!r} already holds a study: pass --resume "
                                 f"(resume=True) to continue it, or choose a new folder")
        raise ParameterError(f"{str(store.path)!r} exists and is not empty; choose a new or "
                             f"empty folder for the study")
    chunk = default_chunk_size(design) if chunk is None else chunk
    units = plan_units(design, chunk)
    now = _now()
    manifest = {
        "format": MANIFEST_FORMAT,
        "design_sha256": design_digest(design),
        "chunk_size": chunk,
        "units_total": len(units),
        "units_done": 0,
        "replicates_total": design.total_replicates,
        "replicates_done": 0,
        "complete": False,
        "last_part": None,
        "tournament_version": _version(),
        "engine": "compiled",
        "record": ["summary"],
        "environment": _environment(),
        "created": now,
        "updated": now,
    }
    return design, manifest, True


def _mismatch(store: Store, saved: Design, asked: Design) -> str:
    fields = saved.differences(asked)
    details = []
    for name in fields:
        if name == "base":
            mine, theirs = saved.base.to_dict(), asked.base.to_dict()
            changed = [k for k in mine if mine[k] != theirs[k]]
            details.append("config (" + ", ".join(
                f"{k}: {mine[k]!r} there, {theirs[k]!r} here" for k in changed) + ")")
        elif name in ("points", "factors"):
            details.append(f"{name} ({len(saved)} saved points vs {len(asked)} asked)"
                           if name == "points" else f"{name} ({dict(saved.factors)} there, "
                           f"{dict(asked.factors)} here)")
        else:
            details.append(f"{name} ({getattr(saved, name)!r} there, "
                           f"{getattr(asked, name)!r} here)")
    return (f"cannot resume {str(store.path)!r}: it holds a different study; differs in "
            + "; ".join(details) + ". Use a new folder, or resume with the same design, "
            "configuration and seed")


def _calls(design: Design, todo: list[Unit], threads: int | None) -> Iterator[tuple]:
    cached: tuple[int, Any] = (-1, None)
    for unit in todo:
        if cached[0] != unit.point:
            cached = (unit.point, (design.config(unit.point), design.point_seed(unit.point)))
        cfg, seed = cached[1]
        yield cfg, seed, unit.lo, unit.hi, threads


def _run(store: Store, design: Design, manifest: dict[str, Any], units: list[Unit],
         todo: list[Unit], engine: Backend, show: bool) -> None:
    per_point = -(-design.replicates // int(manifest["chunk_size"]))
    bar = _bar(design.total_replicates, int(manifest["replicates_done"]), show)
    try:
        results = engine.map(run_unit, _calls(design, todo, engine.threads))
        for unit, frame in zip(todo, results, strict=True):
            path = store.part_path(design, unit, per_point)
            store.write_part(path, frame)
            manifest["units_done"] = unit.index + 1
            manifest["replicates_done"] += unit.size
            manifest["last_part"] = str(path.relative_to(store.path))
            manifest["complete"] = unit.index + 1 == len(units)
            manifest["updated"] = _now()
            store.write_manifest(manifest)
            if bar is not None:
                bar.update(unit.size)
        if not todo and not manifest["complete"]:
            manifest["complete"] = True
            store.write_manifest(manifest)
    finally:
        if bar is not None:
            bar.close()


def _bar(total: int, done: int, show: bool):
    if not show:
        return None
    try:  # deferred: tqdm is optional
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - optional dependency
        return None
    # tqdm hides its bar on a terminal that reports no size (a bare pseudo-terminal).
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
        sized = size.columns > 0 and size.lines > 0
    except (AttributeError, OSError, ValueError):
        sized = False
    return tqdm(total=total, initial=done, unit="rep", desc="sweep", smoothing=0.05,
                file=sys.stderr, dynamic_ncols=sized, ncols=None if sized else 100,
                nrows=None if sized else 24)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _environment() -> dict[str, str]:
    # deferred: importing tournament.study must not load pandas (engine.runfiles does)
    from ..engine.runfiles import environment

    return environment()


def _version() -> str:
    return __version__
