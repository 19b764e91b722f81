"""Alias of :mod:`tournament.experiments.compare` (the import path before 0.2)."""

import sys

from ..experiments import compare as _module

sys.modules[__name__] = _module
