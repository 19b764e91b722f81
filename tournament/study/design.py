"""Designs of a parameter study: which configurations run, with which seeds.

A :class:`Design` is a list of *points* (values of the swept parameters laid
over a base :class:`~tournament.Config`) crossed with ``replicates``
replicates each. Four kinds:

``grid``
    Every combination of the given levels (the last parameter varies
    fastest). Any parameter can be swept, choice parameters and
    ``elite_mix`` included.
``random``
    ``points`` independent uniform draws in the given bounds.
``lhs``
    A Latin hypercube of ``points`` points (:class:`scipy.stats.qmc.LatinHypercube`).
``sobol``
    Saltelli's scheme over a scrambled Sobol' sequence
    (:func:`SALib.sample.sobol.sample`): ``points`` is the base sample ``N``,
    a power of two, and the design has ``N (D + 2)`` points, or
    ``N (2 D + 2)`` with ``second_order=True``. Only this kind supports
    :func:`tournament.study.sensitivity`.

The continuous kinds (``random``, ``lhs``, ``sobol``) sweep integer and float
parameters only. An integer parameter is sampled uniformly on
``[lo - 1/2, hi + 1/2]`` and rounded to the nearest integer, so every integer
in ``[lo, hi]`` is equally likely.

Every point is validated by building its :class:`~tournament.Config` when
the design is made, so a bad design fails before anything runs.

Seeds. Replicate ``r`` of point ``p`` is replicate ``r`` of
``tournament.simulate(design.config(p), seed=design.point_seed(p))``. With
``seeding="independent"`` (the default) the point seed is drawn from
``numpy.random.SeedSequence(seed, spawn_key=(POINT_KEY, p))``, so points have
independent random streams; with ``seeding="common"`` every point uses
``seed`` itself (common random numbers: replicate ``r`` sees the same draws at
every point, which sharpens comparisons between points).
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import math
import numbers
import tomllib
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .._deps import require
from .._errors import ParameterError, ParameterTypeError, TournamentError
from .._params import PARAMS
from ..config import Config, _check_names
from ..engine.seeding import check_seed

__all__ = ["Design", "KINDS", "SEEDINGS", "POINT_KEY", "parse_factor", "level_label"]

KINDS = ("grid", "random", "lhs", "sobol")
SEEDINGS = ("independent", "common")
FORMAT = "tournament.study.design/1"
POINT_KEY = 0x706F696E74  # "point": keeps point seeds apart from replicate streams


@dataclasses.dataclass(frozen=True, eq=False)
class Design:
    """A validated study design: points over a base configuration, times replicates.

    Build one with :meth:`grid`, :meth:`random`, :meth:`lhs`, :meth:`sobol`
    or :meth:`from_specs`; :meth:`from_dict` restores a saved one.

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`.
    factors : dict
        ``{name: levels}`` for a grid, ``{name: (lo, hi)}`` otherwise.
    points : tuple of tuple
        The values of the swept parameters at each point, in factor order.
    base : Config
        The configuration the points modify.
    replicates : int
        Replicates per point (indices ``0 … replicates-1``).
    seed : int
        Master seed of the replicates' random streams.
    seeding : str
        ``"independent"`` or ``"common"`` (see the module docstring).
    sample_seed : int or None
        Seed of the sampler of a continuous design.
    base_samples : int or None
        Points asked for (``random``, ``lhs``) or Saltelli's ``N`` (``sobol``).
    second_order : bool
        Whether a Sobol design supports second-order indices.

    Examples
    --------
    >>> from tournament import Config
    >>> d = Design.grid({"novelty_decay": [0.1, 0.3], "noise": ["normal", "gumbel"]},
    ...                 replicates=100, seed=1, base=Config(n_rounds=50))
    >>> len(d), d.total_replicates
    (4, 400)
    >>> d.point(3)
    {'novelty_decay': 0.3, 'noise': 'gumbel'}
    """

    kind: str
    factors: dict[str, tuple[Any, ...]]
    points: tuple[tuple[Any, ...], ...]
    base: Config
    replicates: int
    seed: int
    seeding: str = "independent"
    sample_seed: int | None = None
    base_samples: int | None = None
    second_order: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ParameterError(f"design = {self.kind!r} is invalid: must be one of {KINDS}")
        if not isinstance(self.base, Config):
            raise ParameterTypeError(
                f"base must be a tournament.Config, got {type(self.base).__name__}")
        object.__setattr__(self, "replicates", _check_count("replicates", self.replicates))
        object.__setattr__(self, "seed", check_seed(self.seed))
        if self.seeding not in SEEDINGS:
            raise ParameterError(
                f"seeding = {self.seeding!r} is invalid: must be one of {SEEDINGS}")
        factors = _check_factors(self.kind, self.factors, self.base)
        object.__setattr__(self, "factors", factors)
        if not self.points:
            raise ParameterError("the design has no points")
        points = tuple(_check_point(self, i, values) for i, values in enumerate(self.points))
        object.__setattr__(self, "points", points)

    # -- constructors -----------------------------------------------------------------
    @classmethod
    def grid(cls, levels: Mapping[str, Sequence[Any]], *, replicates: int, seed: int = 0,
             base: Config | None = None, seeding: str = "independent") -> Design:
        """Every combination of ``levels`` (``{name: [values]}``), last name fastest."""
        base = Config() if base is None else base
        factors = _check_factors("grid", levels, base)
        points = tuple(itertools.product(*factors.values()))
        return cls(kind="grid", factors=factors, points=points, base=base,
                   replicates=replicates, seed=seed, seeding=seeding)

    @classmethod
    def random(cls, bounds: Mapping[str, tuple[float, float]], points: int, *,
               replicates: int, seed: int = 0, base: Config | None = None,
               seeding: str = "independent", sample_seed: int | None = None) -> Design:
        """``points`` uniform random points in ``bounds`` (``{name: (lo, hi)}``)."""
        return cls._continuous("random", bounds, points, replicates, seed, base, seeding,
                               sample_seed)

    @classmethod
    def lhs(cls, bounds: Mapping[str, tuple[float, float]], points: int, *,
            replicates: int, seed: int = 0, base: Config | None = None,
            seeding: str = "independent", sample_seed: int | None = None) -> Design:
        """A Latin hypercube of ``points`` points in ``bounds``."""
        return cls._continuous("lhs", bounds, points, replicates, seed, base, seeding,
                               sample_seed)

    @classmethod
    def sobol(cls, bounds: Mapping[str, tuple[float, float]], points: int, *,
              replicates: int, seed: int = 0, base: Config | None = None,
              seeding: str = "independent", sample_seed: int | None = None,
              second_order: bool = False) -> Design:
        """Saltelli's sample of base size ``points`` (a power of two) in ``bounds``."""
        return cls._continuous("sobol", bounds, points, replicates, seed, base, seeding,
                               sample_seed, second_order)

    @classmethod
    def _continuous(cls, kind: str, bounds: Mapping[str, Any], points: int, replicates: int,
                    seed: int, base: Config | None, seeding: str, sample_seed: int | None,
                    second_order: bool = False) -> Design:
        base = Config() if base is None else base
        factors = _check_factors(kind, bounds, base)
        n = _check_count("points", points)
        if kind == "sobol" and (n < 2 or n & (n - 1)):
            below = 2 ** max(1, int(math.log2(n)))
            raise ParameterError(
                f"points = {n} is invalid for a Sobol design: Saltelli's base sample must be "
                f"a power of two >= 2 (e.g. {below} or {2 * below})")
        sample_seed = check_seed(seed if sample_seed is None else sample_seed)
        unit = _unit_sample(kind, len(factors), n, sample_seed, second_order)
        values = _scale(unit, factors)
        return cls(kind=kind, factors=factors, points=values, base=base, replicates=replicates,
                   seed=seed, seeding=seeding, sample_seed=sample_seed, base_samples=n,
                   second_order=bool(second_order))

    @classmethod
    def from_specs(cls, kind: str, specs: Sequence[str], *, replicates: int, seed: int = 0,
                   base: Config | None = None, points: int | None = None,
                   seeding: str = "independent", sample_seed: int | None = None,
                   second_order: bool = False) -> Design:
        """Build a design from command-line factor specs (see :func:`parse_factor`)."""
        if kind not in KINDS:
            raise ParameterError(f"design = {kind!r} is invalid: must be one of {KINDS}")
        if not specs:
            raise ParameterError("a sweep needs at least one --param NAME=SPEC")
        parsed: dict[str, tuple[str, tuple[Any, ...]]] = {}
        for spec in specs:
            name, form, args = parse_factor(spec)
            if name in parsed:
                raise ParameterError(f"parameter {name!r} is swept twice (--param {spec!r})")
            parsed[name] = (form, args)
        if kind == "grid":
            if points is not None:
                raise ParameterError("--points is for random, lhs and sobol designs; a grid's "
                                     "points are the combinations of its levels")
            levels = {name: _grid_levels(name, form, args) for name, (form, args) in
                      parsed.items()}
            return cls.grid(levels, replicates=replicates, seed=seed, base=base,
                            seeding=seeding)
        if points is None:
            raise ParameterError(f"a {kind} design needs --points N")
        bounds = {name: _bounds(kind, name, form, args) for name, (form, args) in parsed.items()}
        return cls._continuous(kind, bounds, points, replicates, seed, base, seeding,
                               sample_seed, second_order)

    # -- views ------------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        """The swept parameters, in factor order."""
        return tuple(self.factors)

    @property
    def total_replicates(self) -> int:
        """Points times replicates."""
        return len(self.points) * self.replicates

    def __len__(self) -> int:
        return len(self.points)

    def point(self, index: int) -> dict[str, Any]:
        """The swept values at point ``index`` as ``{name: value}``."""
        return dict(zip(self.names, self.points[index], strict=True))

    def config(self, index: int) -> Config:
        """The configuration of point ``index``."""
        return self.base.replace(**self.point(index))

    def point_seed(self, index: int) -> int:
        """The seed whose replicate streams point ``index`` uses."""
        if self.seeding == "common":
            return self.seed
        sequence = np.random.SeedSequence(self.seed, spawn_key=(POINT_KEY, int(index)))
        return int(sequence.generate_state(1, np.uint64)[0])

    def table(self):
        """The points as a DataFrame: ``point``, ``seed`` and one column per parameter.

        A swept graph (``edges``) appears as its label (:func:`level_label`),
        not as its list of pairs.
        """
        import pandas as pd  # deferred (heavy): `import tournament.study` stays free of pandas

        data: dict[str, Any] = {"point": np.arange(len(self), dtype=np.int64),
                                "seed": [self.point_seed(i) for i in range(len(self))]}
        for j, name in enumerate(self.names):
            column = [level_label(name, values[j]) for values in self.points]
            data[name] = column if PARAMS[name].kind == "mix" else np.asarray(column)
        frame = pd.DataFrame(data)
        frame["seed"] = frame["seed"].astype(np.uint64)
        return frame

    def describe(self) -> str:
        """One line: kind, size, parameters, replicates, seeding."""
        extra = ""
        if self.kind == "sobol":
            d = len(self.factors)
            extra = (f" (Saltelli, N = {self.base_samples}, "
                     f"{'N(2D+2)' if self.second_order else 'N(D+2)'} with D = {d})")
        elif self.kind != "grid":
            extra = f" (sample seed {self.sample_seed})"
        return (f"{self.kind} design of {len(self)} points{extra} over "
                f"{', '.join(self.names)}; {self.replicates} replicates each = "
                f"{self.total_replicates} replicates; seed {self.seed}, {self.seeding} "
                f"random streams per point")

    def __repr__(self) -> str:
        return (f"<Design {self.kind}: {len(self)} points × {self.replicates} replicates over "
                f"{', '.join(self.names)}; seed={self.seed}, seeding={self.seeding!r}; "
                f"base {self.base!r}>")

    # -- serialisation ----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict that :meth:`from_dict` restores exactly."""
        return {
            "format": FORMAT,
            "kind": self.kind,
            "factors": {k: [_plain(v) for v in vals] for k, vals in self.factors.items()},
            "points": [[_plain(v) for v in values] for values in self.points],
            "base": self.base.to_dict(),
            "replicates": self.replicates,
            "seed": self.seed,
            "seeding": self.seeding,
            "sample_seed": self.sample_seed,
            "base_samples": self.base_samples,
            "second_order": self.second_order,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Design:
        """Restore a design saved by :meth:`to_dict` (validated again)."""
        if data.get("format") != FORMAT:
            raise ParameterError(f"not a saved design (format {data.get('format')!r}, "
                                 f"expected {FORMAT!r})")
        return cls(kind=data["kind"], factors=dict(data["factors"]),
                   points=tuple(tuple(p) for p in data["points"]),
                   base=Config.from_dict(data["base"]), replicates=data["replicates"],
                   seed=data["seed"], seeding=data["seeding"],
                   sample_seed=data["sample_seed"], base_samples=data["base_samples"],
                   second_order=data["second_order"])

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text (``Infinity`` for an infinite rationality)."""
        return json.dumps(self.to_dict(), indent=1)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Design):
            return NotImplemented
        return json.dumps(self.to_dict()) == json.dumps(other.to_dict())

    def differences(self, other: Design) -> list[str]:
        """The top-level fields of :meth:`to_dict` that differ from ``other``'s."""
        mine, theirs = self.to_dict(), other.to_dict()
        return [k for k in mine if json.dumps(mine[k]) != json.dumps(theirs.get(k))]


def level_label(name: str, value: Any) -> Any:
    """How a swept value appears in tables: itself, or, for a graph, a short label.

    A user's graph (parameter ``edges``, a tuple of pairs) is shown as
    ``"<m> edges, sha256 <first 12 hex digits>"``, the digest of its sorted
    pairs as JSON, so that ``_design.csv``, :func:`tournament.study.load`
    and :func:`tournament.study.aggregate` carry one short, distinct key per
    graph instead of the whole edge list (the design itself, ``_design.json``,
    keeps the pairs).

    Parameters
    ----------
    name : str
        The parameter.
    value : Any
        Its (validated) value at a design point.

    Returns
    -------
    Any
        ``value``, or the label of a graph.

    Examples
    --------
    >>> level_label("edges", ((0, 1), (1, 2)))
    '2 edges, sha256 a8c4eb7d3a49'
    >>> level_label("novelty_decay", 0.3)
    0.3
    """
    if PARAMS[name].kind != "edges":
        return value
    pairs = [[int(a), int(b)] for a, b in value]
    digest = hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:12]
    return f"{len(pairs)} edges, sha256 {digest}"


# ----------------------------------------------------------------------------- spec parsing
def parse_factor(spec: str) -> tuple[str, str, tuple[Any, ...]]:
    """Parse one ``--param`` spec into ``(name, form, args)``.

    Forms: ``name=lo:hi:n`` (``"range"``, n evenly spaced levels for a grid),
    ``name=lo:hi`` (``"range"`` with ``n=None``, bounds of a continuous
    design), ``name=a,b,c`` or ``name=v`` (``"list"``), and
    ``name=[TOML array]`` (``"list"``, e.g. for ``elite_mix``). Values are
    TOML literals; anything else is kept as a string (``noise=normal,gumbel``).
    """
    if not isinstance(spec, str) or "=" not in spec:
        raise ParameterError(f"--param {spec!r} must look like NAME=lo:hi:n, NAME=lo:hi or "
                             f"NAME=v1,v2,...")
    name, raw = (s.strip() for s in spec.split("=", 1))
    _check_names({name: None})
    if not raw:
        raise ParameterError(f"--param {spec!r} gives no values for {name}")
    if raw.startswith("["):
        try:
            values = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError as exc:
            raise ParameterError(f"--param {spec!r}: not a valid TOML array ({exc})") from None
        return name, "list", tuple(tuple(v) if isinstance(v, list) else v for v in values)
    if ":" in raw:
        parts = [p.strip() for p in raw.split(":")]
        if len(parts) not in (2, 3):
            raise ParameterError(f"--param {spec!r}: a range is lo:hi or lo:hi:n")
        lo, hi = (_number(spec, p) for p in parts[:2])
        n = None
        if len(parts) == 3:
            n = _number(spec, parts[2])
            if not isinstance(n, int):
                raise ParameterError(f"--param {spec!r}: the number of levels n = {parts[2]!r} "
                                     f"must be an integer")
        return name, "range", (lo, hi, n)
    return name, "list", tuple(_literal(p.strip()) for p in raw.split(","))


def _literal(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _number(spec: str, raw: str) -> int | float:
    value = _literal(raw)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParameterError(f"--param {spec!r}: {raw!r} is not a number")
    return value


def _grid_levels(name: str, form: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    if form == "list":
        return args
    lo, hi, n = args
    if n is None:
        raise ParameterError(f"{name}: a grid needs levels: lo:hi:n (n evenly spaced values) "
                             f"or a list v1,v2,...; {lo}:{hi} is a range for random, lhs or "
                             f"sobol designs")
    if n < 2:
        raise ParameterError(f"{name} = {lo}:{hi}:{n}: a grid range needs n >= 2 levels "
                             f"(give a single value as {name}={lo})")
    if not lo < hi:
        raise ParameterError(f"{name} = {lo}:{hi}:{n} is an empty range: lo must be < hi")
    levels = [float(f"{x:.12g}") for x in np.linspace(lo, hi, n)]
    if PARAMS[name].kind == "int":
        ints = [int(round(x)) for x in levels]
        if len(set(ints)) < len(ints):
            raise ParameterError(f"{name} = {lo}:{hi}:{n}: {n} levels of an integer parameter "
                                 f"in [{lo}, {hi}] repeat after rounding ({ints}); use fewer")
        return tuple(ints)
    return tuple(levels)


def _bounds(kind: str, name: str, form: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    if form == "list":
        raise ParameterError(f"{name}: a {kind} design needs a range lo:hi, not a list of "
                             f"values (lists are for grid designs)")
    lo, hi, n = args
    if n is not None:
        raise ParameterError(f"{name} = {lo}:{hi}:{n}: a {kind} design takes a range lo:hi; "
                             f"its number of points comes from --points")
    return lo, hi


# ----------------------------------------------------------------------------- validation
def _check_count(what: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ParameterTypeError(f"{what} = {value!r} must be an integer >= 1")
    if value < 1:
        raise ParameterError(f"{what} = {value!r} is out of range: must be an integer >= 1")
    return int(value)


def _check_factors(kind: str, factors: Mapping[str, Any], base: Config) -> dict[str, tuple]:
    if not isinstance(factors, Mapping):
        raise ParameterTypeError(f"factors must be a mapping {{name: values}}, got "
                                 f"{type(factors).__name__}")
    if not factors:
        raise ParameterError("a design needs at least one parameter to sweep")
    _check_names(factors)
    out: dict[str, tuple] = {}
    for name, spec in factors.items():
        if isinstance(spec, str | bytes) or not isinstance(spec, Sequence | np.ndarray):
            raise ParameterTypeError(f"{name}: expected a sequence of values, got {spec!r}")
        spec = tuple(spec)
        if kind == "grid":
            if not spec:
                raise ParameterError(f"{name}: a grid needs at least one level, got none")
            levels = tuple(_check_value(base, name, v, f"{name} level") for v in spec)
            if len(set(map(repr, levels))) < len(levels):
                raise ParameterError(f"{name}: the levels {list(spec)!r} repeat a value")
            out[name] = levels
            continue
        param = PARAMS[name]
        if param.kind not in ("int", "float"):
            what = {"choice": "a choice", "mix": "a mix", "edges": "a graph"}.get(
                param.kind, f"a {param.kind}")
            raise ParameterError(f"{name} is {what} parameter: it can only be swept "
                                 f"in a grid design, not a {kind} design")
        if len(spec) != 2:
            raise ParameterError(f"{name}: a {kind} design needs bounds (lo, hi), got {spec!r}")
        lo, hi = (_check_value(base, name, v, f"{name} bound") for v in spec)
        if not lo < hi:
            raise ParameterError(f"{name} = {lo!r}:{hi!r} is an empty range: lo must be < hi")
        out[name] = (lo, hi)
    return out


def _check_value(base: Config, name: str, value: Any, what: str) -> Any:
    try:
        return getattr(base.replace(**{name: value}), name)
    except TournamentError as exc:
        raise type(exc)(f"{what} {value!r} is rejected by the configuration: {exc}") from None


def _check_point(design: Design, index: int, values: Sequence[Any]) -> tuple[Any, ...]:
    names = tuple(design.factors)
    if len(values) != len(names):
        raise ParameterError(f"design point {index} has {len(values)} values for "
                             f"{len(names)} parameters {names}")
    assignment = dict(zip(names, values, strict=True))
    try:
        cfg = design.base.replace(**assignment)
    except TournamentError as exc:
        shown = ", ".join(f"{k}={v!r}" for k, v in assignment.items())
        raise type(exc)(f"design point {index} ({shown}) is rejected by the configuration: "
                        f"{exc}") from None
    return tuple(getattr(cfg, name) for name in names)


# ----------------------------------------------------------------------------- sampling
def _unit_sample(kind: str, d: int, n: int, sample_seed: int, second_order: bool) -> np.ndarray:
    """Points in the unit cube, shape (points, d), from the named sampler."""
    if kind == "random":
        return np.random.default_rng(sample_seed).random((n, d))
    if kind == "lhs":
        require("a Latin hypercube design", "scipy")
        from scipy.stats import qmc  # deferred: scipy is optional and heavy

        try:
            sampler = qmc.LatinHypercube(d, rng=np.random.default_rng(sample_seed))
        except TypeError:  # scipy < 1.15
            sampler = qmc.LatinHypercube(d, seed=np.random.default_rng(sample_seed))
        return sampler.random(n)
    require("a Sobol design", "SALib")
    from SALib.sample import sobol  # deferred: SALib is optional and heavy

    problem = {"num_vars": d, "names": [f"x{j}" for j in range(d)], "bounds": [[0.0, 1.0]] * d}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return sobol.sample(problem, n, calc_second_order=second_order, scramble=True,
                            seed=sample_seed)


def _scale(unit: np.ndarray, factors: Mapping[str, tuple]) -> tuple[tuple[Any, ...], ...]:
    columns = []
    for j, (name, (lo, hi)) in enumerate(factors.items()):
        u = unit[:, j]
        if PARAMS[name].kind == "int":
            x = np.floor((lo - 0.5) + u * (hi - lo + 1.0) + 0.5)
            columns.append([int(v) for v in np.clip(x, lo, hi)])
        else:
            columns.append([float(v) for v in np.clip(lo + u * (hi - lo), lo, hi)])
    return tuple(zip(*columns, strict=True))


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value
