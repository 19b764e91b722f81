"""Property-based tests of the engines and of validation (hypothesis)."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine_agreement import assert_summaries_agree

import tournament
from tournament import Config, ParameterError, ParameterTypeError
from tournament._params import PARAMS
from tournament.testing.strategies import configs


@settings(deadline=None)
@given(cfg=configs(max_jurisdictions=7, max_domains=3, max_rounds=25),
       seed=st.integers(0, 2**32 - 1), replicate=st.integers(0, 1000))
def test_every_valid_configuration_runs_identically_in_both_engines(cfg, seed, replicate):
    kw = dict(replicates=[replicate], seed=seed, record=("rounds", "events", "panel"))
    ref = tournament.simulate(cfg, engine="reference", **kw)
    comp = tournament.simulate(cfg, engine="compiled", **kw)
    for table in ("rounds", "events", "panel"):
        pd.testing.assert_frame_equal(getattr(ref, table), getattr(comp, table), check_exact=True)
    assert_summaries_agree(ref.summary, comp.summary)
    assert len(comp.rounds) == cfg.n_rounds


def _invalid_values(p):
    """Values outside a parameter's valid range (a strategy)."""
    if p.kind == "choice":
        return st.text(min_size=1, max_size=8).filter(lambda s: s not in p.choices)
    if p.kind == "mix":
        return st.lists(st.floats(0, 1), min_size=4, max_size=4).filter(
            lambda xs: abs(math.fsum(xs) - 1) > 1e-6)
    bad = [st.just(math.nan)]
    if math.isfinite(p.lo):
        step = 1 if p.kind == "int" else 1e-6
        bad.append(st.just(p.lo if p.lo_open else p.lo - step))
        bad.append(st.floats(-1e6, p.lo - 1e-3) if p.kind == "float"
                   else st.integers(-10**6, int(p.lo) - 1))
    if math.isfinite(p.hi):
        bad.append(st.just(p.hi if p.hi_open else p.hi + 1e-6))
        bad.append(st.floats(p.hi + 1e-3, 1e6))
    if p.kind == "int":
        bad.append(st.just(1.5))
    return st.one_of(bad)


@st.composite
def invalid_assignments(draw):
    name = draw(st.sampled_from(sorted(PARAMS)))
    return name, draw(_invalid_values(PARAMS[name]))


@settings(max_examples=200, deadline=None)
@given(invalid_assignments())
def test_every_invalid_value_raises_naming_the_parameter(assignment):
    name, value = assignment
    with pytest.raises((ParameterError, ParameterTypeError)) as info:
        Config(**{name: value})
    assert name in str(info.value)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"replicates": 0}, r"replicates = 0 .* >= 1"),
    ({"replicates": [1, 1]}, "distinct"),
    ({"replicates": [-1]}, "distinct integers >= 0"),
    ({"replicates": []}, "non-empty"),
    ({"engine": "fast"}, r"engine = 'fast'"),
    ({"record": ("summary", "rounds", "evnts")}, r"record entry 'evnts'"),
    ({"threads": 0}, r"threads = 0"),
])
def test_simulate_validates_arguments(kwargs, match):
    with pytest.raises(tournament.TournamentError, match=match):
        tournament.simulate(Config(n_jurisdictions=5, recognized_per_round=1, n_rounds=5,
                                   burn_in=0), **kwargs)


def test_simulate_rejects_a_non_config():
    with pytest.raises(ParameterTypeError, match="config must be a tournament.Config"):
        tournament.simulate({"n_jurisdictions": 5})
