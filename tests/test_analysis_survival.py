"""Kaplan–Meier curves with Greenwood log-log bands, and the median's interval."""

import math

import numpy as np
import pandas as pd
import pytest

from tournament import ParameterError
from tournament.analysis import kaplan_meier, km_median, project_survival, survival_median
from tournament.analysis.tables import events_frame


def test_kaplan_meier_without_censoring_known_answer():
    km = kaplan_meier(np.array([1, 2, 3, 4, 5]), np.ones(5, bool))
    assert km["time"].tolist() == [0, 1, 2, 3, 4, 5]
    assert km["at_risk"].tolist() == [5, 5, 4, 3, 2, 1]
    assert km["deaths"].tolist() == [0, 1, 1, 1, 1, 1]
    np.testing.assert_allclose(km["survival"], [1.0, 0.8, 0.6, 0.4, 0.2, 0.0])
    # Greenwood: S * sqrt(sum d / (n (n - d))), e.g. 0.8 * sqrt(1/20) at t = 1
    np.testing.assert_allclose(km["se"], [0.0, 0.178885, 0.219089, 0.219089, 0.178885, 0.0],
                               atol=1e-6)
    # log-log band S ** exp(±1.96 sqrt(V) / |log S|); [1, 1] before any death, [0, 0] at S = 0
    np.testing.assert_allclose(km["ci_low"], [1.0, 0.203809, 0.125730, 0.051976, 0.008369, 0.0],
                               atol=1e-6)
    np.testing.assert_allclose(km["ci_high"], [1.0, 0.969180, 0.881756, 0.752816, 0.581853, 0.0],
                               atol=1e-6)
    assert survival_median(km) == (3.0, 1.0, 5.0)


def test_kaplan_meier_censoring_and_ties():
    # a death and a censoring at t = 2: the death comes first (4 at risk), then 2 remain
    km = kaplan_meier(np.array([1, 2, 2, 3, 4]), np.array([1, 0, 1, 1, 1], bool))
    assert km["at_risk"].tolist() == [5, 5, 4, 2, 1]
    assert km["censored"].tolist() == [0, 0, 1, 0, 0]
    np.testing.assert_allclose(km["survival"], [1.0, 0.8, 0.6, 0.3, 0.0])
    np.testing.assert_allclose(km["se"][3], 0.3 * math.sqrt(1 / 20 + 1 / 12 + 1 / 2))
    assert survival_median(km) == (3.0, 1.0, 4.0)


def test_kaplan_meier_bands_contain_the_curve():
    rng = np.random.default_rng(3)
    durations = rng.integers(0, 30, 400)
    observed = rng.random(400) < 0.7
    km = kaplan_meier(durations, observed, level=0.9)
    assert (km["ci_low"] <= km["survival"] + 1e-12).all()
    assert (km["survival"] <= km["ci_high"] + 1e-12).all()
    assert ((km["ci_low"] >= 0) & (km["ci_high"] <= 1)).all()
    assert km["survival"].is_monotonic_decreasing
    wider = kaplan_meier(durations, observed, level=0.99)
    assert (wider["ci_high"] - wider["ci_low"] >= km["ci_high"] - km["ci_low"] - 1e-12).all()


@pytest.mark.parametrize("seed", range(5))
def test_survival_median_equals_km_median(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    durations = rng.integers(0, 12, n)
    observed = rng.random(n) < rng.random()
    median = survival_median(kaplan_meier(durations, observed))[0]
    assert median == km_median(durations, observed)


def test_kaplan_meier_empty_one_and_all_censored():
    empty = kaplan_meier(np.array([], int), np.array([], bool))
    assert len(empty) == 0 and "ci_low" in empty.columns
    assert all(math.isnan(v) for v in survival_median(empty))
    one = kaplan_meier(np.array([0]), np.array([True]))
    assert one["survival"].tolist() == [0.0] and survival_median(one) == (0.0, 0.0, 0.0)
    censored = kaplan_meier(np.array([2, 3]), np.array([False, False]))
    assert (censored["survival"] == 1.0).all()
    assert survival_median(censored) == (math.inf, math.inf, math.inf)


def test_kaplan_meier_validates():
    with pytest.raises(ParameterError, match="one length"):
        kaplan_meier(np.array([1, 2]), np.array([True]))
    with pytest.raises(ParameterError, match=">= 0"):
        kaplan_meier(np.array([-1]), np.array([True]))
    with pytest.raises(ParameterError, match="level"):
        kaplan_meier(np.array([1]), np.array([True]), level=1.5)


def test_project_survival_burn_in_and_groups():
    ev = events_frame([
        (0, 0, "innovation", 1, 3, "dropped"),    # before burn-in 2: left out
        (0, 1, "innovation", 3, 5, "replaced"),   # 2
        (1, 2, "imitation", 4, 8, "dropped"),     # 4
        (2, 0, "innovation", 5, 0, "censored"),   # censored at 10 - 1 - 5 = 4 (last seen)
    ], n_rounds=10)
    pooled = project_survival(ev, 10, 2)
    assert pooled["at_risk"].iloc[0] == 3
    np.testing.assert_allclose(pooled["survival"], [1, 1, 2 / 3, 2 / 3, 1 / 3])
    by = project_survival(ev, 10, 2, by="origin")
    assert set(by["group"]) == {"innovation", "imitation"}
    imitation = by[by["group"] == "imitation"]
    assert imitation["survival"].iloc[-1] == 0.0 and len(imitation) == 5
    with pytest.raises(ParameterError, match="not an events column"):
        project_survival(ev, 10, 2, by="colour")
    none = project_survival(ev, 10, 9, by="origin")
    assert len(none) == 0 and "group" in none.columns


def test_pooled_median_pools_replicates_and_resamples_them():
    from tournament.analysis import pooled_median

    ev = pd.concat([
        events_frame([(0, 0, "innovation", 0, 1, "dropped"),
                      (1, 0, "innovation", 0, 2, "dropped")], n_rounds=10, replicate=0),
        events_frame([(0, 0, "innovation", 0, 0, "censored"),      # censored at 9
                      (1, 0, "innovation", 0, 4, "dropped")], n_rounds=10, replicate=1),
    ], ignore_index=True)
    iv = pooled_median(ev, 10, 0, n_boot=200, seed=1)
    # pooled: t=1: 4 at risk, 1 dies (0.75); t=2: 3 at risk, 1 dies (0.5): median 2
    assert iv.estimate == 2.0 == km_median(np.array([1, 2, 9, 4]), np.array([1, 1, 0, 1], bool))
    assert iv.n == 4 and iv.method == "bootstrap"
    # resampling replicate 0 twice gives median 1, replicate 1 twice gives 4
    assert (iv.low, iv.high) == (1.0, 4.0)
    assert pooled_median(ev, 10, 0, n_boot=200, seed=1) == iv
    empty = pooled_median(events_frame([], n_rounds=10), 10, 0)
    assert math.isnan(empty.estimate) and empty.n == 0
    with pytest.raises(ParameterError, match="n_boot"):
        pooled_median(ev, 10, 0, n_boot=3)
