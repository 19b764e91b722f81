"""What every facts check shares: the falsifier record and the columns of the facts table.

Both :mod:`.facts` (section 8) and :mod:`.space_facts` (section 12) build
their tables from these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Falsifier", "TABLE_COLUMNS"]


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
