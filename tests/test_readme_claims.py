"""The README's facts table and its statements about facts 3, 4 and 11 are what the package finds.

README, "What the model reproduces", shows the output of ``tournament facts
--markdown`` (100 replicates, seed 0) and says: fact 4 holds by a thin
margin, fact 3's effect over its placebo is a few points, and fact 11 holds
on its configuration while the prize contrast reverses at the default launch
cost and in regions of five, and cooperation rarely starts without a
coordination body. This test reruns every fact exactly as the command does
(same replicates, seed and configurations; one and a half minutes on two
cores) and compares every row the README shows: the verdicts exactly, the
estimates and interval bounds to the 4 significant digits the table prints.
docs/space.md's table of fact 11 is compared with the same run.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from tournament.experiments.facts import CLAIMED, FACTS, facts_markdown, run_facts

README = Path(__file__).resolve().parents[1] / "README.md"
ROW = re.compile(r"^\| (\d+)\. [^|]+ \| ([^|]+) \| ([^|]+) \| ([^|]+) \| \[([^,]+), ([^\]]+)\] "
                 r"\| [^|]* \| (yes|no|NO|\*\*no\*\*|reported) \|", re.M)


def readme_rows(fact: int) -> dict[str, tuple[float, float, float, str]]:
    rows = {}
    for m in ROW.finditer(README.read_text(encoding="utf-8")):
        if int(m.group(1)) == fact:
            rows[m.group(2).strip()] = (float(m.group(4)), float(m.group(5)),
                                        float(m.group(6)), m.group(7))
    return rows


def same(shown: float, value: float) -> bool:
    """``value`` printed with 4 significant digits, as the table does, gives ``shown``."""
    if math.isinf(shown) or math.isinf(value):
        return shown == value
    return float(f"{value:.4g}") == shown


@pytest.fixture(scope="module")
def report():
    return run_facts(replicates=100, seed=0).table


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_the_readme_table_shows_what_tournament_facts_prints(report, fact):
    shown = readme_rows(fact)
    part = report[report["fact"] == fact]
    assert len(shown) == len(part) >= 1
    for row in part.itertuples():
        est, low, high, holds = shown[row.statistic]
        assert same(est, row.estimate), row.statistic
        if row.required:
            assert same(low, row.ci_low) and same(high, row.ci_high), row.statistic
            assert holds == ("yes" if row.holds else "**no**"), row.statistic


def test_the_readme_shows_the_whole_markdown_of_tournament_facts(report):
    """Both tables, every column (what each check is compared with, the falsifier's
    results, the verdicts), exactly as ``tournament facts --markdown`` prints them."""
    assert facts_markdown(report) in README.read_text(encoding="utf-8")


def test_the_readme_statements_about_facts_3_4_and_11(report):
    rows = report.set_index("statistic")
    leader = rows.loc["ex-leaders following - placebo (ranks 2 .. k+1)"]
    assert leader.holds and 0 < leader.ci_low < 0.01  # holds, by a thin margin
    assert 4 not in CLAIMED  # so the README does not claim it
    restart = rows.loc["restart share - placebo (no project, launch within 10 rounds)"]
    assert restart.holds and restart.estimate < 0.05  # a few points over the placebo
    fact_11 = report[report["fact"] == 11]
    assert fact_11.loc[fact_11["required"], "holds"].all() and 11 in CLAIMED
    assert not fact_11["f_holds"].any()  # and the falsifier breaks every check
    promotion = rows.loc["joint share: promotion_value 1.5 - 6"]
    assert promotion.ci_low > 0  # a larger prize lowers the joint share here ...
    for where in ("at innovation_cost = 1.5 (the default; reported)", "in 20 regions (reported)"):
        reversal = rows.loc[f"joint share: promotion_value 1.5 - 6 {where}"]
        assert reversal.ci_high < 0  # ... and raises it at the default cost, in regions of 5
    costly = rows.loc["joint share at coordination_cost = 0.5 (the default; reported)"]
    assert costly.ci_high < 0.01  # "under 1 % of launches" without a coordination body


SPACE_DOC = README.parent / "docs" / "space.md"
DOC_ROWS = {  # docs/space.md, fact 11's table: its labels and the checks they show
    "joint share, credit_sharing 0 - 1": "joint share of launches: credit_sharing 0 - 1",
    "smallest fall along credit_sharing 0, 0.5, 1 (0.5 -> 1)":
        "joint share: smallest fall along credit_sharing = 0, 0.5, 1",
    "joint share, promotion_value 1.5 - 6": "joint share: promotion_value 1.5 - 6",
    "joint share, regional (weight 2) - individual":
        "joint share: regional (regional_weight 2) - individual evaluation",
    "reported: lifetime of joint - single projects (rounds)":
        "restricted mean lifetime: joint projects (to their last member) - single (rounds, "
        "reported)",
    "reported: joint share with coordination_cost = 0.5":
        "joint share at coordination_cost = 0.5 (the default; reported)",
    "reported: promotion_value 1.5 - 6 at innovation_cost 1.5":
        "joint share: promotion_value 1.5 - 6 at innovation_cost = 1.5 (the default; reported)",
    "reported: promotion_value 1.5 - 6 in 20 regions of 5":
        "joint share: promotion_value 1.5 - 6 in 20 regions (reported)",
}


def rounds_to(shown: str, value: float) -> bool:
    """``value`` rounded to the decimals ``shown`` prints gives ``shown``."""
    decimals = len(shown.split(".")[1]) if "." in shown else 0
    return abs(float(shown) - value) <= 0.5 * 10.0 ** -decimals + 1e-12


def test_the_space_docs_table_of_fact_11_is_what_the_package_finds(report):
    text = SPACE_DOC.read_text(encoding="utf-8")
    section = text[text.index("## Fact 11"):text.index("## Performance")]
    rows = report.set_index("statistic")
    seen = 0
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 7 or cells[0] not in DOC_ROWS:
            continue
        seen += 1
        row = rows.loc[DOC_ROWS[cells[0]]]
        low, high = cells[2].strip("[]").split(", ")
        assert rounds_to(cells[1], row.estimate), cells[0]
        assert rounds_to(low, row.ci_low) and rounds_to(high, row.ci_high), cells[0]
        if row.required:
            assert cells[3] == ("yes" if row.holds else "no"), cells[0]
            assert cells[6] == ("yes" if row.f_holds else "no"), cells[0]
            if cells[5]:  # the falsifier's interval (none where its runs are identical)
                f_low, f_high = cells[5].strip("[]").split(", ")
                assert rounds_to(cells[4], row.f_estimate), cells[0]
                assert rounds_to(f_low, row.f_low) and rounds_to(f_high, row.f_high), cells[0]
            else:
                assert row.f_estimate == 0.0
    assert seen == len(DOC_ROWS)
