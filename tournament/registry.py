"""Integer codes for the model's categorical values: one registry, used by both engines.

Kernels take integers; tables show the names. Every name-to-code mapping of
the package is here.
"""

from __future__ import annotations

__all__ = [
    "ROUTINE", "KEEP", "IMITATE", "INNOVATE0", "action_name",
    "KINDS", "STRATEGIC", "PIONEER", "IMITATOR", "CONSERVATIVE",
    "NOISE_CODES", "NORMAL", "GUMBEL", "POLICY_CODES", "FIXED", "TURNING_POINT",
    "ORIGINS", "INNOVATION", "IMITATION",
    "CAUSES", "ALIVE", "DROPPED", "REPLACED", "ABSORBED", "CRISIS",
]

# Actions (docs/specification.md section 4), in the order that breaks argmax ties.
ROUTINE, KEEP, IMITATE, INNOVATE0 = 0, 1, 2, 3


def action_name(code: int) -> str:
    """Return ``"routine"``, ``"keep"``, ``"imitate"`` or ``"innovate(d)"``."""
    if code < INNOVATE0:
        return ("routine", "keep", "imitate")[code]
    return f"innovate({code - INNOVATE0})"


KINDS = ("strategic", "pioneer", "imitator", "conservative")
STRATEGIC, PIONEER, IMITATOR, CONSERVATIVE = 0, 1, 2, 3

NOISE_CODES = {"normal": 0, "gumbel": 1}
NORMAL, GUMBEL = 0, 1

POLICY_CODES = {"fixed": 0, "turning_point": 1}
FIXED, TURNING_POINT = 0, 1

ORIGINS = ("innovation", "imitation")
INNOVATION, IMITATION = 0, 1

# Causes of a project's end; ALIVE marks a project still active (censored).
CAUSES = ("censored", "dropped", "replaced", "absorbed", "crisis")
ALIVE, DROPPED, REPLACED, ABSORBED, CRISIS = 0, 1, 2, 3, 4

EULER_GAMMA = 0.5772156649015329
