"""Support enumeration: known games, the NumPy oracle, degeneracy handling."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from tournament.equilibrium import (
    DegenerateGameWarning,
    NormalFormGame,
    is_degenerate,
    is_equilibrium,
    support_enumeration,
)
from tournament.equilibrium._support_enum_kernels import support_enumeration_kernel
from tournament.equilibrium._support_enum_numpy import support_enumeration_numpy


def _rounded(res):
    return [tuple(np.round(s, 10).tolist() for s in eq) for eq in res]


def test_von_stengel_example_has_three_equilibria():
    g = NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    res = support_enumeration(g)
    assert res.success and not res.degenerate and len(res) == 3
    expected = [
        ([1, 0, 0], [1, 0]),
        ([0.8, 0.2, 0], [2 / 3, 1 / 3]),
        ([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]),
    ]
    for eq, (x, y) in zip(res, expected, strict=True):
        np.testing.assert_allclose(eq[0], x, atol=1e-12)
        np.testing.assert_allclose(eq[1], y, atol=1e-12)
    assert res.max_regret <= 1e-12


def test_matching_pennies_has_one_mixed_equilibrium():
    g = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[0, 1], [1, 0]])
    (x, y), = support_enumeration(g)
    np.testing.assert_allclose(x, [0.5, 0.5])
    np.testing.assert_allclose(y, [1 / 3, 2 / 3])


def test_coordination_game_with_more_equilibria_than_the_first_buffer():
    # identity coordination on 5 actions: one equilibrium per nonempty support, 31 > 16
    g = NormalFormGame.from_bimatrix(np.eye(5), np.eye(5))
    res = support_enumeration(g)
    assert res.success and len(res) == 31
    assert all(is_equilibrium(g, eq, tol=1e-12) for eq in res)


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (3, 5), (5, 4), (6, 6)])
def test_compiled_kernel_agrees_with_numpy_oracle(shape):
    rng = np.random.default_rng(sum(shape))
    for _ in range(5):
        a, b = rng.standard_normal(shape), rng.standard_normal(shape)
        g = NormalFormGame.from_bimatrix(a, b)
        scale = np.abs(g.payoffs).max()
        res = support_enumeration(g)
        oracle = support_enumeration_numpy(a / scale, b / scale)
        assert res.success and len(res) == len(oracle) and len(res) % 2 == 1
        for (x, y), (xo, yo) in zip(res, oracle, strict=True):
            np.testing.assert_allclose(x, xo, atol=1e-12)
            np.testing.assert_allclose(y, yo, atol=1e-12)


def test_kernel_reports_overflow_and_counts():
    a = np.eye(4)
    out_x, out_y = np.zeros((3, 4)), np.zeros((3, 4))
    info = np.zeros(3, dtype=np.int64)
    found = support_enumeration_kernel(a, a.T.copy(), 1e-10, out_x, out_y, info)
    assert found == 15 and info[0] == 15 and info[1] == 0
    assert info[2] == sum(math.comb(4, k) ** 2 for k in range(1, 5)) == 69
    np.testing.assert_array_equal(out_x[0], [1, 0, 0, 0])


def test_degenerate_game_is_flagged_with_a_warning():
    g = NormalFormGame.from_bimatrix([[1, 1], [0, 2]], [[1, 1], [0, 2]])
    assert is_degenerate(g)
    with pytest.warns(DegenerateGameWarning, match="degenerate game"):
        res = support_enumeration(g)
    assert res.degenerate and not res.success
    assert "may miss equilibria" in res.message
    # what it does return are still equilibria
    assert all(is_equilibrium(g, eq, tol=1e-12) for eq in res)


def test_degeneracy_found_only_by_the_witness_search():
    # column player indifferent between two columns against row 0: a pure strategy
    # with two best replies, though no equilibrium found shows it
    a = np.array([[0.0, 3.0, 1.0], [2.0, 0.0, 0.5]])
    b = np.array([[1.0, 1.0, 0.0], [0.0, 2.0, 3.0]])
    g = NormalFormGame.from_bimatrix(a, b)
    assert is_degenerate(g)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        assert support_enumeration(g).degenerate
        quick = support_enumeration(g, check_degeneracy=False)
    assert "not fully checked" in quick.message or quick.degenerate


def test_all_zero_game_is_degenerate():
    g = NormalFormGame(np.zeros((3, 2, 2)))
    with pytest.warns(DegenerateGameWarning):
        res = support_enumeration(g)
    assert res.degenerate and len(res) >= 1


@pytest.mark.parametrize("seed", range(5))
def test_generic_games_are_nondegenerate(seed):
    rng = np.random.default_rng(seed)
    g = NormalFormGame.from_bimatrix(rng.random((4, 3)), rng.random((4, 3)))
    assert not is_degenerate(g)


def test_one_action_per_player():
    g = NormalFormGame(np.array([[[1.0, 2.0]]]))
    res = support_enumeration(g)
    assert len(res) == 1 and res.success
