"""Intervals and tests across replicates, against known values (SciPy-computed constants)."""

import math

import numpy as np
import pytest

from tournament import ParameterError
from tournament.analysis import (
    bootstrap_interval,
    contrast_interval,
    location_interval,
    mean_interval,
)
from tournament.analysis.inference import t_cdf, t_ppf


@pytest.mark.parametrize(("q", "df", "expected"), [
    (0.975, 4, 2.7764451051977934),
    (0.975, 2.5, 3.5746548420036817),
    (0.975, math.inf, 1.959963984540054),
    (0.5, 10, 0.0),
    (0.05, 30, -1.6972608865939574),
])
def test_t_ppf_known_values(q, df, expected):
    assert t_ppf(q, df) == pytest.approx(expected, abs=1e-9)


def test_t_cdf_known_values_and_edges():
    assert t_cdf(1.5, 7) == pytest.approx(0.911350756505015, abs=1e-12)
    assert t_cdf(0.3, 12) == pytest.approx(0.6153447629558739, abs=1e-12)
    assert t_cdf(1e-9, 5) > 0.5
    assert t_cdf(-1.5, 7) == pytest.approx(1 - 0.911350756505015, abs=1e-12)
    assert t_cdf(math.inf, 3) == 1.0 and t_cdf(-math.inf, 3) == 0.0
    assert math.isnan(t_cdf(math.nan, 3)) and math.isnan(t_cdf(1.0, 0))
    with pytest.raises(ParameterError):
        t_ppf(1.0, 3)


def test_mean_interval_known_answer():
    iv = mean_interval([1, 2, 3, 4, 5, math.nan])     # nan is dropped
    assert (iv.estimate, iv.n, iv.method) == (3.0, 5, "t")
    assert iv.low == pytest.approx(1.0367568385224428)
    assert iv.high == pytest.approx(4.963243161477557)
    assert iv.se == pytest.approx(math.sqrt(2.5 / 5))


def test_mean_interval_degenerate_samples():
    one = mean_interval([2.0])
    assert one.estimate == 2.0 and math.isnan(one.low) and math.isnan(one.high)
    constant = mean_interval([2.0, 2.0, 2.0])
    assert (constant.low, constant.high, constant.se) == (2.0, 2.0, 0.0)
    infinite = mean_interval([1.0, math.inf])
    assert infinite.estimate == math.inf and math.isnan(infinite.low)
    empty = mean_interval([])
    assert math.isnan(empty.estimate) and empty.n == 0


def test_welch_contrast_known_answer():
    a = np.array([1, 2, 3, 4, 5.0])
    iv = contrast_interval([a, 2 * a], [1.0, -1.0])
    assert iv.method == "welch" and iv.estimate == pytest.approx(-3.0)
    assert iv.df == pytest.approx(5.882352941176471)
    assert iv.statistic == pytest.approx(-1.8973665961010275)
    assert iv.p_value == pytest.approx(0.10753119493062728, abs=1e-9)
    assert (iv.low, iv.high) == (pytest.approx(-6.887741643736975),
                                 pytest.approx(0.887741643736975))


def test_interaction_contrast_of_four_cells():
    cells = [np.array([4.0, 6.0]), np.array([1.0, 3.0]), np.array([2.0, 2.0]),
             np.array([0.0, 2.0])]
    iv = contrast_interval(cells, [1, -1, -1, 1])
    assert iv.estimate == pytest.approx(5 - 2 - 2 + 1)
    assert iv.se == pytest.approx(math.sqrt((2 + 2 + 0 + 2) / 2))
    with pytest.raises(ParameterError, match="one length"):
        contrast_interval(cells, [1, -1])


def test_bootstrap_interval_is_reproducible_and_covers():
    x = np.arange(1.0, 21.0)
    iv = bootstrap_interval(lambda v: float(np.median(v)), [x], n_boot=500, seed=1)
    again = bootstrap_interval(lambda v: float(np.median(v)), [x], n_boot=500, seed=1)
    assert iv == again and iv.method == "bootstrap"
    assert iv.low < iv.estimate == 10.5 < iv.high
    constant = bootstrap_interval(lambda v: float(v.mean()), [np.full(5, 3.0)], n_boot=50)
    assert (constant.low, constant.high) == (3.0, 3.0)
    with pytest.raises(ParameterError, match="n_boot"):
        bootstrap_interval(np.mean, [x], n_boot=5)


def test_location_interval_switches_to_medians_with_inf():
    finite = location_interval([[1.0, 2.0, 3.0], [0.0, 1.0, 2.0]], [1, -1])
    assert finite.method == "welch" and finite.estimate == pytest.approx(1.0)
    mixed = location_interval([[4.0, 5.0, math.inf, math.inf, math.inf], [1.0, 2.0, 3.0]],
                              [1, -1])
    assert mixed.method == "bootstrap" and mixed.estimate == math.inf
    assert mixed.high == math.inf
    ratio = location_interval([[2.0, 3.0, 4.0, math.inf]], [1.0])
    assert ratio.estimate == pytest.approx(3.5)   # median of 2, 3, 4, inf
