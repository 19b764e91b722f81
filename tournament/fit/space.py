"""The parameters a fit estimates: names, search bounds and the map to configurations.

Bounds default to the parameter table's range (:mod:`tournament._params`)
and must lie inside it; a parameter whose range is unbounded or open at an
end needs explicit bounds. The optimiser works in the unit cube, ``u`` in
``[0, 1]^p``, mapped linearly onto the bounds.
"""

from __future__ import annotations

import difflib
import itertools
import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np

from .._errors import ParameterError, ParameterTypeError
from .._params import PARAMS
from ..config import Config

__all__ = ["Space"]


class Space:
    """Fitted parameters with their bounds, over a base configuration.

    Parameters
    ----------
    names : sequence of str
        Float parameters of :class:`~tournament.Config`, distinct.
    bounds : mapping, optional
        ``{name: (low, high)}`` for some or all of ``names``; the rest take
        the parameter table's range.
    base : Config
        The configuration every other parameter comes from.

    Raises
    ------
    ParameterError
        Naming the parameter, the value and the valid range: an unknown or
        non-float parameter, bounds outside the parameter's range or not
        ``low < high``, an unbounded range without bounds, or bounds whose
        corners the configuration rejects.
    """

    def __init__(self, names: Sequence[str], bounds: Mapping[str, Sequence[float]] | None,
                 base: Config):
        if not isinstance(base, Config):
            raise ParameterTypeError(f"config must be a tournament.Config, got "
                                     f"{type(base).__name__}")
        if isinstance(names, str):
            names = [n.strip() for n in names.split(",") if n.strip()]
        names = list(names)
        if not names:
            raise ParameterError("params: name at least one parameter to fit")
        for name in names:
            _check_name(name)
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ParameterError(f"params: each parameter once; repeated: {dupes}")
        bounds = dict(bounds or {})
        extra = sorted(set(bounds) - set(names))
        if extra:
            raise ParameterError(f"bounds given for {extra}, which are not fitted (params: "
                                 f"{', '.join(names)})")
        self.names = tuple(names)
        self.base = base
        lo, hi = zip(*(_bounds(name, bounds.get(name)) for name in names), strict=True)
        self.lo = np.array(lo, dtype=float)
        self.hi = np.array(hi, dtype=float)
        self._check_corners()

    def __len__(self) -> int:
        return len(self.names)

    @property
    def width(self) -> np.ndarray:
        """``high - low`` of every parameter."""
        return self.hi - self.lo

    def theta(self, u: np.ndarray) -> np.ndarray:
        """Parameter values of unit-cube point ``u`` (clipped into the cube)."""
        return self.lo + np.clip(np.asarray(u, dtype=float), 0.0, 1.0) * self.width

    def unit(self, theta: np.ndarray) -> np.ndarray:
        """Unit-cube coordinates of parameter values ``theta``."""
        return (np.asarray(theta, dtype=float) - self.lo) / self.width

    def config(self, theta: np.ndarray) -> Config:
        """The base configuration with the fitted parameters set to ``theta``."""
        values = np.clip(np.asarray(theta, dtype=float), self.lo, self.hi)
        return self.base.replace(**{n: float(v) for n, v in zip(self.names, values,
                                                                 strict=True)})

    def check_point(self, theta: Sequence[float] | Mapping[str, float], what: str) -> np.ndarray:
        """Validate a point (e.g. a start) given as values in order or by name."""
        if isinstance(theta, Mapping):
            unknown = sorted(set(theta) - set(self.names))
            if unknown:
                raise ParameterError(f"{what} names {unknown}, which are not fitted")
            missing = [n for n in self.names if n not in theta]
            if missing:
                raise ParameterError(f"{what} lacks {missing}")
            theta = [theta[n] for n in self.names]
        values = list(theta)
        if len(values) != len(self.names):
            raise ParameterError(f"{what} has {len(values)} values; must have {len(self.names)} "
                                 f"({', '.join(self.names)})")
        out = []
        for name, v, lo, hi in zip(self.names, values, self.lo, self.hi, strict=True):
            if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
                raise ParameterError(f"{what}: {name} = {v!r} must be a finite number")
            if not lo <= v <= hi:
                raise ParameterError(f"{what}: {name} = {v!r} is out of range: must be in the "
                                     f"search bounds [{float(lo)!r}, {float(hi)!r}]")
            out.append(float(v))
        return np.array(out)

    def default_start(self) -> np.ndarray:
        """The base configuration's values, or the middle of the bounds where outside them."""
        base = np.array([float(getattr(self.base, n)) for n in self.names])
        inside = (base >= self.lo) & (base <= self.hi)
        return np.where(inside, base, 0.5 * (self.lo + self.hi))

    def to_dict(self) -> dict[str, list[float]]:
        """``{name: [low, high]}``."""
        return {n: [float(lo), float(hi)] for n, lo, hi in zip(self.names, self.lo, self.hi,
                                                                 strict=True)}

    def _check_corners(self) -> None:
        if len(self.names) > 12:  # 4096 corners; beyond that check the two extremes only
            corners = [self.lo, self.hi]
        else:
            corners = [np.array(c) for c in itertools.product(*zip(self.lo, self.hi,
                                                                    strict=True))]
        for corner in corners:
            try:
                self.config(corner)
            except ParameterError as exc:
                raise ParameterError(f"the search bounds {self.to_dict()} reach a "
                                     f"configuration that is rejected: {exc}") from None


def _check_name(name: object) -> None:
    if not isinstance(name, str):
        raise ParameterTypeError(f"params: {name!r} must be a parameter name")
    if name not in PARAMS:
        hint = difflib.get_close_matches(name, PARAMS, n=1)
        tip = f"; did you mean {hint[0]!r}?" if hint else ""
        raise ParameterError(f"params: unknown parameter {name!r}{tip}")
    if PARAMS[name].kind != "float":
        raise ParameterError(f"params: {name} is {PARAMS[name].range_text()}; only float "
                             f"parameters can be fitted (fix it with --set / config=)")


def _bounds(name: str, given: Sequence[float] | None) -> tuple[float, float]:
    p = PARAMS[name]
    if given is None:
        if not (math.isfinite(p.lo) and math.isfinite(p.hi)) or p.lo_open or p.hi_open:
            raise ParameterError(
                f"{name} needs search bounds: its range ({p.range_text()}) is unbounded or open "
                f"at an end; give bounds such as {name}=LOW:HIGH inside it")
        return float(p.lo), float(p.hi)
    if isinstance(given, str) or not isinstance(given, Sequence) or len(given) != 2:
        raise ParameterError(f"bounds of {name} = {given!r} must be a pair (low, high)")
    lo, hi = given
    for which, v in (("low", lo), ("high", hi)):
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
            raise ParameterError(f"bounds of {name}: {which} = {v!r} must be a finite number")
        below = v <= p.lo if p.lo_open else v < p.lo
        above = v >= p.hi if p.hi_open else v > p.hi
        if below or above:
            raise ParameterError(f"bounds of {name}: {which} = {v!r} is outside the parameter's "
                                 f"range: must be {p.range_text()}")
    if not lo < hi:
        raise ParameterError(f"bounds of {name} = ({lo!r}, {hi!r}) must have low < high")
    return float(lo), float(hi)
