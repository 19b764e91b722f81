"""Normal-form games: regret, the equilibrium test, pure equilibria, relabelling."""

from __future__ import annotations

import numpy as np
import pytest

from tournament.equilibrium import (
    NormalFormGame,
    action_values,
    is_equilibrium,
    pure_equilibria,
    regret,
)

PD = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
PENNIES = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])


def test_game_shape_and_labels():
    g = NormalFormGame(np.zeros((2, 3, 4, 3)), action_labels=[["a", "b"], "xyz", "1234"])
    assert g.n_players == 3 and g.n_actions == (2, 3, 4)
    assert g.action_labels[1] == ("x", "y", "z") and g.player_labels[2] == "player 2"
    assert repr(g) == "NormalFormGame(3 players, actions (2, 3, 4))"
    assert not g.payoffs.flags.writeable


def test_regret_of_pure_and_mixed_profiles():
    assert regret(PD, (1, 1)) == 0.0
    assert regret(PD, (0, 0)) == 2.0
    np.testing.assert_array_equal(regret(PD, (0, 1), per_player=True), [1.0, 0.0])
    assert regret(PENNIES, ([0.5, 0.5], [0.5, 0.5])) == 0.0
    assert regret(PENNIES, ([1.0, 0.0], [0.5, 0.5])) == pytest.approx(1.0)
    assert is_equilibrium(PENNIES, ([0.5, 0.5], [0.5, 0.5]))
    assert not is_equilibrium(PENNIES, (0, 0))
    assert is_equilibrium(PENNIES, ([0.5 + 1e-12, 0.5 - 1e-12], [0.5, 0.5]), tol=1e-9)


def test_action_values_contract_the_other_players():
    rng = np.random.default_rng(0)
    u = rng.standard_normal((2, 3, 2, 3))
    g = NormalFormGame(u)
    prof = (np.array([0.3, 0.7]), np.array([0.2, 0.5, 0.3]), np.array([0.6, 0.4]))
    expected = np.einsum("abc,a,c->b", u[..., 1], prof[0], prof[2])
    np.testing.assert_allclose(action_values(g, prof, 1), expected, rtol=1e-14)
    # the regret of a profile is the largest gain among players, by brute force
    gains = []
    for i in range(3):
        v = action_values(g, prof, i)
        gains.append(v.max() - v @ prof[i])
    assert regret(g, prof) == pytest.approx(max(gains))


def test_pure_equilibria_of_classic_games():
    assert pure_equilibria(PD).pure_profiles == [(1, 1)]
    assert pure_equilibria(PENNIES).pure_profiles == []
    res = pure_equilibria(PENNIES)
    assert res.success and "no pure-strategy equilibrium" in res.message
    battle = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    res = pure_equilibria(battle)
    assert res.pure_profiles == [(0, 0), (1, 1)] and len(res) == 2
    assert all(is_equilibrium(battle, eq) for eq in res)


def test_pure_equilibria_of_a_three_player_game_match_brute_force():
    rng = np.random.default_rng(7)
    u = rng.integers(-2, 3, size=(3, 2, 3, 3)).astype(float)
    g = NormalFormGame(u)
    brute = [p for p in np.ndindex(3, 2, 3) if regret(g, p) == 0.0]
    assert pure_equilibria(g).pure_profiles == brute
    near = pure_equilibria(g, tol=1.0).pure_profiles
    assert set(brute) <= set(near)


def test_permuting_players_permutes_payoffs_and_equilibria():
    rng = np.random.default_rng(3)
    g = NormalFormGame(rng.integers(0, 3, size=(2, 3, 4, 3)).astype(float))
    order = [2, 0, 1]
    h = g.permute_players(order)
    assert h.n_actions == (4, 2, 3)
    a = (1, 2, 3)
    np.testing.assert_array_equal(h.payoffs[a[2], a[0], a[1]], g.payoffs[a][order])
    mapped = sorted(tuple(p[k] for k in order) for p in pure_equilibria(g).pure_profiles)
    assert pure_equilibria(h).pure_profiles == mapped


def test_symmetric_constructor():
    g = NormalFormGame.symmetric([[1, 2], [3, 4]])
    assert g.is_symmetric_two_player()
    np.testing.assert_array_equal(g.payoffs[..., 1], [[1, 3], [2, 4]])
    assert not PD.permute_players([0, 1]).is_symmetric_two_player(tol=-1.0)
    assert not NormalFormGame(np.zeros((2, 2, 2, 3))).is_symmetric_two_player()
