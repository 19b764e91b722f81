"""Simulation meets theory: Monte Carlo checks of the equilibrium results.

Two checks, each returning its estimate, its standard error and the
analytic value, and passing when they agree within ``z_tol`` standard
errors:

- :func:`check_marginal_recognition` simulates a rank-order tournament at the
  symmetric equilibrium effort ``e*`` and estimates the *marginal
  recognition probability*, the derivative in own effort of the chance of
  being among the top ``k``, by a central difference with common random
  numbers (both deviations ``e* +- h`` see the same noise draws). The exact
  value of that central difference comes from the analytic rank
  probabilities, so the comparison has no discretisation bias; the exact
  derivative is reported alongside.
- :func:`logit_learning` plays a stage game repeatedly under stochastic
  fictitious play with logit responses (each player best-responds, with
  logit noise of precision ``lam``, to the empirical frequencies of the
  others' past play) in independent replicates, and compares the average
  empirical frequencies with the logit QRE. Convergence is guaranteed in
  two-player zero-sum, potential and 2 x 2 games (Hofbauer and Sandholm 2002,
  Benaim and Hirsch 1999); elsewhere play may cycle and the check fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tournament._errors import ParameterTypeError
from tournament.equilibrium import _noise
from tournament.equilibrium._results import ResultMixin
from tournament.equilibrium._validation import check_int, check_real
from tournament.equilibrium.normal_form import NormalFormGame, _check_game
from tournament.equilibrium.qre import logit_qre
from tournament.equilibrium.rank_order import RankOrderTournament, _marginal_std
from tournament.equilibrium.rank_order_solver import symmetric_equilibrium

__all__ = ["MonteCarloCheck", "check_marginal_recognition", "logit_learning"]


@dataclass(frozen=True, repr=False)
class MonteCarloCheck(ResultMixin):
    """A simulated quantity against its analytic value.

    Attributes
    ----------
    passed : bool
        ``max |z| <= z_tol``.
    estimate : numpy.ndarray
        Simulated value(s).
    standard_error : numpy.ndarray
        Their standard errors.
    analytic : numpy.ndarray
        The exact value(s) the estimate targets.
    z : numpy.ndarray
        ``(estimate - analytic) / standard_error``.
    z_tol : float
        Largest accepted ``|z|``.
    message : str
        Summary.
    details : dict
        Check-specific extras (the equilibrium effort, the exact derivative,
        the draws used, ...).
    """

    passed: bool
    estimate: np.ndarray
    standard_error: np.ndarray
    analytic: np.ndarray
    z: np.ndarray
    z_tol: float
    message: str
    details: dict = field(default_factory=dict)


def _z(est: np.ndarray, se: np.ndarray, exact: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (est - exact) / se
    return np.where(se > 0, z, np.where(np.abs(est - exact) < 1e-12, 0.0, np.inf))


def check_marginal_recognition(
    tournament: RankOrderTournament,
    *,
    recognized: int = 1,
    n_draws: int = 200_000,
    step: float | None = None,
    seed: int = 0,
    z_tol: float = 4.0,
) -> MonteCarloCheck:
    """Simulated marginal recognition probability at ``e*`` against the analytic one.

    Parameters
    ----------
    tournament : RankOrderTournament
        Must have a symmetric pure-strategy equilibrium.
    recognized : int
        The top ``recognized`` ranks count as recognised (1 .. N - 1).
    n_draws : int
        Monte Carlo draws of the noise vector.
    step : float, optional
        Deviation ``h`` of the central difference (default ``noise_scale / 4``).
    seed : int
        Seed of the random stream.
    z_tol : float
        Largest accepted ``|z|``.

    Returns
    -------
    MonteCarloCheck
        ``estimate`` is ``[P(top k | e* + h) - P(top k | e* - h)] / 2h`` with
        common random numbers; ``analytic`` the same difference computed
        exactly; ``details["derivative"]`` the exact derivative at ``e*``.

    Examples
    --------
    >>> from tournament.equilibrium import RankOrderTournament
    >>> t = RankOrderTournament((1.0, 0.0, 0.0), "gumbel", 1.0)
    >>> check_marginal_recognition(t, n_draws=20_000, seed=1).passed
    True
    """
    if not isinstance(tournament, RankOrderTournament):
        raise ParameterTypeError(
            f"tournament must be a RankOrderTournament, got {type(tournament).__name__}."
        )
    t = tournament
    n = t.n_players
    k = check_int("recognized", recognized, low=1, high=n - 1)
    n_draws = check_int("n_draws", n_draws, low=100)
    z_tol = check_real("z_tol", z_tol, low=0.0, low_open=True)
    sigma = t.noise_scale
    h = sigma / 4.0 if step is None else check_real("step", step, low=0.0, low_open=True)
    eq = symmetric_equilibrium(t, strict=True)
    e = eq.effort
    rng = np.random.default_rng(seed)
    noise = sigma * _noise.draw(t.noise, rng, (n_draws, n))
    others = e + noise[:, 1:]
    beaten_by = [np.sum(others > e + dev + noise[:, :1], axis=1) for dev in (h, -h)]
    diff = ((beaten_by[0] < k).astype(float) - (beaten_by[1] < k)) / (2.0 * h)
    est = float(diff.mean())
    se = float(diff.std(ddof=1) / np.sqrt(n_draws))
    top = np.zeros(n)
    top[:k] = 1.0
    probs = t.rank_probabilities(np.array([h, -h]))
    exact_fd = float((probs[0, :k].sum() - probs[1, :k].sum()) / (2.0 * h))
    derivative = _marginal_std(top, t.noise, 0.0) / sigma
    z = _z(np.array([est]), np.array([se]), np.array([exact_fd]))
    passed = bool(np.all(np.abs(z) <= z_tol))
    msg = (
        f"simulated marginal recognition probability {est:.5g} (se {se:.2g}) vs analytic "
        f"{exact_fd:.5g} at e*={e:.5g}: z={z[0]:.2f} "
        f"{'<=' if passed else '>'} {z_tol:g} (exact derivative {derivative:.5g})."
    )
    return MonteCarloCheck(
        passed=passed,
        estimate=np.array([est]),
        standard_error=np.array([se]),
        analytic=np.array([exact_fd]),
        z=z,
        z_tol=z_tol,
        message=msg,
        details={"effort": e, "step": h, "derivative": derivative, "n_draws": n_draws},
    )


def _batched_values(payoffs: np.ndarray, beliefs: list[np.ndarray], i: int) -> np.ndarray:
    """Action values of player ``i`` against beliefs, one row per replicate."""
    if len(beliefs) == 2:
        return beliefs[1] @ payoffs[..., 0].T if i == 0 else beliefs[0] @ payoffs[..., 1]
    t = np.broadcast_to(payoffs[..., i], (beliefs[0].shape[0],) + payoffs.shape[:-1])
    for q in range(len(beliefs) - 1, -1, -1):
        if q != i:
            t = np.einsum("r...k,rk->r...", np.moveaxis(t, q + 1, -1), beliefs[q])
    return t


def logit_learning(
    game: NormalFormGame,
    lam: float,
    *,
    n_rounds: int = 20_000,
    n_replicates: int = 20,
    seed: int = 0,
    z_tol: float = 4.0,
) -> MonteCarloCheck:
    """Stochastic fictitious play with logit responses, compared with the logit QRE.

    Parameters
    ----------
    game : NormalFormGame
        The stage game (any number of players).
    lam : float
        Logit precision of the responses (and of the QRE compared with).
    n_rounds : int
        Rounds of play per replicate.
    n_replicates : int
        Independent replicates (>= 2), each with its own stream spawned from
        ``seed``.
    seed : int
        Seed of the :class:`numpy.random.SeedSequence`.
    z_tol : float
        Largest accepted ``|z|`` of any action's frequency.

    Returns
    -------
    MonteCarloCheck
        ``estimate``: each action's frequency over the second half of play,
        averaged over replicates (players concatenated); ``standard_error``
        across replicates; ``analytic``: the QRE at ``lam``.

    Examples
    --------
    >>> from tournament.equilibrium import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> logit_learning(g, 2.0, n_rounds=4000, n_replicates=8).passed
    True
    """
    game = _check_game(game)
    lam = check_real("lam", lam, low=0.0)
    n_rounds = check_int("n_rounds", n_rounds, low=10)
    n_rep = check_int("n_replicates", n_replicates, low=2)
    z_tol = check_real("z_tol", z_tol, low=0.0, low_open=True)
    qre = logit_qre(game, lam, strict=True)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(n_rep)]
    m, sizes = game.n_players, game.n_actions
    beliefs = [np.full((n_rep, n), 1.0 / n) for n in sizes]
    counts = [np.zeros((n_rep, n)) for n in sizes]
    rows = np.arange(n_rep)
    half = n_rounds // 2
    # One uniform per player and round, drawn up front from each replicate's stream.
    uniforms = np.stack([s.random((n_rounds, m)) for s in streams])
    for t in range(n_rounds):
        u = uniforms[:, t, :]
        actions = []
        for i in range(m):
            v = lam * _batched_values(game.payoffs, beliefs, i)
            cum = np.cumsum(np.exp(v - v.max(axis=1, keepdims=True)), axis=1)
            draw = u[:, i : i + 1] * cum[:, -1:]
            actions.append(np.minimum((cum < draw).sum(axis=1), sizes[i] - 1))
        for i in range(m):
            beliefs[i] *= (t + 1.0) / (t + 2.0)
            beliefs[i][rows, actions[i]] += 1.0 / (t + 2.0)
            if t >= half:
                counts[i][rows, actions[i]] += 1.0
    freq = np.concatenate([c / (n_rounds - half) for c in counts], axis=1)
    est = freq.mean(axis=0)
    se = freq.std(axis=0, ddof=1) / np.sqrt(n_rep)
    exact = np.concatenate(qre.profile)
    z = _z(est, se, exact)
    passed = bool(np.all(np.abs(z) <= z_tol))
    msg = (
        f"logit learning ({n_rep} replicates x {n_rounds} rounds, lam={lam:g}): largest "
        f"|z| = {np.max(np.abs(z)):.2f} {'<=' if passed else '>'} {z_tol:g} against the QRE."
    )
    return MonteCarloCheck(
        passed=passed,
        estimate=est,
        standard_error=se,
        analytic=exact,
        z=z,
        z_tol=z_tol,
        message=msg,
        details={"qre": qre.profile, "frequencies": freq, "n_rounds": n_rounds},
    )
