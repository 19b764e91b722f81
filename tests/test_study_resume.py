"""Kill a sweep midway, resume it, and get exactly the uninterrupted dataset."""

import json
import re
import signal
import subprocess
import sys
import time

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tournament import Config, ParameterError
from tournament.cli import main
from tournament.study import Design, load, sweep
from tournament.study.store import Store

SETS = ["--set", "n_jurisdictions=10", "--set", "n_rounds=30", "--set", "burn_in=5"]
PARAMS = ["--param", "novelty_decay=0.1:0.3:3", "--param", "rotation_hazard=0.1,0.2"]
ARGS = [*PARAMS, "--replicates", "200", "--seed", "9", *SETS, "--chunk-size", "10"]


def _design(**changes):
    kw = {"replicates": 200, "seed": 9, "base": Config(n_jurisdictions=10, n_rounds=30,
                                                          burn_in=5)} | changes
    return Design.from_specs("grid", ["novelty_decay=0.1:0.3:3", "rotation_hazard=0.1,0.2"],
                             **kw)


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    path = tmp_path_factory.mktemp("whole") / "study"
    sweep(_design(), path, chunk_size=10, progress=False)
    return path


@pytest.fixture(scope="module")
def uninterrupted(whole):
    return load(whole)


def _part_bytes(path):
    return {p.relative_to(path).as_posix(): p.read_bytes()
            for p in sorted(path.glob("point=*/part-*.parquet"))}


def _units_done(path):
    try:
        return json.loads((path / "_manifest.json").read_text())["units_done"]
    except FileNotFoundError:
        return 0


def _check_nothing_looks_complete_that_is_not(path):
    """Every visible .parquet file reads; every unit the manifest records has its file."""
    store = Store(path)
    for part in path.rglob("*.parquet"):
        if not part.name.startswith((".", "_")):
            assert pq.read_table(part).num_rows > 0
    recorded = [p for _, p in store.completed_parts()]
    assert recorded and all(p.is_file() for p in recorded)
    return store.read_manifest()


def test_killed_sweep_resumes_to_the_uninterrupted_dataset(tmp_path, whole, uninterrupted):
    out = tmp_path / "study"
    proc = subprocess.Popen([sys.executable, "-m", "tournament.cli", "sweep", *ARGS,
                             "--out", str(out), "--quiet"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while _units_done(out) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    manifest = _check_nothing_looks_complete_that_is_not(out)
    assert 5 <= manifest["units_done"] < manifest["units_total"] == 120
    assert not manifest["complete"]
    with pytest.raises(ParameterError, match=r"incomplete \(\d+ of 120 units done\)"):
        load(out)

    assert main(["sweep", "--resume", "--out", str(out), "--quiet"]) == 0
    resumed = load(out)
    pd.testing.assert_frame_equal(resumed, uninterrupted)
    assert _part_bytes(out) == _part_bytes(whole)          # file for file, byte for byte
    assert Store(out).read_manifest()["complete"]
    assert not list(out.rglob("*.partial"))


def test_resume_replaces_unrecorded_parts_and_temporary_files(tmp_path, uninterrupted):
    out = tmp_path / "study"
    sweep(_design(), out, chunk_size=10, progress=False)
    store = Store(out)
    manifest = store.read_manifest()
    # As if killed after three more renames but before their manifest updates, and while
    # writing a fourth file under its temporary name.
    manifest.update(units_done=57, complete=False)
    store.write_manifest(manifest)
    torn = out / "point=00002" / ".part-00017.parquet.abcd.partial"
    torn.write_bytes(b"PAR1 half a file")
    stray = out / "point=00002" / "part-00017.parquet"
    stray.write_bytes(b"not parquet")
    res = sweep(_design(), out, chunk_size=10, resume=True, progress=False)
    assert res.units_run == 120 - 57
    assert not torn.exists()
    pd.testing.assert_frame_equal(load(out), uninterrupted)


def _argv(out, replicates="20", seed="9", chunk="10", sets=SETS, params=PARAMS):
    return ["sweep", *params, *sets, "--replicates", replicates, "--seed", seed,
            "--chunk-size", chunk, "--out", str(out), "--resume", "--quiet"]


@pytest.mark.parametrize(("changes", "match"), [
    ({"seed": "10"}, r"differs in seed \(9 there, 10 here\)"),
    ({"sets": [*SETS, "--set", "n_rounds=40"]},
     r"differs in config \(n_rounds: 30 there, 40 here\)"),
    ({"replicates": "30"}, r"differs in replicates \(20 there, 30 here\)"),
    ({"params": [*PARAMS, "--param", "crowding=0.1,0.2"]}, r"differs in factors"),
    ({"chunk": "20"}, r"with chunk size 20: it was started with 10"),
])
def test_resume_refuses_a_different_study(tmp_path, capsys, changes, match):
    out = tmp_path / "study"
    assert main(_argv(out)) == 0
    before = sorted((p.name, p.stat().st_mtime_ns) for p in out.rglob("*"))
    capsys.readouterr()
    assert main(_argv(out, **changes)) == 2
    err = capsys.readouterr().err
    assert re.search("tournament sweep: error: cannot resume .*" + match, err), err
    assert sorted((p.name, p.stat().st_mtime_ns) for p in out.rglob("*")) == before


def test_resume_refuses_when_a_recorded_part_is_missing(tmp_path):
    out = tmp_path / "study"
    sweep(_design(replicates=20), out, chunk_size=10, progress=False)
    (out / "point=00001" / "part-00000.parquet").unlink()
    with pytest.raises(ParameterError, match=r"1 part\(s\) the manifest records are missing"):
        sweep(None, out, resume=True, progress=False)


def test_a_new_sweep_refuses_a_folder_that_holds_a_study_or_other_files(tmp_path):
    out = tmp_path / "study"
    sweep(_design(replicates=10), out, progress=False)
    with pytest.raises(ParameterError, match="already holds a study: pass --resume"):
        sweep(_design(replicates=10), out, progress=False)
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(ParameterError, match="exists and is not empty"):
        sweep(_design(replicates=10), other, progress=False)
    with pytest.raises(ParameterError, match="holds no study"):
        sweep(None, tmp_path / "nothing", resume=True, progress=False)


def test_resume_of_a_finished_study_runs_nothing(tmp_path):
    out = tmp_path / "study"
    sweep(_design(replicates=10), out, progress=False)
    res = sweep(_design(replicates=10), out, resume=True, progress=False)
    assert res.units_run == 0 and res.replicates_run == 0
