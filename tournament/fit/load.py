"""Read a finished fit back from its output folder: :func:`load_fit`.

A fit written with ``out=`` (or by ``tournament fit --out``) is a set of
files committed by the manifest ``fit.json``, written last
(:mod:`tournament.fit.results`). :func:`load_fit` refuses a folder without
the manifest (an interrupted fit) and a file whose SHA-256 differs from the
manifest's (changed since), then rebuilds the
:class:`~tournament.fit.smm.SMMResult` or
:class:`~tournament.fit.abc.ABCResult`: its tables, diagnostics and
targets, so that ``summary()``, ``covers()`` and the figures work as on the
fit's own return value.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ParameterError
from .checkpoint import MANIFEST
from .results import FORMAT, FitResult, _sha256, read_manifest

__all__ = ["load_fit"]


def _number(value: Any) -> float:
    """A float written by the results' JSON (``None`` for nan, ``"inf"``, ``"-inf"``)."""
    if value is None:
        return math.nan
    return float(value)


def _table(path: Path, text: tuple[str, ...] = ()) -> pd.DataFrame:
    """A CSV the fit wrote; its text columns read as text (an empty cell is ``""``)."""
    frame = pd.read_csv(path, dtype={c: "str" for c in text})
    for column in text:
        if column in frame:
            frame[column] = frame[column].fillna("")
    return frame


def _check_folder(out: Path) -> dict[str, Any]:
    if not out.is_dir():
        raise ParameterError(f"load_fit: {str(out)!r} is not a folder (give the folder a fit "
                             "wrote with out=)")
    try:
        manifest = read_manifest(out)
    except json.JSONDecodeError as exc:
        raise ParameterError(f"load_fit: {MANIFEST} in {str(out)!r} is not valid JSON: "
                             f"{exc}") from None
    if manifest is None:
        raise ParameterError(f"load_fit: {str(out)!r} holds no finished fit: {MANIFEST} is "
                             "missing (the fit was interrupted, or this is not a fit's folder; "
                             "resume it with resume=True)")
    if manifest.get("format") != FORMAT or not manifest.get("complete"):
        raise ParameterError(f"load_fit: {MANIFEST} in {str(out)!r} has format "
                             f"{manifest.get('format')!r}; this version reads {FORMAT!r}")
    for name, digest in manifest["files"].items():
        path = out / name
        if not path.is_file():
            raise ParameterError(f"load_fit: {name} is listed in {MANIFEST} but missing from "
                                 f"{str(out)!r}")
        if _sha256(path) != digest:
            raise ParameterError(f"load_fit: {name} in {str(out)!r} has changed since the fit "
                                 f"wrote it (its SHA-256 differs from {MANIFEST}'s)")
    return manifest


def load_fit(out: str | Path) -> FitResult:
    """Read a finished fit from the folder it was written to.

    Parameters
    ----------
    out : str or Path
        The folder given as ``out=`` to :func:`~tournament.fit.fit_smm` or
        :func:`~tournament.fit.fit_abc` (or ``tournament fit --out``).

    Returns
    -------
    SMMResult or ABCResult
        As the fit returned it: estimates, moments, diagnostics, targets,
        and for SMM the Jacobian, weighting matrix, J-test, condition number
        and profile, for ABC the final population. Floats read back from CSV
        are the same float64 values the fit wrote.

    Raises
    ------
    ParameterError
        If ``out`` is not a folder, holds no manifest (an unfinished fit),
        a manifest of another format, or a file missing or changed since the
        fit wrote it.

    Examples
    --------
    >>> from tournament.fit import load_fit
    >>> result = load_fit("fit-out")                     # doctest: +SKIP
    >>> print(result.summary())                          # doctest: +SKIP
    """
    folder = Path(out)
    manifest = _check_folder(folder)
    diagnostics = json.loads((folder / "diagnostics.json").read_text())
    common: dict[str, Any] = {
        "params": tuple(manifest["params"]),
        "estimates": _table(folder / "estimates.csv", ("parameter", "note")),
        "moments": _table(folder / "moments.csv", ("target", "statistic", "source")),
        "diagnostics": diagnostics,
        "seconds": _number(manifest.get("seconds")),
        "backend": str(manifest.get("backend", "")),
        "evaluations": dict(manifest.get("evaluations", {})),
    }
    if (folder / "targets.toml").is_file():
        from .targets import Targets

        common["targets"] = Targets.load(folder / "targets.toml")
    method = manifest.get("method")
    if method == "smm":
        from .smm import SMMResult

        jacobian = _table(folder / "jacobian.csv", ("target",)).set_index("target")
        return SMMResult(**common, jacobian=jacobian,
                         weighting=np.array(diagnostics["weighting_matrix"], dtype=float),
                         j_statistic=_number(diagnostics["j_statistic"]),
                         j_df=int(diagnostics["j_df"]),
                         j_pvalue=_number(diagnostics["j_pvalue"]),
                         condition_number=_number(diagnostics["condition_number"]),
                         profile=_table(folder / "profile.csv", ("parameter",)))
    if method == "abc":
        from .abc import ABCResult

        return ABCResult(**common, posterior=_table(folder / "posterior.csv"))
    raise ParameterError(f"load_fit: {MANIFEST} in {str(folder)!r} names method {method!r}; "
                         "expected 'smm' or 'abc'")
