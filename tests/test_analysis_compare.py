"""Leader/follower studies: elite populations side by side, with difference tests."""

import math

import numpy as np
import pandas as pd
import pytest

import tournament
from tournament import Config, ParameterError
from tournament.analysis import (
    COMPARE_COLUMNS,
    PRESETS,
    compare_populations,
    format_comparison,
    population,
)
from tournament.analysis.inference import contrast_interval
from tournament.cli import main

SMALL = Config(n_jurisdictions=20, n_rounds=60, burn_in=10)
SMALL_ARGS = ["--set", "n_jurisdictions=20", "--set", "n_rounds=60", "--set", "burn_in=10"]


@pytest.fixture(scope="module")
def result():
    pops = dict(population(name, SMALL) for name in ("strategic", "imitator-heavy"))
    return compare_populations(pops, replicates=6, seed=3)


def test_presets_change_only_the_elite_mix():
    for name, changes in PRESETS.items():
        label, cfg = population(name, SMALL)
        assert label == name and cfg == SMALL.replace(**changes)
        assert sum(cfg.elite_mix) == pytest.approx(1.0)


def test_table_has_every_statistic_and_population(result):
    table = result.table
    assert table["statistic"].unique().tolist() == list(COMPARE_COLUMNS)
    assert table["population"].unique().tolist() == ["strategic", "imitator-heavy"]
    assert (table["ci_low"] <= table["estimate"]).all()
    assert (table["estimate"] <= table["ci_high"]).all()


def test_estimates_are_the_replicate_means_of_each_population(result):
    res = tournament.simulate(population("imitator-heavy", SMALL)[1], replicates=6, seed=3)
    row = result.table.set_index(["statistic", "population"]).loc[
        ("imitation_rate", "imitator-heavy")]
    assert row.estimate == pytest.approx(res.summary["imitation_rate"].mean())
    assert row.method == "t" and row.n == 6
    pd.testing.assert_frame_equal(result.summaries["imitator-heavy"], res.summary)


def test_difference_tests_are_welch(result):
    tests = result.tests.set_index("statistic")
    assert len(result.tests) == len(COMPARE_COLUMNS)   # one pair
    a = result.summaries["strategic"]["imitation_rate"]
    b = result.summaries["imitator-heavy"]["imitation_rate"]
    iv = contrast_interval([a, b], [1.0, -1.0])
    row = tests.loc["imitation_rate"]
    assert (row["first"], row["second"]) == ("strategic", "imitator-heavy")
    assert row.difference == pytest.approx(iv.estimate)
    assert row.p_value == pytest.approx(iv.p_value)
    assert row.ci_low < row.difference < row.ci_high and row.method == "welch"


def test_three_populations_give_three_pairs():
    pops = dict(population(name, SMALL) for name in PRESETS)
    res = compare_populations(pops, replicates=3, seed=0, columns=("innovation_rate",))
    assert len(res.tests) == 3 and len(res.table) == 3


def test_format_comparison(result):
    text = format_comparison(result)
    assert "strategic" in text and "imitator-heavy" in text
    assert "strategic - imitator-heavy" in text and "Welch" in text
    assert len(text.splitlines()) == 1 + len(COMPARE_COLUMNS) + 1 + 1 + len(COMPARE_COLUMNS) + 1


def test_compare_validates():
    with pytest.raises(ParameterError, match="two or more"):
        compare_populations({"a": SMALL}, replicates=3)
    with pytest.raises(ParameterError, match="not summary statistics"):
        compare_populations({"a": SMALL, "b": SMALL}, replicates=3, columns=("height",))
    with pytest.raises(ParameterError, match="replicates"):
        compare_populations({"a": SMALL, "b": SMALL}, replicates=1)
    with pytest.raises(ParameterError, match="neither a preset"):
        population("everyone")


def test_inf_medians_switch_to_bootstrap():
    forever = SMALL.replace(**{k: v for k, v in tournament.DECLINE_MECHANISMS["turnover"].items()},
                            novelty_decay=0.0, crowding=0.0, preference_volatility=0.0,
                            priority_shift_prob=0.0)
    res = compare_populations({"forever": forever, "default": SMALL}, replicates=4, seed=1,
                              columns=("lifetime_median",))
    values = res.summaries["forever"]["lifetime_median"].to_numpy()
    if np.isinf(values).any():
        row = res.table.set_index("population").loc["forever"]
        assert row.method == "bootstrap"
        assert math.isnan(res.tests["p_value"].iloc[0])


def test_compare_cli_with_presets_and_toml_files(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    toml = tmp_path / "pioneers.toml"
    population("pioneer-heavy", SMALL)[1].save(toml)
    out = tmp_path / "cmp"
    code = main(["compare", "strategic", str(toml), "--replicates", "4", *SMALL_ARGS,
                 "--out", str(out)])
    assert code == 0
    text = capsys.readouterr().out
    assert "strategic - pioneers" in text
    table = pd.read_csv(out / "comparison.csv")
    assert set(table["population"]) == {"strategic", "pioneers"}
    assert len(pd.read_csv(out / "tests.csv")) == len(COMPARE_COLUMNS)
    assert (out / "compare.png").stat().st_size > 10_000


def test_compare_cli_needs_two_populations(capsys):
    assert main(["compare", "strategic", "strategic", "--replicates", "2", *SMALL_ARGS]) == 2
    assert "two or more" in capsys.readouterr().err
