"""Reading a study back: load, aggregate, Sobol' indices, and the commands that print them."""

import math
import re
import sys

import numpy as np
import pandas as pd
import pytest

from tournament import Config, ParameterError
from tournament.analysis import SUMMARY_COLUMNS
from tournament.cli import main
from tournament.study import Design, aggregate, load, sensitivity, sweep
from tournament.study.store import Store

SMALL = Config(n_jurisdictions=10, n_rounds=30, burn_in=5)


@pytest.fixture(scope="module")
def grid_study(tmp_path_factory):
    path = tmp_path_factory.mktemp("grid") / "study"
    # the higher level's attention fixed, so that with slow novelty decay projects last
    attention_fixed = SMALL.replace(model_promotion=0.0, preference_volatility=0.0,
                                    priority_shift_prob=0.0)
    design = Design.grid({"novelty_decay": [0.02, 0.3], "noise": ["normal", "gumbel"]},
                         replicates=40, seed=4, base=attention_fixed)
    sweep(design, path, chunk_size=15, progress=False)
    return path


@pytest.fixture(scope="module")
def sobol_study(tmp_path_factory):
    # policy_margin acts only under the turning-point policy: here it is a dummy input.
    path = tmp_path_factory.mktemp("sobol") / "study"
    design = Design.sobol({"novelty_decay": (0.0, 0.5), "policy_margin": (0.0, 0.2)}, 8,
                          replicates=6, seed=3, base=SMALL, seeding="common")
    sweep(design, path, progress=False)
    return path


def test_aggregate_matches_a_direct_computation(grid_study):
    data = load(grid_study)
    table = aggregate(grid_study)
    assert len(table) == 4 * len(SUMMARY_COLUMNS)
    assert table.index.names == ["point", "statistic"]
    for (point, stat), row in table.iterrows():
        x = data.loc[data.point == point, stat].to_numpy(float)
        finite = x[np.isfinite(x)]
        assert row.n == len(finite) and row.n_inf == np.isinf(x).sum()
        assert row.n_nan == np.isnan(x).sum()
        if row.n_inf:
            # infinite values are kept: mean inf, median with a bootstrap interval
            assert row.method == "median (bootstrap)" and row["mean"] == math.inf
            assert row["median"] == np.median(x[~np.isnan(x)])
            assert row.ci_low <= row["median"] <= row.ci_high
        elif len(finite) > 1:
            sd = np.std(finite, ddof=1)
            assert row.method == "mean"
            assert row["mean"] == pytest.approx(finite.mean(), rel=1e-12, abs=1e-15)
            assert row.sd == pytest.approx(sd, rel=1e-12, abs=1e-15)
            assert row.se == pytest.approx(sd / math.sqrt(len(finite)), rel=1e-12, abs=1e-15)
            assert row.ci_high - row.ci_low == pytest.approx(2 * 1.959963984540054 * row.se)
    # a slow novelty decay leaves some medians unreached (inf): counted, never dropped
    assert table.loc[(0, "lifetime_median"), "n_inf"] > 0
    assert table.loc[(0, "lifetime_median"), "method"] == "median (bootstrap)"
    assert table.loc[(1, "lifetime_median"), "noise"] == "gumbel"
    assert table.loc[(2, "lifetime_median"), "novelty_decay"] == 0.3


def test_load_has_parameters_seeds_and_replicates(grid_study):
    data = load(grid_study)
    design = Store(grid_study).read_design()
    assert list(data.columns[:5]) == ["point", "novelty_decay", "noise", "seed", "replicate"]
    assert len(data) == 160
    assert list(data.groupby("point").replicate.apply(list)) == [list(range(40))] * 4
    assert (data.groupby("point").seed.first().to_numpy()
            == [design.point_seed(p) for p in range(4)]).all()


def test_aggregate_refuses_an_unfinished_study_unless_partial(grid_study, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(grid_study, copy)
    store = Store(copy)
    manifest = store.read_manifest()
    manifest.update(units_done=5, complete=False)
    store.write_manifest(manifest)
    with pytest.raises(ParameterError, match=r"is incomplete \(5 of 12 units done\): resume"):
        aggregate(copy)
    part = aggregate(copy, ["projects"], partial=True)
    assert list(part.index.get_level_values("point")) == [0, 1]
    assert list(part["n"] + part["n_inf"] + part["n_nan"]) == [40, 30]   # chunks of 15, 15, 10
    with pytest.raises(ParameterError, match=r"unknown statistic\(s\) \['projcts'\]"):
        aggregate(grid_study, ["projcts"])


def test_sobol_indices_find_the_dummy_parameter(sobol_study):
    table = sensitivity(sobol_study, ["innovation_rate", "projects"])
    assert list(table.columns) == ["S1", "S1_conf", "ST", "ST_conf"]
    for output in ("innovation_rate", "projects"):
        # common random numbers: changing the dummy alone changes no output at all
        assert table.loc[(output, "policy_margin"), "ST"] == pytest.approx(0.0, abs=1e-12)
        assert table.loc[(output, "novelty_decay"), "ST"] > 0.5


def test_sensitivity_intervals_are_reproducible_for_every_seed(sobol_study):
    # SALib treats seed=0 as "unseeded": the default seed must still be reproducible.
    first = sensitivity(sobol_study, ["innovation_rate"])
    pd.testing.assert_frame_equal(sensitivity(sobol_study, ["innovation_rate"]), first)
    other = sensitivity(sobol_study, ["innovation_rate"], seed=1)
    pd.testing.assert_frame_equal(other[["S1", "ST"]], first[["S1", "ST"]])
    assert not other["S1_conf"].equals(first["S1_conf"])
    with pytest.raises(ParameterError, match=r"num_resamples = 1 is out of range"):
        sensitivity(sobol_study, ["innovation_rate"], num_resamples=1)
    with pytest.raises(ParameterError, match=r"conf_level = 95 is out of range"):
        sensitivity(sobol_study, ["innovation_rate"], conf_level=95)
    with pytest.raises(ParameterError, match=r"seed = -1 is out of range"):
        sensitivity(sobol_study, ["innovation_rate"], seed=-1)


def test_sensitivity_needs_a_sobol_design(grid_study):
    with pytest.raises(ParameterError, match="Sobol' indices need a study made with a Sobol "
                                             "design .* is a grid design"):
        sensitivity(grid_study, ["projects"])


def test_sensitivity_command_prints_the_indices(sobol_study, capsys):
    assert main(["sensitivity", str(sobol_study), "--outputs", "projects,innovation_rate"]) == 0
    out = capsys.readouterr().out
    assert "N = 8" in out and "32 points" in out
    assert re.search(r"policy_margin\s+-?0\.000\s+\d\.\d{3}\s+-?0\.000", out), out
    assert main(["sensitivity", str(sobol_study), "--outputs", "lifetime_medain"]) == 2
    assert "unknown statistic(s) ['lifetime_medain']" in capsys.readouterr().err


def test_sweep_command_prints_the_aggregate_table(tmp_path, capsys):
    out = tmp_path / "study"
    argv = ["sweep", "--param", "novelty_decay=0.1,0.3", "--replicates", "12", "--seed", "1",
            "--set", "n_jurisdictions=10", "--set", "n_rounds=30", "--out", str(out),
            "--aggregate", "--statistics", "projects,innovation_rate"]
    assert main(argv) == 0
    text = capsys.readouterr()
    assert text.err == ""                     # stderr is not a terminal: no progress bar
    assert "grid design of 2 points over novelty_decay; 12 replicates each" in text.out
    assert "2 of 2 units (24 replicates, chunks of 12)" in text.out
    table = aggregate(out, ["projects"])
    lines = text.out.splitlines()
    at = lines.index("projects")
    assert lines[at + 1].split()[:3] == ["point", "novelty_decay", "mean"]
    row = lines[at + 2].split()
    assert row[:2] == ["0", "0.1"]
    assert float(row[2]) == pytest.approx(table.loc[(0, "projects"), "mean"], rel=1e-3)


RATE_AND_ETA = r"sweep: +100%\|.*\| 20/20 \[\d\d:\d\d<\d\d:\d\d, +[\d.]+(rep/s|s/rep)\]"


def test_progress_bar_shows_rate_and_eta_and_is_silent_when_asked(tmp_path, capsys):
    design = Design.grid({"crowding": [0.2, 0.4]}, replicates=10, seed=1, base=SMALL)
    sweep(design, tmp_path / "a", chunk_size=5, progress=True)
    err = capsys.readouterr().err
    assert re.search(RATE_AND_ETA, err), err
    sweep(design, tmp_path / "b", chunk_size=5, progress=False)
    assert capsys.readouterr().err == ""
    pd.testing.assert_frame_equal(load(tmp_path / "a"), load(tmp_path / "b"))


@pytest.mark.parametrize("quiet", [False, True])
def test_the_command_shows_a_bar_on_a_terminal_unless_quiet(tmp_path, capsys, monkeypatch,
                                                            quiet):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    argv = ["sweep", "--param", "crowding=0.2,0.4", "--replicates", "10", "--seed", "1",
            "--set", "n_jurisdictions=10", "--set", "n_rounds=30", "--chunk-size", "5",
            "--out", str(tmp_path / "s"), *(["--quiet"] if quiet else [])]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert err == "" if quiet else re.search(RATE_AND_ETA, err), err


def test_the_bar_goes_to_a_real_terminal_and_not_to_a_pipe(tmp_path):
    """The command in a subprocess whose stderr is a pseudo-terminal, then a pipe."""
    import os
    import pty
    import subprocess

    argv = [sys.executable, "-m", "tournament.cli", "sweep", "--param", "crowding=0.2,0.4",
            "--replicates", "10", "--seed", "1", "--set", "n_jurisdictions=10", "--set",
            "n_rounds=30", "--chunk-size", "5"]
    master, slave = pty.openpty()
    try:
        proc = subprocess.run([*argv, "--out", str(tmp_path / "tty")], stdout=subprocess.PIPE,
                              stderr=slave, timeout=120, check=True)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:          # EIO: the terminal's other side is closed and drained
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    assert re.search(RATE_AND_ETA, seen.decode()), seen
    assert b"rep/s" not in proc.stdout
    piped = subprocess.run([*argv, "--out", str(tmp_path / "pipe")], capture_output=True,
                           timeout=120, check=True)
    assert piped.stderr == b"" and b"4 of 4 units" in piped.stdout
