# ruff: noqa: E402  (the scipy check must run before the submodules import scipy)
"""Equilibria of the tournament stage games: solve, verify, property-test.

Solvers return result objects (dataclasses printing like scipy's
``OptimizeResult``) that carry ``success`` and a ``message``; none returns a
partial or unverified answer silently. See ``docs/equilibria.md``.

- Rank-order tournaments (Lazear-Rosen): :class:`RankOrderTournament`,
  :func:`symmetric_equilibrium`, :func:`rank_probabilities` and closed forms.
- Tullock contests: :class:`TullockContest`, :func:`tullock_equilibrium`.
- Normal-form games: :class:`NormalFormGame`, :func:`regret`,
  :func:`is_equilibrium`, :func:`pure_equilibria`,
  :func:`support_enumeration`, :func:`replicator_dynamics`,
  :func:`logit_qre`.
- The OPT stage game of a model state: :func:`opt_stage_game`.
- Simulation against theory: :func:`check_marginal_recognition`,
  :func:`logit_learning`.
"""

from __future__ import annotations

from tournament._deps import require

require("tournament.equilibrium", "scipy")  # its quadrature, root finding and ODEs use scipy

from tournament.equilibrium._best_response import BestResponseCheck
from tournament.equilibrium._results import EquilibriumSet
from tournament.equilibrium.normal_form import (
    NormalFormGame,
    action_values,
    is_equilibrium,
    regret,
)
from tournament.equilibrium.opt_game import (
    opt_stage_game,
    recognition_probability,
    stage_game_actions,
)
from tournament.equilibrium.pure import pure_equilibria
from tournament.equilibrium.qre import QREResult, logit_qre, logit_response
from tournament.equilibrium.rank_order import (
    RankOrderTournament,
    logit_contest_effort,
    rank_probabilities,
    two_player_normal_effort,
)
from tournament.equilibrium.rank_order_solver import TournamentEquilibrium, symmetric_equilibrium
from tournament.equilibrium.replicator import (
    ReplicatorResult,
    replicator_dynamics,
    replicator_eigenvalues,
    replicator_rest_points,
)
from tournament.equilibrium.simulation_check import (
    MonteCarloCheck,
    check_marginal_recognition,
    logit_learning,
)
from tournament.equilibrium.support_enumeration import (
    DegenerateGameWarning,
    is_degenerate,
    support_enumeration,
)
from tournament.equilibrium.tullock import (
    TullockContest,
    TullockEquilibrium,
    clark_riis_effort,
    tullock_effort,
    tullock_equilibrium,
)

__all__ = [
    "BestResponseCheck",
    "DegenerateGameWarning",
    "EquilibriumSet",
    "MonteCarloCheck",
    "NormalFormGame",
    "QREResult",
    "RankOrderTournament",
    "ReplicatorResult",
    "TournamentEquilibrium",
    "TullockContest",
    "TullockEquilibrium",
    "action_values",
    "check_marginal_recognition",
    "clark_riis_effort",
    "is_degenerate",
    "is_equilibrium",
    "logit_contest_effort",
    "logit_learning",
    "logit_qre",
    "logit_response",
    "opt_stage_game",
    "pure_equilibria",
    "rank_probabilities",
    "recognition_probability",
    "regret",
    "replicator_dynamics",
    "replicator_eigenvalues",
    "replicator_rest_points",
    "stage_game_actions",
    "support_enumeration",
    "symmetric_equilibrium",
    "tullock_effort",
    "tullock_equilibrium",
    "two_player_normal_effort",
]
