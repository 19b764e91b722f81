"""Studies sweep the spatial layer like any other parameter, a user's graph included.

The topology is a grid level; a user's graph reaches a sweep as the path of
a CSV edge list (``--set edges=FILE``, or as levels ``--param
edges=A.csv,B.csv``): the configuration reads and normalises it to pairs,
the design keeps the pairs (so the manifest's digest changes when the file
does), and the design table, ``load`` and ``aggregate`` show each graph as a
short label. Every point reproduces ``simulate`` at its seed.
"""

import json

import numpy as np
import pandas as pd
import pytest

import tournament
from tournament import Config, ParameterError
from tournament.cli import main
from tournament.study import Design, aggregate, load, sweep
from tournament.study.design import level_label

pytest.importorskip("pyarrow")

BASE = Config(n_jurisdictions=12, n_rounds=20, burn_in=4, recognized_per_round=2)
SMALL = ["--set", "n_jurisdictions=12", "--set", "n_rounds=20", "--set", "burn_in=4",
         "--set", "recognized_per_round=2"]


def write_edges(path, pairs, header=True):
    lines = (["county_a,county_b"] if header else []) + [f"{a},{b}" for a, b in pairs]
    path.write_text("\n".join(lines) + "\n")
    return path


RING = [(i, (i + 1) % 12) for i in range(12)]
STAR = [(0, i) for i in range(1, 12)]


def same_as_simulate(design, data):
    for p in range(len(design)):
        expected = tournament.simulate(design.config(p), replicates=design.replicates,
                                       seed=design.point_seed(p)).summary
        got = data[data["point"] == p].drop(columns=["point", "seed", *design.names])
        pd.testing.assert_frame_equal(got.reset_index(drop=True),
                                      expected.reset_index(drop=True), check_dtype=False)


def test_topology_sweeps_as_a_grid_level(tmp_path):
    design = Design.grid({"topology": ["complete", "ring", "small_world", "regions"],
                          "learning_rate": [0.5, 1.0]}, replicates=3, seed=2,
                         base=BASE.replace(n_regions=3))
    assert len(design) == 8 and design.point(3) == {"topology": "ring",
                                                   "learning_rate": 1.0}
    res = sweep(design, tmp_path / "topo")
    data = load(res.path)
    assert list(data["topology"].unique()) == ["complete", "ring", "small_world", "regions"]
    same_as_simulate(design, data)
    points = pd.read_csv(tmp_path / "topo" / "_design.csv")
    assert points["topology"].tolist() == design.table()["topology"].tolist()
    # a level the population cannot have fails before anything runs, naming it
    with pytest.raises(ParameterError, match="topology level 'grid' is rejected.*grid"):
        Design.grid({"topology": ["ring", "grid"]}, replicates=2,
                    base=BASE.replace(n_jurisdictions=14))


def test_a_csv_edge_list_is_the_base_graph_of_a_sweep(tmp_path):
    path = write_edges(tmp_path / "counties.csv", RING)
    base = BASE.replace(topology="custom", edges=str(path))
    assert base.edges == tuple(sorted((min(a, b), max(a, b)) for a, b in RING))
    design = Design.grid({"learning_rate": [0.3, 1.0]}, replicates=3, seed=1, base=base)
    saved = Design.from_dict(json.loads(design.to_json()))
    assert saved == design and saved.base.edges == base.edges
    res = sweep(design, tmp_path / "custom")
    same_as_simulate(design, load(res.path))
    # the same graph given as pairs is the same design (the file's path is not kept)
    again = Design.grid({"learning_rate": [0.3, 1.0]}, replicates=3, seed=1,
                        base=BASE.replace(topology="custom", edges=RING))
    assert again == design


def test_edge_lists_as_levels_show_as_labels(tmp_path):
    ring = write_edges(tmp_path / "ring.csv", RING)
    star = write_edges(tmp_path / "star.csv", STAR, header=False)
    base = BASE.replace(topology="custom", edges=str(ring))
    design = Design.grid({"edges": [str(ring), str(star)]}, replicates=2, seed=4, base=base)
    assert design.points[1][0] == tuple(STAR)
    res = sweep(design, tmp_path / "graphs")
    labels = [level_label("edges", tuple(sorted((min(a, b), max(a, b)) for a, b in RING))),
              level_label("edges", tuple(STAR))]
    assert labels[0].startswith("12 edges, sha256 ") and labels[1].startswith("11 edges, ")
    points = pd.read_csv(tmp_path / "graphs" / "_design.csv")
    assert points["edges"].tolist() == labels
    data = load(res.path)
    assert data["edges"].tolist() == [labels[0]] * 2 + [labels[1]] * 2
    same_as_simulate(design, data)
    table = aggregate(res.path, ["projects"])
    assert table["edges"].tolist() == labels
    with pytest.raises(ParameterError, match="edges is a graph parameter: it can only be "
                                             "swept in a grid design"):
        Design.random({"edges": (0, 1)}, 4, replicates=2, base=base)


def test_the_command_line_takes_a_csv_edge_list(tmp_path, capsys):
    path = write_edges(tmp_path / "counties.csv", RING)
    out = tmp_path / "cli"
    args = ["sweep", *SMALL, "--set", "topology=custom", "--set", f"edges={path}",
            "--param", "learning_rate=0.5,1.0", "--replicates", "3", "--seed", "1",
            "--out", str(out)]
    assert main(args) == 0, capsys.readouterr().err
    design = Design.from_dict(json.loads((out / "_design.json").read_text()))
    assert design.base.topology == "custom" and design.base.edges == Config(
        n_jurisdictions=12, topology="custom", edges=RING).edges
    # resuming with the same file runs nothing; after the file changed it is refused
    assert main([*args[:-2], "--resume", "--out", str(out)]) == 0
    write_edges(path, STAR)
    capsys.readouterr()
    assert main([*args[:-2], "--resume", "--out", str(out)]) == 2
    assert "differ" in capsys.readouterr().err
    # levels of graphs on the command line
    ring, star = write_edges(tmp_path / "r.csv", RING), write_edges(tmp_path / "s.csv", STAR)
    out2 = tmp_path / "cli2"
    assert main(["sweep", *SMALL, "--set", "topology=custom", "--set", f"edges={ring}",
                 "--param", f"edges={ring},{star}", "--replicates", "2",
                 "--out", str(out2)]) == 0
    assert len(load(out2)) == 4
    # a bad file fails before the folder is made, naming the line
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n0,1\n1,x\n")
    out3 = tmp_path / "cli3"
    assert main(["sweep", *SMALL, "--set", "topology=custom", "--set", f"edges={bad}",
                 "--param", "learning_rate=0.5,1.0", "--replicates", "2",
                 "--out", str(out3)]) == 2
    assert "line 3" in capsys.readouterr().err and not out3.exists()


def test_level_label_is_a_digest_of_the_pairs():
    a = level_label("edges", ((0, 1), (1, 2)))
    assert a == level_label("edges", ((0, 1), (1, 2)))
    assert a != level_label("edges", ((0, 1), (1, 3)))
    assert level_label("topology", "ring") == "ring"
    assert np.isclose(level_label("novelty_decay", 0.3), 0.3)
