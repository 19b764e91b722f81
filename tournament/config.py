"""The model configuration: one immutable object holding every parameter.

>>> from tournament import Config
>>> cfg = Config(n_jurisdictions=50)
>>> cfg.replace(novelty_decay=0.3).novelty_decay
0.3
>>> Config.from_dict(cfg.to_dict()) == cfg
True
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import numbers
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._errors import ParameterError, ParameterTypeError
from ._io import atomic_write_text
from ._params import ELITE_KINDS, GROUPS, PARAMS, Param
from .graph import grid_shape, normalise_edges
from .registry import MAX_DOMAINS

__all__ = ["Config", "DECLINE_MECHANISMS", "MODEL_MECHANISMS"]


def _d(name: str) -> Any:
    return PARAMS[name].default


@dataclasses.dataclass(frozen=True, kw_only=True)
class Config:
    """Every parameter of the OPT model (docs/specification.md section 11), validated.

    Parameters are keyword-only and grouped the way a modeller thinks:
    population, elites, projects, evaluator, environment, governance, run
    (see :meth:`groups` and ``tournament config --show``). Construction
    validates every value against the parameter table and raises
    :class:`~tournament.ParameterError` (a ``ValueError``) or
    :class:`~tournament.ParameterTypeError` (a ``TypeError``) naming the
    parameter, the value and the valid range.

    Updating never mutates: :meth:`replace` returns a new object.
    """

    n_jurisdictions: int = _d("n_jurisdictions")
    n_domains: int = _d("n_domains")
    capacity_sigma: float = _d("capacity_sigma")
    fit_alpha: float = _d("fit_alpha")
    fit_beta: float = _d("fit_beta")
    ability_sigma: float = _d("ability_sigma")
    motive_alpha: float = _d("motive_alpha")
    motive_beta: float = _d("motive_beta")
    elite_mix: tuple[float, float, float, float] = _d("elite_mix")
    kind_bias: float = _d("kind_bias")
    rationality: float = _d("rationality")
    planning_horizon: int = _d("planning_horizon")
    promotion_value: float = _d("promotion_value")
    promotion_prob: float = _d("promotion_prob")
    rotation_hazard: float = _d("rotation_hazard")
    max_tenure: int = _d("max_tenure")
    model_commitment: float = _d("model_commitment")
    ownership_discount: float = _d("ownership_discount")
    innovation_cost: float = _d("innovation_cost")
    imitation_cost: float = _d("imitation_cost")
    upkeep_cost: float = _d("upkeep_cost")
    imitation_novelty: float = _d("imitation_novelty")
    transferability: float = _d("transferability")
    quality_noise: float = _d("quality_noise")
    novelty_decay: float = _d("novelty_decay")
    crowding: float = _d("crowding")
    build_rate: float = _d("build_rate")
    state_capacity: float = _d("state_capacity")
    bureaucratic_autonomy: float = _d("bureaucratic_autonomy")
    recognized_per_round: int = _d("recognized_per_round")
    noise: str = _d("noise")
    noise_sigma: float = _d("noise_sigma")
    routine_weight: float = _d("routine_weight")
    project_load: float = _d("project_load")
    visibility_weight: float = _d("visibility_weight")
    substance_weight: float = _d("substance_weight")
    packaging_gain: float = _d("packaging_gain")
    honor_pressure: float = _d("honor_pressure")
    honor_decay: float = _d("honor_decay")
    model_memory: float = _d("model_memory")
    model_promotion: float = _d("model_promotion")
    preference_volatility: float = _d("preference_volatility")
    priority_shift_prob: float = _d("priority_shift_prob")
    priority_shift_size: float = _d("priority_shift_size")
    demand_volatility: float = _d("demand_volatility")
    malfunction_prob: float = _d("malfunction_prob")
    malfunction_size: float = _d("malfunction_size")
    absorption_threshold: int = _d("absorption_threshold")
    absorption_rounds: int = _d("absorption_rounds")
    transfer_share: float = _d("transfer_share")
    value_return: float = _d("value_return")
    allocation_policy: str = _d("allocation_policy")
    concentration: float = _d("concentration")
    concentration_low: float = _d("concentration_low")
    concentration_high: float = _d("concentration_high")
    balance_threshold: float = _d("balance_threshold")
    imbalance_threshold: float = _d("imbalance_threshold")
    policy_margin: float = _d("policy_margin")
    discontent_decay: float = _d("discontent_decay")
    carrying_capacity: float = _d("carrying_capacity")
    n_regions: int = _d("n_regions")
    topology: str = _d("topology")
    degree: int = _d("degree")
    rewire_prob: float = _d("rewire_prob")
    edges: tuple[tuple[int, int], ...] = _d("edges")
    learning_rate: float = _d("learning_rate")
    cooperation: str = _d("cooperation")
    coordination_cost: float = _d("coordination_cost")
    cooperation_gain: float = _d("cooperation_gain")
    credit_sharing: float = _d("credit_sharing")
    evaluation_mode: str = _d("evaluation_mode")
    regional_weight: float = _d("regional_weight")
    n_rounds: int = _d("n_rounds")
    burn_in: int = _d("burn_in")
    def __post_init__(self) -> None:
        edges = self.edges
        if hasattr(edges, "nodes") and hasattr(edges, "edges"):  # a networkx graph: check N
            n = _check(PARAMS["n_jurisdictions"], self.n_jurisdictions)
            object.__setattr__(self, "edges", normalise_edges(edges, n))
        for p in PARAMS.values():
            object.__setattr__(self, p.name, _check(p, getattr(self, p.name)))
        _check_cross(self)

    # -- construction and update ----------------------------------------------
    def replace(self, **changes: Any) -> Config:
        """Return a copy with ``changes`` applied (validated; unknown names rejected)."""
        _check_names(changes)
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Config:
        """Build from a flat ``{name: value}`` mapping or one nested by group.

        Missing names take their defaults; unknown names raise
        :class:`~tournament.ParameterError` with a suggestion.
        """
        if not isinstance(data, Mapping):
            raise ParameterTypeError(
                f"config data must be a mapping of parameter names to values, "
                f"got {type(data).__name__}"
            )
        flat: dict[str, Any] = {}
        for key, value in data.items():
            if key in GROUPS and isinstance(value, Mapping):
                flat.update(value)
            elif isinstance(value, Mapping) and key not in PARAMS:
                hint = difflib.get_close_matches(str(key), GROUPS, n=1)
                raise ParameterError(
                    f"unknown parameter group [{key}]"
                    + (f"; did you mean [{hint[0]}]?" if hint else "")
                    + f" Groups: {', '.join(GROUPS)}")
            else:
                flat[key] = value
        if isinstance(flat.get("elite_mix"), Mapping):
            flat["elite_mix"] = _mix_from_mapping(flat["elite_mix"])
        _check_names(flat)
        return cls(**flat)

    def to_dict(self, nested: bool = False) -> dict[str, Any]:
        """Return the parameters as a plain dict, flat or nested by group."""
        flat = {p.name: getattr(self, p.name) for p in PARAMS.values()}
        flat["elite_mix"] = list(flat["elite_mix"])
        flat["edges"] = [list(pair) for pair in flat["edges"]]
        if not nested:
            return flat
        out: dict[str, dict[str, Any]] = {g: {} for g in GROUPS}
        for p in PARAMS.values():
            out[p.group][p.name] = flat[p.name]
        return out

    @classmethod
    def load(cls, path: str | Path) -> Config:
        """Read a TOML file (flat or with one table per group)."""
        path = Path(path)
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise ParameterError(f"config file {str(path)!r} does not exist") from None
        except tomllib.TOMLDecodeError as exc:
            raise ParameterError(f"config file {str(path)!r} is not valid TOML: {exc}") from None
        return cls.from_dict(data)

    def to_toml(self) -> str:
        """Return the configuration as TOML text, one table per group."""
        lines = ["# tournament configuration (docs/specification.md section 11)"]
        for group in GROUPS:
            lines.append(f"\n[{group}]")
            for p in PARAMS.values():
                if p.group == group:
                    lines.append(f"{p.name} = {_toml_value(getattr(self, p.name))}  # {p.doc}")
        return "\n".join(lines) + "\n"

    def save(self, path: str | Path) -> None:
        """Write :meth:`to_toml` to ``path`` atomically."""
        atomic_write_text(Path(path), self.to_toml())

    # -- views ------------------------------------------------------------------
    @staticmethod
    def groups() -> dict[str, list[str]]:
        """Return ``{group: [parameter names]}`` in table order."""
        out: dict[str, list[str]] = {g: [] for g in GROUPS}
        for p in PARAMS.values():
            out[p.group].append(p.name)
        return out

    def diff(self, other: Config | None = None) -> dict[str, Any]:
        """Return the parameters whose values differ from ``other`` (default: the defaults)."""
        other = Config() if other is None else other
        return {
            p.name: getattr(self, p.name)
            for p in PARAMS.values()
            if getattr(self, p.name) != getattr(other, p.name)
        }

    @property
    def governance_on(self) -> bool:
        """Whether the governance layer of docs/specification.md section 6 is active."""
        return self.transfer_share > 0.0 or self.value_return > 0.0

    def __repr__(self) -> str:
        changed = self.diff()
        inner = ", ".join(f"{k}={v!r}" for k, v in changed.items())
        return f"Config({inner})"


_dataclass_init = Config.__init__


def _init(self: Config, **kwargs: Any) -> None:
    _check_names(kwargs)
    _dataclass_init(self, **kwargs)


_init.__doc__ = _dataclass_init.__doc__
Config.__init__ = _init  # type: ignore[method-assign]


# Ablation switches of docs/specification.md section 5: each maps a decline mechanism to the
# parameter values that turn it off.
DECLINE_MECHANISMS: dict[str, dict[str, Any]] = {
    "novelty": {"novelty_decay": 0.0, "crowding": 0.0},
    "turnover": {
        "promotion_prob": 0.0,
        "rotation_hazard": 0.0,
        "max_tenure": 1_000_000,
        "ownership_discount": 1.0,
    },
    # the higher level's attention fixed: no drift, no new priorities, and no promotion of
    # the model's domain (attention that follows the model moves when the model moves)
    "preferences": {"preference_volatility": 0.0, "priority_shift_prob": 0.0,
                    "model_promotion": 0.0},
    "absorption": {"absorption_threshold": 0},
}


# -- validation -----------------------------------------------------------------
def _check_names(names: Mapping[str, Any]) -> None:
    for name in names:
        if name not in PARAMS:
            hint = difflib.get_close_matches(str(name), PARAMS, n=1)
            tip = f"; did you mean {hint[0]!r}?" if hint else ""
            raise ParameterError(f"unknown parameter {name!r}{tip}")


def _check(p: Param, value: Any) -> Any:
    if p.kind == "choice":
        if not isinstance(value, str):
            raise ParameterTypeError(
                f"{p.name} = {value!r} has type {type(value).__name__}; must be {p.range_text()}"
            )
        if value not in p.choices:
            hint = _suggest(value, p.choices)
            tip = f"; did you mean {hint!r}?" if hint else ""
            raise ParameterError(f"{p.name} = {value!r} is invalid: must be {p.range_text()}{tip}")
        return value
    if p.kind == "mix":
        return _check_mix(p, value)
    if p.kind == "edges":
        return normalise_edges(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterTypeError(
            f"{p.name} = {value!r} has type {type(value).__name__}; must be {p.range_text()}"
        )
    if p.kind == "int":
        if not isinstance(value, numbers.Integral):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                raise ParameterTypeError(
                    f"{p.name} = {value!r} is not an integer; must be {p.range_text()}"
                )
        value = int(value)
    else:
        value = float(value)
        if math.isnan(value) or (math.isinf(value) and not (p.allow_inf and value > 0)):
            raise ParameterError(f"{p.name} = {value!r} is invalid: must be {p.range_text()}")
    below = value <= p.lo if p.lo_open else value < p.lo
    above = value >= p.hi if p.hi_open else value > p.hi
    if below or above:
        raise ParameterError(f"{p.name} = {value!r} is out of range: must be {p.range_text()}")
    return value


def _suggest(value: str, choices: tuple[str, ...]) -> str | None:
    """The choice ``value`` most likely meant: by case, by transposed letters, or by spelling."""
    for choice in choices:
        if value.lower() == choice.lower() or sorted(value) == sorted(choice):
            return choice
    close = difflib.get_close_matches(value, choices, n=1)
    return close[0] if close else None


def _mix_from_mapping(mix: Mapping[str, Any]) -> tuple[Any, ...]:
    unknown = set(mix) - set(ELITE_KINDS)
    if unknown:
        raise ParameterError(
            f"elite_mix has unknown elite kind(s) {sorted(unknown)}; kinds are {list(ELITE_KINDS)}"
        )
    return tuple(mix.get(k, 0.0) for k in ELITE_KINDS)


def _check_mix(p: Param, value: Any) -> tuple[float, float, float, float]:
    if isinstance(value, Mapping):
        value = _mix_from_mapping(value)
    if isinstance(value, str | bytes) or not hasattr(value, "__len__"):
        raise ParameterTypeError(f"elite_mix = {value!r} must be {p.range_text()}")
    if len(value) != len(ELITE_KINDS):
        raise ParameterError(
            f"elite_mix = {tuple(value)!r} has {len(value)} shares; must be {p.range_text()}"
        )
    shares = []
    for kind, share in zip(ELITE_KINDS, value, strict=True):
        if isinstance(share, bool) or not isinstance(share, numbers.Real):
            raise ParameterTypeError(f"elite_mix share {kind} = {share!r} is not a number")
        share = float(share)
        if not 0.0 <= share <= 1.0:
            raise ParameterError(f"elite_mix share {kind} = {share!r} is out of range [0, 1]")
        shares.append(share)
    total = math.fsum(shares)
    if abs(total - 1.0) > 1e-9:
        raise ParameterError(
            f"elite_mix = {tuple(shares)!r} sums to {total!r}; the four shares must sum to 1"
        )
    return tuple(shares)  # type: ignore[return-value]


def _check_cross(cfg: Config) -> None:
    n, k = cfg.n_jurisdictions, cfg.recognized_per_round
    if k > n:
        raise ParameterError(
            f"recognized_per_round = {k} is out of range: must be <= n_jurisdictions ({n})"
        )
    if cfg.burn_in >= cfg.n_rounds:
        raise ParameterError(
            f"burn_in = {cfg.burn_in} is out of range: must be < n_rounds ({cfg.n_rounds})"
        )
    _check_space(cfg)
    if cfg.balance_threshold >= cfg.imbalance_threshold:
        raise ParameterError(
            f"balance_threshold = {cfg.balance_threshold!r} is out of range: must be < "
            f"imbalance_threshold ({cfg.imbalance_threshold!r})"
        )


def _check_space(cfg: Config) -> None:
    n, topology = cfg.n_jurisdictions, cfg.topology
    if cfg.n_domains > MAX_DOMAINS:  # the action codes of tournament.registry have room for these
        raise ParameterError(
            f"n_domains = {cfg.n_domains} is out of range: must be <= {MAX_DOMAINS}")
    if cfg.n_regions > n:
        raise ParameterError(
            f"n_regions = {cfg.n_regions} is out of range: must be <= n_jurisdictions ({n})")
    if topology in ("ring", "small_world"):
        if cfg.degree >= n:
            raise ParameterError(
                f"degree = {cfg.degree} is out of range: must be < n_jurisdictions ({n}) for "
                f"topology = {topology!r}")
        if cfg.degree % 2:
            raise ParameterError(
                f"degree = {cfg.degree} is invalid: a ring links degree / 2 neighbours on each "
                f"side, so it must be even for topology = {topology!r}")
    if topology == "grid":
        grid_shape(n)
    if cfg.edges and topology != "custom":
        raise ParameterError(
            f"edges are given but topology = {topology!r}; set topology = 'custom' to use them")
    if topology == "custom":
        if not cfg.edges:
            raise ParameterError("topology = 'custom' needs edges: a networkx graph, a "
                                 "sequence of (a, b) pairs or the path of a CSV edge list")
        normalise_edges(cfg.edges, n)


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, float):
        if math.isinf(value):
            return "inf"
        return repr(value)
    return str(value)


MODEL_MECHANISMS: dict[str, dict[str, Any]] = {
    "reputation": {"model_memory": 0.0},
    "promotion": {"model_promotion": 0.0},
    "commitment": {"model_commitment": 0.0},
}
"""The version-2 mechanisms of the model (the designated typical experience), each with
the parameter values that switch it off: a memoryless reputation (the model is the best
recognised project of the round), no promotion of the model's domain by the higher level,
no loss of face for the owner who ends it. docs/calibration.md shows which fact each
produces (its ablation)."""
