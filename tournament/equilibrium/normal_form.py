"""Finite normal-form games, regret and the equilibrium test.

A game with ``m`` players, player ``i`` having ``n_i`` actions, is stored as
one payoff array of shape ``(n_1, ..., n_m, m)``: ``payoffs[a_1, ..., a_m, i]``
is player ``i``'s payoff at the pure profile ``(a_1, ..., a_m)``.

A *profile* is either pure (a tuple of ``m`` action indices) or mixed (a
sequence of ``m`` probability vectors). The *regret* of a profile is the
largest gain any single player could obtain by switching to a best reply
while the others keep their (mixed) strategies; a profile is a Nash
equilibrium exactly when its regret is zero.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from tournament._errors import ParameterError, ParameterTypeError
from tournament.equilibrium._validation import as_float_array, check_payoff_array, check_real

__all__ = ["NormalFormGame", "regret", "is_equilibrium", "action_values", "as_mixed_profile"]

Profile = Sequence[int] | Sequence[Sequence[float]] | Sequence[np.ndarray]


class NormalFormGame:
    """A finite game in normal (strategic) form.

    Parameters
    ----------
    payoffs : array_like
        Shape ``(n_1, ..., n_m, m)``; finite reals.
    action_labels : sequence of sequence of str, optional
        Names of each player's actions (default ``"0", "1", ...``).
    player_labels : sequence of str, optional
        Names of the players (default ``"player 0", ...``).

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> g.n_actions
    (2, 2)
    >>> g
    NormalFormGame(2 players, actions (2, 2))
    >>> regret(g, (1, 1))  # mutual defection in the prisoner's dilemma
    0.0
    """

    def __init__(
        self,
        payoffs: object,
        *,
        action_labels: Sequence[Sequence[str]] | None = None,
        player_labels: Sequence[str] | None = None,
    ) -> None:
        self.payoffs = check_payoff_array(payoffs)
        m = self.payoffs.ndim - 1
        shape = self.payoffs.shape[:-1]
        if action_labels is None:
            action_labels = [[str(a) for a in range(n)] for n in shape]
        labels = tuple(tuple(str(s) for s in row) for row in action_labels)
        if len(labels) != m or any(len(row) != n for row, n in zip(labels, shape, strict=False)):
            raise ParameterError(
                f"action_labels must hold one label per action of each player, i.e. lengths "
                f"{list(shape)}, got lengths {[len(r) for r in labels]}."
            )
        self.action_labels: tuple[tuple[str, ...], ...] = labels
        if player_labels is None:
            player_labels = [f"player {i}" for i in range(m)]
        if len(player_labels) != m:
            raise ParameterError(
                f"player_labels must hold {m} names (one per player), got {len(player_labels)}."
            )
        self.player_labels: tuple[str, ...] = tuple(str(s) for s in player_labels)

    @classmethod
    def from_bimatrix(cls, a: object, b: object, **kwargs) -> NormalFormGame:
        """Build a two-player game from the row and column players' matrices.

        Parameters
        ----------
        a, b : array_like
            Matrices of shape ``(n_1, n_2)``: ``a[i, j]`` is the row player's
            payoff and ``b[i, j]`` the column player's when row plays ``i``
            and column plays ``j``.
        **kwargs
            Passed to :class:`NormalFormGame`.

        Returns
        -------
        NormalFormGame
            The game.
        """
        a2, b2 = as_float_array("a", a), as_float_array("b", b)
        if a2.ndim != 2 or a2.shape != b2.shape:
            raise ParameterError(
                f"a and b must be matrices of the same shape (n_1, n_2), got shapes "
                f"{a2.shape} and {b2.shape}."
            )
        return cls(np.stack([a2, b2], axis=-1), **kwargs)

    @classmethod
    def symmetric(cls, a: object, **kwargs) -> NormalFormGame:
        """Build the symmetric two-player game with row payoff matrix ``a``.

        Parameters
        ----------
        a : array_like
            Square matrix: ``a[i, j]`` is the payoff of playing ``i`` against ``j``.
        **kwargs
            Passed to :class:`NormalFormGame`.

        Returns
        -------
        NormalFormGame
            The game with payoffs ``(a, a.T)``.
        """
        a_arr = as_float_array("a", a)
        if a_arr.ndim != 2 or a_arr.shape[0] != a_arr.shape[1]:
            raise ParameterError(f"a must be a square matrix, got shape {a_arr.shape}.")
        return cls.from_bimatrix(a_arr, a_arr.T, **kwargs)

    @property
    def n_players(self) -> int:
        """Number of players."""
        return self.payoffs.ndim - 1

    @property
    def n_actions(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return tuple(int(n) for n in self.payoffs.shape[:-1])

    def is_symmetric_two_player(self, tol: float = 0.0) -> bool:
        """Return whether the game is a symmetric two-player game.

        Parameters
        ----------
        tol : float
            Largest accepted ``|A - B.T|``.

        Returns
        -------
        bool
            ``True`` when ``n_players == 2``, the matrices are square and
            ``payoffs[..., 1] == payoffs[..., 0].T`` within ``tol``.
        """
        if self.n_players != 2 or self.n_actions[0] != self.n_actions[1]:
            return False
        a, b = self.payoffs[..., 0], self.payoffs[..., 1]
        return bool(np.max(np.abs(a - b.T)) <= tol)

    def permute_players(self, order: Sequence[int]) -> NormalFormGame:
        """Return the same game with the players relabelled.

        Parameters
        ----------
        order : sequence of int
            ``order[k]`` is the old index of the new player ``k``.

        Returns
        -------
        NormalFormGame
            The relabelled game.
        """
        order = [int(i) for i in order]
        if sorted(order) != list(range(self.n_players)):
            raise ParameterError(
                f"order must be a permutation of 0..{self.n_players - 1}, got {order}."
            )
        u = np.transpose(self.payoffs, [*order, self.n_players])[..., order]
        return NormalFormGame(
            u,
            action_labels=[self.action_labels[i] for i in order],
            player_labels=[self.player_labels[i] for i in order],
        )

    def __repr__(self) -> str:
        """Return a one-line summary."""
        return f"NormalFormGame({self.n_players} players, actions {self.n_actions})"


def _check_game(game: object) -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        raise ParameterTypeError(
            f"game must be a NormalFormGame, got {type(game).__name__}. Fix: wrap the payoff "
            "array, e.g. NormalFormGame(payoffs)."
        )
    return game


def as_mixed_profile(game: NormalFormGame, profile: Profile, *, atol: float = 1e-9) -> tuple:
    """Return ``profile`` as a tuple of probability vectors, after checking it.

    Parameters
    ----------
    game : NormalFormGame
        The game the profile belongs to.
    profile : sequence
        Pure (one action index per player) or mixed (one probability vector
        per player).
    atol : float
        Tolerance on the sum of each probability vector.

    Returns
    -------
    tuple of numpy.ndarray
        One probability vector per player.

    Raises
    ------
    ParameterError
        If the profile has the wrong number of players or actions, a negative
        or non-finite probability, or a vector not summing to one.
    """
    game = _check_game(game)
    m, n = game.n_players, game.n_actions
    if isinstance(profile, np.ndarray) and profile.ndim == 1 and profile.dtype.kind in "iu":
        profile = tuple(int(a) for a in profile)
    if len(profile) != m:
        raise ParameterError(f"profile must hold {m} strategies (one per player), got {profile!r}.")
    out = []
    for i, s in enumerate(profile):
        if isinstance(s, numbers.Integral) and not isinstance(s, bool):
            if not 0 <= int(s) < n[i]:
                raise ParameterError(
                    f"profile[{i}] must be an action index in 0 .. {n[i] - 1}, got {s}."
                )
            x = np.zeros(n[i])
            x[int(s)] = 1.0
        else:
            x = np.asarray(s, dtype=float)
            if x.shape != (n[i],):
                raise ParameterError(
                    f"profile[{i}] must be a probability vector of length {n[i]}, got {s!r}."
                )
            if not np.all(np.isfinite(x)) or np.any(x < 0):
                raise ParameterError(
                    f"profile[{i}] must hold finite probabilities >= 0, got {x.tolist()!r}."
                )
            if abs(x.sum() - 1.0) > atol:
                raise ParameterError(
                    f"profile[{i}] must sum to 1 (within {atol:g}), got sum {float(x.sum())!r} for "
                    f"{x.tolist()!r}. Fix: divide it by its sum."
                )
        out.append(x)
    return tuple(out)


def action_values(game: NormalFormGame, profile: Profile, player: int) -> np.ndarray:
    """Expected payoff of each of ``player``'s pure actions against ``profile``.

    Parameters
    ----------
    game : NormalFormGame
        The game.
    profile : sequence
        Pure or mixed profile; ``player``'s own entry is ignored.
    player : int
        Index of the player.

    Returns
    -------
    numpy.ndarray
        Length ``n_actions[player]``.
    """
    sigma = as_mixed_profile(game, profile)
    return _action_values(game.payoffs, sigma, player)


def _action_values(payoffs: np.ndarray, sigma: Sequence[np.ndarray], player: int) -> np.ndarray:
    if len(sigma) == 2:  # fast path: one matrix-vector product
        return payoffs[..., 0] @ sigma[1] if player == 0 else sigma[0] @ payoffs[..., 1]
    t = payoffs[..., player]
    for q in range(len(sigma) - 1, -1, -1):
        if q != player:
            t = np.tensordot(t, sigma[q], axes=([q], [0]))
    return t


def regret(game: NormalFormGame, profile: Profile, *, per_player: bool = False):
    """Largest gain a player can obtain by deviating unilaterally from ``profile``.

    Parameters
    ----------
    game : NormalFormGame
        The game (any number of players).
    profile : sequence
        Pure or mixed profile.
    per_player : bool
        Return each player's regret instead of the maximum.

    Returns
    -------
    float or numpy.ndarray
        ``max_i [max_a u_i(a, s_-i) - u_i(s)]`` (never negative), or the
        vector of each player's term.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> regret(g, ([0.5, 0.5], [0.5, 0.5]))
    0.0
    >>> regret(g, (0, 0))
    2.0
    """
    sigma = as_mixed_profile(game, profile)
    r = _regrets(game.payoffs, sigma)
    return r if per_player else float(r.max())


def _regrets(payoffs: np.ndarray, sigma: Sequence[np.ndarray]) -> np.ndarray:
    """Each player's regret at a checked mixed profile (no validation)."""
    r = np.empty(len(sigma))
    for i in range(len(sigma)):
        v = _action_values(payoffs, sigma, i)
        r[i] = max(float(v.max() - v @ sigma[i]), 0.0)
    return r


def is_equilibrium(game: NormalFormGame, profile: Profile, tol: float = 1e-9) -> bool:
    """Return whether ``profile`` is a Nash equilibrium up to ``tol``.

    Parameters
    ----------
    game : NormalFormGame
        The game.
    profile : sequence
        Pure or mixed profile.
    tol : float
        Largest accepted regret (>= 0).

    Returns
    -------
    bool
        ``regret(game, profile) <= tol``.
    """
    tol = check_real("tol", tol, low=0.0)
    return regret(game, profile) <= tol
