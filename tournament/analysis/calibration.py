"""Alias of :mod:`tournament.experiments.calibration` (the import path before 0.2).

``python -m tournament.analysis.calibration`` still runs the calibration
tables (``python -m tournament.experiments.calibration``).
"""

import sys

from ..experiments import calibration as _module

if __name__ == "__main__":  # pragma: no cover - the command line
    sys.exit(_module.main())
sys.modules[__name__] = _module
