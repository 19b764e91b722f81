"""The OPT stage game: a few jurisdictions' actions, from a model state.

docs/specification.md section 9: from a state of the model, the normal-form game among
``m`` chosen jurisdictions (the *players*) over their section-4 actions. Each
player's payoff at a pure profile is the section-4 utility ``U(a)``
(:func:`tournament.reference.action_value` and
:func:`tournament.reference.action_utility`) with the recognition chance of
every planned round ``h = 0 .. H - 1`` replaced by the *exact* probability
that the player is among the top ``k = recognized_per_round`` of all ``N``
jurisdictions, given every jurisdiction's projected noise-free score at
``h`` and iid evaluation noise of the model's family and scale.

How a profile is scored (the score formulas are the reference engine's,
:func:`tournament.reference.projected_scores`; nothing is re-implemented):

- the active projects per domain start from
  :func:`tournament.reference.domain_counts`; a player choosing ``routine``,
  ``imitate`` or ``innovate(d)`` removes its current project (if any) from
  its domain, and a launch adds a project in the new domain;
- every jurisdiction's crowding counts the others' projects after the
  profile, plus its own project once;
- non-players hold what they have: ``keep`` with an active project, else
  ``routine``;
- a launch is approved with probability ``B`` (``bureaucratic_autonomy``):
  the player's payoff is ``B V(a) + (1 - B) V(f)`` less cost plus bias, with
  ``V(f)`` its value at the same profile but its own action replaced by its
  fallback (``keep`` with an active project, else ``routine``); the other
  players' launches are taken as played (each player weighs its own
  approval, as an elite does in the dynamic model).

Exact recognition probability of jurisdiction ``i`` with scores ``s`` and
noise ``sigma * E``: ``P(i in top k) = E_x[P(fewer than k others beat
s_i + sigma x)]``, integrated over ``i``'s own standardised noise ``x`` by
Gauss-Hermite quadrature (normal noise) or a composite Gauss-Legendre rule
on the Gumbel density (Gauss-Laguerre in ``exp(-x)`` would be compact but
loses digits once scores lie many noise scales apart), the inner
probability a Poisson-binomial tail computed by dynamic programming over the
others. For Gumbel noise :func:`recognition_probability` also offers the
Plackett-Luce closed form (inclusion-exclusion, small ``N``) as a cross-check.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations, product

import numpy as np

from tournament import registry as C
from tournament._errors import ParameterError, ParameterTypeError
from tournament.config import Config
from tournament.engine import reference
from tournament.equilibrium import _noise
from tournament.equilibrium._validation import check_choice, check_int, check_real
from tournament.equilibrium.normal_form import NormalFormGame

__all__ = [
    "opt_stage_game",
    "stage_game_actions",
    "recognition_probability",
    "profile_counts",
    "profile_scores",
]

_PL_MAX_PLAYERS = 12


def recognition_probability(
    scores: Sequence[float],
    player: int,
    k: int,
    noise: str,
    noise_sigma: float,
    *,
    method: str = "quadrature",
    order: int = 96,
) -> float:
    """Exact probability that ``player`` ranks among the top ``k`` under noise.

    Parameters
    ----------
    scores : sequence of float
        Noise-free scores of all ``N`` jurisdictions.
    player : int
        Index of the jurisdiction.
    k : int
        Number recognised (1 .. N).
    noise : {"normal", "gumbel"}
        Family of the standardised noise (Gumbel centred to mean 0).
    noise_sigma : float
        Noise scale (> 0).
    method : {"quadrature", "plackett_luce"}
        Quadrature over the player's noise with a Poisson-binomial dynamic
        programme (any family), or the Plackett-Luce inclusion-exclusion
        formula (Gumbel only, ``N <= 12``).
    order : int
        Gauss-Hermite nodes for normal noise (2 .. 150); Gumbel noise uses a
        fixed 552-node composite Gauss-Legendre rule.

    Returns
    -------
    float
        ``P(player is among the k highest of scores + noise_sigma * E)``.

    Examples
    --------
    >>> round(recognition_probability([1.0, 0.0], 0, 1, "gumbel", 1.0), 6)  # e / (e + 1)
    0.731059
    """
    s = np.asarray(scores, dtype=float)
    if s.ndim != 1 or s.size < 1 or not np.all(np.isfinite(s)):
        raise ParameterError(f"scores must be a finite one-dimensional array, got {scores!r}.")
    n = s.size
    player = check_int("player", player, low=0, high=n - 1)
    k = check_int("k", k, low=1, high=n)
    check_choice("noise", noise, ("normal", "gumbel"))
    sigma = check_real("noise_sigma", noise_sigma, low=0.0, low_open=True)
    check_choice("method", method, ("quadrature", "plackett_luce"))
    if method == "plackett_luce":
        if noise != "gumbel":
            raise ParameterError(
                f"method='plackett_luce' needs noise='gumbel', got noise={noise!r}."
            )
        if n > _PL_MAX_PLAYERS:
            raise ParameterError(
                f"method='plackett_luce' enumerates subsets: scores must hold at most "
                f"{_PL_MAX_PLAYERS} jurisdictions, got {n}. Fix: use method='quadrature'."
            )
        return _plackett_luce_top_k(s / sigma, player, k)
    order = check_int("order", order, low=2, high=150)
    return float(_top_k_quadrature(s / sigma, np.array([player]), k, noise, order)[0])


def _top_k_quadrature(z: np.ndarray, players: np.ndarray, k: int, noise: str, order: int):
    """``P(top k)`` for each index in ``players``; ``z`` are standardised scores."""
    if noise == "normal":
        x, w = _noise.compact_rule(noise, order)
    else:  # Gauss-Laguerre loses accuracy when scores are many noise scales apart
        x, w = _noise.legendre_rule(noise)
    out = np.empty(len(players))
    if k >= len(z):
        out[:] = 1.0
        return out
    for idx, i in enumerate(players):
        others = np.delete(z, i)
        # q[j, node]: chance that other j beats i when i's noise is x[node]
        q = _noise.sf(noise, (z[i] - others)[:, None] + x[None, :])
        dp = np.zeros((k, len(x)))
        dp[0] = 1.0
        for qj in q:  # distribution of the number of others ahead, truncated at k - 1
            dp[1:] = dp[1:] * (1.0 - qj) + dp[:-1] * qj
            dp[0] = dp[0] * (1.0 - qj)
        out[idx] = float(np.sum(dp, axis=0) @ w)
    return out


def _plackett_luce_top_k(z: np.ndarray, i: int, k: int) -> float:
    """Inclusion-exclusion over the sets of others ranked ahead of ``i``."""
    w = np.exp(z - z.max())
    others = [j for j in range(len(z)) if j != i]
    total = 0.0
    for size in range(k):
        for ahead in combinations(others, size):
            behind = w[[j for j in others if j not in ahead]].sum()
            for a in range(size + 1):
                for sub in combinations(ahead, a):
                    total += (-1) ** a * w[i] / (w[i] + behind + w[list(sub)].sum())
    return float(total)


def _check_inputs(config, state, players) -> list[int]:
    if not isinstance(config, Config):
        raise ParameterTypeError(
            f"config must be a tournament.Config, got {type(config).__name__}."
        )
    n = config.n_jurisdictions
    if not hasattr(state, "active") or len(state.active) != n:
        raise ParameterTypeError(
            f"state must be a reference State of {n} jurisdictions (from "
            f"tournament.reference.initial_state or run_until), got {type(state).__name__}."
        )
    players = [check_int("players[i]", p, low=0, high=n - 1) for p in players]
    if not players or len(set(players)) != len(players):
        raise ParameterError(
            f"players must be a non-empty list of distinct jurisdictions in 0 .. {n - 1}, "
            f"got {players!r}."
        )
    return players


def stage_game_actions(config, state, players: Sequence[int]) -> list[list[int]]:
    """Action codes of each player (0 routine, 1 keep, 2 imitate, 3 + d innovate(d)).

    Parameters
    ----------
    config : tournament.Config
        The model configuration.
    state : tournament.reference.State
        A model state.
    players : sequence of int
        The jurisdictions that play.

    Returns
    -------
    list of list of int
        ``tournament.reference.available_actions`` of each player, in order.
    """
    players = _check_inputs(config, state, players)
    return [reference.available_actions(config, state, i) for i in players]


def _new_domain(state, j: int, action: int) -> int:
    if action == C.ROUTINE:
        return -1
    if action == C.KEEP:
        return state.domain[j]
    if action == C.IMITATE:
        return state.model_domain
    return action - C.INNOVATE0


def profile_counts(state, act: Sequence[int]) -> list[int]:
    """Active projects per domain after every jurisdiction ``j`` takes ``act[j]``.

    Parameters
    ----------
    state : tournament.reference.State
        The model state.
    act : sequence of int
        One action code per jurisdiction.

    Returns
    -------
    list of int
        Projects per domain: ``routine`` and launches remove a jurisdiction's
        current project from its domain, launches add one in the new domain.
    """
    counts = reference.domain_counts(state)
    for j, a in enumerate(act):
        if a != C.KEEP and state.active[j]:
            counts[state.domain[j]] -= 1
        if a not in (C.ROUTINE, C.KEEP):
            counts[_new_domain(state, j, a)] += 1
    return counts


def profile_scores(config, state, players: Sequence[int], profile: Sequence[int]):
    """Projected scores of every jurisdiction when ``players`` take ``profile``.

    Parameters
    ----------
    config : tournament.Config
        The model configuration.
    state : tournament.reference.State
        The model state.
    players : sequence of int
        The jurisdictions that play.
    profile : sequence of int
        One action code per player; the others hold (``keep`` or ``routine``).

    Returns
    -------
    scores : numpy.ndarray
        Shape ``(H, N)``: noise-free score of every jurisdiction at ``h``.
    substance : list of list of float
        Projected substance of every jurisdiction, per ``h``.
    act : list of int
        The action of every jurisdiction.
    """
    n = config.n_jurisdictions
    act = [C.KEEP if state.active[j] else C.ROUTINE for j in range(n)]
    for p, a in zip(players, profile, strict=True):
        act[p] = a
    counts = profile_counts(state, act)
    scores = np.empty((config.planning_horizon, n))
    substance = []
    for j in range(n):
        others = list(counts)
        own = _new_domain(state, j, act[j])
        if own >= 0:
            others[own] -= 1
        s, u = reference.projected_scores(config, state, j, act[j], others)
        scores[:, j] = s
        substance.append(u)
    return scores, substance, act


def opt_stage_game(config, state, players: Sequence[int], *, order: int = 96) -> NormalFormGame:
    """The normal-form stage game of ``players`` at ``state``.

    Parameters
    ----------
    config : tournament.Config
        The model configuration (noise family and scale, ``k``, ``H``, ...).
    state : tournament.reference.State
        A model state, e.g. ``tournament.reference.run_until(config, seed, rounds)``.
    players : sequence of int
        The jurisdictions that play (distinct); the others hold their project.
    order : int
        Gauss-Hermite nodes for normal noise (2 .. 150).

    Returns
    -------
    NormalFormGame
        Payoff array of shape ``(n_actions_1, ..., n_actions_m, m)``; action
        labels ``"routine"``, ``"keep"``, ``"imitate"``, ``"innovate(d)"``,
        player labels ``"jurisdiction i"``.

    Examples
    --------
    >>> from tournament import Config, reference
    >>> cfg = Config(n_jurisdictions=4, n_domains=2, recognized_per_round=1, n_rounds=10,
    ...              burn_in=0)
    >>> game = opt_stage_game(cfg, reference.run_until(cfg, seed=1, rounds=3), [0, 1])
    >>> game.n_players, game.action_labels[0][0]
    (2, 'routine')
    """
    players = _check_inputs(config, state, players)
    order = check_int("order", order, low=2, high=150)
    actions = [reference.available_actions(config, state, i) for i in players]
    k = config.recognized_per_round
    values = np.empty([len(a) for a in actions] + [len(players)])
    for index in product(*(range(len(a)) for a in actions)):
        profile = [acts[a] for acts, a in zip(actions, index, strict=True)]
        scores, substance, act = profile_scores(config, state, players, profile)
        probs = np.array(
            [
                _top_k_quadrature(scores[h] / config.noise_sigma, np.array(players), k,
                                  config.noise, order)
                for h in range(config.planning_horizon)
            ]
        )
        for q, p in enumerate(players):
            values[index + (q,)] = reference.action_value(
                config, state, p, act[p], probs[:, q].tolist(), substance[p]
            )
    # U(a) weighs a launch by its approval chance B against the player's fallback
    # (keep, or routine), the others' actions as in the profile
    fallback = [acts.index(reference.fallback_action(state, p))
                for acts, p in zip(actions, players, strict=True)]
    payoffs = np.empty_like(values)
    for index in product(*(range(len(a)) for a in actions)):
        for q, p in enumerate(players):
            rejected = index[:q] + (fallback[q],) + index[q + 1:]
            payoffs[index + (q,)] = reference.action_utility(
                config, state, p, actions[q][index[q]], values[index + (q,)],
                values[rejected + (q,)])
    return NormalFormGame(
        payoffs,
        action_labels=[[C.action_name(a) for a in acts] for acts in actions],
        player_labels=[f"jurisdiction {p}" for p in players],
    )
