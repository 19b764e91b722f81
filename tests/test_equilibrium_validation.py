"""Bad input raises the package's own errors, naming argument, value and range."""

from __future__ import annotations

import numpy as np
import pytest

from tournament._errors import EquilibriumError, ParameterError, ParameterTypeError
from tournament.equilibrium import (
    NormalFormGame,
    RankOrderTournament,
    TullockContest,
    check_marginal_recognition,
    is_equilibrium,
    logit_contest_effort,
    logit_learning,
    logit_qre,
    logit_response,
    pure_equilibria,
    rank_probabilities,
    regret,
    replicator_dynamics,
    support_enumeration,
    symmetric_equilibrium,
    tullock_effort,
    tullock_equilibrium,
    two_player_normal_effort,
)

PD = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"prizes": (1.0, 2.0)}, ParameterError,
         r"prizes must be non-increasing .* prizes\[0\]=1\.0 < prizes\[1\]=2\.0\. Fix: sort"),
        ({"prizes": (1.0, float("nan"))}, ParameterError,
         r"prizes must be finite \(no NaN or inf\), got \[1\.0, nan\]"),
        ({"prizes": (1.0,)}, ParameterError, r"prizes must be .* at least 2 prizes"),
        ({"prizes": [[1.0, 0.0], [1.0]]}, ParameterError, r"prizes must be a rectangular"),
        ({"prizes": "10"}, ParameterTypeError, r"prizes must be an array of real numbers"),
        ({"prizes": (1.0, 0.0), "noise_scale": -1.0}, ParameterError,
         r"noise_scale must lie in \(0, inf\), got -1\.0"),
        ({"prizes": (1.0, 0.0), "noise_scale": 0}, ParameterError,
         r"noise_scale must lie in \(0, inf\), got 0\.0"),
        ({"prizes": (1.0, 0.0), "noise_scale": float("nan")}, ParameterError,
         r"noise_scale must be a finite real number in \(0, inf\), got nan"),
        ({"prizes": (1.0, 0.0), "noise_scale": "1"}, ParameterTypeError,
         r"noise_scale must be a real number in \(0, inf\), got str '1'"),
        ({"prizes": (1.0, 0.0), "cost_scale": 0.0}, ParameterError,
         r"cost_scale must lie in \(0, inf\), got 0\.0"),
        ({"prizes": (1.0, 0.0), "cost_power": 1.0}, ParameterError,
         r"cost_power must lie in \(1, inf\), got 1\.0"),
        ({"prizes": (1.0, 0.0), "noise": "cauchy"}, ParameterError,
         r"noise must be one of \['normal', 'gumbel', 'uniform'\], got 'cauchy'"),
        ({"prizes": (1.0, 0.0), "cost_power": True}, ParameterTypeError,
         r"cost_power must be a real number .* got bool True"),
    ],
)
def test_rank_order_tournament_rejects(kwargs, error, match):
    with pytest.raises(error, match=match):
        RankOrderTournament(**kwargs)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: rank_probabilities(1, "normal", 0.0), ParameterError,
         r"n_players must be an integer in 2 \.\. inf, got 1"),
        (lambda: rank_probabilities(2.0, "normal", 0.0), ParameterTypeError,
         r"n_players must be an integer in 2 \.\. inf, got float 2\.0"),
        (lambda: rank_probabilities(3, "normal", 0.0, method="mc"), ParameterError,
         r"method must be one of \['exact', 'quadrature'\], got 'mc'"),
        (lambda: two_player_normal_effort(-1.0, 1.0), ParameterError,
         r"prize_spread must lie in \[0, inf\), got -1\.0"),
        (lambda: logit_contest_effort(3, 1.0, 1.0, cost_power=0.5), ParameterError,
         r"cost_power must lie in \(1, inf\), got 0\.5"),
        (lambda: tullock_effort(3, 1.0, decisiveness=0.0), ParameterError,
         r"decisiveness must lie in \(0, inf\), got 0\.0"),
        (lambda: TullockContest(2, (3.0, 2.0, 1.0)), ParameterError,
         r"prizes must hold at most n_players=2 prizes, got 3"),
        (lambda: TullockContest(3, (1.0, -1.0)), ParameterError,
         r"prizes must be >= 0 in a Tullock contest, got \[1\.0, -1\.0\]"),
        (lambda: TullockContest(1, (1.0,)), ParameterError,
         r"n_players must be an integer in 2 \.\. inf, got 1"),
        (lambda: TullockContest(3, (1.0,), cost=-2.0), ParameterError,
         r"cost must lie in \(0, inf\), got -2\.0"),
        (lambda: symmetric_equilibrium("t"), ParameterTypeError,
         r"tournament must be a RankOrderTournament, got str"),
        (lambda: symmetric_equilibrium(RankOrderTournament((1.0, 0.0)), grid_size=3),
         ParameterError, r"grid_size must be an integer in 11 \.\. inf, got 3"),
        (lambda: symmetric_equilibrium(RankOrderTournament((1.0, 0.0)), tol=-1.0),
         ParameterError, r"tol must lie in \[0, inf\), got -1\.0"),
        (lambda: tullock_equilibrium((2, 1.0)), ParameterTypeError,
         r"contest must be a TullockContest, got tuple"),
        (lambda: check_marginal_recognition(RankOrderTournament((1.0, 0.0)), recognized=2),
         ParameterError, r"recognized must be an integer in 1 \.\. 1, got 2"),
    ],
)
def test_tournament_functions_reject(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize(
    ("payoffs", "match"),
    [
        ([[1, 2], [3]], r"payoffs must be a rectangular \(not ragged\) array"),
        (np.zeros((2, 2)), r"payoffs must have shape \(n_1, \.\.\., n_m, m\) .* shape \(2, 2\)"),
        (np.zeros((2, 3, 3)), r"got shape \(2, 3, 3\)"),
        (np.zeros((0, 2, 2)), r"payoffs must give every player at least one action"),
        (np.array([[[0, 1], [np.nan, 0]]]), r"payoffs must be finite .*payoffs\[\(0, 1, 0\)\]=nan"),
        (np.array([[[0, 1], [np.inf, 0]]]), r"payoffs\[\(0, 1, 0\)\]=inf"),
    ],
)
def test_normal_form_game_rejects_bad_payoffs(payoffs, match):
    with pytest.raises(ParameterError, match=match):
        NormalFormGame(payoffs)


def test_normal_form_game_rejects_bad_labels_and_matrices():
    with pytest.raises(ParameterError, match=r"action_labels must hold one label per action"):
        NormalFormGame(np.zeros((2, 2, 2)), action_labels=[["a", "b"], ["c"]])
    with pytest.raises(ParameterError, match=r"player_labels must hold 2 names"):
        NormalFormGame(np.zeros((2, 2, 2)), player_labels=["x"])
    with pytest.raises(ParameterError, match=r"a and b must be matrices of the same shape"):
        NormalFormGame.from_bimatrix(np.zeros((2, 2)), np.zeros((2, 3)))
    with pytest.raises(ParameterError, match=r"a must be a square matrix, got shape \(2, 3\)"):
        NormalFormGame.symmetric(np.zeros((2, 3)))
    with pytest.raises(ParameterError, match=r"order must be a permutation of 0\.\.1, got \[0,"):
        PD.permute_players([0, 0])


@pytest.mark.parametrize(
    ("profile", "match"),
    [
        ((0,), r"profile must hold 2 strategies \(one per player\)"),
        ((0, 2), r"profile\[1\] must be an action index in 0 \.\. 1, got 2"),
        (([0.5, 0.6], [1, 0]), r"profile\[0\] must sum to 1 \(within 1e-09\), got sum 1\.1"),
        (([1.5, -0.5], [1, 0]), r"profile\[0\] must hold finite probabilities >= 0"),
        (([1.0, 0.0, 0.0], [1, 0]), r"profile\[0\] must be a probability vector of length 2"),
        (([np.nan, 1.0], [1, 0]), r"profile\[0\] must hold finite probabilities"),
    ],
)
def test_profiles_are_checked(profile, match):
    with pytest.raises(ParameterError, match=match):
        regret(PD, profile)


def test_solvers_reject_wrong_games_and_tolerances():
    with pytest.raises(ParameterTypeError, match=r"game must be a NormalFormGame, got list"):
        regret([[1, 2]], (0, 0))
    with pytest.raises(ParameterError, match=r"tol must lie in \[0, inf\), got -0\.1"):
        is_equilibrium(PD, (1, 1), tol=-0.1)
    with pytest.raises(ParameterError, match=r"tol must lie in \[0, inf\), got -1\.0"):
        pure_equilibria(PD, tol=-1.0)
    three = NormalFormGame(np.zeros((2, 2, 2, 3)))
    with pytest.raises(ParameterError, match=r"game must have 2 players for support enumeration"):
        support_enumeration(three)
    with pytest.raises(ParameterError, match=r"game must be a symmetric two-player game"):
        replicator_dynamics(NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[0, 1], [1, 0]]))
    with pytest.raises(ParameterError, match=r"x0 must be an interior point of the simplex"):
        replicator_dynamics(NormalFormGame.symmetric([[1, 0], [0, 1]]), [1.0, 0.0])
    with pytest.raises(ParameterError, match=r"lam must lie in \[0, inf\), got -1\.0"):
        logit_qre(PD, -1.0)
    with pytest.raises(ParameterError, match=r"lam must be a finite real number .* got inf"):
        logit_response(PD, (0, 0), float("inf"))
    with pytest.raises(ParameterError, match=r"n_replicates must be an integer in 2 \.\. inf"):
        logit_learning(PD, 1.0, n_replicates=1)


def test_strict_mode_raises_equilibrium_error():
    with pytest.raises(EquilibriumError, match=r"no symmetric pure-strategy equilibrium: .* small"):
        symmetric_equilibrium(RankOrderTournament((1.0, 0.0), "normal", 0.1), strict=True)
    with pytest.raises(EquilibriumError, match=r"participation fails"):
        symmetric_equilibrium(RankOrderTournament((1.0, 0.0)), outside_option=1.0, strict=True)
    with pytest.raises(EquilibriumError, match=r"decisiveness r=2 exceeds n/\(n-1\)=1\.5"):
        tullock_equilibrium(TullockContest(3, (1.0,), decisiveness=2.0), strict=True)
    degenerate = NormalFormGame.from_bimatrix([[1, 1], [0, 2]], [[1, 1], [0, 2]])
    with pytest.raises(EquilibriumError, match=r"degenerate game: .* may miss equilibria"):
        support_enumeration(degenerate, strict=True)
    rps = NormalFormGame.symmetric([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    with pytest.raises(EquilibriumError, match=r"no convergence by t_max=50"):
        replicator_dynamics(rps, [0.5, 0.3, 0.2], t_max=50.0, strict=True)


def test_remaining_messages():
    from tournament.equilibrium import recognition_probability

    with pytest.raises(ParameterError, match=r"scores must hold at most 12 jurisdictions, got 13"):
        recognition_probability(np.zeros(13), 0, 1, "gumbel", 1.0, method="plackett_luce")
    with pytest.raises(ParameterError, match=r"order must be an integer in 2 \.\. 150, got 400"):
        recognition_probability(np.zeros(3), 0, 1, "normal", 1.0, order=400)
    with pytest.raises(ParameterError, match=r"player must be an integer in 0 \.\. 2, got 3"):
        recognition_probability(np.zeros(3), 3, 1, "normal", 1.0)
    with pytest.raises(EquilibriumError, match=r"no verified QRE at lam=50: max_steps=1 reached"):
        logit_qre(PD, 50.0, max_steps=1, strict=True)
    with pytest.raises(EquilibriumError, match=r"no symmetric pure-strategy equilibrium"):
        check_marginal_recognition(RankOrderTournament((1.0, 0.0), "normal", 0.1))
    with pytest.raises(ParameterError, match=r"grid_size must be an integer in 11 \.\. inf, got 5"):
        tullock_equilibrium(TullockContest(2, (1.0,)), grid_size=5)
    with pytest.raises(ParameterTypeError, match=r"game must be a NormalFormGame, got dict"):
        logit_learning({}, 1.0)
    with pytest.raises(ParameterError, match=r"profile\[0\] must be an action index in 0 \.\. 1"):
        regret(PD, (-1, 0))
    with pytest.raises(ParameterError, match=r"t_max must lie in \(0, inf\), got 0\.0"):
        replicator_dynamics(NormalFormGame.symmetric([[1, 0], [0, 1]]), t_max=0.0)
