"""The calibration helpers: fact margins along a path, governance margins, ablation table."""

import dataclasses
import math
import re
from pathlib import Path

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


SPEC = Path(__file__).resolve().parents[1] / "docs" / "specification.md"


def test_calibrated_values_are_the_defaults_and_differ_from_the_start():
    # the nine changes of docs/specification.md section 11 (versions 1 and 2), written out
    assert STARTING == {"kind_bias": 0.5, "honor_pressure": 0.05, "absorption_threshold": 0,
                        "concentration_high": 3.0, "carrying_capacity": 1.0,
                        "model_memory": 0.7, "model_promotion": 0.5, "model_commitment": 0.0,
                        "rotation_hazard": 0.2}
    assert CALIBRATED == {"kind_bias": 0.3, "honor_pressure": 0.2, "absorption_threshold": 60,
                          "concentration_high": 8.0, "carrying_capacity": 0.05,
                          "model_memory": 0.95, "model_promotion": 1.5, "model_commitment": 2.0,
                          "rotation_hazard": 0.15}
    cfg = Config()
    assert {name: getattr(cfg, name) for name in STARTING} == CALIBRATED
    # every other default is its starting value: the start differs in exactly these five
    start = cfg.replace(**STARTING)
    changed = {f.name for f in dataclasses.fields(Config)
               if getattr(start, f.name) != getattr(cfg, f.name)}
    assert changed == set(STARTING)


def test_specification_table_states_the_calibrated_and_starting_values():
    text = SPEC.read_text(encoding="utf-8")
    found = {m.group(1): (float(m.group(2)), float(m.group(3))) for m in re.finditer(
        r"\| `(\w+)` \| \*\*([0-9.]+)\*\* \(calibrated; starting value ([0-9.]+)", text)}
    assert found == {name: (float(CALIBRATED[name]), float(STARTING[name]))
                     for name in STARTING}


def test_margins_and_scan():
    row = margins(SMALL, replicates=3, seed=1)
    for key in ("lifetime_median", "elite_tenure", "turnover_death_ratio", "restart_share",
                "leader_to_follower_share", "bandwagon_rise", "lifetime_all_off"):
        assert key in row
    assert row["checks"] == 7 + len(DECLINE_MECHANISMS) + 1
    # holds recounts the point estimates on the right side of each threshold
    checks = [row["elite_tenure"] > row["lifetime_median"], row["turnover_death_ratio"] >= 2,
              row["restart_share"] > 0.5, row["restart_new_domain_share"] > 0.5,
              row["leader_to_follower_share"] > 0.5, row["era_minus_spell"] > 0,
              row["bandwagon_rise"] > 0]
    checks += [row[f"lifetime_{name}_off"] > row["lifetime_median"]
               for name in DECLINE_MECHANISMS]
    checks.append(row["lifetime_all_off"] >= 3 * row["lifetime_median"])
    assert row["holds"] == sum(bool(c) for c in checks)
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
