"""The shipped hypothesis strategies cover the spatial layer: every topology, user graphs."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tournament
from tournament import Config, ParameterError
from tournament.graph import neighbour_graph, normalise_edges
from tournament.registry import TOPOLOGIES
from tournament.testing.strategies import configs, edge_lists, grid_sizes

QUICK = settings(deadline=None, max_examples=15)


@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_every_topology_gives_valid_configs_that_run(topology):
    @QUICK
    @given(cfg=configs(max_jurisdictions=12, max_domains=3, max_rounds=8, topology=topology),
           seed=st.integers(0, 2**16))
    def check(cfg, seed):
        assert cfg.topology == topology
        assert 1 <= cfg.n_regions <= cfg.n_jurisdictions
        assert Config.from_dict(cfg.to_dict()) == cfg
        graph = neighbour_graph(cfg, seed, 0)
        if topology == "complete":
            assert graph is None and cfg.edges == ()
        else:
            ptr, nbr = graph
            assert len(ptr) == cfg.n_jurisdictions + 1 and len(nbr) == ptr[-1]
        if topology in ("ring", "small_world"):
            assert cfg.degree % 2 == 0 and cfg.degree < cfg.n_jurisdictions
        if topology == "ring":
            assert (ptr[1:] - ptr[:-1] == cfg.degree).all()
        if topology == "grid":
            assert cfg.n_jurisdictions in grid_sizes(12)
            assert (ptr[1:] - ptr[:-1] == 4).all()
        if topology == "custom":
            assert cfg.edges and normalise_edges(cfg.edges, cfg.n_jurisdictions) == cfg.edges
        else:
            assert cfg.edges == ()
        res = tournament.simulate(cfg, replicates=1, seed=seed, record=("rounds",))
        assert len(res.rounds) == cfg.n_rounds

    check()


@QUICK
@given(configs(max_jurisdictions=8))
def test_default_configs_draw_only_topologies_the_population_allows(cfg):
    assert cfg.topology != "grid"                       # no torus of 3 x 3 fits in 8
    if cfg.n_jurisdictions < 3:
        assert cfg.topology not in ("ring", "small_world")


@QUICK
@given(configs(max_jurisdictions=9, topologies=("ring", "custom"), cooperation="on"))
def test_topologies_can_be_restricted(cfg):
    assert cfg.topology in ("ring", "custom") or cfg.n_jurisdictions < 3
    assert cfg.cooperation == "on"


@QUICK
@given(st.integers(2, 30).flatmap(lambda n: st.tuples(st.just(n), edge_lists(n, max_edges=40))))
def test_edge_lists_are_normalised_graphs(drawn):
    n, edges = drawn
    assert edges and list(edges) == sorted(set(edges))
    assert all(0 <= a < b < n for a, b in edges)
    assert normalise_edges(edges, n) == edges


def draw_once(strategy):
    @settings(max_examples=1, deadline=None, database=None)
    @given(strategy)
    def run(_):
        pass

    run()


def test_bad_strategy_arguments_are_named():
    with pytest.raises(ParameterError, match="max_jurisdictions >= 9"):
        draw_once(configs(topology="grid"))
    with pytest.raises(ParameterError, match="max_jurisdictions >= 3"):
        draw_once(configs(topology="ring", max_jurisdictions=2))
    with pytest.raises(ParameterError, match="topologies"):
        draw_once(configs(topologies=("torus",)))
    with pytest.raises(ParameterError, match=">= 2 nodes"):
        draw_once(edge_lists(1))
    assert grid_sizes(20) == [9, 12, 15, 16, 18, 20]
