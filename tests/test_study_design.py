"""Designs: construction, sampling, seeds, serialisation and validation (no simulation)."""

import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tournament import Config, ParameterError, ParameterTypeError
from tournament.study import Design
from tournament.study.design import parse_factor

BASE = Config(n_jurisdictions=10, n_rounds=30, burn_in=5)


def test_grid_is_the_product_of_levels_last_fastest():
    d = Design.grid({"novelty_decay": [0.1, 0.2, 0.3], "noise": ["normal", "gumbel"]},
                    replicates=7, seed=3, base=BASE)
    assert len(d) == 6 and d.total_replicates == 42
    assert d.points[:3] == ((0.1, "normal"), (0.1, "gumbel"), (0.2, "normal"))
    assert d.point(5) == {"novelty_decay": 0.3, "noise": "gumbel"}
    cfg = d.config(5)
    assert cfg.novelty_decay == 0.3 and cfg.noise == "gumbel" and cfg.n_rounds == 30


def test_specs_parse_ranges_lists_choices_and_toml_arrays():
    assert parse_factor("novelty_decay=0.05:0.3:3") == ("novelty_decay", "range", (0.05, 0.3, 3))
    assert parse_factor("rotation_hazard=0.1:0.4") == ("rotation_hazard", "range",
                                                       (0.1, 0.4, None))
    assert parse_factor("noise=normal,gumbel") == ("noise", "list", ("normal", "gumbel"))
    assert parse_factor("elite_mix=[[0.4,0.3,0.2,0.1],[1,0,0,0]]")[2] == (
        (0.4, 0.3, 0.2, 0.1), (1, 0, 0, 0))
    d = Design.from_specs("grid", ["novelty_decay=0.05:0.3:3", "max_tenure=2:10:3",
                                   "elite_mix=[[0.4,0.3,0.2,0.1],[1,0,0,0]]"],
                          replicates=2, base=BASE)
    assert d.factors["novelty_decay"] == (0.05, 0.175, 0.3)
    assert d.factors["max_tenure"] == (2, 6, 10)
    assert d.factors["elite_mix"] == ((0.4, 0.3, 0.2, 0.1), (1.0, 0.0, 0.0, 0.0))
    assert len(d) == 18


@pytest.mark.parametrize("kind", ["random", "lhs", "sobol"])
def test_continuous_designs_round_integers_and_stay_in_bounds(kind):
    d = Design.from_specs(kind, ["planning_horizon=1:4", "crowding=0.2:0.9"], replicates=1,
                          points=64, base=BASE, seed=5)
    horizons = [p[0] for p in d.points]
    crowding = np.array([p[1] for p in d.points])
    assert all(isinstance(h, int) for h in horizons)
    assert set(horizons) == {1, 2, 3, 4}          # every integer of [1, 4] is reachable
    assert crowding.min() >= 0.2 and crowding.max() <= 0.9
    again = Design.from_specs(kind, ["planning_horizon=1:4", "crowding=0.2:0.9"], replicates=1,
                              points=64, base=BASE, seed=5)
    other = Design.from_specs(kind, ["planning_horizon=1:4", "crowding=0.2:0.9"], replicates=1,
                              points=64, base=BASE, seed=5, sample_seed=6)
    assert again == d and other.points != d.points


def test_lhs_puts_one_point_in_each_stratum():
    d = Design.lhs({"crowding": (0.0, 1.0), "novelty_decay": (0.0, 0.5)}, 20, replicates=1,
                   seed=2, base=BASE)
    for j, (lo, hi) in enumerate(d.factors.values()):
        strata = np.floor((np.array([p[j] for p in d.points]) - lo) / (hi - lo) * 20)
        assert sorted(strata.astype(int)) == list(range(20))


def test_sobol_design_is_saltellis_sample():
    from SALib.sample import sobol

    bounds = {"crowding": (0.0, 1.0), "novelty_decay": (0.1, 0.5), "upkeep_cost": (0.0, 0.2)}
    d = Design.sobol(bounds, 8, replicates=1, seed=4, base=BASE)
    assert len(d) == 8 * (3 + 2) and d.base_samples == 8
    problem = {"num_vars": 3, "names": list(bounds), "bounds": [list(b) for b in
                                                                  bounds.values()]}
    expected = sobol.sample(problem, 8, calc_second_order=False, scramble=True, seed=4)
    np.testing.assert_allclose(np.array(d.points), expected, rtol=1e-12, atol=1e-15)
    second = Design.sobol(bounds, 8, replicates=1, seed=4, base=BASE, second_order=True)
    assert len(second) == 8 * (2 * 3 + 2)


def test_point_seeds_are_fixed_by_the_design():
    d = Design.grid({"crowding": [0.1, 0.2, 0.3]}, replicates=2, seed=11, base=BASE)
    seeds = [d.point_seed(p) for p in range(3)]
    assert len(set(seeds)) == 3 and all(s >= 0 for s in seeds)
    expected = np.random.SeedSequence(11, spawn_key=(0x706F696E74, 2)).generate_state(
        1, np.uint64)[0]
    assert seeds[2] == int(expected)
    assert list(d.table()["seed"]) == seeds
    common = Design.grid({"crowding": [0.1, 0.2, 0.3]}, replicates=2, seed=11, base=BASE,
                         seeding="common")
    assert [common.point_seed(p) for p in range(3)] == [11, 11, 11]


def test_json_round_trip_is_exact_even_with_infinite_rationality():
    d = Design.lhs({"crowding": (0.0, 1.0), "max_tenure": (1, 9)}, 5, replicates=3, seed=1,
                   base=BASE.replace(rationality=math.inf))
    text = d.to_json()
    back = Design.from_dict(json.loads(text))
    assert back == d and back.points == d.points and back.base == d.base
    assert back.differences(d) == []
    assert Design.from_dict(json.loads(text) | {"seed": 2}).differences(d) == ["seed"]


@given(lo=st.floats(0.0, 0.9), width=st.floats(0.01, 0.1), n=st.integers(1, 30),
       seed=st.integers(0, 2**32))
def test_random_designs_stay_in_any_bounds_and_round_trip(lo, width, n, seed):
    hi = min(1.0, lo + width)
    d = Design.random({"novelty_decay": (lo, hi)}, n, replicates=1, seed=seed, base=BASE)
    values = [p[0] for p in d.points]
    assert len(values) == n and all(lo <= v <= hi for v in values)
    assert Design.from_dict(json.loads(d.to_json())) == d


# ----------------------------------------------------------------------------- bad designs
@pytest.mark.parametrize(("make", "error", "match"), [
    (lambda: Design.grid({"novelty_decya": [0.1]}, replicates=2),
     ParameterError, "unknown parameter 'novelty_decya'; did you mean 'novelty_decay'"),
    (lambda: Design.from_specs("grid", ["novelty_decay=0.3:0.1:3"], replicates=2),
     ParameterError, r"novelty_decay = 0.3:0.1:3 is an empty range"),
    (lambda: Design.lhs({"crowding": (0.5, 0.5)}, 4, replicates=2),
     ParameterError, r"crowding = 0.5:0.5 is an empty range"),
    (lambda: Design.grid({"crowding": []}, replicates=2),
     ParameterError, "crowding: a grid needs at least one level"),
    (lambda: Design.grid({"novelty_decay": [0.1, 1.5]}, replicates=2),
     ParameterError, r"novelty_decay level 1.5 is rejected by the configuration: "
                     r"novelty_decay = 1.5 is out of range: must be a finite float in \[0, 1\]"),
    (lambda: Design.random({"novelty_decay": (0.0, 1.5)}, 4, replicates=2),
     ParameterError, r"novelty_decay bound 1.5 is rejected .* must be a finite float in \[0, 1\]"),
    (lambda: Design.grid({"n_rounds": [50, 10], "burn_in": [5, 20]}, replicates=2,
                         base=Config(burn_in=0)),
     ParameterError, r"design point 3 \(n_rounds=10, burn_in=20\) is rejected by the "
                     r"configuration: burn_in = 20 is out of range: must be < n_rounds \(10\)"),
    (lambda: Design.grid({"noise": ["normal", "gauss"]}, replicates=2),
     ParameterError, r"noise level 'gauss' is rejected .*must be one of 'normal', 'gumbel'"),
    (lambda: Design.grid({"crowding": [0.1]}, replicates=0),
     ParameterError, r"replicates = 0 is out of range: must be an integer >= 1"),
    (lambda: Design.grid({"crowding": [0.1]}, replicates=2.5),
     ParameterTypeError, r"replicates = 2.5 must be an integer >= 1"),
    (lambda: Design.lhs({"noise": ("normal", "gumbel")}, 4, replicates=2),
     ParameterError, "noise is a choice parameter: it can only be swept in a grid design"),
    (lambda: Design.from_specs("lhs", ["crowding=0.1,0.2"], replicates=2, points=4),
     ParameterError, "crowding: a lhs design needs a range lo:hi, not a list"),
    (lambda: Design.from_specs("lhs", ["crowding=0.1:0.2:3"], replicates=2, points=4),
     ParameterError, "its number of points comes from --points"),
    (lambda: Design.from_specs("grid", ["crowding=0.1:0.2"], replicates=2),
     ParameterError, "crowding: a grid needs levels: lo:hi:n"),
    (lambda: Design.from_specs("grid", ["crowding=0.1", "crowding=0.2"], replicates=2),
     ParameterError, "parameter 'crowding' is swept twice"),
    (lambda: Design.from_specs("grid", ["max_tenure=1:3:5"], replicates=2),
     ParameterError, r"repeat after rounding \(\[1, 2, 2, 2, 3\]\)"),
    (lambda: Design.from_specs("grid", [], replicates=2),
     ParameterError, "at least one --param"),
    (lambda: Design.from_specs("lhs", ["crowding=0.1:0.2"], replicates=2),
     ParameterError, "a lhs design needs --points N"),
    (lambda: Design.sobol({"crowding": (0.0, 1.0)}, 12, replicates=2),
     ParameterError, r"points = 12 is invalid for a Sobol design: .*power of two"),
    (lambda: Design.grid({"crowding": [0.1]}, replicates=2, seeding="shared"),
     ParameterError, r"seeding = 'shared' is invalid"),
    (lambda: Design.grid({"crowding": [0.1]}, replicates=2, seed=-1),
     ParameterError, r"seed = -1 is out of range"),
    (lambda: parse_factor("crowding"), ParameterError, "must look like NAME=lo:hi:n"),
    (lambda: parse_factor("crowding=a:0.2"), ParameterError, "'a' is not a number"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None)
def test_bad_designs_fail_with_a_message_naming_the_problem(make, error, match):
    with pytest.raises(error, match=match):
        make()
