"""A fingerprint of the floating-point library code paths the engines depend on.

The engines are bit-identical to each other on any machine, but their float
results depend on the C math library (``exp``, ``log``, ``erfc``, ``expm1``,
``pow``) and on NumPy's samplers, whose last bits differ between CPUs (FMA or
not) and library builds. The golden fixture stores this fingerprint; where
the current machine's differs, ``tests/test_golden.py`` compares floats to a
few units in the last place instead of bit for bit (integers, categories and
NaN positions stay exact).
"""

from __future__ import annotations

import hashlib
import math

import numpy as np


def fingerprint() -> str:
    """SHA-256 over the bits of math-library results and NumPy draws on fixed inputs."""
    xs = np.linspace(-30.0, 30.0, 4001)
    values = []
    for x in xs:
        x = float(x)
        values += [math.exp(x), math.erfc(x), math.expm1(x / 10.0), math.exp(-math.exp(x / 8.0)),
                   math.log(abs(x) + 1e-3), math.pow(abs(x) + 0.5, 0.37)]
    rng = np.random.Generator(np.random.PCG64(20261129))
    draws = np.concatenate([rng.beta(2.0, 5.0, 2000), rng.beta(0.05, 0.05, 2000),
                            rng.standard_normal(2000), rng.standard_exponential(2000)])
    data = np.asarray(values, dtype=np.float64).tobytes() + draws.tobytes()
    return hashlib.sha256(data).hexdigest()
