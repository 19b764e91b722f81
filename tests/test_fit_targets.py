"""tournament.fit: targets, statistics, parameter space, bad input (no simulation runs here)."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tournament
from tournament import Config, ParameterError, ParameterTypeError
from tournament.fit import STATISTICS, Target, Targets, register_statistic
from tournament.fit.space import Space
from tournament.fit.statistics import evaluate, get_statistic, tables_needed

pytest.importorskip("scipy")

SMALL = Config(n_jurisdictions=8, n_rounds=30, burn_in=5)


def _targets(**kw):
    return Targets([Target("exit", "elite_exit_rate", 0.3, 0.01, "approximate"),
                    Target("life", "lifetime_mean", 2.5, 0.1)], **kw)


# ----------------------------------------------------------------------------- targets
def test_targets_round_trip_through_toml(tmp_path):
    targets = Targets([Target("elite exit hazard", "elite_exit_rate", 0.27, 0.03, 'a "quoted"'),
                       Target("lifetime", "lifetime_mean", 3.5, 0.4)],
                      observations=40, bounds={"rotation_hazard": (0.05, 0.6)})
    path = tmp_path / "t.toml"
    path.write_text(targets.to_toml())
    back = Targets.load(path)
    assert back == targets
    assert back.observations == 40 and back.bounds == {"rotation_hazard": (0.05, 0.6)}
    np.testing.assert_array_equal(back.values, [0.27, 3.5])
    np.testing.assert_array_equal(back.se, [0.03, 0.4])
    assert back.targets[0].source == 'a "quoted"'


def test_targets_with_a_covariance_take_their_standard_errors_from_it(tmp_path):
    cov = [[0.0004, 0.0001], [0.0001, 0.04]]
    targets = Targets([{"name": "a", "statistic": "elite_exit_rate", "value": 0.3},
                       {"name": "b", "statistic": "lifetime_mean", "value": 2.0}],
                      covariance=cov)
    np.testing.assert_allclose(targets.se, [0.02, 0.2])
    path = tmp_path / "c.toml"
    path.write_text(targets.to_toml())
    np.testing.assert_array_equal(Targets.load(path).covariance, np.array(cov))


def test_the_example_targets_file_loads():
    targets = Targets.load(Path(__file__).parents[1] / "docs" / "estimation-targets.toml")
    assert len(targets) >= 3
    assert all(t.source for t in targets)
    assert set(targets.bounds) >= {"rotation_hazard", "novelty_decay", "innovation_cost"}


@pytest.mark.parametrize("make, message", [
    (lambda: Target("x", "lifetime_mean_", 1.0, 0.1), "did you mean 'lifetime_mean'"),
    (lambda: Target("x", "no_such_statistic", 1.0, 0.1), "not a known statistic"),
    (lambda: Targets([Target("x", "lifetime_mean", 1.0)]), "has no standard error"),
    (lambda: Target("x", "lifetime_mean", 1.0, 0.0), "se = 0.0 is out of range: must be > 0"),
    (lambda: Target("x", "lifetime_mean", 1.0, -1.0), "must be > 0"),
    (lambda: Target("x", "lifetime_mean", float("nan"), 0.1), "must be a finite number"),
    (lambda: Targets([]), "at least one target"),
    (lambda: Targets([Target("x", "lifetime_mean", 1.0, 0.1)] * 2), "unique"),
    (lambda: _targets(covariance=[[1.0, 0.0], [0.0, -1.0]]), "positive definite"),
    (lambda: _targets(covariance=[[1.0]]), "shape"),
    (lambda: _targets(covariance=[[1e-4, 0.0], [0.0, 0.01]]), None),
    (lambda: _targets(covariance=[[2e-4, 0.0], [0.0, 0.01]]), "disagrees"),
    (lambda: _targets(observations=0), "observations = 0 is out of range"),
    (lambda: Targets.from_dict({"targets": []}), "unknown key"),
    (lambda: Targets([{"name": "x", "statistic": "lifetime_mean"}]), "lacks value"),
])
def test_bad_targets_are_rejected_with_a_clear_message(make, message):
    if message is None:
        assert len(make()) == 2
        return
    with pytest.raises(ParameterError, match=message):
        make()


def test_a_target_file_without_a_standard_error_is_rejected(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('[[target]]\nname = "exit"\nstatistic = "elite_exit_rate"\nvalue = 0.3\n')
    with pytest.raises(ParameterError, match="target 'exit' has no standard error"):
        Targets.load(path)
    with pytest.raises(ParameterError, match="does not exist"):
        Targets.load(tmp_path / "missing.toml")
    path.write_text("[[target]\n")
    with pytest.raises(ParameterError, match="not valid TOML"):
        Targets.load(path)


# ----------------------------------------------------------------------------- statistics
def test_every_summary_column_and_the_table_statistics_are_known():
    assert set(tournament.engine.records.SUMMARY_COLUMNS) <= set(STATISTICS)
    assert {"elite_exit_rate", "elite_promotion_rate", "elite_tenure_mean",
            "ever_recognized_share"} <= set(STATISTICS)
    assert tables_needed([get_statistic("lifetime_mean")]) == ("summary",)
    assert tables_needed([get_statistic("ever_recognized_share"),
                          get_statistic("elite_exit_rate")]) == ("summary", "rounds")


def test_table_statistics_agree_with_the_analysis_functions():
    from tournament.analysis import elite_tenure_mean, ever_recognized_share

    res = tournament.simulate(SMALL, replicates=12, seed=3, record=("rounds", "events"))
    tables = {"summary": res.summary, "rounds": res.rounds, "events": res.events}
    reps = res.replicates
    names = ["elite_exit_rate", "elite_promotion_rate", "elite_tenure_mean",
             "ever_recognized_share", "lifetime_mean"]
    values = evaluate([get_statistic(n) for n in names], tables, SMALL, reps)
    late = res.rounds[res.rounds["round"] >= SMALL.burn_in].groupby("replicate")
    span = SMALL.n_jurisdictions * (SMALL.n_rounds - SMALL.burn_in)
    np.testing.assert_allclose(values[:, 0], (late["promotions"].sum() + late["exits"].sum())
                               .to_numpy() / span)
    np.testing.assert_allclose(values[:, 1], late["promotions"].sum().to_numpy() / span)
    np.testing.assert_allclose(values[:, 2], elite_tenure_mean(res.rounds, 8, 5).to_numpy())
    np.testing.assert_allclose(values[:, 3], ever_recognized_share(res.events, 5).to_numpy())
    np.testing.assert_array_equal(values[:, 4], res.summary["lifetime_mean"].to_numpy())
    assert (values[:, 0] > 0).all() and ((values[:, 3] >= 0) & (values[:, 3] <= 1)).all()


def test_register_statistic_validates_and_adds(monkeypatch):
    monkeypatch.setattr("tournament.fit.statistics.STATISTICS", dict(STATISTICS))
    from tournament.fit import statistics as S

    def late_launches(tables, config, replicates):
        return np.zeros(len(replicates))

    stat = register_statistic("late_launches", late_launches, ["rounds"], "launches")
    assert S.STATISTICS["late_launches"] is stat
    assert Target("x", "late_launches", 1.0, 0.1).statistic == "late_launches"
    with pytest.raises(ParameterError, match="already exists"):
        register_statistic("late_launches", late_launches, ["rounds"])
    with pytest.raises(ParameterError, match="identifier"):
        register_statistic("late launches", late_launches, ["rounds"])
    with pytest.raises(ParameterError, match="needs"):
        register_statistic("other", late_launches, ["panel"])
    with pytest.raises(ParameterTypeError, match="callable"):
        register_statistic("other", 3, ["rounds"])
    bad = S.Statistic("bad", ("summary",), lambda t, c, r: np.zeros(2))
    with pytest.raises(ParameterError, match="one value per replicate"):
        bad.values({"summary": pd.DataFrame()}, SMALL, np.arange(5))


# ----------------------------------------------------------------------------- parameter space
def test_space_bounds_default_to_the_parameter_table_and_must_lie_inside_it():
    space = Space(["rotation_hazard", "novelty_decay"], None, SMALL)
    np.testing.assert_array_equal(space.lo, [0.0, 0.0])
    np.testing.assert_array_equal(space.hi, [1.0, 1.0])
    np.testing.assert_array_equal(space.default_start(),
                                  [SMALL.rotation_hazard, SMALL.novelty_decay])
    inside = Space(["novelty_decay"], {"novelty_decay": (0.3, 0.5)}, SMALL)
    np.testing.assert_array_equal(inside.default_start(), [0.4])  # default outside: the middle
    np.testing.assert_allclose(space.theta(space.unit([0.3, 0.1])), [0.3, 0.1])
    assert space.config([0.3, 0.1]).rotation_hazard == 0.3
    with pytest.raises(ParameterError, match=r"bounds of rotation_hazard: high = 1.5 is "
                                             r"outside the parameter's range: must be a finite "
                                             r"float in \[0, 1\]"):
        Space(["rotation_hazard"], {"rotation_hazard": (0.1, 1.5)}, SMALL)
    with pytest.raises(ParameterError, match="low < high"):
        Space(["rotation_hazard"], {"rotation_hazard": (0.5, 0.1)}, SMALL)
    with pytest.raises(ParameterError, match="innovation_cost needs search bounds"):
        Space(["innovation_cost"], None, SMALL)
    with pytest.raises(ParameterError, match="build_rate needs search bounds"):
        Space(["build_rate"], None, SMALL)  # (0, 1]: open at 0
    with pytest.raises(ParameterError, match="did you mean 'novelty_decay'"):
        Space(["novelty_decya"], None, SMALL)
    with pytest.raises(ParameterError, match="only float parameters"):
        Space(["max_tenure"], None, SMALL)
    with pytest.raises(ParameterError, match="repeated"):
        Space(["novelty_decay", "novelty_decay"], None, SMALL)
    with pytest.raises(ParameterError, match="not fitted"):
        Space(["novelty_decay"], {"crowding": (0, 1)}, SMALL)
    with pytest.raises(ParameterError, match="rejected"):  # balance < imbalance threshold
        Space(["balance_threshold"], {"balance_threshold": (0.1, 0.9)}, SMALL)
    narrow = Space(["rotation_hazard", "novelty_decay"], {"novelty_decay": (0.02, 0.5)}, SMALL)
    with pytest.raises(ParameterError, match=r"start: novelty_decay = 0.9 is out of range: "
                                             r"must be in the search bounds \[0.02, 0.5\]"):
        narrow.check_point([0.2, 0.9], "start")
    with pytest.raises(ParameterError, match="has 1 values; must have 2"):
        narrow.check_point([0.2], "start")


def test_importing_the_fit_package_is_light():
    code = ("import sys, tournament.fit, tournament.cli; tournament.cli.build_parser();"
            "print([m for m in ('scipy', 'pyabc', 'numba', 'pandas', 'matplotlib', 'dask')"
            " if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
