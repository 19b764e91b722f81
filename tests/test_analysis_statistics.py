"""Known answers for the statistics of specification section 7 on small hand-built histories."""

import math

import numpy as np
import pytest

from tournament.analysis import (
    cycle_stats,
    gini,
    km_median,
    leader_to_follower_share,
    lifetime_stats,
    mean_run_length,
    recognition_gini,
    restart_shares,
    round_statistics,
    turnover_death_ratio,
)
from tournament.analysis.statistics import (
    bandwagon_difference,
    elite_spell_km_median,
    elite_spells,
    leader_placebo_difference,
    lifetimes,
    recognized_share,
    survival_at_age,
    turnover_age_counts,
    turnover_mh_ratio,
)
from tournament.analysis.tables import events_frame, panel_frame, rounds_frame
from tournament.engine import rules

# ----------------------------------------------------------------------------- gini


@pytest.mark.parametrize(("values", "expected"), [
    ([1, 1, 1, 1], 0.0),
    ([0, 0, 0, 1], 0.75),
    ([4, 1, 3, 2], 0.25),  # mean absolute difference 1.25 / (2 * mean 2.5)
    ([0, 0, 0], 0.0),      # nothing to share: 0 by convention
    ([5], 0.0),
])
def test_gini_known_values(values, expected):
    assert gini(np.array(values, float)) == pytest.approx(expected)


# ----------------------------------------------------------------------------- lifetimes


def test_km_median_without_censoring():
    # S(1) = 4/5, S(2) = 3/5, S(3) = 2/5 <= 1/2
    assert km_median(np.array([1, 2, 3, 4, 5]), np.ones(5, bool)) == 3.0


def test_km_median_counts_deaths_before_censorings_at_a_tie():
    # t=1: 5 at risk, 1 dies: 0.8; t=2: 4 at risk (one dies, one censored): 0.6;
    # t=3: 2 at risk, 1 dies: 0.3
    durations = np.array([1, 2, 2, 3, 4])
    observed = np.array([True, False, True, True, True])
    assert km_median(durations, observed) == 3.0


def test_km_median_ties_and_exact_half():
    assert km_median(np.array([2, 2, 2, 5]), np.ones(4, bool)) == 2.0
    assert km_median(np.array([1, 2]), np.ones(2, bool)) == 1.0  # S(1) = 0.5 exactly


def test_km_median_censored_and_empty():
    assert km_median(np.array([3, 4]), np.zeros(2, bool)) == math.inf
    # deaths never bring S to 1/2: 1 death among 4, the rest censored
    assert km_median(np.array([1, 5, 5, 5]), np.array([True, False, False, False])) == math.inf
    assert math.isnan(km_median(np.array([], int), np.array([], bool)))


def test_lifetime_stats_burn_in_and_censoring():
    ev = events_frame([
        (0, 0, "innovation", 1, 3, "dropped"),     # launched before burn-in: ignored
        (0, 1, "innovation", 3, 5, "replaced"),    # lifetime 2
        (1, 2, "imitation", 4, 8, "absorbed"),     # lifetime 4
        (2, 0, "innovation", 5, 0, "censored"),    # censored at T - 1 = 9: 4
    ], n_rounds=10)
    median, mean = lifetime_stats(ev, n_rounds=10, burn_in=2)
    # KM: t=2: 3 at risk, 1 dies -> 2/3; t=4: 2 at risk (deaths before censorings at a
    # tie), 1 dies -> 1/3 <= 1/2
    assert median == 4.0
    assert mean == pytest.approx(3.0)  # dead projects only: (2 + 4) / 2


def test_lifetime_stats_empty_and_one_round_histories():
    empty = events_frame([], n_rounds=5)
    median, mean = lifetime_stats(empty, 5, 0)
    assert math.isnan(median) and math.isnan(mean)
    one = events_frame([(0, 0, "innovation", 0, 0, "censored")], n_rounds=1)
    median, mean = lifetime_stats(one, 1, 0)
    assert median == math.inf and math.isnan(mean)


# ----------------------------------------------------------------------------- turnover


def _turnover_history():
    return events_frame([
        # at risk in rounds 1..4; elite left in round 2, so rounds 3, 4 are exposed;
        # dropped in round 4: an exposed death
        (0, 0, "innovation", 0, 4, "dropped", 2),
        # censored at T = 10: at risk in rounds 1..9, never exposed
        (1, 1, "innovation", 0, 0, "censored"),
        # replaced in round 3 with its elite in office: an ordinary death
        (2, 2, "innovation", 0, 3, "replaced"),
        # absorbed in round 2 after its elite left in round 1: at risk in rounds 1, 2
        # (round 2 exposed), but not a death by choice
        (3, 3, "innovation", 0, 2, "absorbed", 1),
    ], n_rounds=10)


def test_turnover_death_ratio_known_answer():
    # exposed: 1 death in 3 project-rounds; other: 1 death in 2 + 9 + 3 + 1 = 15
    assert turnover_death_ratio(_turnover_history(), 10, 0) == pytest.approx((1 / 3) / (1 / 15))


def test_turnover_death_ratio_burn_in_trims_exposure():
    # from round 3 on: project 0 at risk in 3, 4 (both exposed, 1 death); project 1 in
    # 3..9 (7 other); project 2 in round 3 (1 other, 1 death); project 3 not at risk
    assert turnover_death_ratio(_turnover_history(), 10, 3) == pytest.approx((1 / 2) / (1 / 8))


def test_turnover_death_ratio_undefined_and_infinite():
    never_left = events_frame([(0, 0, "innovation", 0, 3, "dropped")], n_rounds=5)
    assert math.isnan(turnover_death_ratio(never_left, 5, 0))
    only_exposed = events_frame([(0, 0, "innovation", 0, 3, "dropped", 1),
                                 (1, 0, "innovation", 0, 0, "censored")], n_rounds=5)
    assert turnover_death_ratio(only_exposed, 5, 0) == math.inf
    assert math.isnan(turnover_death_ratio(events_frame([], n_rounds=5), 5, 0))


# ----------------------------------------------------------------------------- restarts


def test_restart_shares_known_answer():
    ev = events_frame([
        (1, 0, "innovation", 0, 3, "replaced"),     # death at 3, restarted at 3, same domain
        (0, 1, "innovation", 1, 5, "dropped"),      # death at 5, restarted at 8, new domain
        (1, 0, "innovation", 3, 25, "dropped"),     # death at 25 > T - 1 - 10: not counted
        (0, 2, "imitation", 8, 12, "dropped"),      # death at 12, next launch at 25: too late
        (0, 3, "innovation", 25, 0, "censored"),
    ], n_rounds=30)
    restart, new_domain = restart_shares(ev, 30, 0)
    assert restart == pytest.approx(2 / 3)
    assert new_domain == pytest.approx(1 / 2)


def test_restart_window_is_inclusive_and_burn_in_applies():
    ev = events_frame([
        (0, 0, "innovation", 0, 2, "dropped"),      # death before burn-in 3: not counted
        (0, 1, "innovation", 4, 5, "dropped"),      # death at 5, next exactly 10 later
        (0, 1, "innovation", 15, 0, "censored"),
    ], n_rounds=30)
    assert restart_shares(ev, 30, 3) == (1.0, 0.0)
    restart, new_domain = restart_shares(ev, 30, 3, window=9)
    assert restart == 0.0 and math.isnan(new_domain)


def test_restart_shares_empty():
    restart, new_domain = restart_shares(events_frame([], n_rounds=30), 30, 0)
    assert math.isnan(restart) and math.isnan(new_domain)


# ----------------------------------------------------------------------------- followers


def _leader_history(n_rounds=20):
    """Jurisdiction 0 leads in rounds 0-1, jurisdiction 1 from round 2 on (N = 4).

    Returns the top series and the (T, N) rank matrix: after round 2 the
    ex-leader 0 ranks second, in the top half.
    """
    rank = np.tile([2, 1, 3, 4], (n_rounds, 1))
    rank[:2] = [1, 2, 3, 4]
    return rank.argmin(axis=1), rank


def test_leader_becomes_follower_by_imitating():
    top, rank = _leader_history()
    rounds, panel = rounds_frame({"top": top}), panel_frame(rank)
    ev = events_frame([(0, 1, "imitation", 5, 0, "censored")], n_rounds=20)
    assert leader_to_follower_share(ev, rounds, panel, 4, 20, 0) == 1.0
    innovation = events_frame([(0, 1, "innovation", 5, 7, "dropped"),
                               (0, 2, "imitation", 7, 0, "censored")], n_rounds=20)
    # only the first launch counts: an innovation, so not a follower
    assert leader_to_follower_share(innovation, rounds, panel, 4, 20, 0) == 0.0
    # an imitation after the 10-round window does not count either
    late = events_frame([(0, 1, "imitation", 13, 0, "censored")], n_rounds=20)
    assert leader_to_follower_share(late, rounds, panel, 4, 20, 0) == 0.0


def test_leader_becomes_follower_by_falling_behind_three_rounds():
    top, rank = _leader_history()
    rank[6:9] = [3, 1, 2, 4]   # ex-leader in the bottom half (2 * 3 > 4 + 1) in rounds 6-8
    ev = events_frame([], n_rounds=20)
    rounds = rounds_frame({"top": top})
    assert leader_to_follower_share(ev, rounds, panel_frame(rank), 4, 20, 0) == 1.0
    rank[8] = [2, 1, 3, 4]     # only two rounds in a row: not a follower
    assert leader_to_follower_share(ev, rounds, panel_frame(rank), 4, 20, 0) == 0.0


def test_leader_spells_ending_too_late_or_before_burn_in_do_not_count():
    n_rounds = 20
    top = np.array([0] * 12 + [1] * 8)   # the spell ends in round 12 > T - 1 - window = 9
    rank = np.tile(np.arange(1, 5), (n_rounds, 1))
    ev = events_frame([], n_rounds=n_rounds)
    panel = panel_frame(rank)
    assert math.isnan(leader_to_follower_share(ev, rounds_frame({"top": top}), panel, 4,
                                               n_rounds, 0))
    top = np.array([0, 1] + [1] * 18)    # ends in round 1; burn-in 1 needs t > 1
    assert math.isnan(leader_to_follower_share(ev, rounds_frame({"top": top}), panel, 4,
                                               n_rounds, 1))


def test_recognition_gini_known_answer():
    rank = np.tile(np.arange(1, 5), (6, 1))   # jurisdiction 0 always first
    panel = panel_frame(rank, recognized=1)
    assert recognition_gini(panel, 4, 0) == pytest.approx(0.75)
    rank = np.array([np.roll(np.arange(1, 5), k) for k in range(4)])  # each first once
    assert recognition_gini(panel_frame(rank, recognized=1), 4, 0) == pytest.approx(0.0)
    # burn-in covering every round: no recognitions, 0
    assert recognition_gini(panel, 4, 6) == 0.0


# ----------------------------------------------------------------------------- round series


@pytest.mark.parametrize(("series", "skip", "expected"), [
    ([1, 1, 2, 2, 2, 3], None, 2.0),
    ([-1, 1, 1, -1, 2], -1, 1.5),
    ([1, -1, 1], -1, 1.0),           # a skipped round interrupts the run
    ([-1, -1], -1, math.nan),
    ([7], None, 1.0),
    ([], None, math.nan),
])
def test_mean_run_length(series, skip, expected):
    assert mean_run_length(np.array(series, int), skip) == pytest.approx(expected, nan_ok=True)


def test_cycle_stats_pure_and_mixed_cycles():
    t = np.arange(100)
    period, power = cycle_stats(np.cos(2 * np.pi * t / 10))
    assert period == pytest.approx(10.0) and power == pytest.approx(1.0)
    # power 1 at period 10, 1/4 at period 25: the band 8..12 rounds holds 0.8 of it
    period, power = cycle_stats(np.cos(2 * np.pi * t / 10) + 0.5 * np.cos(2 * np.pi * t / 25))
    assert period == pytest.approx(10.0) and power == pytest.approx(0.8)


def test_cycle_stats_flat_and_short_series():
    assert all(math.isnan(v) for v in cycle_stats(np.full(50, 3.0)))
    assert all(math.isnan(v) for v in cycle_stats(np.array([1.0, 0.0, 1.0])))


def test_round_statistics_known_answer():
    rint = {name: np.zeros((1, 5), np.int64) for name in
            ("active", "innovations", "imitations", "rejected", "crises", "top",
             "model_domain")}
    rint["active"][0] = [9, 2, 2, 1, 3]
    rint["innovations"][0] = [5, 2, 0, 1, 0]
    rint["imitations"][0] = [0, 0, 0, 1, 0]
    rint["rejected"][0] = [4, 1, 0, 2, 0]
    rint["crises"][0] = [1, 0, 1, 0, 0]
    rint["top"][0] = [3, 0, 0, 2, 0]
    rint["model_domain"][0] = [-1, 4, 4, -1, 1]
    rfloat = {"gini": np.array([[0.9, 0.1, 0.2, 0.3, 0.4]]),
              "capacity_total": np.array([[5.0, 4.0, 4.0, 5.0, 6.0]])}
    out = round_statistics(rint, rfloat, n_jurisdictions=2, burn_in=1)
    assert out["innovation_rate"][0] == pytest.approx(3 / 8)
    assert out["imitation_rate"][0] == pytest.approx(1 / 8)
    assert out["active_share"][0] == pytest.approx(8 / 8)
    assert out["crises"][0] == 1.0
    assert out["gini_mean"][0] == pytest.approx(0.25)
    assert out["capacity_growth"][0] == pytest.approx(6 / 4 - 1)
    assert out["leader_spell_mean"][0] == pytest.approx(4 / 3)   # 0 0 | 2 | 0
    assert out["model_era_mean"][0] == pytest.approx(3 / 2)      # 4 4 | (none) | 1
    assert out["cycle_period"][0] == pytest.approx(2.0)          # launches 2 0 2 0
    assert out["cycle_power"][0] == pytest.approx(1.0)
    assert out["attempt_rate"][0] == pytest.approx((3 + 1 + 3) / 8)  # launches + rejected
    assert out["imitation_share"][0] == pytest.approx(1 / 4)


# ----------------------------------------------------------------------------- version 2
def _ranks(rows: dict[int, list[int]], n_rounds: int, n: int) -> np.ndarray:
    """A (T, N) rank matrix: ``1 … N`` in index order, except the rounds given."""
    out = np.tile(np.arange(1, n + 1), (n_rounds, 1))
    for t, row in rows.items():
        out[t] = row
    return out


def test_lifetimes_censor_at_the_last_round_seen():
    ev = events_frame([(0, 0, "innovation", 1, 0, "censored"),
                       (1, 0, "innovation", 2, 7, "dropped")], n_rounds=10)
    durations, observed = lifetimes(ev, 10, 0)
    assert durations.tolist() == [8, 5] and observed.tolist() == [False, True]
    # a project launched in the last round is censored at 0
    last = events_frame([(0, 0, "innovation", 9, 0, "censored")], n_rounds=10)
    assert lifetimes(last, 10, 0)[0].tolist() == [0]


SURVIVAL = [
    (0, 0, "innovation", 0, 7, "dropped"),     # 7
    (1, 0, "innovation", 1, 0, "censored"),    # censored at 10 - 1 - 1 = 8
    (2, 0, "innovation", 1, 2, "dropped"),     # 1
    (3, 0, "innovation", 2, 7, "replaced"),    # 5
    (4, 0, "innovation", 3, 5, "dropped"),     # 2
    (5, 0, "innovation", 5, 0, "censored"),    # censored at 4
]


def test_survival_at_age_known_answer():
    ev = events_frame(SURVIVAL, n_rounds=10)
    # S(1) = 5/6, S(2) = 5/6 * 4/5; at 5 the project censored at 4 has left: 3 at risk
    # (5, 7, 8 censored), 1 dies: S(5) = 2/3 * 2/3
    assert survival_at_age(ev, 10, 0) == pytest.approx(4 / 9)
    assert survival_at_age(ev, 10, 0, age=1) == pytest.approx(5 / 6)
    assert survival_at_age(ev, 10, 0, age=0) == 1.0
    # past the last observation (8, censored) the curve is undefined
    assert math.isnan(survival_at_age(ev, 10, 0, age=9))
    assert math.isnan(survival_at_age(events_frame([], n_rounds=10), 10, 0))
    # every project dead by 5: 0 from there on, not undefined
    dead = events_frame([(0, 0, "innovation", 0, 2, "dropped")], n_rounds=10)
    assert survival_at_age(dead, 10, 0, age=5) == 0.0


def test_km_survival_counts_edges():
    none = np.zeros(4, np.int64)
    assert math.isnan(rules.km_survival_counts(none, none, 2))
    dead, cens = np.array([0, 1, 0, 0], np.int64), np.array([0, 0, 1, 0], np.int64)
    assert rules.km_survival_counts(dead, cens, 1) == 0.5
    assert rules.km_survival_counts(dead, cens, 2) == 0.5     # censored at 2: still at risk
    assert math.isnan(rules.km_survival_counts(dead, cens, 3))
    assert math.isnan(rules.km_survival_counts(dead, cens, 10))    # beyond the histogram
    assert rules.km_survival_counts(np.array([0, 2], np.int64), np.zeros(2, np.int64), 7) == 0.0


def test_recognized_share_known_answer():
    ev = events_frame([
        (0, 0, "innovation", 1, 3, "dropped", -1, 3),   # launched in burn-in: left out
        (1, 0, "innovation", 2, 4, "dropped", -1, 0),
        (2, 1, "imitation", 3, 6, "absorbed", -1, 1),
        (3, 2, "innovation", 5, 0, "censored", -1, 2),
    ], n_rounds=10)
    assert recognized_share(ev, burn_in=2) == 2 / 3
    assert recognized_share(ev, burn_in=0) == 3 / 4
    assert math.isnan(recognized_share(ev, burn_in=6))


def test_elite_spells_known_answer():
    rank = _ranks({}, 10, 2)
    changed = np.zeros((10, 2), bool)
    changed[[1, 3, 5, 9], 0] = True    # j0: seated at 1 (burn-in), 3 -> 5 (2), 5 -> 9 (4), 9
    changed[[2, 8], 1] = True          # j1: 2 -> 8 (6), 8 -> censored at 9 - 8 = 1
    panel = panel_frame(rank, elite_changed=changed)
    durations, observed = elite_spells(panel, 10, 2)
    assert sorted(zip(durations.tolist(), observed.tolist(), strict=True)) == [
        (1, False), (2, True), (4, True), (6, True)]       # seated in round 9: left out
    # deaths 2, 4, 6 and 1 censored: at 2, 3 at risk -> 2/3; at 4, 2 at risk -> 1/3
    assert elite_spell_km_median(panel, 10, 2) == 4.0
    assert math.isnan(elite_spell_km_median(panel_frame(rank), 10, 2))


TURNOVER = [
    (0, 0, "innovation", 0, 3, "dropped", 1),      # ages 1 unexposed, 2, 3 exposed; dies at 3
    (1, 1, "innovation", 0, 0, "censored"),        # unexposed at ages 1 … 9
    (2, 2, "innovation", 0, 3, "replaced"),        # unexposed 1 … 3, dies at 3
    (3, 3, "innovation", 0, 2, "dropped", 0),      # exposed at 1, 2, dies at 2
    (4, 4, "innovation", 2, 9, "absorbed", 5),     # unexposed 1 … 3, exposed 4, 5; not by choice
]


def test_turnover_age_counts_and_mh_ratio_known_answer():
    ev = events_frame(TURNOVER, n_rounds=10)
    exp_risk, exp_dead, unexp_risk, unexp_dead = turnover_age_counts(ev, 10, 0)
    assert exp_risk[:7].tolist() == [0, 1, 2, 1, 1, 1, 0]
    assert exp_dead[:7].tolist() == [0, 0, 1, 1, 0, 0, 0]
    assert unexp_risk[:10].tolist() == [0, 4, 3, 3, 1, 1, 1, 1, 1, 1]
    assert unexp_dead[:5].tolist() == [0, 0, 0, 1, 0]
    # num = 1*3/5 (age 2) + 1*3/4 (age 3) = 1.35; den = 1*1/4 (age 3): 5.4
    assert turnover_mh_ratio(ev, 10, 0) == pytest.approx(5.4)
    # only exposed deaths: inf; none at all: nan
    assert rules.mh_ratio(np.array([0, 2]), np.array([0, 1]), np.array([0, 3]),
                          np.array([0, 0])) == math.inf
    assert math.isnan(turnover_mh_ratio(events_frame([], n_rounds=10), 10, 0))


def _bandwagon_tables():
    """Designations in rounds 4 (domain 0, owner 0, runner-up j3 in domain 2) and 8."""
    model = [-1] * 4 + [0] * 4 + [1] * 4
    rounds = rounds_frame({"model_domain": model, "model_owner": model})
    rank = _ranks({4: [1, 4, 2, 3], 8: [2, 1, 3, 4]}, 12, 4)
    domain = np.full((12, 4), -1)
    domain[4] = [0, 1, 0, 2]
    domain[8] = [-1, 1, 2, 2]
    panel = panel_frame(rank, domain=domain)
    events = events_frame([
        (2, 0, "innovation", 3, 5, "dropped"),    # d=0 before (round 3)
        (1, 2, "innovation", 3, 5, "replaced"),   # placebo domain 2 before (round 3)
        (0, 0, "innovation", 4, 8, "dropped"),    # the owner's own launch: not counted
        (1, 0, "imitation", 5, 7, "dropped"),     # d=0 after
        (3, 0, "imitation", 5, 6, "replaced"),    # d=0 after
        (2, 0, "imitation", 6, 8, "dropped"),     # d=0 after
        (3, 2, "innovation", 6, 7, "replaced"),   # the runner-up's own launch: not counted
        (3, 2, "innovation", 7, 9, "replaced"),   # placebo of round 8, before
        (0, 2, "innovation", 9, 10, "replaced"),  # placebo of round 8, after
        (3, 1, "imitation", 9, 11, "dropped"),    # d=1 after
        (0, 1, "innovation", 10, 0, "censored"),  # d=1 after
    ], n_rounds=12)
    return events, rounds, panel


def test_bandwagon_difference_known_answer():
    events, rounds, panel = _bandwagon_tables()
    # round 4: treated 1.5 - 0.5 = 1, placebo 0 - 0.5; round 8: treated 1, placebo 0:
    # means 1 and -0.25, difference 1.25
    assert bandwagon_difference(events, rounds, panel, 3, 12, 0, before=2, after=2) == 1.25
    assert bandwagon_difference(events, rounds, panel, 3, 12, 5, before=2, after=2) == 1.0
    # the default windows (5, 5) do not fit in 12 rounds around round 8; round 4 needs
    # rounds 0 … 9: treated 3/5 - 1/5, placebo 1/5 - 1/5
    assert bandwagon_difference(events, rounds, panel, 3, 12, 0) == pytest.approx(0.4)
    # nobody in another domain in round 4: no runner-up, the designation is left out
    nobody = panel.assign(domain=np.where(panel["domain"] == 0, 0, -1))
    assert math.isnan(bandwagon_difference(events, rounds, nobody, 3, 12, 0))


def test_leader_placebo_difference_known_answer():
    owner = [-1, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2]
    rounds = rounds_frame({"model_owner": owner, "model_domain": [-1] + [0] * 11})
    rank = _ranks({4: [2, 1, 3, 4], 5: [2, 1, 3, 4], 7: [4, 1, 2, 3], 8: [3, 4, 1, 2],
                   9: [1, 3, 2, 4]}, 12, 4)
    events = events_frame([(1, 0, "innovation", 5, 9, "dropped"),
                           (0, 1, "imitation", 6, 8, "dropped")], n_rounds=12)
    # spells end in rounds 4 (j0 follows; placebo j1 does not) and 6 (j1 follows; placebo
    # j0 follows): leader share 1, placebo share 1/2
    panel = panel_frame(rank, recognized=1)
    assert leader_placebo_difference(events, rounds, panel, 4, 12, 0, window=3, run=2) == 0.5
    # no watched spell: nan
    assert math.isnan(leader_placebo_difference(events, rounds, panel, 4, 12, 0, window=8,
                                                run=2))


def test_follower_update_is_follower_step_given_the_half():
    for n in (1, 2, 3, 4, 7):
        for rank in range(1, n + 1):
            for seen in (False, True):
                for streak in (0, 2):
                    for launched, imitation in ((False, False), (True, False), (True, True)):
                        assert rules.follower_step(launched, imitation, rank, n, 3, seen,
                                                   streak) == rules.follower_update(
                            launched, imitation, 2 * rank > n + 1, 3, seen, streak)


def test_difference_rules():
    assert rules.window_change(1, 3, 2, 2) == 1.0
    assert math.isnan(rules.mean_difference(1.0, 2.0, 0))
    assert rules.mean_difference(2.0, -0.5, 2) == 1.25
    assert math.isnan(rules.share_difference(1, 0, 1, 2))
    assert math.isnan(rules.share_difference(1, 2, 1, 0))
    assert rules.share_difference(2, 2, 1, 2) == 0.5
