"""The files of a saved run: their names, the manifest, writing a set and reading it back.

The format and its guarantees are described in :mod:`.storage`, the public
face of saved runs; this module knows nothing of
:class:`~.results.SimulationResult` beyond its fields, so that the result
type (:mod:`.results`, whose ``save`` and ``load`` use it) and the loader
(:mod:`.storage`, which builds results) both rest on it without an import cycle.
"""

from __future__ import annotations

import hashlib
import json
import platform
import tomllib
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import __version__
from .._deps import require
from .._errors import ParameterError
from .._io import _temporary_beside, no_interrupt
from ..config import Config

if TYPE_CHECKING:  # pragma: no cover
    from .results import SimulationResult

__all__ = ["save", "read", "resolve", "manifest_path", "table_path", "read_manifest", "check_path",
           "environment",
           "SUFFIXES", "FORMAT", "FORMAT_VERSION", "TABLES"]

FORMAT = "tournament-run"
FORMAT_VERSION = 1
SUFFIXES = (".parquet", ".csv")
TABLES = ("summary", "rounds", "events", "panel")


def table_path(path: Path, table: str) -> Path:
    """The file of ``table`` in the set whose summary is ``path``."""
    return path if table == "summary" else path.with_name(f"{path.stem}.{table}{path.suffix}")


def manifest_path(path: Path) -> Path:
    """The manifest of the set whose summary is ``path`` (``X.run.json``)."""
    return path.with_name(f"{path.stem}.run.json")


def check_path(path: str | Path, name: str = "path") -> Path:
    """Validate a run's summary path: a known suffix, and pyarrow for Parquet."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise ParameterError(f"{name} = {str(path)!r} must end in .csv or .parquet")
    if path.suffix.lower() == ".parquet":
        require("Parquet output", "pyarrow")
    return path


# ----------------------------------------------------------------------------- saving
def _column_types(frame: pd.DataFrame) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype):
            out[str(name)] = {"categories": [str(c) for c in dtype.categories]}
        else:
            out[str(name)] = str(dtype)
    return out


def _write_table(frame: pd.DataFrame, tmp: Path, csv: bool) -> None:
    if csv:
        frame.to_csv(tmp, index=False)
    else:
        frame.to_parquet(tmp, index=False)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _ranges(indices: np.ndarray) -> list[list[int]]:
    """Replicate indices as ``[start, stop)`` runs of consecutive integers."""
    runs: list[list[int]] = []
    for r in (int(x) for x in indices):
        if runs and runs[-1][1] == r:
            runs[-1][1] = r + 1
        else:
            runs.append([r, r + 1])
    return runs


def environment() -> dict[str, str]:
    """Python, the platform and the versions of the libraries results depend on.

    Read from the installed distributions' metadata, so nothing is imported
    (saving a reference-engine run does not load numba); pyarrow is listed
    when installed.
    """
    out = {"python": platform.python_version(), "platform": platform.platform()}
    for name in ("numpy", "numba", "pandas", "pyarrow"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


def save(result: SimulationResult, path: str | Path) -> Path:
    """Write every table of ``result`` and its manifest as one set; return ``path``.

    Parameters
    ----------
    result : SimulationResult
        The result to save.
    path : str or Path
        The summary file, ending in ``.parquet`` or ``.csv``; the other tables
        and the manifest go beside it (see the module docstring). An existing
        set of the same name is replaced as a whole.
    """
    path = check_path(path)
    if not path.parent.is_dir():
        raise ParameterError(f"path = {str(path)!r}: the folder {str(path.parent)!r} does "
                             f"not exist")
    csv = path.suffix.lower() == ".csv"
    tables = {name: getattr(result, name) for name in TABLES
              if getattr(result, name) is not None}
    temps: dict[Path, Path] = {}
    try:
        entries = {}
        for name, frame in tables.items():
            final = table_path(path, name)
            with no_interrupt():  # a Ctrl-C cannot fall between creating and recording it
                tmp = temps[final] = _temporary_beside(final)
            _write_table(frame, tmp, csv)
            entries[name] = {"file": final.name, "rows": len(frame), "sha256": _digest(tmp),
                             "columns": _column_types(frame)}
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "tournament_version": __version__,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "seed": int(result.seed), "replicates": _ranges(result.replicates),
            "engine": result.engine, "record": list(tables),
            "seconds": None if not np.isfinite(result.seconds) else float(result.seconds),
            "config": result.config.to_toml(),
            "environment": environment(),
            "tables": entries,
        }
        final_manifest = manifest_path(path)
        with no_interrupt():
            tmp = temps[final_manifest] = _temporary_beside(final_manifest)
        tmp.write_text(json.dumps(manifest, indent=1) + "\n")
        stale = [table_path(path, t) for t in TABLES if t not in tables]
        with no_interrupt():
            final_manifest.unlink(missing_ok=True)
            for old in stale:
                old.unlink(missing_ok=True)
            for final, tmp in temps.items():
                if final != final_manifest:
                    tmp.replace(final)
            temps[final_manifest].replace(final_manifest)
            temps.clear()
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
    return path


# ----------------------------------------------------------------------------- loading
def read_manifest(path: str | Path) -> dict[str, Any]:
    """The manifest of the saved run whose summary is ``path``.

    Raises
    ------
    ParameterError
        When the manifest is missing (an interrupted write, or tables not
        written by :func:`save`) or is not a run manifest.
    """
    path = Path(path)
    mpath = manifest_path(path)
    try:
        data = json.loads(mpath.read_text())
    except FileNotFoundError:
        raise ParameterError(
            f"{str(path)!r} is not a complete saved run: its manifest {mpath.name} is missing "
            f"(the run was interrupted while writing, or its tables were not written by "
            f"tournament)") from None
    except json.JSONDecodeError as exc:
        raise ParameterError(f"{str(mpath)!r} is not valid JSON: {exc}") from None
    if data.get("format") != FORMAT:
        raise ParameterError(f"{str(mpath)!r} is not a run manifest "
                             f"(format {data.get('format')!r})")
    if int(data.get("format_version", 0)) > FORMAT_VERSION:
        raise ParameterError(f"{str(mpath)!r} has format version {data['format_version']}; "
                             f"this tournament reads up to {FORMAT_VERSION}: upgrade it")
    return data


# pandas 3 parses floats exactly by default (and deprecates the option); pandas 2 needs it.
_EXACT_FLOATS = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}


def _read_table(file: Path, entry: dict[str, Any]) -> pd.DataFrame:
    columns: dict[str, Any] = entry["columns"]
    if file.suffix.lower() == ".parquet":
        frame = pd.read_parquet(file)
    else:
        plain = {c: t for c, t in columns.items() if isinstance(t, str)}
        frame = pd.read_csv(file, dtype=plain, keep_default_na=False, na_values=[""],
                            **_EXACT_FLOATS)
        for c, t in columns.items():
            if not isinstance(t, str):
                frame[c] = pd.Categorical(frame[c].astype(str), categories=t["categories"])
    if list(frame.columns) != list(columns) or len(frame) != entry["rows"]:
        raise ParameterError(f"{str(file)!r} does not match its manifest (columns or rows)")
    return frame


def resolve(path: str | Path) -> Path:
    """The summary file of a saved run given its summary file or its manifest."""
    path = Path(path)
    if path.name.endswith(".run.json"):
        stem = path.name[: -len(".run.json")]
        found = [path.with_name(stem + s) for s in SUFFIXES if path.with_name(stem + s).exists()]
        path = found[0] if found else path.with_name(stem + ".parquet")
    if path.suffix.lower() not in SUFFIXES:
        raise ParameterError(f"path = {str(path)!r} must end in .csv, .parquet or .run.json")
    return path


def read(path: str | Path, verify: bool = True) -> dict[str, Any]:
    """Read a saved run back as the fields of a :class:`~.results.SimulationResult`.

    ``path`` is the summary file or its manifest; with ``verify`` every file
    is checked against the SHA-256 digest in the manifest. Returns
    ``config``, ``seed``, ``replicates``, ``engine``, ``seconds`` and every
    recorded table by name.
    """
    path = resolve(path)
    manifest = read_manifest(path)
    if path.suffix.lower() == ".parquet":
        require("reading Parquet tables", "pyarrow")
    tables: dict[str, pd.DataFrame] = {}
    for name, entry in manifest["tables"].items():
        file = path.with_name(entry["file"])
        if not file.is_file():
            raise ParameterError(f"{str(path)!r} is incomplete: {file.name} is missing")
        if verify and _digest(file) != entry["sha256"]:
            raise ParameterError(f"{str(path)!r} is not the set its manifest describes: "
                                 f"{file.name} has changed since it was written")
        tables[name] = _read_table(file, entry)
    config = Config.from_dict(tomllib.loads(manifest["config"]))
    reps = np.concatenate([np.arange(a, b, dtype=np.int64) for a, b in manifest["replicates"]])
    seconds = manifest.get("seconds")
    return {"config": config, "seed": int(manifest["seed"]), "replicates": reps,
            "engine": str(manifest["engine"]),
            "seconds": float("nan") if seconds is None else float(seconds), **tables}
