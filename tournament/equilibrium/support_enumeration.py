"""All Nash equilibria of a two-player game by support enumeration.

Method: for every pair of supports of equal size ``k`` (one per player),
solve the two linear indifference systems (each player's mix makes the other
indifferent on its support), keep the solutions with strictly positive
probabilities on the support and no profitable action outside it. The
enumeration runs in a compiled kernel
(:func:`~tournament.equilibrium._support_enum_kernels.support_enumeration_kernel`);
this layer validates, rescales the payoffs to a largest absolute value of 1
(which changes no equilibrium), allocates the outputs and frames the result.

Guarantees: in a *nondegenerate* game (no mixed strategy has more pure best
replies than the size of its support) every equilibrium has supports of
equal size and is isolated, so the list is complete, and its length is odd.
The cost grows like ``C(m + n, n)``: keep games small (about 12 actions).

Failure modes: a *degenerate* game may have equilibria with unequal
supports or continua of equilibria, which this method misses. The solver
checks for degeneracy (a witness search over all supports, plus a best-reply
count at every equilibrium found), and on a degenerate game returns what it
found with ``degenerate=True`` and ``success=False``, and warns
(:class:`DegenerateGameWarning`); with ``strict=True`` it raises
:class:`~tournament._errors.EquilibriumError` instead.
"""

from __future__ import annotations

import warnings

import numpy as np

from tournament._errors import EquilibriumError, ParameterError
from tournament.equilibrium._results import EquilibriumSet
from tournament.equilibrium._support_enum_kernels import (
    degeneracy_witness_kernel,
    support_enumeration_kernel,
)
from tournament.equilibrium._validation import check_real
from tournament.equilibrium.normal_form import NormalFormGame, _check_game, _regrets

__all__ = ["support_enumeration", "is_degenerate", "DegenerateGameWarning"]


class DegenerateGameWarning(UserWarning):
    """Support enumeration ran on a degenerate game and may have missed equilibria."""


def _scaled_matrices(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray, float]:
    game = _check_game(game)
    if game.n_players != 2:
        raise ParameterError(
            f"game must have 2 players for support enumeration, got {game.n_players}. "
            "Fix: use pure_equilibria() or logit_qre() for games of more players."
        )
    u = game.payoffs
    scale = float(np.max(np.abs(u)))
    scale = scale if scale > 0 else 1.0
    a = np.ascontiguousarray(u[..., 0] / scale)
    bt = np.ascontiguousarray(u[..., 1].T / scale)
    return a, bt, scale


def is_degenerate(game: NormalFormGame, tol: float = 1e-10) -> bool:
    """Return whether a two-player game is degenerate.

    A game is degenerate when some mixed strategy (of either player) has more
    pure best replies than actions in its support.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    tol : float
        Tolerance on payoff ties, relative to the largest absolute payoff.

    Returns
    -------
    bool
        ``True`` if a witness strategy was found.

    Examples
    --------
    >>> from tournament.equilibrium import NormalFormGame
    >>> is_degenerate(NormalFormGame.from_bimatrix([[1, 1], [0, 2]], [[1, 1], [0, 2]]))
    True
    >>> is_degenerate(NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
    False
    """
    tol = check_real("tol", tol, low=0.0)
    a, bt, _ = _scaled_matrices(game)
    witness = np.zeros(max(a.shape))
    return degeneracy_witness_kernel(a, bt, tol, witness) != 0


def support_enumeration(
    game: NormalFormGame,
    *,
    tol: float = 1e-10,
    check_degeneracy: bool = True,
    strict: bool = False,
) -> EquilibriumSet:
    """All Nash equilibria of a nondegenerate two-player game.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.
    tol : float
        Tolerance on probabilities and payoff comparisons, relative to the
        largest absolute payoff.
    check_degeneracy : bool
        Run the full degeneracy check (about doubles the cost). Without it
        only the best-reply count at the equilibria found is checked, and
        ``success`` is ``True`` unless that count exposes degeneracy.
    strict : bool
        Raise :class:`~tournament._errors.EquilibriumError` on a degenerate
        game instead of warning.

    Returns
    -------
    EquilibriumSet
        Equilibria ordered by support size, then supports lexicographically.

    Raises
    ------
    EquilibriumError
        With ``strict=True``, if the game is degenerate.

    Examples
    --------
    >>> from tournament.equilibrium import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    >>> res = support_enumeration(g)
    >>> len(res), res.success
    (3, True)
    >>> [tuple(np.round(s, 4).tolist() for s in eq) for eq in res]
    [([1.0, 0.0, 0.0], [1.0, 0.0]), ([0.8, 0.2, 0.0], [0.6667, 0.3333]), ([0.0, 0.3333, 0.6667], [0.3333, 0.6667])]
    """  # noqa: E501
    tol = check_real("tol", tol, low=0.0)
    a, bt, scale = _scaled_matrices(game)
    m, n = a.shape
    info = np.zeros(3, dtype=np.int64)
    cap = 16
    while True:
        out_x = np.zeros((cap, m))
        out_y = np.zeros((cap, n))
        found = support_enumeration_kernel(a, bt, tol, out_x, out_y, info)
        if found <= cap:
            break
        cap = found
    eqs = [(out_x[i].copy(), out_y[i].copy()) for i in range(found)]
    degenerate = bool(info[1] > 0)
    reason = "an equilibrium found has more best replies than its support size"
    if not degenerate and check_degeneracy:
        witness = np.zeros(max(m, n))
        who = degeneracy_witness_kernel(a, bt, tol, witness)
        if who:
            degenerate = True
            side = "row" if who == 1 else "column"
            k = int(np.count_nonzero(witness > 0))
            reason = (
                f"the {side} player's strategy {np.round(witness[: (m if who == 1 else n)], 6)}"
                f" (support size {k}) has more than {k} pure best replies"
            )
    max_r = max((float(_regrets(game.payoffs, eq).max()) for eq in eqs), default=0.0)
    n_eq = len(eqs)
    if degenerate:
        msg = (
            f"degenerate game: {reason}; support enumeration found {n_eq} equilibri"
            f"{'um' if n_eq == 1 else 'a'} but may miss equilibria with unequal supports or "
            "continua of equilibria. Fix: perturb the payoffs slightly, or treat the list as "
            "partial."
        )
        if strict:
            raise EquilibriumError(msg)
        warnings.warn(msg, DegenerateGameWarning, stacklevel=2)
        success = False
    elif n_eq == 0:
        msg = (
            "no equilibrium found in a game not detected as degenerate: numerical trouble "
            f"(tol={tol:g} too small for these payoffs?)."
        )
        if strict:
            raise EquilibriumError(msg)
        success = False
    else:
        checked = "nondegenerate game" if check_degeneracy else "degeneracy not fully checked"
        msg = f"{n_eq} equilibri{'um' if n_eq == 1 else 'a'} found ({checked}; list complete)."
        success = True
    return EquilibriumSet(
        equilibria=eqs,
        success=success,
        message=msg,
        method="support enumeration",
        degenerate=degenerate,
        max_regret=float(max_r),
        n_checked=int(info[2]),
    )
