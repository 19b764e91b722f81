"""Replicator dynamics and logit quantal-response equilibria."""

from __future__ import annotations

import numpy as np
import pytest

from tournament.equilibrium import (
    NormalFormGame,
    is_equilibrium,
    logit_qre,
    logit_response,
    regret,
    replicator_dynamics,
    replicator_eigenvalues,
    replicator_rest_points,
    support_enumeration,
)

HAWK_DOVE = NormalFormGame.symmetric([[-1.0, 2.0], [0.0, 1.0]])
RPS = NormalFormGame.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
PENNIES = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[0, 1], [1, 0]])


def test_hawk_dove_converges_to_the_mixed_equilibrium():
    res = replicator_dynamics(HAWK_DOVE, [0.95, 0.05])
    assert res.success and res.converged and res.stable
    np.testing.assert_allclose(res.strategy, [0.5, 0.5], atol=1e-12)
    assert res.regret <= 1e-12 and np.all(res.eigenvalues.real < 0)


def test_coordination_game_selects_by_basin():
    stag = NormalFormGame.symmetric([[4.0, 0.0], [3.0, 3.0]])
    high = replicator_dynamics(stag, [0.9, 0.1])
    low = replicator_dynamics(stag, [0.5, 0.5])
    np.testing.assert_allclose(high.strategy, [1.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(low.strategy, [0.0, 1.0], atol=1e-9)
    assert high.success and low.success and high.stable and low.stable
    points = replicator_rest_points(stag)
    stable = [x for x, s in points if s]
    assert len(points) == 3 and len(stable) == 2


def test_rock_paper_scissors_does_not_converge_and_says_so():
    res = replicator_dynamics(RPS, [0.5, 0.3, 0.2], t_max=200.0)
    assert not res.success and not res.converged
    assert "cycle" in res.message
    # the interior rest point exists but is only neutrally stable (a centre)
    (centre, stable), = [(x, s) for x, s in replicator_rest_points(RPS) if np.all(x > 0)]
    np.testing.assert_allclose(centre, [1 / 3] * 3)
    assert not stable
    np.testing.assert_allclose(replicator_eigenvalues(RPS, centre).real, 0.0, atol=1e-12)


def test_prisoners_dilemma_converges_to_defection():
    pd = NormalFormGame.symmetric([[3.0, 0.0], [5.0, 1.0]])
    res = replicator_dynamics(pd)
    assert res.success
    np.testing.assert_allclose(res.strategy, [0.0, 1.0], atol=1e-9)


def test_qre_at_zero_is_uniform_and_solves_the_fixed_point():
    res = logit_qre(PENNIES, 0.0)
    assert res.success and res.n_steps == 0
    for s in res.profile:
        np.testing.assert_allclose(s, 0.5)
    res = logit_qre(PENNIES, 3.0)
    for s, r in zip(res.profile, logit_response(PENNIES, res.profile, 3.0), strict=True):
        np.testing.assert_allclose(s, r, atol=1e-10)
    assert np.all(np.diff(res.path_lambda) > 0)


def test_qre_of_asymmetric_pennies_approaches_the_nash_equilibrium():
    (x, y), = support_enumeration(PENNIES)
    dist = []
    for lam in (1.0, 10.0, 100.0, 1000.0):
        res = logit_qre(PENNIES, lam)
        assert res.success and res.regret <= np.log(2) / lam
        dist.append(max(np.abs(res.profile[0] - x).max(), np.abs(res.profile[1] - y).max()))
    assert dist[-1] < 1e-3 and dist == sorted(dist, reverse=True)


def test_qre_in_a_three_player_game():
    rng = np.random.default_rng(11)
    g = NormalFormGame(rng.standard_normal((2, 3, 2, 3)))
    for lam in (0.5, 5.0, 50.0):
        res = logit_qre(g, lam)
        assert res.success
        assert res.regret <= np.log(3) / lam
        assert res.residual <= 1e-8


def test_qre_limit_is_a_nash_equilibrium_of_a_dominance_solvable_game():
    g = NormalFormGame.from_bimatrix([[3, 1], [2, 0]], [[2, 1], [3, 0]])
    res = logit_qre(g, 200.0)
    assert is_equilibrium(g, (0, 0))
    assert regret(g, res.profile) <= np.log(2) / 200.0
    assert res.profile[0][0] > 0.99 and res.profile[1][0] > 0.99


@pytest.mark.parametrize("scale", [0.01, 1.0, 100.0])
def test_qre_is_invariant_to_payoff_units(scale):
    a = np.array([[1.0, -2.0, 0.5], [0.0, 1.5, -1.0]])
    b = np.array([[-0.5, 1.0, 0.0], [2.0, -1.0, 0.3]])
    base = logit_qre(NormalFormGame.from_bimatrix(a, b), 4.0)
    scaled = logit_qre(NormalFormGame.from_bimatrix(scale * a, scale * b), 4.0 / scale)
    for s, t in zip(base.profile, scaled.profile, strict=True):
        np.testing.assert_allclose(s, t, atol=1e-9)
