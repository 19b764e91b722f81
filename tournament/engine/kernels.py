"""The compiled engine: numba kernels over structure-of-arrays state.

Each function mirrors its namesake in :mod:`tournament.reference` operation
for operation and draw for draw (see that module's docstring for the order of
draws); the test suite compares the two engines exactly. Kernels take plain
arrays, scalars and one named tuple of parameters (:class:`KParams`), fill
arrays the caller allocated, and never build Python objects.

:func:`run_replicate` releases the GIL (``nogil=True``): the driver
(:mod:`tournament.engine.driver`) runs replicates in parallel on a thread pool.
Each replicate owns one ``numpy.random.Generator`` and writes only its own
rows, so results do not depend on the number of threads. Helpers are compiled
without CPython or C-function wrappers (``no_cpython_wrapper``,
``no_cfunc_wrapper``): only ``run_replicate`` is called from Python, and the
wrappers cost compilation time on every fresh install. (A ``prange`` batch
kernel did the same job but cost about 9 s more compilation, because LLVM
re-optimised the whole replicate inside the parallel loop; see
``benchmarks/compile.py``.)

Loops over elites live inside the kernels, not around kernel calls: numba
takes and releases a reference (an atomic operation) on every array passed to
a call, and calling a per-elite decision helper with its 25 arrays cost about
10 % of the run time. :func:`_decide_all` therefore decides for every elite
in one call per round.

Statistics that need per-project or per-jurisdiction detail are computed while
the replicate runs (streaming), with the definitions of
:mod:`tournament.analysis.statistics`:

* lifetimes: histograms of durations of dead and censored projects;
* turnover: project-rounds at risk and deaths by choice, exposed or not;
* restarts: one pending death per jurisdiction;
* leader to follower: one pending spell per round in which a spell ended.
"""

from __future__ import annotations

import math
from collections import namedtuple

import numpy as np
from numba import njit

EULER_GAMMA = 0.5772156649015329
INV_SQRT2 = 0.7071067811865476
WINDOW = 10
RUN = 3

# codes (mirror tournament.registry; kernels cannot read module dicts)
ROUTINE, KEEP, IMITATE, INNOVATE0 = 0, 1, 2, 3
PIONEER, IMITATOR, CONSERVATIVE = 1, 2, 3
INNOVATION, IMITATION = 0, 1
ALIVE, DROPPED, REPLACED, ABSORBED, CRISIS = 0, 1, 2, 3, 4
TURNING_POINT = 1

# round record columns
R_ACTIVE, R_INNOV, R_IMIT, R_REJECTED, R_DROPPED, R_REPLACED, R_ABSORBED, R_CRISIS = range(8)
R_CRISES, R_PROMOTIONS, R_EXITS, R_MODEL_DOMAIN, R_MODEL_OWNER, R_TOP = range(8, 14)
F_THRESHOLD, F_GINI, F_DISCONTENT, F_ALPHA, F_CAPACITY = range(5)
N_PROJECT_STATS = 8
# streaming accumulators updated by _end
A_DEAD_TOTAL, A_DEAD_COUNT, A_EXP_DEAD, A_OTH_DEAD, A_DEATHS_W = range(5)
N_ACC = np.int64(5)

KParams = namedtuple(
    "KParams",
    [
        "n", "n_domains", "n_rounds", "k", "horizon", "burn_in", "noise", "noise_sigma",
        "rationality", "argmax", "capacity_sigma", "fit_alpha", "fit_beta", "ability_sigma",
        "motive_alpha", "motive_beta", "kind_bias", "promotion_value", "promotion_prob",
        "rotation_hazard", "max_tenure", "ownership_discount", "innovation_cost",
        "imitation_cost", "upkeep_cost", "imitation_novelty", "transferability",
        "quality_noise", "novelty_decay", "crowding", "state_capacity",
        "bureaucratic_autonomy", "routine_weight", "project_load", "visibility_weight",
        "substance_weight", "packaging_gain", "honor_pressure", "honor_decay",
        "preference_volatility", "priority_shift_prob", "priority_shift_size",
        "demand_volatility", "malfunction_prob", "malfunction_size", "absorption_threshold",
        "absorption_rounds", "governance_on", "transfer_share", "value_return", "policy",
        "concentration", "concentration_low", "concentration_high", "balance_threshold",
        "imbalance_threshold", "policy_margin", "discontent_decay", "carrying_capacity",
    ],
)


# ----------------------------------------------------------------------------- helpers

# Arrays are allocated by the three helpers below, and max(), min() and int() are
# written out as comparisons and casts: numba compiles its implementation of each
# np.zeros / np.full / max / min / int signature anew for every calling kernel,
# about 0.1 s each on a cold cache. Integer constants are passed typed (NONE, ZERO):
# a literal argument makes numba compile a helper once more for that literal.
NONE = np.int64(-1)
ZERO = np.int64(0)


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _floats(n):
    out = np.empty(n)
    out[:] = 0.0
    return out


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _ints(n, fill):
    out = np.empty(n, np.int64)
    out[:] = fill
    return out


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _flags(n):
    out = np.empty(n, np.bool_)
    out[:] = False
    return out


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _lognormal_mean_one(g, sigma):
    return math.exp(sigma * g.standard_normal() - sigma * sigma / 2.0)


_DROPPED = np.int64(DROPPED)
_REPLACED = np.int64(REPLACED)
_ABSORBED = np.int64(ABSORBED)
_CRISIS = np.int64(CRISIS)


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _draw_elite(g, p, kind_cum, i, ability, motive, kind, tenure):
    ability[i] = _lognormal_mean_one(g, p.ability_sigma)
    motive[i] = g.beta(p.motive_alpha, p.motive_beta)
    u = g.random()
    chosen = 3
    for j in range(4):
        if u < kind_cum[j]:
            chosen = j
            break
    kind[i] = chosen
    tenure[i] = 0


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _softmax(logs, out):
    top = logs[0]
    for d in range(1, len(logs)):
        if logs[d] > top:
            top = logs[d]
    total = 0.0
    for d in range(len(logs)):
        out[d] = math.exp(logs[d] - top)
        total += out[d]
    for d in range(len(logs)):
        out[d] = out[d] / total


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _argsort_stable(x):
    """Indices sorting ``x`` ascending, ties in index order: a bottom-up merge sort.

    Written out because numba's ``np.argsort(kind="mergesort")`` costs seconds of
    compilation; the result is the same permutation.
    """
    n = len(x)
    a = np.empty(n, np.int64)
    for i in range(n):
        a[i] = i
    b = np.empty(n, np.int64)
    width = 1
    while width < n:
        for lo in range(0, n, 2 * width):
            mid = lo + width if lo + width < n else n
            hi = lo + 2 * width if lo + 2 * width < n else n
            i, j = lo, mid
            for o in range(lo, hi):
                if i < mid and (j >= hi or not x[a[j]] < x[a[i]]):
                    b[o] = a[i]
                    i += 1
                else:
                    b[o] = a[j]
                    j += 1
        a, b = b, a
        width *= 2
    return a


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _gini(values):
    order = _argsort_stable(values)
    n = len(values)
    total = 0.0
    weighted = 0.0
    for idx in range(n):
        x = values[order[idx]]
        total += x
        weighted += (2 * (idx + 1) - n - 1) * x
    if total <= 0.0:
        return 0.0
    return weighted / (n * total)


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _kth_largest(values, k, work):
    """The k-th largest entry of ``values`` (k from 1) in O(N), by quickselect on ``work``."""
    n = len(values)
    for i in range(n):
        work[i] = values[i]
    target = n - k  # position in ascending order
    lo, hi = 0, n - 1
    while lo < hi:
        mid = (lo + hi) // 2
        # median of three as pivot
        a, b, c = work[lo], work[mid], work[hi]
        if a < b:
            pivot = b if b < c else (c if a < c else a)
        else:
            pivot = a if a < c else (c if b < c else b)
        i, j = lo, hi
        while i <= j:
            while work[i] < pivot:
                i += 1
            while work[j] > pivot:
                j -= 1
            if i <= j:
                tmp = work[i]
                work[i] = work[j]
                work[j] = tmp
                i += 1
                j -= 1
        if target <= j:
            hi = j
        elif target >= i:
            lo = i
        else:
            return work[target]
    return work[target]


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _noise_sf(noise, x):
    if noise == 0:
        return 0.5 * math.erfc(x * INV_SQRT2)
    z = -(x + EULER_GAMMA)
    if z > 700.0:
        return 1.0
    return -math.expm1(-math.exp(z))


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _visibility_substance(p, build, pref_d, dem_d, novelty, quality, n_d, ability_i):
    visibility = (p.n_domains * pref_d * build * novelty
                  / (1.0 + p.crowding * (n_d - 1)) * quality
                  * (1.0 + p.packaging_gain * ability_i))
    substance = p.n_domains * dem_d * build * quality
    return visibility, substance


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _routine(p, capacity_i, malfunction_i, on):
    """Routine score; ``on`` is 1.0 with an active project, else 0.0."""
    return (p.routine_weight * capacity_i * (1.0 - malfunction_i)
            * (1.0 - p.project_load * on))


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _hazard_ratio(exp_dead, exp_risk, oth_dead, oth_risk):
    if exp_risk == 0 or oth_risk == 0:
        return np.nan
    if oth_dead == 0:
        return np.inf if exp_dead > 0 else np.nan
    return (exp_dead / exp_risk) / (oth_dead / oth_risk)


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _km_median(dead_hist, cens_hist):
    at_risk = 0
    for t in range(len(dead_hist)):
        at_risk += dead_hist[t] + cens_hist[t]
    if at_risk == 0:
        return np.nan
    surv = 1.0
    for t in range(len(dead_hist)):
        if dead_hist[t] > 0:
            surv = surv * (1.0 - dead_hist[t] / at_risk)
            if surv <= 0.5:
                return float(t)
        at_risk -= dead_hist[t] + cens_hist[t]
    return np.inf


# ----------------------------------------------------------------------------- one replicate
@njit(cache=True, nogil=True, no_cfunc_wrapper=True)
def run_replicate(g, p, build_tab, decay, kind_cum, rint, rfloat, pstats,
                  rec_events, ev_int, ev_q, rec_panel, pan_score, pan_int):
    """Run one replicate; fill its round rows, project statistics and optional records.

    Returns the number of projects launched (rows written to ``ev_int``).
    """
    n, nd, big_t, k, b = p.n, p.n_domains, p.n_rounds, p.k, p.burn_in
    # ---- state (docs/specification.md section 2), structure of arrays
    capacity = _floats(n)
    fit = np.empty((n, nd))
    honor = _floats(n)
    malfunction = _floats(n)
    active = _flags(n)
    dom = _ints(n, NONE)
    quality = _floats(n)
    novelty = _floats(n)
    age = _ints(n, ZERO)
    owned = _flags(n)
    origin = _ints(n, NONE)
    pid = _ints(n, NONE)
    launch_round = _ints(n, ZERO)
    left_round = _ints(n, NONE)
    ability = _floats(n)
    motive = _floats(n)
    kind = _ints(n, ZERO)
    tenure = _ints(n, ZERO)
    logp = _floats(nd)
    pref = _floats(nd)
    logq = _floats(nd)
    dem = _floats(nd)
    absorbed = _ints(nd, ZERO)
    recog_dom = _ints(nd, ZERO)
    model_domain = NONE  # typed: a literal would make numba compile _decide_all twice
    model_owner = NONE
    threshold = 0.0
    discontent = 0.0
    alpha = p.concentration
    # ---- scratch
    counts = _ints(nd, ZERO)
    others = _ints(nd, ZERO)
    actions = _ints(n, ZERO)
    draws = _floats(n)
    score = _floats(n)
    substance = _floats(n)
    recognized = _flags(n)
    left = _flags(n)
    weight = _floats(n)
    work = _floats(n)
    n_act = nd + 3
    utils = _floats(n_act)
    acts = _ints(n_act, ZERO)
    wts = _floats(n_act)
    # ---- streaming statistics
    dead_hist = _ints(big_t + 1, ZERO)
    cens_hist = _ints(big_t + 1, ZERO)
    acc = _ints(N_ACC, ZERO)
    exp_risk = oth_risk = ZERO
    pend_round = _ints(n, NONE)
    pend_dom = _ints(n, NONE)
    restarts = new_domain = 0
    last_launch = _ints(n, NONE)
    last_origin = _ints(n, ZERO)
    spell_j = _ints(big_t, NONE)
    spell_seen = _flags(big_t)
    spell_follows = _flags(big_t)
    spell_streak = _ints(big_t, ZERO)
    spells = followers = 0
    recog_count = _floats(n)
    projects_late = 0
    n_events = 0

    # ---- initial state
    for i in range(n):
        capacity[i] = _lognormal_mean_one(g, p.capacity_sigma)
    for i in range(n):
        for d in range(nd):
            fit[i, d] = g.beta(p.fit_alpha, p.fit_beta)
    _softmax(logp, pref)
    _softmax(logq, dem)
    for i in range(n):
        _draw_elite(g, p, kind_cum, i, ability, motive, kind, tenure)
    gini_fixed = _gini(capacity)
    cap_fixed = 0.0
    for i in range(n):
        cap_fixed += capacity[i]

    for t in range(big_t):
        n_innov = n_imit = n_rej = n_drop = n_repl = n_abs = n_cris = 0
        crisis_flag = n_prom = n_exit = 0
        # ---- step 1: environment
        for d in range(nd):
            logp[d] += p.preference_volatility * g.standard_normal()
        if g.random() < p.priority_shift_prob:
            d = np.int64(g.random() * nd)
            logp[d] += p.priority_shift_size
        _softmax(logp, pref)
        for d in range(nd):
            logq[d] += p.demand_volatility * g.standard_normal()
        _softmax(logq, dem)
        for d in range(nd):
            absorbed[d] = absorbed[d] - 1 if absorbed[d] > 0 else 0
        for i in range(n):
            malfunction[i] *= 0.5
            if g.random() < p.malfunction_prob:
                if p.malfunction_size > malfunction[i]:  # max(), as the reference writes it
                    malfunction[i] = p.malfunction_size
        # ---- step 2: decisions, all from the state at the start of the step
        counts[:] = 0
        for i in range(n):
            if active[i]:
                counts[dom[i]] += 1
        for i in range(n):
            draws[i] = g.random()
        _decide_all(p, build_tab, decay, counts, others, acts, utils, wts, draws, actions,
                    active, dom, quality, novelty, age, owned, fit, ability, motive, kind,
                    capacity, malfunction, honor, pref, dem, absorbed, model_domain,
                    model_owner, threshold)
        # turnover statistic: project-rounds at risk of a death by choice
        if t >= b:
            for i in range(n):
                if active[i]:
                    lr = left_round[i]
                    if lr >= 0 and (t - lr == 1 or t - lr == 2):
                        exp_risk += 1
                    else:
                        oth_risk += 1
        # ---- step 3: launches
        for i in range(n):
            a = actions[i]
            if a == ROUTINE:
                if active[i]:
                    n_drop += 1
                    _end(p, i, t, _DROPPED, active, dom, pid, launch_round, left_round, pend_round,
                         pend_dom, dead_hist, acc, rec_events, ev_int)
            elif a != KEEP:
                if g.random() >= p.bureaucratic_autonomy:
                    n_rej += 1
                    continue
                if active[i]:
                    n_repl += 1
                    _end(p, i, t, _REPLACED, active, dom, pid, launch_round, left_round, pend_round,
                         pend_dom, dead_hist, acc, rec_events, ev_int)
                expected = p.state_capacity
                if a == IMITATE:
                    d = model_domain
                    expected = expected * p.transferability * fit[i, d] * ability[i]
                    nov0 = p.imitation_novelty
                    org = IMITATION
                    sigma = p.quality_noise / 2.0
                else:
                    d = a - INNOVATE0
                    expected = expected * fit[i, d] * ability[i]
                    nov0 = 1.0
                    org = INNOVATION
                    sigma = p.quality_noise
                q = expected * _lognormal_mean_one(g, sigma)
                active[i] = True
                dom[i] = d
                quality[i] = q
                novelty[i] = nov0
                age[i] = 0
                owned[i] = True
                origin[i] = org
                pid[i] = n_events
                launch_round[i] = t
                left_round[i] = -1
                if rec_events:
                    ev_int[n_events, 0] = i
                    ev_int[n_events, 1] = d
                    ev_int[n_events, 2] = org
                    ev_int[n_events, 3] = t
                    ev_int[n_events, 4] = -1
                    ev_int[n_events, 5] = ALIVE
                    ev_int[n_events, 6] = -1
                    ev_int[n_events, 7] = 0
                    ev_q[n_events] = q
                n_events += 1
                if org == IMITATION:
                    n_imit += 1
                else:
                    n_innov += 1
                if t >= b:
                    projects_late += 1
                if pend_round[i] >= 0:
                    if t - pend_round[i] <= WINDOW:
                        restarts += 1
                        if d != pend_dom[i]:
                            new_domain += 1
                    pend_round[i] = -1
                last_launch[i] = t
                last_origin[i] = org
        # ---- step 4: scores
        counts[:] = 0
        for i in range(n):
            if active[i]:
                counts[dom[i]] += 1
        for i in range(n):
            on = active[i]
            vis = sub = 0.0
            if on:
                d = dom[i]
                vis, sub = _visibility_substance(p, build_tab[age[i]], pref[d], dem[d],
                                                 novelty[i], quality[i], counts[d], ability[i])
            s = (_routine(p, capacity[i], malfunction[i], 1.0 if on else 0.0)
                 + p.visibility_weight * vis
                 + p.substance_weight * sub - p.honor_pressure * honor[i])
            if p.noise == 0:
                e = g.standard_normal()
            else:
                e = -math.log(g.standard_exponential()) - EULER_GAMMA
            score[i] = s + p.noise_sigma * e
            substance[i] = sub
        # ---- step 5: recognition (top k in O(N): the k-th value, then ties by index)
        threshold = _kth_largest(score, k, work)
        above = 0
        for i in range(n):
            if score[i] > threshold:
                above += 1
        ties_left = k - above
        top = 0
        for i in range(n):
            recognized[i] = False
            if score[i] > threshold:
                recognized[i] = True
            elif score[i] == threshold and ties_left > 0:
                recognized[i] = True
                ties_left -= 1
            if score[i] > score[top]:
                top = i
        for i in range(n):
            if recognized[i]:
                honor[i] += 1.0
                if active[i]:
                    recog_dom[dom[i]] += 1
                    if rec_events:
                        ev_int[pid[i], 7] += 1
                if t >= b:
                    recog_count[i] += 1.0
        if active[top]:
            model_domain = dom[top]
            model_owner = top
        if p.absorption_threshold > 0:
            for d in range(nd):
                if recog_dom[d] >= p.absorption_threshold:
                    absorbed[d] = p.absorption_rounds
                    recog_dom[d] = 0
                    for i in range(n):
                        if active[i] and dom[i] == d:
                            n_abs += 1
                            _end(p, i, t, _ABSORBED, active, dom, pid, launch_round, left_round,
                                 pend_round, pend_dom, dead_hist, acc, rec_events, ev_int)
                    if model_domain == d:
                        model_domain = -1
                        model_owner = -1
        order = _ints(ZERO, ZERO)
        if p.governance_on or rec_panel:
            order = _argsort_stable(-score)
        # ---- step 6: governance
        alpha_used = alpha
        if p.governance_on:
            for r0 in range(n):
                weight[order[r0]] = float(n - r0) ** alpha
            total_w = 0.0
            total_c = 0.0
            for i in range(n):
                total_w += weight[i]
                total_c += capacity[i]
            pool = p.transfer_share * total_c
            for i in range(n):
                capacity[i] = ((1.0 - p.transfer_share) * capacity[i]
                               + pool * weight[i] / total_w)
                if active[i]:
                    capacity[i] += p.value_return * substance[i]
            gval = _gini(capacity)
            over = gval - p.imbalance_threshold  # max(0.0, x) written out, NaN gives 0.0
            under = p.balance_threshold - gval
            discontent = ((1.0 - p.discontent_decay) * discontent
                          + (over if over > 0.0 else 0.0) + (under if under > 0.0 else 0.0))
            if discontent > p.carrying_capacity:
                crisis_flag = 1
                total = 0.0
                for i in range(n):
                    total += capacity[i]
                mean = total / n
                for i in range(n):
                    capacity[i] = 0.5 * (capacity[i] + mean)
                    if active[i]:
                        n_cris += 1
                        _end(p, i, t, _CRISIS, active, dom, pid, launch_round, left_round,
                             pend_round, pend_dom, dead_hist, acc, rec_events, ev_int)
                discontent = 0.0
            if p.policy == TURNING_POINT:
                if gval > p.imbalance_threshold - p.policy_margin:
                    alpha = p.concentration_low
                elif gval < p.balance_threshold + p.policy_margin:
                    alpha = p.concentration_high
            cap_total = 0.0
            for i in range(n):
                cap_total += capacity[i]
        else:
            gval = gini_fixed
            cap_total = cap_fixed
        # ---- step 7: turnover
        for i in range(n):
            leaves = recognized[i] and g.random() < p.promotion_prob
            if leaves:
                n_prom += 1
            else:
                tenure[i] += 1
                leaves = tenure[i] >= p.max_tenure or g.random() < p.rotation_hazard
                if leaves:
                    n_exit += 1
            left[i] = leaves
            if leaves:
                _draw_elite(g, p, kind_cum, i, ability, motive, kind, tenure)
                if active[i] and owned[i]:
                    owned[i] = False
                    left_round[i] = t
                    if rec_events:
                        ev_int[pid[i], 6] = t
        # ---- step 8: ageing
        n_active = 0
        for i in range(n):
            if active[i]:
                novelty[i] *= 1.0 - p.novelty_decay
                age[i] += 1
                n_active += 1
            honor[i] *= 1.0 - p.honor_decay
        # ---- records
        row = rint[t]
        row[R_ACTIVE] = n_active
        row[R_INNOV] = n_innov
        row[R_IMIT] = n_imit
        row[R_REJECTED] = n_rej
        row[R_DROPPED] = n_drop
        row[R_REPLACED] = n_repl
        row[R_ABSORBED] = n_abs
        row[R_CRISIS] = n_cris
        row[R_CRISES] = crisis_flag
        row[R_PROMOTIONS] = n_prom
        row[R_EXITS] = n_exit
        row[R_MODEL_DOMAIN] = model_domain
        row[R_MODEL_OWNER] = model_owner
        row[R_TOP] = top
        rfloat[t, F_THRESHOLD] = threshold
        rfloat[t, F_GINI] = gval
        rfloat[t, F_DISCONTENT] = discontent
        rfloat[t, F_ALPHA] = alpha_used
        rfloat[t, F_CAPACITY] = cap_total
        if rec_panel:
            for r0 in range(n):
                pan_int[t, order[r0], 0] = r0 + 1
            for i in range(n):
                pan_score[t, i] = score[i]
                pan_int[t, i, 1] = actions[i]
                pan_int[t, i, 2] = dom[i] if active[i] else -1
                pan_int[t, i, 3] = 1 if recognized[i] else 0
                pan_int[t, i, 4] = 1 if left[i] else 0
        # ---- leader-to-follower windows
        for te in range(t - WINDOW if t > WINDOW else 0, t):
            j = spell_j[te]
            if j < 0:
                continue
            if last_launch[j] == t and not spell_seen[te]:
                spell_seen[te] = True
                if last_origin[j] == IMITATION:
                    spell_follows[te] = True
            rank = 1
            for i in range(n):
                if score[i] > score[j] or (score[i] == score[j] and i < j):
                    rank += 1
            if 2 * rank > n + 1:
                spell_streak[te] += 1
            else:
                spell_streak[te] = 0
            if spell_streak[te] >= RUN:
                spell_follows[te] = True
            if t == te + WINDOW:
                spells += 1
                if spell_follows[te]:
                    followers += 1
        if b + 1 <= t <= big_t - 1 - WINDOW and top != rint[t - 1, R_TOP]:
            spell_j[t] = rint[t - 1, R_TOP]

    # ---- censoring and project statistics
    for i in range(n):
        if active[i] and launch_round[i] >= b:
            cens_hist[big_t - launch_round[i]] += 1
    pstats[0] = _km_median(dead_hist, cens_hist)
    dead_count = acc[A_DEAD_COUNT]
    pstats[1] = acc[A_DEAD_TOTAL] / dead_count if dead_count > 0 else np.nan
    pstats[2] = _hazard_ratio(acc[A_EXP_DEAD], exp_risk, acc[A_OTH_DEAD], oth_risk)
    pstats[3] = restarts / acc[A_DEATHS_W] if acc[A_DEATHS_W] > 0 else np.nan
    pstats[4] = new_domain / restarts if restarts > 0 else np.nan
    pstats[5] = followers / spells if spells > 0 else np.nan
    pstats[6] = _gini(recog_count)
    pstats[7] = float(projects_late)
    return n_events


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _end(p, i, t, cause, active, dom, pid, launch_round, left_round, pend_round, pend_dom,
         dead_hist, acc, rec_events, ev_int):
    """Kill the project of ``i`` in round ``t``; update records and streaming statistics."""
    if rec_events:
        ev_int[pid[i], 4] = t
        ev_int[pid[i], 5] = cause
    if launch_round[i] >= p.burn_in:
        dur = t - launch_round[i]
        dead_hist[dur] += 1
        acc[A_DEAD_TOTAL] += dur
        acc[A_DEAD_COUNT] += 1
    if cause == DROPPED or cause == REPLACED:
        if t >= p.burn_in:
            lr = left_round[i]
            if lr >= 0 and (t - lr == 1 or t - lr == 2):
                acc[A_EXP_DEAD] += 1
            else:
                acc[A_OTH_DEAD] += 1
    if p.burn_in <= t <= p.n_rounds - 1 - WINDOW:
        pend_round[i] = t
        pend_dom[i] = dom[i]
        acc[A_DEATHS_W] += 1
    else:
        pend_round[i] = -1
    active[i] = False
    pid[i] = -1


@njit(cache=True, no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _decide_all(p, build_tab, decay, counts, others, acts, utils, wts, draws, actions, active,
                dom, quality, novelty, age, owned, fit, ability, motive, kind, capacity,
                malfunction, honor, pref, dem, absorbed, model_domain, model_owner, threshold):
    """Step 2 for every elite: utilities of the available actions, then the logit choice.

    One call per round, the loop over elites inside: the arrays are bound once per round
    rather than once per elite (numba's reference counting on each call was ~10 % of
    the run time).
    """
    nd = p.n_domains
    md = model_domain
    for i in range(p.n):
        n_av = 0
        acts[n_av] = ROUTINE
        n_av += 1
        if active[i]:
            acts[n_av] = KEEP
            n_av += 1
        if (md >= 0 and absorbed[md] == 0 and model_owner != i
                and not (active[i] and dom[i] == md)):
            acts[n_av] = IMITATE
            n_av += 1
        for d in range(nd):
            if absorbed[d] == 0:
                acts[n_av] = INNOVATE0 + d
                n_av += 1
        for d in range(nd):
            others[d] = counts[d]
        if active[i]:
            others[dom[i]] -= 1
        w = motive[i]
        m = malfunction[i]
        r_off = _routine(p, capacity[i], m, 0.0)
        r_on = _routine(p, capacity[i], m, 1.0)
        hon = p.honor_pressure * honor[i]
        for j in range(n_av):
            a = acts[j]
            total = 0.0
            if a == ROUTINE:
                s = r_off + p.visibility_weight * 0.0 + p.substance_weight * 0.0 - hon
                prob = _noise_sf(p.noise, (threshold - s) / p.noise_sigma)
                for _ in range(p.horizon):
                    total += (1.0 - w) * p.promotion_value * prob + w * (1.0 + m) * 0.0
            else:
                if a == KEEP:
                    d = dom[i]
                    q = quality[i]
                    nov0 = novelty[i]
                    age0 = age[i]
                elif a == IMITATE:
                    d = md
                    q = p.state_capacity * p.transferability * fit[i, d] * ability[i]
                    nov0 = p.imitation_novelty
                    age0 = 0
                else:
                    d = a - INNOVATE0
                    q = p.state_capacity * fit[i, d] * ability[i]
                    nov0 = 1.0
                    age0 = 0
                n_d = others[d] + 1
                for h in range(p.horizon):
                    vis, sub = _visibility_substance(p, build_tab[age0 + h], pref[d], dem[d],
                                                     nov0 * decay[h], q, n_d, ability[i])
                    s = r_on + p.visibility_weight * vis + p.substance_weight * sub - hon
                    prob = _noise_sf(p.noise, (threshold - s) / p.noise_sigma)
                    total += (1.0 - w) * p.promotion_value * prob + w * (1.0 + m) * sub
            own = 1.0
            if a == ROUTINE:
                cost = 0.0
                favoured = kind[i] == CONSERVATIVE
            elif a == KEEP:
                cost = p.upkeep_cost
                favoured = False
                if not owned[i]:
                    own = p.ownership_discount
            elif a == IMITATE:
                cost = p.imitation_cost
                favoured = kind[i] == IMITATOR
            else:
                cost = p.innovation_cost
                favoured = kind[i] == PIONEER
            bias = p.kind_bias if favoured else 0.0
            utils[j] = own * total - cost / capacity[i] + bias
        # logit choice
        best = 0
        for j in range(1, n_av):
            if utils[j] > utils[best]:
                best = j
        chosen = acts[best]
        if not p.argmax:
            top = utils[best]
            total_w = 0.0
            for j in range(n_av):
                wts[j] = math.exp(p.rationality * (utils[j] - top))
                total_w += wts[j]
            target = draws[i] * total_w
            cum = 0.0
            chosen = acts[n_av - 1]
            for j in range(n_av):
                cum += wts[j]
                if target < cum:
                    chosen = acts[j]
                    break
        actions[i] = chosen
