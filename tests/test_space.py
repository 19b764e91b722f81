"""The spatial layer (docs/specification.md section 12): graphs, validation, determinism.

The engines' agreement on every topology and mode is in tests/test_engine_agreement.py
(cases ``ring_learning`` … ``space_all_on`` of tests/_cases.py); the analysis and
the facts of the layer in tests/test_space_analysis.py and tests/test_space_facts.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from _cases import SMALL, case_config

import tournament
from tournament import Config, ParameterError
from tournament import registry as C
from tournament.engine import driver as _compiled
from tournament.engine import reference as ref
from tournament.graph import grid_shape, neighbour_graph, normalise_edges, read_edge_list

nx = pytest.importorskip("networkx")


def as_sets(graph) -> list[set[int]]:
    ptr, nbr = graph
    return [set(nbr[ptr[i]:ptr[i + 1]].tolist()) for i in range(len(ptr) - 1)]


# ------------------------------------------------------------------ graphs
def test_ring_links_the_degree_nearest_indices():
    adj = as_sets(neighbour_graph(Config(n_jurisdictions=10, topology="ring", degree=4)))
    assert adj[0] == {1, 2, 8, 9} and adj[5] == {3, 4, 6, 7}
    assert all(len(a) == 4 for a in adj)


def test_grid_is_a_torus_with_four_neighbours():
    rows, cols = grid_shape(12)
    assert (rows, cols) == (3, 4)
    adj = as_sets(neighbour_graph(Config(n_jurisdictions=12, topology="grid")))
    assert adj[0] == {1, 3, 4, 8}  # right, left (wrapping), down, up (wrapping)
    assert all(len(a) == 4 for a in adj)
    assert all(i in adj[j] for i in range(12) for j in adj[i])  # undirected


def test_regions_graph_is_complete_within_regions_only():
    cfg = Config(n_jurisdictions=10, topology="regions", n_regions=3)
    adj = as_sets(neighbour_graph(cfg))
    region = [i * 3 // 10 for i in range(10)]
    for i in range(10):
        assert adj[i] == {j for j in range(10) if j != i and region[j] == region[i]}


def test_small_world_keeps_the_edge_count_and_depends_only_on_seed_and_replicate():
    cfg = Config(n_jurisdictions=40, topology="small_world", degree=4, rewire_prob=0.3)
    a = neighbour_graph(cfg, seed=5, replicate=2)
    b = neighbour_graph(cfg, seed=5, replicate=2)
    c = neighbour_graph(cfg, seed=5, replicate=3)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not np.array_equal(a[1], c[1])
    assert len(a[1]) == 40 * 4  # rewiring moves edges, it does not add or remove them
    ring = as_sets(neighbour_graph(cfg.replace(topology="ring")))
    moved = sum(len(x - y) for x, y in zip(as_sets(a), ring, strict=True)) // 2
    # about rewire_prob of the 80 edges move: binomial(80, 0.3), mean 24, sd 4.1
    assert 24 - 4 * 4.1 < moved < 24 + 4 * 4.1
    assert all(i not in adj for i, adj in enumerate(as_sets(a)))  # no self-loops
    ring_zero = neighbour_graph(cfg.replace(rewire_prob=0.0), seed=5, replicate=2)
    assert as_sets(ring_zero) == ring


def test_small_world_draws_leave_the_replicates_own_stream_untouched():
    """The graph has its own stream: the initial state is that of every other topology."""
    base = Config(**SMALL)
    for topology in ("small_world", "ring"):
        a = ref.run_until(base, seed=3, rounds=0)
        b = ref.run_until(base.replace(topology=topology), seed=3, rounds=0)
        assert a.capacity == b.capacity and a.fit == b.fit and a.ability == b.ability


def test_complete_builds_no_graph_and_offers_no_neighbour_actions():
    cfg = Config(**SMALL)
    assert neighbour_graph(cfg) is None
    res = tournament.simulate(cfg, replicates=2, seed=1, record=("rounds", "panel"))
    assert res.rounds["learned"].sum() == 0 and res.rounds["joint_launches"].sum() == 0
    assert not res.panel["action"].isin(["learn", "cooperate"]).any()


def test_a_graph_without_neighbours_changes_nothing():
    """One jurisdiction per region: the 'regions' graph has no edges, so no learn(d) ever
    exists, and the run equals the complete topology's bit for bit."""
    cfg = Config(**{**SMALL, "n_jurisdictions": 12})
    alone = cfg.replace(topology="regions", n_regions=12)
    assert len(neighbour_graph(alone)[1]) == 0
    a = tournament.simulate(cfg, replicates=3, seed=2, record=("rounds", "events"))
    b = tournament.simulate(alone, replicates=3, seed=2, record=("rounds", "events"))
    for table in ("summary", "rounds", "events"):
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table), check_exact=True)


def test_neighbours_are_learned_from_and_learning_rate_scales_quality():
    cfg = case_config("ring_learning")
    res = tournament.simulate(cfg, replicates=2, seed=1, record=("rounds", "events", "panel"))
    assert res.rounds["learned"].sum() > 0
    learned = res.panel[res.panel["action"] == "learn"]
    assert (learned["action_domain"] >= 0).all()
    state = ref.run_until(cfg, seed=1, rounds=15)
    for i in range(cfg.n_jurisdictions):
        for a in ref.available_actions(cfg, state, i):
            if C.LEARN0 <= a < C.COOPERATE0:
                d = a - C.LEARN0
                n = ref.examples(state, i, d)
                assert n >= 1
                _, q, _, _, _ = ref._project_of(cfg, state, i, a)
                full = cfg.state_capacity * cfg.transferability * state.fit[i][d] * state.ability[i]
                assert q == pytest.approx(full * (1 - 0.5 ** n), rel=1e-12)


def test_joint_projects_share_a_number_and_a_quality():
    res = tournament.simulate(case_config("cooperation"), replicates=2, seed=1,
                              record=("rounds", "events"))
    ev = res.events
    joint = ev[ev["joint"] >= 0]
    assert len(joint) > 0 and (joint["members"] >= 2).all()
    for (_, _), group in joint.groupby(["replicate", "joint"]):
        assert len(group) == group["members"].iloc[0]  # one row per member
        assert group["quality"].nunique() == 1 and group["domain"].nunique() == 1
        assert group["launch_round"].nunique() == 1 and group["jurisdiction"].is_unique
        assert (group["project"].min() == group["joint"]).all()
    assert res.rounds["joint_launches"].sum() == len(joint)
    assert (ev.loc[ev["joint"] < 0, "members"] == 1).all()


def test_coordination_cost_keeps_cooperation_from_starting():
    """With nobody proposing, elites expect no partners; a positive coordination cost then
    makes cooperate(d) worse than innovate(d) and cooperation never starts."""
    on = case_config("cooperation")
    costly = on.replace(coordination_cost=0.5)
    a = tournament.simulate(on, replicates=3, seed=4, record=("rounds",)).rounds
    b = tournament.simulate(costly, replicates=3, seed=4, record=("rounds",)).rounds
    assert a["joint_launches"].sum() > 0
    assert b["joint_launches"].sum() == 0

@pytest.mark.parametrize(("credit_sharing", "ratio"), [(0.0, 3.0), (1.0, 1.0)])
def test_regional_evaluation_counts_the_expected_partners_of_a_joint_project(credit_sharing,
                                                                          ratio):
    """In the decision, the m - 1 expected partners carry the joint project too.

    Four jurisdictions in one region, nobody running a project, two others
    (J1, J2) proposed cooperate(0) last round, so J0 expects m = 3. With no
    quality gain, J0's visibility from the joint project is its solo
    visibility over 3 ** credit_sharing, and the region's mean gains all three
    members' visibility: the regional term of cooperate(0) is 3 / 3 **
    credit_sharing times that of innovate(0).
    """
    cfg = Config(n_jurisdictions=4, n_domains=2, recognized_per_round=1, cooperation="on",
                 coordination_cost=0.0, cooperation_gain=0.0, credit_sharing=credit_sharing,
                 evaluation_mode="regional", regional_weight=2.0, planning_horizon=2)
    state = ref.initial_state(cfg, np.random.default_rng(3))
    state.active = [False] * 4
    state.last_action = [C.ROUTINE, C.COOPERATE0, C.COOPERATE0, C.ROUTINE]
    assert ref.partners(state, 0, 0) == 2
    individual = cfg.replace(evaluation_mode="individual")

    def regional_term(action):
        on = ref.projected_scores(cfg, state, 0, action, [0, 0])[0]
        off = ref.projected_scores(individual, state, 0, action, [0, 0])[0]
        return [a - b for a, b in zip(on, off, strict=True)]

    solo, joint = regional_term(C.INNOVATE0), regional_term(C.COOPERATE0)
    assert min(solo) > 0.0
    assert joint == pytest.approx([ratio * s for s in solo], rel=1e-12)
    # routine adds nothing to a region where nobody runs a project
    assert regional_term(C.ROUTINE) == [0.0, 0.0]



# ------------------------------------------------------------------ determinism
CODE = """
import json, tournament
cfg = tournament.Config(n_jurisdictions=30, n_rounds=40, burn_in=5, topology="small_world",
                        rewire_prob=0.2, cooperation="on", n_regions=3, coordination_cost=0.0,
                        evaluation_mode="regional")
res = tournament.simulate(cfg, replicates=5, seed=11, record=("rounds", "events"))
print(json.dumps({"summary": res.summary.to_json(double_precision=15),
                  "rounds": res.rounds.to_json(), "events": res.events.to_json(),
                  "threads": __import__("numba").get_num_threads()}))
"""


def test_graphs_give_the_same_results_with_one_and_two_threads():
    out = []
    for n in (1, 2):
        env = dict(os.environ, NUMBA_NUM_THREADS=str(n))
        run = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True,
                             text=True, check=True)
        out.append(json.loads(run.stdout.strip().splitlines()[-1]))
    assert (out[0]["threads"], out[1]["threads"]) == (1, 2)
    for key in ("summary", "rounds", "events"):
        assert out[0][key] == out[1][key], key


def test_graphs_do_not_depend_on_chunking_or_batching(monkeypatch):
    cfg = case_config("small_world")
    whole = tournament.simulate(cfg, replicates=6, seed=3, record=("events",))
    alone = tournament.simulate(cfg, replicates=[4], seed=3, record=("events",))
    pd.testing.assert_frame_equal(
        alone.events.reset_index(drop=True),
        whole.events[whole.events.replicate == 4].reset_index(drop=True), check_exact=True)
    monkeypatch.setattr(_compiled, "CHUNK_BYTES", 1)
    chunked = tournament.simulate(cfg, replicates=6, seed=3, record=("events",))
    pd.testing.assert_frame_equal(whole.events, chunked.events, check_exact=True)
    ref_run = tournament.simulate(cfg, replicates=[4], seed=3, engine="reference",
                                  record=("events",))
    pd.testing.assert_frame_equal(ref_run.events, alone.events, check_exact=True)


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(("changes", "names"), [
    ({"topology": "ringg"}, ["topology", "ringg", "'ring'"]),
    ({"topology": "ring", "degree": 24}, ["degree = 24", "< n_jurisdictions (24)"]),
    ({"topology": "small_world", "degree": 30}, ["degree = 30", "< n_jurisdictions"]),
    ({"topology": "ring", "degree": 3}, ["degree = 3", "even"]),
    ({"n_regions": 25}, ["n_regions = 25", "<= n_jurisdictions (24)"]),
    ({"topology": "grid", "n_jurisdictions": 22}, ["grid", "n_jurisdictions = 22"]),
    ({"topology": "custom", "edges": [(0, 0)]}, ["edges", "self-loop"]),
    ({"topology": "custom", "edges": [(0, 24)]}, ["edges", "node 24", "0 ... 23"]),
    ({"topology": "custom"}, ["custom", "needs edges"]),
    ({"edges": [(0, 1)]}, ["edges", "topology = 'complete'"]),
    ({"learning_rate": 0.0}, ["learning_rate = 0.0", "(0, 1]"]),
    ({"credit_sharing": 1.5}, ["credit_sharing = 1.5", "[0, 1]"]),
    ({"cooperation": "yes"}, ["cooperation", "'on'"]),
    ({"evaluation_mode": "collective"}, ["evaluation_mode", "'regional'"]),
])
def test_bad_space_parameters_are_named(changes, names):
    with pytest.raises(ParameterError) as err:
        Config(**{**SMALL, **changes})
    for name in names:
        assert name in str(err.value)


def test_a_networkx_graph_with_the_wrong_node_count_is_rejected():
    with pytest.raises(ParameterError, match="20 nodes.*0 ... 23"):
        Config(**SMALL, topology="custom", edges=nx.cycle_graph(20))
    with pytest.raises(tournament.ParameterTypeError, match="nodes must be"):
        Config(**SMALL, topology="custom", edges=nx.relabel_nodes(nx.cycle_graph(24), str))
    cfg = Config(**SMALL, topology="custom", edges=nx.cycle_graph(24))
    assert cfg.edges[:2] == ((0, 1), (0, 23)) and len(cfg.edges) == 24


def test_edges_from_a_csv_file_and_back_through_toml(tmp_path):
    path = tmp_path / "borders.csv"
    path.write_text("a,b\n0,1\n1,2\n2,0\n3,1\n")
    cfg = Config(**SMALL, topology="custom", edges=str(path))
    assert cfg.edges == ((0, 1), (0, 2), (1, 2), (1, 3))
    toml = tmp_path / "cfg.toml"
    cfg.save(toml)
    assert Config.load(toml) == cfg
    path.write_text("0,1\n1,x\n")
    with pytest.raises(ParameterError, match="line 2"):
        read_edge_list(path)
    with pytest.raises(ParameterError, match="no such edge-list file"):
        normalise_edges(str(tmp_path / "missing.csv"))
