"""The declarative parameter table of docs/specification.md section 11.

One row per public parameter: its group, type, default, valid range and a
one-line meaning. :mod:`tournament.config` validates against this table, the
TOML writer groups by it, and the documentation is generated from it, so a
parameter's rules live in exactly one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .graph import EDGES_TEXT
from .registry import (
    COOPERATION_MODES,
    ELITE_KINDS,
    EVALUATION_MODES,
    NOISES,
    POLICIES,
    TOPOLOGIES,
)

__all__ = ["Param", "PARAMS", "GROUPS", "ELITE_KINDS", "NOISES", "POLICIES"]

GROUPS = ("population", "elites", "projects", "evaluator", "environment", "governance", "space",
          "run")


@dataclass(frozen=True)
class Param:
    """One row of the parameter table.

    Attributes
    ----------
    name, group, kind : str
        Public name, modelling group, and type: ``"int"``, ``"float"``,
        ``"choice"``, ``"mix"`` (the four elite-kind shares) or ``"edges"`` (a
        graph: pairs of jurisdictions).
    default : Any
        Default value (the calibrated one, see ``docs/calibration.md``).
    lo, hi : float
        Bounds; ``lo_open``/``hi_open`` make them strict.
    allow_inf : bool
        Whether ``math.inf`` is valid (only ``rationality``).
    choices : tuple of str
        Valid values of a ``"choice"`` parameter.
    doc : str
        One line: what it means.
    """

    name: str
    group: str
    kind: str
    default: Any
    lo: float = -math.inf
    hi: float = math.inf
    lo_open: bool = False
    hi_open: bool = False
    allow_inf: bool = False
    choices: tuple[str, ...] = ()
    doc: str = ""

    def range_text(self) -> str:
        """Describe the valid range in words, e.g. ``"a float in [0, 1]"``."""
        if self.kind == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind == "mix":
            return "four shares in [0, 1] (" + ", ".join(ELITE_KINDS) + ") summing to 1"
        if self.kind == "edges":
            return EDGES_TEXT
        noun = "an integer" if self.kind == "int" else "a finite float"
        if self.allow_inf:
            noun = "a float (inf allowed)"
        lo_fin, hi_fin = math.isfinite(self.lo), math.isfinite(self.hi)
        if lo_fin and hi_fin:
            left = "(" if self.lo_open else "["
            right = ")" if self.hi_open else "]"
            return f"{noun} in {left}{_fmt(self.lo)}, {_fmt(self.hi)}{right}"
        if lo_fin:
            return f"{noun} {'>' if self.lo_open else '>='} {_fmt(self.lo)}"
        if hi_fin:
            return f"{noun} {'<' if self.hi_open else '<='} {_fmt(self.hi)}"
        return noun


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)


def _p(name, group, kind, default, doc, **kw) -> Param:
    return Param(name=name, group=group, kind=kind, default=default, doc=doc, **kw)


_NONNEG = {"lo": 0.0}
_UNIT = {"lo": 0.0, "hi": 1.0}
_POS = {"lo": 0.0, "lo_open": True}
_POS_UNIT = {"lo": 0.0, "hi": 1.0, "lo_open": True}
# Beta shapes: below 0.05 a Beta draw can underflow to a subnormal number, where numpy's
# and numba's samplers differ in the last bits (see docs/model.md, "Random numbers").
_SHAPE = {"lo": 0.05}
# Log-sds and redistribution exponents are capped where exp() and pow() would overflow.
_LOG_SD = {"lo": 0.0, "hi": 5.0}
_EXPONENT = {"lo": 0.0, "hi": 20.0}

_ROWS = [
    # population ------------------------------------------------------------
    _p("n_jurisdictions", "population", "int", 100, "number of jurisdictions N", lo=2),
    _p("n_domains", "population", "int", 8, "number of policy domains D", lo=1),
    _p("capacity_sigma", "population", "float", 0.3, "log-sd of initial capacity", **_LOG_SD),
    _p("fit_alpha", "population", "float", 2.0, "Beta alpha of domain fit", **_SHAPE),
    _p("fit_beta", "population", "float", 2.0, "Beta beta of domain fit", **_SHAPE),
    # elites ----------------------------------------------------------------
    _p("ability_sigma", "elites", "float", 0.25, "log-sd of elite ability", **_LOG_SD),
    _p("motive_alpha", "elites", "float", 2.0, "Beta alpha of the substance motive", **_SHAPE),
    _p("motive_beta", "elites", "float", 5.0, "Beta beta of the substance motive", **_SHAPE),
    _p("elite_mix", "elites", "mix", (0.55, 0.15, 0.2, 0.1),
       "shares of strategic, pioneer, imitator, conservative elites"),
    _p("kind_bias", "elites", "float", 0.3, "utility bonus of a kind's favoured action"),
    _p("rationality", "elites", "float", 20.0, "logit precision lambda (inf = argmax)",
       lo=0.0, allow_inf=True),
    _p("planning_horizon", "elites", "int", 3, "rounds an elite plans ahead H", lo=1),
    _p("promotion_value", "elites", "float", 3.0, "career value of a recognition", **_NONNEG),
    _p("promotion_prob", "elites", "float", 0.5, "chance a recognised elite is promoted",
       **_UNIT),
    _p("rotation_hazard", "elites", "float", 0.15, "chance an elite is rotated each round",
       **_UNIT),
    _p("max_tenure", "elites", "int", 10, "rounds after which an elite must leave", lo=1),
    _p("model_commitment", "elites", "float", 2.0,
       "face lost by the owner who ends the designated model's project", **_NONNEG),
    _p("ownership_discount", "elites", "float", 0.4,
       "value of keeping a predecessor's project", **_UNIT),
    # projects --------------------------------------------------------------
    _p("innovation_cost", "projects", "float", 1.5, "cost of launching an innovation",
       **_NONNEG),
    _p("imitation_cost", "projects", "float", 0.75, "cost of launching an imitation",
       **_NONNEG),
    _p("upkeep_cost", "projects", "float", 0.05, "cost of keeping a project one round",
       **_NONNEG),
    _p("imitation_novelty", "projects", "float", 0.5, "initial novelty of an imitation",
       **_UNIT),
    _p("transferability", "projects", "float", 0.7, "quality share an imitation keeps",
       **_UNIT),
    _p("quality_noise", "projects", "float", 0.3, "log-sd of realised quality", **_LOG_SD),
    _p("novelty_decay", "projects", "float", 0.15, "share of novelty lost each round",
       **_UNIT),
    _p("crowding", "projects", "float", 0.5, "visibility lost per rival in the domain",
       **_NONNEG),
    _p("build_rate", "projects", "float", 0.35, "share of remaining promise built each round",
       **_POS_UNIT),
    _p("state_capacity", "projects", "float", 1.0, "state capacity S scaling quality",
       **_POS_UNIT),
    _p("bureaucratic_autonomy", "projects", "float", 1.0, "approval chance B of a launch",
       **_POS_UNIT),
    # evaluator -------------------------------------------------------------
    _p("recognized_per_round", "evaluator", "int", 5, "jurisdictions recognised each round k",
       lo=1),
    _p("noise", "evaluator", "choice", "normal", "family of the evaluation noise",
       choices=NOISES),
    _p("noise_sigma", "evaluator", "float", 0.3, "scale of the evaluation noise", **_POS),
    _p("routine_weight", "evaluator", "float", 0.2, "weight of routine performance",
       **_NONNEG),
    _p("project_load", "evaluator", "float", 0.2, "routine share a project crowds out",
       **_UNIT),
    _p("visibility_weight", "evaluator", "float", 1.0, "weight of project visibility",
       **_NONNEG),
    _p("substance_weight", "evaluator", "float", 0.0, "weight of project substance",
       **_NONNEG),
    _p("packaging_gain", "evaluator", "float", 0.5, "visibility gain per unit of ability",
       **_NONNEG),
    _p("honor_pressure", "evaluator", "float", 0.2, "score penalty per unit of honour",
       **_NONNEG),
    _p("honor_decay", "evaluator", "float", 0.1, "share of honour lost each round", **_UNIT),
    _p("model_memory", "evaluator", "float", 0.95,
       "share of a project's reputation kept each round", lo=0.0, hi=1.0, hi_open=True),
    _p("model_promotion", "evaluator", "float", 1.5,
       "log-preference raise of the model's domain", **_NONNEG),
    # environment -----------------------------------------------------------
    _p("preference_volatility", "environment", "float", 0.15,
       "sd of the log-preference random walk", **_NONNEG),
    _p("priority_shift_prob", "environment", "float", 0.05,
       "chance of a new priority from above each round", **_UNIT),
    _p("priority_shift_size", "environment", "float", 2.0, "log-preference jump of a priority",
       **_NONNEG),
    _p("demand_volatility", "environment", "float", 0.05, "sd of the log-demand random walk",
       **_NONNEG),
    _p("malfunction_prob", "environment", "float", 0.02, "chance of a routine malfunction",
       **_UNIT),
    _p("malfunction_size", "environment", "float", 0.5, "size of a malfunction", **_UNIT),
    _p("absorption_threshold", "environment", "int", 60,
       "recognitions after which the centre absorbs a domain (0 = off)", lo=0),
    _p("absorption_rounds", "environment", "int", 20, "rounds a domain stays absorbed", lo=0),
    # governance ------------------------------------------------------------
    _p("transfer_share", "governance", "float", 0.0, "share of capacity redistributed G",
       **_UNIT),
    _p("value_return", "governance", "float", 0.0, "capacity growth per unit of substance",
       **_NONNEG),
    _p("allocation_policy", "governance", "choice", "fixed", "how alpha is set",
       choices=POLICIES),
    _p("concentration", "governance", "float", 0.0, "fixed redistribution exponent alpha",
       **_EXPONENT),
    _p("concentration_low", "governance", "float", 0.0, "alpha when imbalance is high",
       **_EXPONENT),
    _p("concentration_high", "governance", "float", 8.0, "alpha when balance is high",
       **_EXPONENT),
    _p("balance_threshold", "governance", "float", 0.1, "gini below which discontent grows",
       **_UNIT),
    _p("imbalance_threshold", "governance", "float", 0.4, "gini above which discontent grows",
       **_UNIT),
    # Negative: the turning point turns after the threshold (fact 7 contrasts both sides).
    _p("policy_margin", "governance", "float", 0.05,
       "how early the turning point turns (< 0: late)", lo=-0.5, hi=0.5, lo_open=True,
       hi_open=True),
    _p("discontent_decay", "governance", "float", 0.1, "share of discontent lost each round",
       **_UNIT),
    _p("carrying_capacity", "governance", "float", 0.05, "discontent that triggers a crisis",
       **_POS),
    # space (specification section 12; the defaults switch the layer off) ----
    _p("n_regions", "space", "int", 1, "regions (cities) the jurisdictions sit in", lo=1),
    _p("topology", "space", "choice", "complete", "neighbour graph (complete = no neighbours)",
       choices=TOPOLOGIES),
    _p("degree", "space", "int", 4, "neighbours on a ring or small world (even)", lo=2),
    _p("rewire_prob", "space", "float", 0.1, "share of a small world's ring edges rewired",
       **_UNIT),
    _p("edges", "space", "edges", (), "the user's graph: pairs of jurisdictions (custom)"),
    _p("learning_rate", "space", "float", 1.0,
       "what one example teaches: L(n) = 1 - (1 - rate) ** n", **_POS_UNIT),
    _p("cooperation", "space", "choice", "off", "whether elites may propose joint projects",
       choices=COOPERATION_MODES),
    _p("coordination_cost", "space", "float", 0.5, "extra launch cost of a joint project",
       **_NONNEG),
    _p("cooperation_gain", "space", "float", 0.25, "quality gain per extra member",
       **_NONNEG),
    _p("credit_sharing", "space", "float", 1.0, "visibility divided by members ** this",
       **_UNIT),
    _p("evaluation_mode", "space", "choice", "individual",
       "individual scores, or a regional term added", choices=EVALUATION_MODES),
    _p("regional_weight", "space", "float", 0.5, "weight of the region's mean visibility",
       **_NONNEG),
    # run -------------------------------------------------------------------
    _p("n_rounds", "run", "int", 200, "rounds T of one replicate", lo=1),
    _p("burn_in", "run", "int", 20, "rounds the statistics ignore", lo=0),
]

PARAMS: dict[str, Param] = {p.name: p for p in _ROWS}
