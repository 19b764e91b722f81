"""What every facts check shares: the falsifier record and the columns of the facts table.

Both :mod:`.facts` (section 8) and :mod:`.space_facts` (section 12) build
their tables from these.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .._errors import ParameterError
from ..analysis.inference import Interval

__all__ = ["Falsifier", "TABLE_COLUMNS", "Check", "Side", "holds", "table_row",
           "check_run_args"]


@dataclass(frozen=True)
class Falsifier:
    """A configuration under which a fact must fail.

    Attributes
    ----------
    label : str
        Short name, as printed.
    changes : dict
        Parameter changes applied on top of every configuration the fact runs.
    mechanism : str
        What it switches off, and why the fact must then fail.
    """

    label: str
    changes: dict[str, Any]
    mechanism: str


TABLE_COLUMNS = ["fact", "claim", "statistic", "threshold", "estimate", "ci_low", "ci_high", "n",
                 "method", "holds", "required", "compared", "falsifier", "f_estimate", "f_low",
                 "f_high", "f_n", "f_holds", "f_compared", "note"]
"""Columns of the facts table (one row per check); ``f_*`` are the falsifier's results."""


@dataclass(frozen=True)
class Check:
    """One check of a fact: its statistic, comparison, threshold and interval."""

    statistic: str
    op: str
    threshold: float
    interval: Interval
    compared: str = ""
    note: str = ""
    required: bool = True


@dataclass
class Side:
    """The checks of one fact on one configuration (base or falsifier), and its figure data."""

    checks: list[Check]
    data: dict[str, Any] = field(default_factory=dict)


def holds(op: str, threshold: float, iv: Interval) -> bool:
    """Whether the whole interval ``iv`` clears ``threshold`` in the direction ``op``."""
    if math.isnan(iv.estimate) or not op:
        return False
    if op == ">":
        return bool(iv.low > threshold)
    if op == ">=":
        return bool(iv.low >= threshold)
    if op == "<":
        return bool(iv.high < threshold)
    if op == "<=":
        return bool(iv.high <= threshold)
    raise ParameterError(f"unknown comparison {op!r}")


def table_row(fact: int, claim: str, on: Check, off: Check | None,
              falsifier: str) -> dict[str, Any]:
    """One row of the facts table (:data:`TABLE_COLUMNS`): a check and its falsifier's result."""
    threshold = f"{on.op} {on.threshold:g}" if on.op else "reported"
    f_iv = off.interval if off is not None else None
    return {
        "fact": fact, "claim": claim, "statistic": on.statistic, "threshold": threshold,
        "estimate": on.interval.estimate, "ci_low": on.interval.low,
        "ci_high": on.interval.high, "n": on.interval.n, "method": on.interval.method,
        "holds": holds(on.op, on.threshold, on.interval), "required": on.required,
        "compared": on.compared, "falsifier": falsifier,
        "f_estimate": f_iv.estimate if f_iv else math.nan,
        "f_low": f_iv.low if f_iv else math.nan, "f_high": f_iv.high if f_iv else math.nan,
        "f_n": f_iv.n if f_iv else 0,
        "f_holds": holds(off.op, off.threshold, f_iv) if off is not None else False,
        "f_compared": off.compared if off is not None else "", "note": on.note,
    }


def check_run_args(config: Any, default: Any, replicates: int, seed: int, facts: Iterable[int],
                   level: float, known: Iterable[int], choices: str) -> tuple[Any, list[int]]:
    """Validate the arguments every facts runner takes; return the configuration and facts.

    ``default`` replaces a ``None`` configuration; ``known`` are the fact
    numbers the runner has, ``choices`` says them in an error message.
    """
    from ..config import Config
    from ..engine.seeding import check_seed

    cfg = default if config is None else config
    if not isinstance(cfg, Config):
        raise ParameterError(f"config must be a tournament.Config, got {type(cfg).__name__}")
    if isinstance(replicates, bool) or not isinstance(replicates, int) or replicates < 2:
        raise ParameterError(f"replicates = {replicates!r} is out of range: must be an "
                             "integer >= 2 (the facts ask for 100)")
    check_seed(seed)
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        raise ParameterError(f"level = {level!r} is out of range: must be in (0, 1)")
    try:
        wanted = sorted({int(f) for f in facts})
    except (TypeError, ValueError):
        raise ParameterError(f"facts = {facts!r} is invalid: choose among {choices}") from None
    bad = [f for f in wanted if f not in set(known)]
    if bad or not wanted:
        raise ParameterError(f"facts = {bad or wanted!r} is invalid: choose among {choices}")
    return cfg, wanted
