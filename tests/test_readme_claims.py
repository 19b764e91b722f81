"""The README's statements about the version-1 facts under their honest contrasts.

README, "What the model reproduces": on the defaults, launches by non-owners
in a domain fall after it becomes the model, by more than in the runner-up's
domain, and owners of the model who lose it become followers no more often
than the jurisdictions ranked just below them. Each is checked per replicate
over 40 replicates (fixed seed), with a normal interval from the standard
error across replicates; a claim holds when the whole interval is on its side.
"""

import math

import numpy as np
import pytest

import tournament
from tournament.analysis import bandwagon_did, leader_follower_contrast

Z = 1.959963984540054


@pytest.fixture(scope="module")
def defaults_run():
    cfg = tournament.Config()
    res = tournament.simulate(cfg, replicates=40, seed=3, record=("rounds", "events", "panel"))
    return cfg, res


def interval(values) -> tuple[float, float]:
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    assert len(x) >= 30, "too few replicates with a defined value"
    mean, se = x.mean(), x.std(ddof=1) / math.sqrt(len(x))
    return mean - Z * se, mean + Z * se


def test_launches_in_the_new_model_domain_fall_and_more_than_in_the_runner_ups(defaults_run):
    cfg, res = defaults_run
    table = bandwagon_did(res.events, res.rounds, res.panel, cfg.burn_in)
    assert interval(table["treated"])[1] < 0      # after - before, non-owners, model's domain
    assert interval(table["did"])[1] < 0          # minus the same for the runner-up's domain


def test_ex_owners_of_the_model_follow_no_more_often_than_the_placebo(defaults_run):
    cfg, res = defaults_run
    table = leader_follower_contrast(res.rounds, res.panel, res.events, cfg.burn_in)
    assert interval(table["difference"])[1] < 0      # leader share - placebo share
