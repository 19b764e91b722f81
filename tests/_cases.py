"""Named configurations that exercise every switch of the model (shared by several tests)."""

import math

from tournament import DECLINE_MECHANISMS, Config

SMALL = {"n_jurisdictions": 24, "n_rounds": 60, "burn_in": 10}
GOVERNANCE = {"transfer_share": 0.2, "value_return": 0.05, "concentration": 2.0}
ALL_OFF = {k: v for changes in DECLINE_MECHANISMS.values() for k, v in changes.items()}

CASES = {
    "defaults": {},
    "n2": {**SMALL, "n_jurisdictions": 2, "recognized_per_round": 1},
    "d1": {**SMALL, "n_domains": 1},
    "k_equals_n": {**SMALL, "n_jurisdictions": 10, "recognized_per_round": 10},
    "rationality0": {**SMALL, "rationality": 0.0},
    "argmax": {**SMALL, "rationality": math.inf},
    "gumbel": {**SMALL, "noise": "gumbel", "noise_sigma": 0.5},
    "governance_fixed": {**SMALL, **GOVERNANCE},
    "governance_turning": {**SMALL, **GOVERNANCE, "allocation_policy": "turning_point"},
    "governance_crises": {**SMALL, "transfer_share": 0.5, "value_return": 0.1,
                          "concentration": 6.0, "carrying_capacity": 0.15},
    "absorption": {**SMALL, "absorption_threshold": 4, "absorption_rounds": 6},
    "novelty_off": {**SMALL, **DECLINE_MECHANISMS["novelty"]},
    "turnover_off": {**SMALL, **DECLINE_MECHANISMS["turnover"]},
    "preferences_off": {**SMALL, **DECLINE_MECHANISMS["preferences"]},
    "absorption_off": {**SMALL, "absorption_threshold": 0},
    "all_off": {**SMALL, **ALL_OFF},
    "lock_in": {**SMALL, "state_capacity": 0.3, "bureaucratic_autonomy": 0.3},
    "substance": {**SMALL, "substance_weight": 0.5, "visibility_weight": 0.5},
    "imitators": {**SMALL, "elite_mix": (0.0, 0.0, 1.0, 0.0), "kind_bias": 2.0},
    "horizon1_burn0": {**SMALL, "planning_horizon": 1, "burn_in": 0},
    "one_round": {"n_jurisdictions": 8, "n_rounds": 1, "burn_in": 0},
    "memoryless_model": {**SMALL, "model_memory": 0.0, "model_promotion": 0.0},
    "long_memory_model": {**SMALL, "model_memory": 0.95, "model_promotion": 2.0},
    "committed_owner": {**SMALL, "model_commitment": 1.0, "bureaucratic_autonomy": 0.7},
    "absorption_zero_rounds": {**SMALL, "absorption_threshold": 4, "absorption_rounds": 0},
    "approval_only": {**SMALL, "bureaucratic_autonomy": 0.5, "imitation_cost": 0.0},
    "late_turning": {**SMALL, **GOVERNANCE, "allocation_policy": "turning_point",
                     "policy_margin": -0.1},
    # (imitation cheap, so that elites learn from neighbours within a short run)
    "ring_learning": {**SMALL, "topology": "ring", "degree": 4, "learning_rate": 0.5,
                      "imitation_cost": 0.3},
    "small_world": {**SMALL, "topology": "small_world", "rewire_prob": 0.3,
                    "imitation_cost": 0.3},
    "grid": {**SMALL, "n_jurisdictions": 25, "topology": "grid", "imitation_cost": 0.3},
    "regions_graph": {**SMALL, "topology": "regions", "n_regions": 3, "imitation_cost": 0.3},
    "custom_graph": {**SMALL, "topology": "custom", "imitation_cost": 0.3,
                     "edges": tuple((i, (7 * i + 3) % 24) for i in range(24)
                                    if (7 * i + 3) % 24 != i)},
    "cooperation": {**SMALL, "cooperation": "on", "n_regions": 4, "coordination_cost": 0.0,
                    "credit_sharing": 0.5},
    "regional_evaluation": {**SMALL, "evaluation_mode": "regional", "n_regions": 3},
    "space_all_on": {**SMALL, "cooperation": "on", "n_regions": 2, "coordination_cost": 0.0,
                     "evaluation_mode": "regional", "topology": "ring", "learning_rate": 0.3,
                     "credit_sharing": 0.0},
    "no_noise_terms": {**SMALL, "quality_noise": 0.0, "capacity_sigma": 0.0,
                       "ability_sigma": 0.0, "malfunction_prob": 1.0},
}


def case_config(name: str) -> Config:
    return Config(**CASES[name])
