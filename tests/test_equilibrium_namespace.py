"""The public surface of tournament.equilibrium is small and pinned."""

from __future__ import annotations

import subprocess
import sys

import tournament.equilibrium as eq

EXPECTED = {
    "BestResponseCheck", "DegenerateGameWarning", "EquilibriumSet", "MonteCarloCheck",
    "NormalFormGame", "QREResult", "RankOrderTournament", "ReplicatorResult",
    "TournamentEquilibrium", "TullockContest", "TullockEquilibrium", "action_values",
    "check_marginal_recognition", "clark_riis_effort", "is_degenerate", "is_equilibrium",
    "logit_contest_effort", "logit_learning", "logit_qre", "logit_response", "opt_stage_game",
    "pure_equilibria", "rank_probabilities", "recognition_probability", "regret",
    "replicator_dynamics", "replicator_eigenvalues", "replicator_rest_points",
    "stage_game_actions", "support_enumeration", "symmetric_equilibrium", "tullock_effort",
    "tullock_equilibrium", "two_player_normal_effort",
}


def test_all_is_pinned_and_resolvable():
    assert set(eq.__all__) == EXPECTED
    assert len(eq.__all__) == len(set(eq.__all__))
    for name in eq.__all__:
        assert getattr(eq, name) is not None


def test_importing_tournament_does_not_load_the_equilibrium_module():
    code = (
        "import sys, tournament; "
        "assert 'tournament.equilibrium' not in sys.modules; "
        "assert 'hypothesis' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
