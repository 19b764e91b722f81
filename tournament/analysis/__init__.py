"""Analytics of simulated histories: the statistics of docs/specification.md section 7 and more.

Every statistic is a function over a run's ``events``, ``rounds`` and
``panel`` tables (:mod:`tournament.results`):

* :mod:`.statistics` — the summary statistics the engines report;
* :mod:`.survival` — Kaplan–Meier curves with Greenwood bands;
* :mod:`.hazard` — death hazard around elite turnover, elite tenure;
* :mod:`.leadership` — leadership spells, model eras, leader-to-follower transitions;
* :mod:`.spectrum` — periodograms of launches;
* :mod:`.bandwagon` — launches around the round a domain becomes the model;
* :mod:`.facts` — the stylized facts of docs/specification.md section 8 as checks;
* :mod:`.compare` — elite populations side by side;
* :mod:`.calibration` — the calibration search and the ablation table;
* :mod:`.inference` — intervals and tests across replicates;
* :mod:`.figures`, :mod:`.figures_more`, :mod:`.report` — figures and an HTML
  report (matplotlib is imported only when a figure is drawn);
* :mod:`.tables` — build the tables by hand.
"""

from .bandwagon import bandwagon_effect, bandwagon_profile, model_changes
from .compare import (
    COMPARE_COLUMNS,
    PRESETS,
    Comparison,
    compare_plot,
    compare_populations,
    format_comparison,
    population,
)
from .facts import check_facts, facts_markdown, format_facts
from .figures import (
    cycle_raster,
    governance_panel,
    launches_plot,
    leadership_timeline,
    survival_plot,
    sweep_heatmap,
)
from .figures_more import bandwagon_plot, facts_plot, hazard_plot, spectrum_plot
from .hazard import elite_tenure_mean, elite_tenures, hazard_ratio, turnover_hazard, wilson_interval
from .inference import (
    Interval,
    bootstrap_interval,
    contrast_interval,
    location_interval,
    mean_interval,
)
from .leadership import leader_transitions, leadership_spells, model_eras, runs
from .report import LoadedRun, load_results, readme_figures, write_report
from .spectrum import launch_spectrum, periodogram
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
from .survival import kaplan_meier, pooled_median, project_survival, survival_median
from .tables import events_frame, panel_frame, rounds_frame

__all__ = [
    # statistics.py (the engines' summary statistics)
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
    # survival, hazard, leadership, spectrum, bandwagon
    "kaplan_meier",
    "survival_median",
    "project_survival",
    "pooled_median",
    "turnover_hazard",
    "hazard_ratio",
    "elite_tenure_mean",
    "elite_tenures",
    "wilson_interval",
    "runs",
    "leadership_spells",
    "model_eras",
    "leader_transitions",
    "periodogram",
    "launch_spectrum",
    "model_changes",
    "bandwagon_profile",
    "bandwagon_effect",
    # inference, facts, comparisons
    "Interval",
    "mean_interval",
    "contrast_interval",
    "bootstrap_interval",
    "location_interval",
    "check_facts",
    "format_facts",
    "facts_markdown",
    "PRESETS",
    "COMPARE_COLUMNS",
    "Comparison",
    "population",
    "compare_populations",
    "format_comparison",
    # figures and reports
    "cycle_raster",
    "survival_plot",
    "leadership_timeline",
    "launches_plot",
    "sweep_heatmap",
    "governance_panel",
    "hazard_plot",
    "bandwagon_plot",
    "spectrum_plot",
    "facts_plot",
    "compare_plot",
    "LoadedRun",
    "load_results",
    "write_report",
    "readme_figures",
    # hand-built tables
    "events_frame",
    "rounds_frame",
    "panel_frame",
]
