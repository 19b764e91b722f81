"""Analytics of simulated histories: pure functions over a run's tables.

Every function here takes a run's ``events``, ``rounds`` and ``panel``
tables (:mod:`tournament.engine.results`) or numbers derived from them, and
runs no simulation:

* :mod:`.statistics` — the summary statistics the engines report (the
  engine's own :mod:`tournament.engine.summary`, re-exported);
* :mod:`.survival` — Kaplan–Meier curves with Greenwood bands;
* :mod:`.hazard` — death hazard around elite turnover, elite tenure;
* :mod:`.leadership` — leadership spells, model eras, leader-to-follower transitions;
* :mod:`.spectrum` — periodograms of launches;
* :mod:`.bandwagon` — launches around the round a domain becomes the model;
* :mod:`.launches` — launch attempts, imitation, recognition, restarts by cause;
* :mod:`.inference` — intervals and tests across replicates;
* :mod:`.space` — the spatial layer (specification section 12): neighbour
  exposure and the event-history logit of fact 10, diffusion curves, joint
  projects (fact 11), regions;
* :mod:`.tables` — build the tables by hand.

The version-2 statistics of docs/specification.md section 7 (planned facts
of section 8) are table functions here, not yet summary columns:
``attempt_rate``, ``imitation_share``, ``ever_recognized_share``,
``restart_shares_by_cause``, ``restart_placebo`` (:mod:`.launches`);
``survival_at``, ``project_lifetime_median``, ``elite_spell_median``
(:mod:`.survival`, censoring at the last round seen); ``turnover_hazard_mh``
(:mod:`.hazard`); ``bandwagon_did``, ``imitation_wave`` (:mod:`.bandwagon`);
``leader_follower_contrast`` (:mod:`.leadership`); ``cycle_test``
(:mod:`.spectrum`). The facts of version 2 compare them across
configurations run with common random numbers, pair by pair
(``paired_difference``, ``paired_ratio``, ``median_interval`` in
:mod:`.inference`), and lifetimes as restricted means (``project_rmst``).

Experiments that run simulations (the stylized facts, population
comparisons, the calibration) are in :mod:`tournament.experiments`, figures
and reports in :mod:`tournament.plots`. Their names are still exported here,
and ``tournament.analysis.facts``, ``.compare``, ``.calibration``,
``.figures``, ``.figures_more`` and ``.report`` still import, as aliases of
the modules' new homes: both load on first use, so importing this package
imports neither matplotlib nor the experiments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_attributes
from .bandwagon import (
    ImitationWave,
    bandwagon_did,
    bandwagon_effect,
    bandwagon_profile,
    designation_profile,
    designations,
    imitation_profiles,
    imitation_wave,
    model_changes,
    wave_shape,
)
from .hazard import (
    elite_tenure_mean,
    elite_tenures,
    hazard_ratio,
    turnover_age_table,
    turnover_hazard,
    turnover_hazard_mh,
    wilson_interval,
)
from .inference import (
    Interval,
    bootstrap_interval,
    contrast_interval,
    location_interval,
    mean_interval,
    median_interval,
    paired_difference,
    paired_ratio,
)
from .launches import (
    attempt_rate,
    ever_recognized_share,
    imitation_share,
    restart_placebo,
    restart_shares_by_cause,
)
from .leadership import (
    leader_follower_contrast,
    leader_transitions,
    leadership_spells,
    model_eras,
    owner_transitions,
    runs,
)
from .space import (
    NeighbourEffect,
    diffusion_curves,
    joint_lifetimes,
    joint_share,
    neighbour_contrast,
    neighbour_effect,
    neighbour_exposure,
    region_statistics,
)
from .spectrum import cycle_test, fisher_g_pvalue, launch_spectrum, periodogram
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
from .survival import (
    elite_spell_median,
    kaplan_meier,
    km_rmst,
    km_survival_at,
    pooled_median,
    project_lifetime_median,
    project_lifetimes,
    project_rmst,
    project_survival,
    survival_at,
    survival_median,
)
from .tables import events_frame, panel_frame, rounds_frame

_MOVED = {
    "check_facts": "tournament.experiments.facts",
    "format_facts": "tournament.experiments.facts",
    "facts_markdown": "tournament.experiments.facts",
    "PRESETS": "tournament.experiments.compare",
    "COMPARE_COLUMNS": "tournament.experiments.compare",
    "Comparison": "tournament.experiments.compare",
    "population": "tournament.experiments.compare",
    "compare_populations": "tournament.experiments.compare",
    "format_comparison": "tournament.experiments.compare",
    "cycle_raster": "tournament.plots.figures",
    "survival_plot": "tournament.plots.figures",
    "leadership_timeline": "tournament.plots.figures",
    "launches_plot": "tournament.plots.figures",
    "sweep_heatmap": "tournament.plots.figures",
    "governance_panel": "tournament.plots.figures",
    "hazard_plot": "tournament.plots.figures_more",
    "bandwagon_plot": "tournament.plots.figures_more",
    "spectrum_plot": "tournament.plots.figures_more",
    "facts_plot": "tournament.plots.figures_more",
    "compare_plot": "tournament.plots.figures_more",
    "LoadedRun": "tournament.plots.report",
    "load_results": "tournament.plots.report",
    "write_report": "tournament.plots.report",
    "readme_figures": "tournament.plots.report",
}
"""Names that moved to :mod:`tournament.experiments` and :mod:`tournament.plots`."""
_MOVED_MODULES = {
    "facts": "tournament.experiments.facts",
    "compare": "tournament.experiments.compare",
    "calibration": "tournament.experiments.calibration",
    "figures": "tournament.plots.figures",
    "figures_more": "tournament.plots.figures_more",
    "report": "tournament.plots.report",
}

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
    # version-2 statistics (docs/specification.md section 7, planned)
    "attempt_rate",
    "imitation_share",
    "ever_recognized_share",
    "restart_shares_by_cause",
    "restart_placebo",
    "project_lifetimes",
    "km_survival_at",
    "km_rmst",
    "project_rmst",
    "survival_at",
    "project_lifetime_median",
    "elite_spell_median",
    "turnover_age_table",
    "turnover_hazard_mh",
    "designations",
    "designation_profile",
    "bandwagon_did",
    "ImitationWave",
    "imitation_profiles",
    "wave_shape",
    "imitation_wave",
    "owner_transitions",
    "leader_follower_contrast",
    "fisher_g_pvalue",
    "cycle_test",
    # the spatial layer (docs/specification.md section 12)
    "neighbour_exposure",
    "neighbour_effect",
    "neighbour_contrast",
    "NeighbourEffect",
    "diffusion_curves",
    "joint_share",
    "joint_lifetimes",
    "region_statistics",
    # inference
    "Interval",
    "mean_interval",
    "contrast_interval",
    "bootstrap_interval",
    "location_interval",
    "paired_difference",
    "paired_ratio",
    "median_interval",
    # hand-built tables
    "events_frame",
    "rounds_frame",
    "panel_frame",
    # moved to tournament.experiments and tournament.plots, exported here as before
    "check_facts",
    "format_facts",
    "facts_markdown",
    "PRESETS",
    "COMPARE_COLUMNS",
    "Comparison",
    "population",
    "compare_populations",
    "format_comparison",
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
]

if TYPE_CHECKING:  # pragma: no cover
    from ..experiments.compare import (
        COMPARE_COLUMNS,
        PRESETS,
        Comparison,
        compare_populations,
        format_comparison,
        population,
    )
    from ..experiments.facts import check_facts, facts_markdown, format_facts
    from ..plots.figures import (
        cycle_raster,
        governance_panel,
        launches_plot,
        leadership_timeline,
        survival_plot,
        sweep_heatmap,
    )
    from ..plots.figures_more import (
        bandwagon_plot,
        compare_plot,
        facts_plot,
        hazard_plot,
        spectrum_plot,
    )
    from ..plots.report import LoadedRun, load_results, readme_figures, write_report

__getattr__, __dir__ = lazy_attributes(__name__, _MOVED, modules=_MOVED_MODULES)
