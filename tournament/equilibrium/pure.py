"""Pure-strategy Nash equilibria by enumeration of all pure profiles.

Method: for each player, mark the profiles at which the player's action is a
best reply to the others' actions (a maximum of the payoff along that
player's axis, within ``tol``); the equilibria are the profiles marked for
every player. The cost is one pass over the payoff array, so any number of
players works as long as the array fits in memory.

Guarantee: every pure equilibrium is listed (exactly, with ``tol=0``). A game
may have none; the result then says so with ``success=True`` (the list is
complete) and an empty list.
"""

from __future__ import annotations

import numpy as np

from tournament.equilibrium._results import EquilibriumSet
from tournament.equilibrium._validation import check_real
from tournament.equilibrium.normal_form import NormalFormGame, _check_game, regret

__all__ = ["pure_equilibria", "best_reply_mask"]


def best_reply_mask(game: NormalFormGame, tol: float = 0.0) -> np.ndarray:
    """Mark, for each player, the pure profiles at which the player best-replies.

    Parameters
    ----------
    game : NormalFormGame
        The game.
    tol : float
        An action within ``tol`` of the best payoff counts as a best reply.

    Returns
    -------
    numpy.ndarray of bool
        Same shape as ``game.payoffs``: ``mask[a, i]`` is ``True`` when
        player ``i``'s action in ``a`` is a best reply to the others' actions.
    """
    game = _check_game(game)
    tol = check_real("tol", tol, low=0.0)
    u = game.payoffs
    mask = np.empty(u.shape, dtype=bool)
    for i in range(game.n_players):
        best = u[..., i].max(axis=i, keepdims=True)
        mask[..., i] = u[..., i] >= best - tol
    return mask


def pure_equilibria(game: NormalFormGame, tol: float = 0.0) -> EquilibriumSet:
    """List all pure-strategy Nash equilibria of a finite game.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    tol : float
        Accept profiles whose regret is at most ``tol`` (>= 0).

    Returns
    -------
    EquilibriumSet
        ``pure_profiles`` holds the action indices of each equilibrium in
        lexicographic order, ``equilibria`` the same profiles as mixed
        strategies (one-hot vectors).

    Examples
    --------
    >>> from tournament.equilibrium import NormalFormGame
    >>> battle = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> pure_equilibria(battle).pure_profiles
    [(0, 0), (1, 1)]
    """
    game = _check_game(game)
    mask = best_reply_mask(game, tol)
    profiles = [tuple(int(a) for a in row) for row in np.argwhere(mask.all(axis=-1))]
    eqs = []
    for p in profiles:
        eqs.append(tuple(np.eye(n)[a] for n, a in zip(game.n_actions, p, strict=True)))
    max_r = max((regret(game, p) for p in profiles), default=0.0)
    n = len(profiles)
    msg = f"{n} pure equilibri{'um' if n == 1 else 'a'} found among {mask[..., 0].size} profiles"
    if n == 0:
        msg += " (the game has no pure-strategy equilibrium; look for mixed ones)"
    return EquilibriumSet(
        equilibria=eqs,
        success=True,
        message=msg + ".",
        method="pure enumeration",
        max_regret=float(max_r),
        pure_profiles=profiles,
        n_checked=int(mask[..., 0].size),
    )
