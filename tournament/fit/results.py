"""What a fit returns, and how it is written: a set of files committed with a manifest last.

A fit's output folder holds

``estimates.csv``
    one row per parameter: estimate, standard error or posterior summary,
    interval, bounds, identification;
``moments.csv``
    one row per target: observed value and standard error beside the
    fitted moment and its standard error, residual and z-score;
``diagnostics.json``
    everything else (J-test, Jacobian, weighting matrix, condition number,
    the optimiser's or the sampler's record, settings);
``jacobian.csv``, ``profile.csv`` (SMM), ``posterior.csv`` (ABC: the final
population with its weights);
``targets.toml``
    the targets fitted;
``moments.png``, ``profile.png`` (SMM), ``posterior.png`` (ABC)
    the figures, when matplotlib is installed;
``fit.json``
    the manifest, written last: the files and their SHA-256, the inputs'
    digest, versions and timings. A folder without it holds no finished fit;
``checkpoint/``
    what the fit simulated (see :mod:`tournament.fit.checkpoint`).

Every file is written under a temporary name and renamed into place; an old
manifest is removed before the files are replaced, so an interrupted write
never leaves a set that reads as complete.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import math
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from .. import __version__
from .._deps import available
from .._io import atomic_path, atomic_write_text
from .checkpoint import MANIFEST, identity_digest

__all__ = ["FitResult", "save_result", "read_manifest", "FORMAT"]

FORMAT = "tournament.fit/1"


@dataclasses.dataclass
class FitResult:
    """What both estimators return.

    Attributes
    ----------
    params : tuple of str
        The fitted parameters.
    estimates : pandas.DataFrame
        One row per parameter (see the module documentation).
    moments : pandas.DataFrame
        One row per target: observed beside fitted.
    diagnostics : dict
        Everything else, as plain data (written to ``diagnostics.json``).
    seconds : float
        Wall time of the call.
    backend : str
        Where it ran, in words.
    evaluations : dict
        Parameter points simulated by this call, and replayed from a checkpoint.
    """

    params: tuple[str, ...]
    estimates: pd.DataFrame
    moments: pd.DataFrame
    diagnostics: dict[str, Any]
    seconds: float = math.nan
    backend: str = ""
    evaluations: dict[str, int] = dataclasses.field(default_factory=dict)
    targets: Any = None

    method: ClassVar[str] = "fit"

    @property
    def estimate(self) -> pd.Series:
        """The point estimates (SMM) or posterior means (ABC), by parameter."""
        return self.estimates.set_index("parameter")["estimate"]

    @property
    def intervals(self) -> pd.DataFrame:
        """``ci_low`` and ``ci_high`` by parameter."""
        return self.estimates.set_index("parameter")[["ci_low", "ci_high"]]

    def covers(self, truth: dict[str, float]) -> dict[str, bool]:
        """Whether each interval holds the value given for its parameter."""
        iv = self.intervals
        return {n: bool(iv.loc[n, "ci_low"] <= v <= iv.loc[n, "ci_high"])
                for n, v in truth.items()}

    def summary(self) -> str:
        """The estimates as text."""
        level = self.diagnostics.get("level", math.nan)
        lines = [f"{self.method.upper()} estimates ({level:.0%} intervals):"]
        width = max(len(p) for p in self.params)
        for row in self.estimates.itertuples(index=False):
            flag = "" if row.identified else "   NOT IDENTIFIED: " + str(row.note)
            lines.append(f"  {row.parameter:<{width}}  {row.estimate:12.5g}  se "
                         f"{row.se:10.3g}  [{row.ci_low:10.5g}, {row.ci_high:10.5g}]{flag}")
        return "\n".join(lines)

    def frames(self) -> dict[str, pd.DataFrame]:
        """The tables written to the output folder, by file stem."""
        return {"estimates": self.estimates, "moments": self.moments}

    def __repr__(self) -> str:
        est = ", ".join(f"{p}={v:.4g}" for p, v in self.estimate.items())
        return f"<{type(self).__name__} {est}; {self.seconds:.1f} s on {self.backend}>"


def _json(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, np.ndarray):
        return _json(value.tolist())
    if isinstance(value, np.generic):
        return _json(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_result(result: FitResult, out: str | Path, identity: dict[str, Any],
                figures: bool = True) -> list[Path]:
    """Write a fit's files into ``out``, the manifest last; return the paths written."""
    # deferred: figures load matplotlib
    from .figures import draw_all

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).unlink(missing_ok=True)
    written = []
    for stem, frame in result.frames().items():
        path = out / f"{stem}.csv"
        with atomic_path(path) as tmp:
            frame.to_csv(tmp, index=False)
        written.append(path)
    path = out / "diagnostics.json"
    atomic_write_text(path, json.dumps(_json(result.diagnostics), indent=1) + "\n")
    written.append(path)
    if result.targets is not None:
        path = out / "targets.toml"
        atomic_write_text(path, result.targets.to_toml())
        written.append(path)
    figure_note = "not drawn (figures=False)"
    if figures and available("matplotlib"):
        written += draw_all(result, out)
        figure_note = "drawn"
    elif figures:
        figure_note = "not drawn: matplotlib is not installed (the [plot] extra)"
    manifest = {
        "format": FORMAT, "method": result.method, "complete": True,
        "files": {p.name: _sha256(p) for p in written},
        "figures": figure_note,
        "identity_sha256": identity_digest(dict(identity, tournament_version=__version__)),
        "params": list(result.params), "seconds": result.seconds, "backend": result.backend,
        "evaluations": result.evaluations, "tournament_version": __version__,
        "environment": _environment(),
        "written": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    atomic_write_text(out / MANIFEST, json.dumps(_json(manifest), indent=1) + "\n")
    return written + [out / MANIFEST]


def read_manifest(out: str | Path) -> dict[str, Any] | None:
    """The manifest of a finished fit in ``out`` (``None`` if there is none)."""
    path = Path(out) / MANIFEST
    if not path.is_file():
        return None
    return json.loads(path.read_text())


def _environment() -> dict[str, str]:
    from ..engine.runfiles import environment  # deferred: reads package metadata

    return environment()
