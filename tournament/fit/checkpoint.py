"""A fit's checkpoint: what it has simulated, kept in its output folder so it can resume.

``OUT/checkpoint/`` holds

``identity.json``
    the fit's inputs (method, targets, parameters, bounds, configuration,
    seed, settings, package version) and their SHA-256: a resumed fit must
    have the same;
``evaluations.jsonl``
    one line per simulated parameter point (SMM): the point, the replicate
    count, and the moments' mean, covariance and finite counts, appended and
    flushed to disk as each is computed (a line cut short by a crash is
    dropped when the checkpoint is read);
``abc-generation-NNN.pkl``
    one file per finished ABC generation: its particles in candidate order
    (written atomically).

Both methods are deterministic functions of their inputs and of the
simulated values, so a resumed fit replays its steps from the checkpoint
without simulating them again and continues where it stopped: its result
is identical to an uninterrupted fit's.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from .._errors import ParameterError
from .._io import atomic_write, atomic_write_text

__all__ = ["Checkpoint", "identity_digest", "MANIFEST"]

MANIFEST = "fit.json"
"""The output set's manifest, written last: a folder without it holds no finished fit."""

FOLDER = "checkpoint"


def identity_digest(identity: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a fit's inputs."""
    text = json.dumps(identity, sort_keys=True, separators=(",", ":"), allow_nan=True)
    return hashlib.sha256(text.encode()).hexdigest()


class Checkpoint:
    """The checkpoint folder of one fit.

    Parameters
    ----------
    out : Path
        The fit's output folder.
    identity : dict
        The fit's inputs, as plain JSON data.
    resume : bool
        Continue a checkpoint with the same identity; without it ``out`` must
        be new or empty.

    Raises
    ------
    ParameterError
        ``out`` holds something else (or a fit, without ``resume``), or a
        checkpoint of different inputs; raised before anything is written.
    """

    def __init__(self, out: Path, identity: dict[str, Any], resume: bool):
        self.out = Path(out)
        self.path = self.out / FOLDER
        self.identity = dict(identity, tournament_version=__version__)
        self.digest = identity_digest(self.identity)
        self.fresh = True
        id_file = self.path / "identity.json"
        if self.out.exists() and not self.out.is_dir():
            raise ParameterError(f"out = {str(self.out)!r} exists and is not a folder")
        if resume and id_file.is_file():
            saved = json.loads(id_file.read_text())
            if saved.get("sha256") != self.digest:
                raise ParameterError(self._mismatch(saved.get("identity", {})))
            self.fresh = False
        elif self.out.is_dir() and any(self.out.iterdir()):
            if id_file.is_file() or (self.out / MANIFEST).is_file():
                raise ParameterError(f"{str(self.out)!r} already holds a fit: pass --resume "
                                     f"(resume=True) to continue or re-read it, or choose a new "
                                     f"folder")
            raise ParameterError(f"{str(self.out)!r} exists and is not empty; choose a new or "
                                 f"empty folder for the fit")

    def _mismatch(self, saved: dict[str, Any]) -> str:
        keys = sorted(k for k in set(saved) | set(self.identity)
                      if saved.get(k) != self.identity.get(k))
        return (f"cannot resume {str(self.out)!r}: it holds a fit of different inputs (differs "
                f"in {', '.join(keys) or 'its digest'}); use a new folder, or resume with the "
                f"same targets, parameters, bounds, configuration, seed and settings")

    def start(self) -> None:
        """Create the folder and record the identity (a fresh fit), or tidy a resumed one."""
        self.path.mkdir(parents=True, exist_ok=True)
        if self.fresh:
            atomic_write_text(self.path / "identity.json", json.dumps(
                {"sha256": self.digest, "identity": self.identity}, indent=1, sort_keys=True))
        for stray in self.path.glob(".*.partial"):
            stray.unlink(missing_ok=True)

    # -- SMM: evaluations ---------------------------------------------------------------
    @property
    def _log(self) -> Path:
        return self.path / "evaluations.jsonl"

    def read_evaluations(self) -> list[dict[str, Any]]:
        """The recorded evaluations; a torn last line is dropped (and cut from the file)."""
        if self.fresh or not self._log.is_file():
            return []
        raw = self._log.read_bytes()
        records, good = [], 0
        for line in raw.split(b"\n"):
            if not line:
                break
            try:
                records.append(json.loads(line))
            except ValueError:
                break
            good += len(line) + 1
        if good != len(raw):  # a line cut short: keep the whole ones
            atomic_write(self._log, lambda tmp: tmp.write_bytes(raw[:good]))
        return records

    def append_evaluation(self, record: dict[str, Any]) -> None:
        """Append one evaluation and flush it to disk."""
        line = json.dumps(record, separators=(",", ":"), allow_nan=True) + "\n"
        with open(self._log, "a") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())

    # -- ABC: generations ---------------------------------------------------------------
    def _generation(self, t: int) -> Path:
        return self.path / f"abc-generation-{t + 1:03d}.pkl"

    def read_generation(self, t: int) -> Any | None:
        """The saved particles of generation ``t`` (``-1``: the calibration sample), if any."""
        path = self._generation(t)
        if self.fresh or not path.is_file():
            return None
        with open(path, "rb") as fh:
            return pickle.load(fh)

    def write_generation(self, t: int, data: Any) -> None:
        """Save generation ``t`` atomically."""
        atomic_write(self._generation(t), lambda tmp: tmp.write_bytes(
            pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)))


def encode_point(theta: np.ndarray) -> list[str]:
    """A parameter point as exact hexadecimal floats (the evaluation's key)."""
    return [float(x).hex() for x in np.asarray(theta, dtype=float)]
