"""Property-based tests of the equilibrium solvers, built on the shipped strategies."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tournament.equilibrium import (
    DegenerateGameWarning,
    is_equilibrium,
    logit_qre,
    pure_equilibria,
    regret,
    replicator_dynamics,
    replicator_rest_points,
    support_enumeration,
    symmetric_equilibrium,
    tullock_equilibrium,
)
from tournament.testing.strategies import (
    mixed_profiles,
    normal_form_games,
    rank_order_tournaments,
    tullock_contests,
)

FAST = settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
GRID = 401


def _quiet_support_enumeration(game):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        return support_enumeration(game)


# -- every equilibrium returned has regret <= tol ---------------------------------------
@FAST
@given(normal_form_games(max_actions=4))
def test_support_enumeration_returns_only_equilibria(game):
    res = _quiet_support_enumeration(game)
    scale = max(float(np.abs(game.payoffs).max()), 1.0)
    assert all(regret(game, eq) <= 1e-8 * scale for eq in res)
    assert res.success == (not res.degenerate)


@FAST
@given(normal_form_games(n_players=(1, 4), max_profiles=48, integer_payoffs=True))
def test_pure_equilibria_are_exactly_the_zero_regret_profiles(game):
    found = pure_equilibria(game).pure_profiles
    brute = [p for p in np.ndindex(*game.n_actions) if regret(game, p) == 0.0]
    assert found == brute


@FAST
@given(rank_order_tournaments())
def test_accepted_tournament_equilibria_survive_an_independent_grid(t):
    res = symmetric_equilibrium(t, grid_size=GRID)
    if not res.success:
        assert np.isnan(res.effort) and res.message.startswith("no ")
        return
    e = res.effort
    grid = np.linspace(0.0, res.verification.search_interval[1], 997)
    gain = np.max(t.payoff(grid, e)) - float(t.payoff(np.array([e]), e)[0])
    assert gain <= res.verification.tol + 1e-12


@FAST
@given(tullock_contests())
def test_accepted_tullock_equilibria_have_no_profitable_deviation(c):
    res = tullock_equilibrium(c, grid_size=GRID)
    if res.success:
        assert res.verification.gain <= res.verification.tol
        grid = np.linspace(0.0, res.verification.search_interval[1], 997)
        base = float(c.payoff(np.array([res.effort]), res.effort)[0])
        assert np.max(c.payoff(grid, res.effort)) - base <= res.verification.tol + 1e-12


@FAST
@given(tullock_contests(max_prizes=1))
def test_tullock_numerical_check_agrees_with_the_domain(c):
    bound = c.n_players / (c.n_players - 1)
    assume(abs(c.decisiveness - bound) > 1e-3)
    res = tullock_equilibrium(c, grid_size=GRID)
    assert res.success == (c.decisiveness <= bound) == res.verification.passed


# -- comparative statics and invariances of the tournament -------------------------------
@FAST
@given(rank_order_tournaments(), st.floats(1.05, 5.0))
def test_effort_rises_with_the_prize_spread(t, factor):
    w = np.array(t.prizes)
    wider = dataclasses.replace(t, prizes=tuple(w[-1] + factor * (w - w[-1])))
    assert wider.first_order_effort() > t.first_order_effort()


@FAST
@given(rank_order_tournaments(), st.floats(1.05, 5.0))
def test_effort_falls_with_the_noise_scale(t, factor):
    noisier = dataclasses.replace(t, noise_scale=t.noise_scale * factor)
    assert noisier.first_order_effort() < t.first_order_effort()


@FAST
@given(rank_order_tournaments(noises=("gumbel", "uniform")), st.floats(-5.0, 50.0))
def test_adding_a_constant_to_all_prizes_changes_nothing(t, shift):
    shifted = dataclasses.replace(t, prizes=tuple(np.array(t.prizes) + shift))
    a = symmetric_equilibrium(t, outside_option=None, grid_size=GRID)
    b = symmetric_equilibrium(shifted, outside_option=None, grid_size=GRID)
    np.testing.assert_allclose(b.candidate, a.candidate, rtol=1e-9, atol=1e-12)
    atol = 1e-9 * (1 + abs(shift))
    np.testing.assert_allclose(b.verification.gain, a.verification.gain, atol=atol)
    far = abs(a.verification.gain - a.verification.tol) > 0.5 * a.verification.tol + 1e-8
    if far:
        assert a.success == b.success


@FAST
@given(rank_order_tournaments(noises=("gumbel", "normal")), st.floats(0.01, 100.0))
def test_scaling_prizes_and_cost_together_changes_nothing(t, scale):
    scaled = dataclasses.replace(
        t, prizes=tuple(scale * np.array(t.prizes)), cost_scale=scale * t.cost_scale
    )
    a = symmetric_equilibrium(t, grid_size=GRID)
    b = symmetric_equilibrium(scaled, grid_size=GRID)
    np.testing.assert_allclose(b.candidate, a.candidate, rtol=1e-9)
    np.testing.assert_allclose(b.payoff, scale * a.payoff, rtol=1e-9, atol=1e-12 * scale)
    if abs(a.verification.gain - a.verification.tol) > 0.5 * a.verification.tol + 1e-8:
        assert a.success == b.success


# -- normal-form games ----------------------------------------------------------------
@FAST
@given(normal_form_games(n_players=(2, 3), max_profiles=36, integer_payoffs=True), st.data())
def test_relabelling_players_permutes_equilibria(game, data):
    order = data.draw(st.permutations(range(game.n_players)))
    h = game.permute_players(order)
    mapped = sorted(tuple(p[k] for k in order) for p in pure_equilibria(game).pure_profiles)
    assert pure_equilibria(h).pure_profiles == mapped
    prof = data.draw(mixed_profiles(game))
    np.testing.assert_allclose(
        regret(h, [prof[k] for k in order], per_player=True),
        regret(game, prof, per_player=True)[list(order)],
        atol=1e-12,
    )


@FAST
@given(normal_form_games(generic=True, max_actions=4))
def test_swapping_the_players_swaps_support_enumeration(game):
    a = _quiet_support_enumeration(game)
    b = _quiet_support_enumeration(game.permute_players([1, 0]))
    assume(not a.degenerate)
    key = sorted(tuple(np.round(np.concatenate(eq), 8)) for eq in a)
    swapped = sorted(tuple(np.round(np.concatenate(eq[::-1]), 8)) for eq in b)
    assert key == swapped


@FAST
@given(normal_form_games(generic=True, max_actions=5))
def test_nondegenerate_games_have_an_odd_number_of_equilibria(game):
    res = _quiet_support_enumeration(game)
    assume(not res.degenerate)
    assert len(res) % 2 == 1


@settings(deadline=None, max_examples=15)
@given(normal_form_games(n_players=(2, 3), max_actions=3, max_profiles=18, generic=True))
def test_logit_qre_approaches_a_nash_equilibrium(game):
    span = float(np.ptp(game.payoffs)) or 1.0
    bound = np.log(max(game.n_actions))
    regrets = []
    for lam in (1.0 / span, 10.0 / span, 100.0 / span):
        res = logit_qre(game, lam)
        assert res.success, res.message
        assert res.regret <= bound / lam + 1e-9
        regrets.append(res.regret)
    assert regrets[-1] <= bound * span / 100.0 + 1e-9


@FAST
@given(normal_form_games(symmetric=True, max_actions=4, generic=True), st.data())
def test_stable_replicator_rest_points_are_symmetric_equilibria(game, data):
    for x, stable in replicator_rest_points(game):
        if stable:
            assert is_equilibrium(game, (x, x), tol=1e-9)
    n = game.n_actions[0]
    x0 = data.draw(mixed_profiles(game, full_support=True))[0]
    res = replicator_dynamics(game, x0, t_max=2000.0)
    assert n == len(res.strategy)
    if res.converged and res.stable:
        assert res.success and is_equilibrium(game, (res.strategy, res.strategy), tol=1e-8)


@FAST
@given(normal_form_games(n_players=(1, 3), max_profiles=27), st.data())
def test_regret_is_nonnegative_and_zero_exactly_at_equilibria(game, data):
    prof = data.draw(mixed_profiles(game))
    r = regret(game, prof)
    assert r >= 0.0
    assert is_equilibrium(game, prof, tol=r) and (r == 0 or not is_equilibrium(game, prof, 0.5 * r))
