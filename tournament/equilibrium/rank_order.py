"""Rank-order tournaments with effort (Lazear and Rosen 1981).

``N`` players choose efforts ``e_i >= 0``; output is ``e_i + noise_scale * X_i``
with ``X_i`` iid standardised noise (see :mod:`tournament.equilibrium._noise`:
normal, Gumbel centred to mean 0, or uniform on ``[-1, 1]``). The player with
the ``r``-th highest output wins ``prizes[r - 1]`` (non-increasing); effort
costs ``cost_scale * e**cost_power / cost_power`` with ``cost_power > 1``.

Rank probabilities of a player whose effort exceeds the others' common effort
by ``delta`` depend only on ``d = delta / noise_scale``:

- Gumbel: Plackett-Luce with weights ``exp(d)`` and 1 (exact);
- normal and uniform: ``P(rank = N - k) = E[Binom(k; N - 1, F(X + d))]``
  integrated over the player's own noise ``X`` by Gauss-Legendre quadrature
  (composite for the normal; split at the kinks, hence exact, for uniform).

The symmetric pure-strategy equilibrium solves the first-order condition
``V'(0) = c'(e*)`` with ``V`` the expected prize as a function of the
deviation; :func:`tournament.equilibrium.symmetric_equilibrium` solves it and
verifies that the root is a global best response.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from tournament.equilibrium import _noise
from tournament.equilibrium._validation import (
    check_choice,
    check_int,
    check_prizes,
    check_real,
)

__all__ = [
    "RankOrderTournament",
    "rank_probabilities",
    "two_player_normal_effort",
    "logit_contest_effort",
]

_CHUNK = 2_000_000  # floats per block of the (offsets x nodes x ranks) array


@dataclass(frozen=True)
class RankOrderTournament:
    """A Lazear-Rosen rank-order tournament.

    Parameters
    ----------
    prizes : sequence of float
        Prize of each rank, best first; non-increasing, at least two.
        ``len(prizes)`` is the number of players.
    noise : {"normal", "gumbel", "uniform"}
        Family of the additive noise.
    noise_scale : float
        Multiplier of the standardised noise (> 0).
    cost_scale : float
        Cost coefficient (> 0).
    cost_power : float
        Cost exponent (> 1).

    Examples
    --------
    >>> t = RankOrderTournament(prizes=(1.0, 0.0), noise="normal", noise_scale=1.0)
    >>> t.n_players
    2
    >>> round(float(t.marginal_prize()), 6)  # (W1 - W2) / (2 sqrt(pi) sigma)
    0.282095
    """

    prizes: tuple[float, ...]
    noise: str = "normal"
    noise_scale: float = 1.0
    cost_scale: float = 1.0
    cost_power: float = 2.0

    def __post_init__(self) -> None:
        w = check_prizes(self.prizes, min_size=2)
        object.__setattr__(self, "prizes", tuple(float(x) for x in w))
        check_choice("noise", self.noise, _noise.NOISE_FAMILIES)
        for name, low in (("noise_scale", 0.0), ("cost_scale", 0.0), ("cost_power", 1.0)):
            val = check_real(name, getattr(self, name), low=low, low_open=True)
            object.__setattr__(self, name, val)

    @property
    def n_players(self) -> int:
        """Number of players (the length of ``prizes``)."""
        return len(self.prizes)

    @property
    def prize_spread(self) -> float:
        """Best prize minus worst prize."""
        return self.prizes[0] - self.prizes[-1]

    def cost(self, effort: np.ndarray | float) -> np.ndarray:
        """Effort cost ``cost_scale * e**cost_power / cost_power``."""
        e = np.asarray(effort, dtype=float)
        return self.cost_scale * e**self.cost_power / self.cost_power

    def rank_probabilities(self, deviation: np.ndarray | float = 0.0) -> np.ndarray:
        """Rank distribution of a player ``deviation`` above the others' effort.

        Parameters
        ----------
        deviation : float or numpy.ndarray
            Own effort minus the others' common effort.

        Returns
        -------
        numpy.ndarray
            Shape ``(..., N)``: probability of rank 1 (best) to ``N``.
        """
        d = np.asarray(deviation, dtype=float) / self.noise_scale
        return rank_probabilities(self.n_players, self.noise, d)

    def expected_prize(self, deviation: np.ndarray | float = 0.0) -> np.ndarray:
        """Expected prize ``V(deviation)`` of a player above the others' effort."""
        d = np.asarray(deviation, dtype=float) / self.noise_scale
        w = np.asarray(self.prizes)
        if self.noise == "gumbel":
            return rank_probabilities(self.n_players, "gumbel", d) @ w
        return _expected_prize_std(w, self.noise, d.reshape(-1)).reshape(d.shape)

    def marginal_prize(self, deviation: float = 0.0) -> float:
        """Derivative ``V'(deviation)`` of the expected prize in own effort."""
        d = float(deviation) / self.noise_scale
        return _marginal_std(np.asarray(self.prizes), self.noise, d) / self.noise_scale

    def payoff(self, effort: np.ndarray | float, others_effort: float) -> np.ndarray:
        """Expected payoff of ``effort`` when every other player exerts ``others_effort``."""
        e = np.asarray(effort, dtype=float)
        return self.expected_prize(e - others_effort) - self.cost(e)

    def first_order_effort(self) -> float:
        """Root of the first-order condition ``V'(0) = cost_scale * e**(cost_power - 1)``."""
        if self.prize_spread == 0.0:
            return 0.0
        v1 = max(self.marginal_prize(0.0), 0.0)
        return float((v1 / self.cost_scale) ** (1.0 / (self.cost_power - 1.0)))


def _plackett_luce(n_players: int, d: np.ndarray) -> np.ndarray:
    """Exact rank distribution under Gumbel noise (one weight ``exp(d)``, others 1)."""
    n = n_players - 1
    d = np.clip(d, -700.0, 700.0)[..., None]
    j = np.arange(n, dtype=float)  # others still ahead in the draw: n - j
    log_rest = np.log(n - j)
    # log P(one of the n - j remaining others is drawn before the player)
    log_other = log_rest - np.logaddexp(d, log_rest)
    cum = np.concatenate([np.zeros(d.shape), np.cumsum(log_other, axis=-1)], axis=-1)
    log_self = np.concatenate([d - np.logaddexp(d, log_rest), np.zeros(d.shape)], axis=-1)
    return np.exp(cum + log_self)


def _binom_pmf(n: int, p: np.ndarray) -> np.ndarray:
    """``pmf[..., k] = C(n, k) p^k (1-p)^(n-k)`` for ``k = 0..n``, stable at 0 and 1."""
    k = np.arange(n + 1, dtype=float)
    logc = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    p = p[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        lp = np.where(k > 0, k * np.log(p), 0.0)
        lq = np.where(n - k > 0, (n - k) * np.log1p(-p), 0.0)
    return np.exp(logc + lp + lq)


def _nodes(noise: str, d: np.ndarray, order: int) -> tuple[np.ndarray, np.ndarray]:
    if noise == "uniform":
        return _noise.uniform_pieces(d, order)
    x, w = _noise.legendre_rule(noise)
    return np.broadcast_to(x, (len(d), len(x))), np.broadcast_to(w, (len(d), len(x)))


def _quadrature_ranks(n_players: int, noise: str, d: np.ndarray) -> np.ndarray:
    n = n_players - 1
    out = np.empty((len(d), n_players))
    order = n_players + 2
    step = max(1, _CHUNK // ((3 * order + 500) * n_players))
    for s in range(0, len(d), step):
        dd = d[s : s + step]
        x, w = _nodes(noise, dd, order)
        beat = _noise.cdf(noise, x + dd[:, None])  # P(a given other is beaten)
        pmf = _binom_pmf(n, beat)  # k others beaten -> rank N - k
        out[s : s + step] = np.einsum("gk,gkj->gj", w, pmf)[:, ::-1]
    return out


def _expected_prize_std(prizes: np.ndarray, noise: str, d: np.ndarray) -> np.ndarray:
    """Expected prize at standardised offsets ``d`` by quadrature of a Bernstein sum."""
    n = len(prizes) - 1
    coef = prizes[::-1]  # c_k = prize of rank N - k, k = number of others beaten
    out = np.empty(len(d))
    step = max(1, _CHUNK // (3 * (n + 3) + 500))
    for s in range(0, len(d), step):
        dd = d[s : s + step]
        x, w = _nodes(noise, dd, n + 3)
        p = _noise.cdf(noise, x + dd[:, None])
        q = 1.0 - p
        b = [np.full(p.shape, c) for c in coef]
        for r in range(n):  # de Casteljau
            for j in range(n - r):
                b[j] = q * b[j] + p * b[j + 1]
        out[s : s + step] = np.sum(w * b[0], axis=1)
    return out


def rank_probabilities(
    n_players: int, noise: str, offset: np.ndarray | float, *, method: str = "exact"
) -> np.ndarray:
    """Rank distribution of a player whose output is shifted by ``offset``.

    Parameters
    ----------
    n_players : int
        Number of players (>= 2).
    noise : {"normal", "gumbel", "uniform"}
        Noise family.
    offset : float or numpy.ndarray
        Standardised advantage ``(e_i - e) / noise_scale`` over the
        ``N - 1`` others, who share effort ``e``.
    method : {"exact", "quadrature"}
        ``"exact"`` uses Plackett-Luce for Gumbel noise and quadrature for
        the others; ``"quadrature"`` uses quadrature for every family (a
        cross-check).

    Returns
    -------
    numpy.ndarray
        Shape ``offset.shape + (N,)``; rank 1 (best) first.

    Examples
    --------
    >>> np.round(rank_probabilities(3, "gumbel", 0.0), 6)
    array([0.333333, 0.333333, 0.333333])
    """
    n_players = check_int("n_players", n_players, low=2)
    check_choice("noise", noise, _noise.NOISE_FAMILIES)
    check_choice("method", method, ("exact", "quadrature"))
    d = np.asarray(offset, dtype=float)
    flat = d.reshape(-1)
    if noise == "gumbel" and method == "exact":
        out = _plackett_luce(n_players, flat)
    else:
        out = _quadrature_ranks(n_players, noise, flat)
    return out.reshape(d.shape + (n_players,))


def _marginal_std(prizes: np.ndarray, noise: str, d: float, method: str = "exact") -> float:
    """Derivative of the expected prize in the standardised offset ``d``."""
    n_players = len(prizes)
    if noise == "gumbel" and method == "exact" and d == 0.0:
        # Clark-Riis: (1/N) sum_r W_r (1 - sum_{j<r} 1/(N - j)).
        harmonic = np.cumsum(1.0 / (n_players - np.arange(n_players)))
        return float(np.dot(prizes, 1.0 - harmonic) / n_players)
    n = n_players - 1
    gaps = prizes[-2::-1] - prizes[:0:-1]  # c_{k+1} - c_k with c_k = prizes[N-1-k]
    dd = np.array([d])
    x, w = _nodes(noise, dd, n_players + 2)
    z = x + d
    dens = _noise.pdf(noise, z)
    bern = _binom_pmf(n - 1, _noise.cdf(noise, z)) @ gaps
    return float(n * np.sum(w * dens * bern))


def two_player_normal_effort(
    prize_spread: float, noise_scale: float, cost_scale: float = 1.0, cost_power: float = 2.0
) -> float:
    """Closed-form equilibrium effort of a two-player tournament with normal noise.

    The output difference has density ``1 / (2 sqrt(pi) noise_scale)`` at 0, so
    ``e* = (prize_spread / (2 sqrt(pi) noise_scale cost_scale))**(1/(cost_power-1))``.

    Parameters
    ----------
    prize_spread : float
        Winner's prize minus loser's prize (>= 0).
    noise_scale : float
        Standard deviation of each player's noise (> 0).
    cost_scale, cost_power : float
        Cost ``cost_scale * e**cost_power / cost_power`` (> 0, > 1).

    Returns
    -------
    float
        The first-order-condition effort.
    """
    spread = check_real("prize_spread", prize_spread, low=0.0)
    sigma = check_real("noise_scale", noise_scale, low=0.0, low_open=True)
    c = check_real("cost_scale", cost_scale, low=0.0, low_open=True)
    p = check_real("cost_power", cost_power, low=1.0, low_open=True)
    return float((spread / (2.0 * np.sqrt(np.pi) * sigma * c)) ** (1.0 / (p - 1.0)))


def logit_contest_effort(
    n_players: int,
    prize: float,
    noise_scale: float,
    cost_scale: float = 1.0,
    cost_power: float = 2.0,
) -> float:
    """Closed-form effort of the logit contest (one prize, Gumbel noise).

    Win probabilities are ``exp(e_i / s) / sum_j exp(e_j / s)``, whose
    derivative at a symmetric profile is ``(N - 1) / (s N**2)``, so
    ``e* = (prize (N - 1) / (s N**2 cost_scale))**(1 / (cost_power - 1))``.

    Parameters
    ----------
    n_players : int
        Number of players (>= 2).
    prize : float
        The single prize (>= 0); losers get 0.
    noise_scale : float
        Gumbel scale ``s`` (> 0).
    cost_scale, cost_power : float
        Cost ``cost_scale * e**cost_power / cost_power`` (> 0, > 1).

    Returns
    -------
    float
        The first-order-condition effort.
    """
    n = check_int("n_players", n_players, low=2)
    v = check_real("prize", prize, low=0.0)
    s = check_real("noise_scale", noise_scale, low=0.0, low_open=True)
    c = check_real("cost_scale", cost_scale, low=0.0, low_open=True)
    p = check_real("cost_power", cost_power, low=1.0, low_open=True)
    return (v * (n - 1) / (s * n * n * c)) ** (1.0 / (p - 1.0))
