"""Record layouts: the fields of every record the engines write, and their column indices.

Both engines write the same records; the driver allocates them, the
reference fills them as lists, and :mod:`.results` turns them into tables.
Every field name and index lives here once: the kernels import the index
constants (numba reads module-level integers as compile-time constants), the
reference indexes its rows with them, and the table builders iterate over
the name tuples. A new field is added to its tuple and gets its constant in
the unpacking beside it (the unpacking fails loudly if the two disagree).

Records
-------
round record (one per round)
    :data:`ROUND_INT_FIELDS` then :data:`ROUND_FLOAT_FIELDS`.
event record (one per project)
    :data:`EVENT_INT_FIELDS` then :data:`EVENT_FLOAT_FIELDS`.
panel record (one per round and jurisdiction)
    :data:`PANEL_FLOAT_FIELDS` then :data:`PANEL_INT_FIELDS`.
project statistics (one per replicate, computed while the replicate runs)
    :data:`PROJECT_STATS`.
summary (one row per replicate, the table :func:`tournament.simulate` returns)
    ``replicate``, then :data:`SUMMARY_COLUMNS` (the project statistics and
    the round statistics of :mod:`.summary`); :data:`HEADLINE` are the ones
    shown by default.
"""

from __future__ import annotations

__all__ = [
    "ROUND_INT_FIELDS", "ROUND_FLOAT_FIELDS", "N_ROUND_INT", "N_ROUND_FLOAT", "N_ROUND",
    "EVENT_INT_FIELDS", "EVENT_FLOAT_FIELDS", "N_EVENT_INT", "N_EVENT",
    "PANEL_FLOAT_FIELDS", "PANEL_INT_FIELDS", "N_PANEL_INT", "N_PANEL",
    "PROJECT_STATS", "N_PROJECT_STATS", "SUMMARY_COLUMNS", "HEADLINE",
]

# ----------------------------------------------------------------------------- rounds
ROUND_INT_FIELDS = (
    "active", "innovations", "imitations", "rejected", "died_dropped", "died_replaced",
    "died_absorbed", "died_crisis", "crises", "promotions", "exits", "model_domain",
    "model_owner", "top", "joint_launches", "learned",
)
(R_ACTIVE, R_INNOVATIONS, R_IMITATIONS, R_REJECTED, R_DIED_DROPPED, R_DIED_REPLACED,
 R_DIED_ABSORBED, R_DIED_CRISIS, R_CRISES, R_PROMOTIONS, R_EXITS, R_MODEL_DOMAIN,
 R_MODEL_OWNER, R_TOP, R_JOINT_LAUNCHES, R_LEARNED) = range(len(ROUND_INT_FIELDS))
ROUND_FLOAT_FIELDS = ("threshold", "gini", "discontent", "alpha", "capacity_total")
F_THRESHOLD, F_GINI, F_DISCONTENT, F_ALPHA, F_CAPACITY = range(len(ROUND_FLOAT_FIELDS))
N_ROUND_INT = len(ROUND_INT_FIELDS)
N_ROUND_FLOAT = len(ROUND_FLOAT_FIELDS)
N_ROUND = N_ROUND_INT + N_ROUND_FLOAT

# ----------------------------------------------------------------------------- events
EVENT_INT_FIELDS = (
    "jurisdiction", "domain", "origin", "launch_round", "end_round", "cause",
    "owner_left_round", "times_recognized", "first_recognized", "members", "joint",
)
(E_JURISDICTION, E_DOMAIN, E_ORIGIN, E_LAUNCH_ROUND, E_END_ROUND, E_CAUSE,
 E_OWNER_LEFT_ROUND, E_TIMES_RECOGNIZED, E_FIRST_RECOGNIZED, E_MEMBERS,
 E_JOINT) = range(len(EVENT_INT_FIELDS))
EVENT_FLOAT_FIELDS = ("quality",)
(E_QUALITY,) = range(len(EVENT_INT_FIELDS), len(EVENT_INT_FIELDS) + len(EVENT_FLOAT_FIELDS))
"""Index of quality in the reference's event rows (after the integer fields)."""
N_EVENT_INT = len(EVENT_INT_FIELDS)
N_EVENT = N_EVENT_INT + len(EVENT_FLOAT_FIELDS)

# ----------------------------------------------------------------------------- panel
PANEL_FLOAT_FIELDS = ("score",)
PANEL_INT_FIELDS = ("rank", "action", "domain", "recognized", "elite_changed")
P_RANK, P_ACTION, P_DOMAIN, P_RECOGNIZED, P_ELITE_CHANGED = range(len(PANEL_INT_FIELDS))
N_PANEL_INT = len(PANEL_INT_FIELDS)
N_PANEL = len(PANEL_FLOAT_FIELDS) + N_PANEL_INT

# ----------------------------------------------------------------------------- project statistics
PROJECT_STATS = (
    "lifetime_median", "lifetime_mean", "turnover_death_ratio", "restart_share",
    "restart_new_domain_share", "leader_to_follower_share", "recognition_gini", "projects",
    "survival_5", "ever_recognized_share", "elite_spell_median", "turnover_hazard_mh",
    "bandwagon_did", "leader_placebo_difference",
)
(S_LIFETIME_MEDIAN, S_LIFETIME_MEAN, S_TURNOVER_DEATH_RATIO, S_RESTART_SHARE,
 S_RESTART_NEW_DOMAIN_SHARE, S_LEADER_TO_FOLLOWER_SHARE, S_RECOGNITION_GINI,
 S_PROJECTS, S_SURVIVAL_5, S_EVER_RECOGNIZED_SHARE, S_ELITE_SPELL_MEDIAN,
 S_TURNOVER_HAZARD_MH, S_BANDWAGON_DID, S_LEADER_PLACEBO_DIFFERENCE) = range(len(PROJECT_STATS))
N_PROJECT_STATS = len(PROJECT_STATS)

# ----------------------------------------------------------------------------- summary
SUMMARY_COLUMNS = (
    "lifetime_median", "lifetime_mean", "turnover_death_ratio", "restart_share",
    "restart_new_domain_share", "leader_spell_mean", "model_era_mean",
    "leader_to_follower_share", "innovation_rate", "imitation_rate", "active_share",
    "cycle_period", "cycle_power", "gini_mean", "crises", "recognition_gini",
    "capacity_growth", "projects", "attempt_rate", "imitation_share", "survival_5",
    "ever_recognized_share", "elite_spell_median", "turnover_hazard_mh", "bandwagon_did",
    "leader_placebo_difference",
)
"""The summary table's statistics, in column order (after ``replicate``)."""
HEADLINE = (
    "lifetime_median", "turnover_death_ratio", "restart_share", "restart_new_domain_share",
    "leader_spell_mean", "model_era_mean", "leader_to_follower_share", "innovation_rate",
    "imitation_rate", "cycle_period",
)
"""The headline statistics: what ``describe`` and the reports show by default."""
assert set(PROJECT_STATS) <= set(SUMMARY_COLUMNS) and set(HEADLINE) <= set(SUMMARY_COLUMNS)
