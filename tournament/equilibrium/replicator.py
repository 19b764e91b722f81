"""Symmetric mixed equilibria of symmetric two-player games by replicator dynamics.

A population plays the symmetric game with row payoff matrix ``A``; the share
``x_i`` of strategy ``i`` grows at the rate of its excess payoff::

    dx_i/dt = x_i ((A x)_i - x' A x)

Method: integrate the replicator equation in log shares (which keeps ``x`` in
the simplex) with an 8th-order Runge-Kutta method in blocks of doubling
length until the speed ``max_i |dx_i/dt|`` falls below ``tol`` or ``t_max``
is reached; then polish the limit to the exact rest point on its support (a
linear solve) and classify it by the eigenvalues of the Jacobian restricted
to the simplex.

Guarantees: an interior orbit that converges converges to a symmetric Nash
equilibrium, and every asymptotically stable rest point is one (folk theorem
of evolutionary game theory); the result reports the regret of the limit, so
it is never silently a non-equilibrium. Failure modes: orbits that cycle
(rock-paper-scissors) or converge slowly to a non-hyperbolic point do not
settle by ``t_max``: ``success=False`` with that reason; starting on the
boundary can converge to a rest point that is not an equilibrium.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.integrate import solve_ivp

from tournament._errors import EquilibriumError, ParameterError
from tournament.equilibrium._results import ResultMixin
from tournament.equilibrium._validation import check_real
from tournament.equilibrium.normal_form import NormalFormGame, _check_game, regret

__all__ = [
    "ReplicatorResult",
    "replicator_dynamics",
    "replicator_eigenvalues",
    "replicator_rest_points",
]


@dataclass(frozen=True, repr=False)
class ReplicatorResult(ResultMixin):
    """Outcome of integrating the replicator dynamics.

    Attributes
    ----------
    strategy : numpy.ndarray
        The limit (polished rest point) or the last state.
    success : bool
        Converged to a rest point that is a symmetric Nash equilibrium.
    message : str
        What happened.
    regret : float
        Regret of the symmetric profile ``(strategy, strategy)``.
    converged : bool
        Whether the speed fell below the tolerance.
    stable : bool
        Whether every eigenvalue of the restricted Jacobian has negative real part.
    eigenvalues : numpy.ndarray
        Eigenvalues of the Jacobian on the simplex's tangent space.
    time : float
        Integration time used (in units of the normalised payoffs).
    """

    strategy: np.ndarray
    success: bool
    message: str
    regret: float
    converged: bool
    stable: bool
    eigenvalues: np.ndarray
    time: float


def _symmetric_matrix(game: NormalFormGame) -> np.ndarray:
    game = _check_game(game)
    if not game.is_symmetric_two_player(tol=1e-12 * max(1.0, float(np.abs(game.payoffs).max()))):
        raise ParameterError(
            f"game must be a symmetric two-player game (payoffs[..., 1] == payoffs[..., 0].T), "
            f"got {game!r}. Fix: build it with NormalFormGame.symmetric(A)."
        )
    a = game.payoffs[..., 0]
    span = float(a.max() - a.min())
    return (a - a.min()) / (span if span > 0 else 1.0)


def replicator_eigenvalues(game: NormalFormGame, x: np.ndarray) -> np.ndarray:
    """Eigenvalues of the replicator Jacobian at ``x`` on the simplex's tangent space.

    Parameters
    ----------
    game : NormalFormGame
        Symmetric two-player game.
    x : numpy.ndarray
        A point of the simplex (normally a rest point).

    Returns
    -------
    numpy.ndarray
        ``n - 1`` complex eigenvalues (payoffs normalised to range 1).
    """
    a = _symmetric_matrix(game)
    return _eigenvalues(a, np.asarray(x, dtype=float))


def _eigenvalues(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    n = len(x)
    ax, atx = a @ x, a.T @ x
    jac = np.diag(ax - x @ ax) + x[:, None] * (a - ax[None, :] - atx[None, :])
    basis = np.linalg.qr(np.eye(n) - 1.0 / n)[0][:, : n - 1]
    return np.linalg.eigvals(basis.T @ jac @ basis)


def _polish(a: np.ndarray, x: np.ndarray, support_tol: float) -> np.ndarray:
    """Replace ``x`` by the exact rest point on its support, if one is close."""
    sol = _rest_point(a, np.flatnonzero(x > support_tol).tolist())
    if sol is None or np.max(np.abs(sol - x)) > 1e-3:
        return x
    return sol


def replicator_dynamics(
    game: NormalFormGame,
    x0: np.ndarray | None = None,
    *,
    t_max: float = 5e3,
    tol: float = 1e-10,
    strict: bool = False,
) -> ReplicatorResult:
    """Follow the replicator dynamics from ``x0`` to a symmetric equilibrium.

    Parameters
    ----------
    game : NormalFormGame
        Symmetric two-player game (see :meth:`NormalFormGame.symmetric`).
    x0 : numpy.ndarray, optional
        Interior starting point (default: the barycentre).
    t_max : float
        Longest integration time, in units of payoffs normalised to range 1.
    tol : float
        Convergence threshold on the speed and on the regret of the limit.
    strict : bool
        Raise :class:`~tournament._errors.EquilibriumError` instead of
        returning ``success=False``.

    Returns
    -------
    ReplicatorResult
        The limit and its classification.

    Examples
    --------
    >>> from tournament.equilibrium import NormalFormGame
    >>> hawk_dove = NormalFormGame.symmetric([[-1.0, 2.0], [0.0, 1.0]])
    >>> res = replicator_dynamics(hawk_dove, [0.9, 0.1])
    >>> res.success, np.round(res.strategy, 6).tolist(), res.stable
    (True, [0.5, 0.5], True)
    """
    a = _symmetric_matrix(game)
    n = a.shape[0]
    t_max = check_real("t_max", t_max, low=0.0, low_open=True)
    tol = check_real("tol", tol, low=0.0, low_open=True)
    if x0 is None:
        x = np.full(n, 1.0 / n)
    else:
        x = np.asarray(x0, dtype=float)
        if x.shape != (n,) or np.any(~np.isfinite(x)) or np.any(x <= 0):
            raise ParameterError(
                f"x0 must be an interior point of the simplex (length {n}, all entries > 0), "
                f"got {x0!r}."
            )
        x = x / x.sum()

    def rhs(_t, y):
        z = np.exp(y - y.max())
        z /= z.sum()
        ax = a @ z
        return ax - z @ ax

    def speed(z):
        ax = a @ z
        return float(np.max(np.abs(z * (ax - z @ ax))))

    y, t, span = np.log(x), 0.0, 10.0
    converged = speed(x) < tol
    while not converged and t < t_max:
        sol = solve_ivp(rhs, (t, t + span), y, method="DOP853", rtol=1e-10, atol=1e-12)
        y, t = sol.y[:, -1], t + span
        x = np.exp(y - y.max())
        x /= x.sum()
        converged = speed(x) < tol
        span = min(2.0 * span, t_max - t) if t < t_max else span
    if converged:
        x = _polish(a, x, support_tol=1e-6)
    eig = _eigenvalues(a, x)
    stable = bool(np.all(eig.real < -1e-9))
    reg = regret(game, (x, x))
    scale = float(np.ptp(game.payoffs[..., 0])) or 1.0
    is_ne = reg <= tol * scale * 10
    if converged and is_ne:
        msg = f"converged to a symmetric equilibrium (regret {reg:.2g}) at t={t:g}"
        msg += "; asymptotically stable." if stable else "; not asymptotically stable."
    elif converged:
        msg = (
            f"converged to a rest point that is not an equilibrium (regret {reg:.3g}); this "
            "happens only from a start on the boundary or exactly on a saddle's stable set."
        )
    else:
        msg = (
            f"no convergence by t_max={t_max:g} (speed {speed(x):.3g} > tol {tol:g}): the orbit "
            "may cycle (as in rock-paper-scissors) or approach a non-hyperbolic rest point."
        )
    success = bool(converged and is_ne)
    if strict and not success:
        raise EquilibriumError(msg)
    return ReplicatorResult(
        strategy=x,
        success=success,
        message=msg,
        regret=float(reg),
        converged=bool(converged),
        stable=stable,
        eigenvalues=eig,
        time=float(t),
    )


def replicator_rest_points(game: NormalFormGame) -> list[tuple[np.ndarray, bool]]:
    """Every isolated rest point of the replicator dynamics, with its stability.

    For each support ``S`` the rest point with support ``S`` solves
    ``(A x)_i = x' A x`` for ``i`` in ``S``; supports whose system is singular
    (continua of rest points) are skipped.

    Parameters
    ----------
    game : NormalFormGame
        Symmetric two-player game.

    Returns
    -------
    list of tuple
        ``(x, stable)`` for each rest point; ``stable`` means every eigenvalue
        of the restricted Jacobian has negative real part.
    """
    a = _symmetric_matrix(game)
    n = a.shape[0]
    out: list[tuple[np.ndarray, bool]] = []
    for k in range(1, n + 1):
        for s in combinations(range(n), k):
            sol = _rest_point(a, list(s))
            if sol is None:
                continue
            eig = _eigenvalues(a, sol)
            out.append((sol, bool(np.all(eig.real < -1e-9))))
    return out


def _rest_point(a: np.ndarray, s: list[int]) -> np.ndarray | None:
    """Rest point with support exactly ``s``, or ``None`` if there is no isolated one."""
    k = len(s)
    mat = np.zeros((k + 1, k + 1))
    mat[:k, :k] = a[np.ix_(s, s)]
    mat[:k, k] = -1.0
    mat[k, :k] = 1.0
    rhs = np.zeros(k + 1)
    rhs[k] = 1.0
    if abs(np.linalg.det(mat)) < 1e-12:
        return None
    sol = np.linalg.solve(mat, rhs)
    if np.any(sol[:k] <= 1e-12):
        return None
    x = np.zeros(a.shape[0])
    x[s] = sol[:k]
    return x
