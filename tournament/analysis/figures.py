"""Alias of :mod:`tournament.plots.figures` (the import path before 0.2)."""

import sys

from ..plots import figures as _module

sys.modules[__name__] = _module
