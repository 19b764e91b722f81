"""The spatial layer's figures write non-trivial PNGs and refuse what they cannot draw."""

import math

import pandas as pd
import pytest
from test_analysis_figures import assert_png

import tournament
from tournament import Config, ParameterError
from tournament.analysis.inference import Interval
from tournament.analysis.space import diffusion_curves
from tournament.plots.space import (
    adoption_map,
    diffusion_plot,
    joint_share_plot,
    neighbour_effect_plot,
    prize_contrast_plot,
)

pytest.importorskip("matplotlib")

GRID = Config(n_jurisdictions=100, n_rounds=40, burn_in=5, topology="grid", learning_rate=0.5)


@pytest.fixture(scope="module")
def grid_run():
    return tournament.simulate(GRID, replicates=2, seed=1, record=("events",))


def test_adoption_map(grid_run, tmp_path):
    assert_png(adoption_map(grid_run.events, GRID, rounds=(5, 15, 25, 39), replicate=1,
                            path=tmp_path / "map.png"))
    assert_png(adoption_map(grid_run.events, GRID, path=tmp_path / "default.png"))
    with pytest.raises(ParameterError, match="topology = 'ring'"):
        adoption_map(grid_run.events, GRID.replace(topology="ring"))
    with pytest.raises(ParameterError, match="rounds"):
        adoption_map(grid_run.events, GRID, rounds=(5, 40))
    with pytest.raises(ParameterError, match="replicate"):
        adoption_map(grid_run.events, GRID, replicate=7)
    with pytest.raises(ParameterError, match="first_recognized"):
        adoption_map(grid_run.events.drop(columns="first_recognized"), GRID)


def test_neighbour_effect_plot(tmp_path):
    effects = {"ring": Interval(0.51, 0.49, 0.54, 0.012, 100, "cluster-robust logit"),
               "placebo: complete, ring neighbours": Interval(0.009, -0.014, 0.031, 0.011, 100,
                                                              "cluster-robust logit")}
    assert_png(neighbour_effect_plot(effects, path=tmp_path / "effect.png"), min_bytes=5_000)
    with pytest.raises(ParameterError, match="empty"):
        neighbour_effect_plot({})
    with pytest.raises(ParameterError, match="NeighbourEffect or an Interval"):
        neighbour_effect_plot({"ring": 0.5})


def test_joint_share_plot(tmp_path):
    rows = [(c, mode, r, 0.3 - 0.1 * c + (0.03 if mode == "regional" else 0) + 0.01 * math.sin(r))
            for c in (0.0, 0.5, 1.0) for mode in ("individual", "regional") for r in range(10)]
    shares = pd.DataFrame(rows, columns=["credit_sharing", "evaluation_mode", "replicate",
                                         "joint_share"])
    assert_png(joint_share_plot(shares, path=tmp_path / "joint.png"), min_bytes=5_000)
    with pytest.raises(ParameterError, match="lacks"):
        joint_share_plot(shares.drop(columns="evaluation_mode"))


def test_prize_contrast_plot(tmp_path):
    grid = pd.DataFrame([(c, size, 0.1 - 0.08 * c, 0.08 - 0.08 * c, 0.12 - 0.08 * c)
                         for c in (0.5, 1.0, 1.5) for size in (5, 10)],
                        columns=["innovation_cost", "region_size", "estimate", "ci_low",
                                 "ci_high"])
    assert_png(prize_contrast_plot(grid, path=tmp_path / "prize.png"), min_bytes=5_000)
    with pytest.raises(ParameterError, match="lacks"):
        prize_contrast_plot(grid.drop(columns="ci_low"))


def test_diffusion_plot(grid_run, tmp_path):
    curves = {"grid": diffusion_curves(grid_run.events, GRID, horizon=10)}
    assert_png(diffusion_plot(curves, path=tmp_path / "diffusion.png"), min_bytes=5_000)
    with pytest.raises(ParameterError, match="non-empty mapping"):
        diffusion_plot({})
