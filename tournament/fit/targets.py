"""Observed moments to fit: named values with standard errors, each mapped to a statistic.

>>> from tournament.fit import Target, Targets
>>> targets = Targets([Target("exit hazard", "elite_exit_rate", 0.27, 0.03),
...                    Target("lifetime", "lifetime_mean", 3.5, 0.4)])
>>> targets.names
('exit hazard', 'lifetime')

A targets file (TOML) holds one ``[[target]]`` table per moment; top-level
keys come first:

.. code-block:: toml

    observations = 40   # optional: independent replicate-sized units behind the values
    # covariance = [[0.0009, 0.0], [0.0, 0.16]]   # optional, rows in target order

    [[target]]
    name = "elite exit hazard"
    statistic = "elite_exit_rate"
    value = 0.27
    se = 0.03
    source = "approximate; literature on cadre turnover"

    [bounds]            # optional: search bounds of fitted parameters
    rotation_hazard = [0.05, 0.6]

Every value is checked when the object is built, before anything runs.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .._errors import ParameterError, ParameterTypeError
from .statistics import Statistic, get_statistic

__all__ = ["Target", "Targets"]


def _real(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterTypeError(f"{what} = {value!r} must be a number")
    value = float(value)
    if not math.isfinite(value):
        raise ParameterError(f"{what} = {value!r} is invalid: must be a finite number")
    return value


@dataclasses.dataclass(frozen=True)
class Target:
    """One observed moment.

    Parameters
    ----------
    name : str
        A label, unique within the targets (e.g. ``"elite exit hazard"``).
    statistic : str
        The statistic it is compared with (:data:`tournament.fit.STATISTICS`);
        the simulated moment is its mean over replicates.
    value : float
        The observed value.
    se : float
        Its standard error (> 0). Required unless the targets carry a
        covariance matrix, whose diagonal then gives it.
    source : str
        Where the value comes from (free text, kept in the outputs).
    """

    name: str
    statistic: str
    value: float
    se: float | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ParameterError(f"target name = {self.name!r} must be a non-empty string")
        where = f"target {self.name!r}"
        get_statistic(self.statistic, f"{where}: statistic")
        object.__setattr__(self, "value", _real(self.value, f"{where}: value"))
        if self.se is not None:
            se = _real(self.se, f"{where}: se")
            if se <= 0.0:
                raise ParameterError(f"{where}: se = {se!r} is out of range: must be > 0")
            object.__setattr__(self, "se", se)
        if not isinstance(self.source, str):
            raise ParameterTypeError(f"{where}: source = {self.source!r} must be a string")

    def to_dict(self) -> dict[str, Any]:
        """The target as a plain dict (its TOML table)."""
        out = {"name": self.name, "statistic": self.statistic, "value": self.value}
        if self.se is not None:
            out["se"] = self.se
        if self.source:
            out["source"] = self.source
        return out


class Targets:
    """The observed moments of a fit, with their standard errors or covariance.

    Parameters
    ----------
    targets : sequence of Target (or of dicts with its fields)
        At least one; names unique.
    covariance : array-like, optional
        The covariance matrix of the observed values (symmetric, positive
        definite, in target order). Without it the values are taken as
        having the given standard errors; their correlation is then
        estimated from the simulated moments (see ``docs/estimation.md``).
    observations : int, optional
        How many independent units, each the size of one simulated
        replicate, the observed values average over. With it the
        simulation correction is the textbook ``1 + 1/S``, ``S = R /
        observations`` for ``R`` simulated replicates; without it the
        simulated moments' own covariance is added (the same correction,
        estimated).
    bounds : mapping, optional
        Default search bounds ``{parameter: (low, high)}`` of the fits that
        use these targets (checked against the parameter table when a fit
        starts).

    Raises
    ------
    ParameterError
        On an unknown statistic, a target without a standard error (and no
        covariance), a non-positive or non-finite standard error, duplicate
        names, or a covariance of the wrong shape, not symmetric, not
        positive definite, or whose diagonal disagrees with the standard
        errors given.
    """

    def __init__(self, targets: Iterable[Target | Mapping[str, Any]],
                 covariance: Any = None, observations: int | None = None,
                 bounds: Mapping[str, Sequence[float]] | None = None):
        items = []
        for i, t in enumerate(targets):
            if isinstance(t, Mapping):
                unknown = set(t) - {f.name for f in dataclasses.fields(Target)}
                if unknown:
                    raise ParameterError(f"target {i + 1} has unknown key(s) {sorted(unknown)}; "
                                         f"keys are name, statistic, value, se, source")
                missing = [k for k in ("name", "statistic", "value") if k not in t]
                if missing:
                    raise ParameterError(f"target {i + 1} ({t.get('name', 'unnamed')!r}) lacks "
                                         f"{', '.join(missing)}")
                t = Target(**t)
            elif not isinstance(t, Target):
                raise ParameterTypeError(f"target {i + 1} must be a Target or a mapping, got "
                                         f"{type(t).__name__}")
            items.append(t)
        if not items:
            raise ParameterError("targets: at least one target is needed")
        names = [t.name for t in items]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ParameterError(f"target names must be unique; repeated: {dupes}")
        self._targets = tuple(items)
        self._covariance = self._check_covariance(covariance)
        if self._covariance is None:
            missing = [t.name for t in items if t.se is None]
            if missing:
                raise ParameterError(
                    f"target {missing[0]!r} has no standard error: give se = ... (> 0) for "
                    f"every target, or a covariance matrix of all of them")
        if observations is not None and (isinstance(observations, bool) or not isinstance(
                observations, numbers.Integral) or observations < 1):
            raise ParameterError(f"observations = {observations!r} is out of range: must be an "
                                 f"integer >= 1")
        self._observations = None if observations is None else int(observations)
        self._bounds = self._check_bounds(bounds)

    # -- checks -------------------------------------------------------------------
    def _check_covariance(self, covariance: Any) -> np.ndarray | None:
        if covariance is None:
            return None
        k = len(self._targets)
        try:
            cov = np.array(covariance, dtype=float)
        except (TypeError, ValueError):
            raise ParameterError("covariance must be a square matrix of numbers") from None
        if cov.shape != (k, k):
            raise ParameterError(f"covariance has shape {cov.shape}; must be ({k}, {k}), one "
                                 f"row and column per target in order")
        if not np.isfinite(cov).all():
            raise ParameterError("covariance must hold finite numbers")
        if not np.allclose(cov, cov.T, rtol=1e-10, atol=0.0):
            raise ParameterError("covariance must be symmetric")
        try:
            np.linalg.cholesky(cov)
        except np.linalg.LinAlgError:
            raise ParameterError("covariance must be positive definite") from None
        for i, t in enumerate(self._targets):
            if t.se is not None and not math.isclose(t.se**2, cov[i, i], rel_tol=1e-6):
                raise ParameterError(
                    f"target {t.name!r}: se = {t.se!r} disagrees with the covariance's diagonal "
                    f"({math.sqrt(cov[i, i])!r} squared); give one or make them agree")
        return cov

    @staticmethod
    def _check_bounds(bounds: Mapping[str, Sequence[float]] | None) -> dict[str, tuple]:
        if bounds is None:
            return {}
        if not isinstance(bounds, Mapping):
            raise ParameterTypeError("bounds must map parameter names to [low, high]")
        out = {}
        for name, pair in bounds.items():
            if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
                raise ParameterError(f"bounds of {name!r} = {pair!r} must be [low, high]")
            out[str(name)] = (_real(pair[0], f"bounds of {name!r}: low"),
                              _real(pair[1], f"bounds of {name!r}: high"))
        return out

    # -- views ----------------------------------------------------------------------
    @property
    def targets(self) -> tuple[Target, ...]:
        """The targets, in order."""
        return self._targets

    @property
    def names(self) -> tuple[str, ...]:
        """Target names, in order."""
        return tuple(t.name for t in self._targets)

    @property
    def values(self) -> np.ndarray:
        """Observed values, in order."""
        return np.array([t.value for t in self._targets])

    @property
    def se(self) -> np.ndarray:
        """Standard errors, in order (from the covariance when it is given)."""
        if self._covariance is not None:
            return np.sqrt(np.diag(self._covariance))
        return np.array([t.se for t in self._targets], dtype=float)

    @property
    def covariance(self) -> np.ndarray | None:
        """The covariance matrix given, or ``None`` (standard errors only)."""
        return None if self._covariance is None else self._covariance.copy()

    @property
    def observations(self) -> int | None:
        """Independent replicate-sized units behind the values, when known."""
        return self._observations

    @property
    def bounds(self) -> dict[str, tuple[float, float]]:
        """Default search bounds given with the targets."""
        return dict(self._bounds)

    @property
    def statistics(self) -> tuple[Statistic, ...]:
        """The statistic of each target, in order."""
        return tuple(get_statistic(t.statistic) for t in self._targets)

    def __len__(self) -> int:
        return len(self._targets)

    def __iter__(self):
        return iter(self._targets)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Targets):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        extra = f", observations={self._observations}" if self._observations else ""
        cov = ", with covariance" if self._covariance is not None else ""
        return f"<Targets {len(self)}: {', '.join(self.names)}{extra}{cov}>"

    # -- input and output -------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The targets as plain data (what :meth:`from_dict` and the TOML file hold)."""
        out: dict[str, Any] = {}
        if self._observations is not None:
            out["observations"] = self._observations
        if self._covariance is not None:
            out["covariance"] = self._covariance.tolist()
        out["target"] = [t.to_dict() for t in self._targets]
        if self._bounds:
            out["bounds"] = {k: list(v) for k, v in self._bounds.items()}
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Targets:
        """Build from plain data: ``target`` (a list of tables) and the optional keys."""
        if not isinstance(data, Mapping):
            raise ParameterTypeError(f"targets data must be a mapping, got {type(data).__name__}")
        unknown = set(data) - {"target", "covariance", "observations", "bounds"}
        if unknown:
            raise ParameterError(f"targets: unknown key(s) {sorted(unknown)}; keys are target "
                                 f"(one [[target]] table per moment), covariance, observations, "
                                 f"bounds")
        if "target" not in data or not isinstance(data["target"], list):
            raise ParameterError("targets: no [[target]] tables; give one per observed moment")
        return cls(data["target"], covariance=data.get("covariance"),
                   observations=data.get("observations"), bounds=data.get("bounds"))

    @classmethod
    def load(cls, path: str | Path) -> Targets:
        """Read a targets file (TOML, see the module documentation)."""
        path = Path(path)
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise ParameterError(f"targets file {str(path)!r} does not exist") from None
        except IsADirectoryError:
            raise ParameterError(f"targets file {str(path)!r} is a folder") from None
        except tomllib.TOMLDecodeError as exc:
            raise ParameterError(f"targets file {str(path)!r} is not valid TOML: {exc}") from None
        return cls.from_dict(data)

    def to_toml(self) -> str:
        """The targets as TOML text (read back by :meth:`load`)."""
        lines = ["# tournament fit targets (docs/estimation.md)"]
        if self._observations is not None:
            lines.append(f"observations = {self._observations}")
        if self._covariance is not None:
            rows = ",\n  ".join("[" + ", ".join(repr(float(x)) for x in row) + "]"
                                for row in self._covariance)
            lines.append(f"covariance = [\n  {rows},\n]")
        for t in self._targets:
            lines += ["", "[[target]]"]
            for key, value in t.to_dict().items():
                lines.append(f"{key} = {_toml(value)}")
        if self._bounds:
            lines += ["", "[bounds]"]
            lines += [f"{k} = [{v[0]!r}, {v[1]!r}]" for k, v in self._bounds.items()]
        return "\n".join(lines) + "\n"


def _toml(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(float(value)) if isinstance(value, float) else str(value)
