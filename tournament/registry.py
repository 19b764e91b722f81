"""Every name the model gives a categorical value, and the integer code the kernels use.

One registry, read by the parameter table (the valid choices), both engines,
the result tables (categorical columns), the analysis functions and the
report. Kernels read the module-level integer constants as compile-time
constants; tables show the names. To add an entry (a noise family, an
allocation policy, an elite kind …) add its name to the tuple here, give it
a constant, and follow the checklist in ``docs/architecture.md``: the
registry-driven contract tests then cover it.
"""

from __future__ import annotations

__all__ = [
    "ACTIONS", "ROUTINE", "KEEP", "IMITATE", "INNOVATE0", "action_name", "action_kind",
    "ELITE_KINDS", "KINDS", "STRATEGIC", "PIONEER", "IMITATOR", "CONSERVATIVE",
    "NOISES", "NOISE_CODES", "NORMAL", "GUMBEL",
    "POLICIES", "POLICY_CODES", "FIXED", "TURNING_POINT",
    "ORIGINS", "INNOVATION", "IMITATION",
    "CAUSES", "ALIVE", "DROPPED", "REPLACED", "ABSORBED", "CRISIS",
    "DEATHS_BY_CHOICE", "REGISTRIES", "EULER_GAMMA",
]

# Actions (specification section 4), in the order that breaks argmax ties; an
# innovation in domain d has code INNOVATE0 + d. ACTIONS names the action kinds,
# as the panel table's `action` column shows them.
ACTIONS = ("routine", "keep", "imitate", "innovate")
ROUTINE, KEEP, IMITATE, INNOVATE0 = range(len(ACTIONS))


def action_kind(code: int) -> int:
    """The kind of an action code: its index in :data:`ACTIONS`."""
    return code if code < INNOVATE0 else INNOVATE0


def action_name(code: int) -> str:
    """Return ``"routine"``, ``"keep"``, ``"imitate"`` or ``"innovate(d)"``."""
    if code < INNOVATE0:
        return ACTIONS[code]
    return f"innovate({code - INNOVATE0})"


# Elite kinds (specification section 2), in the order of `elite_mix`.
ELITE_KINDS = ("strategic", "pioneer", "imitator", "conservative")
KINDS = ELITE_KINDS
STRATEGIC, PIONEER, IMITATOR, CONSERVATIVE = range(len(ELITE_KINDS))

# Families of the evaluation noise (parameter `noise`).
NOISES = ("normal", "gumbel")
NORMAL, GUMBEL = range(len(NOISES))
NOISE_CODES = {name: code for code, name in enumerate(NOISES)}

# Allocation policies of the governance layer (parameter `allocation_policy`).
POLICIES = ("fixed", "turning_point")
FIXED, TURNING_POINT = range(len(POLICIES))
POLICY_CODES = {name: code for code, name in enumerate(POLICIES)}

# Origins of a project (events table, `origin`).
ORIGINS = ("innovation", "imitation")
INNOVATION, IMITATION = range(len(ORIGINS))

# Causes of a project's end (events table, `cause`); ALIVE marks a project
# still active at the end of the run (censored).
CAUSES = ("censored", "dropped", "replaced", "absorbed", "crisis")
ALIVE, DROPPED, REPLACED, ABSORBED, CRISIS = range(len(CAUSES))
DEATHS_BY_CHOICE = (DROPPED, REPLACED)
"""Causes an elite chooses (the turnover statistic counts these)."""

REGISTRIES: dict[str, tuple[str, ...]] = {
    "actions": ACTIONS, "elite_kinds": ELITE_KINDS, "noises": NOISES, "policies": POLICIES,
    "origins": ORIGINS, "causes": CAUSES,
}
"""Every registry by name, for contract tests that must cover each entry."""

EULER_GAMMA = 0.5772156649015329
"""Mean of the standard Gumbel distribution (the Gumbel noise is centred with it)."""
