"""Alias of :mod:`tournament.plots.figures_more` (the import path before 0.2)."""

import sys

from ..plots import figures_more as _module

sys.modules[__name__] = _module
