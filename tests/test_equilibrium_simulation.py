"""Simulation meets theory: Monte Carlo checks with standard-error tolerances."""

from __future__ import annotations

import numpy as np
import pytest

from tournament.equilibrium import (
    NormalFormGame,
    RankOrderTournament,
    _noise,
    check_marginal_recognition,
    logit_learning,
)


@pytest.mark.parametrize("family", ["normal", "gumbel", "uniform"])
@pytest.mark.parametrize("recognized", [1, 2])
def test_marginal_recognition_probability_matches_theory(family, recognized):
    t = RankOrderTournament((1.0, 0.4, 0.0, 0.0), family, 1.0)
    res = check_marginal_recognition(t, recognized=recognized, n_draws=100_000, seed=11)
    assert res.passed, res.message
    assert abs(res.z[0]) <= 4.0
    # the central difference is close to the derivative (h = sigma / 4)
    assert res.analytic[0] == pytest.approx(res.details["derivative"], rel=0.1)


def test_marginal_recognition_is_deterministic_given_the_seed():
    t = RankOrderTournament((1.0, 0.0, 0.0), "normal", 0.8)
    a = check_marginal_recognition(t, n_draws=5_000, seed=3)
    b = check_marginal_recognition(t, n_draws=5_000, seed=3)
    assert a.estimate[0] == b.estimate[0] and a.standard_error[0] == b.standard_error[0]


@pytest.mark.parametrize("family", ["normal", "gumbel", "uniform"])
def test_rank_probabilities_match_simulation(family):
    rng = np.random.default_rng(5)
    n, draws, d = 4, 200_000, 0.6
    x = _noise.draw(family, rng, (draws, n))
    beaten_by = np.sum(x[:, 1:] > x[:, :1] + d, axis=1)
    freq = np.bincount(beaten_by, minlength=n) / draws
    exact = RankOrderTournament((1.0, 0.0, 0.0, 0.0), family, 1.0).rank_probabilities(d)
    se = np.sqrt(exact * (1 - exact) / draws)
    assert np.all(np.abs(freq - exact) <= 4 * se)
    np.testing.assert_allclose(x.mean(), 0.0, atol=0.01)


def test_logit_learning_settles_at_the_qre_of_asymmetric_pennies():
    g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[0, 1], [1, 0]])
    res = logit_learning(g, 3.0, n_rounds=6_000, n_replicates=12, seed=1)
    assert res.passed, res.message
    assert np.all(res.standard_error < 0.02)


def test_logit_learning_settles_at_the_qre_of_a_zero_sum_game():
    rng = np.random.default_rng(8)
    a = rng.standard_normal((3, 3))
    res = logit_learning(NormalFormGame.from_bimatrix(a, -a), 2.0, n_rounds=6_000,
                         n_replicates=12, seed=2)
    assert res.passed, res.message


def test_logit_learning_in_a_three_player_potential_game():
    rng = np.random.default_rng(4)
    pot = rng.standard_normal((2, 2, 2))
    g = NormalFormGame(np.stack([pot, pot, pot], axis=-1))
    res = logit_learning(g, 1.0, n_rounds=3_000, n_replicates=10, seed=4)
    assert res.passed, res.message
