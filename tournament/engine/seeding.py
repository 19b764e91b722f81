"""Random streams: one per replicate, fixed by (seed, replicate index) alone.

Replicate ``r`` of seed ``s`` draws from ``PCG64(SeedSequence(s, spawn_key=(r,)))``,
the same stream ``SeedSequence(s).spawn(n)[r]`` gives for any ``n > r``. It
therefore does not depend on how many replicates run, in which chunk, on
which thread or worker, or with which engine.
"""

from __future__ import annotations

import numbers

import numpy as np

from .._errors import ParameterError, ParameterTypeError

__all__ = ["check_seed", "replicate_generator", "replicate_generators"]


def check_seed(seed: object) -> int:
    """Validate a seed: a non-negative integer."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ParameterTypeError(f"seed = {seed!r} must be a non-negative integer")
    if seed < 0:
        raise ParameterError(f"seed = {seed!r} is out of range: must be an integer >= 0")
    return int(seed)


def replicate_generator(seed: int, replicate: int) -> np.random.Generator:
    """Return the generator of replicate ``replicate`` of ``seed``."""
    sequence = np.random.SeedSequence(seed, spawn_key=(replicate,))
    return np.random.Generator(np.random.PCG64(sequence))


def replicate_generators(seed: int, replicates: np.ndarray) -> list[np.random.Generator]:
    """Return the generators of the given replicate indices."""
    return [replicate_generator(seed, int(r)) for r in replicates]
