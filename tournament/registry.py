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
    "ACTIONS", "ROUTINE", "KEEP", "IMITATE", "INNOVATE0", "LEARN0", "COOPERATE0",
    "action_name", "action_kind", "action_domain",
    "ELITE_KINDS", "KINDS", "STRATEGIC", "PIONEER", "IMITATOR", "CONSERVATIVE",
    "NOISES", "NOISE_CODES", "NORMAL", "GUMBEL",
    "POLICIES", "POLICY_CODES", "FIXED", "TURNING_POINT",
    "TOPOLOGIES", "TOPOLOGY_CODES", "COMPLETE", "RING", "GRID", "SMALL_WORLD", "REGIONS", "CUSTOM",
    "COOPERATION_MODES", "COOPERATION_CODES", "EVALUATION_MODES", "EVALUATION_CODES",
    "INDIVIDUAL", "REGIONAL",
    "ORIGINS", "INNOVATION", "IMITATION",
    "CAUSES", "ALIVE", "DROPPED", "REPLACED", "ABSORBED", "CRISIS",
    "DEATHS_BY_CHOICE", "REGISTRIES", "EULER_GAMMA",
]

# Actions (specification sections 4 and 12). ACTIONS names the action kinds, as the
# panel table's `action` column shows them. Codes: routine, keep, imitate (the national
# model) are 0, 1, 2; innovate(d) is INNOVATE0 + d; learn(d) (imitate a neighbour's
# experience, section 12) is LEARN0 + d; cooperate(d) is COOPERATE0 + d. Argmax ties
# go to the first action in the order routine, keep, imitate, learn(d) by d,
# innovate(d) by d, cooperate(d) by d (the order in which the engines list them).
ACTIONS = ("routine", "keep", "imitate", "innovate", "learn", "cooperate")
ROUTINE, KEEP, IMITATE, INNOVATE0 = range(4)
LEARN0 = 1 << 20
COOPERATE0 = 2 << 20
MAX_DOMAINS = LEARN0 - INNOVATE0
"""Most domains the action codes have room for."""


def action_kind(code: int) -> int:
    """The kind of an action code: its index in :data:`ACTIONS`."""
    if code < INNOVATE0:
        return code
    if code < LEARN0:
        return 3
    return 4 if code < COOPERATE0 else 5


def action_domain(code: int) -> int:
    """The domain of ``innovate(d)``, ``learn(d)`` or ``cooperate(d)``; -1 for the others."""
    if code < INNOVATE0:
        return -1
    if code < LEARN0:
        return code - INNOVATE0
    return code - LEARN0 if code < COOPERATE0 else code - COOPERATE0


def action_name(code: int) -> str:
    """Return the action's name: ``"routine"``, ``"innovate(2)"``, ``"cooperate(0)"`` and so on."""
    if code < INNOVATE0:
        return ACTIONS[code]
    return f"{ACTIONS[action_kind(code)]}({action_domain(code)})"


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

# Neighbour graphs of the spatial layer (parameter `topology`, specification section 12).
TOPOLOGIES = ("complete", "ring", "grid", "small_world", "regions", "custom")
COMPLETE, RING, GRID, SMALL_WORLD, REGIONS, CUSTOM = range(len(TOPOLOGIES))
TOPOLOGY_CODES = {name: code for code, name in enumerate(TOPOLOGIES)}

# Cooperation (parameter `cooperation`) and evaluation modes (parameter `evaluation_mode`).
COOPERATION_MODES = ("off", "on")
COOPERATION_CODES = {name: code for code, name in enumerate(COOPERATION_MODES)}
EVALUATION_MODES = ("individual", "regional")
INDIVIDUAL, REGIONAL = range(len(EVALUATION_MODES))
EVALUATION_CODES = {name: code for code, name in enumerate(EVALUATION_MODES)}

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
    "origins": ORIGINS, "causes": CAUSES, "topologies": TOPOLOGIES,
    "cooperation_modes": COOPERATION_MODES, "evaluation_modes": EVALUATION_MODES,
}
"""Every registry by name, for contract tests that must cover each entry."""

EULER_GAMMA = 0.5772156649015329
"""Mean of the standard Gumbel distribution (the Gumbel noise is centred with it)."""
