"""The reference engine: docs/specification.md section 3, one short function per step.

This module is the specification in code. It favours clarity over speed;
the compiled engine (:mod:`tournament.engine.kernels`) follows it draw for draw and
expression for expression, and the test suite compares the two exactly.

Each step has a kernel of the same name (module ``tournament.engine.kernels.<module>``),
and the two read side by side:

* :func:`initial_state` — ``state.initial_state``;
* step 1, :func:`environment` — ``environment.environment``;
* step 2, :func:`decisions` (:func:`decide` per elite: :func:`available_actions`,
  :func:`projected_scores`, :func:`action_utility`, :func:`logit_choice`) —
  ``decisions.decisions`` (every elite in one call: ``round_value``,
  ``utility``, ``logit_choice``);
* step 3, :func:`launches` and :func:`end_project` — ``launches.launches``,
  ``launches.end_project``;
* step 4, :func:`scores` (:func:`score_without_noise`: :func:`routine`,
  :func:`visibility_substance`) — ``scores.scores``, ``scores.routine``,
  ``scores.visibility_substance``;
* step 5, :func:`recognition` and :func:`absorption` — ``recognition.recognition``,
  ``recognition.absorption``;
* step 6, :func:`governance` and :func:`crisis` — ``governance.governance``,
  ``governance.crisis``;
* steps 7 and 8, :func:`turnover` and :func:`ageing` — ``turnover.turnover``,
  ``turnover.ageing``;
* :func:`play_round`, :func:`record_round`, :func:`record_panel` — the round loop
  of ``replicate.run_replicate``, ``replicate.record_round``, ``replicate.record_panel``.

A step's counts of outcomes (launches, rejections, deaths by cause, crises,
promotions, exits) go into the round's record row, ``tally``, in both engines.
The kernels also compute the project statistics while they run
(``kernels.accumulator``); here they are computed afterwards from the tables
(:mod:`tournament.engine.summary`), with the same rules
(:mod:`tournament.engine.rules`). Rows of :class:`Records` are indexed with the
constants of :mod:`tournament.engine.records`.

Random draws of one replicate, in order (all from the replicate's own
``numpy.random.Generator``):

* start: capacity (N normals), fit (N x D betas, row by row), then one elite
  per jurisdiction (a normal for ability, a beta for motive, a uniform for
  kind);
* each round, step 1: D normals (preference), one uniform (priority shift)
  and, on a shift, one uniform (which domain); D normals (demand); N uniforms
  (malfunction);
* step 2: one uniform per elite (the logit choice; drawn even when
  ``rationality`` is inf);
* step 3: per launch, in jurisdiction order, one uniform (approval) and, if
  approved, one normal (quality);
* step 4: one noise draw per jurisdiction (a normal, or an exponential turned
  into a centred Gumbel);
* step 7: per recognised elite one uniform (promotion); per elite still in
  office whose tenure has not reached ``max_tenure`` one uniform (rotation);
  per leaving elite a new elite (normal, beta, uniform).

Floating-point arithmetic is written exactly as in the kernels (same
operations, same order, sums left to right, ``math`` functions rather than
NumPy's vectorised ones), which is what makes bit-identical agreement possible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .. import registry as C
from ..config import Config
from ..graph import neighbour_graph, regions
from .records import (
    E_CAUSE,
    E_DOMAIN,
    E_END_ROUND,
    E_FIRST_RECOGNIZED,
    E_JOINT,
    E_JURISDICTION,
    E_LAUNCH_ROUND,
    E_MEMBERS,
    E_ORIGIN,
    E_OWNER_LEFT_ROUND,
    E_QUALITY,
    E_TIMES_RECOGNIZED,
    F_ALPHA,
    F_CAPACITY,
    F_DISCONTENT,
    F_GINI,
    F_THRESHOLD,
    N_EVENT,
    N_PANEL,
    N_ROUND,
    N_ROUND_INT,
    P_ACTION,
    P_DOMAIN,
    P_ELITE_CHANGED,
    P_RANK,
    P_RECOGNIZED,
    PANEL_FLOAT_FIELDS,
    PANEL_INT_FIELDS,
    R_ACTIVE,
    R_CRISES,
    R_DIED_ABSORBED,
    R_DIED_CRISIS,
    R_DIED_DROPPED,
    R_DIED_REPLACED,
    R_EXITS,
    R_IMITATIONS,
    R_INNOVATIONS,
    R_JOINT_LAUNCHES,
    R_LEARNED,
    R_MODEL_DOMAIN,
    R_MODEL_OWNER,
    R_PROMOTIONS,
    R_REJECTED,
    R_TOP,
)
from .tables import build_table, decay_table, kind_cumulative

__all__ = [
    "State",
    "Records",
    "initial_state",
    "run_replicate",
    "run_until",
    "available_actions",
    "domain_counts",
    "projected_scores",
    "action_value",
    "fallback_action",
    "action_utility",
    "noise_cdf",
    "noise_sf",
]

INV_SQRT2 = 0.7071067811865476


# ----------------------------------------------------------------------------- state
@dataclass
class State:
    """The model state of the specification, section 2 (lists by jurisdiction or domain)."""

    # jurisdictions
    capacity: list[float]
    fit: list[list[float]]
    honor: list[float]
    malfunction: list[float]
    # the one self-selected project of each jurisdiction
    active: list[bool]
    domain: list[int]
    quality: list[float]
    novelty: list[float]
    age: list[int]
    owned: list[bool]
    origin: list[int]
    project: list[int]  # row of the project in the events record
    reputation: list[float]  # the project's reputation (step 5)
    seen: list[bool]  # the project has been recognised at least once
    members: list[int]  # 1, or the members of a joint project (section 12)
    credit: list[float]  # members ** credit_sharing: what the project's visibility is divided by
    joint: list[int]  # events row of a joint project's first member, -1 for a single project
    # elites
    ability: list[float]
    motive: list[float]
    kind: list[int]
    tenure: list[int]
    # higher level
    log_preference: list[float]
    preference: list[float]
    log_demand: list[float]
    demand: list[float]
    absorbed: list[int]
    recognitions: list[int]  # per domain, since the last absorption
    model_domain: int = -1
    model_owner: int = -1
    model_project: int = -1  # row of the model's project in the events record
    # space (section 12): neighbours (None: complete, no neighbours), region of each
    # jurisdiction, and every elite's action of the previous round (cooperation forecasts)
    neighbours: list[list[int]] | None = None
    region: list[int] = field(default_factory=list)
    last_action: list[int] = field(default_factory=list)
    threshold: float = 0.0
    # governance layer
    discontent: float = 0.0
    alpha: float = 0.0
    # lookup tables (not model state, kept here for the step functions)
    build: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)
    decay: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)
    kind_cum: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)


@dataclass
class Records:
    """What one replicate reports, as plain lists (framed by :mod:`tournament.results`).

    Rows follow the layouts of :mod:`tournament.engine.records` and are indexed
    with its constants. ``events`` holds one list per project (``E_*``:
    jurisdiction, domain, origin, launch round, end round (-1 while active),
    cause, owner-left round (-1 if never), times recognised, then quality at
    ``E_QUALITY``). ``rounds`` one list per round: the integer fields (``R_*``),
    then the float fields (``N_ROUND_INT + F_*``). ``panel`` one list per
    jurisdiction-round: the score, then the integer fields
    (``PANEL_INT0 + P_*``).
    """

    events: list[list] = field(default_factory=list)
    rounds: list[list] = field(default_factory=list)
    panel: list[list] = field(default_factory=list)


PANEL_FIELDS = PANEL_FLOAT_FIELDS + PANEL_INT_FIELDS
PANEL_SCORE = PANEL_FLOAT_FIELDS.index("score")
"""Index of the score in a panel row."""
PANEL_INT0 = len(PANEL_FLOAT_FIELDS)
"""Index of the first integer field in a panel row (after the score)."""


# ----------------------------------------------------------------------------- draws
def lognormal_mean_one(rng: np.random.Generator, sigma: float) -> float:
    """Draw a mean-one lognormal of log-sd ``sigma``: ``exp(sigma Z - sigma^2 / 2)``."""
    return math.exp(sigma * rng.standard_normal() - sigma * sigma / 2.0)


def draw_noise(cfg: Config, rng: np.random.Generator) -> float:
    """Draw the standardised evaluation noise E (normal, or Gumbel centred to mean 0)."""
    if cfg.noise == "normal":
        return rng.standard_normal()
    return -math.log(rng.standard_exponential()) - C.EULER_GAMMA


def draw_elite(cfg: Config, state: State, i: int, rng: np.random.Generator) -> None:
    """Seat a freshly drawn elite in jurisdiction ``i``."""
    state.ability[i] = lognormal_mean_one(rng, cfg.ability_sigma)
    state.motive[i] = rng.beta(cfg.motive_alpha, cfg.motive_beta)
    u = rng.random()
    kind = len(state.kind_cum) - 1
    for j in range(len(state.kind_cum)):
        if u < state.kind_cum[j]:
            kind = j
            break
    state.kind[i] = kind
    state.tenure[i] = 0


def initial_state(cfg: Config, rng: np.random.Generator, graph=None) -> State:
    """Draw the initial state of one replicate (docs/specification.md section 2).

    ``graph`` is the replicate's neighbour graph in CSR form
    (:func:`tournament.graph.neighbour_graph`), ``None`` for ``complete``.
    """
    n, d = cfg.n_jurisdictions, cfg.n_domains
    capacity = [lognormal_mean_one(rng, cfg.capacity_sigma) for _ in range(n)]
    fit = [[rng.beta(cfg.fit_alpha, cfg.fit_beta) for _ in range(d)] for _ in range(n)]
    state = State(
        capacity=capacity, fit=fit, honor=[0.0] * n, malfunction=[0.0] * n,
        active=[False] * n, domain=[-1] * n, quality=[0.0] * n, novelty=[0.0] * n,
        age=[0] * n, owned=[False] * n, origin=[-1] * n, project=[-1] * n, reputation=[0.0] * n,
        seen=[False] * n, members=[1] * n, credit=[1.0] * n, joint=[-1] * n,
        ability=[0.0] * n, motive=[0.0] * n, kind=[0] * n, tenure=[0] * n,
        log_preference=[0.0] * d, preference=softmax([0.0] * d),
        log_demand=[0.0] * d, demand=softmax([0.0] * d),
        absorbed=[0] * d, recognitions=[0] * d, alpha=cfg.concentration,
        build=build_table(cfg), decay=decay_table(cfg), kind_cum=kind_cumulative(cfg),
    )
    for i in range(n):
        draw_elite(cfg, state, i, rng)
    if graph is not None:
        ptr, nbr = graph
        state.neighbours = [[int(j) for j in nbr[ptr[i]:ptr[i + 1]]] for i in range(n)]
    state.region = [int(r) for r in regions(n, cfg.n_regions)]
    state.last_action = [C.ROUTINE] * n
    return state


# ----------------------------------------------------------------------------- helpers
def softmax(logs: list[float]) -> list[float]:
    """Normalise log-weights onto the simplex (max subtracted first)."""
    top = max(logs)
    weights = [math.exp(x - top) for x in logs]
    total = 0.0
    for w in weights:
        total += w
    return [w / total for w in weights]


def gini(values: list[float]) -> float:
    """Gini coefficient, ``sum((2i - n - 1) x_(i)) / (n sum(x))`` over sorted values."""
    xs = sorted(values)
    n = len(xs)
    total = 0.0
    weighted = 0.0
    for idx, x in enumerate(xs):
        total += x
        weighted += (2 * (idx + 1) - n - 1) * x
    if total <= 0.0:
        return 0.0
    return weighted / (n * total)


def noise_cdf(cfg: Config, x: float) -> float:
    """CDF G of the standardised noise (standard normal, or Gumbel centred to mean 0)."""
    return 1.0 - noise_sf(cfg, x)


def noise_sf(cfg: Config, x: float) -> float:
    """Survival ``1 - G(x)``, computed without cancellation."""
    if cfg.noise == "normal":
        return 0.5 * math.erfc(x * INV_SQRT2)
    z = -(x + C.EULER_GAMMA)
    if z > 700.0:  # exp(z) would overflow; the survival is 1 to double precision
        return 1.0
    return -math.expm1(-math.exp(z))


def domain_counts(state: State) -> list[int]:
    """Active projects per domain."""
    counts = [0] * len(state.absorbed)
    for i, on in enumerate(state.active):
        if on:
            counts[state.domain[i]] += 1
    return counts


def routine(cfg: Config, capacity_i: float, malfunction_i: float, on: float) -> float:
    """Routine performance ``r_i``; ``on`` is 1.0 with an active project, else 0.0."""
    return (cfg.routine_weight * capacity_i * (1.0 - malfunction_i)
            * (1.0 - cfg.project_load * on))


def visibility_substance(cfg: Config, build: float, pref_d: float, dem_d: float, novelty: float,
                         quality: float, n_d: int, ability_i: float,
                         credit: float = 1.0) -> tuple[float, float]:
    """Visibility and substance of a project (step 4); ``n_d`` counts it among its domain's.

    A joint project's visibility is divided by its ``credit``, ``members **
    credit_sharing`` (section 12); substance is not (a public good).
    """
    visibility = (cfg.n_domains * pref_d * build * novelty
                  / (1.0 + cfg.crowding * (n_d - 1)) * quality
                  * (1.0 + cfg.packaging_gain * ability_i)) / credit
    substance = cfg.n_domains * dem_d * build * quality
    return visibility, substance


def score_parts(cfg: Config, state: State, i: int, on: bool, d: int, quality: float,
                novelty: float, age: int, n_d: int,
                credit: float = 1.0) -> tuple[float, float, float]:
    """Score of step 4 without noise and without the regional term, substance, visibility.

    ``n_d`` counts the active projects in domain ``d``, this one included.
    """
    visibility = substance = 0.0
    if on:
        visibility, substance = visibility_substance(
            cfg, state.build[age], state.preference[d], state.demand[d], novelty, quality, n_d,
            state.ability[i], credit)
    score = (routine(cfg, state.capacity[i], state.malfunction[i], 1.0 if on else 0.0)
             + cfg.visibility_weight * visibility + cfg.substance_weight * substance
             - cfg.honor_pressure * state.honor[i])
    return score, substance, visibility


def score_without_noise(cfg: Config, state: State, i: int, on: bool, d: int, quality: float,
                        novelty: float, age: int, n_d: int,
                        credit: float = 1.0) -> tuple[float, float]:
    """Score of step 4 without noise (and without the regional term), and substance."""
    score, substance, _ = score_parts(cfg, state, i, on, d, quality, novelty, age, n_d, credit)
    return score, substance


def current_visibility(cfg: Config, state: State, counts: list[int]) -> list[float]:
    """Every jurisdiction's visibility now (0 without a project), as step 4 would compute it."""
    out = []
    for i in range(cfg.n_jurisdictions):
        d = state.domain[i]
        on = state.active[i]
        out.append(score_parts(cfg, state, i, on, d, state.quality[i], state.novelty[i],
                               state.age[i], counts[d] if on else 0, state.credit[i])[2])
    return out


def region_totals(cfg: Config, state: State, visibility: list[float]) -> tuple[list[float],
                                                                               list[int]]:
    """Sum of visibility (left to right by jurisdiction) and size of every region."""
    totals, sizes = [0.0] * cfg.n_regions, [0] * cfg.n_regions
    for i, v in enumerate(visibility):
        totals[state.region[i]] += v
        sizes[state.region[i]] += 1
    return totals, sizes


# ----------------------------------------------------------------------------- step 1
def environment(cfg: Config, state: State, rng: np.random.Generator) -> None:
    """Step 1: preference and demand drift, priority shifts, absorption clocks, malfunction."""
    d_count = cfg.n_domains
    for d in range(d_count):
        state.log_preference[d] += cfg.preference_volatility * rng.standard_normal()
    if rng.random() < cfg.priority_shift_prob:
        d = int(rng.random() * d_count)
        state.log_preference[d] += cfg.priority_shift_size
    state.preference = softmax(promoted(cfg, state))
    for d in range(d_count):
        state.log_demand[d] += cfg.demand_volatility * rng.standard_normal()
    state.demand = softmax(state.log_demand)
    for d in range(d_count):
        state.absorbed[d] = max(0, state.absorbed[d] - 1)  # set to rounds + 1 at absorption
    for i in range(cfg.n_jurisdictions):
        state.malfunction[i] *= 0.5
        if rng.random() < cfg.malfunction_prob:
            state.malfunction[i] = max(state.malfunction[i], cfg.malfunction_size)


def promoted(cfg: Config, state: State) -> list[float]:
    """The log-preferences with the model's domain raised by ``model_promotion``."""
    logs = list(state.log_preference)
    if state.model_domain >= 0:
        logs[state.model_domain] += cfg.model_promotion
    return logs


# ----------------------------------------------------------------------------- step 2
def decisions(cfg: Config, state: State, rng: np.random.Generator) -> list[int]:
    """Step 2: every elite chooses an action, all from the state as step 1 left it.

    One uniform per elite is drawn first, then the elites decide in index order.
    """
    counts = domain_counts(state)
    draws = [rng.random() for _ in range(cfg.n_jurisdictions)]
    return [decide(cfg, state, i, counts, draws[i]) for i in range(cfg.n_jurisdictions)]


def learning(cfg: Config, n_examples: int) -> float:
    """L(n) = 1 - (1 - learning_rate) ** n: what n examples teach (section 12)."""
    return 1.0 - (1.0 - cfg.learning_rate) ** n_examples


def examples(state: State, i: int, d: int) -> int:
    """Neighbours of ``i`` running an active project in ``d`` recognised at least once."""
    if state.neighbours is None:
        return 0
    return sum(1 for j in state.neighbours[i]
               if state.active[j] and state.domain[j] == d and state.seen[j])


def partners(state: State, i: int, d: int) -> int:
    """Others of ``i``'s region who proposed ``cooperate(d)`` last round (expected partners)."""
    return sum(1 for j, r in enumerate(state.region)
               if j != i and r == state.region[i] and state.last_action[j] == C.COOPERATE0 + d)


def available_actions(cfg: Config, state: State, i: int) -> list[int]:
    """Actions open to elite ``i``, in tie-breaking order (specification sections 4 and 12)."""
    actions = [C.ROUTINE]
    if state.active[i]:
        actions.append(C.KEEP)
    md = state.model_domain
    own = state.domain[i] if state.active[i] else -1
    if md >= 0 and state.absorbed[md] == 0 and state.model_owner != i and own != md:
        actions.append(C.IMITATE)
    actions.extend(C.LEARN0 + d for d in range(cfg.n_domains)
                   if state.absorbed[d] == 0 and d != md and d != own
                   and examples(state, i, d) > 0)
    actions.extend(C.INNOVATE0 + d for d in range(cfg.n_domains) if state.absorbed[d] == 0)
    if cfg.cooperation == "on":
        actions.extend(C.COOPERATE0 + d for d in range(cfg.n_domains) if state.absorbed[d] == 0)
    return actions


def projected_scores(cfg: Config, state: State, i: int, action: int,
                     others_counts: list[int]) -> tuple[list[float], list[float]]:
    """Expected score (E = 0) and substance of ``i`` taking ``action``, for h = 0 … H-1.

    ``others_counts[d]`` is the number of active projects of the other
    jurisdictions in domain ``d``; the elite's own project adds one. With
    regional evaluation the region's others keep the visibility they have
    now, and for ``cooperate(d)`` the m - 1 expected partners
    (:func:`partners`, a number, not named jurisdictions) each add the joint
    project to the region, with the elite's own projected visibility.
    """
    regional = cfg.evaluation_mode == "regional"
    if regional:  # the region's others' visibility as it stands, and the region's size
        vis_now = current_visibility(cfg, state, domain_counts(state))
        totals, sizes = region_totals(cfg, state, vis_now)
        others, size = totals[state.region[i]] - vis_now[i], sizes[state.region[i]]
        # cooperate(d): the m - 1 expected partners carry the joint project too
        joining = partners(state, i, action - C.COOPERATE0) if action >= C.COOPERATE0 else 0
    scores, substances = [], []
    for h in range(cfg.planning_horizon):
        if action == C.ROUTINE:
            s, u, v = score_parts(cfg, state, i, False, 0, 0.0, 0.0, 0, 0)
        else:
            d, quality, novelty, age, credit = _project_of(cfg, state, i, action)
            s, u, v = score_parts(cfg, state, i, True, d, quality, novelty * state.decay[h],
                                  age + h, others_counts[d] + 1, credit)
        if regional:
            s += cfg.regional_weight * ((others + joining * v) + v) / size
        scores.append(s)
        substances.append(u)
    return scores, substances


def _project_of(cfg: Config, state: State, i: int,
                action: int) -> tuple[int, float, float, int, float]:
    """(domain, quality, novelty, age, credit) of the project ``action`` leaves ``i`` with.

    For a launch, the expected quality; for ``cooperate(d)`` with m - 1
    expected partners (:func:`partners`), the elite's own expected quality
    standing in for the members' mean, times ``1 + cooperation_gain (m - 1)``.
    """
    expected = cfg.state_capacity
    if action == C.KEEP:
        return (state.domain[i], state.quality[i], state.novelty[i], state.age[i],
                state.credit[i])
    if action == C.IMITATE:
        d = state.model_domain
        return (d, expected * cfg.transferability * state.fit[i][d] * state.ability[i]
                * learning(cfg, examples(state, i, d) + 1), cfg.imitation_novelty, 0, 1.0)
    if action >= C.COOPERATE0:
        d = action - C.COOPERATE0
        m = 1 + partners(state, i, d)
        return (d, expected * state.fit[i][d] * state.ability[i]
                * (1.0 + cfg.cooperation_gain * (m - 1)), 1.0, 0, float(m) ** cfg.credit_sharing)
    if action >= C.LEARN0:
        d = action - C.LEARN0
        return (d, expected * cfg.transferability * state.fit[i][d] * state.ability[i]
                * learning(cfg, examples(state, i, d)), cfg.imitation_novelty, 0, 1.0)
    d = action - C.INNOVATE0
    return d, expected * state.fit[i][d] * state.ability[i], 1.0, 0, 1.0


def action_value(cfg: Config, state: State, i: int, action: int, probs: list[float],
                 substance: list[float]) -> float:
    """V(a) of specification section 4: ``own(a) * sum_h [...]`` less the face lost, no costs.

    The owner of the designated model who ends its project loses face
    (``model_commitment``, :func:`face_lost`).
    """
    w, m = state.motive[i], state.malfunction[i]
    total = 0.0
    for p_h, u_h in zip(probs, substance, strict=True):
        total += (1.0 - w) * cfg.promotion_value * p_h + w * (1.0 + m) * u_h
    own = cfg.ownership_discount if (action == C.KEEP and not state.owned[i]) else 1.0
    return own * total - face_lost(cfg, state, i, action)


def face_lost(cfg: Config, state: State, i: int, action: int) -> float:
    """``model_commitment`` when ``action`` ends the designated model's project of its owner.

    Routine drops it, a launch replaces it (when approved: the approval weight
    of :func:`action_utility` applies); keep and imitate (closed to the owner)
    do not end it.
    """
    owns_model = (state.model_owner == i and state.active[i]
                  and state.project[i] == state.model_project)
    if owns_model and action != C.KEEP:
        return cfg.model_commitment
    return 0.0


def fallback_action(state: State, i: int) -> int:
    """What elite ``i`` is left with when its launch is not approved: keep, or routine."""
    return C.KEEP if state.active[i] else C.ROUTINE


def action_utility(cfg: Config, state: State, i: int, action: int, value: float,
                   fallback_value: float) -> float:
    """U(a) of specification section 4 from V(a) and V of the fallback (:func:`action_value`).

    A launch is approved with probability B: ``U = B V(a) + (1 - B) V(f) - cost / c + bias``;
    for ``routine`` and ``keep``, ``U = V(a) - cost / c + bias``.
    """
    if action == C.ROUTINE:
        cost, favoured = 0.0, state.kind[i] == C.CONSERVATIVE
    elif action == C.KEEP:
        cost, favoured = cfg.upkeep_cost, False
    elif action == C.IMITATE or C.LEARN0 <= action < C.COOPERATE0:
        cost, favoured = cfg.imitation_cost, state.kind[i] == C.IMITATOR
    elif action >= C.COOPERATE0:  # the launch cost with coordination, shared by m members
        m = 1 + partners(state, i, action - C.COOPERATE0)
        cost, favoured = cfg.innovation_cost * (1.0 + cfg.coordination_cost) / m, False
    else:
        cost, favoured = cfg.innovation_cost, state.kind[i] == C.PIONEER
    bias = cfg.kind_bias if favoured else 0.0
    if action != C.ROUTINE and action != C.KEEP:
        b = cfg.bureaucratic_autonomy
        value = b * value + (1.0 - b) * fallback_value
    return value - cost / state.capacity[i] + bias


def decide(cfg: Config, state: State, i: int, counts: list[int], u: float) -> int:
    """Step 2 for elite ``i``: logit choice over its actions, using the uniform ``u``."""
    actions = available_actions(cfg, state, i)
    others = list(counts)
    if state.active[i]:
        others[state.domain[i]] -= 1
    values = []
    for a in actions:
        scores, substance = projected_scores(cfg, state, i, a, others)
        probs = [noise_sf(cfg, (state.threshold - s) / cfg.noise_sigma) for s in scores]
        values.append(action_value(cfg, state, i, a, probs, substance))
    fallback = values[actions.index(fallback_action(state, i))]
    utilities = [action_utility(cfg, state, i, a, v, fallback)
                 for a, v in zip(actions, values, strict=True)]
    return actions[logit_choice(utilities, cfg.rationality, u)]


def logit_choice(utilities: list[float], rationality: float, u: float) -> int:
    """Index drawn with probability proportional to ``exp(rationality * U)``.

    ``rationality = inf`` takes the first maximum. Otherwise the uniform ``u``
    is inverted through the cumulative weights, summed left to right.
    """
    top = max(utilities)
    if math.isinf(rationality):
        return utilities.index(top)
    weights = [math.exp(rationality * (x - top)) for x in utilities]
    total = 0.0
    for w in weights:
        total += w
    target = u * total
    cum = 0.0
    for j, w in enumerate(weights):
        cum += w
        if target < cum:
            return j
    return len(weights) - 1


# ----------------------------------------------------------------------------- step 3
def end_project(state: State, rec: Records, i: int, t: int, cause: int) -> None:
    """Kill the active project of ``i`` in round ``t`` with ``cause``."""
    row = rec.events[state.project[i]]
    row[E_END_ROUND], row[E_CAUSE] = t, cause
    state.active[i] = False
    state.project[i] = -1


def launches(cfg: Config, state: State, actions: list[int], rng: np.random.Generator,
             rec: Records, t: int, tally: list[int]) -> None:
    """Step 3: drop, keep, or launch (after approval from above); then joint projects.

    Jurisdictions act in index order; a launch draws its approval, and an
    approved launch other than ``cooperate(d)`` its quality, at once. The
    approved ``cooperate(d)`` proposers are then grouped by region and domain,
    in order of their lowest member (:func:`form_joint_projects`). The
    expected qualities of imitations count the examples (neighbours'
    recognised projects) as they stand at the start of the step. ``tally``
    is the round's record row; the step counts its outcomes there.
    """
    planned = {i: _project_of(cfg, state, i, a) for i, a in enumerate(actions)
               if a not in (C.ROUTINE, C.KEEP) and a < C.COOPERATE0}
    proposers = []
    for i, a in enumerate(actions):
        if a == C.ROUTINE:
            if state.active[i]:
                tally[R_DIED_DROPPED] += 1
                end_project(state, rec, i, t, C.DROPPED)
        elif a != C.KEEP:
            if rng.random() >= cfg.bureaucratic_autonomy:
                tally[R_REJECTED] += 1
                continue
            if a >= C.COOPERATE0:
                proposers.append(i)
                continue
            d, expected, novelty, _, _ = planned[i]
            origin = C.IMITATION if a == C.IMITATE or a >= C.LEARN0 else C.INNOVATION
            sigma = cfg.quality_noise / 2.0 if origin == C.IMITATION else cfg.quality_noise
            quality = expected * lognormal_mean_one(rng, sigma)
            start_project(state, rec, i, t, d, quality, novelty, origin, 1, 1.0, -1, tally)
            if a >= C.LEARN0:
                tally[R_LEARNED] += 1
    if proposers:
        form_joint_projects(cfg, state, actions, proposers, rng, rec, t, tally)


def start_project(state: State, rec: Records, i: int, t: int, d: int, quality: float,
                  novelty: float, origin: int, members: int, credit: float, joint: int,
                  tally: list[int]) -> None:
    """Start ``i``'s new project (its active one, if any, dies: cause ``replaced``)."""
    if state.active[i]:
        tally[R_DIED_REPLACED] += 1
        end_project(state, rec, i, t, C.REPLACED)
    state.active[i], state.domain[i], state.quality[i] = True, d, quality
    state.novelty[i], state.age[i], state.owned[i] = novelty, 0, True
    state.origin[i], state.project[i] = origin, len(rec.events)
    state.reputation[i], state.seen[i] = 0.0, False
    state.members[i], state.credit[i], state.joint[i] = members, credit, joint
    row = [0] * N_EVENT
    row[E_JURISDICTION], row[E_DOMAIN], row[E_ORIGIN] = i, d, origin
    row[E_LAUNCH_ROUND], row[E_END_ROUND], row[E_CAUSE] = t, -1, C.ALIVE
    row[E_OWNER_LEFT_ROUND], row[E_TIMES_RECOGNIZED], row[E_QUALITY] = -1, 0, quality
    row[E_FIRST_RECOGNIZED], row[E_MEMBERS], row[E_JOINT] = -1, members, joint
    rec.events.append(row)
    tally[R_IMITATIONS if origin == C.IMITATION else R_INNOVATIONS] += 1


def form_joint_projects(cfg: Config, state: State, actions: list[int], proposers: list[int],
                        rng: np.random.Generator, rec: Records, t: int,
                        tally: list[int]) -> None:
    """Step 3, cooperation (section 12): the approved proposers of a region and domain join.

    Groups are formed in order of their lowest member. A group of m >= 2
    draws one quality, the mean of its members' expected qualities (summed
    in index order) times ``1 + cooperation_gain (m - 1)`` times a mean-one
    lognormal of log-sd ``quality_noise``, and every member carries the
    project (its own event row; ``joint`` is the first member's row). A lone
    approved proposer launches an ordinary innovation.
    """
    placed = set()
    for i in proposers:
        if i in placed:
            continue
        group = [j for j in proposers if j not in placed and actions[j] == actions[i]
                 and state.region[j] == state.region[i]]
        placed.update(group)
        d, m = actions[i] - C.COOPERATE0, len(group)
        total = 0.0
        for j in group:
            total += cfg.state_capacity * state.fit[j][d] * state.ability[j]
        quality = (total / m * (1.0 + cfg.cooperation_gain * (m - 1))
                   * lognormal_mean_one(rng, cfg.quality_noise))
        if m == 1:
            start_project(state, rec, i, t, d, quality, 1.0, C.INNOVATION, 1, 1.0, -1, tally)
            continue
        credit, joint = float(m) ** cfg.credit_sharing, len(rec.events)
        for j in group:
            start_project(state, rec, j, t, d, quality, 1.0, C.INNOVATION, m, credit, joint,
                          tally)
        tally[R_JOINT_LAUNCHES] += m


# ----------------------------------------------------------------------------- step 4
def scores(cfg: Config, state: State, rng: np.random.Generator) -> tuple[list[float], list[float]]:
    """Step 4: every jurisdiction's score (with noise) and substance.

    With ``evaluation_mode = "regional"`` every score gains ``regional_weight``
    times its region's mean visibility (section 12) before the noise.
    """
    counts = domain_counts(state)
    base, substance, visibility = [], [], []
    for i in range(cfg.n_jurisdictions):
        on = state.active[i]
        d = state.domain[i]
        s, u, v = score_parts(cfg, state, i, on, d, state.quality[i], state.novelty[i],
                              state.age[i], counts[d] if on else 0, state.credit[i])
        base.append(s)
        substance.append(u)
        visibility.append(v)
    if cfg.evaluation_mode == "regional":
        totals, sizes = region_totals(cfg, state, visibility)
        for i in range(cfg.n_jurisdictions):
            r = state.region[i]
            base[i] += cfg.regional_weight * totals[r] / sizes[r]
    out = [s + cfg.noise_sigma * draw_noise(cfg, rng) for s in base]
    return out, substance


# ----------------------------------------------------------------------------- step 5
def recognition(cfg: Config, state: State, score: list[float], rec: Records, t: int,
                tally: list[int]) -> list[int]:
    """Step 5: rank, recognise the top k, reputations and the model, absorb saturated domains.

    Returns the ranking (jurisdictions, best first; ties to the lower index).
    """
    order = sorted(range(cfg.n_jurisdictions), key=lambda i: (-score[i], i))
    k = cfg.recognized_per_round
    points = [0.0] * cfg.n_jurisdictions
    for rank0, i in enumerate(order[:k]):
        state.honor[i] += 1.0
        points[i] = float(k - rank0)  # k - rank + 1, rank counted from 1
        if state.active[i]:
            state.recognitions[state.domain[i]] += 1
            row = rec.events[state.project[i]]
            row[E_TIMES_RECOGNIZED] += 1
            if not state.seen[i]:
                state.seen[i], row[E_FIRST_RECOGNIZED] = True, t
    state.threshold = score[order[k - 1]]
    for i in range(cfg.n_jurisdictions):
        if state.active[i]:
            state.reputation[i] = cfg.model_memory * state.reputation[i] + points[i]
    designate_model(cfg, state, score)
    if cfg.absorption_threshold > 0:
        absorption(cfg, state, rec, t, tally)
    return order


def outranks(state: State, score: list[float], i: int, j: int) -> bool:
    """Whether project ``i`` beats ``j`` for the model: reputation, incumbency, then rank."""
    if state.reputation[i] != state.reputation[j]:
        return state.reputation[i] > state.reputation[j]
    incumbent_i = state.project[i] == state.model_project
    if incumbent_i != (state.project[j] == state.model_project):
        return incumbent_i
    return score[i] > score[j] or (score[i] == score[j] and i < j)


def designate_model(cfg: Config, state: State, score: list[float]) -> None:
    """The model: the active project with the highest positive reputation.

    Without a positive reputation anywhere the model stays while its project
    lives, else there is none.
    """
    best = -1
    for i in range(cfg.n_jurisdictions):
        if state.active[i] and state.reputation[i] > 0.0:
            if best < 0 or outranks(state, score, i, best):
                best = i
    if best >= 0:
        state.model_domain, state.model_owner = state.domain[best], best
        state.model_project = state.project[best]
    elif not (state.model_owner >= 0 and state.project[state.model_owner] == state.model_project):
        state.model_domain = state.model_owner = state.model_project = -1


def absorption(cfg: Config, state: State, rec: Records, t: int, tally: list[int]) -> None:
    """Absorb every domain, in increasing order, whose recognitions reached the threshold."""
    for d in range(cfg.n_domains):
        if state.recognitions[d] >= cfg.absorption_threshold:
            # closed for exactly absorption_rounds decision steps: step 1 counts down first
            state.absorbed[d] = cfg.absorption_rounds + 1
            state.recognitions[d] = 0
            for i in range(cfg.n_jurisdictions):
                if state.active[i] and state.domain[i] == d:
                    tally[R_DIED_ABSORBED] += 1
                    end_project(state, rec, i, t, C.ABSORBED)
            if state.model_domain == d:
                state.model_domain = state.model_owner = state.model_project = -1


# ----------------------------------------------------------------------------- step 6
def governance(cfg: Config, state: State, order: list[int], substance: list[float],
               rec: Records, t: int, tally: list[int]) -> float:
    """Step 6: redistribution, growth, imbalance, discontent, crisis, policy. Returns gini."""
    n = cfg.n_jurisdictions
    if not cfg.governance_on:
        return gini(state.capacity)
    weight = [0.0] * n
    for rank0, i in enumerate(order):
        weight[i] = float(n - rank0) ** state.alpha  # (N - rank + 1) ** alpha, rank from 1
    total_w = total_c = 0.0
    for i in range(n):
        total_w += weight[i]
        total_c += state.capacity[i]
    pool = cfg.transfer_share * total_c
    for i in range(n):
        state.capacity[i] = ((1.0 - cfg.transfer_share) * state.capacity[i]
                             + pool * weight[i] / total_w)
        if state.active[i]:
            state.capacity[i] += cfg.value_return * substance[i]
    g = gini(state.capacity)
    state.discontent = ((1.0 - cfg.discontent_decay) * state.discontent
                        + max(0.0, g - cfg.imbalance_threshold)
                        + max(0.0, cfg.balance_threshold - g))
    if state.discontent > cfg.carrying_capacity:
        crisis(cfg, state, rec, t, tally)
    if cfg.allocation_policy == "turning_point":
        if g > cfg.imbalance_threshold - cfg.policy_margin:
            state.alpha = cfg.concentration_low
        elif g < cfg.balance_threshold + cfg.policy_margin:
            state.alpha = cfg.concentration_high
    return g


def crisis(cfg: Config, state: State, rec: Records, t: int, tally: list[int]) -> None:
    """A crisis: capacities move halfway to their mean, every project dies, discontent resets."""
    tally[R_CRISES] = 1
    total = 0.0
    for c in state.capacity:
        total += c
    mean = total / cfg.n_jurisdictions
    for i in range(cfg.n_jurisdictions):
        state.capacity[i] = 0.5 * (state.capacity[i] + mean)
        if state.active[i]:
            tally[R_DIED_CRISIS] += 1
            end_project(state, rec, i, t, C.CRISIS)
    state.discontent = 0.0


# ----------------------------------------------------------------------------- steps 7, 8
def turnover(cfg: Config, state: State, recognized: list[bool], rng: np.random.Generator,
             rec: Records, t: int, tally: list[int]) -> list[bool]:
    """Step 7: promotion of recognised elites, tenure limit, rotation. Returns who left."""
    left = [False] * cfg.n_jurisdictions
    for i in range(cfg.n_jurisdictions):
        leaves = recognized[i] and rng.random() < cfg.promotion_prob
        if leaves:
            tally[R_PROMOTIONS] += 1
        else:
            state.tenure[i] += 1
            leaves = state.tenure[i] >= cfg.max_tenure or rng.random() < cfg.rotation_hazard
            tally[R_EXITS] += leaves
        if leaves:
            left[i] = True
            draw_elite(cfg, state, i, rng)
            if state.active[i] and state.owned[i]:
                state.owned[i] = False
                rec.events[state.project[i]][E_OWNER_LEFT_ROUND] = t
    return left


def ageing(cfg: Config, state: State) -> None:
    """Step 8: novelty wears off, projects age, honour fades."""
    for i in range(cfg.n_jurisdictions):
        if state.active[i]:
            state.novelty[i] *= 1.0 - cfg.novelty_decay
            state.age[i] += 1
        state.honor[i] *= 1.0 - cfg.honor_decay


# ----------------------------------------------------------------------------- a round, a run
def play_round(cfg: Config, state: State, rng: np.random.Generator, rec: Records, t: int,
               panel: bool = True) -> None:
    """Play round ``t`` (steps 1-8) and append its records."""
    tally = [0] * N_ROUND_INT  # the round's integer record; the steps count their outcomes
    environment(cfg, state, rng)
    actions = decisions(cfg, state, rng)
    launches(cfg, state, actions, rng, rec, t, tally)
    score, substance = scores(cfg, state, rng)
    order = recognition(cfg, state, score, rec, t, tally)
    alpha = state.alpha
    g = governance(cfg, state, order, substance, rec, t, tally)
    recognized = [False] * cfg.n_jurisdictions
    for i in order[: cfg.recognized_per_round]:
        recognized[i] = True
    left = turnover(cfg, state, recognized, rng, rec, t, tally)
    ageing(cfg, state)
    state.last_action = actions
    record_round(state, rec, tally, order[0], g, alpha)
    if panel:
        record_panel(cfg, state, rec, score, order, actions, recognized, left)


def record_round(state: State, rec: Records, tally: list[int], top: int, g: float,
                 alpha: float) -> None:
    """Complete the round's record from its ``tally`` and the state at the end of the round."""
    capacity_total = 0.0
    for c in state.capacity:
        capacity_total += c
    row = tally + [0.0] * (N_ROUND - N_ROUND_INT)
    row[R_ACTIVE] = sum(state.active)
    row[R_MODEL_DOMAIN], row[R_MODEL_OWNER], row[R_TOP] = (state.model_domain, state.model_owner,
                                                           top)
    row[N_ROUND_INT + F_THRESHOLD], row[N_ROUND_INT + F_GINI] = state.threshold, g
    row[N_ROUND_INT + F_DISCONTENT], row[N_ROUND_INT + F_ALPHA] = state.discontent, alpha
    row[N_ROUND_INT + F_CAPACITY] = capacity_total
    rec.rounds.append(row)


def record_panel(cfg: Config, state: State, rec: Records, score: list[float], order: list[int],
                 actions: list[int], recognized: list[bool], left: list[bool]) -> None:
    """Append the round's panel rows: score, rank, action, domain, recognised, elite changed."""
    rank = [0] * cfg.n_jurisdictions
    for r0, i in enumerate(order):
        rank[i] = r0 + 1
    for i in range(cfg.n_jurisdictions):
        row = [0] * N_PANEL
        row[PANEL_SCORE] = score[i]
        row[PANEL_INT0 + P_RANK], row[PANEL_INT0 + P_ACTION] = rank[i], actions[i]
        row[PANEL_INT0 + P_DOMAIN] = state.domain[i] if state.active[i] else -1
        row[PANEL_INT0 + P_RECOGNIZED] = recognized[i]
        row[PANEL_INT0 + P_ELITE_CHANGED] = left[i]
        rec.panel.append(row)


def run_replicate(cfg: Config, rng: np.random.Generator, panel: bool = True,
                  graph=None) -> Records:
    """Run one replicate of ``cfg`` from ``rng`` (and its neighbour ``graph``); its records."""
    state = initial_state(cfg, rng, graph)
    rec = Records()
    for t in range(cfg.n_rounds):
        play_round(cfg, state, rng, rec, t, panel)
    return rec


def run_until(cfg: Config, seed: int, rounds: int, replicate: int = 0) -> State:
    """Return the state of ``replicate`` of ``seed`` after ``rounds`` full rounds."""
    from .seeding import replicate_generator

    rng = replicate_generator(seed, replicate)
    state = initial_state(cfg, rng, neighbour_graph(cfg, seed, replicate))
    rec = Records()
    for t in range(rounds):
        play_round(cfg, state, rng, rec, t, panel=False)
    return state
