"""Alias of :mod:`tournament.engine.results` (the import path before 0.2)."""

import sys

from .engine import results as _module

sys.modules[__name__] = _module
