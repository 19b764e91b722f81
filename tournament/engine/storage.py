"""Saved runs: every table of a result, committed together with its provenance.

A run saved as ``X.parquet`` (or ``X.csv``) is a set of files in one folder:

``X.parquet``
    the summary (one row per replicate);
``X.rounds.parquet``, ``X.events.parquet``, ``X.panel.parquet``
    the recorded tables, when the run recorded them;
``X.run.json``
    the manifest: the configuration (as TOML), seed, replicate indices,
    engine, recorded tables, package and library versions, and per table its
    file, row count, column types and SHA-256 digest.

The set is committed as a whole: every table is first written under a
temporary name, then (with Ctrl-C held off) any previous manifest is
removed, the tables are renamed onto their names and the manifest is
renamed last. The manifest therefore marks a complete set; :func:`load`
refuses a set without one, or whose files do not match it (a run killed
while writing). Loading restores every table bit for bit, dtypes included,
from Parquet and from CSV alike.
"""

from __future__ import annotations

from pathlib import Path

from .results import SimulationResult
from .runfiles import (
    FORMAT,
    FORMAT_VERSION,
    SUFFIXES,
    TABLES,
    check_path,
    manifest_path,
    read,
    read_manifest,
    resolve,
    save,
    table_path,
)

__all__ = ["save", "load", "resolve", "manifest_path", "table_path", "read_manifest", "SUFFIXES",
           "FORMAT", "FORMAT_VERSION", "TABLES", "check_path"]


def load(path: str | Path, verify: bool = True) -> SimulationResult:
    """Read a run written by :func:`save` (or ``tournament run --out``) back.

    Parameters
    ----------
    path : str or Path
        The summary file (``X.parquet`` or ``X.csv``) or its manifest
        (``X.run.json``).
    verify : bool
        Check every file against the SHA-256 digest in the manifest (default).

    Returns
    -------
    SimulationResult
        With the configuration, seed, replicate indices, engine and every
        recorded table, equal to the saved result bit for bit.
    """
    return SimulationResult(**read(path, verify=verify))
