"""The OPT stage game built from model states of the reference engine."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from tournament import Config, reference
from tournament import registry as C
from tournament._errors import ParameterError, ParameterTypeError
from tournament.equilibrium import (
    _noise,
    logit_qre,
    opt_stage_game,
    pure_equilibria,
    recognition_probability,
    regret,
    stage_game_actions,
    support_enumeration,
)
from tournament.equilibrium.opt_game import profile_counts, profile_scores


def _config(n=5, d=3, k=2, noise="normal", **kw):
    return Config(n_jurisdictions=n, n_domains=d, recognized_per_round=k, noise=noise,
                  n_rounds=20, burn_in=0, **kw)


def _mc_top_k(scores, i, k, noise, sigma, draws, seed):
    rng = np.random.default_rng(seed)
    noisy = np.asarray(scores) + sigma * _noise.draw(noise, rng, (draws, len(scores)))
    ahead = np.sum(noisy > noisy[:, i : i + 1], axis=1)
    hits = (ahead < k).astype(float)
    return hits.mean(), hits.std(ddof=1) / np.sqrt(draws)


@pytest.mark.parametrize("noise", ["normal", "gumbel"])
def test_noise_functions_match_the_reference_engine(noise):
    cfg = _config(noise=noise)
    for x in (-3.0, -0.4, 0.0, 0.7, 2.5, 8.0):
        assert _noise.cdf(noise, x) == pytest.approx(reference.noise_cdf(cfg, x), abs=1e-15)
        assert _noise.sf(noise, x) == pytest.approx(reference.noise_sf(cfg, x), rel=1e-12)


@pytest.mark.parametrize("noise", ["normal", "gumbel"])
@pytest.mark.parametrize("k", [1, 2, 4])
def test_recognition_probability_matches_monte_carlo(noise, k):
    scores = [0.3, 0.1, 0.5, -0.2, 0.0, 0.25]
    sigma = 0.4
    for i in (0, 3):
        exact = recognition_probability(scores, i, k, noise, sigma)
        est, se = _mc_top_k(scores, i, k, noise, sigma, 100_000, seed=10 * k + i)
        assert abs(est - exact) <= 4 * se


@pytest.mark.parametrize("k", [1, 2, 3])
def test_plackett_luce_cross_check_for_gumbel(k):
    rng = np.random.default_rng(k)
    scores = rng.normal(size=6)
    for i in range(6):
        quad = recognition_probability(scores, i, k, "gumbel", 0.5)
        pl = recognition_probability(scores, i, k, "gumbel", 0.5, method="plackett_luce")
        assert quad == pytest.approx(pl, abs=1e-10)


@pytest.mark.parametrize("noise", ["normal", "gumbel"])
def test_recognition_probabilities_sum_to_k(noise):
    scores = np.linspace(-1.0, 1.0, 7)
    total = sum(recognition_probability(scores, i, 3, noise, 0.3) for i in range(7))
    assert total == pytest.approx(3.0, abs=1e-9)
    assert recognition_probability(scores, 0, 7, noise, 0.3) == 1.0


def test_recognition_probability_rejects_bad_input():
    with pytest.raises(ParameterError, match=r"k must be an integer in 1 \.\. 2, got 3"):
        recognition_probability([0.0, 1.0], 0, 3, "normal", 1.0)
    with pytest.raises(ParameterError, match=r"method='plackett_luce' needs noise='gumbel'"):
        recognition_probability([0.0, 1.0], 0, 1, "normal", 1.0, method="plackett_luce")
    with pytest.raises(ParameterError, match=r"noise_sigma must lie in \(0, inf\), got 0\.0"):
        recognition_probability([0.0, 1.0], 0, 1, "normal", 0.0)
    with pytest.raises(ParameterError, match=r"scores must be a finite one-dimensional array"):
        recognition_probability([0.0, np.nan], 0, 1, "normal", 1.0)


@pytest.mark.parametrize(
    ("n", "d", "k", "noise", "seed", "rounds"),
    [(4, 2, 1, "normal", 1, 3), (5, 3, 2, "gumbel", 2, 6), (6, 2, 2, "normal", 3, 8)],
)
def test_stage_game_from_a_small_model(n, d, k, noise, seed, rounds):
    cfg = _config(n, d, k, noise)
    state = reference.run_until(cfg, seed, rounds)
    players = [0, n - 1]
    game = opt_stage_game(cfg, state, players)
    acts = stage_game_actions(cfg, state, players)
    assert game.n_actions == tuple(len(a) for a in acts)
    assert game.player_labels == ("jurisdiction 0", f"jurisdiction {n - 1}")
    assert game.action_labels[0][0] == "routine"
    res = pure_equilibria(game)
    assert res.success
    for p in res.pure_profiles:
        assert regret(game, p) == 0.0
    se = support_enumeration(game, check_degeneracy=False)
    assert all(regret(game, eq) <= 1e-9 for eq in se)
    qre = logit_qre(game, 5.0)
    assert qre.success and qre.regret <= np.log(max(game.n_actions)) / 5.0


def test_profile_counts_match_a_state_with_the_actions_applied():
    cfg = _config(6, 3, 2)
    state = reference.run_until(cfg, 4, 7)
    players = [1, 2]
    for a in stage_game_actions(cfg, state, players)[0]:
        for b in stage_game_actions(cfg, state, players)[1]:
            act = [1 if state.active[j] else 0 for j in range(6)]
            act[1], act[2] = a, b
            moved = copy.deepcopy(state)
            for p, code in ((1, a), (2, b)):
                if code == 0:
                    moved.active[p] = False
                elif code == 2:
                    moved.active[p], moved.domain[p] = True, state.model_domain
                elif code >= 3:
                    moved.active[p], moved.domain[p] = True, code - 3
            assert profile_counts(state, act) == reference.domain_counts(moved)


def test_stage_game_payoff_is_the_reference_utility_with_simulated_recognition():
    cfg = _config(5, 2, 2, "normal")
    state = reference.run_until(cfg, 5, 5)
    players = [0, 3]
    game = opt_stage_game(cfg, state, players)
    acts = stage_game_actions(cfg, state, players)
    index = (len(acts[0]) - 1, 0)
    profile = [acts[0][index[0]], acts[1][index[1]]]
    scores, substance, act = profile_scores(cfg, state, players, profile)
    rng = np.random.default_rng(99)
    draws = 100_000
    noisy = scores[:, None, :] + cfg.noise_sigma * rng.standard_normal((cfg.planning_horizon,
                                                                        draws, 5))
    ahead = np.sum(noisy > noisy[:, :, :1], axis=2)
    hits = (ahead < cfg.recognized_per_round).astype(float)
    probs, ses = hits.mean(axis=1), hits.std(axis=1, ddof=1) / np.sqrt(draws)
    exact = [recognition_probability(scores[h], 0, 2, "normal", cfg.noise_sigma)
             for h in range(cfg.planning_horizon)]
    assert np.all(np.abs(probs - exact) <= 4 * ses)
    value = reference.action_value(cfg, state, 0, act[0], exact, substance[0])
    expected = reference.action_utility(cfg, state, 0, act[0], value, 0.0)  # B = 1
    assert game.payoffs[index + (0,)] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("approval", [0.3, 0.8])
def test_stage_game_weighs_a_players_launch_by_its_approval_chance(approval):
    """Payoff of a launch = B V(launch) + (1 - B) V(fallback) - cost / c + bias.

    V(fallback) is the same player's value at the profile with its own action
    replaced by keep (it has a project) or routine; the other player's action
    is as played. Checked against the game at B = 1, where payoff = V - cost + bias.
    """
    state = reference.run_until(_config(5, 2, 2), 5, 5)
    players = [0, 3]
    sure = opt_stage_game(_config(5, 2, 2), state, players)
    game = opt_stage_game(_config(5, 2, 2, bureaucratic_autonomy=approval), state, players)
    acts = stage_game_actions(_config(5, 2, 2), state, players)
    for q, p in enumerate(players):
        fb = acts[q].index(reference.fallback_action(state, p))
        for a_index, a in enumerate(acts[q]):
            for other in range(len(acts[1 - q])):
                index = (a_index, other) if q == 0 else (other, a_index)
                rejected = (fb, other) if q == 0 else (other, fb)
                if a in (C.ROUTINE, C.KEEP):
                    assert game.payoffs[index + (q,)] == sure.payoffs[index + (q,)]
                    continue
                cfg1 = _config(5, 2, 2)
                net = reference.action_utility(cfg1, state, p, a, 0.0, 0.0)  # -cost + bias
                v_a = sure.payoffs[index + (q,)] - net
                v_f = sure.payoffs[rejected + (q,)] - reference.action_utility(
                    cfg1, state, p, acts[q][fb], 0.0, 0.0)
                want = approval * v_a + (1 - approval) * v_f + net
                assert game.payoffs[index + (q,)] == pytest.approx(want, rel=1e-9, abs=1e-12)


def test_one_player_stage_game_is_a_decision_problem():
    cfg = _config(4, 2, 1)
    state = reference.run_until(cfg, 1, 2)
    game = opt_stage_game(cfg, state, [2])
    best = pure_equilibria(game).pure_profiles
    assert best == [(int(np.argmax(game.payoffs[:, 0])),)]


def test_stage_game_rejects_bad_players_and_inputs():
    cfg = _config(4, 2, 1)
    state = reference.run_until(cfg, 1, 1)
    with pytest.raises(ParameterError, match=r"players must be a non-empty list of distinct"):
        opt_stage_game(cfg, state, [1, 1])
    with pytest.raises(ParameterError, match=r"players\[i\] must be an integer in 0 \.\. 3, got 4"):
        opt_stage_game(cfg, state, [4])
    with pytest.raises(ParameterTypeError, match=r"config must be a tournament\.Config"):
        opt_stage_game({"n": 4}, state, [0])
    with pytest.raises(ParameterTypeError, match=r"state must be a reference State of 5"):
        opt_stage_game(_config(5, 2, 1), state, [0])
