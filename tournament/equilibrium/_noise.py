"""Noise families of the equilibrium module: CDFs, densities, draws, quadrature.

Standardised noise ``X`` (the model adds ``scale * X`` to a score):

========== ===================================================== ================
family     distribution of ``X``                                 support
========== ===================================================== ================
normal     standard normal                                       real line
gumbel     standard (maximum) Gumbel centred to mean 0,          real line
           ``X = G - euler_gamma``, as in docs/specification.md section 3
uniform    uniform on ``[-1, 1]`` (``scale`` is the half-width)  ``[-1, 1]``
========== ===================================================== ================

Quadrature rules integrate ``E[g(X)] = int f(x) g(x) dx``; the weights include
the density. Composite Gauss-Legendre rules on a truncated support (tails
below 1e-18) are robust for any smooth ``g``; Gauss-Hermite is the compact
rule for normal noise and integrands smooth on the scale of the noise. (A
Gauss-Laguerre rule in ``t = exp(-(x + euler_gamma))`` would be the compact
Gumbel analogue, but it loses digits when the integrand has a sharp step in
``t``, as a rival many noise scales ahead produces, so it is not used.)
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.special import ndtr

__all__ = [
    "NOISE_FAMILIES",
    "cdf",
    "sf",
    "pdf",
    "draw",
    "legendre_rule",
    "compact_rule",
    "uniform_pieces",
]

NOISE_FAMILIES = ("normal", "gumbel", "uniform")
_EULER = float(np.euler_gamma)
_SQRT2PI = float(np.sqrt(2.0 * np.pi))


def cdf(family: str, x: np.ndarray | float) -> np.ndarray:
    """CDF of the standardised noise ``X`` of ``family`` at ``x``."""
    x = np.asarray(x, dtype=float)
    if family == "normal":
        return ndtr(x)
    if family == "gumbel":
        return np.exp(-np.exp(-np.clip(x + _EULER, -700.0, None)))
    return np.clip((x + 1.0) / 2.0, 0.0, 1.0)


def sf(family: str, x: np.ndarray | float) -> np.ndarray:
    """Survival function ``P(X > x)``, accurate in the right tail."""
    x = np.asarray(x, dtype=float)
    if family == "normal":
        return ndtr(-x)
    if family == "gumbel":
        return -np.expm1(-np.exp(-np.clip(x + _EULER, -700.0, None)))
    return np.clip((1.0 - x) / 2.0, 0.0, 1.0)


def pdf(family: str, x: np.ndarray | float) -> np.ndarray:
    """Density of the standardised noise ``X`` of ``family`` at ``x``."""
    x = np.asarray(x, dtype=float)
    if family == "normal":
        return np.exp(-0.5 * x * x) / _SQRT2PI
    if family == "gumbel":
        g = np.clip(x + _EULER, -700.0, None)
        return np.exp(-g - np.exp(-g))
    return np.where(np.abs(x) <= 1.0, 0.5, 0.0)


def draw(family: str, rng: np.random.Generator, size) -> np.ndarray:
    """Draw standardised noise; Gumbel as ``-log(Exp(1)) - euler_gamma``.

    Parameters
    ----------
    family : str
        One of :data:`NOISE_FAMILIES`.
    rng : numpy.random.Generator
        The random stream.
    size : int or tuple of int
        Output shape.

    Returns
    -------
    numpy.ndarray
        The draws.
    """
    if family == "normal":
        return rng.standard_normal(size)
    if family == "gumbel":
        return -np.log(rng.standard_exponential(size)) - _EULER
    return rng.uniform(-1.0, 1.0, size)


def _composite(lo: float, hi: float, panels: int, order: int) -> tuple[np.ndarray, np.ndarray]:
    t, w = np.polynomial.legendre.leggauss(order)
    edges = np.linspace(lo, hi, panels + 1)
    half = 0.5 * np.diff(edges)
    mid = 0.5 * (edges[1:] + edges[:-1])
    x = (mid[:, None] + half[:, None] * t[None, :]).ravel()
    wx = (half[:, None] * w[None, :]).ravel()
    return x, wx


@lru_cache(maxsize=8)
def legendre_rule(family: str) -> tuple[np.ndarray, np.ndarray]:
    """Composite Gauss-Legendre rule for ``E[g(X)]`` (normal or Gumbel).

    Parameters
    ----------
    family : str
        ``"normal"`` or ``"gumbel"``.

    Returns
    -------
    tuple of numpy.ndarray
        Nodes and weights (density included), read-only.
    """
    if family == "normal":
        x, w = _composite(-9.0, 9.0, 20, 12)
    elif family == "gumbel":
        x, w = _composite(-4.0 - _EULER, 42.0 - _EULER, 46, 12)
    else:
        raise ValueError(f"no fixed Legendre rule for {family!r}")
    w = w * pdf(family, x)
    x.setflags(write=False)
    w.setflags(write=False)
    return x, w


@lru_cache(maxsize=8)
def compact_rule(family: str, order: int = 96) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Hermite rule for ``E[g(X)]`` with standard normal ``X``.

    Parameters
    ----------
    family : str
        ``"normal"`` (the only family with a compact rule here).
    order : int
        Number of nodes.

    Returns
    -------
    tuple of numpy.ndarray
        Nodes and weights (summing to one), read-only.
    """
    if family != "normal":
        raise ValueError(f"no compact rule for {family!r}")
    x, w = np.polynomial.hermite_e.hermegauss(order)
    w = w / _SQRT2PI
    x.setflags(write=False)
    w.setflags(write=False)
    return x, w


def uniform_pieces(offsets: np.ndarray, order: int) -> tuple[np.ndarray, np.ndarray]:
    """Rule for ``E[g(X + d)]`` with uniform ``X``, exact for piecewise polynomials.

    The interval ``[-1, 1]`` is split at ``-1 - d`` and ``1 - d``, where the
    uniform CDF evaluated at ``x + d`` has its kinks, and each piece gets an
    ``order``-point Gauss-Legendre rule.

    Parameters
    ----------
    offsets : numpy.ndarray
        The shifts ``d``, shape ``(G,)``.
    order : int
        Nodes per piece.

    Returns
    -------
    tuple of numpy.ndarray
        Nodes and weights of shape ``(G, 3 * order)`` (density included).
    """
    d = np.asarray(offsets, dtype=float)[:, None]
    cuts = np.sort(np.clip(np.concatenate([-1.0 - d, 1.0 - d], axis=1), -1.0, 1.0), axis=1)
    bounds = np.concatenate([-np.ones_like(d), cuts, np.ones_like(d)], axis=1)
    t, w = np.polynomial.legendre.leggauss(order)
    lo, hi = bounds[:, :-1, None], bounds[:, 1:, None]
    x = 0.5 * (lo + hi) + 0.5 * (hi - lo) * t
    wx = 0.5 * (hi - lo) * w * 0.5
    return x.reshape(len(d), -1), wx.reshape(len(d), -1)
