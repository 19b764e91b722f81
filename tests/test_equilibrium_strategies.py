"""The shipped hypothesis strategies produce valid, size-bounded objects."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
from hypothesis import given, settings

from tournament import Config
from tournament.equilibrium import NormalFormGame, RankOrderTournament, TullockContest
from tournament.testing.strategies import (
    configs,
    mixed_profiles,
    normal_form_games,
    prize_vectors,
    rank_order_tournaments,
    tullock_contests,
)

QUICK = settings(deadline=None, max_examples=30)
PD = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


@QUICK
@given(configs())
def test_configs_are_valid_and_small(cfg):
    assert isinstance(cfg, Config)
    assert 2 <= cfg.n_jurisdictions <= 8 and 1 <= cfg.n_domains <= 4 and cfg.n_rounds <= 30
    assert cfg.recognized_per_round <= cfg.n_jurisdictions
    assert cfg.burn_in < cfg.n_rounds
    assert cfg.balance_threshold < cfg.imbalance_threshold
    assert cfg.concentration_low <= cfg.concentration_high
    assert math.isclose(sum(cfg.elite_mix), 1.0, abs_tol=1e-9)
    assert Config.from_dict(cfg.to_dict()) == cfg


@QUICK
@given(configs(max_jurisdictions=3, noise="gumbel", n_rounds=5))
def test_configs_accept_bounds_and_fixed_values(cfg):
    assert cfg.noise == "gumbel" and cfg.n_rounds == 5 and cfg.n_jurisdictions <= 3


@QUICK
@given(prize_vectors(min_size=1, max_size=7, nonnegative=False))
def test_prize_vectors_are_non_increasing(prizes):
    assert 1 <= len(prizes) <= 7
    assert all(a >= b for a, b in zip(prizes, prizes[1:], strict=False))
    assert len(prizes) == 1 or prizes[0] > prizes[-1]


@QUICK
@given(rank_order_tournaments(max_players=4), tullock_contests(max_players=4))
def test_tournament_strategies_build_valid_objects(t, c):
    assert isinstance(t, RankOrderTournament) and 2 <= t.n_players <= 4
    assert isinstance(c, TullockContest) and len(c.prizes) <= c.n_players <= 4
    assert c.prizes[0] > 0


@QUICK
@given(normal_form_games(n_players=(1, 4), max_profiles=24))
def test_normal_form_games_respect_the_profile_budget(game):
    assert 1 <= game.n_players <= 4
    assert math.prod(game.n_actions) <= 24
    assert np.all(np.abs(game.payoffs) <= 10.0)


@QUICK
@given(normal_form_games(symmetric=True, integer_payoffs=True))
def test_symmetric_games_are_symmetric(game):
    assert game.is_symmetric_two_player()
    assert np.all(game.payoffs == np.round(game.payoffs))


@QUICK
@given(mixed_profiles(PD), mixed_profiles(PD, full_support=True))
def test_mixed_profiles_are_probability_vectors(p, q):
    for s in (*p, *q):
        assert np.all(s >= 0) and math.isclose(s.sum(), 1.0)
    assert all(np.all(s > 0) for s in q)


def test_importing_tournament_testing_does_not_import_hypothesis():
    code = (
        "import sys, tournament, tournament.testing; "
        "assert 'hypothesis' not in sys.modules; "
        "tournament.testing.strategies; assert 'hypothesis' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
