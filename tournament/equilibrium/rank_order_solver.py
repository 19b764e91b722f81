"""Symmetric pure-strategy equilibrium of a rank-order tournament, verified.

Method: the first-order condition ``V'(0) = cost_scale * e**(cost_power-1)``
gives the candidate ``e*`` (``V'(0)`` from the exact rank probabilities of
:mod:`tournament.equilibrium.rank_order`). The candidate is accepted only if

1. it is a *global* best response: the payoff of a unilateral deviation
   ``e`` against ``N - 1`` players at ``e*`` is evaluated on a grid over
   ``[0, e_max]`` and every leading local maximum is refined; ``e_max`` is
   where the cost increase exceeds the prize spread, so no larger deviation
   can pay. Any gain above ``tol`` times the larger of the prize spread and
   the largest absolute prize rejects the candidate;
2. each player's equilibrium payoff ``mean(prizes) - c(e*)`` is at least the
   outside option (participation), unless ``outside_option=None``.

Failure modes (``success=False``, ``effort=nan``, the reason in ``message``):
small noise relative to the prize spread makes the deviation payoff convex
near ``e*`` or makes shirking (a deviation to low effort) pay, so no
symmetric pure-strategy equilibrium exists (Lazear and Rosen 1981, Nalebuff
and Stiglitz 1983); and the participation constraint can fail.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tournament._errors import EquilibriumError, ParameterTypeError
from tournament.equilibrium._best_response import BestResponseCheck, global_best_response
from tournament.equilibrium._results import ResultMixin
from tournament.equilibrium._validation import check_int, check_real
from tournament.equilibrium.rank_order import RankOrderTournament

__all__ = ["TournamentEquilibrium", "symmetric_equilibrium"]


@dataclass(frozen=True, repr=False)
class TournamentEquilibrium(ResultMixin):
    """Symmetric pure-strategy equilibrium of a tournament, with its evidence.

    Attributes
    ----------
    effort : float
        Equilibrium effort; ``nan`` when ``success`` is ``False``.
    success : bool
        Whether the candidate passed every check.
    message : str
        What was found, or why there is no equilibrium.
    candidate : float
        Root of the first-order condition (reported even on failure).
    payoff : float
        Each player's expected payoff at the candidate profile.
    marginal_prize : float
        ``V'(0)``: marginal expected prize of own effort at the candidate.
    outside_option : float or None
        Participation threshold used (``None``: not checked).
    verification : BestResponseCheck
        The global best-response record.
    """

    effort: float
    success: bool
    message: str
    candidate: float
    payoff: float
    marginal_prize: float
    outside_option: float | None
    verification: BestResponseCheck


def symmetric_equilibrium(
    tournament: RankOrderTournament,
    *,
    outside_option: float | None = 0.0,
    grid_size: int = 2001,
    tol: float = 1e-9,
    strict: bool = False,
) -> TournamentEquilibrium:
    """Symmetric pure-strategy equilibrium effort of a rank-order tournament.

    Parameters
    ----------
    tournament : RankOrderTournament
        The tournament.
    outside_option : float or None
        Payoff of staying out; ``None`` skips the participation check.
    grid_size : int
        Grid points of the global deviation search (>= 11).
    tol : float
        Largest accepted deviation gain, relative to the larger of the prize
        spread and the largest absolute prize.
    strict : bool
        Raise :class:`~tournament._errors.EquilibriumError` instead of
        returning ``success=False``.

    Returns
    -------
    TournamentEquilibrium
        The verified equilibrium, or the reason there is none.

    Examples
    --------
    >>> from tournament.equilibrium import RankOrderTournament
    >>> res = symmetric_equilibrium(RankOrderTournament((1.0, 0.0), "normal", 1.0))
    >>> res.success, round(res.effort, 6)
    (True, 0.282095)
    >>> symmetric_equilibrium(RankOrderTournament((1.0, 0.0), "normal", 0.1)).success
    False
    """
    if not isinstance(tournament, RankOrderTournament):
        raise ParameterTypeError(
            f"tournament must be a RankOrderTournament, got {type(tournament).__name__}."
        )
    if outside_option is not None:
        outside_option = check_real("outside_option", outside_option)
    grid_size = check_int("grid_size", grid_size, low=11)
    tol = check_real("tol", tol, low=0.0)
    t = tournament
    spread = t.prize_spread
    e = t.first_order_effort()
    v1 = t.marginal_prize(0.0)
    p, c = t.cost_power, t.cost_scale
    upper = ((float(t.cost(e)) + spread) * p / c) ** (1.0 / p)
    tol_abs = tol * max(spread, float(np.max(np.abs(t.prizes))), 1e-300)
    check = global_best_response(
        lambda x: t.payoff(x, e), e, max(upper, 2.0 * e), grid_size=grid_size, tol=tol_abs
    )
    payoff = float(np.mean(t.prizes) - t.cost(e))
    joins = outside_option is None or payoff >= outside_option - tol_abs
    if check.passed and joins:
        msg = (
            f"symmetric pure-strategy equilibrium e*={e:.6g}: global best response "
            f"(largest deviation gain {check.gain:.2g} <= {tol_abs:.2g})"
        )
        if outside_option is not None:
            msg += f", participation holds ({payoff:.6g} >= {outside_option:.6g})"
        msg += "."
    elif not check.passed:
        msg = (
            f"no symmetric pure-strategy equilibrium: the first-order candidate e*={e:.6g} is "
            f"not a best response, deviating to e={check.best_response:.6g} gains "
            f"{check.gain:.3g} > tol {tol_abs:.3g}. The noise (noise_scale={t.noise_scale:g}) "
            f"is too small relative to the prize spread ({spread:g}) and the cost "
            "(cost_scale={:g}, cost_power={:g}); equilibria are then in mixed strategies.".format(
                c, p
            )
        )
    else:
        msg = (
            f"no equilibrium with participation: at e*={e:.6g} each player expects "
            f"{payoff:.6g} < outside_option {outside_option:.6g} (participation fails; "
            "raise the prizes or lower the cost)."
        )
    success = bool(check.passed and joins)
    if strict and not success:
        raise EquilibriumError(msg)
    return TournamentEquilibrium(
        effort=e if success else float("nan"),
        success=success,
        message=msg,
        candidate=e,
        payoff=payoff,
        marginal_prize=v1,
        outside_option=outside_option,
        verification=check,
    )
