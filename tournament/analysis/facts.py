"""Alias of :mod:`tournament.experiments.facts` (the import path before 0.2)."""

import sys

from ..experiments import facts as _module

sys.modules[__name__] = _module
