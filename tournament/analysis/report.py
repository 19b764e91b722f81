"""Alias of :mod:`tournament.plots.report` (the import path before 0.2)."""

import sys

from ..plots import report as _module

sys.modules[__name__] = _module
