"""Alias of :mod:`tournament.engine.simulate` (the import path before 0.2)."""

import sys

from .engine import simulate as _module

sys.modules[__name__] = _module
