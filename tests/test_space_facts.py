"""Facts 10 and 11 of the spatial layer: both sides of every check.

The facts are run on a reduced base (30 replicates with T = 80 instead of
100 with T = 120; N = 60 for fact 10, N = 100 for fact 11, whose regions
must keep ten members) to keep the suite fast; each check that holds in
docs/space.md holds here with its whole interval on the required side, and
fails under its falsifier. Fact 10 runs with cheap learning
(``imitation_cost = 0.3``, where the odds ratio per neighbour is about 1.5
rather than 1.06) to resolve its effect at this size, and the
regional-evaluation check of fact 11 is also run on its own at 100
replicates of the documented configuration. Fixed seeds throughout.
"""

import pytest

import tournament
from tournament import Config, ParameterError
from tournament.analysis.inference import paired_difference
from tournament.analysis.space import joint_share
from tournament.experiments.facts import TABLE_COLUMNS
from tournament.experiments.space_facts import (
    COOPERATION,
    REGIONAL_WEIGHT,
    SPACE_BASE,
    SPACE_FACTS,
    SPACE_FALSIFIERS,
    check_space_facts,
    joint_share_grid,
    prize_contrast_grid,
    run_space_facts,
)

pytest.importorskip("statsmodels")

SMALL = Config(n_jurisdictions=60, n_rounds=80, burn_in=10)
CHEAP_LEARNING = SMALL.replace(imitation_cost=0.3)


@pytest.fixture(scope="module")
def report():
    return run_space_facts(SMALL.replace(n_jurisdictions=100), replicates=30, seed=0,
                           facts=(11,))


@pytest.fixture(scope="module")
def report_10():
    return run_space_facts(CHEAP_LEARNING, replicates=30, seed=0, facts=(10,))


def rows(report, fact):
    return report.table[report.table["fact"] == fact].reset_index(drop=True)


def test_the_table_has_the_format_of_the_other_facts(report, report_10):
    for rep, fact in ((report_10, 10), (report, 11)):
        table = rep.table
        assert list(table.columns) == list(TABLE_COLUMNS)
        assert set(table["fact"]) == {fact}
        assert set(table["claim"]) == {SPACE_FACTS[fact]}
        assert (table["falsifier"] == SPACE_FALSIFIERS[fact].label).all()
        assert (table.loc[table["required"], "n"] == 30).all()


def test_fact_10_holds_on_ring_and_small_world_and_fails_on_the_placebo(report_10):
    report = report_10
    part = rows(report, 10)
    assert len(part) == 3 and part["required"].all()
    # the neighbour coefficient: positive on the graphs, whole interval above 0
    assert part["holds"].all(), part[["statistic", "estimate", "ci_low", "ci_high"]]
    assert (part["ci_low"] > 0.2).all()
    # the placebo (complete topology, the same regressor on the ring / small world graphs):
    # its interval covers 0, so the fact fails there
    assert not part["f_holds"].any()
    placebo = part.iloc[:2]
    assert ((placebo["f_low"] < 0) & (placebo["f_high"] > 0)).all()
    assert (placebo["f_high"] - placebo["f_low"] < 0.15).all()     # and it is a sharp zero
    assert abs(part.loc[2, "f_estimate"]) < 1e-8                  # identical runs
    effects = report.data[10]
    assert effects["on"]["effects"]["ring"].launches > 1000
    assert effects["falsifier"]["effects"]["small_world"].clusters == 30


def test_fact_11_credit_sharing_crowds_out_cooperation(report):
    part = rows(report, 11)
    credit = part.iloc[:2]
    assert all("credit_sharing" in s for s in credit["statistic"])
    assert credit["holds"].all() and not credit["f_holds"].any()
    # under the falsifier (no career value) the credit-sharing contrasts vanish
    assert ((credit["f_low"] < 0) & (credit["f_high"] > 0)).all()
    shares = report.data[11]["on"]["shares"]
    means = [shares[f"credit_sharing={c:g}"].mean() for c in (0, 0.5, 1)]
    assert means[0] > means[1] > means[2] > 0


def test_fact_11_a_larger_prize_lowers_the_joint_share(report):
    pv = rows(report, 11).iloc[2]
    assert "promotion_value" in pv["statistic"] and pv["required"]
    assert pv["holds"] and pv["ci_low"] > 0
    # the falsifier runs promotion_value 0 on both sides: identical runs, no contrast
    assert pv["f_estimate"] == 0.0 and not pv["f_holds"]
    shares = report.data[11]["on"]["shares"]
    assert shares["promotion_value=1.5"].mean() > shares["promotion_value=6"].mean()


def test_fact_11_the_prize_contrast_reverses_where_launches_are_dear_or_regions_small(report):
    """The boundary, pinned: at the default innovation_cost (1.5), and in regions of 5, the
    joint share rises with the prize, the whole interval on the wrong side."""
    part = rows(report, 11)
    for pos, text in ((6, "innovation_cost = 1.5"), (7, "in 20 regions")):
        row = part.iloc[pos]
        assert text in row["statistic"] and "promotion_value" in row["statistic"]
        assert not row["required"]
        assert row["ci_high"] < 0, row


def test_fact_11_regional_evaluation_raises_the_joint_share(report):
    row = rows(report, 11).iloc[3]
    assert "regional" in row["statistic"] and row["required"]
    assert row["holds"] and not row["f_holds"]
    assert row["f_low"] < 0 < row["f_high"]


def test_fact_11_reported_rows(report):
    part = rows(report, 11)
    life, costly = part.iloc[4], part.iloc[5]
    assert not life["required"] and not costly["required"]
    # joint projects outlive single ones (reported, not required)
    assert life["ci_low"] > 0
    # without a coordination body cooperation rarely starts: under a tenth of the joint share
    # with one (credit_sharing 1 is the configuration's own)
    with_body = report.data[11]["on"]["shares"]["credit_sharing=1"].mean()
    assert 0.0 <= costly["ci_high"] < with_body / 10


def test_regional_evaluation_raises_the_joint_share_at_full_size():
    """The documented configuration, 100 replicates: regional - individual > 0; without a
    career value of recognition (the falsifier) the interval covers 0."""
    base = SPACE_BASE.replace(**COOPERATION)

    def share(cfg):
        res = tournament.simulate(cfg, replicates=100, seed=0, record=("rounds",))
        return joint_share(res.rounds, cfg.burn_in).to_numpy()

    regional = dict(evaluation_mode="regional", regional_weight=REGIONAL_WEIGHT)
    on = paired_difference(share(base.replace(**regional)), share(base))
    assert on.low > 0, on
    off_base = base.replace(promotion_value=0.0)
    off = paired_difference(share(off_base.replace(**regional)), share(off_base))
    assert off.low < 0 < off.high, off


def test_joint_share_grid_is_tidy():
    grid = joint_share_grid(Config(n_jurisdictions=30, n_rounds=30, burn_in=5), replicates=3,
                            credit_levels=(0.0, 1.0))
    assert len(grid) == 2 * 2 * 3
    assert set(grid["evaluation_mode"]) == {"individual", "regional"}
    assert grid["joint_share"].between(0, 1).all()
    with pytest.raises(ParameterError, match="credit level"):
        joint_share_grid(replicates=3, credit_levels=())


def test_prize_contrast_grid_gives_the_facts_rows_and_the_boundary(report):
    """The grid's cells are the fact's runs: cost 0.5 in regions of 10 is the fact's prize
    contrast, cost 1.5 its reported reversal, to the last bit (same seed, replicates and
    configurations)."""
    grid = prize_contrast_grid(report.config, replicates=30, seed=0, costs=(0.5, 1.5),
                               region_sizes=(10,))
    assert list(grid["innovation_cost"]) == [0.5, 1.5]
    assert (grid["n_regions"] == 10).all() and (grid["n"] == 30).all()
    part = rows(report, 11)
    assert grid.loc[0, "estimate"] == part.loc[2, "estimate"] and grid.loc[0, "ci_low"] > 0
    assert grid.loc[1, "estimate"] == part.loc[6, "estimate"] and grid.loc[1, "ci_high"] < 0
    for bad, match in (({"costs": (-1.0,)}, "cost = -1.0"), ({"costs": ()}, "at least one"),
                       ({"region_sizes": (1,)}, "region size = 1"),
                       ({"region_sizes": (2.5,)}, "region size = 2.5")):
        with pytest.raises(ParameterError, match=match):
            prize_contrast_grid(report.config, replicates=2, **bad)


def test_arguments_are_validated():
    with pytest.raises(ParameterError, match="replicates"):
        check_space_facts(replicates=1)
    with pytest.raises(ParameterError, match="facts"):
        check_space_facts(replicates=2, facts=(3,))
    with pytest.raises(ParameterError, match="Config"):
        check_space_facts(replicates=2, config={"n_jurisdictions": 10})
    with pytest.raises(ParameterError, match="level"):
        check_space_facts(replicates=2, level=2)
    with pytest.raises(ParameterError, match="too small for fact 11"):
        check_space_facts(replicates=2, config=Config(n_jurisdictions=8), facts=(11,))
