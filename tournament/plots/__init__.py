"""Figures and reports: matplotlib drawings of runs, studies and experiments.

* :mod:`.figures` — cycle raster, survival curves, leadership timeline,
  launches, sweep heatmap, governance panel;
* :mod:`.figures_more` — turnover hazard, bandwagon profile, launch spectrum,
  the facts overview and population comparisons;
* :mod:`.facts` — one figure per stylized fact (version 2), beside its
  placebo and its falsifier (``tournament facts --figures``);
* :mod:`.report` — a one-page HTML report of a saved run or a study
  (``tournament report``) and the README figures (``tournament figures``).

Every figure function writes a PNG to ``path`` (returning the path) or,
without a path, returns the matplotlib figure. matplotlib (the ``plot``
extra) is imported only when a figure is drawn, and importing this package
loads none of its modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_attributes

__all__ = [
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
    "fact_figure",
    "facts_figures",
    "LoadedRun",
    "load_results",
    "write_report",
    "readme_figures",
    "README_FIGURES",
]

_LAZY = {
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
    "fact_figure": "tournament.plots.facts",
    "facts_figures": "tournament.plots.facts",
    "LoadedRun": "tournament.plots.report",
    "load_results": "tournament.plots.report",
    "write_report": "tournament.plots.report",
    "readme_figures": "tournament.plots.report",
    "README_FIGURES": "tournament.plots.report",
}

if TYPE_CHECKING:  # pragma: no cover
    from .facts import fact_figure, facts_figures
    from .figures import (
        cycle_raster,
        governance_panel,
        launches_plot,
        leadership_timeline,
        survival_plot,
        sweep_heatmap,
    )
    from .figures_more import bandwagon_plot, compare_plot, facts_plot, hazard_plot, spectrum_plot
    from .report import README_FIGURES, LoadedRun, load_results, readme_figures, write_report

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
