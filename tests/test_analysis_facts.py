"""The eight stylized facts: `tournament facts` holds on the defaults, fails when broken.

The command runs the same statistics as with its default 100 replicates, with
30 here: each check holds only when its whole 95 % interval (from the
replicates' standard error, or a bootstrap) clears the threshold, so fewer
replicates only widen the tolerance.
"""

import math

import numpy as np
import pandas as pd
import pytest

from tournament import DECLINE_MECHANISMS, Config, ParameterError
from tournament.analysis import check_facts, facts_markdown, format_facts
from tournament.analysis.facts import ALL_OFF, FACTS, _row, alpha_grid
from tournament.analysis.inference import Interval
from tournament.cli import main

REPLICATES = 30


@pytest.fixture(scope="module")
def default_facts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("facts")
    out = folder / "facts.csv"
    args = ["facts", "--replicates", str(REPLICATES), "--out", str(out)]
    try:
        import matplotlib  # noqa: F401

        args += ["--plot", str(folder / "facts.png")]
    except ImportError:  # pragma: no cover
        pass
    code = main(args)
    return code, pd.read_csv(out), folder


def test_facts_exit_zero_on_the_defaults(default_facts):
    code, table, folder = default_facts
    assert code == 0
    assert table["holds"].all(), table[~table["holds"]].to_string()
    assert sorted(set(table["fact"])) == list(FACTS)
    assert len(table) == 22
    plot = folder / "facts.png"
    if plot.exists():
        assert plot.stat().st_size > 20_000


def test_each_fact_holds_with_its_interval_clear_of_the_threshold(default_facts):
    _, table, _ = default_facts
    for row in table.itertuples():
        op, value = row.threshold.split()
        bound = row.ci_low if op.startswith(">") else row.ci_high
        assert (bound > float(value)) if op.startswith(">") else (bound < float(value))
    by = table.set_index("statistic")
    assert by.loc["turnover_death_ratio", "ci_low"] >= 2
    assert by.loc["restart_share", "ci_low"] > 0.5
    assert by.loc["restart_new_domain_share", "ci_low"] > 0.5
    assert by.loc["leader_to_follower_share", "ci_low"] > 0.5


def _all_off_args():
    args = []
    for name, value in ALL_OFF.items():
        args += ["--set", f"{name}={value}"]
    return args


def test_facts_exit_nonzero_with_all_decline_mechanisms_off(capsys):
    # elites never leave and projects never die in most replicates: no short lives
    code = main(["facts", "--replicates", "10", "--facts", "1,2", *_all_off_args()])
    assert code == 1
    text = capsys.readouterr().out
    assert "NO" in text and "no elite leaves office" in text


def test_facts_markdown_output(capsys):
    code = main(["facts", "--replicates", "4", "--facts", "3", "--markdown",
                 "--set", "n_jurisdictions=20", "--set", "n_rounds=60", "--set", "burn_in=10"])
    text = capsys.readouterr().out
    assert "| fact | statistic | threshold | estimate | 95% interval | holds |" in text
    assert "| 3. restart | restart_share | > 0.5 |" in text
    rows = [line for line in text.splitlines() if line.startswith("| 3. ")]
    assert len(rows) == 2  # restart_share and restart_new_domain_share
    held = [row.rstrip(" |").rsplit("| ", 1)[1] for row in rows]
    assert set(held) <= {"yes", "**no**"}
    assert code == (0 if held == ["yes", "yes"] else 1)


def test_check_facts_validates(capsys):
    with pytest.raises(ParameterError, match="replicates"):
        check_facts(replicates=1)
    with pytest.raises(ParameterError, match="facts"):
        check_facts(replicates=2, facts=[9])
    with pytest.raises(ParameterError, match="concentration_high"):
        check_facts(Config(concentration_high=0.0), replicates=2, facts=[7])
    assert main(["facts", "--facts", "one"]) == 2


def test_alpha_grid_and_mechanism_table():
    assert alpha_grid(Config()) == (0.0, 1.0, 2.0, 4.0, 8.0)
    assert alpha_grid(Config(concentration_low=1.0, concentration_high=3.0)) == (
        1.0, 1.25, 1.5, 2.0, 3.0)
    assert ALL_OFF == {k: v for changes in DECLINE_MECHANISMS.values()
                       for k, v in changes.items()}


@pytest.mark.parametrize(("op", "low", "high", "holds"), [
    (">", 0.1, 0.5, True), (">", 0.0, 0.5, False), (">=", 2.0, 3.0, True),
    (">=", 1.9, 3.0, False), ("<", -1.0, -0.1, True), ("<", -1.0, 0.0, False),
])
def test_a_check_holds_only_when_the_interval_clears_the_threshold(op, low, high, holds):
    threshold = 2.0 if op == ">=" else 0.0
    row = _row(2, "x", op, threshold, Interval((low + high) / 2, low, high, 0.1, 10, "t"))
    assert row["holds"] is holds
    undefined = _row(2, "x", op, threshold, Interval(math.nan, math.nan, math.nan, math.nan,
                                                     0, "t"))
    assert undefined["holds"] is False


def test_format_facts_aligns_and_counts():
    table = pd.DataFrame([
        _row(4, "leader_to_follower_share", ">", 0.5, Interval(0.63, 0.61, 0.65, 0.01, 30, "t")),
        _row(5, "ratio", ">=", 3.0, Interval(np.inf, 6.0, np.inf, np.nan, 60, "bootstrap")),
    ])
    text = format_facts(table)
    lines = text.splitlines()
    assert lines[3] == "2 of 2 checks hold."
    # columns are right-aligned: the thresholds end in the same column
    assert lines[1].index("> 0.5") + len("> 0.5") == lines[2].index(">= 3") + len(">= 3")
    assert lines[0].index("threshold") + len("threshold") == lines[1].index("> 0.5") + 5
    assert "inf" in facts_markdown(table)
