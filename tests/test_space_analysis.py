"""The spatial layer's analyses (tournament.analysis.space): known answers, the engine, errors.

Each function is checked on a small history built by hand, with the
expected value worked out beside it, and then on a run: the exposure panel
against the reference engine's own count of examples, round by round; the
grouped logit against statsmodels on one row per observation; joint shares,
lifetimes and regions against the events table.
"""

import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

import tournament
from tournament import Config, ParameterError, ParameterTypeError
from tournament import registry as C
from tournament.analysis import (
    diffusion_curves,
    joint_lifetimes,
    joint_share,
    neighbour_contrast,
    neighbour_effect,
    neighbour_exposure,
    region_statistics,
)
from tournament.analysis.space import EXPOSURE_COLUMNS, GROUPED_COLUMNS, _as_grouped, _design
from tournament.analysis.tables import events_frame, rounds_frame
from tournament.engine import reference
from tournament.graph import neighbour_graph

pytest.importorskip("statsmodels")

RING6 = Config(n_jurisdictions=6, n_domains=2, n_rounds=10, burn_in=0, recognized_per_round=2,
               topology="ring", degree=2, absorption_rounds=3)


# ----------------------------------------------------------------------------- exposure
def hand_events():
    # (jurisdiction, domain, origin, launch, end, cause, owner_left, times, first, members, joint)
    return events_frame([
        (1, 0, "innovation", 2, 10, "censored", -1, 2, 3),     # shown from round 4 on
        (0, 0, "imitation", 5, 7, "dropped"),                   # 0 follows its neighbour 1
        (3, 1, "innovation", 1, 4, "absorbed", -1, 1, 2),       # closes domain 1 in 5, 6, 7
    ], n_rounds=10)


def cell(panel, t, i, d):
    rows = panel[(panel["round"] == t) & (panel["jurisdiction"] == i) & (panel["domain"] == d)]
    return None if rows.empty else rows.iloc[0]


def test_exposure_counts_recognised_neighbours_at_the_decision():
    panel = neighbour_exposure(hand_events(), RING6)
    assert list(panel.columns) == list(EXPOSURE_COLUMNS)
    # jurisdiction 1's project (domain 0) is recognised in round 3: it counts from round 4
    assert cell(panel, 3, 0, 0)["neighbours"] == 0
    assert cell(panel, 4, 0, 0)["neighbours"] == 1 and cell(panel, 4, 2, 0)["neighbours"] == 1
    assert cell(panel, 4, 3, 0)["neighbours"] == 0 and cell(panel, 4, 3, 0)["others"] == 1
    # 0 launches in domain 0 in round 5 (an event), then runs it: not at risk in 6 and 7
    assert bool(cell(panel, 5, 0, 0)["launched"]) and cell(panel, 6, 0, 0) is None
    assert cell(panel, 8, 0, 0) is not None           # it died in round 7: at risk again in 8
    # 0 runs domain 0 at the decision of round 6: busy for domain 1 (if domain 1 were open)
    assert bool(cell(panel, 8, 2, 1)["busy"]) is False
    # 1 runs domain 0 from round 3: busy for domain 1 whenever domain 1 is open
    assert bool(cell(panel, 3, 1, 1)["busy"]) and cell(panel, 3, 1, 0) is None
    # 3's domain-1 project is recognised in round 2 and absorbed in round 4
    assert cell(panel, 3, 2, 1)["neighbours"] == 1 and cell(panel, 4, 2, 1)["neighbours"] == 1
    # domain 1 is closed at the decisions of rounds 5, 6, 7 (absorption_rounds = 3)
    assert {5, 6, 7}.isdisjoint(panel.loc[panel["domain"] == 1, "round"])
    assert 8 in set(panel.loc[panel["domain"] == 1, "round"])
    assert int(panel["launched"].sum()) == 3


def test_grouped_exposure_sums_the_panel():
    ev = hand_events()
    long = neighbour_exposure(ev, RING6)
    grouped = neighbour_exposure(ev, RING6, grouped=True)
    assert list(grouped.columns) == list(GROUPED_COLUMNS)
    assert grouped["trials"].sum() == len(long)
    assert grouped["launches"].sum() == long["launched"].sum()
    pd.testing.assert_frame_equal(
        _as_grouped(long).sort_values(["replicate", "neighbours", "others", "busy"])
        .reset_index(drop=True).astype("int64"),
        grouped.sort_values(["replicate", "neighbours", "others", "busy"])
        .reset_index(drop=True).astype("int64"), check_like=True)


def test_exposure_on_other_graphs_and_the_placebo():
    complete = RING6.replace(topology="complete")
    with pytest.raises(ParameterError, match="complete.*no neighbours.*graph="):
        neighbour_exposure(hand_events(), complete)
    by_name = neighbour_exposure(hand_events(), complete, graph="ring")
    pd.testing.assert_frame_equal(by_name, neighbour_exposure(hand_events(), RING6))
    csr = neighbour_graph(RING6)
    pd.testing.assert_frame_equal(by_name, neighbour_exposure(hand_events(), complete,
                                                              graph=csr))
    with pytest.raises(ParameterError, match="topology name"):
        neighbour_exposure(hand_events(), RING6, graph="torus")
    with pytest.raises(ParameterError, match="CSR"):
        neighbour_exposure(hand_events(), RING6, graph=(np.array([0, 1]), np.array([0])))
    with pytest.raises(ParameterError, match="n_jurisdictions"):
        neighbour_exposure(hand_events(), RING6, graph=RING6.replace(n_jurisdictions=8))


def test_exposure_validates_its_input():
    ev = hand_events()
    with pytest.raises(ParameterError, match="events lacks"):
        neighbour_exposure(ev.drop(columns="first_recognized"), RING6)
    with pytest.raises(ParameterTypeError, match="Config"):
        neighbour_exposure(ev, {"topology": "ring"})
    with pytest.raises(ParameterError, match="seed"):
        neighbour_exposure(ev, RING6, seed=-1)
    with pytest.raises(ParameterError, match="burn_in"):
        neighbour_exposure(ev, RING6, burn_in=10)
    with pytest.raises(ParameterError, match="outside the run"):
        neighbour_exposure(ev, RING6.replace(n_jurisdictions=3, degree=2))
    with pytest.raises(ParameterError, match="replicates"):
        neighbour_exposure(ev, RING6, replicates=[0, 0])
    # a replicate without events contributes observations without launches
    both = neighbour_exposure(ev, RING6, replicates=[0, 4])
    assert set(both["replicate"]) == {0, 4}
    assert not both.loc[both["replicate"] == 4, "launched"].any()


@pytest.mark.parametrize("topology", ["ring", "small_world", "grid"])
def test_exposure_matches_the_reference_engines_examples(topology):
    """The panel's neighbours are the engine's `examples`, at every decision, on the run's own
    graph (the small world from the replicate's graph stream); closed domains are left out."""
    cfg = Config(n_jurisdictions=12, n_domains=3, n_rounds=24, burn_in=2, topology=topology,
                 degree=4, rewire_prob=0.3, learning_rate=0.5, recognized_per_round=3,
                 absorption_threshold=6, absorption_rounds=2)
    seed, rep = 5, 1
    res = tournament.simulate(cfg, replicates=[rep], seed=seed, record=("events",))
    assert (res.events["cause"] == "absorbed").any()  # closures are exercised
    panel = neighbour_exposure(res.events, cfg, seed).set_index(["round", "jurisdiction",
                                                                 "domain"])
    checked = 0
    for t in range(cfg.burn_in, cfg.n_rounds):
        state = reference.run_until(cfg, seed, rounds=t, replicate=rep)
        for i in range(cfg.n_jurisdictions):
            for d in range(cfg.n_domains):
                closed = state.absorbed[d] - 1 > 0        # after step 1's countdown
                running = state.active[i] and state.domain[i] == d
                key = (t, i, d)
                if closed or running:
                    assert key not in panel.index
                    continue
                row = panel.loc[key]
                assert row["neighbours"] == reference.examples(state, i, d)
                assert bool(row["busy"]) == bool(state.active[i])
                checked += 1
    assert checked > 300


# ----------------------------------------------------------------------------- the logit
@pytest.fixture(scope="module")
def ring_run():
    cfg = Config(n_jurisdictions=30, n_rounds=60, burn_in=10, topology="ring",
                 learning_rate=0.5)
    return cfg, tournament.simulate(cfg, replicates=8, seed=3, record=("events",))


def test_grouped_logit_equals_the_logit_on_every_observation(ring_run):
    import statsmodels.api as sm

    cfg, res = ring_run
    long = neighbour_exposure(res.events, cfg, 3)
    grouped = neighbour_exposure(res.events, cfg, 3, grouped=True)
    a, b = neighbour_effect(long), neighbour_effect(grouped)
    assert a.estimate == pytest.approx(b.estimate, rel=1e-9)
    assert a.se == pytest.approx(b.se, rel=1e-9)
    # statsmodels' Logit on one row per observation, cluster-robust by replicate, with the
    # G / (G - 1) factor alone
    g = _as_grouped(long).reset_index()
    x, names = _design(g, 5)
    keys = long.merge(g[["index", "replicate", "neighbours", "others", "busy"]],
                      on=["replicate", "neighbours", "others", "busy"])
    groups = keys["replicate"].to_numpy()
    fit = sm.Logit(keys["launched"].to_numpy(float), x[keys["index"].to_numpy()]).fit(
        disp=0, cov_type="cluster", cov_kwds={"groups": groups, "use_correction": False})
    clusters = len(np.unique(groups))
    assert names[1] == "neighbours" and b.clusters == clusters == 8
    assert b.estimate == pytest.approx(fit.params[1], rel=1e-7)
    assert b.se == pytest.approx(fit.bse[1] * np.sqrt(clusters / (clusters - 1)), rel=1e-6)
    assert b.low < b.estimate < b.high and b.odds_ratio == pytest.approx(np.exp(b.estimate))
    assert b.trials == len(long) and b.launches == int(long["launched"].sum())
    assert list(b.coefficients.index[:3]) == ["const", "neighbours", "busy"]
    iv = b.interval
    assert (iv.estimate, iv.low, iv.high, iv.n) == (b.estimate, b.low, b.high, 8)


def test_contrast_pairs_the_two_fits(ring_run):
    cfg, res = ring_run
    ring = neighbour_exposure(res.events, cfg, 3, grouped=True)
    flat = cfg.replace(topology="complete")
    placebo_run = tournament.simulate(flat, replicates=8, seed=3, record=("events",))
    placebo = neighbour_exposure(placebo_run.events, flat, 3, graph="ring", grouped=True)
    c = neighbour_contrast(ring, placebo)
    a, b = neighbour_effect(ring), neighbour_effect(placebo)
    assert c.estimate == pytest.approx(a.estimate - b.estimate, rel=1e-7)
    assert c.method == "paired cluster-robust logit" and c.n == 8
    # a run against itself: no difference, no variance
    same = neighbour_contrast(ring, ring)
    assert abs(same.estimate) < 1e-9 and same.se < 1e-6
    with pytest.raises(ParameterError, match="share no replicate"):
        neighbour_contrast(ring, placebo.assign(replicate=placebo["replicate"] + 100))


def test_logit_errors(ring_run):
    cfg, res = ring_run
    grouped = neighbour_exposure(res.events, cfg, 3, grouped=True)
    with pytest.raises(ParameterError, match="one replicate"):
        neighbour_effect(grouped[grouped["replicate"] == 0])
    with pytest.raises(ParameterError, match="0 launches"):
        neighbour_effect(grouped.assign(launches=0))
    with pytest.raises(ParameterError, match="variation"):
        neighbour_effect(grouped.assign(neighbours=0))
    with pytest.raises(ParameterError, match="level"):
        neighbour_effect(grouped, level=1.5)
    with pytest.raises(ParameterError, match="min_cell"):
        neighbour_effect(grouped, min_cell=0)
    with pytest.raises(ParameterError, match="lacks"):
        neighbour_effect(grouped.drop(columns="busy"))
    with pytest.raises(ParameterError, match="DataFrame"):
        neighbour_effect([1, 2])


def test_statsmodels_is_optional_and_named():
    code = textwrap.dedent("""
        import sys
        sys.modules['statsmodels'] = None
        import tournament.analysis as a
        import pandas as pd
        g = pd.DataFrame({'replicate': [0, 0, 1, 1], 'neighbours': [0, 1, 0, 1],
                          'others': [0, 1, 0, 1], 'busy': [False] * 4,
                          'trials': [10, 10, 10, 10], 'launches': [1, 2, 1, 3]})
        try:
            a.neighbour_effect(g)
        except a.MissingDependencyError if hasattr(a, 'MissingDependencyError') else Exception \\
                as exc:
            print(type(exc).__name__, exc)
        """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert "MissingDependencyError" in proc.stdout, proc.stdout + proc.stderr
    assert "pip install 'tournament[space]'" in proc.stdout
    light = subprocess.run([sys.executable, "-c", "import sys, tournament.analysis; "
                            "print('statsmodels' in sys.modules)"],
                           capture_output=True, text=True, timeout=120)
    assert light.stdout.strip() == "False"


# ----------------------------------------------------------------------------- diffusion
def test_diffusion_counts_distinct_adopters_since_the_first_launch():
    ev = events_frame([
        (0, 3, "innovation", 5, 6, "dropped"),
        (1, 3, "imitation", 7, 9, "dropped"),
        (2, 3, "imitation", 7, 10, "censored"),
        (0, 3, "innovation", 9, 10, "censored"),    # 0 again: not a new adopter
        (4, 1, "innovation", 2, 3, "dropped"),      # before burn-in: ignored
        (4, 1, "innovation", 8, 10, "censored"),
    ], n_rounds=10)
    cfg = Config(n_jurisdictions=5, n_domains=4, n_rounds=10, burn_in=4, recognized_per_round=2)
    curves = diffusion_curves(ev, cfg, horizon=3)
    d3 = curves[curves["domain"] == 3]
    assert d3["first_round"].unique().tolist() == [5]
    assert d3["adopters"].tolist() == [1, 1, 3, 3]            # rounds 5, 6, 7, 8
    assert d3["share"].tolist() == pytest.approx([0.2, 0.2, 0.6, 0.6])
    d1 = curves[curves["domain"] == 1]
    assert d1["first_round"].unique().tolist() == [8]
    assert d1["since"].tolist() == [0, 1]                     # the run ends after round 9
    with pytest.raises(ParameterError, match="horizon"):
        diffusion_curves(ev, cfg, horizon=-1)
    empty = diffusion_curves(ev.iloc[:0], cfg)
    assert empty.empty and "share" in empty.columns


# ----------------------------------------------------------------------------- joint projects
def test_joint_share_counts_members():
    rounds = rounds_frame({"innovations": [3, 5, 4], "imitations": [1, 1, 0],
                           "joint_launches": [2, 0, 4]})
    empty = rounds_frame({"innovations": [0, 0, 0]}, replicate=1)
    share = joint_share(pd.concat([rounds, empty]), burn_in=1)
    assert share.loc[0] == pytest.approx(4 / 10)              # rounds 1 and 2
    assert np.isnan(share.loc[1])
    with pytest.raises(ParameterError, match="rounds lacks"):
        joint_share(rounds.drop(columns="joint_launches"), 0)


def test_joint_lifetimes_follow_the_last_member():
    ev = events_frame([
        (0, 1, "innovation", 3, 6, "dropped", -1, 0, -1, 2, 0),   # joint project 0: 0 and 1
        (1, 1, "innovation", 3, 9, "replaced", -1, 0, -1, 2, 0),  # ... lives 3 -> 9
        (2, 0, "innovation", 2, 6, "dropped"),                    # single: 4 rounds
        (3, 0, "innovation", 4, 6, "dropped"),                    # single: 2 rounds
        (5, 2, "innovation", 1, 2, "dropped"),                    # before burn-in
    ], n_rounds=12)
    life = joint_lifetimes(ev, n_rounds=12, burn_in=2).loc[0]
    assert life["joint"] == pytest.approx(6.0)
    assert life["membership"] == pytest.approx((3 + 6) / 2)
    assert life["single"] == pytest.approx((4 + 2) / 2)
    assert life["joint_minus_single"] == pytest.approx(3.0)
    assert (life["n_joint"], life["n_members"], life["n_single"]) == (1, 2, 2)
    # a member still running at the end keeps the project censored at the last round seen
    ev2 = events_frame([(0, 1, "innovation", 3, 6, "dropped", -1, 0, -1, 2, 0),
                        (1, 1, "innovation", 3, 12, "censored", -1, 0, -1, 2, 0)],
                       n_rounds=12)
    life2 = joint_lifetimes(ev2, 12, 0, horizon=8).loc[0]
    assert life2["joint"] == pytest.approx(8.0)               # censored at 12 - 1 - 3 = 8
    assert life2["membership"] == pytest.approx(3 + 5 * 0.5)  # S = 1, then 1/2 from age 3
    assert np.isnan(life2["single"]) and np.isnan(life2["joint_minus_single"])


@pytest.fixture(scope="module")
def cooperation_run():
    cfg = Config(n_jurisdictions=40, n_rounds=50, burn_in=10, n_regions=4, cooperation="on",
                 coordination_cost=0.0)
    return cfg, tournament.simulate(cfg, replicates=4, seed=2,
                                    record=("rounds", "events", "panel"))


def test_joint_measures_agree_with_the_events(cooperation_run):
    cfg, res = cooperation_run
    share = joint_share(res.rounds, cfg.burn_in)
    late = res.events[res.events["launch_round"] >= cfg.burn_in]
    from_events = late.groupby("replicate").apply(lambda g: (g["members"] > 1).mean(),
                                                  include_groups=False)
    pd.testing.assert_series_equal(share, from_events, check_names=False)
    assert (share > 0).all()
    joint = late[late["members"] > 1]
    # members of one joint project share its launch round, domain and region
    for _, group in joint.groupby(["replicate", "joint"]):
        assert group["launch_round"].nunique() == 1 and group["domain"].nunique() == 1
        assert len(group) == group["members"].iloc[0]
        assert (group["jurisdiction"] * cfg.n_regions // cfg.n_jurisdictions).nunique() == 1
    life = joint_lifetimes(res.events, cfg.n_rounds, cfg.burn_in)
    assert (life["n_members"] == joint.groupby("replicate").size()).all()


def test_region_statistics(cooperation_run):
    cfg, res = cooperation_run
    stats = region_statistics(res.events, cfg, panel=res.panel)
    assert len(stats) == 4 * cfg.n_regions
    assert (stats["jurisdictions"] == 10).all()
    late = res.events[res.events["launch_round"] >= cfg.burn_in]
    assert stats["launches"].sum() == len(late)
    assert stats["joint_launches"].sum() == int((late["members"] > 1).sum())
    panel = res.panel[res.panel["round"] >= cfg.burn_in]
    assert stats["recognitions"].sum() == int(panel["recognized"].sum())
    assert stats["learned"].sum() == 0                        # complete topology: no learning
    one = stats.set_index(["replicate", "region"]).loc[(0, 2)]
    ev0 = late[(late["replicate"] == 0) & (late["jurisdiction"] // 10 == 2)]
    assert one["launches"] == len(ev0)
    assert one["joint_share"] == pytest.approx((ev0["members"] > 1).mean())
    assert one["recognized_share"] == pytest.approx((ev0["times_recognized"] > 0).mean())
    ended = ev0[~ev0["censored"]]
    assert one["mean_lifetime"] == pytest.approx(ended["lifetime"].mean())
    with pytest.raises(ParameterError, match="outside"):
        region_statistics(res.events, cfg.replace(n_jurisdictions=20, n_regions=4))
    with pytest.raises(ParameterError, match="panel lacks"):
        region_statistics(res.events, cfg, panel=res.panel.drop(columns="action"))


def test_learning_shows_in_the_panel_and_rounds():
    cfg = Config(n_jurisdictions=30, n_rounds=40, burn_in=5, topology="ring",
                 learning_rate=0.5, n_regions=3)
    res = tournament.simulate(cfg, replicates=2, seed=1, record=("rounds", "events", "panel"))
    stats = region_statistics(res.events, cfg, panel=res.panel)
    learned = res.rounds[res.rounds["round"] >= cfg.burn_in]["learned"].sum()
    assert learned > 0 and stats["learned"].sum() >= learned   # chosen >= approved
    assert (res.panel.loc[res.panel["action"] == "learn", "action_domain"] >= 0).all()
    assert set(res.panel["action"].cat.categories) == set(C.ACTIONS)


@pytest.mark.parametrize("name", ["tournament.analysis.space", "tournament.study.design",
                                  "tournament.experiments.space_facts"])
def test_docstring_examples_run(name):
    import doctest
    import importlib

    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0
