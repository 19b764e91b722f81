"""Result objects shared by the equilibrium solvers.

Results are frozen dataclasses that print like scipy's ``OptimizeResult``:
one ``name: value`` line per field, arrays rounded, so a result can be
inspected at a prompt and pasted into an issue.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["ResultMixin", "EquilibriumSet"]


def _fmt(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=6, suppress_small=True, threshold=20)
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, tuple) and value and all(isinstance(v, np.ndarray) for v in value):
        return "(" + ", ".join(_fmt(v) for v in value) + ")"
    if isinstance(value, list) and len(value) > 6:
        return f"[{len(value)} items]"
    if isinstance(value, list):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    if dataclasses.is_dataclass(value) and not isinstance(value, ResultMixin):
        return type(value).__name__ + "(...)"
    return repr(value)


class ResultMixin:
    """Give a dataclass a multi-line ``name: value`` representation."""

    def __repr__(self) -> str:
        """Return one aligned ``name: value`` line per field."""
        names = [f.name for f in dataclasses.fields(self) if f.repr]  # type: ignore[arg-type]
        width = max(len(n) for n in names)
        lines = [f"{type(self).__name__}("]
        for n in names:
            text = _fmt(getattr(self, n)).replace("\n", "\n" + " " * (width + 4))
            lines.append(f"  {n.rjust(width)}: {text}")
        return "\n".join(lines) + "\n)"


@dataclass(frozen=True, repr=False)
class EquilibriumSet(ResultMixin):
    """Equilibria of a normal-form game found by one method.

    Attributes
    ----------
    equilibria : list of tuple of numpy.ndarray
        Each equilibrium as a mixed profile: one probability vector per player.
    success : bool
        ``True`` when the list is complete for the method's guarantee (for
        support enumeration: the game is nondegenerate, so every equilibrium
        is listed).
    message : str
        What was found, and why ``success`` is ``False`` if it is.
    method : str
        The algorithm used.
    degenerate : bool
        Whether the game was found degenerate (support enumeration only).
    max_regret : float
        Largest regret of a returned equilibrium (0 when none).
    pure_profiles : list of tuple of int
        For pure equilibria: the action indices of each equilibrium.
    n_checked : int
        Number of candidate profiles or support pairs examined.
    """

    equilibria: list[tuple[np.ndarray, ...]]
    success: bool
    message: str
    method: str
    degenerate: bool = False
    max_regret: float = 0.0
    pure_profiles: list[tuple[int, ...]] = field(default_factory=list)
    n_checked: int = 0

    def __len__(self) -> int:
        """Return the number of equilibria found."""
        return len(self.equilibria)

    def __iter__(self):
        """Iterate over the equilibria (mixed profiles)."""
        return iter(self.equilibria)

    def __getitem__(self, i: int) -> tuple[np.ndarray, ...]:
        """Return the ``i``-th equilibrium."""
        return self.equilibria[i]
