"""Tullock contests: closed forms, validity domain, nested lottery, cross-checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tournament.equilibrium import (
    RankOrderTournament,
    TullockContest,
    clark_riis_effort,
    rank_probabilities,
    tullock_effort,
    tullock_equilibrium,
)
from tournament.equilibrium.rank_order import _marginal_std


@pytest.mark.parametrize("n", [2, 3, 4, 7])
@pytest.mark.parametrize("r_share", [0.3, 0.7, 1.0])
def test_one_prize_closed_form_inside_the_domain(n, r_share):
    r = r_share * n / (n - 1)
    contest = TullockContest(n, (2.0,), decisiveness=r, cost=0.5)
    res = tullock_equilibrium(contest)
    assert res.success and res.in_domain, res.message
    assert res.effort == pytest.approx(r * 2.0 * (n - 1) / (0.5 * n * n), rel=1e-12)
    assert res.effort == pytest.approx(tullock_effort(n, 2.0, r, 0.5), rel=1e-12)
    assert res.verification.passed and res.domain_bound == pytest.approx(n / (n - 1))


@pytest.mark.parametrize("n", [2, 3, 5])
def test_outside_the_domain_there_is_no_pure_equilibrium(n):
    r = 1.05 * n / (n - 1)
    res = tullock_equilibrium(TullockContest(n, (1.0,), decisiveness=r))
    assert not res.success and res.in_domain is False and math.isnan(res.effort)
    assert "exceeds n/(n-1)" in res.message and "mixed strategies" in res.message
    # the numerical check agrees with the analytic domain: staying out pays
    assert not res.verification.passed
    assert res.verification.best_response == 0.0
    assert res.payoff < 0


def test_win_probability_is_the_tullock_ratio():
    c = TullockContest(4, (1.0,), decisiveness=0.8)
    e, others = 1.7, 0.6
    p = c.rank_probabilities(e, others)[0]
    assert p == pytest.approx(e**0.8 / (e**0.8 + 3 * others**0.8), rel=1e-13)
    assert c.win_probabilities(e, others).sum() == pytest.approx(1.0)
    assert c.rank_probabilities(0.0, others)[-1] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("n", "prizes", "r"), [(3, (3.0, 1.0), 1.0), (5, (4.0, 2.0, 1.0), 0.6), (4, (1.0,), 1.2)]
)
def test_tullock_is_a_gumbel_tournament_in_log_effort(n, prizes, r):
    c = TullockContest(n, prizes, decisiveness=r, cost=1.3)
    # the Clark-Riis effort equals V'(0) of the Gumbel tournament with scale 1/r,
    # computed by quadrature rather than by the Plackett-Luce formula
    v1 = _marginal_std(c.full_prizes, "gumbel", 0.0, method="quadrature") * r
    assert clark_riis_effort(c) == pytest.approx(v1 / c.cost, rel=1e-10)
    # and the nested-lottery rank probabilities are that tournament's, at log offsets
    e_star, e = 0.8, np.array([0.1, 0.5, 0.8, 2.0, 9.0])
    lottery = c.rank_probabilities(e, e_star)
    gumbel = rank_probabilities(n, "gumbel", r * np.log(e / e_star), method="quadrature")
    np.testing.assert_allclose(lottery, gumbel, atol=1e-12)
    # the rank-order tournament with the same prizes and Gumbel noise of scale 1/r
    # has the same marginal expected prize in log effort
    t = RankOrderTournament(tuple(c.full_prizes), "gumbel", 1.0 / r)
    assert t.marginal_prize(0.0) == pytest.approx(v1, rel=1e-10)


def test_nested_lottery_matches_direct_simulation():
    rng = np.random.default_rng(20240601)
    n, r, draws = 4, 1.5, 100_000
    efforts = np.array([1.3, 1.0, 1.0, 1.0])
    alive = np.ones((draws, n))
    ranks_of_0 = np.full(draws, -1)
    rows = np.arange(draws)
    for rank in range(n):  # draw the next winner among those left, in every replicate at once
        weights = alive * efforts**r
        cum = np.cumsum(weights, axis=1)
        pick = (cum < rng.random((draws, 1)) * cum[:, -1:]).sum(axis=1)
        ranks_of_0[(pick == 0) & (ranks_of_0 < 0)] = rank
        alive[rows, pick] = 0.0
    freq = np.bincount(ranks_of_0, minlength=n) / draws
    exact = TullockContest(n, (1.0,), decisiveness=r).rank_probabilities(1.3, 1.0)
    se = np.sqrt(exact * (1 - exact) / draws)
    assert np.all(np.abs(freq - exact) <= 4 * se)


def test_several_prizes_verified_numerically():
    c = TullockContest(4, (3.0, 1.0))
    res = tullock_equilibrium(c)
    assert res.success and res.in_domain is None and res.domain_bound is None
    assert res.effort == pytest.approx((1 / 4) * (3.0 * (1 - 1 / 4) + 1.0 * (1 - 1 / 4 - 1 / 3)))
    assert res.payoff == pytest.approx(1.0 - res.effort)
    high = tullock_equilibrium(TullockContest(4, (3.0, 1.0), decisiveness=1.6))
    assert not high.success and "not a best response" in high.message


def test_zero_prizes_beyond_the_first_equal_one_prize():
    a = tullock_equilibrium(TullockContest(3, (1.0, 0.0, 0.0), decisiveness=0.9))
    b = tullock_equilibrium(TullockContest(3, (1.0,), decisiveness=0.9))
    assert a.effort == pytest.approx(b.effort, rel=1e-12) and a.in_domain == b.in_domain
