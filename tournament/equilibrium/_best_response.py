"""Global best-response verification of a one-dimensional candidate strategy.

A symmetric candidate ``x*`` (an effort) is an equilibrium when no unilateral
deviation ``x`` does better against everyone else playing ``x*``. The check
evaluates the deviation payoff on a grid over ``[0, upper]`` (``upper`` must
be chosen so that no larger deviation can pay: the callers derive it from the
cost function), then refines every leading local maximum, and the candidate
itself, with a bounded Brent search.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar

from tournament.equilibrium._results import ResultMixin

__all__ = ["BestResponseCheck", "global_best_response"]


@dataclass(frozen=True, repr=False)
class BestResponseCheck(ResultMixin):
    """Record of a global best-response check.

    Attributes
    ----------
    passed : bool
        ``gain <= tol``: no deviation found gains more than ``tol``.
    candidate : float
        The strategy checked.
    payoff : float
        Payoff of the candidate against itself.
    best_response : float
        Best deviation found.
    best_payoff : float
        Its payoff.
    gain : float
        ``best_payoff - payoff`` (>= 0 up to rounding).
    tol : float
        Largest accepted gain.
    search_interval : tuple of float
        Deviations searched.
    grid_size : int
        Grid points evaluated before refinement.
    curvature : float
        Second derivative of the deviation payoff at the candidate (central
        difference): negative at a strict local maximum.
    """

    passed: bool
    candidate: float
    payoff: float
    best_response: float
    best_payoff: float
    gain: float
    tol: float
    search_interval: tuple[float, float]
    grid_size: int
    curvature: float


def global_best_response(
    payoff: Callable[[np.ndarray], np.ndarray],
    candidate: float,
    upper: float,
    *,
    grid_size: int = 2001,
    tol: float = 1e-9,
    n_refine: int = 6,
) -> BestResponseCheck:
    """Search ``[0, upper]`` for a deviation that beats ``candidate``.

    Parameters
    ----------
    payoff : callable
        Vectorised deviation payoff: array of strategies -> array of payoffs.
    candidate : float
        Strategy to check (inside ``[0, upper]``).
    upper : float
        Upper end of the search; deviations above it must be unprofitable.
    grid_size : int
        Number of grid points.
    tol : float
        Largest accepted gain.
    n_refine : int
        Number of leading local maxima refined.

    Returns
    -------
    BestResponseCheck
        The record.
    """
    upper = max(float(upper), float(candidate), 1e-12)
    grid = np.union1d(np.linspace(0.0, upper, grid_size), [candidate])
    vals = np.asarray(payoff(grid), dtype=float)
    u_star = float(payoff(np.array([candidate]))[0])
    pad = np.concatenate([[-np.inf], vals, [-np.inf]])
    peaks = np.flatnonzero((vals >= pad[:-2]) & (vals >= pad[2:]))
    peaks = peaks[np.argsort(-vals[peaks])][:n_refine]
    k = int(np.searchsorted(grid, candidate))
    starts = set(peaks.tolist()) | {k}
    best_x, best_u = float(grid[int(np.argmax(vals))]), float(np.max(vals))
    for i in sorted(starts):
        lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
        if hi <= lo:
            continue
        res = minimize_scalar(
            lambda x: -float(payoff(np.array([x]))[0]),
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": 1e-12 * max(upper, 1.0)},
        )
        if -res.fun > best_u:
            best_x, best_u = float(res.x), float(-res.fun)
    h = 1e-4 * max(candidate, upper * 1e-3, 1e-8)
    lo_h = max(candidate - h, 0.0)
    pts = np.array([lo_h, lo_h + h, lo_h + 2 * h])
    u3 = np.asarray(payoff(pts), dtype=float)
    curvature = float((u3[0] - 2 * u3[1] + u3[2]) / (h * h))
    gain = max(best_u - u_star, 0.0)
    return BestResponseCheck(
        passed=bool(gain <= tol),
        candidate=float(candidate),
        payoff=u_star,
        best_response=best_x if gain > 0 else float(candidate),
        best_payoff=max(best_u, u_star),
        gain=gain,
        tol=float(tol),
        search_interval=(0.0, upper),
        grid_size=int(grid_size),
        curvature=curvature,
    )
