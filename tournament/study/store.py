"""The on-disk layout of a study: a Parquet dataset, its design and its manifest.

::

    OUT/
      _design.json                     the design (Design.to_dict), written once
      _design.csv                      the points: point, seed, one column per parameter
      _manifest.json                   progress: chunk size, units done, complete
      point=00000/part-00000.parquet   replicate + summary statistics of one chunk
      point=00000/part-00001.parquet
      point=00001/...

The only Parquet files are the parts: the design and the manifest are JSON
and CSV, and the temporary files end in ``.partial``, so any Parquet reader
(``pandas.read_parquet(OUT)``, ``pyarrow.dataset``, ``dask.dataframe``,
which unlike pyarrow does not skip names starting with ``_``) reads the
results alone, with ``point`` from the folder names.

A *unit* of work is one chunk of replicate indices of one point; units are
numbered point by point, chunk by chunk. Every file is written to a hidden
temporary name and renamed into place; the manifest records how many units,
in that order, are complete, and is rewritten (atomically) only after the
unit's file is in place. Units are written in order, so the completed units
are always a prefix: a file can exist without a manifest entry (killed
between the rename and the manifest update: the file is complete and
correct) but never a manifest entry without its file.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._errors import ParameterError
from .._io import atomic_path
from .design import Design

__all__ = ["Store", "Unit", "plan_units", "default_chunk_size", "MANIFEST_FORMAT"]

MANIFEST_FORMAT = "tournament.study.manifest/1"
DESIGN_JSON = "_design.json"
DESIGN_TABLE = "_design.csv"
MANIFEST = "_manifest.json"
MAX_CHUNK = 1000


@dataclasses.dataclass(frozen=True)
class Unit:
    """One unit of work: replicates ``lo … hi-1`` of design point ``point``."""

    index: int
    point: int
    chunk: int
    lo: int
    hi: int

    @property
    def size(self) -> int:
        """Replicates in the unit."""
        return self.hi - self.lo


def default_chunk_size(design: Design) -> int:
    """Replicates per unit: at most the engine's chunk and 1000, split evenly.

    ``R`` replicates go in ``ceil(R / cap)`` equal chunks, so units are
    balanced (1200 replicates make two chunks of 600, not 1000 + 200).
    """
    # deferred (heavy): the driver loads pandas and numba; `import tournament.study` does not
    from ..engine.driver import chunk_size

    swept = {"n_rounds", "n_jurisdictions"} & set(design.names)
    configs = (design.config(p) for p in range(len(design))) if swept else [design.base]
    cap = max(1, min(MAX_CHUNK, *(chunk_size(cfg, ("summary",)) for cfg in configs)))
    r = design.replicates
    n_chunks = -(-r // cap)
    return -(-r // n_chunks)


def plan_units(design: Design, chunk: int) -> list[Unit]:
    """The units of ``design`` with ``chunk`` replicates each (the last may be smaller)."""
    units = []
    for point in range(len(design)):
        for c, lo in enumerate(range(0, design.replicates, chunk)):
            units.append(Unit(len(units), point, c, lo, min(lo + chunk, design.replicates)))
    return units


class Store:
    """A study folder: paths, design, manifest and the writing of parts.

    Parameters
    ----------
    path : str or Path
        The folder.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)

    # -- paths ----------------------------------------------------------------------
    def point_width(self, design: Design) -> int:
        """Digits of the point number in folder names (at least 5)."""
        return max(5, len(str(len(design) - 1)))

    def part_path(self, design: Design, unit: Unit, chunks_per_point: int) -> Path:
        """Where ``unit``'s Parquet file goes."""
        pw = self.point_width(design)
        cw = max(5, len(str(chunks_per_point - 1)))
        return self.path / f"point={unit.point:0{pw}d}" / f"part-{unit.chunk:0{cw}d}.parquet"

    @property
    def manifest_path(self) -> Path:
        """The manifest's path."""
        return self.path / MANIFEST

    def exists(self) -> bool:
        """Whether the folder holds a study (a design and a manifest)."""
        return (self.path / DESIGN_JSON).is_file() and self.manifest_path.is_file()

    def is_fresh(self) -> bool:
        """Whether the folder is missing, empty, or holds only a design and temporary files.

        The last case is a sweep killed while it was starting, before its
        manifest existed: no result was written, so it can start afresh.
        """
        if not self.path.exists():
            return True
        leftovers = {DESIGN_JSON, DESIGN_TABLE}
        return all(p.name in leftovers or (p.name.startswith(".") and p.name.endswith(".partial"))
                   for p in self.path.iterdir())

    # -- design and manifest ------------------------------------------------------------
    def write_design(self, design: Design) -> None:
        """Write ``_design.json`` and ``_design.csv`` atomically."""
        self.path.mkdir(parents=True, exist_ok=True)
        with atomic_path(self.path / DESIGN_TABLE) as tmp:
            design.table().to_csv(tmp, index=False)
        _write_json(self.path / DESIGN_JSON, design.to_dict())

    def read_design(self) -> Design:
        """The saved design."""
        path = self.path / DESIGN_JSON
        try:
            data = json.loads(path.read_text())
        except FileNotFoundError:
            raise ParameterError(f"{str(self.path)!r} is not a study folder: {DESIGN_JSON} is "
                                 f"missing") from None
        return Design.from_dict(data)

    def read_manifest(self) -> dict[str, Any]:
        """The manifest as a dict."""
        try:
            data = json.loads(self.manifest_path.read_text())
        except FileNotFoundError:
            raise ParameterError(f"{str(self.path)!r} is not a study folder: {MANIFEST} is "
                                 f"missing") from None
        if data.get("format") != MANIFEST_FORMAT:
            raise ParameterError(f"{self.manifest_path} is not a study manifest "
                                 f"(format {data.get('format')!r})")
        return data

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        """Replace the manifest atomically."""
        _write_json(self.manifest_path, manifest)

    # -- parts --------------------------------------------------------------------------
    def write_part(self, path: Path, frame) -> None:
        """Write one unit's table to ``path`` atomically (temporary name, fsync, rename)."""
        import pyarrow as pa  # deferred: pyarrow is optional and heavy
        import pyarrow.parquet as pq

        table = pa.table({name: frame[name].to_numpy() for name in frame.columns})
        with atomic_path(path) as tmp:
            pq.write_table(table, tmp)
            _fsync(tmp)

    def completed_parts(self, design: Design | None = None,
                        manifest: dict[str, Any] | None = None) -> Iterator[tuple[Unit, Path]]:
        """The completed units and their files, in unit order."""
        design = self.read_design() if design is None else design
        manifest = self.read_manifest() if manifest is None else manifest
        chunk = int(manifest["chunk_size"])
        per_point = -(-design.replicates // chunk)
        for unit in plan_units(design, chunk)[: int(manifest["units_done"])]:
            yield unit, self.part_path(design, unit, per_point)

    def clean_incomplete(self, design: Design, manifest: dict[str, Any]) -> list[Path]:
        """Remove temporary files and parts the manifest does not record; return them."""
        keep = {path for _, path in self.completed_parts(design, manifest)}
        removed = []
        for folder in self.path.glob("point=*"):
            for path in folder.iterdir():
                if path not in keep:
                    path.unlink()
                    removed.append(path)
        for path in self.path.glob(".*.partial"):
            path.unlink()
            removed.append(path)
        return removed


def _write_json(path: Path, data: dict[str, Any]) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(data, indent=1) + "\n")
        _fsync(tmp)


def _fsync(path: Path) -> None:
    """Flush ``path`` to disk before it is renamed."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
