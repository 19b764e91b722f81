"""Alias of :mod:`tournament.engine.reference` (the import path before 0.2)."""

import sys

from .engine import reference as _module

sys.modules[__name__] = _module
