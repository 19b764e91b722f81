"""Tullock contests, with one prize or several awarded by a nested lottery.

``n`` players spend efforts ``e_i >= 0`` at marginal cost ``cost``. With one
prize ``V``, player ``i`` wins with probability ``e_i**r / sum_j e_j**r``
(``r`` is the *decisiveness*). With several prizes ``V_1 >= V_2 >= ...``
(Clark and Riis 1996) the first winner is drawn with those probabilities,
removed, the second drawn from the rest the same way, and so on.

A Tullock contest is a Gumbel-noise rank-order tournament in log effort:
``e**r = exp(r log e)``, so the nested lottery is Plackett-Luce with weights
``exp(log(e_i) / s)``, ``s = 1 / r``. The rank probabilities below are exactly
those of :func:`tournament.equilibrium.rank_order.rank_probabilities` with
Gumbel noise, and the tests use that as a cross-check between the solvers.

Symmetric equilibrium: ``e* = (r / (c n)) sum_j V_j (1 - sum_{l<j} 1/(n - l))``
(Clark and Riis), which is ``r V (n - 1) / (c n**2)`` for one prize. With one
prize it is an equilibrium exactly when ``r <= n / (n - 1)`` (beyond that
the expected payoff at ``e*`` is negative and staying out pays; equilibria
are then mixed, Baye, Kovenock and de Vries 1994). Every answer is also
checked numerically: the candidate must be a global best response.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tournament._errors import EquilibriumError, ParameterError, ParameterTypeError
from tournament.equilibrium._best_response import BestResponseCheck, global_best_response
from tournament.equilibrium._results import ResultMixin
from tournament.equilibrium._validation import check_int, check_prizes, check_real
from tournament.equilibrium.rank_order import rank_probabilities

__all__ = [
    "TullockContest",
    "TullockEquilibrium",
    "tullock_effort",
    "clark_riis_effort",
    "tullock_equilibrium",
]


@dataclass(frozen=True)
class TullockContest:
    """A Tullock contest with prizes awarded by a nested lottery.

    Parameters
    ----------
    n_players : int
        Number of players (>= 2).
    prizes : sequence of float
        Prizes by rank, best first: non-increasing, at least one and at most
        ``n_players``; missing ranks get 0. A single prize is the classic
        Tullock contest.
    decisiveness : float
        The exponent ``r`` (> 0).
    cost : float
        Marginal cost of effort (> 0).

    Examples
    --------
    >>> c = TullockContest(n_players=2, prizes=(1.0,), decisiveness=1.0)
    >>> c.win_probabilities(1.0, 1.0)
    array([0.5, 0.5])
    """

    n_players: int
    prizes: tuple[float, ...] = (1.0,)
    decisiveness: float = 1.0
    cost: float = 1.0

    def __post_init__(self) -> None:
        n = check_int("n_players", self.n_players, low=2)
        w = check_prizes(self.prizes, min_size=1)
        if w.size > n:
            raise ParameterError(
                f"prizes must hold at most n_players={n} prizes, got {len(w)}: {w.tolist()!r}."
            )
        if w[-1] < 0:
            raise ParameterError(f"prizes must be >= 0 in a Tullock contest, got {w.tolist()!r}.")
        object.__setattr__(self, "n_players", n)
        object.__setattr__(self, "prizes", tuple(float(x) for x in w))
        for name in ("decisiveness", "cost"):
            val = check_real(name, getattr(self, name), low=0.0, low_open=True)
            object.__setattr__(self, name, val)

    @property
    def full_prizes(self) -> np.ndarray:
        """Prize of every rank, padded with zeros to ``n_players``."""
        w = np.zeros(self.n_players)
        w[: len(self.prizes)] = self.prizes
        return w

    @property
    def single_prize(self) -> bool:
        """Whether only the first rank earns a positive prize."""
        return bool(np.all(self.full_prizes[1:] == 0.0))

    def rank_probabilities(self, effort, others_effort: float) -> np.ndarray:
        """Rank distribution of ``effort`` against ``n - 1`` players at ``others_effort``.

        Parameters
        ----------
        effort : float or numpy.ndarray
            Own effort (>= 0).
        others_effort : float
            The others' common effort (>= 0; against zero efforts any positive
            effort is drawn first, and zero against zero ties).

        Returns
        -------
        numpy.ndarray
            Shape ``(..., n)``: probability of rank 1 (first drawn) to ``n``.
        """
        e = np.asarray(effort, dtype=float)
        if others_effort <= 0.0:  # against zero efforts any effort wins; zero ties
            d = np.where(e > 0.0, np.inf, 0.0)
        else:
            with np.errstate(divide="ignore"):
                d = self.decisiveness * (np.log(e) - math.log(others_effort))
        return rank_probabilities(self.n_players, "gumbel", d)

    def win_probabilities(self, effort: float, others_effort: float) -> np.ndarray:
        """Probability of the first prize for own and for each other player's effort."""
        p1 = float(self.rank_probabilities(effort, others_effort)[0])
        return np.array([p1] + [(1.0 - p1) / (self.n_players - 1)] * (self.n_players - 1))

    def payoff(self, effort, others_effort: float) -> np.ndarray:
        """Expected prize minus cost of ``effort`` against ``others_effort``."""
        e = np.asarray(effort, dtype=float)
        return self.rank_probabilities(e, others_effort) @ self.full_prizes - self.cost * e


@dataclass(frozen=True, repr=False)
class TullockEquilibrium(ResultMixin):
    """Symmetric pure-strategy equilibrium of a Tullock contest.

    Attributes
    ----------
    effort : float
        Equilibrium effort; ``nan`` when ``success`` is ``False``.
    success : bool
        Whether the candidate is a verified equilibrium.
    message : str
        What was found, or why there is no pure equilibrium.
    candidate : float
        The Clark-Riis first-order effort.
    payoff : float
        Each player's expected payoff at the candidate.
    in_domain : bool or None
        One prize: whether ``decisiveness <= n / (n - 1)``; ``None`` for
        several prizes (no closed-form domain; the numerical check decides).
    domain_bound : float or None
        ``n / (n - 1)`` for one prize, else ``None``.
    verification : BestResponseCheck
        The numerical global best-response record.
    """

    effort: float
    success: bool
    message: str
    candidate: float
    payoff: float
    in_domain: bool | None
    domain_bound: float | None
    verification: BestResponseCheck


def tullock_effort(n_players: int, prize: float, decisiveness: float = 1.0, cost: float = 1.0):
    """Closed-form symmetric effort ``r V (n - 1) / (c n**2)`` of a one-prize contest.

    Parameters
    ----------
    n_players : int
        Number of players (>= 2).
    prize : float
        The prize ``V`` (>= 0).
    decisiveness : float
        ``r`` (> 0).
    cost : float
        Marginal cost ``c`` (> 0).

    Returns
    -------
    float
        The first-order effort (an equilibrium only if ``r <= n / (n - 1)``).
    """
    n = check_int("n_players", n_players, low=2)
    v = check_real("prize", prize, low=0.0)
    r = check_real("decisiveness", decisiveness, low=0.0, low_open=True)
    c = check_real("cost", cost, low=0.0, low_open=True)
    return r * v * (n - 1) / (c * n * n)


def clark_riis_effort(contest: TullockContest) -> float:
    """Symmetric first-order effort of a nested-lottery contest (Clark and Riis 1996).

    Parameters
    ----------
    contest : TullockContest
        The contest.

    Returns
    -------
    float
        ``(r / (c n)) sum_j V_j (1 - sum_{l < j} 1 / (n - l))``.
    """
    n = contest.n_players
    harmonic = np.cumsum(1.0 / (n - np.arange(n)))
    total = float(np.dot(contest.full_prizes, 1.0 - harmonic))
    return contest.decisiveness * total / (contest.cost * n)


def tullock_equilibrium(
    contest: TullockContest, *, grid_size: int = 2001, tol: float = 1e-9, strict: bool = False
) -> TullockEquilibrium:
    """Symmetric pure-strategy equilibrium of a Tullock contest, verified.

    Parameters
    ----------
    contest : TullockContest
        The contest.
    grid_size : int
        Grid points of the deviation search (>= 11).
    tol : float
        Largest accepted deviation gain, relative to the first prize.
    strict : bool
        Raise :class:`~tournament._errors.EquilibriumError` instead of
        returning ``success=False``.

    Returns
    -------
    TullockEquilibrium
        The verified equilibrium, or the reason there is none.

    Examples
    --------
    >>> res = tullock_equilibrium(TullockContest(n_players=2, prizes=(1.0,)))
    >>> res.success, res.effort
    (True, 0.25)
    >>> tullock_equilibrium(TullockContest(3, (1.0,), decisiveness=2.0)).in_domain
    False
    """
    if not isinstance(contest, TullockContest):
        raise ParameterTypeError(
            f"contest must be a TullockContest, got {type(contest).__name__}."
        )
    grid_size = check_int("grid_size", grid_size, low=11)
    tol = check_real("tol", tol, low=0.0)
    n, r, c = contest.n_players, contest.decisiveness, contest.cost
    w = contest.full_prizes
    e = clark_riis_effort(contest)
    tol_abs = tol * max(w[0], 1e-300)
    bound = n / (n - 1) if contest.single_prize else None
    in_domain = None if bound is None else bool(r <= bound * (1.0 + 1e-12))
    if e > 0:
        upper = e + (w[0] - w[-1]) / c
        check = global_best_response(
            lambda x: contest.payoff(x, e), e, upper, grid_size=grid_size, tol=tol_abs
        )
        payoff = float(np.mean(w) - c * e)
    else:  # all prizes equal: nobody gains from effort
        check = global_best_response(lambda x: w[0] - c * np.asarray(x), 0.0, 1.0, tol=tol_abs)
        payoff = float(w[0])
    if check.passed and in_domain is not False:
        msg = (
            f"symmetric pure-strategy equilibrium e*={e:.6g}: global best response (largest "
            f"deviation gain {check.gain:.2g} <= {tol_abs:.2g})"
        )
        msg += f", r={r:g} <= n/(n-1)={bound:.6g}." if bound is not None else "."
    elif in_domain is False:
        msg = (
            f"no symmetric pure-strategy equilibrium: decisiveness r={r:g} exceeds "
            f"n/(n-1)={bound:.6g}, so at the candidate e*={e:.6g} each player expects "
            f"{payoff:.6g} < 0 and staying out pays (deviation to e={check.best_response:.4g} "
            f"gains {check.gain:.3g}); the equilibria are in mixed strategies."
        )
    else:
        msg = (
            f"no symmetric pure-strategy equilibrium: the candidate e*={e:.6g} is not a best "
            f"response, deviating to e={check.best_response:.6g} gains {check.gain:.3g} > "
            f"tol {tol_abs:.3g} (decisiveness r={r:g} too high for these prizes)."
        )
    success = bool(check.passed and in_domain is not False)
    if in_domain is not None and check.passed != in_domain:
        msg += (
            f" Warning: the numerical check ({'passed' if check.passed else 'failed'}) "
            "disagrees with the analytic domain; the analytic answer is reported."
        )
    if strict and not success:
        raise EquilibriumError(msg)
    return TullockEquilibrium(
        effort=e if success else float("nan"),
        success=success,
        message=msg,
        candidate=e,
        payoff=payoff,
        in_domain=in_domain,
        domain_bound=bound,
        verification=check,
    )
