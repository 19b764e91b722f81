"""Logit quantal-response equilibria by continuation in the precision lambda.

A logit QRE at precision ``lam`` is a mixed profile ``sigma`` with
``sigma_i = softmax(lam * u_i(., sigma_-i))`` for every player ``i``. At
``lam = 0`` the unique QRE is uniform play; as ``lam`` grows, the *principal
branch* that starts there converges to a Nash equilibrium (McKelvey and
Palfrey 1995), the logit tracing selection.

Method (Turocy 2005): in log-probabilities ``beta`` the QRE conditions are
``beta_i[a] - beta_i[0] = lam (u_i[a] - u_i[0])`` and ``sum(exp(beta_i)) = 1``.
The branch is followed in ``(beta, lam)`` by pseudo-arclength continuation:
an Euler predictor along the tangent (the Jacobian's null vector), a Newton
corrector orthogonal to it, and step-size control; arclength rather than
``lam`` as parameter passes folds where the branch turns back in ``lam``. The
point at the target ``lam`` is polished by Newton's method with ``lam`` fixed.

Guarantees: every returned profile satisfies the QRE equations to ``tol``
(checked directly); its regret is at most ``max_i log(n_i) / lam`` (softmax
maximises payoff plus entropy / lam), so QREs approach Nash equilibria as
``lam`` grows. Failure modes: in non-generic games the branch can meet a
bifurcation where the tangent is not unique; if the corrector fails even
at the smallest step the solver stops with ``success=False`` and reports
the largest ``lam`` reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tournament._errors import EquilibriumError
from tournament.equilibrium._results import ResultMixin
from tournament.equilibrium._validation import check_int, check_real
from tournament.equilibrium.normal_form import (
    NormalFormGame,
    _action_values,
    _check_game,
    as_mixed_profile,
    regret,
)

__all__ = ["QREResult", "logit_qre", "logit_response"]


@dataclass(frozen=True, repr=False)
class QREResult(ResultMixin):
    """A logit quantal-response equilibrium on the principal branch.

    Attributes
    ----------
    profile : tuple of numpy.ndarray
        The QRE (one probability vector per player).
    lam : float
        Precision at which it was computed.
    success : bool
        Whether the branch was followed to ``lam`` and the point verified.
    message : str
        What happened.
    regret : float
        Regret of the profile in the game (at most ``max log(n_i) / lam``).
    residual : float
        ``max |sigma - softmax(lam u(sigma))|`` at the returned point.
    n_steps : int
        Continuation steps taken.
    path_lambda : numpy.ndarray
        ``lam`` at each accepted step.
    path_profiles : list of tuple of numpy.ndarray
        The profile at each accepted step.
    """

    profile: tuple[np.ndarray, ...]
    lam: float
    success: bool
    message: str
    regret: float
    residual: float
    n_steps: int
    path_lambda: np.ndarray = field(repr=False)
    path_profiles: list = field(repr=False)


def logit_response(game: NormalFormGame, profile, lam: float) -> tuple[np.ndarray, ...]:
    """Each player's logit response ``softmax(lam * u_i(., profile_-i))``.

    Parameters
    ----------
    game : NormalFormGame
        The game.
    profile : sequence
        Pure or mixed profile.
    lam : float
        Precision (>= 0).

    Returns
    -------
    tuple of numpy.ndarray
        One probability vector per player.
    """
    lam = check_real("lam", lam, low=0.0)
    sigma = as_mixed_profile(game, profile)
    out = []
    for i in range(game.n_players):
        v = lam * _action_values(game.payoffs, sigma, i)
        z = np.exp(v - v.max())
        out.append(z / z.sum())
    return tuple(out)


class _System:
    """QRE equations ``H(beta, lam) = 0`` of one game and their Jacobian."""

    def __init__(self, payoffs: np.ndarray) -> None:
        self.u = payoffs
        self.n = payoffs.shape[:-1]
        self.m = len(self.n)
        self.offsets = np.concatenate([[0], np.cumsum(self.n)])
        self.size = int(self.offsets[-1])

    def split(self, beta: np.ndarray) -> list[np.ndarray]:
        return [np.exp(beta[self.offsets[i] : self.offsets[i + 1]]) for i in range(self.m)]

    def pair(self, sigma: list[np.ndarray], i: int, j: int) -> np.ndarray:
        """``M[a, b]``: payoff of ``i`` playing ``a`` when ``j`` plays ``b``."""
        t = self.u[..., i]
        for q in range(self.m - 1, -1, -1):
            if q not in (i, j):
                t = np.tensordot(t, sigma[q], axes=([q], [0]))
        return t if i < j else t.T

    def evaluate(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        beta, lam = z[:-1], z[-1]
        sigma = self.split(beta)
        h = np.empty(self.size)
        jac = np.zeros((self.size, self.size + 1))
        for i in range(self.m):
            o, n_i = self.offsets[i], self.n[i]
            vals = _action_values(self.u, sigma, i)
            h[o : o + n_i - 1] = beta[o + 1 : o + n_i] - beta[o] - lam * (vals[1:] - vals[0])
            h[o + n_i - 1] = sigma[i].sum() - 1.0
            for a in range(1, n_i):
                jac[o + a - 1, o + a] = 1.0
                jac[o + a - 1, o] = -1.0
            jac[o + n_i - 1, o : o + n_i] = sigma[i]
            jac[o : o + n_i - 1, -1] = -(vals[1:] - vals[0])
            for j in range(self.m):
                if j != i:
                    mij = self.pair(sigma, i, j)
                    oj = self.offsets[j]
                    block = -lam * (mij[1:] - mij[0]) * sigma[j][None, :]
                    jac[o : o + n_i - 1, oj : oj + self.n[j]] = block
        return h, jac


def _tangent(jac: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
    t = np.linalg.svd(jac)[2][-1]
    if previous is None:
        return t if t[-1] > 0 else -t
    return t if t @ previous > 0 else -t


def _correct(sys: _System, z: np.ndarray, t: np.ndarray, tol: float, max_iter: int = 10):
    """Newton iterations on ``H = 0`` constrained to the hyperplane ``t . dz = 0``."""
    z = z.copy()
    for it in range(1, max_iter + 1):
        h, jac = sys.evaluate(z)
        mat = np.vstack([jac, t])
        try:
            dz = np.linalg.solve(mat, -np.append(h, 0.0))
        except np.linalg.LinAlgError:
            return None, it
        z += dz
        if not np.all(np.isfinite(z)):
            return None, it
        if np.max(np.abs(dz)) < tol and np.max(np.abs(sys.evaluate(z)[0])) < tol:
            return z, it
    return None, max_iter


def _polish_at(sys: _System, z: np.ndarray, lam: float, tol: float) -> np.ndarray | None:
    z = z.copy()
    z[-1] = lam
    for _ in range(20):
        h, jac = sys.evaluate(z)
        if np.max(np.abs(h)) < tol:
            return z
        try:
            z[:-1] -= np.linalg.solve(jac[:, :-1], h)
        except np.linalg.LinAlgError:
            return None
    return z if np.max(np.abs(sys.evaluate(z)[0])) < tol else None


def logit_qre(
    game: NormalFormGame,
    lam: float,
    *,
    tol: float = 1e-10,
    max_steps: int = 10_000,
    strict: bool = False,
) -> QREResult:
    """Logit QRE at precision ``lam`` on the principal branch.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    lam : float
        Target precision (>= 0), in inverse payoff units.
    tol : float
        Tolerance of the corrector and of the final check.
    max_steps : int
        Largest number of continuation steps.
    strict : bool
        Raise :class:`~tournament._errors.EquilibriumError` instead of
        returning ``success=False``.

    Returns
    -------
    QREResult
        The QRE and the path that led to it.

    Examples
    --------
    >>> from tournament.equilibrium import NormalFormGame
    >>> pennies = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> res = logit_qre(pennies, 50.0)
    >>> res.success, [np.round(s, 4).tolist() for s in res.profile]
    (True, [[0.5069, 0.4931], [0.3335, 0.6665]])
    """
    game = _check_game(game)
    lam = check_real("lam", lam, low=0.0)
    tol = check_real("tol", tol, low=0.0, low_open=True)
    max_steps = check_int("max_steps", max_steps, low=1)
    sys = _System(game.payoffs)
    beta0 = np.concatenate([np.full(n, -np.log(n)) for n in sys.n])
    z = np.append(beta0, 0.0)
    path_z = [z.copy()]
    scale = float(np.ptp(game.payoffs)) or 1.0
    h_step, h_min, h_max = 0.1 / scale, 1e-9 / scale, max(1.0, lam / 4.0)
    t = _tangent(sys.evaluate(z)[1], None)
    steps, reached, failure = 0, lam == 0.0, ""
    while not reached and steps < max_steps:
        z_new, iters = _correct(sys, z + h_step * t, t, tol)
        if z_new is None:
            h_step /= 2.0
            if h_step < h_min:
                failure = f"corrector failed at lam={z[-1]:.6g} even with the smallest step"
                break
            continue
        steps += 1
        t = _tangent(sys.evaluate(z_new)[1], t)
        z = z_new
        path_z.append(z.copy())
        reached = z[-1] >= lam
        h_step = min(h_step * (1.5 if iters <= 3 else 0.7), h_max)
    if not reached and not failure:
        failure = f"max_steps={max_steps} reached at lam={z[-1]:.6g}"
    final = None
    if reached:
        z0, z1 = (path_z[-2], path_z[-1]) if len(path_z) > 1 else (z, z)
        w = 0.0 if z1[-1] == z0[-1] else (lam - z0[-1]) / (z1[-1] - z0[-1])
        final = _polish_at(sys, z0 + w * (z1 - z0), lam, tol)
        if final is None:
            failure = f"could not polish the point at lam={lam:g}"
    point = final if final is not None else z
    profile = tuple(s / s.sum() for s in sys.split(point[:-1]))
    resp = logit_response(game, profile, float(point[-1]))
    resid = max(float(np.max(np.abs(r - s))) for r, s in zip(resp, profile, strict=True))
    success = final is not None and resid <= max(tol, 1e-8)
    if success:
        msg = f"logit QRE at lam={lam:g} after {steps} continuation steps (residual {resid:.2g})."
    else:
        msg = f"no verified QRE at lam={lam:g}: {failure or f'residual {resid:.3g} too large'}."
        if strict:
            raise EquilibriumError(msg)
    return QREResult(
        profile=profile,
        lam=float(point[-1]),
        success=bool(success),
        message=msg,
        regret=float(regret(game, profile)),
        residual=resid,
        n_steps=steps,
        path_lambda=np.array([p[-1] for p in path_z]),
        path_profiles=[tuple(sys.split(p[:-1])) for p in path_z],
    )
