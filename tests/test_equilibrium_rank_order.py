"""Rank-order tournaments: exact rank probabilities, closed forms, verification."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from tournament.equilibrium import (
    RankOrderTournament,
    _noise,
    logit_contest_effort,
    rank_probabilities,
    symmetric_equilibrium,
    two_player_normal_effort,
)
from tournament.equilibrium.rank_order import _marginal_std

FAMILIES = ("normal", "gumbel", "uniform")


@pytest.mark.parametrize("n", [2, 3, 5, 9])
def test_plackett_luce_matches_quadrature_for_gumbel(n):
    d = np.linspace(-8.0, 8.0, 33)
    exact = rank_probabilities(n, "gumbel", d)
    quad = rank_probabilities(n, "gumbel", d, method="quadrature")
    np.testing.assert_allclose(exact, quad, atol=1e-12, rtol=0)


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("n", [2, 4, 7])
def test_rank_probabilities_are_distributions_and_fair_at_zero(family, n):
    d = np.linspace(-4.0, 4.0, 17)
    p = rank_probabilities(n, family, d)
    assert p.shape == (17, n)
    assert np.all(p >= -1e-15)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-13)
    np.testing.assert_allclose(rank_probabilities(n, family, 0.0), np.full(n, 1.0 / n), atol=1e-13)
    # a larger advantage moves mass to better ranks (first-order dominance)
    cdf = np.cumsum(p, axis=1)
    assert np.all(np.diff(cdf, axis=0) >= -1e-13)


@pytest.mark.parametrize("family", FAMILIES)
def test_rank_probabilities_match_adaptive_quadrature(family):
    n, d = 4, 0.37
    lims = {"normal": (-12, 12), "gumbel": (-5, 45), "uniform": (-1, 1)}[family]
    pts = [-1.0 - d, 1.0 - d] if family == "uniform" else None

    def integrand(x, r):
        beat = _noise.cdf(family, x + d)
        return _noise.pdf(family, x) * stats.binom.pmf(n - 1 - r, n - 1, beat)

    ref = [
        integrate.quad(integrand, *lims, args=(r,), epsabs=1e-14, limit=200, points=pts)[0]
        for r in range(n)
    ]
    np.testing.assert_allclose(rank_probabilities(n, family, d), ref, atol=1e-12)


@pytest.mark.parametrize("family", FAMILIES)
def test_marginal_prize_matches_finite_difference(family):
    prizes = np.array([5.0, 3.0, 2.0, 0.0])
    h = 1e-5
    up = rank_probabilities(4, family, h) @ prizes
    down = rank_probabilities(4, family, -h) @ prizes
    # uniform noise: V has a kink in its second derivative at 0, hence O(h) error
    tol = 2e-5 if family == "uniform" else 1e-8
    assert _marginal_std(prizes, family, 0.0) == pytest.approx((up - down) / (2 * h), abs=tol)
    assert _marginal_std(prizes, family, 0.0, "quadrature") == pytest.approx(
        _marginal_std(prizes, family, 0.0), abs=1e-12
    )


@pytest.mark.parametrize(
    ("spread", "sigma", "cost_scale", "cost_power"),
    [(1.0, 1.0, 1.0, 2.0), (2.0, 0.7, 1.3, 2.5), (10.0, 3.0, 0.5, 1.5), (0.3, 0.2, 4.0, 3.0)],
)
def test_two_player_normal_closed_form(spread, sigma, cost_scale, cost_power):
    t = RankOrderTournament((spread + 1.0, 1.0), "normal", sigma, cost_scale, cost_power)
    closed = two_player_normal_effort(spread, sigma, cost_scale, cost_power)
    assert t.first_order_effort() == pytest.approx(closed, rel=1e-8, abs=1e-8)
    res = symmetric_equilibrium(t, outside_option=None)
    if res.success:
        assert res.effort == pytest.approx(closed, rel=1e-8, abs=1e-8)
    else:
        assert res.candidate == pytest.approx(closed, rel=1e-8, abs=1e-8)


@pytest.mark.parametrize(
    ("n", "prize", "sigma", "cost_scale", "cost_power"),
    [
        (2, 1.0, 1.0, 1.0, 2.0),
        (3, 2.0, 0.5, 1.0, 3.0),
        (6, 5.0, 2.0, 0.3, 1.7),
        (10, 1.0, 0.1, 2.0, 2.0),
    ],
)
def test_logit_contest_closed_form(n, prize, sigma, cost_scale, cost_power):
    prizes = (prize,) + (0.0,) * (n - 1)
    t = RankOrderTournament(prizes, "gumbel", sigma, cost_scale, cost_power)
    closed = logit_contest_effort(n, prize, sigma, cost_scale, cost_power)
    assert t.first_order_effort() == pytest.approx(closed, rel=1e-8, abs=1e-8)
    quad = (_marginal_std(np.array(prizes), "gumbel", 0.0, "quadrature") / sigma / cost_scale) ** (
        1.0 / (cost_power - 1.0)
    )
    assert quad == pytest.approx(closed, rel=1e-8, abs=1e-8)


def test_two_player_uniform_closed_form():
    # the difference of two U[-s, s] noises has density 1 / (2 s) at 0
    t = RankOrderTournament((3.0, 1.0), "uniform", 2.0, 1.0, 2.0)
    assert t.first_order_effort() == pytest.approx(2.0 / (2.0 * 2.0), rel=1e-12)


@pytest.mark.parametrize("family", FAMILIES)
def test_accepted_equilibrium_has_no_profitable_deviation_on_a_dense_grid(family):
    t = RankOrderTournament((4.0, 2.0, 1.0, 0.0), family, 2.5, 1.0, 2.0)
    res = symmetric_equilibrium(t)
    assert res.success, res.message
    e = res.effort
    grid = np.linspace(0.0, 4.0 * e + 2.0, 20_001)
    gains = t.payoff(grid, e) - t.payoff(np.array([e]), e)[0]
    assert gains.max() <= 1e-9
    assert res.verification.curvature < 0
    assert res.payoff == pytest.approx(np.mean(t.prizes) - t.cost(e))


def test_small_noise_has_no_pure_equilibrium_and_says_why():
    res = symmetric_equilibrium(RankOrderTournament((1.0, 0.0), "normal", 0.1))
    assert not res.success and math.isnan(res.effort)
    assert res.candidate == pytest.approx(two_player_normal_effort(1.0, 0.1))
    assert "noise" in res.message and "too small" in res.message
    assert res.verification.best_response < res.candidate
    assert res.verification.gain > res.verification.tol


def test_participation_failure_is_reported():
    t = RankOrderTournament((1.0, 0.0), "normal", 1.0)
    res = symmetric_equilibrium(t, outside_option=0.6)
    assert not res.success and "participation fails" in res.message
    assert res.verification.passed
    assert symmetric_equilibrium(t, outside_option=None).success


def test_all_prizes_equal_gives_zero_effort():
    res = symmetric_equilibrium(RankOrderTournament((2.0, 2.0, 2.0), "gumbel", 1.0))
    assert res.success and res.effort == 0.0


def test_result_repr_is_readable():
    text = repr(symmetric_equilibrium(RankOrderTournament((1.0, 0.0))))
    assert text.startswith("TournamentEquilibrium(")
    for name in ("effort:", "success: True", "message:", "verification: BestResponseCheck("):
        assert name in text
