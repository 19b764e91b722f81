"""The sweep command's input checks, and the study package's namespace and import."""

import json
import subprocess
import sys

import pytest

import tournament.study
from tournament import ParameterError
from tournament.cli import main
from tournament.study import Design, sweep

SMALL = ["--set", "n_jurisdictions=10", "--set", "n_rounds=30"]


@pytest.mark.parametrize(("args", "match"), [
    (["--param", "novelty_decya=0.1,0.2", "--replicates", "5"],
     "unknown parameter 'novelty_decya'; did you mean 'novelty_decay'?"),
    (["--param", "novelty_decay=0.3:0.1:3", "--replicates", "5"],
     "novelty_decay = 0.3:0.1:3 is an empty range: lo must be < hi"),
    (["--param", "novelty_decay=0.5,1.5", "--replicates", "5"],
     "novelty_decay level 1.5 is rejected by the configuration: novelty_decay = 1.5 is out "
     "of range: must be a finite float in [0, 1]"),
    (["--param", "recognized_per_round=5,12", "--replicates", "5"],
     "recognized_per_round level 12 is rejected by the configuration: recognized_per_round "
     "= 12 is out of range: must be <= n_jurisdictions (10)"),
    (["--param", "novelty_decay=0.1,0.2", "--replicates", "0"],
     "replicates = 0 is out of range: must be an integer >= 1"),
    (["--param", "novelty_decay=0.1,0.2"], "a sweep needs --replicates R"),
    (["--replicates", "5"], "a sweep needs at least one --param"),
    (["--param", "novelty_decay=0.1,0.2", "--replicates", "5", "--points", "4"],
     "--points is for random, lhs and sobol designs"),
    (["--design", "sobol", "--points", "10", "--param", "novelty_decay=0:0.5",
      "--replicates", "5"], "points = 10 is invalid for a Sobol design"),
    (["--design", "lhs", "--points", "4", "--param", "noise=normal,gumbel",
      "--replicates", "5"], "noise: a lhs design needs a range lo:hi, not a list of values"),
    (["--param", "novelty_decay=0.1,0.2", "--replicates", "5", "--backend", "local",
      "--scheduler", "tcp://127.0.0.1:1"], "--scheduler is for the dask backend"),
    (["--param", "novelty_decay=0.1,0.2", "--replicates", "5", "--backend", "local",
      "--workers", "0"], "workers = 0 is out of range"),
    (["--param", "novelty_decay=0.1,0.2", "--replicates", "5", "--chunk-size", "0"],
     "chunk_size = 0 is out of range"),
    (["--param", "novelty_decay=0.1,0.2", "--replicates", "5", "--aggregate",
      "--statistics", "lifetime"], "--statistics: unknown statistic(s) ['lifetime']"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_bad_sweeps_exit_2_before_any_work(tmp_path, capsys, args, match):
    out = tmp_path / "study"
    assert main(["sweep", *SMALL, *args, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tournament sweep: error: ") and match in err, err
    assert not out.exists()


def test_bad_python_arguments_fail_before_the_folder_is_made(tmp_path):
    design = Design.grid({"crowding": [0.1]}, replicates=2)
    out = tmp_path / "study"
    with pytest.raises(ParameterError, match=r"backend = 'cloud' is invalid: must be one of"):
        sweep(design, out, backend="cloud")
    with pytest.raises(ParameterError, match="the serial backend takes neither --workers"):
        sweep(design, out, workers=3)
    with pytest.raises(ParameterError, match="a sweep needs a design"):
        sweep(None, out)
    with pytest.raises(TypeError, match="design must be a tournament.study.Design"):
        sweep({"crowding": [0.1]}, out)
    assert not out.exists()


def test_study_namespace_is_pinned():
    assert sorted(tournament.study.__all__) == [
        "Design", "SweepResult", "aggregate", "load", "sensitivity", "sweep"]
    for name in tournament.study.__all__:
        assert getattr(tournament.study, name) is not None


def test_import_is_light_and_a_local_sweep_sets_no_start_method(tmp_path):
    code = f"""
import argparse, json, multiprocessing, sys
import tournament.study, tournament.study._cli
from tournament.study import Design, aggregate, load, sensitivity, sweep
tournament.study._cli.register(argparse.ArgumentParser().add_subparsers())
design = Design.grid({{"crowding": [0.1, 0.2]}}, replicates=4, seed=1,
                     base=tournament.Config(n_jurisdictions=10, n_rounds=30))
heavy = [m for m in ("dask", "distributed", "pyarrow", "SALib", "scipy", "numba", "tqdm",
                    "pandas") if m in sys.modules]
before = multiprocessing.get_start_method(allow_none=True)
res = sweep(design, {str(tmp_path / "study")!r}, backend="local", workers=1, progress=False)
after = multiprocessing.get_start_method(allow_none=True)
print(json.dumps([heavy, before, after, len(load(res.path))]))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    heavy, before, after, rows = json.loads(out.stdout.strip().splitlines()[-1])
    assert heavy == [] and before is None and after is None and rows == 8
