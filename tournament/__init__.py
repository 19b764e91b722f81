"""tournament: simulate optional project tournaments.

Local governments, each run by a strategic elite, launch self-selected
innovation projects to win repeated promotion tournaments judged by a
higher-level government. The model is specified in ``docs/specification.md``;
implementation decisions are in ``docs/model.md``.

Importing the package is light: numba, the engines and the optional
dependencies load only when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._deps import MissingDependencyError
from ._errors import (
    EquilibriumError,
    ParameterError,
    ParameterTypeError,
    RecordSizeWarning,
    TournamentError,
)
from ._lazy import lazy_attributes
from .config import DECLINE_MECHANISMS, MODEL_MECHANISMS, Config

__version__ = "0.1.0"

__all__ = [
    "Config",
    "DECLINE_MECHANISMS",
    "MODEL_MECHANISMS",
    "EquilibriumError",
    "MissingDependencyError",
    "ParameterError",
    "ParameterTypeError",
    "RecordSizeWarning",
    "SimulationResult",
    "TournamentError",
    "load",
    "simulate",
    "__version__",
]

_LAZY = {"simulate": "tournament.engine.simulate", "SimulationResult": "tournament.engine.results",
         "load": "tournament.engine.storage"}

if TYPE_CHECKING:  # pragma: no cover
    from .engine.results import SimulationResult
    from .engine.simulate import simulate
    from .engine.storage import load

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
