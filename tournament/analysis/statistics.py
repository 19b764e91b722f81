"""The statistics of docs/specification.md section 7, as functions over a run's tables.

Project statistics take one replicate's ``events`` (and ``rounds``, ``panel``)
tables; round statistics take the round series of many replicates at once.
Every statistic ignores the first ``burn_in`` rounds. They are the engine's
own summary functions (:mod:`tournament.engine.summary`, re-exported here):
the reference path computes its project statistics with them, and the
compiled engine streams the same statistics with the same rules
(:mod:`tournament.engine.rules`); the test suite checks that both agree.
The definitions are in the docstring of :mod:`tournament.engine.summary`.
"""

from __future__ import annotations

from ..engine.rules import RUN, WINDOW
from ..engine.summary import (
    PROJECT_COLUMNS,
    SUMMARY_COLUMNS,
    at_risk_rounds,
    bandwagon_difference,
    coded_events,
    cycle_stats,
    elite_spell_km_median,
    elite_spells,
    gini,
    km_median,
    leader_placebo_difference,
    leader_to_follower_share,
    lifetime_stats,
    lifetimes,
    mean_run_length,
    recognition_gini,
    recognized_share,
    restart_shares,
    round_statistics,
    survival_at_age,
    turnover_age_counts,
    turnover_death_ratio,
    turnover_mh_ratio,
)

__all__ = [
    "SUMMARY_COLUMNS",
    "PROJECT_COLUMNS",
    "WINDOW",
    "RUN",
    "km_median",
    "lifetimes",
    "lifetime_stats",
    "turnover_death_ratio",
    "restart_shares",
    "leader_to_follower_share",
    "recognition_gini",
    "survival_at_age",
    "recognized_share",
    "elite_spells",
    "elite_spell_km_median",
    "turnover_age_counts",
    "turnover_mh_ratio",
    "bandwagon_difference",
    "leader_placebo_difference",
    "gini",
    "round_statistics",
    "cycle_stats",
    "mean_run_length",
    "coded_events",
    "at_risk_rounds",
]
