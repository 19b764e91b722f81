"""The analysis functions, applied to simulated tables, reproduce the engine's summary."""

import math

import numpy as np
import pytest

import tournament
from tournament import Config, ParameterError
from tournament.analysis import (
    elite_tenure_mean,
    elite_tenures,
    hazard_ratio,
    launch_spectrum,
    leader_transitions,
    leadership_spells,
    model_eras,
    periodogram,
    project_survival,
    restart_shares,
    survival_median,
    turnover_hazard,
)
from tournament.analysis.tables import events_frame, panel_frame, rounds_frame

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
    with pytest.raises(ParameterError, match="6 to 8 entries"):
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
