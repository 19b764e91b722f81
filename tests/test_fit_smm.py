"""tournament.fit.fit_smm: parameter recovery, identification, determinism, resume, CLI.

The recovery design (used by tests/test_fit_abc.py too): a small model (8
jurisdictions, 30 rounds, burn-in 5) at known values of rotation_hazard,
novelty_decay and innovation_cost. In trial ``i`` the observed moments are
the means of ``N_OBS`` replicates simulated with seed ``10_000 + i``; their
covariance is that of a mean of ``N_OBS`` replicates, estimated once from a
pilot of 2,000 replicates at the truth (as if the standard errors were
known); the fit simulates with its own seed ``20_000 + i``. Trials run on
two spawned processes (the study's local backend) to halve the wall time.
"""

import functools
import json
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from tournament import Config, ParameterError, ParameterTypeError
from tournament.cli import main
from tournament.fit import Target, Targets, fit_smm
from tournament.fit._work import moment_unit
from tournament.fit.statistics import STATISTICS
from tournament.study.backends import LocalBackend

pytest.importorskip("scipy")

BASE = Config(n_jurisdictions=8, n_rounds=30, burn_in=5)
TRUTH = {"rotation_hazard": 0.25, "novelty_decay": 0.15, "innovation_cost": 1.5}
BOUNDS = {"rotation_hazard": (0.05, 0.6), "novelty_decay": (0.02, 0.5),
          "innovation_cost": (0.5, 3.0)}
SMM_STATISTICS = ("elite_exit_rate", "lifetime_mean", "innovation_rate", "imitation_rate",
                  "ever_recognized_share")
N_OBS = 20
TRIALS = 20


@functools.cache
def pilot_covariance(statistics: tuple[str, ...]) -> np.ndarray:
    """Covariance of one replicate's statistics at the truth (2,000 replicates, seed 999)."""
    stats = tuple(STATISTICS[s] for s in statistics)
    values = moment_unit(BASE.replace(**TRUTH), 999, 0, 2000, stats)
    assert np.isfinite(values).all()
    return np.cov(values, rowvar=False)


def recovery_targets(trial: int, statistics: tuple[str, ...] = SMM_STATISTICS,
                     n_obs: int = N_OBS) -> Targets:
    """Trial ``trial``'s observed moments: means of ``n_obs`` replicates at the truth."""
    stats = tuple(STATISTICS[s] for s in statistics)
    observed = moment_unit(BASE.replace(**TRUTH), 10_000 + trial, 0, n_obs, stats).mean(axis=0)
    return Targets([Target(s, s, float(v)) for s, v in zip(statistics, observed, strict=True)],
                   covariance=pilot_covariance(statistics) / n_obs, observations=n_obs,
                   bounds=BOUNDS)


def smm_trial(trial: int) -> dict:
    """One SMM recovery trial (run in a worker process)."""
    res = fit_smm(recovery_targets(trial), list(TRUTH), config=BASE, replicates=20,
                  jacobian_replicates=200, seed=20_000 + trial, screen=4, xatol=5e-3,
                  fatol=0.2, profile_points=0, threads=1, progress=False)
    return {"covers": res.covers(TRUTH), "j_pvalue": res.j_pvalue,
            "estimate": res.estimate.to_dict(), "se": res.estimates.set_index("parameter")
            ["se"].to_dict(), "identified": bool(res.estimates["identified"].all())}


def small_fit(**kw):
    """A cheap fit for the determinism, resume and output tests."""
    args = {"config": BASE, "replicates": 10, "jacobian_replicates": 100, "seed": 7,
            "screen": 2, "max_evaluations": 25, "profile_points": 3, "progress": False}
    args.update(kw)
    return fit_smm(recovery_targets(0), ["rotation_hazard", "novelty_decay"], **args)


# ----------------------------------------------------------------------------- recovery
def test_smm_recovers_three_parameters_with_calibrated_intervals():
    with LocalBackend(workers=2, threads=1) as pool:
        trials = list(pool.map(smm_trial, [(i,) for i in range(TRIALS)]))
    covered = {name: sum(t["covers"][name] for t in trials) for name in TRUTH}
    rejected = sum(t["j_pvalue"] < 0.05 for t in trials)
    print(f"\nSMM recovery, {TRIALS} trials: 95 % intervals cover the truth {covered}; "
          f"all three at once in {sum(all(t['covers'].values()) for t in trials)}; "
          f"J-test rejects at 5 % in {rejected}")
    assert all(count >= 17 for count in covered.values()), covered
    assert rejected <= 3
    assert all(t["identified"] for t in trials)
    # the intervals are calibrated, not merely wide: the spread of the estimates across
    # trials matches the reported standard errors (ratio of sd to mean se within 0.6-1.5)
    for name in TRUTH:
        estimates = np.array([t["estimate"][name] for t in trials])
        se = np.mean([t["se"][name] for t in trials])
        assert 0.6 < estimates.std(ddof=1) / se < 1.5, (name, estimates.std(ddof=1), se)
        assert abs(estimates.mean() - TRUTH[name]) < 3 * se / math.sqrt(TRIALS) + 0.5 * se


# ----------------------------------------------------------------------------- identification
def test_a_parameter_the_moments_cannot_see_is_reported_as_not_identified():
    # concentration only acts through the governance layer, which is off here
    targets = recovery_targets(1)
    res = fit_smm(targets, ["rotation_hazard", "novelty_decay", "concentration"], config=BASE,
                  bounds={**{k: BOUNDS[k] for k in ("rotation_hazard", "novelty_decay")},
                          "concentration": (0.0, 10.0)},
                  replicates=20, jacobian_replicates=100, seed=3, screen=4, xatol=5e-3,
                  fatol=0.2, profile_points=0, progress=False)
    est = res.estimates.set_index("parameter")
    assert not est.loc["concentration", "identified"]
    assert "do not respond" in est.loc["concentration", "note"]
    assert math.isinf(est.loc["concentration", "se"])
    assert (res.jacobian["concentration"] == 0).all()
    assert math.isinf(res.condition_number)
    assert not res.diagnostics["identified"]
    assert est.loc["rotation_hazard", "identified"] and est.loc["novelty_decay", "identified"]
    assert "NOT IDENTIFIED" in res.summary()
    # the identified ones are still estimated and their J-test has k - 2 degrees of freedom
    assert res.j_df == len(targets) - 2
    assert est.loc["rotation_hazard", "ci_low"] <= TRUTH["rotation_hazard"] <= \
        est.loc["rotation_hazard", "ci_high"]


def test_well_identified_parameters_have_a_moderate_condition_number(capsys):
    res = small_fit(jacobian_replicates=200, profile_points=0, progress=True)
    assert "smm" in capsys.readouterr().err  # the tqdm bar
    assert res.diagnostics["identified"]
    assert 1.0 <= res.condition_number < 100.0
    assert res.jacobian.shape == (5, 2)
    # exit rate rises with the rotation hazard, lifetimes fall with novelty decay
    assert res.jacobian.loc["elite_exit_rate", "rotation_hazard"] > 0
    assert res.jacobian.loc["lifetime_mean", "novelty_decay"] < 0


# ----------------------------------------------------------------------------- determinism
def test_the_estimate_does_not_depend_on_the_backend_or_the_workers():
    serial = small_fit()
    local = small_fit(backend="local", workers=2)
    pd.testing.assert_frame_equal(serial.estimates, local.estimates)
    pd.testing.assert_frame_equal(serial.moments, local.moments)
    pd.testing.assert_frame_equal(serial.profile, local.profile)
    assert serial.j_statistic == local.j_statistic
    pytest.importorskip("distributed")
    dask = small_fit(backend="dask", workers=2)
    pd.testing.assert_frame_equal(serial.estimates, dask.estimates)


def test_common_random_numbers_make_the_objective_a_function_of_theta():
    from tournament.fit.simulator import Simulator
    from tournament.fit.space import Space
    from tournament.study.backends import SerialBackend

    space = Space(["novelty_decay"], {"novelty_decay": (0.02, 0.5)}, BASE)
    stats = tuple(STATISTICS[s] for s in SMM_STATISTICS)
    a = Simulator(space, stats, 5, SerialBackend()).evaluate_one(np.array([0.2]), 30)
    b = Simulator(space, stats, 5, SerialBackend()).evaluate_one(np.array([0.2]), 30)
    c = Simulator(space, stats, 6, SerialBackend()).evaluate_one(np.array([0.2]), 30)
    np.testing.assert_array_equal(a.mean, b.mean)
    assert not np.array_equal(a.mean, c.mean)


# ----------------------------------------------------------------------------- outputs and resume
def test_a_fit_writes_a_complete_set_with_the_manifest_last(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "fit"
    res = small_fit(out=out)
    files = sorted(p.name for p in out.iterdir())
    assert files == ["checkpoint", "diagnostics.json", "estimates.csv", "fit.json",
                     "jacobian.csv", "moments.csv", "moments.png", "profile.csv",
                     "profile.png", "targets.toml"]
    manifest = json.loads((out / "fit.json").read_text())
    assert manifest["complete"] and manifest["method"] == "smm"
    assert set(manifest["files"]) == set(files) - {"checkpoint", "fit.json"}
    moments = pd.read_csv(out / "moments.csv")
    assert list(moments["target"]) == list(SMM_STATISTICS)
    np.testing.assert_allclose(moments["fitted"], res.moments["fitted"])
    assert Targets.load(out / "targets.toml") == recovery_targets(0)
    diag = json.loads((out / "diagnostics.json").read_text())
    assert diag["j_df"] == 3 and diag["simulation_ratio_S"] == 100 / N_OBS
    assert len(pd.read_csv(out / "profile.csv")) == 2 * 3
    for png in ("moments.png", "profile.png"):
        assert (out / png).read_bytes()[:4] == b"\x89PNG"
    from tournament.fit import moments_plot, profile_plot

    assert len(profile_plot(res).axes) == 2 and moments_plot(res).axes
    with pytest.raises(ParameterTypeError, match="result must be"):
        moments_plot(object())
    with pytest.raises(ParameterError, match="already holds a fit"):
        small_fit(out=out)


def test_a_finished_fit_reads_back_as_it_was_returned(tmp_path):
    from tournament.fit import SMMResult, load_fit

    out = tmp_path / "fit"
    res = small_fit(out=out, figures=False)
    back = load_fit(out)
    assert isinstance(back, SMMResult) and back.params == res.params
    pd.testing.assert_frame_equal(back.estimates, res.estimates)
    pd.testing.assert_frame_equal(back.moments, res.moments)
    pd.testing.assert_frame_equal(back.jacobian, res.jacobian)
    pd.testing.assert_frame_equal(back.profile, res.profile)
    np.testing.assert_array_equal(back.weighting, res.weighting)
    assert (back.j_statistic, back.j_df, back.j_pvalue) == (res.j_statistic, res.j_df,
                                                            res.j_pvalue)
    assert back.targets == res.targets and back.summary() == res.summary()
    assert back.evaluations == res.evaluations


def test_load_fit_refuses_unfinished_changed_or_foreign_folders(tmp_path):
    from tournament.fit import load_fit

    out = tmp_path / "fit"
    small_fit(out=out, figures=False)
    with pytest.raises(ParameterError, match="is not a folder"):
        load_fit(tmp_path / "nowhere")
    moments = out / "moments.csv"
    moments.write_text(moments.read_text().replace("target", "Target", 1))
    with pytest.raises(ParameterError, match="moments.csv .* has changed"):
        load_fit(out)
    (out / "fit.json").unlink()  # what an interrupted fit leaves
    with pytest.raises(ParameterError, match="holds no finished fit"):
        load_fit(out)


def test_an_interrupted_fit_resumes_to_the_same_result(tmp_path, monkeypatch):
    from tournament.fit import checkpoint

    reference = small_fit(out=tmp_path / "whole", figures=False)
    append = checkpoint.Checkpoint.append_evaluation
    calls = []

    def crash_after_twelve(self, record):
        if len(calls) == 12:
            raise KeyboardInterrupt
        calls.append(record)
        append(self, record)

    monkeypatch.setattr(checkpoint.Checkpoint, "append_evaluation", crash_after_twelve)
    out = tmp_path / "cut"
    with pytest.raises(KeyboardInterrupt):
        small_fit(out=out, figures=False)
    monkeypatch.setattr(checkpoint.Checkpoint, "append_evaluation", append)
    assert not (out / "fit.json").exists() and not (out / "estimates.csv").exists()
    log = out / "checkpoint" / "evaluations.jsonl"
    assert len(log.read_text().splitlines()) == 12
    with open(log, "a") as fh:  # a line torn by a crash while it was written
        fh.write('{"theta": ["0x1.')
    with pytest.raises(ParameterError, match="different inputs"):
        small_fit(out=out, seed=8, resume=True, figures=False)
    resumed = small_fit(out=out, resume=True, figures=False)
    assert resumed.evaluations["replayed"] == 12
    assert resumed.evaluations["simulated"] == reference.evaluations["simulated"] - 12
    pd.testing.assert_frame_equal(resumed.estimates, reference.estimates)
    pd.testing.assert_frame_equal(resumed.moments, reference.moments)
    assert (out / "fit.json").exists()
    again = small_fit(out=out, resume=True, figures=False)  # finished: nothing to simulate
    assert again.evaluations["simulated"] == 0
    pd.testing.assert_frame_equal(again.estimates, reference.estimates)


# ----------------------------------------------------------------------------- bad input
@pytest.fixture
def no_simulation(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("a simulation ran before the input was checked")

    monkeypatch.setattr("tournament.fit.simulator.moment_unit", forbidden)
    monkeypatch.setattr("tournament.engine.driver.run_chunk", forbidden)


@pytest.mark.parametrize("change, message", [
    ({"params": ["rotation_hazard", "novelty_decay", "innovation_cost", "crowding",
                 "upkeep_cost", "kind_bias"],
      "bounds": {**BOUNDS, "crowding": (0, 1), "upkeep_cost": (0, 1), "kind_bias": (0, 1)}},
     "5 moment\\(s\\) cannot identify 6 parameters"),
    ({"bounds": {"rotation_hazard": (0.05, 0.6), "novelty_decay": (0.02, 1.5)}},
     r"bounds of novelty_decay: high = 1.5 is outside the parameter's range: must be a finite "
     r"float in \[0, 1\]"),
    ({"params": ["rotation_hazard", "novelty_decya"], "bounds": None},
     "did you mean 'novelty_decay'"),
    ({"bounds": {"rotation_hazard": (0.05, 0.6), "novelty_decya": (0.02, 0.5)}},
     "not fitted"),
    ({"replicates": 1}, "replicates = 1 is out of range: must be an integer >= 2"),
    ({"jacobian_replicates": 5}, "jacobian_replicates = 5 is out of range"),
    ({"seed": -1}, "seed = -1 is out of range"),
    ({"start": [0.9, 0.1]}, r"start: rotation_hazard = 0.9 is out of range: must be in the "
                            r"search bounds \[0.05, 0.6\]"),
    ({"profile_points": 2}, "profile_points = 2 is out of range"),
    ({"jacobian_step": 0.7}, r"jacobian_step = 0.7 is out of range: must be a number in "
                             r"\(0, 0.5\)"),
])
def test_bad_input_fails_before_anything_is_simulated_or_written(no_simulation, tmp_path,
                                                                  change, message):
    args = {"params": ["rotation_hazard", "novelty_decay"], "config": BASE,
            "bounds": {"rotation_hazard": (0.05, 0.6), "novelty_decay": (0.02, 0.5)},
            "out": tmp_path / "never", "progress": False}
    args.update(change)
    targets = Targets([Target(s, s, 1.0, 0.1) for s in SMM_STATISTICS])
    with pytest.raises(ParameterError, match=message):
        fit_smm(targets, args.pop("params"), **args)
    assert not (tmp_path / "never").exists()


# ----------------------------------------------------------------------------- command line
def _write_targets(tmp_path):
    path = tmp_path / "targets.toml"
    path.write_text(recovery_targets(0).to_toml())
    return path


def test_cli_fit_smm_runs_and_resumes(tmp_path, capsys):
    targets = _write_targets(tmp_path)
    argv = ["fit", str(targets), "--method", "smm", "--params", "rotation_hazard,novelty_decay",
            "--set", "n_jurisdictions=8", "--set", "n_rounds=30", "--set", "burn_in=5",
            "--replicates", "10", "--jacobian-replicates", "100", "--screen", "2",
            "--max-evaluations", "25", "--profile-points", "3", "--seed", "7", "--no-figures",
            "--quiet", "--out", str(tmp_path / "cli")]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "SMM estimates" in out and "J-test" in out and "observed and fitted" in out
    api = small_fit()
    cli = pd.read_csv(tmp_path / "cli" / "estimates.csv")
    np.testing.assert_array_equal(cli["estimate"], api.estimates["estimate"])
    assert main(argv) == 2
    assert "already holds a fit" in capsys.readouterr().err
    assert main(argv + ["--resume"]) == 0
    assert "0 parameter points simulated" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["--params", "rotation_hazard", "--bounds", "rotation_hazard=0.1:1.4"],
     "outside the parameter's range"),
    (["--params", "rotation_hazard", "--bounds", "rotation_hazard=0.1"], "NAME=LOW:HIGH"),
    (["--params", "rotation_hazrd"], "did you mean 'rotation_hazard'"),
])
def test_cli_bad_input_exits_2_with_a_message(tmp_path, capsys, args, message):
    targets = _write_targets(tmp_path)
    code = main(["fit", str(targets), "--method", "smm", *args, "--out", str(tmp_path / "o")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("tournament fit: error:") and message in err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_cli_help_lists_fit():
    out = subprocess.run([sys.executable, "-m", "tournament.cli", "fit", "--help"],
                         capture_output=True, text=True, check=True).stdout
    assert "--method" in out and "--resume" in out and "smm" in out and "abc" in out
