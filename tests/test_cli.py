import re
import subprocess
import sys
import tomllib

import pandas as pd
import pytest

import tournament
from tournament import Config
from tournament._io import atomic_path
from tournament.cli import main, parse_set

SMALL = ["--set", "n_jurisdictions=20", "--set", "n_rounds=40", "--set", "burn_in=5"]


def test_run_prints_table_and_writes_csv(tmp_path, capsys):
    out = tmp_path / "res.csv"
    assert main(["run", "--replicates", "6", "--seed", "3", *SMALL, "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "lifetime_median" in text and "95% interval" in text
    frame = pd.read_csv(out)
    assert len(frame) == 6 and list(frame.replicate) == list(range(6))


def test_run_writes_parquet_with_extra_tables(tmp_path):
    out = tmp_path / "res.parquet"
    assert main(["run", "--replicates", "3", *SMALL, "--record", "rounds,events",
                 "--out", str(out)]) == 0
    assert len(pd.read_parquet(out)) == 3
    assert len(pd.read_parquet(tmp_path / "res.rounds.parquet")) == 3 * 40
    assert len(pd.read_parquet(tmp_path / "res.events.parquet")) > 0


def test_run_uses_config_file(tmp_path, capsys):
    cfg = tmp_path / "c.toml"
    Config(n_jurisdictions=15, n_rounds=30, burn_in=0, recognized_per_round=2).save(cfg)
    assert main(["run", "--config", str(cfg), "--replicates", "2"]) == 0
    assert "n_jurisdictions=15" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "match"), [
    (["--set", "novelty_decya=0.2"], "did you mean 'novelty_decay'"),
    (["--set", "noise_sigma=-1"], r"noise_sigma = -1.0 is out of range"),
    (["--set", "noise_sigma"], "must look like name=value"),
    (["--replicates", "0"], r"replicates = 0"),
    (["--record", "evnts"], "record entry 'evnts'"),
])
def test_bad_input_exits_2_with_message_and_writes_nothing(tmp_path, capsys, args, match):
    out = tmp_path / "res.csv"
    assert main(["run", *SMALL, *args, "--out", str(out)]) == 2
    assert re.search(match, capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []


def test_bad_output_suffix_is_rejected_before_running(tmp_path, capsys):
    assert main(["run", *SMALL, "--out", str(tmp_path / "res.txt")]) == 2
    assert "must end in .csv or .parquet" in capsys.readouterr().err


def test_failed_write_leaves_no_file(tmp_path):
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []


def test_config_show_prints_the_defaults_as_toml(capsys):
    assert main(["config", "--show"]) == 0
    assert Config.from_dict(tomllib.loads(capsys.readouterr().out)) == Config()


def test_config_describe_lists_every_parameter(capsys):
    assert main(["config", "--describe"]) == 0
    text = capsys.readouterr().out
    assert "novelty_decay" in text and "a finite float in [0, 1]" in text


def test_parse_set_reads_toml_literals():
    assert parse_set(["a=1", "b=0.5", "c=gumbel", "d=[0.25, 0.25, 0.25, 0.25]", "e=inf"]) == {
        "a": 1, "b": 0.5, "c": "gumbel", "d": [0.25] * 4, "e": float("inf")}


def test_demo_explains_results_and_writes_output(tmp_path):
    out = subprocess.run([sys.executable, "-m", "tournament.cli", "demo", "--replicates", "12",
                          "--out", str(tmp_path / "demo")], capture_output=True, text=True,
                         check=True)
    assert "median project lasts" in out.stdout
    assert "Saved:" in out.stdout
    files = sorted(p.name for p in (tmp_path / "demo").iterdir())
    assert files in (["run.parquet", "run.rounds.parquet", "run.run.json"],
                     ["run.csv", "run.rounds.csv", "run.run.json"])
    res = tournament.load(tmp_path / "demo" / "run.run.json")
    assert res.config == Config() and len(res.summary) == 12 and len(res.rounds) == 12 * 200


def test_console_script_is_installed():
    out = subprocess.run(["tournament", "--help"], capture_output=True, text=True, check=True)
    assert "demo" in out.stdout and "run" in out.stdout
