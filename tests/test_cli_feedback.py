"""What the command line tells its user: version, commands, help, progress, warnings, signals."""

import argparse
import os
import re
import signal
import subprocess
import sys
import time
import warnings

import numpy as np
import pytest

import tournament
from tournament import Config, ParameterError
from tournament.cli import build_parser, main
from tournament.engine.driver import run_chunk


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"tournament {tournament.__version__}"


def test_bare_command_lists_the_commands(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    for command in ("run", "demo", "config", "sweep", "facts", "report", "figures"):
        assert re.search(rf"^\s+{command}\s", out, re.M), command


def _options(parser: argparse.ArgumentParser, path: str = "tournament"):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _options(sub, f"{path} {name}")
        elif not isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            yield path, action


def test_every_option_of_every_command_has_help():
    missing = [f"{path} {'/'.join(a.option_strings) or a.dest}"
               for path, a in _options(build_parser()) if not (a.help or "").strip()]
    assert missing == []


def test_broken_pipe_is_quiet():
    proc = subprocess.run(f"{sys.executable} -m tournament.cli config --describe | head -n 1",
                          shell=True, capture_output=True, text=True, timeout=60)
    assert proc.stdout.startswith("[population]")
    assert "Error" not in proc.stderr and "Traceback" not in proc.stderr


def test_ctrl_c_during_a_run_prints_one_line_and_exits_130(tmp_path):
    out = tmp_path / "r.parquet"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tournament.cli", "run", "--replicates", "100000", "--set",
         "n_jurisdictions=50", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4.0)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert "Traceback" not in stderr
    assert lines[-1] == "tournament run: interrupted; no output was left half-written"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("threads", [1, 2])
def test_progress_moves_with_every_replicate(threads):
    calls = []
    cfg = Config(n_jurisdictions=10, n_rounds=20, burn_in=0)
    run_chunk(cfg, 0, np.arange(7), ("summary",), threads=threads,
              on_replicate=lambda: calls.append(1))
    assert len(calls) == 7


def test_large_recorded_tables_are_announced(monkeypatch, capsys):
    monkeypatch.setattr("tournament.engine.simulate.PANEL_WARN_BYTES", 10_000)
    cfg = Config(n_jurisdictions=10, n_rounds=20, burn_in=0)
    with pytest.warns(tournament.RecordSizeWarning, match="GiB in memory"):
        tournament.simulate(cfg, replicates=2, record=("panel",))
    with warnings.catch_warnings():
        warnings.simplefilter("error", tournament.RecordSizeWarning)
        tournament.simulate(cfg, replicates=2)  # no panel: no warning


def test_cli_prints_the_size_warning_before_running(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr("tournament.engine.simulate.PANEL_WARN_BYTES", 10_000)
    assert main(["run", "--replicates", "2", "--set", "n_jurisdictions=10", "--set",
                 "n_rounds=20", "--set", "burn_in=0", "--record", "panel", "--quiet",
                 "--out", str(tmp_path / "r.csv")]) == 0
    assert "warning: the recorded tables will hold about" in capsys.readouterr().err


def test_a_misspelled_group_gets_a_suggestion(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[elits]\nkind_bias = 0.1\n")
    with pytest.raises(ParameterError, match=r"unknown parameter group \[elits\]; did you "
                                             r"mean \[elites\]"):
        Config.load(path)


def test_compile_notice_on_a_cold_cache(tmp_path):
    code = ("from tournament.cli import main; raise SystemExit(main(['run', '--replicates', "
            "'1', '--set', 'n_jurisdictions=5', '--set', 'n_rounds=5', '--set', 'burn_in=0']))")
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)}
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=300)
    assert cold.returncode == 0, cold.stderr
    assert "compiling the engine (first run only" in cold.stderr
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=300)
    assert warm.returncode == 0 and "compiling" not in warm.stderr
