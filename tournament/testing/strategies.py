"""Hypothesis strategies for the objects of :mod:`tournament`.

Import them in your own property tests::

    from hypothesis import given
    from tournament.testing.strategies import configs, normal_form_games

Every strategy builds its object *constructively*: each constrained value is
drawn within the bounds left by the values drawn before it (the number of
recognised jurisdictions after the number of jurisdictions, every prize
after the one below it), so nothing is filtered and shrinking stays fast.
Sizes are small by default; raise the ``max_*`` arguments for bigger objects.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from hypothesis import strategies as st

from tournament._errors import ParameterError
from tournament._params import PARAMS
from tournament.config import Config
from tournament.equilibrium.normal_form import NormalFormGame
from tournament.equilibrium.rank_order import RankOrderTournament
from tournament.equilibrium.tullock import TullockContest
from tournament.graph import grid_shape
from tournament.registry import TOPOLOGIES

__all__ = [
    "configs",
    "edge_lists",
    "grid_sizes",
    "prize_vectors",
    "rank_order_tournaments",
    "tullock_contests",
    "normal_form_games",
    "mixed_profiles",
]


def _floats(lo: float, hi: float, **kw) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False, allow_subnormal=False, **kw)


@st.composite
def prize_vectors(
    draw,
    *,
    min_size: int = 2,
    max_size: int = 6,
    max_prize: float = 100.0,
    nonnegative: bool = True,
    strict_spread: bool = True,
) -> tuple[float, ...]:
    """Non-increasing prize vectors (best rank first).

    The worst prize is drawn first, then each better prize as the one below
    it plus a non-negative increment; with ``strict_spread`` one increment is
    forced positive so the best prize exceeds the worst.

    Parameters
    ----------
    min_size, max_size : int
        Bounds on the number of prizes.
    max_prize : float
        Scale of the prizes: the worst lies in ``[0, max_prize / 2]`` (or
        ``[-max_prize / 2, max_prize / 2]``), each increment in
        ``[0, max_prize / (2 size)]``.
    nonnegative : bool
        Keep every prize ``>= 0``.
    strict_spread : bool
        Make the best prize strictly larger than the worst.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(prize_vectors(min_size=3, max_size=3))
    ... def test(prizes):
    ...     assert len(prizes) == 3 and list(prizes) == sorted(prizes, reverse=True)
    ...     assert prizes[0] > prizes[-1]
    >>> test()
    """
    n = draw(st.integers(min_size, max_size))
    low = 0.0 if nonnegative else -max_prize / 2.0
    worst = draw(_floats(low, max_prize / 2.0))
    step = max_prize / (2.0 * max(n, 1))
    incs = [draw(_floats(0.0, step)) for _ in range(n - 1)]
    if strict_spread and n > 1:
        j = draw(st.integers(0, n - 2))
        incs[j] = draw(_floats(step / 100.0, step))
    prizes = [worst]
    for inc in incs:
        prizes.append(prizes[-1] + inc)
    return tuple(prizes[::-1])


@st.composite
def rank_order_tournaments(
    draw,
    *,
    min_players: int = 2,
    max_players: int = 5,
    noises: Sequence[str] = ("normal", "gumbel", "uniform"),
    noise_scale: tuple[float, float] = (0.05, 5.0),
    cost_scale: tuple[float, float] = (0.1, 10.0),
    cost_power: tuple[float, float] = (1.2, 4.0),
) -> RankOrderTournament:
    """Rank-order tournaments (:class:`~tournament.equilibrium.RankOrderTournament`).

    Parameters
    ----------
    min_players, max_players : int
        Bounds on the number of players (the prize vector's length).
    noises : sequence of str
        Noise families to draw from.
    noise_scale, cost_scale, cost_power : tuple of float
        Closed ranges of the parameters.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from tournament.equilibrium import symmetric_equilibrium
    >>> @settings(max_examples=5, deadline=None)
    ... @given(rank_order_tournaments(noises=("gumbel",)))
    ... def test(t):
    ...     res = symmetric_equilibrium(t, grid_size=201)
    ...     assert res.success == res.verification.passed or res.payoff < 0
    >>> test()
    """
    prizes = draw(prize_vectors(min_size=min_players, max_size=max_players, max_prize=10.0))
    return RankOrderTournament(
        prizes=prizes,
        noise=draw(st.sampled_from(tuple(noises))),
        noise_scale=draw(_floats(*noise_scale)),
        cost_scale=draw(_floats(*cost_scale)),
        cost_power=draw(_floats(*cost_power)),
    )


@st.composite
def tullock_contests(
    draw,
    *,
    min_players: int = 2,
    max_players: int = 6,
    max_prizes: int | None = None,
    decisiveness: tuple[float, float] = (0.1, 3.0),
    cost: tuple[float, float] = (0.1, 10.0),
) -> TullockContest:
    """Tullock contests (:class:`~tournament.equilibrium.TullockContest`).

    The number of players is drawn first, then the number of prizes (at most
    the number of players, and at most ``max_prizes``).

    Parameters
    ----------
    min_players, max_players : int
        Bounds on the number of players.
    max_prizes : int, optional
        Most prizes (default: as many as players).
    decisiveness, cost : tuple of float
        Closed ranges of ``r`` and of the marginal cost.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(tullock_contests(max_prizes=1))
    ... def test(c):
    ...     assert len(c.prizes) == 1 and c.single_prize
    >>> test()
    """
    n = draw(st.integers(min_players, max_players))
    k = draw(st.integers(1, n if max_prizes is None else min(n, max_prizes)))
    prizes = draw(prize_vectors(min_size=k, max_size=k, max_prize=10.0, strict_spread=False))
    if prizes[0] <= 0.0:
        prizes = (1.0,) + prizes[1:]
    return TullockContest(
        n_players=n,
        prizes=prizes,
        decisiveness=draw(_floats(*decisiveness)),
        cost=draw(_floats(*cost)),
    )


@st.composite
def normal_form_games(
    draw,
    *,
    n_players: int | tuple[int, int] = 2,
    min_actions: int = 1,
    max_actions: int = 4,
    max_profiles: int = 64,
    integer_payoffs: bool = False,
    payoff_bound: float = 10.0,
    generic: bool = False,
    symmetric: bool = False,
) -> NormalFormGame:
    """Finite normal-form games (:class:`~tournament.equilibrium.NormalFormGame`).

    Each player's number of actions is drawn in turn, bounded so that the
    number of pure profiles stays at most ``max_profiles``.

    Parameters
    ----------
    n_players : int or tuple of int
        Number of players, or a closed range.
    min_actions, max_actions : int
        Bounds on each player's number of actions.
    max_profiles : int
        Largest product of the numbers of actions.
    integer_payoffs : bool
        Draw integer payoffs (in ``[-payoff_bound, payoff_bound]``).
    payoff_bound : float
        Payoffs lie in ``[-payoff_bound, payoff_bound]`` (before perturbation).
    generic : bool
        Add an independent perturbation of size up to ``1e-3 * payoff_bound``
        to every payoff (from a drawn seed), which makes the game
        nondegenerate with probability one.
    symmetric : bool
        Two-player symmetric game: square, column payoffs the transpose.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from tournament.equilibrium import support_enumeration
    >>> @settings(max_examples=10, deadline=None)
    ... @given(normal_form_games(generic=True, max_actions=3))
    ... def test(game):
    ...     res = support_enumeration(game)
    ...     assert res.degenerate or len(res) % 2 == 1
    >>> test()
    """
    lo, hi = (n_players, n_players) if isinstance(n_players, int) else n_players
    m = 2 if symmetric else draw(st.integers(lo, hi))
    shape: list[int] = []
    budget = max_profiles
    for i in range(m):
        top = max(min_actions, min(max_actions, budget // max(min_actions, 1) ** (m - i - 1)))
        n_i = shape[0] if (symmetric and i == 1) else draw(st.integers(min_actions, top))
        shape.append(n_i)
        budget = max(budget // n_i, 1)
    if integer_payoffs:
        bound = int(payoff_bound)
        elements = st.integers(-bound, bound).map(float)
    else:
        elements = _floats(-payoff_bound, payoff_bound)
    size = math.prod(shape) * (1 if symmetric else m)
    values = np.array(draw(st.lists(elements, min_size=size, max_size=size)), dtype=float)
    if generic:
        seed = draw(st.integers(0, 2**32 - 1))
        values += np.random.default_rng(seed).uniform(-1e-3, 1e-3, size) * payoff_bound
    if symmetric:
        a = values.reshape(shape)
        return NormalFormGame.symmetric(a)
    return NormalFormGame(values.reshape([*shape, m]))


@st.composite
def mixed_profiles(draw, game: NormalFormGame, *, full_support: bool = False) -> tuple:
    """Mixed profiles of ``game``: one probability vector per player.

    Each vector is built from non-negative weights, one of them (at a drawn
    position) forced positive, then normalised; with ``full_support`` every
    weight is positive.

    Parameters
    ----------
    game : NormalFormGame
        The game whose players the profile is for.
    full_support : bool
        Give every action positive probability.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from tournament.equilibrium import NormalFormGame, regret
    >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> @settings(max_examples=10, deadline=None)
    ... @given(mixed_profiles(g))
    ... def test(profile):
    ...     assert regret(g, profile) >= 0.0
    >>> test()
    """
    out = []
    for n in game.n_actions:
        low = 0.01 if full_support else 0.0
        w = np.array([draw(_floats(low, 1.0)) for _ in range(n)])
        j = draw(st.integers(0, n - 1))
        w[j] = draw(_floats(0.01, 1.0))
        out.append(w / w.sum())
    return tuple(out)


_INT_CAPS = {
    "planning_horizon": 4,
    "max_tenure": 20,
    "absorption_threshold": 10,
    "absorption_rounds": 30,
}


def grid_sizes(max_jurisdictions: int) -> list[int]:
    """Numbers of jurisdictions up to ``max_jurisdictions`` that tile a torus (``topology="grid"``).

    Examples
    --------
    >>> grid_sizes(16)
    [9, 12, 15, 16]
    """
    out = []
    for n in range(9, max_jurisdictions + 1):
        try:
            grid_shape(n)
        except ParameterError:
            continue
        out.append(n)
    return out


def _topologies(n: int, allowed: Sequence[str]) -> list[str]:
    """The topologies of ``allowed`` that a population of ``n`` can have."""
    out = []
    for name in allowed:
        if name in ("ring", "small_world") and n < 3:
            continue
        if name == "grid" and n not in grid_sizes(n):
            continue
        out.append(name)
    return out


@st.composite
def edge_lists(
    draw,
    n_jurisdictions: int,
    *,
    min_edges: int = 1,
    max_edges: int | None = None,
) -> tuple[tuple[int, int], ...]:
    """User graphs (parameter ``edges``): sorted unique pairs ``(a, b)``, ``a < b < N``.

    Each pair is drawn as a first node and a different second one, so there
    are no self-loops to filter; repeated pairs collapse, as
    :func:`tournament.graph.normalise_edges` would collapse them.

    Parameters
    ----------
    n_jurisdictions : int
        N (at least 2): nodes are ``0 … N-1``.
    min_edges, max_edges : int
        Bounds on the number of pairs drawn (default at most ``2 N``); at
        least one distinct pair results when ``min_edges >= 1``.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from tournament import Config
    >>> @settings(max_examples=10, deadline=None)
    ... @given(edge_lists(6))
    ... def test(edges):
    ...     assert edges and all(0 <= a < b < 6 for a, b in edges)
    ...     assert Config(n_jurisdictions=6, topology="custom", edges=edges).edges == edges
    >>> test()
    """
    n = int(n_jurisdictions)
    if n < 2:
        raise ParameterError(f"n_jurisdictions = {n} is out of range: a graph needs >= 2 nodes")
    top = 2 * n if max_edges is None else max_edges
    count = draw(st.integers(min_edges, max(min_edges, top)))
    pairs = set()
    for _ in range(count):
        a = draw(st.integers(0, n - 1))
        b = draw(st.integers(0, n - 2))
        b = b + 1 if b >= a else b  # any node but a
        pairs.add((min(a, b), max(a, b)))
    return tuple(sorted(pairs))


@st.composite
def configs(
    draw,
    *,
    max_jurisdictions: int = 8,
    max_domains: int = 4,
    max_rounds: int = 30,
    topologies: Sequence[str] = TOPOLOGIES,
    **fixed,
):
    """Valid model configurations (:class:`tournament.Config`), size-bounded.

    Every parameter of the parameter table (docs/specification.md section 11) is drawn from
    its valid range, capped to moderate magnitudes (open lower bounds at 0
    start at 1e-3, unbounded ranges stop at a few times the default);
    constrained parameters are drawn after the ones they depend on:
    ``recognized_per_round <= n_jurisdictions``, ``burn_in < n_rounds``,
    ``balance_threshold < imbalance_threshold``,
    ``concentration_low <= concentration_high``, and the four ``elite_mix``
    shares are whole twentieths that sum to one.

    The spatial layer (specification section 12): ``n_regions`` is at most
    N; ``topology`` is drawn among ``topologies`` that N allows (a ring or a
    small world needs N >= 3, a grid a torus of at least 3 x 3, see
    :func:`grid_sizes`); ``degree`` is even and below N; a ``"custom"``
    topology gets a graph from :func:`edge_lists`, every other one no
    ``edges``. With ``topology="grid"`` fixed, N is drawn among the grid
    sizes up to ``max_jurisdictions``; with a ring or a small world fixed,
    N is at least 3.

    Parameters
    ----------
    max_jurisdictions, max_domains, max_rounds : int
        Size bounds.
    topologies : sequence of str
        The topologies to draw from (default: every one of
        :data:`tournament.registry.TOPOLOGIES`).
    **fixed
        Parameters to hold at the given value instead of drawing them.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(configs(noise="gumbel"))
    ... def test(cfg):
    ...     assert cfg.noise == "gumbel"
    ...     assert cfg.recognized_per_round <= cfg.n_jurisdictions <= 8
    >>> test()
    >>> @settings(max_examples=5, deadline=None)
    ... @given(configs(max_jurisdictions=16, topology="grid"))
    ... def test_grid(cfg):
    ...     assert cfg.topology == "grid" and cfg.n_jurisdictions in (9, 12, 15, 16)
    >>> test_grid()
    """
    unknown = [t for t in topologies if t not in TOPOLOGIES]
    if unknown or not topologies:
        raise ParameterError(f"topologies = {list(topologies)!r} is invalid: choose among "
                             f"{TOPOLOGIES}")
    caps = dict(_INT_CAPS, n_jurisdictions=max_jurisdictions, n_domains=max_domains)
    caps["n_rounds"] = max_rounds
    values: dict = {}
    for name, p in PARAMS.items():
        if name in fixed:
            values[name] = fixed[name]
        elif name == "n_jurisdictions" and fixed.get("topology") == "grid":
            sizes = grid_sizes(max_jurisdictions)
            if not sizes:
                raise ParameterError(f"topology = 'grid' needs max_jurisdictions >= 9 (a 3 x 3 "
                                     f"torus), got {max_jurisdictions}")
            values[name] = draw(st.sampled_from(sizes))
        elif name == "n_jurisdictions" and fixed.get("topology") in ("ring", "small_world"):
            if max_jurisdictions < 3:
                raise ParameterError(f"topology = {fixed['topology']!r} needs "
                                     f"max_jurisdictions >= 3, got {max_jurisdictions}")
            values[name] = draw(st.integers(3, max_jurisdictions))
        elif name == "topology":
            feasible = _topologies(values["n_jurisdictions"], topologies)
            if not feasible:
                raise ParameterError(f"no topology of {list(topologies)!r} fits "
                                     f"n_jurisdictions = {values['n_jurisdictions']}")
            values[name] = draw(st.sampled_from(feasible))
        elif name == "n_regions":
            values[name] = draw(st.integers(1, values["n_jurisdictions"]))
        elif name == "degree":
            n = values["n_jurisdictions"]
            values[name] = 2 * draw(st.integers(1, max(1, (n - 1) // 2)))
        elif p.kind == "edges":
            values[name] = (draw(edge_lists(values["n_jurisdictions"]))
                            if values["topology"] == "custom" else ())
        elif p.kind == "choice":
            values[name] = draw(st.sampled_from(p.choices))
        elif p.kind == "mix":
            parts = [draw(st.integers(0, 20)) for _ in range(3)]
            cuts = sorted(min(c, 20) for c in parts)
            values[name] = (cuts[0] / 20, (cuts[1] - cuts[0]) / 20, (cuts[2] - cuts[1]) / 20,
                            (20 - cuts[2]) / 20)
        elif p.kind == "int":
            lo = int(p.lo)
            hi = caps.get(name, lo + 10)
            if name == "recognized_per_round":
                hi = values["n_jurisdictions"]
            elif name == "burn_in":
                hi = values["n_rounds"] - 1
            values[name] = draw(st.integers(lo, max(lo, hi)))
        else:
            values[name] = draw(_float_param(p, values))
    return Config(**values)


def _float_param(p, values: dict) -> st.SearchStrategy[float]:
    if p.allow_inf:
        return st.one_of(_floats(p.lo, 3.0 * p.default), st.just(math.inf))
    lo = p.lo if math.isfinite(p.lo) else -3.0 * max(abs(p.default), 1.0)
    if p.lo_open:
        lo = lo + 1e-3
    if p.name == "imbalance_threshold":
        lo = values["balance_threshold"] + 1e-3
    if p.name == "concentration_high":
        lo = values["concentration_low"]
    hi = p.hi if math.isfinite(p.hi) else lo + 3.0 * max(abs(p.default), 1.0)
    if p.name == "balance_threshold":
        hi = min(hi, 0.9)
    return _floats(lo, hi, exclude_max=p.hi_open)
