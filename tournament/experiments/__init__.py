"""Experiments: analyses that run simulations (docs/specification.md section 8).

* :mod:`.facts` — the eight stylized facts as statistical checks
  (:func:`check_facts`, ``tournament facts``);
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
    "check_facts",
    "format_facts",
    "facts_markdown",
    "alpha_grid",
    "FACTS",
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
    "check_facts": "tournament.experiments.facts",
    "format_facts": "tournament.experiments.facts",
    "facts_markdown": "tournament.experiments.facts",
    "alpha_grid": "tournament.experiments.facts",
    "FACTS": "tournament.experiments.facts",
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
    from .facts import FACTS, GOVERNANCE, alpha_grid, check_facts, facts_markdown, format_facts

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
