"""Analytics of simulated histories: the statistics of MODEL.md section 7 and more."""

from .statistics import (
    SUMMARY_COLUMNS,
    cycle_stats,
    gini,
    km_median,
    leader_to_follower_share,
    lifetime_stats,
    mean_run_length,
    recognition_gini,
    restart_shares,
    round_statistics,
    turnover_death_ratio,
)

__all__ = [
    "SUMMARY_COLUMNS",
    "cycle_stats",
    "gini",
    "km_median",
    "leader_to_follower_share",
    "lifetime_stats",
    "mean_run_length",
    "recognition_gini",
    "restart_shares",
    "round_statistics",
    "turnover_death_ratio",
]
