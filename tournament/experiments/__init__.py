"""Experiments: analyses that run simulations (docs/specification.md section 8).

* :mod:`.facts` — the stylized facts of version 2 as contrasts with
  placebos and falsifiers (:func:`run_facts`, :func:`check_facts`,
  ``tournament facts``);
* :mod:`.compare` — elite populations side by side (:func:`compare_populations`,
  ``tournament compare``);
* :mod:`.calibration` — the calibration search behind the defaults and the
  ablation table (``python -m tournament.experiments.calibration``).

They build on :mod:`tournament.engine` (to simulate) and
:mod:`tournament.analysis` (to measure); figures of their results are in
:mod:`tournament.plots`. Importing this package loads none of its modules:
each loads on first use of one of its names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_attributes

__all__ = [
    "run_facts",
    "check_facts",
    "FactsReport",
    "fact_summary",
    "format_facts",
    "facts_markdown",
    "alpha_grid",
    "FACTS",
    "CLAIMED",
    "FALSIFIERS",
    "GOVERNANCE",
    "PRESETS",
    "COMPARE_COLUMNS",
    "UNITS",
    "Comparison",
    "population",
    "compare_populations",
    "format_comparison",
    "margins",
    "scan",
    "governance_margins",
    "ablation_table",
]

_LAZY = {
    "run_facts": "tournament.experiments.facts",
    "check_facts": "tournament.experiments.facts",
    "FactsReport": "tournament.experiments.facts",
    "fact_summary": "tournament.experiments.facts",
    "format_facts": "tournament.experiments.facts",
    "facts_markdown": "tournament.experiments.facts",
    "alpha_grid": "tournament.experiments.facts",
    "FACTS": "tournament.experiments.facts",
    "CLAIMED": "tournament.experiments.facts",
    "FALSIFIERS": "tournament.experiments.facts",
    "GOVERNANCE": "tournament.experiments.facts",
    "PRESETS": "tournament.experiments.compare",
    "COMPARE_COLUMNS": "tournament.experiments.compare",
    "UNITS": "tournament.experiments.compare",
    "Comparison": "tournament.experiments.compare",
    "population": "tournament.experiments.compare",
    "compare_populations": "tournament.experiments.compare",
    "format_comparison": "tournament.experiments.compare",
    "margins": "tournament.experiments.calibration",
    "scan": "tournament.experiments.calibration",
    "governance_margins": "tournament.experiments.calibration",
    "ablation_table": "tournament.experiments.calibration",
}

if TYPE_CHECKING:  # pragma: no cover
    from .calibration import ablation_table, governance_margins, margins, scan
    from .compare import (
        COMPARE_COLUMNS,
        PRESETS,
        UNITS,
        Comparison,
        compare_populations,
        format_comparison,
        population,
    )
    from .facts import (
        CLAIMED,
        FACTS,
        FALSIFIERS,
        GOVERNANCE,
        FactsReport,
        alpha_grid,
        check_facts,
        fact_summary,
        facts_markdown,
        format_facts,
        run_facts,
    )

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
