"""Saved runs: provenance, bit-identical round trips, checked paths, permissions, atomic sets."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tournament
from tournament import Config, ParameterError, simulate
from tournament.cli import main
from tournament.engine import storage

SMALL = Config(n_jurisdictions=12, n_rounds=30, burn_in=4)
ARGS = ["--set", "n_jurisdictions=12", "--set", "n_rounds=30", "--set", "burn_in=4"]


def assert_same_result(a, b):
    assert a.config == b.config and a.seed == b.seed and a.engine == b.engine
    np.testing.assert_array_equal(a.replicates, b.replicates)
    for name in ("summary", "rounds", "events", "panel"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None) == (y is None), name
        if x is not None:
            pd.testing.assert_frame_equal(x, y, check_exact=True)


# ----------------------------------------------------------------------------- round trips
@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_save_load_round_trips_every_table_and_the_metadata(tmp_path, suffix):
    cfg = SMALL.replace(rationality=float("inf"), noise="gumbel")
    res = simulate(cfg, replicates=[3, 7, 8], seed=11,
                   record=("rounds", "events", "panel"))
    path = res.save(tmp_path / f"run{suffix}")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([f"run{suffix}", f"run.rounds{suffix}", f"run.events{suffix}",
                            f"run.panel{suffix}", "run.run.json"])
    back = tournament.load(path)
    assert_same_result(res, back)
    assert tournament.SimulationResult.load(tmp_path / "run.run.json").config == cfg
    manifest = json.loads((tmp_path / "run.run.json").read_text())
    assert manifest["seed"] == 11 and manifest["replicates"] == [[3, 4], [7, 9]]
    assert manifest["tournament_version"] == tournament.__version__
    assert manifest["engine"] == "compiled"
    assert manifest["record"] == ["summary", "rounds", "events", "panel"]
    assert Config.from_dict(__import__("tomllib").loads(manifest["config"])) == cfg


def test_inf_and_nan_survive_csv(tmp_path):
    res = simulate(SMALL.replace(**tournament.DECLINE_MECHANISMS["turnover"]), replicates=4,
                   seed=2)
    assert not np.isfinite(res.summary.to_numpy(float)).all()  # the case is exercised
    assert_same_result(res, tournament.load(res.save(tmp_path / "r.csv")))


def test_a_changed_or_missing_file_is_refused(tmp_path):
    res = simulate(SMALL, replicates=2, seed=1, record=("rounds",))
    path = res.save(tmp_path / "r.parquet")
    res.summary.iloc[:1].to_parquet(path)
    with pytest.raises(ParameterError, match="has changed"):
        tournament.load(path)
    res.save(path)
    (tmp_path / "r.rounds.parquet").unlink()
    with pytest.raises(ParameterError, match="missing"):
        tournament.load(path)
    (tmp_path / "r.run.json").unlink()
    with pytest.raises(ParameterError, match="not a complete saved run"):
        tournament.load(path)


def test_saving_over_a_run_removes_its_stale_tables(tmp_path):
    path = tmp_path / "r.parquet"
    simulate(SMALL, replicates=2, record=("rounds", "events")).save(path)
    simulate(SMALL, replicates=2).save(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.parquet", "r.run.json"]
    assert tournament.load(path).rounds is None


# ----------------------------------------------------------------------------- permissions
@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_files_get_the_permissions_of_the_umask(tmp_path, mask):
    old = os.umask(mask)
    try:
        simulate(SMALL, replicates=2, record=("rounds",)).save(tmp_path / "r.csv")
        SMALL.save(tmp_path / "c.toml")
        assert main(["run", "--replicates", "2", *ARGS, "--out", str(tmp_path / "o.parquet"),
                     "--quiet"]) == 0
    finally:
        os.umask(old)
    files = list(tmp_path.iterdir())
    assert len(files) == 6  # r.csv, r.rounds.csv, r.run.json, c.toml, o.parquet, o.run.json
    for path in files:
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask, path.name


# ----------------------------------------------------------------------------- checked paths
@pytest.fixture
def no_simulation(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("the simulation ran before the output path was checked")

    monkeypatch.setattr("tournament.engine.simulate.simulate", fail)


@pytest.mark.parametrize(("out", "match"), [
    ("res.txt", "must end in .csv or .parquet"),
    ("missing/res.parquet", "does not exist"),
    ("afile/res.csv", "is not a folder|does not exist"),
    ("adir", "must end in"),
    ("adir.csv", "is a folder"),
])
def test_a_bad_output_path_fails_fast_before_any_simulation(tmp_path, capsys, no_simulation,
                                                            out, match):
    (tmp_path / "afile").write_text("x")
    (tmp_path / "adir").mkdir()
    (tmp_path / "adir.csv").mkdir()
    before = sorted(tmp_path.iterdir())
    start = time.perf_counter()
    assert main(["run", *ARGS, "--out", str(tmp_path / out)]) == 2
    assert time.perf_counter() - start < 1.0
    err = capsys.readouterr().err
    assert "--out" in err and __import__("re").search(match, err)
    assert sorted(tmp_path.iterdir()) == before


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
def test_an_unwritable_folder_fails_before_any_simulation(capsys, no_simulation):
    assert main(["run", *ARGS, "--out", "/proc/res.parquet"]) == 2
    assert "cannot write in '/proc'" in capsys.readouterr().err


def test_parents_flag_creates_the_folder(tmp_path):
    out = tmp_path / "a" / "b" / "r.csv"
    assert main(["run", "--replicates", "2", *ARGS, "--out", str(out), "--parents",
                 "--quiet"]) == 0
    assert tournament.load(out).summary.shape[0] == 2


def test_record_without_out_is_an_error(capsys, no_simulation):
    assert main(["run", *ARGS, "--record", "rounds"]) == 2
    assert "needs --out" in capsys.readouterr().err


# ----------------------------------------------------------------------------- interrupted writes
_WRITER = textwrap.dedent("""
    import sys, tournament
    from tournament import Config
    cfg = Config(n_jurisdictions=60, n_rounds=60, burn_in=4)
    runs = [tournament.simulate(cfg, replicates=[r, r + 1], seed=s,
                                record=("rounds", "events", "panel"))
            for r, s in ((0, 1), (2, 2))]
    print("ready", flush=True)
    i = 0
    while True:
        runs[i % 2].save(sys.argv[1])
        i += 1
""")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_a_run_killed_while_writing_never_reads_as_complete(tmp_path, sig):
    """Kill a process that saves two different runs over each other at random moments."""
    cfg = Config(n_jurisdictions=60, n_rounds=60, burn_in=4)
    expected = [simulate(cfg, replicates=[r, r + 1], seed=s,
                         record=("rounds", "events", "panel"))
                for r, s in ((0, 1), (2, 2))]
    rng = np.random.default_rng(int(sig))
    outcomes = {"complete": 0, "incomplete": 0}
    for trial in range(8):
        path = tmp_path / f"t{trial}" / "run.csv"
        path.parent.mkdir()
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(float(rng.uniform(0.0, 0.4)))
        proc.send_signal(sig)
        proc.wait(timeout=60)
        try:
            back = tournament.load(path)
        except ParameterError:
            outcomes["incomplete"] += 1
        else:
            outcomes["complete"] += 1
            assert any(back.seed == e.seed for e in expected)
            assert_same_result(back, next(e for e in expected if e.seed == back.seed))
        if sig == signal.SIGINT:  # cleaned up on the way out
            assert not list(path.parent.glob(".*.partial"))
    assert sum(outcomes.values()) == 8


# ----------------------------------------------------------------------------- report
def test_report_uses_the_runs_own_burn_in(tmp_path):
    pytest.importorskip("matplotlib")
    from tournament.analysis.report import load_results, write_report

    cfg = SMALL.replace(burn_in=12)
    path = simulate(cfg, replicates=2, record=("rounds", "events")).save(tmp_path / "r.parquet")
    run = load_results(path)
    assert run.burn_in == 12 and run.config == cfg and run.n_rounds == 30
    page = write_report(tmp_path, tmp_path / "rep")
    assert "burn-in 12" in page.read_text()
    assert load_results(path, burn_in=3).burn_in == 3


def test_report_says_why_a_summary_only_run_has_no_figures(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    path = simulate(SMALL, replicates=2).save(tmp_path / "r.parquet")
    assert main(["report", str(path), "--out", str(tmp_path / "rep")]) == 0
    assert "no figures: the run saved only its summary" in capsys.readouterr().out


# ----------------------------------------------------------------------------- missing extras
def _without(modules: list[str], code: str) -> subprocess.CompletedProcess:
    block = "".join(f"sys.modules[{m!r}] = None\n" for m in modules)
    return subprocess.run([sys.executable, "-c", f"import sys\n{block}{code}"],
                          capture_output=True, text=True, timeout=120)


def test_missing_pyarrow_is_named_before_any_work(tmp_path):
    out = tmp_path / "r.parquet"
    proc = _without(["pyarrow"], textwrap.dedent(f"""
        import time
        import tournament.engine.simulate
        def fail(*a, **k): raise SystemExit("simulated")
        tournament.engine.simulate.simulate = fail
        from tournament.cli import main
        start = time.perf_counter()
        rc = main(["run", "--out", {str(out)!r}])
        assert time.perf_counter() - start < 1.0
        raise SystemExit(rc)
        """))
    assert proc.returncode == 2, proc.stderr
    assert "pip install 'tournament[parquet]'" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_pyarrow_fails_a_sweep_before_its_folder_exists(tmp_path):
    out = tmp_path / "study"
    proc = _without(["pyarrow"], textwrap.dedent(f"""
        from tournament.cli import main
        raise SystemExit(main(["sweep", "--param", "novelty_decay=0.1,0.2", "--replicates",
                               "2", "--out", {str(out)!r}]))
        """))
    assert proc.returncode == 2, proc.stderr
    assert "tournament[parquet]" in proc.stderr or "tournament[study]" in proc.stderr
    assert not out.exists()


@pytest.mark.parametrize(("module", "code", "extra"), [
    ("scipy", "import tournament.equilibrium", "equilibrium"),
    ("matplotlib", "import tournament, tournament.analysis._plot as P\n"
                   "P.pyplot()", "plot"),
    ("matplotlib", "from tournament.cli import main\n"
                   "raise SystemExit(main(['figures', '--out', '/nonexistent/figs']))", "plot"),
])
def test_a_missing_extra_is_named_on_use(module, code, extra):
    proc = _without([module], code)
    assert proc.returncode != 0
    assert f"pip install 'tournament[{extra}]'" in proc.stderr
    assert "MissingDependencyError" in proc.stderr or proc.returncode == 2


def test_the_core_imports_without_any_extra():
    proc = _without(["pyarrow", "scipy", "matplotlib", "tqdm", "dask", "SALib"], textwrap.dedent("""
        import tournament, tournament.cli, tournament.study, tournament.analysis
        import tournament.engine.storage
        res = tournament.simulate(tournament.Config(n_jurisdictions=5, n_rounds=10, burn_in=0),
                                  replicates=2)
        print(len(res.summary))
        """))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "2"


def test_storage_module_is_the_documented_loader():
    assert tournament.load is storage.load
