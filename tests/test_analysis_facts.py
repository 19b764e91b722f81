"""The facts module's plumbing: how a check is decided, validation, aliases, text layout.

The version-2 facts themselves, on both sides of every falsifier, are tested
in tests/test_facts_v2.py (100 replicates per configuration, as the
specification asks); the checks here run nothing heavier than a few
replicates of a small configuration.
"""

import math

import numpy as np
import pandas as pd
import pytest

from tournament import DECLINE_MECHANISMS, Config, ParameterError
from tournament.analysis import check_facts, facts_markdown, format_facts
from tournament.analysis.facts import (
    ALL_OFF,
    CLAIMED,
    FACTS,
    FALSIFIERS,
    REQUIRED,
    TABLE_COLUMNS,
    alpha_grid,
    fact_summary,
    turning_margins,
)
from tournament.analysis.inference import Interval
from tournament.experiments._checks import holds as _holds


def _iv(low: float, high: float) -> Interval:
    return Interval((low + high) / 2, low, high, 0.1, 10, "t")


@pytest.mark.parametrize(("op", "low", "high", "holds"), [
    (">", 0.1, 0.5, True), (">", 0.0, 0.5, False), (">=", 2.0, 3.0, True),
    (">=", 1.9, 3.0, False), ("<", -1.0, -0.1, True), ("<", -1.0, 0.0, False),
    ("<=", 1.0, 5.0, True), ("<=", 1.0, 5.5, False),
])
def test_a_check_holds_only_when_the_interval_clears_the_threshold(op, low, high, holds):
    threshold = {">": 0.0, ">=": 2.0, "<": 0.0, "<=": 5.0}[op]
    assert _holds(op, threshold, _iv(low, high)) is holds
    nan = Interval(math.nan, math.nan, math.nan, math.nan, 0, "t")
    assert _holds(op, threshold, nan) is False
    assert _holds("", threshold, _iv(low, high)) is False       # reported rows never "hold"


def test_every_required_fact_has_a_documented_falsifier():
    from tournament.experiments.space_facts import SPACE_FALSIFIERS

    assert set(FALSIFIERS) | set(SPACE_FALSIFIERS) == set(REQUIRED) == set(FACTS) - {9}
    assert set(CLAIMED) <= set(REQUIRED)
    for falsifier in [*FALSIFIERS.values(), *SPACE_FALSIFIERS.values()]:
        Config(**falsifier.changes)                # valid parameter values
        assert falsifier.label and falsifier.mechanism
    assert FALSIFIERS[2].changes == {"ownership_discount": 1.0}
    assert FALSIFIERS[6].changes == {"model_promotion": 0.0, "imitation_cost": 100.0}
    assert FALSIFIERS[5].changes == ALL_OFF
    assert ALL_OFF == {k: v for changes in DECLINE_MECHANISMS.values()
                       for k, v in changes.items()}


def test_alpha_grid_and_turning_margins():
    assert alpha_grid(Config()) == (0.0, 1.0, 2.0, 4.0, 8.0)
    assert alpha_grid(Config(concentration_low=1.0, concentration_high=3.0)) == (
        1.0, 1.25, 1.5, 2.0, 3.0)
    assert turning_margins(Config(policy_margin=0.1)) == (0.1, 0.0, -0.1)
    assert turning_margins(Config(policy_margin=-0.1)) == (0.1, 0.0, -0.1)
    assert turning_margins(Config(policy_margin=0.0)) == (0.05, 0.0, -0.05)


def _table(rows: list[tuple]) -> pd.DataFrame:
    out = []
    for fact, holds, f_holds, required in rows:
        out.append({"fact": fact, "claim": FACTS[fact], "statistic": f"s{len(out)}",
                    "threshold": "> 0" if required else "reported", "estimate": 1.0,
                    "ci_low": 0.5, "ci_high": np.inf, "n": 10, "method": "t", "holds": holds,
                    "required": required, "compared": "", "falsifier":
                    FALSIFIERS[fact].label if fact in FALSIFIERS else "",
                    "f_estimate": 0.0, "f_low": -1.0, "f_high": 1.0, "f_n": 10,
                    "f_holds": f_holds, "f_compared": "", "note": ""})
    return pd.DataFrame(out, columns=TABLE_COLUMNS)


def test_fact_summary_verdicts():
    table = _table([(1, True, False, True), (1, True, True, True),   # holds; falsifier breaks
                    (2, True, True, True),                           # holds; falsifier does not
                    (4, False, False, True), (4, True, False, True),  # not reproduced
                    (9, False, False, False)])                       # reported
    summary = fact_summary(table).set_index("fact")
    assert summary.loc[1, ["holds", "falsifier_fails", "verdict"]].tolist() == [
        True, True, "reproduced"]
    assert summary.loc[2, ["holds", "falsifier_fails"]].tolist() == [True, False]
    assert summary.loc[4, "verdict"] == "not reproduced"
    assert summary.loc[9, "verdict"] == "reported"
    text = format_facts(table)
    assert "the falsifier does NOT break it" in text and "=> not reproduced" in text
    assert "2 of 3 facts reproduced: 1, 2." in text
    markdown = facts_markdown(table)
    assert "| 2. turnover kills | reproduced | ownership_discount = 1 | **still holds** |" in (
        markdown)
    assert "| [0.5, inf] |" in markdown


def test_check_facts_is_the_table_of_run_facts():
    table = check_facts(Config(n_jurisdictions=20, n_rounds=40, burn_in=5), replicates=3,
                        facts=[2])
    assert list(table.columns) == TABLE_COLUMNS and len(table) == 1
    assert table["falsifier"].iloc[0] == "ownership_discount = 1"


def test_check_facts_validates():
    with pytest.raises(ParameterError, match="replicates"):
        check_facts(replicates=1)
    with pytest.raises(ParameterError, match="facts"):
        check_facts(replicates=2, facts=[12])
    with pytest.raises(ParameterError, match="concentration_high"):
        check_facts(Config(concentration_high=0.0), replicates=2, facts=[7])
