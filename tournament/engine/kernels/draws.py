"""Random draws of the kernels; the mirror of the "draws" section of the reference engine.

Every draw of a replicate comes from its own ``numpy.random.Generator``
(``rng``) through the four one-line samplers here, in the order listed in
:mod:`tournament.engine.reference`. Calling the generator's methods from one
place means numba compiles its implementation of each sampler once, rather
than once per calling kernel.
"""

from __future__ import annotations

import math

from numba import njit

from ...registry import EULER_GAMMA, NORMAL
from .jit import HELPER

__all__ = ["uniform", "normal", "exponential", "beta", "lognormal_mean_one", "draw_noise",
           "draw_elite"]


@njit(**HELPER)
def uniform(rng):
    """One uniform on [0, 1) from ``rng`` (``Generator.random``).

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator.

    Returns
    -------
    float
        The draw.
    """
    return rng.random()


@njit(**HELPER)
def normal(rng):
    """One standard normal from ``rng``.

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator.

    Returns
    -------
    float
        The draw.
    """
    return rng.standard_normal()


@njit(**HELPER)
def exponential(rng):
    """One standard exponential from ``rng``.

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator.

    Returns
    -------
    float
        The draw.
    """
    return rng.standard_exponential()


@njit(**HELPER)
def beta(rng, a, b):
    """One Beta(a, b) from ``rng``.

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator.
    a, b : float
        Shapes.

    Returns
    -------
    float
        The draw.
    """
    return rng.beta(a, b)


@njit(**HELPER)
def lognormal_mean_one(rng, sigma):
    """Draw a mean-one lognormal of log-sd ``sigma``: ``exp(sigma Z - sigma^2 / 2)``.

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator (one normal).
    sigma : float
        Log-sd.

    Returns
    -------
    float
        The draw.
    """
    return math.exp(sigma * normal(rng) - sigma * sigma / 2.0)


@njit(**HELPER)
def draw_noise(rng, p):
    """Draw the standardised evaluation noise E (normal, or Gumbel centred to mean 0).

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator (one normal, or one exponential).
    p : KParams
        Parameters (``noise``).

    Returns
    -------
    float
        The draw.
    """
    if p.noise == NORMAL:
        return normal(rng)
    return -math.log(exponential(rng)) - EULER_GAMMA


@njit(**HELPER)
def draw_elite(rng, p, kind_cum, elites, i):
    """Seat a freshly drawn elite in jurisdiction ``i`` (a normal, a Beta, a uniform).

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator.
    p : KParams
        Parameters.
    kind_cum : numpy.ndarray
        Cumulative shares of the elite kinds (``Tables.kind_cum``).
    elites : Elites
        Elite state; entry ``i`` is overwritten, tenure 0.
    i : int
        Jurisdiction.
    """
    elites.ability[i] = lognormal_mean_one(rng, p.ability_sigma)
    elites.motive[i] = beta(rng, p.motive_alpha, p.motive_beta)
    u = uniform(rng)
    kind = len(kind_cum) - 1
    for j in range(len(kind_cum)):
        if u < kind_cum[j]:
            kind = j
            break
    elites.kind[i] = kind
    elites.tenure[i] = 0
