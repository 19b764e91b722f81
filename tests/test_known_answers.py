"""Known answers: one round of a tiny configuration (N = 3, D = 2) computed by hand.

Every expected number below is worked out in the comments from the formulas of
docs/specification.md sections 3 and 4, on a state built by hand with round
numbers, and compared with the reference engine's step functions
(``tournament/engine/reference.py``). Where a random draw matters it comes from
:class:`Script`, a stand-in generator that hands out listed values and fails
if the engine asks for a different kind of draw, or for more or fewer draws,
than the reference's docstring says.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import tournament
from tournament import Config
from tournament import registry as C
from tournament.engine import reference as ref
from tournament.engine.records import (
    E_CAUSE,
    E_END_ROUND,
    E_OWNER_LEFT_ROUND,
    E_TIMES_RECOGNIZED,
    N_EVENT,
    N_ROUND_INT,
    R_DIED_ABSORBED,
    R_EXITS,
    R_PROMOTIONS,
)
from tournament.engine.seeding import replicate_generator

REL = 1e-12
INNOVATE = [C.INNOVATE0, C.INNOVATE0 + 1]


def sf(x: float) -> float:
    """1 - Phi(x) by hand: 0.5 * erfc(x / sqrt(2))."""
    return 0.5 * math.erfc(x / math.sqrt(2.0))


class Script:
    """A generator whose draws are listed in advance as (method, value) pairs."""

    def __init__(self, draws):
        self.draws = list(draws)

    def _next(self, method):
        assert self.draws, f"unexpected extra draw: {method}"
        want, value = self.draws.pop(0)
        assert want == method, f"engine drew {method}, script expected {want}"
        return value

    def random(self):
        return self._next("random")

    def standard_normal(self):
        return self._next("normal")

    def standard_exponential(self):
        return self._next("exponential")

    def beta(self, a, b):
        return self._next("beta")

    def done(self):
        assert not self.draws, f"draws left unused: {self.draws}"


BASE = dict(
    n_jurisdictions=3, n_domains=2, recognized_per_round=1, n_rounds=10, burn_in=0,
    build_rate=0.5, crowding=0.5, packaging_gain=0.5, routine_weight=0.2, project_load=0.25,
    honor_pressure=0.1, visibility_weight=1.0, absorption_threshold=0,
)


def make_state(cfg: Config, **fields) -> ref.State:
    """An initial state (seeded), then overwritten with round numbers."""
    state = ref.initial_state(cfg, np.random.default_rng(0))
    state.preference = [0.75, 0.25]
    state.demand = [0.5, 0.5]
    state.capacity = [1.0, 1.0, 1.0]
    state.ability = [1.0, 1.0, 1.0]
    state.motive = [0.0, 0.0, 0.0]
    state.kind = [C.STRATEGIC] * 3
    state.tenure = [0, 0, 0]
    for name, value in fields.items():
        setattr(state, name, value)
    return state


def give_projects(state: ref.State, rec: ref.Records, projects: dict) -> None:
    """Seat active projects {i: (domain, quality, novelty, age, owned)} with event rows."""
    for i, (d, q, nov, age, owned) in projects.items():
        state.active[i], state.domain[i], state.quality[i] = True, d, q
        state.novelty[i], state.age[i], state.owned[i] = nov, age, owned
        state.origin[i], state.project[i] = C.INNOVATION, len(rec.events)
        row = [0] * N_EVENT
        row[E_END_ROUND], row[E_CAUSE], row[E_OWNER_LEFT_ROUND] = -1, C.ALIVE, -1
        rec.events.append(row)


# ------------------------------------------------------------------ (1) scores
def score_setup(**cfg_changes):
    cfg = Config(**{**BASE, "substance_weight": 0.5, "noise_sigma": 0.1, **cfg_changes})
    state = make_state(cfg, capacity=[2.0, 1.0, 1.0], malfunction=[0.5, 0.0, 0.0],
                       honor=[1.0, 0.0, 2.0], ability=[0.5, 1.0, 1.0])
    give_projects(state, ref.Records(), {0: (0, 1.2, 1.0, 0, True), 1: (0, 0.8, 0.5, 1, True)})
    return cfg, state


def test_scores_with_build_up_crowding_routine_and_honor():
    cfg, state = score_setup()
    # build(a) = 1 - 0.5 ** (a + 1): build(0) = 0.5, build(1) = 0.75; n_0 = 2 projects in
    # domain 0, so the crowding divisor is 1 + 0.5 * (2 - 1) = 1.5.
    # J0: v = D p_0 build(0) novelty / 1.5 * q * (1 + g a)
    #       = 2 * 0.75 * 0.5 * 1.0 / 1.5 * 1.2 * (1 + 0.5 * 0.5) = 0.75
    #     u = D q_0 build(0) q = 2 * 0.5 * 0.5 * 1.2 = 0.6
    #     r = 0.2 * c (1 - m) (1 - load) = 0.2 * 2.0 * 0.5 * 0.75 = 0.15
    #     s = 0.15 + 1 * 0.75 + 0.5 * 0.6 - 0.1 * honor 1.0 = 1.1; + 0.1 * E(=1.0) = 1.2
    # J1: v = 2 * 0.75 * 0.75 * 0.5 / 1.5 * 0.8 * (1 + 0.5 * 1.0) = 0.45
    #     u = 2 * 0.5 * 0.75 * 0.8 = 0.6; r = 0.2 * 1 * 1 * 0.75 = 0.15
    #     s = 0.15 + 0.45 + 0.3 - 0 = 0.9; + 0.1 * E(=-2.0) = 0.7
    # J2 (no project): r = 0.2 * 1 * 1 * 1 = 0.2; s = 0.2 - 0.1 * 2.0 = 0.0; + 0.1 * 0.5 = 0.05
    rng = Script([("normal", 1.0), ("normal", -2.0), ("normal", 0.5)])
    score, substance = ref.scores(cfg, state, rng)
    rng.done()
    assert score == pytest.approx([1.2, 0.7, 0.05], rel=REL, abs=1e-15)
    assert substance == pytest.approx([0.6, 0.6, 0.0], rel=REL)


def test_scores_with_gumbel_noise_centre_the_draw():
    cfg, state = score_setup(noise="gumbel")
    # E = -log(X) - gamma with X standard exponential: X = 1 gives E = -gamma,
    # X = e gives E = -1 - gamma. Noise-free scores as above: 1.1, 0.9, 0.0.
    gamma = 0.5772156649015329
    rng = Script([("exponential", 1.0), ("exponential", math.e), ("exponential", 1.0)])
    score, _ = ref.scores(cfg, state, rng)
    rng.done()
    assert score == pytest.approx([1.1 - 0.1 * gamma, 0.9 - 0.1 * (1 + gamma), -0.1 * gamma],
                                  rel=REL)


# ------------------------------------------------------------------ (2) utilities
def utility_setup(**cfg_changes):
    """Elite 1 holds a predecessor's project in domain 1; the model is J0's domain 0."""
    cfg = Config(**{**BASE, "substance_weight": 0.0, "planning_horizon": 2, "novelty_decay": 0.2,
                    "noise_sigma": 0.5, "promotion_value": 2.0, "innovation_cost": 1.0,
                    "imitation_cost": 0.5, "upkeep_cost": 0.1, "ownership_discount": 0.4,
                    "transferability": 0.5, "imitation_novelty": 0.5, "state_capacity": 1.0,
                    "kind_bias": 0.3, **cfg_changes})
    state = make_state(cfg, capacity=[1.0, 2.0, 1.0], malfunction=[0.0, 0.5, 0.0],
                       honor=[0.0, 1.0, 0.0], motive=[0.0, 0.2, 0.0],
                       kind=[C.STRATEGIC, C.PIONEER, C.STRATEGIC],
                       model_domain=0, model_owner=0, threshold=1.0)
    state.fit[1] = [0.8, 0.4]
    give_projects(state, ref.Records(), {0: (0, 1.0, 1.0, 0, True), 1: (1, 0.6, 0.5, 1, False),
                                         2: (0, 1.0, 1.0, 0, True)})
    return cfg, state


# Hand values for elite 1 (capacity 2, m 0.5, honour 1, ability 1, w 0.2, pioneer),
# theta 1.0, sigma 0.5, H = 2, decay (1, 0.8), build(0..2) = 0.5, 0.75, 0.875.
# Routine performance: without project 0.2 * 2 * 0.5 = 0.2, with project 0.15; honour -0.1.
# Others' projects: domain 0 has 2 (J0, J2), domain 1 has 0 (J1's own is left out).
HAND = {
    # routine: s = 0.2 - 0.1 = 0.1 both rounds, u = 0
    C.ROUTINE: ([0.1, 0.1], [0.0, 0.0]),
    # keep (domain 1, q 0.6, novelty 0.5, age 1; n_1 = 0 + 1, divisor 1):
    #   h0: v = 2 * 0.25 * 0.75 * 0.5 * 0.6 * 1.5 = 0.16875; s = 0.15 + 0.16875 - 0.1 = 0.21875
    #       u = 2 * 0.5 * 0.75 * 0.6 = 0.45
    #   h1: v = 2 * 0.25 * 0.875 * 0.4 * 0.6 * 1.5 = 0.1575; s = 0.2075; u = 0.525
    C.KEEP: ([0.21875, 0.2075], [0.45, 0.525]),
    # imitate (domain 0, q = S * transferability * fit * a = 0.5 * 0.8 = 0.4, novelty 0.5;
    #   n_0 = 2 + 1 = 3, divisor 1 + 0.5 * 2 = 2):
    #   h0: v = 2 * 0.75 * 0.5 * 0.5 / 2 * 0.4 * 1.5 = 0.1125; s = 0.1625; u = 2*0.5*0.5*0.4 = 0.2
    #   h1: v = 2 * 0.75 * 0.75 * 0.4 / 2 * 0.4 * 1.5 = 0.135; s = 0.185; u = 0.3
    C.IMITATE: ([0.1625, 0.185], [0.2, 0.3]),
    # innovate(0) (q = 0.8, novelty 1, divisor 2):
    #   h0: v = 1.5 * 0.5 * 1.0 / 2 * 0.8 * 1.5 = 0.45; s = 0.5; u = 2 * 0.5 * 0.5 * 0.8 = 0.4
    #   h1: v = 1.5 * 0.75 * 0.8 / 2 * 0.8 * 1.5 = 0.54; s = 0.59; u = 0.6
    INNOVATE[0]: ([0.5, 0.59], [0.4, 0.6]),
    # innovate(1), a relaunch in its own domain: replaces the old project, n_1 = 0 + 1
    #   (q = 0.4): h0: v = 2 * 0.25 * 0.5 * 1 * 0.4 * 1.5 = 0.15; s = 0.2; u = 0.2
    #              h1: v = 2 * 0.25 * 0.75 * 0.8 * 0.4 * 1.5 = 0.18; s = 0.23; u = 0.3
    INNOVATE[1]: ([0.2, 0.23], [0.2, 0.3]),
}
# U = own * sum_h [(1 - w) * 2 * P_h + w * (1 + m) * u_h] - cost / c + bias
#   = own * sum_h [1.6 * P_h + 0.3 * u_h] - cost / 2 + bias, P_h = sf((1 - s_h) / 0.5)
HAND_U = {
    C.ROUTINE: 1.6 * (sf(1.8) + sf(1.8)),                                  # no cost, no bias
    C.KEEP: 0.4 * (1.6 * (sf(1.5625) + sf(1.585)) + 0.3 * (0.45 + 0.525)) - 0.1 / 2,
    C.IMITATE: 1.6 * (sf(1.675) + sf(1.63)) + 0.3 * (0.2 + 0.3) - 0.5 / 2,  # pioneer: no bias
    INNOVATE[0]: 1.6 * (sf(1.0) + sf(0.82)) + 0.3 * (0.4 + 0.6) - 1.0 / 2 + 0.3,
    INNOVATE[1]: 1.6 * (sf(1.6) + sf(1.54)) + 0.3 * (0.2 + 0.3) - 1.0 / 2 + 0.3,
}


def _utilities(cfg, state, i):
    counts = ref.domain_counts(state)
    others = list(counts)
    if state.active[i]:
        others[state.domain[i]] -= 1
    out, values = {}, {}
    for a in ref.available_actions(cfg, state, i):
        s, u = ref.projected_scores(cfg, state, i, a, others)
        probs = [ref.noise_sf(cfg, (state.threshold - x) / cfg.noise_sigma) for x in s]
        values[a] = ref.action_value(cfg, state, i, a, probs, u)
        out[a] = (s, u, probs)
    fallback = values[ref.fallback_action(state, i)]
    return {a: (*v, ref.action_utility(cfg, state, i, a, values[a], fallback))
            for a, v in out.items()}


def test_every_action_utility_by_hand():
    cfg, state = utility_setup()
    got = _utilities(cfg, state, 1)
    assert list(got) == [C.ROUTINE, C.KEEP, C.IMITATE, *INNOVATE]
    for a, (s_hand, u_hand) in HAND.items():
        s, u, probs, util = got[a]
        assert s == pytest.approx(s_hand, rel=REL), C.action_name(a)
        assert u == pytest.approx(u_hand, rel=REL, abs=1e-15), C.action_name(a)
        assert probs == pytest.approx([sf((1.0 - x) / 0.5) for x in s_hand], rel=1e-12)
        assert util == pytest.approx(HAND_U[a], rel=1e-12), C.action_name(a)
    # a recognition chance checked as a plain number: sf(1.0) = 1 - Phi(1) = 0.158655...
    assert got[INNOVATE[0]][2][0] == pytest.approx(0.15865525393145707, rel=1e-12)


def test_ownership_discount_and_kind_bias():
    cfg, state = utility_setup()
    state.owned[1] = True  # own = 1 instead of 0.4
    keep = _utilities(cfg, state, 1)[C.KEEP][3]
    assert keep == pytest.approx(1.6 * (sf(1.5625) + sf(1.585)) + 0.3 * 0.975 - 0.05, rel=1e-12)
    # an imitator gets the bias on imitate only; a conservative on routine only
    for kind, favoured in [(C.IMITATOR, C.IMITATE), (C.CONSERVATIVE, C.ROUTINE)]:
        state.kind[1] = kind
        util = {a: v[3] for a, v in _utilities(cfg, state, 1).items()}
        for a in (C.ROUTINE, C.IMITATE, *INNOVATE):
            pioneer_bias = 0.3 if a in INNOVATE else 0.0
            bias = 0.3 if a == favoured else 0.0
            assert util[a] == pytest.approx(HAND_U[a] - pioneer_bias + bias, rel=1e-12)


def test_approval_weighs_a_launch_against_the_fallback():
    """U(launch) = B V(a) + (1 - B) V(f) - cost / c + bias; f = keep with a project.

    J1 holds a project it did not launch, so its fallback is keep, V(keep) =
    0.4 * (1.6 * (sf(1.5625) + sf(1.585)) + 0.3 * 0.975). Routine and keep
    are not launches: their utilities do not move with B.
    """
    v_keep = 0.4 * (1.6 * (sf(1.5625) + sf(1.585)) + 0.3 * 0.975)
    cost_bias = {C.IMITATE: -0.5 / 2, INNOVATE[0]: -1.0 / 2 + 0.3, INNOVATE[1]: -1.0 / 2 + 0.3}
    for b in (0.25, 0.5):
        cfg, state = utility_setup(bureaucratic_autonomy=b)
        got = {a: v[3] for a, v in _utilities(cfg, state, 1).items()}
        assert got[C.ROUTINE] == pytest.approx(HAND_U[C.ROUTINE], rel=1e-12)
        assert got[C.KEEP] == pytest.approx(HAND_U[C.KEEP], rel=1e-12)
        for a, cb in cost_bias.items():
            v = HAND_U[a] - cb
            assert got[a] == pytest.approx(b * v + (1 - b) * v_keep + cb, rel=1e-12)
    # without a project the fallback is routine: V(routine) = 1.6 * 2 * sf(1.8)
    cfg, state = utility_setup(bureaucratic_autonomy=0.5)
    state.active[1] = False
    got = {a: v[3] for a, v in _utilities(cfg, state, 1).items()}
    v_routine = 1.6 * (sf(1.8) + sf(1.8))
    assert got[C.ROUTINE] == pytest.approx(v_routine, rel=1e-12)
    # innovate(1) is no longer a relaunch: n_1 = 0 + 1 as before, same projection
    v = HAND_U[INNOVATE[1]] - cost_bias[INNOVATE[1]]
    assert got[INNOVATE[1]] == pytest.approx(0.5 * v + 0.5 * v_routine + cost_bias[INNOVATE[1]],
                                             rel=1e-12)


def test_the_owner_of_the_model_loses_face_by_ending_it():
    """model_commitment is subtracted from V(a) of every action that ends the model's project.

    J0 owns the model (domain 0) with its project: routine and innovate lose
    face (a launch only when approved, so with weight B); keep does not. J1,
    which does not own the model, is unaffected.
    """
    cfg, state = utility_setup(model_commitment=0.7, bureaucratic_autonomy=0.5)
    state.model_project = state.project[0]
    base_cfg, base = utility_setup(model_commitment=0.0, bureaucratic_autonomy=0.5)
    base.model_project = base.project[0]
    got = {a: v[3] for a, v in _utilities(cfg, state, 0).items()}
    plain = {a: v[3] for a, v in _utilities(base_cfg, base, 0).items()}
    assert set(got) == {C.ROUTINE, C.KEEP, *INNOVATE}  # no imitate for the owner
    assert got[C.KEEP] == plain[C.KEEP]
    assert got[C.ROUTINE] == pytest.approx(plain[C.ROUTINE] - 0.7, rel=1e-12)
    for a in INNOVATE:
        assert got[a] == pytest.approx(plain[a] - 0.5 * 0.7, rel=1e-12)
    assert _utilities(cfg, state, 1)[C.ROUTINE][3] == _utilities(base_cfg, base, 1)[C.ROUTINE][3]
    # once its project has died, nothing is lost (the model may outlive it)
    state.active[0] = False
    assert ref.face_lost(cfg, state, 0, C.ROUTINE) == 0.0


def test_imitate_closed_for_the_owner_and_in_the_models_domain():
    cfg, state = utility_setup()
    assert C.IMITATE not in ref.available_actions(cfg, state, 0)  # J0 owns the model
    assert C.IMITATE not in ref.available_actions(cfg, state, 2)  # J2 already in domain 0
    state.active[1] = False
    assert ref.available_actions(cfg, state, 1) == [C.ROUTINE, C.IMITATE, *INNOVATE]


# ------------------------------------------------------------------ (3) the logit choice
def test_logit_choice_boundaries():
    # U = (0, log 3, log 2), lambda 1: weights exp(U - log 3) = (1/3, 1, 2/3), total 2;
    # cumulative shares 1/6, 2/3, 1.
    utilities = [0.0, math.log(3.0), math.log(2.0)]
    eps = 1e-9
    assert ref.logit_choice(utilities, 1.0, 0.0) == 0
    assert ref.logit_choice(utilities, 1.0, 1 / 6 - eps) == 0
    assert ref.logit_choice(utilities, 1.0, 1 / 6 + eps) == 1
    assert ref.logit_choice(utilities, 1.0, 2 / 3 - eps) == 1
    assert ref.logit_choice(utilities, 1.0, 2 / 3 + eps) == 2
    assert ref.logit_choice(utilities, 1.0, 1.0 - eps) == 2
    # lambda 0: uniform over three; boundaries 1/3, 2/3
    assert ref.logit_choice(utilities, 0.0, 1 / 3 - eps) == 0
    assert ref.logit_choice(utilities, 0.0, 1 / 3 + eps) == 1
    # lambda inf: first maximum, whatever the uniform
    for u in (0.0, 0.5, 0.999):
        assert ref.logit_choice([1.0, 3.0, 3.0, 2.0], math.inf, u) == 1


def test_decide_uses_hand_utilities():
    cfg, state = utility_setup(rationality=math.inf)
    counts = ref.domain_counts(state)
    actions = [C.ROUTINE, C.KEEP, C.IMITATE, *INNOVATE]
    best = max(actions, key=lambda a: HAND_U[a])  # first maximum (no exact ties here)
    assert best == INNOVATE[0]  # 1.6 * (0.1587 + 0.2061) + 0.3 - 0.5 + 0.3 = 0.684
    assert ref.decide(cfg, state, 1, counts, 0.99) == best
    # lambda 20: a uniform just below / above the first cumulative boundary picks routine / keep
    cfg = cfg.replace(rationality=20.0)
    top = max(HAND_U.values())
    w = [math.exp(20.0 * (HAND_U[a] - top)) for a in actions]
    edge = w[0] / sum(w)
    assert ref.decide(cfg, state, 1, counts, edge * (1 - 1e-6)) == C.ROUTINE
    assert ref.decide(cfg, state, 1, counts, edge * (1 + 1e-6)) == C.KEEP
    edge = sum(w[:4]) / sum(w)  # innovate(0) | innovate(1)
    assert ref.decide(cfg, state, 1, counts, edge - 1e-9) == INNOVATE[0]
    assert ref.decide(cfg, state, 1, counts, edge + 1e-9) == INNOVATE[1]


# ------------------------------------------------------------------ (4) recognition
def recognition_setup(**cfg_changes):
    cfg = Config(**{**BASE, "recognized_per_round": 2, **cfg_changes})
    state = make_state(cfg, honor=[0.5, 0.0, 0.0], recognitions=[3, 0],
                       model_domain=1, model_owner=2)
    rec = ref.Records()
    give_projects(state, rec, {0: (0, 1.0, 1.0, 0, True), 1: (1, 1.0, 1.0, 0, True),
                               2: (0, 1.0, 1.0, 0, True)})
    return cfg, state, rec


def test_recognition_top_k_ties_honour_counts_theta_model():
    cfg, state, rec = recognition_setup()
    tally = [0] * N_ROUND_INT
    # J1 and J2 tie at 0.9: the lower index ranks first; k = 2 recognises J1 and J2
    order = ref.recognition(cfg, state, [0.5, 0.9, 0.9], rec, 4, tally)
    assert order == [1, 2, 0]
    assert state.honor == [0.5, 1.0, 1.0]
    assert state.recognitions == [3 + 1, 0 + 1]  # J2's domain 0, J1's domain 1
    assert [row[E_TIMES_RECOGNIZED] for row in rec.events] == [0, 1, 1]
    assert state.threshold == 0.9  # the 2nd highest score
    # points k - rank + 1: J1 2, J2 1, J0 0; reputations were 0
    assert state.reputation == [0.0, 2.0, 1.0]
    assert (state.model_domain, state.model_owner) == (1, 1)  # J1's project is in domain 1
    assert state.model_project == state.project[1]


def test_the_model_is_the_best_reputation_not_the_top_rank():
    """rho = model_memory * rho + points; the model is the highest positive rho."""
    cfg, state, rec = recognition_setup(model_memory=0.5)
    state.reputation = [0.0, 1.0, 5.0]  # J2's project carries an earlier reputation
    state.active[0] = False  # J0 ranks first without a project: honour, no points kept
    ref.recognition(cfg, state, [2.0, 1.0, 0.0], rec, 0, [0] * N_ROUND_INT)
    # J1 ranked 2nd: 0.5 * 1 + 1 = 1.5; J2 not recognised: 0.5 * 5 + 0 = 2.5
    assert state.reputation[1:] == [1.5, 2.5]
    assert (state.model_domain, state.model_owner) == (0, 2)  # J2's project, domain 0
    assert state.threshold == 1.0
    # next round J1 ranks first (2 points): 0.75 + 2 = 2.75 > 1.25
    ref.recognition(cfg, state, [0.0, 2.0, 1.0], rec, 1, [0] * N_ROUND_INT)
    assert state.reputation[1:] == [2.75, 1.25 + 1.0]
    assert (state.model_domain, state.model_owner) == (1, 1)


def test_a_reputation_tie_keeps_the_model_then_goes_to_the_better_rank():
    cfg, state, rec = recognition_setup(model_memory=0.5)
    state.active[0] = False
    state.model_domain, state.model_owner, state.model_project = 1, 1, state.project[1]
    # J2 ranks first (2 points), J1 second (1 point):
    # J1 0.5 * 2.5 + 1 = 2.25, J2 0.5 * 0.5 + 2 = 2.25, a tie
    state.reputation = [0.0, 2.5, 0.5]
    ref.recognition(cfg, state, [0.0, 1.0, 2.0], rec, 0, [0] * N_ROUND_INT)
    assert state.reputation[1] == state.reputation[2] == 2.25
    assert state.model_owner == 1  # the incumbent keeps it
    # without an incumbent among them, the better rank this round wins (J2 ranked first)
    state.reputation = [0.0, 2.5, 0.5]
    state.model_domain = state.model_owner = state.model_project = -1
    ref.recognition(cfg, state, [0.0, 1.0, 2.0], rec, 1, [0] * N_ROUND_INT)
    assert state.model_owner == 2


def test_without_positive_reputation_the_model_stays_while_its_project_lives():
    cfg, state, rec = recognition_setup(model_memory=0.0)
    state.model_domain, state.model_owner, state.model_project = 0, 2, state.project[2]
    for i in (0, 1):  # only J2 keeps a project; it is not recognised (k = 2, J0 and J1 rank top)
        state.active[i] = False
    ref.recognition(cfg, state, [2.0, 1.0, 0.0], rec, 0, [0] * N_ROUND_INT)
    assert state.reputation[2] == 0.0
    assert (state.model_domain, state.model_owner) == (0, 2)
    state.active[2], state.project[2] = False, -1  # its project dies: no model any more
    ref.recognition(cfg, state, [2.0, 1.0, 0.0], rec, 1, [0] * N_ROUND_INT)
    assert (state.model_domain, state.model_owner, state.model_project) == (-1, -1, -1)


def test_the_higher_level_promotes_the_models_domain():
    """Step 1: p = softmax(log p + model_promotion at the model's domain); logs unchanged."""
    cfg = Config(**{**BASE, "preference_volatility": 0.0, "demand_volatility": 0.0,
                    "priority_shift_prob": 0.0, "malfunction_prob": 0.0,
                    "model_promotion": math.log(3.0)})
    state = make_state(cfg, log_preference=[0.0, 0.0], model_domain=1, model_owner=0)
    draws = ([("normal", 0.0)] * 2 + [("random", 0.9)]  # preference walk, no shift
             + [("normal", 0.0)] * 2 + [("random", 0.9)] * 3)  # demand walk, malfunctions
    rng = Script(draws)
    ref.environment(cfg, state, rng)
    rng.done()
    assert state.preference == pytest.approx([0.25, 0.75], rel=1e-12)  # weights 1 : 3
    assert state.log_preference == [0.0, 0.0]
    state.model_domain = -1  # the raise goes with the model
    ref.environment(cfg, state, Script(draws))
    assert state.preference == pytest.approx([0.5, 0.5], rel=1e-12)


def test_absorption_kills_domain_and_clears_model():
    cfg, state, rec = recognition_setup(absorption_threshold=4, absorption_rounds=3)
    tally = [0] * N_ROUND_INT
    # J2 (domain 0) ranks first and J1 second: domain 0 goes 3 -> 4 = threshold
    ref.recognition(cfg, state, [0.0, 0.5, 0.9], rec, 7, tally)
    # the clock is set to R + 1: step 1 counts it down before each decision step
    assert state.absorbed == [4, 0] and state.recognitions == [0, 1]
    assert state.active == [False, True, False]
    assert [(r[E_END_ROUND], r[E_CAUSE]) for r in rec.events] == [
        (7, C.ABSORBED), (-1, C.ALIVE), (7, C.ABSORBED)]
    assert tally[R_DIED_ABSORBED] == 2
    # the model had just been set to J2's domain 0 (J2 ranked first); absorption clears it
    assert (state.model_domain, state.model_owner) == (-1, -1)


# ------------------------------------------------------------------ (5) absorption timing
@pytest.mark.parametrize("rounds", [0, 1, 3])
def test_absorbed_domain_closed_for_exactly_absorption_rounds_decisions(monkeypatch, rounds):
    """An absorbed domain is closed at exactly ``absorption_rounds`` decision steps.

    The clock is set to R + 1 at step 5 of the absorbing round and counted
    down at step 1 of every later round, before the decisions: with R = 3 the
    domain is closed at the decisions of the next three rounds and open at the
    fourth; with R = 0 it is never closed (its projects still die); R = 0 and
    R = 1 differ (version 1 closed it one round short, so they did not).
    """
    cfg, state, rec = recognition_setup(
        absorption_threshold=4, absorption_rounds=rounds, preference_volatility=0.0,
        demand_volatility=0.0, priority_shift_prob=0.0, malfunction_prob=0.0)
    ref.recognition(cfg, state, [0.0, 0.5, 0.9], rec, 0, [0] * N_ROUND_INT)
    assert state.absorbed[0] == rounds + 1 and state.model_domain == -1
    open_at_decision = []
    original = ref.decisions

    def watch(cfg_, state_, rng_):
        open_at_decision.append(all(INNOVATE[0] in ref.available_actions(cfg_, state_, i)
                                    for i in range(cfg_.n_jurisdictions)))
        if not open_at_decision[-1]:  # while closed, no project and no model in domain 0
            assert state_.model_domain != 0
            assert not any(a and d == 0 for a, d in zip(state_.active, state_.domain, strict=True))
        return original(cfg_, state_, rng_)

    monkeypatch.setattr(ref, "decisions", watch)
    rng = np.random.default_rng(5)
    for t in range(1, 5):  # (domain 0 can be absorbed again later: k = 2, threshold 4)
        ref.play_round(cfg, state, rng, rec, t)
    assert open_at_decision == [False] * rounds + [True] * (4 - rounds)


# ------------------------------------------------------------------ (6) turnover
def test_turnover_promotion_tenure_limit_and_ownership():
    cfg = Config(**{**BASE, "promotion_prob": 1.0, "rotation_hazard": 0.0, "max_tenure": 3,
                    "ability_sigma": 0.5})
    state = make_state(cfg, tenure=[1, 2, 0])
    rec = ref.Records()
    give_projects(state, rec, {0: (0, 1.0, 1.0, 2, True), 1: (1, 1.0, 1.0, 2, False)})
    tally = [0] * N_ROUND_INT
    # J0 recognised: promotion uniform 0.999 < 1 -> leaves; new elite (normal, beta, uniform).
    # J1 not recognised: tenure 2 -> 3 = max_tenure -> leaves without a rotation draw.
    # J2: tenure 0 -> 1, rotation uniform 0.0 < 0 is false -> stays.
    rng = Script([("random", 0.999), ("normal", 1.0), ("beta", 0.3), ("random", 0.6),
                  ("normal", 0.0), ("beta", 0.7), ("random", 0.1),
                  ("random", 0.0)])
    left = ref.turnover(cfg, state, [True, False, False], rng, rec, 9, tally)
    rng.done()
    assert left == [True, True, False]
    assert state.tenure == [0, 0, 1]
    # ability = exp(0.5 * Z - 0.5**2 / 2): Z = 1 -> exp(0.375), Z = 0 -> exp(-0.125)
    assert state.ability[:2] == pytest.approx([math.exp(0.375), math.exp(-0.125)], rel=REL)
    assert state.motive[:2] == [0.3, 0.7]
    # kinds from cumulative shares 0.55, 0.70, 0.90, 1.0: 0.6 -> pioneer, 0.1 -> strategic
    assert state.kind[:2] == [C.PIONEER, C.STRATEGIC]
    assert state.active == [True, True, False] and state.owned[:2] == [False, False]
    assert [r[E_OWNER_LEFT_ROUND] for r in rec.events] == [9, -1]  # J1's was not owned
    assert (tally[R_PROMOTIONS], tally[R_EXITS]) == (1, 1)


# ------------------------------------------------------------------ both engines, one round
def test_one_round_through_both_engines():
    cfg = Config(**{**BASE, "n_rounds": 1, "recognized_per_round": 2, "noise_sigma": 0.3})
    seed = 11
    panels = {}
    for engine in ("reference", "compiled"):
        res = tournament.simulate(cfg, replicates=1, seed=seed, engine=engine,
                                  record=("rounds", "events", "panel"))
        panels[engine] = res.panel.sort_values("jurisdiction").reset_index(drop=True)
        assert res.rounds["threshold"].iloc[0] == sorted(res.panel["score"])[-2]
    ref_panel, comp_panel = panels["reference"], panels["compiled"]
    assert ref_panel["score"].tolist() == comp_panel["score"].tolist()
    assert sorted(ref_panel["rank"]) == [1, 2, 3]
    assert int(ref_panel["recognized"].sum()) == 2
    assert set(ref_panel.loc[ref_panel["recognized"], "rank"]) == {1, 2}
    by_rank = ref_panel.sort_values("rank")["score"].to_numpy()
    assert (np.diff(by_rank) <= 0).all()
    # the scores recomputed from the state after step 3 with the formulas of step 4
    rng = replicate_generator(seed, 0)
    state = ref.initial_state(cfg, rng)
    ref.environment(cfg, state, rng)
    actions = ref.decisions(cfg, state, rng)
    ref.launches(cfg, state, actions, rng, ref.Records(), 0, [0] * N_ROUND_INT)
    noise = [rng.standard_normal() for _ in range(3)]
    n = [sum(1 for j in range(3) if state.active[j] and state.domain[j] == d) for d in range(2)]
    for i in range(3):
        r = 0.2 * state.capacity[i] * (1 - state.malfunction[i]) * (
            1 - 0.25 * state.active[i])
        v = 0.0
        if state.active[i]:
            d, age = state.domain[i], state.age[i]
            v = (2 * state.preference[d] * (1 - 0.5 ** (age + 1)) * state.novelty[i]
                 / (1 + 0.5 * (n[d] - 1)) * state.quality[i] * (1 + 0.5 * state.ability[i]))
        assert ref_panel["score"][i] == pytest.approx(r + v + 0.3 * noise[i], rel=1e-12)
