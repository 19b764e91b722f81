"""Argument checks shared by the analysis functions (every failure is a ParameterError)."""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import pandas as pd

from .._errors import ParameterError

__all__ = ["check_frame", "check_int", "check_level"]


def check_frame(frame: object, name: str, columns: Iterable[str]) -> pd.DataFrame:
    """``frame`` must be a DataFrame holding ``columns``; the error names the argument."""
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"{name} must be a pandas DataFrame (the run's {name} table), "
                             f"got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError(f"{name} lacks the column(s) {missing}: pass the {name} table of "
                             "a run (tournament.simulate(..., record=...)) or one built with "
                             "tournament.analysis.tables")
    return frame


def check_int(name: str, value: object, minimum: int) -> int:
    """``value`` must be an integer (not a bool) ``>= minimum``; return it as an int."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ParameterError(f"{name} = {value!r} is out of range: must be an integer "
                             f">= {minimum}")
    return int(value)


def check_level(level: object) -> float:
    """A confidence level strictly between 0 and 1."""
    if (isinstance(level, bool) or not isinstance(level, numbers.Real)
            or not 0.0 < float(level) < 1.0):
        raise ParameterError(f"level = {level!r} is out of range: must be in (0, 1)")
    return float(level)
