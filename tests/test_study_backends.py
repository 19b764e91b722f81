"""The same design gives the same dataset on every backend, worker count and chunk size."""

import pandas as pd
import pyarrow.parquet as pq
import pytest

import tournament
from tournament import Config, ParameterError
from tournament.cli import main
from tournament.study import Design, load, sweep
from tournament.study.store import Store

SMALL = Config(n_jurisdictions=10, n_rounds=30, burn_in=5)


@pytest.fixture(scope="module")
def design():
    return Design.grid({"novelty_decay": [0.1, 0.3], "rotation_hazard": [0.1, 0.25]},
                       replicates=24, seed=5, base=SMALL)


@pytest.fixture(scope="module")
def reference_path(design, tmp_path_factory):
    path = tmp_path_factory.mktemp("ref") / "study"
    sweep(design, path, backend="serial", chunk_size=24, progress=False)
    return path


@pytest.fixture(scope="module")
def reference(reference_path):
    return load(reference_path)


def _raw(path):
    """Every part file's rows, read with pyarrow alone, in path order."""
    frames = []
    for part in sorted(path.glob("point=*/part-*.parquet")):
        frame = pq.read_table(part).to_pandas()
        frame.insert(0, "point", int(part.parent.name.split("=")[1]))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def test_reference_equals_the_bare_engine_point_by_point(design, reference):
    for p in range(len(design)):
        direct = tournament.simulate(design.config(p), replicates=24,
                                     seed=design.point_seed(p)).summary
        got = reference[reference.point == p].reset_index(drop=True)
        pd.testing.assert_frame_equal(got[direct.columns], direct)
        assert (got["novelty_decay"] == design.point(p)["novelty_decay"]).all()


@pytest.mark.parametrize("chunk", [1, 5, 7])
def test_serial_chunk_sizes_give_identical_datasets(design, reference, tmp_path, chunk):
    res = sweep(design, tmp_path / "s", backend="serial", chunk_size=chunk, progress=False)
    assert res.units_total == 4 * -(-24 // chunk)
    pd.testing.assert_frame_equal(load(tmp_path / "s"), reference)
    raw = _raw(tmp_path / "s")
    pd.testing.assert_frame_equal(raw, reference.drop(columns=["novelty_decay",
                                                               "rotation_hazard", "seed"]))


@pytest.fixture(scope="module")
def cluster():
    """A two-worker Dask LocalCluster of processes (processes=True) on loopback."""
    import warnings

    from dask.distributed import LocalCluster

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster:
            yield cluster.scheduler_address


def _cli(design, out, *extra):
    levels = [f"{name}={','.join(map(str, values))}" for name, values in design.factors.items()]
    return ["sweep", *(a for lv in levels for a in ("--param", lv)), "--replicates",
            str(design.replicates), "--seed", str(design.seed), "--set", "n_jurisdictions=10",
            "--set", "n_rounds=30", "--set", "burn_in=5", "--out", str(out), "--quiet", *extra]


def test_local_processes_from_the_command_line_give_the_identical_dataset(
        design, reference, tmp_path, capsys):
    out = tmp_path / "l"
    assert main(_cli(design, out, "--backend", "local", "--workers", "2",
                     "--chunk-size", "7")) == 0
    assert "on local (2 processes × 1 numba thread each)" in capsys.readouterr().out
    pd.testing.assert_frame_equal(load(out), reference)


def test_dask_cluster_on_loopback_gives_the_identical_dataset(design, reference, tmp_path,
                                                              cluster):
    assert cluster.startswith("tcp://127.0.0.1:")
    res = sweep(design, tmp_path / "d", backend="dask", scheduler=cluster, chunk_size=10,
                progress=False)
    assert cluster in res.backend and "2 worker threads" in res.backend
    pd.testing.assert_frame_equal(load(tmp_path / "d"), reference)


def test_dask_scheduler_from_the_command_line_gives_the_identical_dataset(
        design, reference, tmp_path, cluster, capsys):
    out = tmp_path / "c"
    assert main(_cli(design, out, "--backend", "dask", "--scheduler", cluster,
                     "--chunk-size", "5", "--aggregate", "--statistics", "projects")) == 0
    text = capsys.readouterr()
    assert f"on dask ({cluster}, 2 worker threads)" in text.out and text.err == ""
    assert text.out.splitlines()[-6] == "projects"          # the --aggregate table, 4 points
    pd.testing.assert_frame_equal(load(out), reference)


def test_dask_backend_starts_its_own_local_cluster(design, reference, tmp_path):
    res = sweep(design, tmp_path / "own", backend="dask", workers=1, chunk_size=12,
                progress=False)
    assert res.backend == "dask (a local cluster, 1 worker thread)"
    pd.testing.assert_frame_equal(load(tmp_path / "own"), reference)
    from dask.distributed import default_client

    with pytest.raises(ValueError):  # the sweep left the caller's dask scheduler alone
        default_client()


def test_an_unreachable_scheduler_fails_before_the_folder_is_made(design, tmp_path):
    import dask

    out = tmp_path / "never"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(ParameterError, match=r"cannot reach the Dask scheduler at "
                                                 r"'tcp://127.0.0.1:1'"):
            sweep(design, out, backend="dask", scheduler="tcp://127.0.0.1:1", progress=False)
    with pytest.raises(ParameterError, match=r"scheduler = 'localhost' is not a Dask "
                                             r"scheduler address"):
        sweep(design, out, backend="dask", scheduler="localhost", progress=False)
    assert not out.exists()


def test_units_are_written_in_order_and_recorded_in_the_manifest(design, tmp_path):
    res = sweep(design, tmp_path / "o", chunk_size=10, progress=False)
    store = Store(tmp_path / "o")
    manifest = store.read_manifest()
    assert manifest["complete"] and manifest["units_done"] == res.units_total == 12
    assert manifest["replicates_done"] == design.total_replicates
    parts = [p for _, p in store.completed_parts()]
    assert [p.relative_to(store.path).as_posix() for p in parts[:4]] == [
        "point=00000/part-00000.parquet", "point=00000/part-00001.parquet",
        "point=00000/part-00002.parquet", "point=00001/part-00000.parquet"]
    assert manifest["last_part"] == "point=00003/part-00002.parquet"
    assert sorted(store.path.glob("point=*/*")) == sorted(parts)
    mtimes = [p.stat().st_mtime_ns for p in parts]
    assert mtimes == sorted(mtimes)
    plain = pd.read_parquet(store.path)        # pandas alone reads the dataset
    assert len(plain) == design.total_replicates
    assert sorted(plain["point"].astype(int).unique()) == [0, 1, 2, 3]
    points = pd.read_csv(store.path / "_design.csv")
    assert list(points.columns) == ["point", "seed", "novelty_decay", "rotation_hazard"]
    assert list(points["seed"]) == [design.point_seed(p) for p in range(4)]
    merged = plain.astype({"point": int}).merge(points, on="point")
    assert len(merged) == design.total_replicates and merged.seed.nunique() == 4


@pytest.mark.filterwarnings("ignore:The inplace keyword")     # inside dask, with pandas 3
def test_parquet_readers_see_the_results_alone(design, reference_path):
    # dask.dataframe, unlike pyarrow, reads every *.parquet file under the folder, "_" or not:
    # the study keeps no other Parquet file there.
    import dask.dataframe as dd
    import pyarrow.dataset as ds

    path = reference_path
    assert ds.dataset(path, partitioning="hive").count_rows() == design.total_replicates
    # the synchronous scheduler: an earlier test's distributed Client may still be the default
    frame = dd.read_parquet(path).compute(scheduler="synchronous")
    assert len(frame) == design.total_replicates
    assert sorted(frame["point"].astype(int).unique()) == [0, 1, 2, 3]


def test_seeding_independent_versus_common_random_numbers(tmp_path):
    # policy_margin only matters under the turning-point policy: with the fixed policy the two
    # points are the same model, so common random numbers give identical rows.
    levels = {"policy_margin": [0.0, 0.1]}
    common = Design.grid(levels, replicates=6, seed=2, base=SMALL, seeding="common")
    indep = Design.grid(levels, replicates=6, seed=2, base=SMALL)
    sweep(common, tmp_path / "c", progress=False)
    sweep(indep, tmp_path / "i", progress=False)
    stats = ["projects", "innovation_rate", "leader_spell_mean"]
    c, i = load(tmp_path / "c"), load(tmp_path / "i")
    assert (c[c.point == 0][stats].to_numpy() == c[c.point == 1][stats].to_numpy()).all()
    assert not (i[i.point == 0][stats].to_numpy() == i[i.point == 1][stats].to_numpy()).all()
