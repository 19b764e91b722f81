"""The calibration helpers: fact margins along a path, governance margins, ablation table."""

import math

import numpy as np
import pandas as pd

from tournament import DECLINE_MECHANISMS, Config
from tournament.analysis.calibration import (
    CALIBRATED,
    STARTING,
    ablation_table,
    governance_margins,
    margins,
    markdown,
    scan,
)

SMALL = Config(n_jurisdictions=20, n_rounds=60, burn_in=10, absorption_threshold=15)


def test_calibrated_values_are_the_defaults_and_differ_from_the_start():
    assert CALIBRATED == {name: getattr(Config(), name) for name in STARTING}
    assert all(CALIBRATED[name] != STARTING[name] for name in STARTING)


def test_margins_and_scan():
    row = margins(SMALL, replicates=3, seed=1)
    for key in ("lifetime_median", "elite_tenure", "turnover_death_ratio", "restart_share",
                "leader_to_follower_share", "bandwagon_rise", "lifetime_all_off"):
        assert key in row
    assert row["checks"] == 7 + len(DECLINE_MECHANISMS) + 1
    assert 0 <= row["holds"] <= row["checks"]
    table = scan({"a": SMALL, "b": SMALL.replace(kind_bias=0.5)}, replicates=2, ablation=False)
    assert table["step"].tolist() == ["a", "b"] and (table["checks"] == 7).all()


def test_governance_margins():
    out = governance_margins(SMALL, replicates=2, seed=0)
    assert set(out) == {"crises_low", "crises_high", "crises_turning", "gini_min_rise",
                        "growth_gain"}
    assert out["gini_min_rise"] > 0


def test_ablation_table_shape_and_ratio():
    table = ablation_table(SMALL, replicates=4, seed=2)
    assert table["configuration"].tolist() == [
        "default", *[f"{name} off" for name in DECLINE_MECHANISMS], "all four off"]
    assert table["ratio"].iloc[0] == 1.0
    finite = table[np.isfinite(table["median_high"])]
    assert (finite["median_low"] <= finite["median"]).all()
    assert ((table["pooled_low"] <= table["pooled"]) & (table["pooled"] <= table["pooled_high"])
            ).all()
    assert table.loc[0, "changes"] == "—"


def test_markdown():
    text = markdown(pd.DataFrame({"a": ["x", "y"], "b": [1.23456, math.inf]}))
    assert text.splitlines() == ["| a | b |", "|---|---|", "| x | 1.23 |", "| y | inf |"]
