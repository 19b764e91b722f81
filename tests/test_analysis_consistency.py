"""The analysis functions, applied to simulated tables, reproduce the engine's summary."""

import math

import numpy as np
import pandas as pd
import pytest

import tournament
from tournament import DECLINE_MECHANISMS, Config, ParameterError
from tournament.analysis import (
    bandwagon_did,
    elite_spell_median,
    elite_tenure_mean,
    elite_tenures,
    ever_recognized_share,
    hazard_ratio,
    launch_spectrum,
    leader_follower_contrast,
    leader_transitions,
    leadership_spells,
    model_eras,
    periodogram,
    project_lifetime_median,
    project_survival,
    restart_shares,
    survival_at,
    survival_median,
    turnover_age_table,
    turnover_hazard,
    turnover_hazard_mh,
)
from tournament.analysis.statistics import (
    bandwagon_difference,
    elite_spell_km_median,
    leader_placebo_difference,
    lifetime_stats,
    lifetimes,
    recognized_share,
    survival_at_age,
    turnover_mh_ratio,
)
from tournament.analysis.tables import events_frame, panel_frame, rounds_frame
from tournament.engine import rules

CFG = Config(n_jurisdictions=20, n_rounds=70, burn_in=10, absorption_threshold=15)


@pytest.fixture(scope="module")
def run():
    return tournament.simulate(CFG, replicates=3, seed=11, record=("rounds", "events", "panel"))


def _same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b)


def test_survival_hazard_and_restarts_match_the_summary(run):
    t, b = CFG.n_rounds, CFG.burn_in
    for rep, row in run.summary.set_index("replicate").iterrows():
        ev = run.events[run.events["replicate"] == rep]
        assert survival_median(project_survival(ev, t, b))[0] == row.lifetime_median
        assert _same(hazard_ratio(turnover_hazard(ev, t, b)), row.turnover_death_ratio)
        restart, new_domain = restart_shares(ev, t, b)
        assert _same(restart, row.restart_share)
        assert _same(new_domain, row.restart_new_domain_share)


def test_leadership_tables_match_the_summary(run):
    n, t, b = CFG.n_jurisdictions, CFG.n_rounds, CFG.burn_in
    summary = run.summary.set_index("replicate")
    spells = leadership_spells(run.rounds, b).groupby("replicate")["length"].mean()
    eras = model_eras(run.rounds, b).groupby("replicate")["length"].mean()
    follow = leader_transitions(run.events, run.rounds, run.panel, n, t, b)
    share = follow.groupby("replicate")["follower"].mean()
    for rep in summary.index:
        assert spells[rep] == pytest.approx(summary.loc[rep, "leader_spell_mean"])
        assert _same(eras.get(rep, math.nan), summary.loc[rep, "model_era_mean"])
        assert _same(share.get(rep, math.nan), summary.loc[rep, "leader_to_follower_share"])


def test_spectrum_peak_is_the_cycle_period(run):
    b = CFG.burn_in
    for rep, row in run.summary.set_index("replicate").iterrows():
        rounds = run.rounds[run.rounds["replicate"] == rep]
        launches = (rounds["innovations"] + rounds["imitations"]).to_numpy()[b:]
        spec = periodogram(launches)
        assert spec.loc[spec["power"].idxmax(), "period"] == pytest.approx(row.cycle_period)
        assert launch_spectrum(rounds, b)["power"].tolist() == pytest.approx(
            spec["power"].tolist())


def test_elite_tenure_estimates_agree(run):
    renewal = elite_tenure_mean(run.rounds, CFG.n_jurisdictions, CFG.burn_in)
    direct = elite_tenures(run.panel, CFG.burn_in)
    completed = direct[~direct["censored"]]["tenure"].mean()
    # renewal-reward and completed tenures estimate the same mean (completed ones are
    # biased short by the window); both near 1 / (exit hazard) ~ 4 rounds here
    assert 2.0 < completed < renewal.mean() < 7.0


def test_table_builders_validate():
    with pytest.raises(ParameterError, match="must have 6 to"):
        events_frame([(0, 1, "innovation")], n_rounds=5)
    with pytest.raises(ParameterError, match="origin"):
        events_frame([(0, 1, "pilot", 0, 1, "dropped")], n_rounds=5)
    with pytest.raises(ParameterError, match="cause"):
        events_frame([(0, 1, "innovation", 0, 1, "abandoned")], n_rounds=5)
    with pytest.raises(ParameterError, match="launch_round"):
        events_frame([(0, 1, "innovation", 4, 2, "dropped")], n_rounds=5)
    with pytest.raises(ParameterError, match="unknown"):
        rounds_frame({"leader": [1, 2]})
    with pytest.raises(ParameterError, match="one length"):
        rounds_frame({"top": [1, 2], "gini": [0.1]})
    with pytest.raises(ParameterError, match="permutation"):
        panel_frame(np.array([[1, 1]]))
    with pytest.raises(ParameterError, match="matrix"):
        panel_frame(np.array([1, 2]))


def test_table_builders_match_simulated_columns(run):
    ev = events_frame([(0, 1, "innovation", 0, 1, "dropped")], n_rounds=5)
    assert list(ev.columns) == list(run.events.columns)
    assert (ev.dtypes == run.events.dtypes).all()
    assert list(rounds_frame({"top": [0]}).columns) == list(run.rounds.columns)
    assert list(panel_frame(np.array([[1, 2]])).columns) == list(run.panel.columns)


def test_summary_attempt_rate_and_imitation_share_equal_the_table_functions():
    from tournament.analysis import attempt_rate, imitation_share

    cfg = tournament.Config(n_jurisdictions=30, n_rounds=80, bureaucratic_autonomy=0.5,
                            imitation_cost=0.3)
    res = tournament.simulate(cfg, replicates=6, seed=4, record=("rounds",))
    assert (res.rounds["rejected"] > 0).any() and (res.rounds["imitations"] > 0).any()
    np.testing.assert_allclose(res.summary["attempt_rate"],
                               attempt_rate(res.rounds, 30, cfg.burn_in), rtol=1e-12)
    np.testing.assert_allclose(res.summary["imitation_share"],
                               imitation_share(res.rounds, cfg.burn_in), rtol=1e-12)
    assert (res.summary["attempt_rate"] > res.summary["innovation_rate"]
            + res.summary["imitation_rate"]).all()  # rejections are attempts too


# ----------------------------------------------------------------------------- version 2
V2_CASES = {
    "absorption": {"n_jurisdictions": 20, "n_rounds": 60, "burn_in": 10,
                   "absorption_threshold": 4, "absorption_rounds": 6},
    "crises": {"n_jurisdictions": 20, "n_rounds": 60, "burn_in": 10, "transfer_share": 0.5,
               "value_return": 0.1, "concentration": 6.0, "carrying_capacity": 0.15},
    "turnover_off": {"n_jurisdictions": 20, "n_rounds": 60, "burn_in": 10,
                     **DECLINE_MECHANISMS["turnover"]},
    "short_run": {"n_jurisdictions": 12, "n_rounds": 12, "burn_in": 1},
    "burn_in_0": {"n_jurisdictions": 20, "n_rounds": 50, "burn_in": 0},
    "k_equals_n": {"n_jurisdictions": 8, "n_rounds": 40, "burn_in": 5,
                   "recognized_per_round": 8},
    "n_two": {"n_jurisdictions": 2, "recognized_per_round": 1, "n_rounds": 40, "burn_in": 5},
    "no_noise_terms": {"n_jurisdictions": 16, "n_rounds": 50, "burn_in": 10,
                       "quality_noise": 0.0, "capacity_sigma": 0.0, "ability_sigma": 0.0,
                       "malfunction_prob": 1.0},
    "one_round": {"n_jurisdictions": 8, "n_rounds": 1, "burn_in": 0},
    "cooperation": {"n_jurisdictions": 24, "n_rounds": 60, "burn_in": 10, "cooperation": "on",
                    "n_regions": 4, "coordination_cost": 0.0, "credit_sharing": 0.5},
    "space_all_on": {"n_jurisdictions": 24, "n_rounds": 60, "burn_in": 10,
                     "cooperation": "on", "n_regions": 2, "coordination_cost": 0.0,
                     "evaluation_mode": "regional", "topology": "ring", "learning_rate": 0.3,
                     "credit_sharing": 0.0},
}
EXACT_V2 = ("survival_5", "ever_recognized_share", "elite_spell_median",
            "leader_placebo_difference", "lifetime_median")


def _identical(a: float, b: float) -> bool:
    """Equal to the last bit (``inf`` equal to ``inf``), or both ``nan``."""
    return (math.isnan(a) and math.isnan(b)) or a == b


def _close(a: float, b: float) -> bool:
    """Equal to the last bits of a sum taken in another order (or both ``nan``/the same ``inf``)."""
    if not (math.isfinite(a) and math.isfinite(b)):
        return _identical(a, b)
    return a == pytest.approx(b, rel=1e-12, abs=1e-14)


def _age_arrays(table, rep: int, n_rounds: int) -> list[np.ndarray]:
    """The columns of ``turnover_age_table`` for one replicate, indexed by age 0 … T."""
    mine = table[table["replicate"] == rep]
    out = []
    for column in ("exposed_rounds", "exposed_deaths", "unexposed_rounds", "unexposed_deaths"):
        values = np.zeros(n_rounds + 1, np.int64)
        values[mine["age"].to_numpy(np.int64)] = mine[column].to_numpy(np.int64)
        out.append(values)
    return out


@pytest.mark.parametrize("name", list(V2_CASES))
def test_streamed_v2_statistics_equal_the_table_functions(name):
    cfg = Config(**V2_CASES[name])
    t, b, n = cfg.n_rounds, cfg.burn_in, cfg.n_jurisdictions
    res = tournament.simulate(cfg, replicates=3, seed=7, record=("rounds", "events", "panel"))
    # streaming does not depend on which tables are recorded
    alone = tournament.simulate(cfg, replicates=3, seed=7)
    pd.testing.assert_frame_equal(alone.summary, res.summary, check_exact=True)
    ev, ro, pa = res.events, res.rounds, res.panel
    summary = res.summary.set_index("replicate")
    analysis = {
        "survival_5": survival_at(ev, t, b, age=5),
        "ever_recognized_share": ever_recognized_share(ev, b),
        "elite_spell_median": elite_spell_median(pa, b),
        "leader_placebo_difference":
            leader_follower_contrast(ro, pa, ev, b).set_index("replicate")["difference"],
        "lifetime_median": project_lifetime_median(ev, t, b),
        "turnover_hazard_mh": turnover_hazard_mh(ev, t, b).set_index("replicate")["ratio"],
        "bandwagon_did": bandwagon_did(ev, ro, pa, b).set_index("replicate")["did"],
    }
    ages = turnover_age_table(ev, t, b)
    for rep, row in summary.iterrows():
        for column, values in analysis.items():
            want = float(values.get(rep, math.nan))   # a replicate without events: nan
            same = _identical if column in EXACT_V2 else _close
            assert same(row[column], want), (name, rep, column, row[column], want)
        # the Mantel–Haenszel counts are exactly those of turnover_age_table
        assert _identical(row.turnover_hazard_mh,
                          float(rules.mh_ratio(*_age_arrays(ages, rep, t))))
        # the engine's own table functions (the reference path) give the streamed values
        e, r, p = (frame[frame["replicate"] == rep] for frame in (ev, ro, pa))
        engine = {
            "survival_5": survival_at_age(e, t, b),
            "ever_recognized_share": recognized_share(e, b),
            "elite_spell_median": elite_spell_km_median(p, t, b),
            "turnover_hazard_mh": turnover_mh_ratio(e, t, b),
            "bandwagon_did": bandwagon_difference(e, r, p, cfg.n_domains, t, b),
            "leader_placebo_difference": leader_placebo_difference(e, r, p, n, t, b),
            "lifetime_median": lifetime_stats(e, t, b)[0],
        }
        for column, value in engine.items():
            assert _identical(row[column], value), (name, rep, column, row[column], value)


def test_v2_statistics_are_defined_on_an_ordinary_run(run):
    """Not vacuous: on the module's run every new column is finite somewhere."""
    summary = run.summary
    for column in ("survival_5", "ever_recognized_share", "elite_spell_median",
                   "turnover_hazard_mh", "bandwagon_did", "leader_placebo_difference"):
        assert np.isfinite(summary[column]).any(), column
    assert ((summary["survival_5"] >= 0) & (summary["survival_5"] <= 1)).all()
    assert ((summary["ever_recognized_share"] >= 0)
            & (summary["ever_recognized_share"] <= 1)).all()


def test_lifetime_median_censors_at_the_last_round_seen(run):
    t, b = CFG.n_rounds, CFG.burn_in
    np.testing.assert_array_equal(project_lifetime_median(run.events, t, b),
                                  run.summary.set_index("replicate")["lifetime_median"])
    # the censored lifetimes end in round T - 1
    durations, observed = lifetimes(run.events, t, b)
    late = run.events[run.events["launch_round"] >= b]
    censored = late["censored"].to_numpy(bool)
    assert censored.any()
    np.testing.assert_array_equal(durations[~observed],
                                  t - 1 - late["launch_round"].to_numpy()[censored])
