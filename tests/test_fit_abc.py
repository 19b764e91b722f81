"""tournament.fit.fit_abc: coverage of the credible intervals, determinism, resume, CLI.

The recovery design is the SMM tests' (tests/test_fit_smm.py): a small model
at known parameter values, observed moments from ``ABC_OBS`` = 10 replicates
with a trial's own seed (half the SMM tests' 20: ABC needs hundreds of
simulations per trial), the covariance of their means known. ABC uses three of
the five moments (the elite exit rate, the mean lifetime and the imitation
rate): fewer dimensions, fewer rejected candidates. Each candidate simulates
as many replicates as the observations hold (``R = ABC_OBS``), so no
measurement error is added and the limiting posterior is exact.
"""

import json
import math

import numpy as np
import pandas as pd
import pytest

from tournament import ParameterError
from tournament.cli import main
from tournament.fit import fit_abc
from tournament.study.backends import LocalBackend

pytest.importorskip("pyabc")

from test_fit_smm import BASE, BOUNDS, TRUTH, recovery_targets  # noqa: E402

ABC_STATISTICS = ("elite_exit_rate", "lifetime_mean", "imitation_rate")
ABC_OBS = 10
TRIALS = 20


def abc_trial(trial: int) -> dict:
    """One ABC recovery trial (run in a worker process)."""
    res = fit_abc(recovery_targets(trial, ABC_STATISTICS, ABC_OBS), list(TRUTH), config=BASE,
                  replicates=ABC_OBS, population=40, generations=6, seed=30_000 + trial,
                  threads=1, progress=False)
    return {"covers": res.covers(TRUTH),
            "width_ratio": res.estimates.set_index("parameter")["width_ratio"].to_dict(),
            "mean": res.estimate.to_dict(), "simulations": res.diagnostics["simulations"]}


def small_abc(**kw):
    args = {"config": BASE, "replicates": 3, "population": 20, "generations": 2, "seed": 4,
            "progress": False}
    args.update(kw)
    return fit_abc(recovery_targets(0, ABC_STATISTICS), ["rotation_hazard", "novelty_decay"],
                   **args)


def test_abc_credible_intervals_cover_the_truth():
    with LocalBackend(workers=2, threads=1) as pool:
        trials = list(pool.map(abc_trial, [(i,) for i in range(TRIALS)]))
    covered = {name: sum(t["covers"][name] for t in trials) for name in TRUTH}
    widths = {name: float(np.mean([t["width_ratio"][name] for t in trials])) for name in TRUTH}
    print(f"\nABC recovery, {TRIALS} trials: 90 % credible intervals cover the truth {covered}; "
          f"all three at once in {sum(all(t['covers'].values()) for t in trials)}; mean width "
          f"as a share of the prior's {widths}; "
          f"{np.mean([t['simulations'] for t in trials]):.0f} simulations per trial")
    assert all(count >= 16 for count in covered.values()), covered
    # the posteriors learned from the data: intervals well inside the priors (the exit
    # hazard pins the rotation hazard; decay and cost share the lifetime and imitation)
    assert widths["rotation_hazard"] < 0.3 and all(w < 0.7 for w in widths.values()), widths
    for name in TRUTH:  # posterior means centre near the truth (within a tenth of the prior)
        means = np.array([t["mean"][name] for t in trials])
        lo, hi = BOUNDS[name]
        assert abs(means.mean() - TRUTH[name]) < 0.1 * (hi - lo), (name, means.mean())


def test_abc_reports_an_irrelevant_parameter_as_not_identified():
    res = fit_abc(recovery_targets(2, ABC_STATISTICS), ["rotation_hazard", "concentration"],
                  config=BASE, bounds={"rotation_hazard": BOUNDS["rotation_hazard"],
                                       "concentration": (0.0, 10.0)},
                  replicates=3, population=40, generations=3, seed=5, progress=False)
    est = res.estimates.set_index("parameter")
    assert not est.loc["concentration", "identified"]
    assert est.loc["concentration", "width_ratio"] > 0.8
    assert "as wide as the prior" in est.loc["concentration", "note"]
    assert est.loc["rotation_hazard", "identified"]
    assert not res.diagnostics["identified"]


def test_the_posterior_does_not_depend_on_the_backend_or_the_workers():
    serial = small_abc()
    local = small_abc(backend="local", workers=2)
    pd.testing.assert_frame_equal(serial.posterior, local.posterior)
    pd.testing.assert_frame_equal(serial.estimates, local.estimates)
    assert serial.diagnostics["samples_per_generation"] == \
        local.diagnostics["samples_per_generation"]
    again = small_abc()
    pd.testing.assert_frame_equal(serial.posterior, again.posterior)
    other = small_abc(seed=5)
    assert not serial.posterior.equals(other.posterior)


def test_abc_leaves_the_callers_random_state_alone():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    small_abc(generations=1)
    assert np.array_equal(np.random.get_state()[1], before)


def test_an_interrupted_abc_fit_resumes_to_the_same_posterior(tmp_path, monkeypatch):
    from tournament.fit import checkpoint

    whole = small_abc(generations=3, out=tmp_path / "whole", figures=False)
    write = checkpoint.Checkpoint.write_generation

    def crash_at_generation_two(self, t, data):
        if t == 1:
            raise KeyboardInterrupt
        write(self, t, data)

    monkeypatch.setattr(checkpoint.Checkpoint, "write_generation", crash_at_generation_two)
    out = tmp_path / "cut"
    with pytest.raises(KeyboardInterrupt):
        small_abc(generations=3, out=out, figures=False)
    monkeypatch.setattr(checkpoint.Checkpoint, "write_generation", write)
    assert not (out / "fit.json").exists()
    assert sorted(p.name for p in (out / "checkpoint").glob("abc-*")) == [
        "abc-generation-000.pkl", "abc-generation-001.pkl"]
    resumed = small_abc(generations=3, out=out, resume=True, figures=False)
    assert resumed.evaluations["replayed"] > 0
    assert resumed.evaluations["simulated"] < whole.evaluations["simulated"]
    pd.testing.assert_frame_equal(resumed.posterior, whole.posterior)
    pd.testing.assert_frame_equal(resumed.estimates, whole.estimates)


def test_abc_writes_posterior_outputs(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "abc"
    res = small_abc(out=out)
    assert {"estimates.csv", "moments.csv", "posterior.csv", "posterior.png", "moments.png",
            "diagnostics.json", "fit.json"} <= {p.name for p in out.iterdir()}
    posterior = pd.read_csv(out / "posterior.csv")
    assert list(posterior.columns) == ["rotation_hazard", "novelty_decay", "weight"]
    assert len(posterior) == 20 and math.isclose(posterior["weight"].sum(), 1.0)
    est = res.estimates.set_index("parameter")
    for name in ("rotation_hazard", "novelty_decay"):
        lo, hi = BOUNDS[name]
        assert lo <= est.loc[name, "ci_low"] <= est.loc[name, "median"] <= \
            est.loc[name, "ci_high"] <= hi
        assert math.isclose(est.loc[name, "estimate"],
                            float(np.average(posterior[name], weights=posterior["weight"])))
    diag = json.loads((out / "diagnostics.json").read_text())
    assert diag["generations"] == 2 and len(diag["epsilons"]) == 2
    assert diag["epsilons"][1] < diag["epsilons"][0]
    assert "ABC" in res.summary() and "posterior means" in res.summary()
    from tournament.fit import ABCResult, load_fit

    back = load_fit(out)  # read back as it was returned
    assert isinstance(back, ABCResult) and back.params == res.params
    pd.testing.assert_frame_equal(back.estimates, res.estimates)
    pd.testing.assert_frame_equal(back.moments, res.moments)
    pd.testing.assert_frame_equal(back.posterior, res.posterior)
    assert back.summary() == res.summary()


def test_abc_bad_input_fails_before_anything_runs(tmp_path, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("a simulation ran before the input was checked")

    monkeypatch.setattr("tournament.fit.abc.moment_unit", forbidden)
    for kw, message in [({"population": 5}, "population = 5 is out of range"),
                        ({"bounds": {"rotation_hazard": (-0.1, 0.5),
                                     "novelty_decay": (0.02, 0.5)}}, "outside the parameter"),
                        ({"level": 1.0}, "level = 1.0 is out of range")]:
        with pytest.raises(ParameterError, match=message):
            small_abc(out=tmp_path / "never", **kw)
        assert not (tmp_path / "never").exists()


def test_cli_fit_abc(tmp_path, capsys):
    path = tmp_path / "targets.toml"
    path.write_text(recovery_targets(0, ABC_STATISTICS).to_toml())
    code = main(["fit", str(path), "--method", "abc", "--params", "rotation_hazard,novelty_decay",
                 "--set", "n_jurisdictions=8", "--set", "n_rounds=30", "--set", "burn_in=5",
                 "--replicates", "3", "--population", "20", "--generations", "2", "--seed", "4",
                 "--no-figures", "--quiet", "--out", str(tmp_path / "abc")])
    assert code == 0
    assert "posterior means" in capsys.readouterr().out
    cli = pd.read_csv(tmp_path / "abc" / "posterior.csv")
    pd.testing.assert_frame_equal(cli, small_abc().posterior, check_exact=False, rtol=1e-12)
