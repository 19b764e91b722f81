"""Stylized facts, version 2: every fact can hold and can fail (docs/specification.md section 8).

Each fact is checked on both sides, with 100 replicates per configuration
(as the specification asks) and a fixed seed: its checks hold on a
configuration where its mechanism is on, and the fact fails under its
falsifier (:data:`tournament.experiments.facts.FALSIFIERS`). To keep the
suite cheap the runs use a **reduced configuration**, :data:`SMALL` (40
jurisdictions, 80 rounds, burn-in 10) instead of the defaults (100, 200,
20); ``tournament facts`` runs the defaults. Where a fact does not hold on
the reduced defaults, its "mechanism on" configuration is named in the
test's docstring, with the reason.

The paired-inference helpers, the restricted mean survival time and the
event-study profiles the facts use are checked against known answers first.
"""

import math

import numpy as np
import pandas as pd
import pytest

from tournament import Config, ParameterError
from tournament.analysis import bandwagon_did, imitation_wave
from tournament.analysis.bandwagon import designation_profile, imitation_profiles, wave_shape
from tournament.analysis.inference import (
    median_interval,
    paired_difference,
    paired_ratio,
)
from tournament.analysis.survival import km_rmst, km_survival_at, project_rmst
from tournament.analysis.tables import events_frame
from tournament.cli import main
from tournament.experiments import facts as F
from tournament.experiments.facts import (
    FACTS,
    FALSIFIERS,
    TABLE_COLUMNS,
    fact_summary,
    facts_markdown,
    format_facts,
    run_facts,
)

R = 100
SMALL = {"n_jurisdictions": 40, "n_rounds": 80, "burn_in": 10}


# ----------------------------------------------------------------------------- inference
def test_paired_difference_is_the_t_interval_of_the_differences():
    a = np.array([3.0, 5.0, 4.0, 6.0])
    b = np.array([1.0, 2.0, 2.0, 3.0])
    iv = paired_difference(a, b)
    # differences 2, 3, 2, 3: mean 2.5, sd 1/sqrt(3), se 1/sqrt(12); t(0.975, 3) = 3.182446
    assert iv.estimate == 2.5 and iv.n == 4 and iv.method == "paired t"
    half = 3.182446305284263 / math.sqrt(12.0)
    assert iv.low == pytest.approx(2.5 - half, rel=1e-9)
    assert iv.high == pytest.approx(2.5 + half, rel=1e-9)
    assert iv.df == 3


def test_pairing_removes_what_the_pairs_share():
    rng = np.random.default_rng(0)
    shared = rng.normal(0.0, 10.0, 100)            # common random numbers: large, shared
    a, b = shared + 1.0 + rng.normal(0, 0.1, 100), shared + rng.normal(0, 0.1, 100)
    paired = paired_difference(a, b)
    assert paired.low > 0.9 and paired.high < 1.1  # an unpaired interval would cover 0


def test_paired_difference_drops_undefined_pairs_but_keeps_infinite_ones():
    a = np.array([np.inf, np.inf, 4.0, 5.0, np.nan, np.inf])
    b = np.array([2.0, np.inf, 3.0, 3.0, 1.0, 1.0])
    iv = paired_difference(a, b, n_boot=200)
    # pairs: inf, tie (0), 1, 2, [nan dropped], inf -> median of (0, 1, 2, inf, inf) = 2
    assert iv.n == 5 and iv.method == "paired median (bootstrap)"
    assert iv.estimate == 2.0
    assert iv.low <= 2.0 <= iv.high and iv.high == math.inf


def test_paired_ratio_of_means_and_of_medians():
    a, b = np.array([2.0, 4.0, 6.0]), np.array([1.0, 2.0, 3.0])
    iv = paired_ratio(a, b)
    assert iv.estimate == 2.0 and iv.method == "paired ratio (bootstrap)"
    assert iv.low == iv.high == 2.0            # every resampled pair keeps the ratio 2
    with_inf = paired_ratio([np.inf, np.inf, 9.0], [3.0, 3.0, 3.0], n_boot=200)
    assert with_inf.estimate == math.inf       # medians: inf / 3
    tie = paired_ratio([np.inf, np.inf], [np.inf, np.inf], n_boot=50)
    assert tie.estimate == 1.0                 # both beyond the run: a tie
    assert paired_ratio([1.0, 2.0], [0.0, 0.0], n_boot=50).estimate == math.inf
    assert math.isnan(paired_ratio([], []).estimate)


def test_median_interval_known_answer():
    iv = median_interval([1.0, 2.0, 3.0, np.inf, np.inf, np.nan], n_boot=500)
    assert iv.estimate == 3.0 and iv.n == 5 and iv.method == "median (bootstrap)"
    assert iv.low >= 1.0 and iv.high == math.inf
    assert median_interval([4.0] * 5).low == median_interval([4.0] * 5).high == 4.0


@pytest.mark.parametrize(("call", "match"), [
    (lambda: paired_difference([1.0, 2.0], [1.0]), "one length"),
    (lambda: paired_ratio([1.0], [1.0, 2.0]), "one length"),
    (lambda: paired_difference([1.0, 2.0], [1.0, 3.0], level=1.0), "level"),
    (lambda: paired_ratio([1.0], [1.0], n_boot=5), "n_boot"),
    (lambda: median_interval([1.0], seed=-1), "seed"),
])
def test_paired_helpers_validate(call, match):
    with pytest.raises(ParameterError, match=match):
        call()


# ----------------------------------------------------------------------------- RMST
def test_rmst_known_answers():
    assert km_rmst([3, 3, 3], [True] * 3, 10) == 3.0       # E[min(3, 10)]
    assert km_rmst([3, 3], [True, True], 2) == 2.0         # E[min(3, 2)]
    # S(0) = 1, S(1..9) = 1/2 (one death at 1 of 2; the other censored at 3, curve carried)
    assert km_rmst([1, 3], [True, False], 10) == 5.5
    assert km_rmst([0, 2], [True, True], 5) == 1.0         # S(0) = S(1) = 1/2, then 0
    rng = np.random.default_rng(1)
    d, o = rng.integers(0, 20, 300), rng.random(300) < 0.7
    assert km_rmst(d, o, 15) == pytest.approx(sum(km_survival_at(d, o, t) for t in range(15)))
    assert math.isnan(km_rmst([], [], 5))
    with pytest.raises(ParameterError, match="horizon"):
        km_rmst([1], [True], 0)


def test_project_rmst_per_replicate():
    projects = [(0, 0, "innovation", 2, 5, "dropped"),    # lifetime 3
                (1, 1, "innovation", 4, 0, "censored")]   # censored at T - 1 - 4 = 5
    events = pd.concat([events_frame(projects, 10, replicate=0),
                        events_frame(projects[:1], 10, replicate=1)], ignore_index=True)
    rmst = project_rmst(events, 10, 0, horizon=8)
    # replicate 0: S = 1 at t = 0..2, 1/2 at 3..7 -> 3 + 2.5; replicate 1: min(3, 8) = 3
    assert rmst.tolist() == [5.5, 3.0]
    assert project_rmst(events, 10, 0).tolist() == project_rmst(events, 10, 0, 9).tolist()


# ----------------------------------------------------------------------------- bandwagon
def test_designation_profile_averages_to_the_did():
    from test_analysis_v2 import _bandwagon_history

    events, rounds, panel = _bandwagon_history()
    profile = designation_profile(events, rounds, panel, burn_in=0, before=2, after=2)
    assert profile["lag"].tolist() == [-1, 0, 1, 2]
    did = bandwagon_did(events, rounds, panel, burn_in=0, before=2, after=2).iloc[0]
    after, before = profile[profile["lag"] > 0], profile[profile["lag"] <= 0]
    assert after["treated"].mean() - before["treated"].mean() == pytest.approx(did.treated)
    assert after["placebo"].mean() - before["placebo"].mean() == pytest.approx(did.placebo)
    assert profile["used"].iloc[0] == 2


def test_imitation_profiles_and_wave_shape():
    from test_analysis_v2 import _bandwagon_history

    events, rounds, _ = _bandwagon_history()
    per = imitation_profiles(events, rounds, burn_in=0, horizon=3)
    assert per["imitations"].tolist() == [1.5, 0.5, 0.0]
    assert imitation_wave(events, rounds, 0, 3).profile["imitations"].tolist() == [1.5, 0.5, 0.0]
    assert wave_shape(np.array([1.5, 0.5, 0.0])) == (1.0, 1.5, 2.0)
    assert wave_shape(np.array([1.0, 2.0, 1.5, 0.9])) == (2.0, 2.0, 4.0)
    assert wave_shape(np.array([1.0, 0.8, 0.7])) == (1.0, 1.0, math.inf)   # never halves
    assert math.isnan(wave_shape(np.zeros(3))[0])


# ----------------------------------------------------------------------------- both sides
def _facts(report, fact):
    table = report.table[report.table["fact"] == fact]
    return table[table["required"]], fact_summary(report.table).set_index("fact").loc[fact]


def _both_sides(report, fact):
    """Every required check holds with the mechanism on; the fact fails under its falsifier."""
    checks, summary = _facts(report, fact)
    assert len(checks) > 0
    assert checks["holds"].all(), checks[~checks["holds"]].to_string()
    assert not checks["f_holds"].all(), checks.to_string()
    assert summary.holds and summary.falsifier_fails
    assert summary.falsifier == FALSIFIERS[fact].label


@pytest.fixture(scope="module")
def small():
    """Facts 1, 2, 3, 8 and 9 on the reduced defaults, 100 replicates, seed 0."""
    return run_facts(Config(**SMALL), replicates=R, seed=0, facts=(1, 2, 3, 8, 9))


@pytest.mark.parametrize("fact", [1, 2, 3, 8])
def test_fact_holds_on_the_reduced_defaults_and_fails_under_its_falsifier(small, fact):
    """Facts 1 (short lives), 2 (turnover kills), 3 (restart) and 8 (lock-in)."""
    _both_sides(small, fact)


def test_falsifiers_break_the_contrast_they_are_named_for(small):
    table = small.table.set_index("statistic")
    # fact 2: a successor who values the project as its own does not drop it
    mh = table.loc["Mantel-Haenszel hazard ratio of death by choice, patron left / in office"]
    assert mh.ci_low >= 2 and mh.f_high < 2
    # fact 3: at random, a death predicts no more launches than an idle round
    restart = table.loc["restart share - placebo (no project, launch within 10 rounds)"]
    assert restart.ci_low > 0 and not restart.f_holds
    # fact 8: at random, attempts do not respond to S and B
    attempts = table.loc["attempt_rate: (S, B low) / (S, B high)"]
    assert attempts.ci_high < 0.5 and attempts.f_low > 0.5


def test_fact_4_both_sides():
    """Fact 4 (leader becomes follower), mechanism on: ``model_commitment = 0`` and ``k = 2``.

    On the defaults the owner of the model loses face when it ends the model's
    project (``model_commitment = 2``), which keeps ex-leaders from following
    more often than the placebo: the fact is not reproduced there. Without
    the loss of face and with two recognitions a round it holds; without the
    model's memory (the falsifier) leadership lasts about one round.
    """
    cfg = Config(**SMALL, model_commitment=0.0, recognized_per_round=2)
    report = run_facts(cfg, replicates=R, seed=0, facts=(4,))
    _both_sides(report, 4)
    spell = report.table.iloc[0]
    assert spell.ci_low >= 2 and spell.f_high < 2


def test_fact_5_both_sides():
    """Fact 5 (ablation), mechanism on: ``imitation_cost = 0.75``, ``model_promotion = 0``.

    On the defaults cheap imitation (0.3) keeps projects short even with all
    four mechanisms off (most launches are imitations, dropped within about
    two rounds), and the promotion of the model's domain moves the higher
    level's preferences even with ``preferences`` off. With imitation at its
    starting price and no promotion, each mechanism off lengthens lives and
    all four off lengthen the median at least threefold. The falsifier (a base
    with all four already off) is a null ablation: every contrast is exactly 0.
    """
    cfg = Config(**SMALL, imitation_cost=0.75, model_promotion=0.0)
    report = run_facts(cfg, replicates=R, seed=0, facts=(5,))
    _both_sides(report, 5)
    checks = report.table
    assert (checks["f_estimate"].iloc[:4] == 0).all()             # identical runs
    assert checks["f_estimate"].iloc[4] == 1.0                     # a ratio of ties


def test_fact_6_both_sides():
    """Fact 6 (bandwagon, then fade) on the reduced defaults.

    Non-owners crowd into the new model's domain, more than into the
    runner-up's, and the imitation wave peaks and fades; the falsifier
    removes the model's pull (no promotion of its domain, no imitation:
    ``imitation_cost = 100``), and the difference-in-differences fails.
    """
    report = run_facts(Config(**SMALL), replicates=R, seed=0, facts=(6,))
    _both_sides(report, 6)
    did = report.table.iloc[0]
    assert did.ci_low > 0 and not did.f_holds


def test_fact_7_both_sides():
    """Fact 7 (unbalanced governance), mechanism on: ``carrying_capacity = 0.05``.

    With the default carrying capacity (0.5) no turning-point policy, before,
    at or after the thresholds, ever has a crisis, so turning early cannot
    have fewer; with a system that carries little discontent it does. Without
    redistribution (``transfer_share = 0``, the falsifier) alpha acts on nothing.
    """
    report = run_facts(Config(**SMALL, carrying_capacity=0.05), replicates=R, seed=0,
                       facts=(7,))
    _both_sides(report, 7)
    gini = report.table.iloc[0]
    assert gini.f_estimate == 0.0                                  # alpha changes nothing


def test_cycle_is_reported_not_required(small):
    checks, summary = _facts(small, 9)
    assert checks.empty and summary.verdict == "reported"
    row = small.table[small.table["fact"] == 9].iloc[0]
    assert row.threshold == "reported" and 0 <= row.ci_low <= row.estimate <= row.ci_high <= 1
    assert "cycle" in row.note


def test_figures_of_every_fact(small, tmp_path):
    pytest.importorskip("matplotlib")
    from tournament.plots.facts import fact_figure, facts_figures

    paths = facts_figures(small, tmp_path / "figs")
    assert [p.name for p in paths] == [f"fact{f}.png" for f in (1, 2, 3, 8, 9)]
    assert all(p.stat().st_size > 20_000 for p in paths)
    with pytest.raises(ParameterError, match="not in the report"):
        fact_figure(small, 4)


# ----------------------------------------------------------------------------- output, CLI
def test_table_and_text(small):
    table = small.table
    assert list(table.columns) == TABLE_COLUMNS
    assert set(table["fact"]) == {1, 2, 3, 8, 9}
    text = format_facts(table)
    for fact in (1, 2, 3, 8):
        assert f"{fact}. {FACTS[fact]}  (falsifier: {FALSIFIERS[fact].label})" in text
    assert "the falsifier breaks it, as it should" in text
    assert "=> reported, not required" in text
    markdown = facts_markdown(table)
    # three checks and one reported row, then the fact's verdict in the second table
    assert markdown.count("\n| 3. restart |") == 5
    assert "| 3. restart | reproduced | rationality = 0 | fails, as it should |" in markdown


def test_exit_status_follows_the_claimed_facts(monkeypatch, capsys):
    args = ["facts", "--replicates", "5", "--facts", "3", "--set", "n_jurisdictions=20",
            "--set", "n_rounds=50", "--set", "burn_in=5", "--set", "rationality=0"]
    monkeypatch.setattr(F, "CLAIMED", ())
    assert main(args) == 0                     # fact 3 fails at random choice: not claimed
    monkeypatch.setattr(F, "CLAIMED", (3,))
    assert main(args) == 1                     # ... now claimed
    out = capsys.readouterr().out
    assert "NOT reproduced: 3" in out
    assert main([*args, "--markdown"]) == 1
    assert "| fact | on the defaults | falsifier | under the falsifier |" in (
        capsys.readouterr().out)


def test_cli_writes_figures_and_csv(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "facts.csv"
    code = main(["facts", "--replicates", "4", "--facts", "2", "--set", "n_jurisdictions=20",
                 "--set", "n_rounds=50", "--set", "burn_in=5", "--out", str(out),
                 "--figures", str(tmp_path / "figs")])
    assert code in (0, 1)
    assert (tmp_path / "figs" / "fact2.png").stat().st_size > 10_000
    assert list(pd.read_csv(out).columns) == TABLE_COLUMNS
    assert main(["facts", "--facts", "2,x"]) == 2
    assert main(["facts", "--facts", "12"]) == 2


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"replicates": 1}, "replicates"),
    ({"facts": [0]}, "facts"),
    ({"facts": []}, "facts"),
    ({"level": 1.5}, "level"),
    ({"seed": -1}, "seed"),
    ({"config": "defaults"}, "Config"),
    ({"config": Config(concentration_high=0.0), "facts": [7]}, "concentration_high"),
])
def test_run_facts_validates(kwargs, match):
    with pytest.raises((ParameterError, TypeError), match=match):
        run_facts(**{"replicates": 2, **kwargs})
