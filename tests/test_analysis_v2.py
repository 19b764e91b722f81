"""Known answers for the version-2 statistics (docs/specification.md sections 7 and 8, planned).

Every statistic is checked on a tiny history built by hand, with the
arithmetic of the expected value written next to it, then on a small
simulation against the other tables and the engine's own statistics.
The honest summaries (``describe``, ``aggregate``, ``sensitivity``) close
the file.
"""

import math

import numpy as np
import pandas as pd
import pytest

import tournament
from tournament import ParameterError
from tournament.analysis import (
    attempt_rate,
    bandwagon_did,
    cycle_test,
    designations,
    elite_spell_median,
    ever_recognized_share,
    fisher_g_pvalue,
    imitation_share,
    imitation_wave,
    kaplan_meier,
    km_survival_at,
    leader_follower_contrast,
    model_changes,
    owner_transitions,
    project_lifetime_median,
    project_lifetimes,
    restart_placebo,
    restart_shares,
    restart_shares_by_cause,
    survival_at,
    turnover_age_table,
    turnover_death_ratio,
    turnover_hazard,
    turnover_hazard_mh,
)
from tournament.analysis.tables import events_frame, panel_frame, rounds_frame
from tournament.engine.results import describe

Z = 1.959963984540054


# ----------------------------------------------------------------------------- builders
def events_of(*replicates: tuple[list, int]) -> pd.DataFrame:
    """Stack :func:`events_frame` tables, one ``(projects, n_rounds)`` per replicate."""
    return pd.concat([events_frame(p, t, replicate=r) for r, (p, t) in enumerate(replicates)],
                     ignore_index=True)


def rounds_of(*replicates: dict) -> pd.DataFrame:
    """Stack :func:`rounds_frame` tables, one column mapping per replicate."""
    return pd.concat([rounds_frame(c, replicate=r) for r, c in enumerate(replicates)],
                     ignore_index=True)


def ranks(rows: dict[int, list[int]], n_rounds: int, n: int) -> np.ndarray:
    """A (T, N) rank matrix: ``1 … N`` in index order, except the rounds given."""
    out = np.tile(np.arange(1, n + 1), (n_rounds, 1))
    for t, row in rows.items():
        out[t] = row
    return out


# ----------------------------------------------------------------------------- attempts


def test_attempt_rate_and_imitation_share_known_answer():
    rounds = rounds_of(
        # round 0 is burn-in (its 14 attempts must not count)
        {"innovations": [5, 1, 0, 2], "imitations": [0, 1, 1, 0], "rejected": [9, 0, 2, 1]},
        {"innovations": [0, 0, 0, 0], "imitations": [0, 0, 0, 0], "rejected": [0, 3, 0, 0]},
    )
    rate = attempt_rate(rounds, n_jurisdictions=4, burn_in=1)
    # replicate 0: rounds 1..3: (1+1+0) + (0+1+2) + (2+0+1) = 8 attempts in 4 * 3
    # jurisdiction-rounds; replicate 1: 3 rejected launches in 12
    assert rate.loc[0] == pytest.approx(8 / 12) and rate.loc[1] == pytest.approx(3 / 12)
    share = imitation_share(rounds, burn_in=1)
    # imitations 1 + 1 + 0 = 2 of approved launches (1+1) + (0+1) + (2+0) = 5
    assert share.loc[0] == pytest.approx(2 / 5)
    assert math.isnan(share.loc[1])        # no approved launch: undefined, not 0
    assert math.isnan(attempt_rate(rounds, 4, burn_in=9).loc[0])   # no round after burn-in


def test_ever_recognized_share_known_answer():
    ev = events_of(([
        (0, 0, "innovation", 1, 3, "dropped", -1, 3),   # launched in burn-in: left out
        (1, 0, "innovation", 2, 4, "dropped", -1, 0),
        (2, 1, "imitation", 3, 6, "replaced", -1, 1),
        (3, 2, "innovation", 5, 0, "censored", -1, 2),
    ], 10))
    # recognised: 2 of the 3 projects launched from round 2 on
    assert ever_recognized_share(ev, burn_in=2).loc[0] == pytest.approx(2 / 3)
    assert ever_recognized_share(ev, burn_in=0).loc[0] == pytest.approx(3 / 4)


# ----------------------------------------------------------------------------- restarts
RESTART_EVENTS = [
    (0, 1, "innovation", 0, 4, "dropped"),      # j0: restarted at 6 (gap 2), domain 1 -> 2
    (1, 5, "innovation", 0, 1, "dropped"),      # j1: died in round 1 < burn-in: left out
    (2, 3, "innovation", 2, 10, "dropped"),     # j2: never restarted
    (1, 0, "innovation", 3, 8, "crisis"),       # j1: restarted at 11 (gap 3), same domain
    (0, 2, "innovation", 6, 9, "replaced"),     # j0: replaced in round 9 (gap 0), same domain
    (0, 2, "imitation", 9, 12, "absorbed"),     # j0: next launch at 16, gap 4 > window
    (1, 0, "innovation", 11, 17, "dropped"),    # j1: died in 17 > T - 1 - window = 16
    (0, 4, "innovation", 16, 0, "censored"),
]


def test_restart_shares_by_cause_known_answer():
    ev = events_of((RESTART_EVENTS, 20))
    table = restart_shares_by_cause(ev, n_rounds=20, burn_in=2, window=3).set_index("group")
    # deaths counted (2 <= e <= 16): dropped@4 (restart, new domain), replaced@9 (restart,
    # same domain), absorbed@12 (none), crisis@8 (restart, same domain), dropped@10 (none)
    expected = {  # group: deaths, restarts, share, new_domain, new_domain_share
        "all": (5, 3, 3 / 5, 1, 1 / 3),
        "replaced": (1, 1, 1.0, 0, 0.0),
        "other": (4, 2, 2 / 4, 1, 1 / 2),
        "dropped": (2, 1, 1 / 2, 1, 1.0),
        "absorbed": (1, 0, 0.0, 0, math.nan),
        "crisis": (1, 1, 1.0, 0, 0.0),
    }
    for group, (deaths, restarts, share, fresh, fresh_share) in expected.items():
        row = table.loc[group]
        assert (row.deaths, row.restarts, row.new_domain) == (deaths, restarts, fresh), group
        assert row.share == pytest.approx(share), group
        if math.isnan(fresh_share):
            assert math.isnan(row.new_domain_share)
        else:
            assert row.new_domain_share == pytest.approx(fresh_share), group
    # the "all" row is the version-1 statistic
    assert restart_shares(ev, 20, 2, window=3) == pytest.approx((3 / 5, 1 / 3))


def test_restart_placebo_known_answer():
    ev = events_of(([
        (0, 0, "innovation", 0, 3, "dropped"),    # j0 active at the end of rounds 0..2
        (1, 1, "innovation", 2, 4, "replaced"),   # j1 active 2..3,
        (1, 2, "innovation", 4, 6, "absorbed"),   # then 4..5
        (0, 1, "innovation", 6, 0, "censored"),   # j0 active 6..7
    ], 8))
    table = restart_placebo(ev, n_jurisdictions=2, n_rounds=8, burn_in=1, window=2)
    # eligible rounds t = 1 .. T - 1 - window = 5. Without a project: j0 at t = 3 (launch in
    # 4..5? no), 4 (5..6: yes, round 6), 5 (6..7: yes); j1 at t = 1 (2..3: yes, round 2).
    # 4 idle jurisdiction-rounds, 3 followed by a launch.
    row = table.iloc[0]
    assert (row.idle, row.launched) == (4, 3) and row.share == pytest.approx(0.75)
    # with round 0 counted, j1 idle at 0 launching in 1..2 would give 4 / 5
    none = restart_placebo(ev, 2, 8, burn_in=6, window=2)
    assert none.iloc[0].idle == 0 and math.isnan(none.iloc[0].share)


# ----------------------------------------------------------------------------- survival
SURVIVAL_EVENTS = [
    (0, 0, "innovation", 0, 7, "dropped"),     # lifetime 7
    (1, 0, "innovation", 1, 0, "censored"),    # censored: 10 - 1 - 1 = 8 (version 1: 9)
    (2, 0, "innovation", 1, 2, "dropped"),     # 1
    (3, 0, "innovation", 2, 7, "replaced"),    # 5
    (4, 0, "innovation", 3, 5, "dropped"),     # 2
    (5, 0, "innovation", 5, 0, "censored"),    # censored: 10 - 1 - 5 = 4 (version 1: 5)
]


def test_project_lifetimes_censor_at_the_last_round_seen():
    ev = events_of((SURVIVAL_EVENTS, 10))
    durations, observed = project_lifetimes(ev, 10, 0)
    assert durations.tolist() == [7, 8, 1, 5, 2, 4]
    assert observed.tolist() == [True, False, True, True, True, False]
    old, _ = project_lifetimes(ev, 10, 0, censor_at="end")
    assert old.tolist() == [7, 9, 1, 5, 2, 5]
    assert project_lifetimes(ev, 10, 3)[0].tolist() == [2, 4]      # launched from round 3


def test_survival_at_known_answer_and_censoring_rule():
    ev = events_of((SURVIVAL_EVENTS, 10))
    # version 2: deaths at 1, 2, 5, 7, censored at 4, 8.
    # S(1) = 5/6; S(2) = 5/6 * 4/5 = 2/3; at 5 the censored-at-4 project is gone:
    # 3 at risk (5, 7, 8c), 1 dies: S(5) = 2/3 * 2/3 = 4/9
    assert survival_at(ev, 10, 0, age=5).loc[0] == pytest.approx(4 / 9)
    # version 1 keeps that project at risk at 5 (censored at 5): S(5) = 2/3 * 3/4 = 1/2
    assert survival_at(ev, 10, 0, age=5, censor_at="end").loc[0] == pytest.approx(1 / 2)
    assert survival_at(ev, 10, 0, age=1).loc[0] == pytest.approx(5 / 6)
    # the helper equals the Kaplan–Meier curve's survival column
    durations, observed = project_lifetimes(ev, 10, 0)
    curve = kaplan_meier(durations, observed)
    for age in range(8):
        assert km_survival_at(durations, observed, age) == pytest.approx(
            curve["survival"].iloc[age])
    # median: S(2) = 2/3 > 1/2, S(5) = 4/9 <= 1/2
    assert project_lifetime_median(ev, 10, 0).loc[0] == 5.0


def test_km_survival_at_edges():
    assert math.isnan(km_survival_at(np.array([2]), np.array([False]), 5))  # unseen at 5
    assert km_survival_at(np.array([2]), np.array([True]), 5) == 0.0
    assert math.isnan(km_survival_at(np.array([], int), np.array([], bool), 5))
    with pytest.raises(ParameterError, match="age = -1 is out of range"):
        km_survival_at(np.array([1]), np.array([True]), -1)


def test_elite_spell_median_known_answer():
    changed = np.zeros((10, 2), bool)
    changed[[1, 3, 5, 9], 0] = True    # j0: seated at 1 (burn-in), 3 -> 5 (2), 5 -> 9 (4), 9
    changed[[2, 8], 1] = True          # j1: 2 -> 8 (6), 8 -> censored at 9 - 8 = 1
    panel = panel_frame(ranks({}, 10, 2), elite_changed=changed)
    # spells 2, 4, 6 and 1 censored: S(2) = 2/3 (3 at risk), S(4) = 1/3 <= 1/2 -> median 4.
    # (the censored spell as a death would give 2; the spell seated at 1 would give 2)
    assert elite_spell_median(panel, burn_in=2).loc[0] == 4.0
    never = panel_frame(ranks({}, 10, 2))
    assert math.isnan(elite_spell_median(never, burn_in=2).loc[0])


# ----------------------------------------------------------------------------- turnover
TURNOVER_EVENTS = [
    # A: at risk 1..3 (ages 1..3); elite left in 1: round 1 unexposed, 2 and 3 exposed;
    # dropped in 3: an exposed death at age 3
    (0, 0, "innovation", 0, 3, "dropped", 1),
    # B: never left, censored: unexposed at ages 1..9
    (1, 1, "innovation", 0, 0, "censored"),
    # C: never left, replaced in 3: unexposed ages 1..3, an unexposed death at age 3
    (2, 2, "innovation", 0, 3, "replaced"),
    # D: left in 0: exposed at ages 1 and 2, dropped in 2: an exposed death at age 2
    (3, 3, "innovation", 0, 2, "dropped", 0),
    # E: launched 2, left in 5: unexposed at rounds 3..5 (ages 1..3), exposed at 6, 7
    # (ages 4, 5), neither at 8, 9; absorbed: not a death by choice
    (4, 4, "innovation", 2, 9, "absorbed", 5),
]


def test_turnover_age_table_known_answer():
    ev = events_of((TURNOVER_EVENTS, 10))
    table = turnover_age_table(ev, 10, 0).set_index("age")
    expected = {  # age: exposed rounds, deaths, unexposed rounds, deaths
        1: (1, 0, 4, 0), 2: (2, 1, 3, 0), 3: (1, 1, 3, 1), 4: (1, 0, 1, 0),
        5: (1, 0, 1, 0), 6: (0, 0, 1, 0), 9: (0, 0, 1, 0)}
    for age, counts in expected.items():
        assert tuple(table.loc[age, ["exposed_rounds", "exposed_deaths", "unexposed_rounds",
                                     "unexposed_deaths"]]) == counts, age


def test_turnover_hazard_mh_known_answer():
    ev = events_of((TURNOVER_EVENTS, 10))
    row = turnover_hazard_mh(ev, 10, 0).iloc[0]
    # strata with both classes: ages 1..5 (N = 5, 5, 4, 2, 2)
    # num = sum a n0 / N = 1*3/5 (age 2) + 1*3/4 (age 3) = 1.35
    # den = sum b n1 / N = 1*1/4 (age 3) = 0.25          -> HR = 5.4
    assert row.ratio == pytest.approx(5.4)
    # V = [2*3*1/25 (age 2) + (1*3*2 - 1*1*4)/16 (age 3)] / (1.35 * 0.25)
    #   = (0.24 + 0.125) / 0.3375
    se = math.sqrt(0.365 / 0.3375)
    assert row.se_log == pytest.approx(se)
    assert row.ci_low == pytest.approx(5.4 * math.exp(-Z * se))
    assert row.ci_high == pytest.approx(5.4 * math.exp(Z * se))
    assert row.strata == 5
    assert (row.exposed_rounds, row.exposed_deaths) == (6, 2)
    assert (row.unexposed_rounds, row.unexposed_deaths) == (16, 1)   # E's rounds 8, 9: neither
    # without matching on age, version 1: (2 / 6) / (1 / 18) = 6
    assert turnover_death_ratio(ev, 10, 0) == pytest.approx(6.0)


def test_turnover_hazard_mh_pools_replicates_as_strata_and_handles_zeros():
    ev = events_of((TURNOVER_EVENTS, 10), (TURNOVER_EVENTS, 10))
    per = turnover_hazard_mh(ev, 10, 0)
    assert per["ratio"].tolist() == pytest.approx([5.4, 5.4])
    pooled = turnover_hazard_mh(ev, 10, 0, pooled=True).iloc[0]
    # two copies of every stratum: each sum doubles, the ratio stays, V halves
    assert pooled.replicate == -1 and pooled.ratio == pytest.approx(5.4)
    assert pooled.se_log == pytest.approx(math.sqrt(0.365 / 0.3375 / 2))
    only_exposed = events_of(([(0, 0, "innovation", 0, 3, "dropped", 1),
                               (1, 0, "innovation", 0, 0, "censored")], 6))
    row = turnover_hazard_mh(only_exposed, 6, 0).iloc[0]
    assert row.ratio == math.inf and math.isnan(row.ci_low)


# ----------------------------------------------------------------------------- bandwagon
def _bandwagon_history():
    """Designations in rounds 4 (domain 0, owner 0) and 8 (domain 1, owner 1); T = 12, N = 4."""
    model = [-1] * 4 + [0] * 4 + [1] * 4
    owner = [-1] * 4 + [0] * 4 + [1] * 4
    rounds = rounds_of({"model_domain": model, "model_owner": owner},
                       {"model_domain": [-1] * 12, "model_owner": [-1] * 12})
    # round 4: j0 first (domain 0), j2 second (domain 0 = d: skipped), j3 third (domain 2):
    # the runner-up is j3 in domain 2. Round 8: j1 first, j0 second (no project: skipped),
    # j2 third (domain 2): the runner-up is j2 in domain 2.
    rank = ranks({4: [1, 4, 2, 3], 8: [2, 1, 3, 4]}, 12, 4)
    domain = np.full((12, 4), -1)
    domain[4] = [0, 1, 0, 2]
    domain[8] = [-1, 1, 2, 2]
    panel = pd.concat([panel_frame(rank, domain=domain),
                       panel_frame(ranks({}, 12, 4), replicate=1)], ignore_index=True)
    events = events_of(([
        (2, 0, "innovation", 3, 5, "dropped"),    # d=0 before (round 3)
        (1, 2, "innovation", 3, 5, "replaced"),   # placebo domain 2 before (round 3)
        (0, 0, "innovation", 4, 8, "dropped"),    # the owner's own launch: not counted
        (1, 0, "imitation", 5, 7, "dropped"),     # d=0 after (round 5)
        (3, 0, "imitation", 5, 6, "replaced"),    # d=0 after (round 5)
        (2, 0, "imitation", 6, 8, "dropped"),     # d=0 after (round 6)
        (3, 2, "innovation", 6, 7, "replaced"),   # the runner-up's own launch: not counted
        (3, 2, "innovation", 7, 9, "replaced"),   # placebo of round 8, before (round 7)
        (0, 2, "innovation", 9, 10, "replaced"),  # placebo of round 8, after (round 9)
        (3, 1, "imitation", 9, 11, "dropped"),    # d=1 after (round 9)
        (0, 1, "innovation", 10, 0, "censored"),  # d=1 after (round 10)
    ], 12), ([], 12))
    return events, rounds, panel


def test_designations_known_answer():
    events, rounds, panel = _bandwagon_history()
    per = designations(events, rounds, panel, burn_in=0, before=2, after=2)
    assert per[["round", "domain", "owner", "runner_up", "runner_up_domain"]].values.tolist() \
        == [[4, 0, 0, 3, 2], [8, 1, 1, 2, 2]]
    first, second = per.iloc[0], per.iloc[1]
    # round 4: d=0 by non-owners: rounds 3, 4: 1 + 0 -> 0.5; rounds 5, 6: 2 + 1 -> 1.5
    assert (first.treated_before, first.treated_after, first.treated) == (0.5, 1.5, 1.0)
    # domain 2 by all but j3: rounds 3, 4: 1 + 0 -> 0.5; rounds 5, 6: 0 -> 0
    assert (first.placebo_before, first.placebo_after, first.placebo) == (0.5, 0.0, -0.5)
    assert first.did == 1.5
    # both windows must lie inside the run (T = 12): t - before + 1 >= 0, t + after <= 11
    def kept(before, after):
        return designations(events, rounds, panel, 0, before, after)["round"].tolist()

    assert kept(2, 3) == [4, 8] and kept(2, 4) == [4] and kept(5, 3) == [4, 8]
    assert kept(6, 3) == [8]
    # round 8: d=1: rounds 7, 8: 0; rounds 9, 10: 1 + 1 -> 1.0; domain 2 by all but j2:
    # rounds 7, 8: 1 -> 0.5, rounds 9, 10: 1 -> 0.5
    assert (second.treated, second.placebo, second.did) == (1.0, 0.0, 1.0)


def test_bandwagon_did_one_row_per_replicate():
    events, rounds, panel = _bandwagon_history()
    table = bandwagon_did(events, rounds, panel, burn_in=0, before=2, after=2)
    assert table["replicate"].tolist() == [0, 1]
    row = table.iloc[0]
    # means over the two designations: treated (1 + 1) / 2, placebo (-0.5 + 0) / 2
    assert (row.designations, row.used) == (2, 2)
    assert (row.treated, row.placebo, row.did) == (1.0, -0.25, 1.25)
    empty = table.iloc[1]                       # no designation: kept, for pairing
    assert empty.designations == 0 and math.isnan(empty.did)
    # burn-in 5 leaves only round 8
    late = bandwagon_did(events, rounds, panel, burn_in=5, before=2, after=2).iloc[0]
    assert (late.designations, late.did) == (1, 1.0)


def test_designation_without_runner_up_is_left_out_of_the_difference():
    events, rounds, panel = _bandwagon_history()
    panel = panel.copy()
    at4 = (panel["replicate"] == 0) & (panel["round"] == 4)
    panel.loc[at4, "domain"] = np.array([0, -1, 0, 0], np.int16)   # nobody in another domain
    per = designations(events, rounds, panel, burn_in=0, before=2, after=2)
    assert per.iloc[0].runner_up == -1 and math.isnan(per.iloc[0].did)
    row = bandwagon_did(events, rounds, panel, burn_in=0, before=2, after=2).iloc[0]
    assert (row.designations, row.used, row.did) == (2, 1, 1.0)


def test_imitation_wave_known_answer():
    events, rounds, _ = _bandwagon_history()
    wave = imitation_wave(events, rounds, burn_in=0, horizon=3)
    # round 4, d=0: imitations in rounds 5, 6, 7 = 2, 1, 0; round 8, d=1: rounds 9, 10, 11
    # = 1, 0, 0 (the launch of round 10 is an innovation); mean 1.5, 0.5, 0
    assert wave.profile["imitations"].tolist() == [1.5, 0.5, 0.0]
    assert wave.designations == 2 and wave.profile["replicates"].iloc[0] == 1
    assert (wave.peak_lag, wave.peak) == (1.0, 1.5)
    assert wave.fade_lag == 2.0                 # 0.5 < 1.5 / 2
    flat = imitation_wave(events.iloc[:0], rounds, burn_in=0, horizon=3)
    assert math.isnan(flat.peak_lag) and math.isnan(flat.fade_lag)


# ----------------------------------------------------------------------------- leadership
def _leadership_history():
    """Model owner 0 in rounds 1..3, 1 in 4..5, 2 from 6; T = 12, N = 4."""
    owner = [-1, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2]
    rounds = rounds_frame({"model_owner": owner, "model_domain": [-1] + [0] * 11})
    rank = ranks({4: [2, 1, 3, 4], 5: [2, 1, 3, 4], 7: [4, 1, 2, 3], 8: [3, 4, 1, 2],
                  9: [1, 3, 2, 4]}, 12, 4)
    events = events_of(([
        (1, 0, "innovation", 5, 9, "dropped"),   # j1's first launch in 5..7: an innovation
        (0, 1, "imitation", 6, 8, "dropped"),    # j0's first launch in 5..7: an imitation
    ], 12))
    return rounds, rank, events


def test_leader_follower_contrast_known_answer():
    rounds, rank, events = _leadership_history()
    panel = panel_frame(rank, recognized=1)
    per = owner_transitions(rounds, panel, events, burn_in=0, window=3, run=2)
    # spell of j0 ends in round 4 (watched 5..7): j0 imitates in round 6 -> follows; the
    # placebo is rank 2 in round 3, j1: ranks 1, 2, 1 and an innovation -> does not.
    # spell of j1 ends in round 6 (watched 7..9): ranks 1, 4, 3: two bottom-half rounds ->
    # follows; placebo rank 2 in round 5, j0: ranks 4, 3, 1 -> follows.
    assert per[["round", "ex_leader", "spell_length", "follower", "placebo_units",
                "placebo_followers"]].values.tolist() == [[4, 0, 3, True, 1, 0],
                                                         [6, 1, 2, True, 1, 1]]
    row = leader_follower_contrast(rounds, panel, events, burn_in=0, window=3, run=2).iloc[0]
    assert (row.spells, row.leader_share, row.placebo_units) == (2, 1.0, 2)
    assert (row.placebo_share, row.difference) == (0.5, 0.5)
    assert row.spell_mean == pytest.approx(11 / 3)   # runs 3, 2, 6 (round 0: no model)


def test_leader_follower_placebo_uses_the_number_recognised():
    rounds, rank, events = _leadership_history()
    panel = panel_frame(rank, recognized=2)
    per = owner_transitions(rounds, panel, events, burn_in=0, window=3, run=2)
    # k = 2: ranks 2..3. Round 3: j1 (no), j2 (ranks 3, 3 in rounds 5, 6 -> follows);
    # round 5: j0 (follows), j2 (ranks 2, 1, 2 in 7..9 -> no)
    assert per["placebo_units"].tolist() == [2, 2]
    assert per["placebo_followers"].tolist() == [1, 1]
    # a version-2 owner need not rank first: an ex-leader ranked 2 is not its own placebo
    rank[3] = [2, 1, 3, 4]
    alone = owner_transitions(rounds, panel_frame(rank, recognized=1), events, 0, 3, 2)
    assert alone["placebo_units"].tolist() == [0, 1]
    # burn-in 4: the spell that ends in round 4 is not watched (burn_in < t)
    assert owner_transitions(rounds, panel, events, 4, 3, 2)["round"].tolist() == [6]
    # a window reaching past the run: T - 1 - window = 3 < 4
    assert owner_transitions(rounds, panel, events, 0, 8, 2).empty


# ----------------------------------------------------------------------------- cycles


def test_fisher_g_pvalue_known_answers():
    # m = 2: P1 / (P1 + P2) is uniform, so P(g > x) = 2 (1 - x)
    assert fisher_g_pvalue(0.75, 2) == pytest.approx(0.5)
    # m = 3: 3 (1 - x)^2 for x > 1/2; 3 (1 - x)^2 - 3 (1 - 2x)^2 for 1/3 <= x <= 1/2
    assert fisher_g_pvalue(0.6, 3) == pytest.approx(3 * 0.4**2)
    assert fisher_g_pvalue(0.4, 3) == pytest.approx(3 * 0.6**2 - 3 * 0.2**2)
    assert fisher_g_pvalue(1 / 50, 50) == pytest.approx(1.0)    # the smallest g: p = 1
    assert math.isnan(fisher_g_pvalue(math.nan, 5))
    with pytest.raises(ParameterError, match="g = 1.5 is out of range"):
        fisher_g_pvalue(1.5, 4)


def test_cycle_test_known_answer():
    # rounds 0, 1 are burn-in; then x = 1, 0, 2, 0, 1 (symmetric: no trend), mean 0.8,
    # y = .2, -.8, 1.2, -.8, .2. Periodogram at k = 1, 2 (L = 5, m = 2):
    # |1.2 - 1.6 cos(2 pi k/5) + 0.4 cos(4 pi k/5)|^2 = ((3 -+ sqrt 5) / 2)^2
    # -> P1 = (14 - 6 sqrt 5) / 4, P2 = (14 + 6 sqrt 5) / 4, sum 7 (Parseval: 5 * 2.8 / 2)
    rounds = rounds_frame({"innovations": [7, 9, 1, 0, 2, 0, 1]})
    row = cycle_test(rounds, burn_in=2, n_boot=199, seed=0).iloc[0]
    g = 0.5 + 3 * math.sqrt(5) / 14
    assert row.length == 5 and row.period == 2.5       # L / k* = 5 / 2
    assert row.g == pytest.approx(g)
    assert row.p_fisher == pytest.approx(2 * (1 - g))  # m = 2
    # phi = sum y_t y_{t-1} / sum y_{t-1}^2 = -2.24 / 2.76
    assert row.phi == pytest.approx(-2.24 / 2.76)
    assert 1 / 200 <= row.p_ar1 <= 1


def test_cycle_test_leaves_the_nyquist_ordinate_out():
    # x = 1, 0, 1, 0, ... (L = 8): the fitted line has slope -1/21, so the residual is the
    # alternation (-1)^t / 2, whose power is all at the Nyquist ordinate k = 4 (period 2,
    # left out), plus the ramp (t - 3.5) / 21, with |F_k| = (8 / 21) / (2 sin(pi k / 8)):
    # P_k proportional to 1 / sin^2(pi k / 8) = 4 + 2 sqrt 2, 2, 4 - 2 sqrt 2 (sum 10)
    rounds = rounds_frame({"innovations": [1, 0] * 4})
    row = cycle_test(rounds, burn_in=0, n_boot=99).iloc[0]
    assert row.period == 8.0                          # k* = 1, not the period-2 alternation
    assert row.g == pytest.approx((4 + 2 * math.sqrt(2)) / 10)
    assert row.p_fisher == pytest.approx(fisher_g_pvalue(row.g, 3))   # m = (8 - 1) // 2


def test_cycle_test_flags_a_sine_and_is_reproducible():
    t = np.arange(64)
    noise = np.random.default_rng(3).integers(0, 3, 64)
    sine = np.round(10 + 5 * np.sin(2 * np.pi * t / 8)).astype(int)
    rounds = rounds_of({"innovations": sine}, {"innovations": 5 + noise},
                       {"innovations": 3 + t})
    table = cycle_test(rounds, burn_in=0, n_boot=199, seed=1)
    sine_row, noise_row, trend = table.iloc[0], table.iloc[1], table.iloc[2]
    assert sine_row.period == 8.0 and sine_row.g > 0.8
    assert sine_row.p_ar1 == pytest.approx(1 / 200) and sine_row.p_fisher < 1e-10
    assert noise_row.p_ar1 > 0.01
    assert math.isnan(trend.g) and math.isnan(trend.period)   # a line: flat once detrended
    pd.testing.assert_frame_equal(table, cycle_test(rounds, 0, n_boot=199, seed=1))
    # a replicate's p-value depends on the seed and its own index only
    alone = cycle_test(rounds[rounds["replicate"] == 1], 0, n_boot=199, seed=1)
    assert alone.iloc[0].p_ar1 == noise_row.p_ar1
    other = cycle_test(rounds, 0, n_boot=199, seed=2)
    assert other["p_ar1"].iloc[1] != noise_row.p_ar1
    flat = cycle_test(rounds_frame({"innovations": [4] * 10}), 0).iloc[0]
    assert math.isnan(flat.g) and math.isnan(flat.p_ar1)


# ----------------------------------------------------------------------------- validation
@pytest.mark.parametrize(("call", "match"), [
    (lambda: attempt_rate(pd.DataFrame({"x": [1]}), 4, 0), r"rounds lacks the column"),
    (lambda: attempt_rate(rounds_frame({"active": [1]}), 0, 0), r"n_jurisdictions = 0"),
    (lambda: imitation_share(rounds_frame({"active": [1]}), -1), r"burn_in = -1"),
    (lambda: ever_recognized_share([1, 2], 0), r"events must be a pandas DataFrame"),
    (lambda: restart_shares_by_cause(events_of(([], 5)), 5, 0, window=0), r"window = 0"),
    (lambda: restart_placebo(events_of((RESTART_EVENTS, 20)), 2, 20, 0), r"n_jurisdictions = 2"),
    (lambda: survival_at(events_of(([], 5)), 5, 0, censor_at="T"), r"censor_at = 'T'"),
    (lambda: survival_at(events_of(([], 5)), 0, 0), r"n_rounds = 0"),
    (lambda: elite_spell_median(rounds_frame({"active": [1]}), 0), r"panel lacks the column"),
    (lambda: turnover_hazard_mh(events_of(([], 5)), 5, 0, level=1.5), r"level = 1.5"),
    (lambda: turnover_age_table(events_of(([], 5)), 5, 0, exposed=(0,)), r"exposed = \(0,\)"),
    (lambda: designations(*_bandwagon_history(), burn_in=0, before=0), r"before = 0"),
    (lambda: imitation_wave(*_bandwagon_history()[:2], burn_in=0, horizon=0), r"horizon = 0"),
    (lambda: leader_follower_contrast(*_leadership_history()[:1],
                                      panel_frame(ranks({}, 12, 4)),
                                      _leadership_history()[2], 0, run=0), r"run = 0"),
    (lambda: cycle_test(rounds_frame({"active": [1] * 9}), 0, n_boot=5), r"n_boot = 5"),
    (lambda: cycle_test(rounds_frame({"active": [1] * 9}), 0, seed=-1), r"seed = -1"),
    (lambda: cycle_test(rounds_frame({"active": [1] * 9}), 0, columns=("launches",)),
     r"rounds lacks the column\(s\) \['launches'\]"),
])
def test_bad_arguments_name_the_argument(call, match):
    with pytest.raises(ParameterError, match=match):
        call()


# ----------------------------------------------------------------------------- a simulation
@pytest.fixture(scope="module")
def run():
    cfg = tournament.Config(n_jurisdictions=20, n_rounds=80, burn_in=10)
    return cfg, tournament.simulate(cfg, replicates=4, seed=5,
                                    record=("rounds", "events", "panel"))


def test_v2_statistics_agree_with_the_engine_and_the_other_tables(run):
    cfg, res = run
    ev, ro, pa, summary = res.events, res.rounds, res.panel, res.summary.set_index("replicate")
    t, b, n = cfg.n_rounds, cfg.burn_in, cfg.n_jurisdictions
    late = ro[ro["round"] >= b].groupby("replicate")
    # restarts: the "all" row is the engine's streamed restart_share
    table = restart_shares_by_cause(ev, t, b)
    every = table[table["group"] == "all"].set_index("replicate")
    np.testing.assert_allclose(every["share"], summary["restart_share"])
    np.testing.assert_allclose(every["new_domain_share"], summary["restart_new_domain_share"])
    split = table.pivot(index="replicate", columns="group", values="deaths")
    assert (split["replaced"] + split["other"] == split["all"]).all()
    assert (split["dropped"] + split["absorbed"] + split["crisis"] == split["other"]).all()
    # the version-2 censoring (the default) reproduces the engine's lifetime_median
    np.testing.assert_array_equal(project_lifetime_median(ev, t, b),
                                  summary["lifetime_median"])
    # attempts include the approved launches; the imitation share is their ratio
    rate = attempt_rate(ro, n, b)
    launched = summary["innovation_rate"] + summary["imitation_rate"]
    assert (rate >= launched - 1e-12).all()
    np.testing.assert_allclose(rate, launched + late["rejected"].sum() / (n * (t - b)))
    np.testing.assert_allclose(imitation_share(ro, b), summary["imitation_rate"] / launched)
    # the placebo's idle jurisdiction-rounds are N - active from the rounds table
    placebo = restart_placebo(ev, n, t, b).set_index("replicate")
    window = ro[(ro["round"] >= b) & (ro["round"] <= t - 11)].groupby("replicate")["active"]
    np.testing.assert_array_equal(placebo["idle"], n * window.size() - window.sum())
    # age-matched totals are the classes 0 and {1, 2} of turnover_hazard
    mh = turnover_hazard_mh(ev, t, b)
    for rep, row in mh.set_index("replicate").iterrows():
        hz = turnover_hazard(ev[ev["replicate"] == rep], t, b).set_index("since_left")
        assert row.unexposed_rounds == hz.loc[0, "at_risk"]
        assert row.unexposed_deaths == hz.loc[0, "deaths"]
        assert row.exposed_rounds == hz.loc[[1, 2], "at_risk"].sum()
        assert row.exposed_deaths == hz.loc[[1, 2], "deaths"].sum()
    # survival at 5 lies between the versions' censoring rules, and in [0, 1]
    s_new, s_old = survival_at(ev, t, b), survival_at(ev, t, b, censor_at="end")
    assert ((s_new >= 0) & (s_new <= s_old + 1e-12)).all()
    # elite spells: every change after burn-in is a promotion or an exit in the rounds table
    changes = pa[pa["round"] >= b].groupby("replicate")["elite_changed"].sum()
    np.testing.assert_array_equal(changes, late["promotions"].sum() + late["exits"].sum())
    spells = elite_spell_median(pa, b)
    assert (spells >= 1).all()
    # designations are the model changes of the version-1 bandwagon (burn-in >= window)
    per = designations(ev, ro, pa, b)
    changes = model_changes(ro, b, 5)
    assert per[["replicate", "round", "domain"]].values.tolist() \
        == changes[["replicate", "round", "domain"]].values.tolist()
    did = bandwagon_did(ev, ro, pa, b)
    np.testing.assert_allclose(did["did"], did["treated"] - did["placebo"])
    # leadership: one row per ended, watched spell of a model owner
    for _, group in ro.groupby("replicate"):
        owner = group.sort_values("round")["model_owner"].to_numpy()
        ends = [s for s in range(b + 1, t - 10) if owner[s - 1] >= 0 and owner[s] != owner[s - 1]]
        assert owner_transitions(group, pa, ev, b)["round"].tolist() == ends
    contrast = leader_follower_contrast(ro, pa, ev, b)
    np.testing.assert_allclose(contrast["difference"],
                               contrast["leader_share"] - contrast["placebo_share"])
    shares = ever_recognized_share(ev, b)
    assert ((shares >= 0) & (shares <= 1)).all()
    cycles = cycle_test(ro, b, n_boot=99)
    assert cycles["length"].tolist() == [t - b] * 4
    assert ((cycles["p_ar1"] >= 0.01) & (cycles["p_ar1"] <= 1)).all()


# ----------------------------------------------------------------------------- honest summaries


def test_describe_reports_the_median_where_values_are_infinite():
    summary = pd.DataFrame({"a": [1.0, 2.0, 3.0, math.inf, math.nan],
                            "b": [1.0, 2.0, 3.0, 4.0, math.nan]})
    table = describe(summary, ("a", "b"))
    assert list(table.columns) == ["n", "mean", "sd", "se", "ci_low", "ci_high", "method",
                                   "median", "n_inf", "n_nan"]
    a, b = table.loc["a"], table.loc["b"]
    # a: the inf is kept: mean inf, median of 1, 2, 3, inf = 2.5. Resampling 4 values, the
    # median is 1 with P(at least three 1s) = 4 (1/4)^3 (3/4) + (1/4)^4 = 5.1 % > 2.5 %,
    # and inf with P(at least two infs) = 1 - (3/4)^4 - 4 (1/4)(3/4)^3 = 26 % > 2.5 %
    assert (a.n, a.n_inf, a.n_nan, a.method) == (3, 1, 1, "median (bootstrap)")
    assert a["mean"] == math.inf and math.isnan(a.sd) and math.isnan(a.se)
    assert a["median"] == 2.5 and (a.ci_low, a.ci_high) == (1.0, math.inf)
    # b: the mean of 1..4 = 2.5, sd = sqrt(5/3), se = sd / 2, mean +- 1.96 se
    sd = math.sqrt(5 / 3)
    assert (b.n, b.n_inf, b.n_nan, b.method) == (4, 0, 1, "mean")
    assert b["mean"] == 2.5 and b.sd == pytest.approx(sd) and b.se == pytest.approx(sd / 2)
    assert b.ci_low == pytest.approx(2.5 - Z * sd / 2) and b["median"] == 2.5
    pd.testing.assert_frame_equal(table, describe(summary, ("a", "b")))     # seeded
    with pytest.raises(ParameterError, match="n_boot = 3 is out of range"):
        describe(summary, ("a",), n_boot=3)
    with pytest.raises(ParameterError, match=r"columns \['c'\] are not summary statistics"):
        describe(summary, ("c",))


def test_simulation_describe_is_honest_about_unreached_medians():
    cfg = tournament.Config(n_jurisdictions=10, n_rounds=20, burn_in=5, novelty_decay=0.02)
    res = tournament.simulate(cfg, replicates=30, seed=4)
    table = res.describe(("lifetime_median", "innovation_rate"))
    values = res.summary["lifetime_median"].to_numpy()
    life = table.loc["lifetime_median"]
    assert life.n_inf == np.isinf(values).sum() > 0       # the case this is about
    assert life.method == "median (bootstrap)" and life["mean"] == math.inf
    assert life["median"] == np.median(values[~np.isnan(values)])
    assert life.n + life.n_inf + life.n_nan == 30
    assert table.loc["innovation_rate", "method"] == "mean"
    pd.testing.assert_frame_equal(table, res.describe(("lifetime_median", "innovation_rate")))


def test_sensitivity_refuses_an_output_with_infinite_values(tmp_path):
    pytest.importorskip("SALib")
    pytest.importorskip("pyarrow")
    from tournament.study import Design, aggregate, sensitivity, sweep

    # short runs without turnover: some projects outlive the run, so some medians are inf
    base = tournament.Config(n_jurisdictions=10, n_rounds=20, burn_in=5,
                             **tournament.DECLINE_MECHANISMS["turnover"])
    design = Design.sobol({"novelty_decay": (0.0, 0.05), "crowding": (0.1, 0.3)}, 8,
                          replicates=4, seed=3, base=base, seeding="common")
    sweep(design, tmp_path / "s", progress=False)
    table = aggregate(tmp_path / "s", ["lifetime_median"])
    assert (table["n_inf"] > 0).any()
    assert (table.loc[table["n_inf"] > 0, "method"] == "median (bootstrap)").all()
    with pytest.raises(ParameterError, match=r"lifetime_median is infinite in some replicates "
                                             r"at \d+ design point\(s\)"):
        sensitivity(tmp_path / "s", ["lifetime_median"])
