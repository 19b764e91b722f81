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
from tournament.analysis.tables import events_frame, panel_frame, rounds_frame

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
        (2, 0, "innovation", 5, 0, "censored"),    # censored at T = 10: 5
    ], n_rounds=10)
    median, mean = lifetime_stats(ev, n_rounds=10, burn_in=2)
    # KM: t=2: 3 at risk, 1 dies -> 2/3; t=4: 2 at risk, 1 dies -> 1/3 <= 1/2
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
