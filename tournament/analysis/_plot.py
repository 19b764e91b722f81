"""Alias of :mod:`tournament.plots._plot` (the import path before 0.2)."""

import sys

from ..plots import _plot as _module

sys.modules[__name__] = _module
