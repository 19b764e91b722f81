"""Intervals and tests across replicates: the inference behind facts and comparisons.

Replicates are independent draws, so a statistic's replicate values are an
i.i.d. sample. Three tools cover independent samples:

* :func:`mean_interval` — mean and Student-t interval of one sample;
* :func:`contrast_interval` — a linear combination of the means of
  independent samples (a difference, an interaction) with its Welch–
  Satterthwaite interval, t statistic and two-sided p-value;
* :func:`bootstrap_interval` — any statistic of several samples with a
  percentile bootstrap interval (for medians and ratios, and samples holding
  ``inf``: a Kaplan–Meier median that the run never reached).

Configurations run with the same seed and replicate indices (common random
numbers) give *paired* samples: replicate ``r`` of one configuration and
replicate ``r`` of another share their random stream, and so does a treated
and a placebo unit of one run. The stylized facts of version 2
(docs/specification.md section 8) compare them pair by pair:

* :func:`paired_difference` — the mean of the per-pair differences with a
  Student-t interval, or, when a difference is infinite, their median with
  a percentile bootstrap;
* :func:`paired_ratio` — the ratio of the two samples' locations (means, or
  medians when a value is infinite) with the pairs resampled together;
* :func:`median_interval` — the median of one sample (``inf`` allowed) with
  a percentile bootstrap.

Undefined replicate values (``nan``) are dropped; ``n`` counts the rest.
The Student-t distribution is computed here (regularised incomplete beta
function) so that no SciPy is needed at run time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .._errors import ParameterError

__all__ = ["Interval", "mean_interval", "contrast_interval", "bootstrap_interval",
           "location_interval", "paired_difference", "paired_ratio", "median_interval",
           "t_cdf", "t_ppf"]


@dataclass(frozen=True)
class Interval:
    """An estimate with its interval.

    Attributes
    ----------
    estimate, low, high : float
        Point estimate and interval bounds.
    se : float
        Standard error (``nan`` for bootstrap intervals).
    n : int
        Finite observations used (summed over samples).
    method : str
        ``"t"``, ``"welch"``, ``"bootstrap"``, ``"paired t"``,
        ``"paired median (bootstrap)"``, ``"paired ratio (bootstrap)"`` or
        ``"median (bootstrap)"``.
    df, statistic, p_value : float
        Degrees of freedom, t statistic (estimate / se) and two-sided p-value
        of "the true value is 0" (``nan`` where not computed).
    """

    estimate: float
    low: float
    high: float
    se: float
    n: int
    method: str
    df: float = math.nan
    statistic: float = math.nan
    p_value: float = math.nan


def _check_level(level: float) -> None:
    if not 0.0 < level < 1.0:
        raise ParameterError(f"level = {level!r} is out of range: must be in (0, 1)")


def _clean(x: Sequence[float] | np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float).reshape(-1)
    return x[~np.isnan(x)]


# ----------------------------------------------------------------------------- Student t
def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        for num in (m * (b - m) * x / ((a + m2 - 1.0) * (a + m2)),
                    -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0))):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + num / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _betacf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """CDF of Student's t with ``df`` > 0 degrees of freedom (``inf``: the normal)."""
    if math.isnan(t) or not df > 0:
        return math.nan
    if math.isinf(df):
        return 0.5 * math.erfc(-t / math.sqrt(2.0))
    if math.isinf(t):
        return 1.0 if t > 0 else 0.0
    if t * t < df:  # near 0: P(|T| < |t|) = I_{t^2/(df+t^2)}(1/2, df/2) keeps its precision
        inner = 0.5 * _betainc(0.5, df / 2.0, t * t / (df + t * t))
        return 0.5 + inner if t > 0 else 0.5 - inner
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_ppf(q: float, df: float) -> float:
    """Quantile of Student's t (bisection on :func:`t_cdf`)."""
    if not 0.0 < q < 1.0:
        raise ParameterError(f"q = {q!r} is out of range: must be in (0, 1)")
    lo, hi = -1.0, 1.0
    while t_cdf(lo, df) > q:
        lo *= 2.0
    while t_cdf(hi, df) < q:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_cdf(mid, df) < q:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12 * max(1.0, abs(mid)):
            break
    return 0.5 * (lo + hi)


# ----------------------------------------------------------------------------- intervals
def mean_interval(x: Sequence[float] | np.ndarray, level: float = 0.95) -> Interval:
    """Mean of a sample with its Student-t interval (``nan`` bounds with fewer than 2 values).

    Infinite values make the mean infinite and its interval undefined; use
    :func:`location_interval` for samples that can hold them.
    """
    return contrast_interval([x], [1.0], level)


def contrast_interval(samples: Sequence[Sequence[float] | np.ndarray],
                      weights: Sequence[float], level: float = 0.95) -> Interval:
    """Estimate ``sum(w_k * mean_k)`` over independent samples, Welch–Satterthwaite interval.

    With ``weights = (1, -1)`` this is Welch's two-sample t test; with
    ``(1, -1, -1, 1)`` an interaction contrast of a 2 × 2 design.
    """
    _check_level(level)
    if len(samples) != len(weights) or not samples:
        raise ParameterError(f"samples ({len(samples)}) and weights ({len(weights)}) must be "
                             "non-empty and of one length")
    xs = [_clean(s) for s in samples]
    n_total = sum(len(x) for x in xs)
    if any(len(x) == 0 for x in xs):
        return Interval(math.nan, math.nan, math.nan, math.nan, n_total, "welch")
    estimate = float(sum(w * x.mean() for w, x in zip(weights, xs, strict=True)))
    method = "t" if len(xs) == 1 else "welch"
    if any(len(x) < 2 for x in xs) or not all(np.isfinite(x).all() for x in xs):
        return Interval(estimate, math.nan, math.nan, math.nan, n_total, method)
    parts = [w * w * float(x.var(ddof=1)) / len(x) for w, x in zip(weights, xs, strict=True)]
    var = sum(parts)
    se = math.sqrt(var)
    if se == 0.0:
        return Interval(estimate, estimate, estimate, 0.0, n_total, method, math.inf,
                        math.nan, math.nan)
    denom = sum(p * p / (len(x) - 1) for p, x in zip(parts, xs, strict=True))
    df = var * var / denom if denom > 0 else math.inf
    half = t_ppf(0.5 + level / 2.0, df) * se
    stat = estimate / se
    p_value = 2.0 * min(t_cdf(stat, df), 1.0 - t_cdf(stat, df))
    return Interval(estimate, estimate - half, estimate + half, se, n_total, method, df,
                    stat, p_value)


def bootstrap_interval(statistic: Callable[..., float],
                       samples: Sequence[Sequence[float] | np.ndarray], level: float = 0.95,
                       n_boot: int = 2000, seed: int = 0) -> Interval:
    """Percentile bootstrap interval of ``statistic(*samples)``.

    Each sample is resampled with replacement on its own (independent
    samples), ``n_boot`` times from ``numpy.random.default_rng(seed)``.
    ``statistic`` may return ``inf``; the interval is taken over the ordered
    bootstrap values, so an ``inf`` bound means more than ``(1 - level) / 2``
    of the resamples gave ``inf``.
    """
    _check_level(level)
    if n_boot < 10:
        raise ParameterError(f"n_boot = {n_boot!r} is out of range: must be >= 10")
    xs = [_clean(s) for s in samples]
    n_total = sum(len(x) for x in xs)
    if any(len(x) == 0 for x in xs):
        return Interval(math.nan, math.nan, math.nan, math.nan, n_total, "bootstrap")
    estimate = float(statistic(*xs))
    rng = np.random.default_rng(seed)
    values = np.empty(n_boot)
    for b in range(n_boot):
        values[b] = statistic(*(x[rng.integers(0, len(x), len(x))] for x in xs))
    low, high = _percentile_bounds(values, level)
    return Interval(estimate, low, high, math.nan, n_total, "bootstrap")


def _percentile_bounds(values: np.ndarray, level: float) -> tuple[float, float]:
    """Percentile interval of bootstrap values (``nan`` ones left out; ``nan`` if none is left).

    The bounds are order statistics: the ``floor(a (B - 1))``-th and
    ``ceil((1 - a) (B - 1))``-th of the ``B`` sorted values, ``a = (1 - level) / 2``,
    so an infinite value can be a bound.
    """
    values = np.sort(np.asarray(values, dtype=float)[~np.isnan(values)])
    if len(values) == 0:
        return math.nan, math.nan
    alpha = (1.0 - level) / 2.0
    low = float(values[int(math.floor(alpha * (len(values) - 1)))])
    high = float(values[int(math.ceil((1.0 - alpha) * (len(values) - 1)))])
    return low, high


def location_interval(samples: Sequence[Sequence[float] | np.ndarray],
                      weights: Sequence[float], level: float = 0.95,
                      seed: int = 0) -> Interval:
    """A contrast of means where every value is finite, else the same contrast of medians.

    The mean-based contrast uses :func:`contrast_interval`; when a sample
    holds ``inf`` (a median lifetime the run never reached) the contrast of
    medians with a bootstrap interval is returned instead.
    """
    xs = [_clean(s) for s in samples]
    if all(np.isfinite(x).all() for x in xs):
        return contrast_interval(xs, weights, level)

    def stat(*ys: np.ndarray) -> float:
        return _weighted_sum(weights, [float(np.median(y)) for y in ys])

    return bootstrap_interval(stat, xs, level, seed=seed)


def _weighted_sum(weights: Sequence[float], values: Sequence[float]) -> float:
    total = 0.0
    for w, v in zip(weights, values, strict=True):
        if w == 0.0:
            continue
        term = w * v
        if math.isnan(term):
            return math.nan
        total += term
    return total


# ----------------------------------------------------------------------------- paired samples
def _check_boot(n_boot: int, seed: int) -> None:
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 10:
        raise ParameterError(f"n_boot = {n_boot!r} is out of range: must be an integer >= 10")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed = {seed!r} is out of range: must be an integer >= 0")


def _pairs(a: Sequence[float] | np.ndarray,
           b: Sequence[float] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The two samples as float arrays of one length, pairs with a ``nan`` left out."""
    x = np.asarray(a, dtype=float).reshape(-1)
    y = np.asarray(b, dtype=float).reshape(-1)
    if len(x) != len(y):
        raise ParameterError(f"paired samples must have one length, got {len(x)} and {len(y)} "
                             "(one value per replicate in each)")
    keep = ~(np.isnan(x) | np.isnan(y))
    return x[keep], y[keep]


def paired_difference(a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray,
                      level: float = 0.95, n_boot: int = 2000, seed: int = 0) -> Interval:
    """The difference ``a - b`` of paired samples, computed pair by pair.

    ``a[i]`` and ``b[i]`` belong together: replicate ``i`` of two
    configurations run with the same seed (common random numbers), or a
    treated and a placebo value of replicate ``i`` of one run. A pair with
    a ``nan`` (undefined) value is left out; ``n`` counts the pairs used.

    * Every difference finite: the mean difference with its Student-t
      interval (``n - 1`` degrees of freedom), t statistic and two-sided
      p-value (method ``"paired t"``).
    * Some difference infinite (a Kaplan–Meier median that the run never
      reached): the *median* of the differences with a percentile bootstrap
      interval (method ``"paired median (bootstrap)"``). No pair is dropped
      for being infinite; a pair infinite on both sides with the same sign
      (both medians beyond the run) is a tie, difference 0, which pulls the
      estimate towards 0 whichever side a check asks for.

    Parameters
    ----------
    a, b : array of float
        One value per pair, in the same order.
    level : float
        Confidence level.
    n_boot : int
        Bootstrap resamples (``>= 10``), used only with infinite differences.
    seed : int
        Seed of the bootstrap, ``numpy.random.default_rng(seed)``.

    Returns
    -------
    Interval
        The estimate and its interval (``nan`` without pairs; ``nan``
        bounds with one pair).

    Raises
    ------
    ParameterError
        If the samples differ in length, or on a bad ``level``, ``n_boot``
        or ``seed``.
    """
    _check_level(level)
    _check_boot(n_boot, seed)
    x, y = _pairs(a, b)
    with np.errstate(invalid="ignore"):
        d = x - y
    d[np.isinf(x) & np.isinf(y) & (np.sign(x) == np.sign(y))] = 0.0
    n = len(d)
    if np.isfinite(d).all():
        iv = mean_interval(d, level)
        return Interval(iv.estimate, iv.low, iv.high, iv.se, n, "paired t", iv.df, iv.statistic,
                        iv.p_value)
    rng = np.random.default_rng(seed)
    values = np.median(d[rng.integers(0, n, (n_boot, n))], axis=1)
    low, high = _percentile_bounds(values, level)
    return Interval(float(np.median(d)), low, high, math.nan, n, "paired median (bootstrap)")


def _ratio(num: np.ndarray | float, den: np.ndarray | float) -> np.ndarray:
    """``num / den``; ``x / 0`` is ``inf`` for ``x > 0``, else ``nan``; ``inf / inf`` is 1."""
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / den
    out = np.where(np.isposinf(num) & np.isposinf(den), 1.0, out)
    return np.where(den > 0, out, np.where((den == 0) & (num > 0), math.inf, math.nan))


def paired_ratio(a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray,
                 level: float = 0.95, n_boot: int = 2000, seed: int = 0) -> Interval:
    """The ratio ``location(a) / location(b)`` of paired samples, with a paired bootstrap.

    The location is the mean when every value of both samples is finite,
    and the median otherwise (an ``inf`` Kaplan–Meier median stays in the
    sample and counts as the largest value). The interval resamples *pairs*
    (the same replicate indices for both samples, ``n_boot`` times from
    ``numpy.random.default_rng(seed)``), so the common random numbers that
    make the pairs alike narrow it, as in :func:`paired_difference`. A
    location of ``b`` at 0 gives ``inf`` when ``a``'s is positive and
    ``nan`` otherwise; two infinite locations (both medians beyond the run)
    are a tie, ratio 1; a pair with a ``nan`` is left out.

    Parameters
    ----------
    a, b : array of float
        One value per pair (numerator, denominator), in the same order.
    level : float
        Confidence level.
    n_boot : int
        Bootstrap resamples (``>= 10``).
    seed : int
        Seed of the bootstrap.

    Returns
    -------
    Interval
        Method ``"paired ratio (bootstrap)"``; ``nan`` without pairs.

    Raises
    ------
    ParameterError
        As :func:`paired_difference`.
    """
    _check_level(level)
    _check_boot(n_boot, seed)
    x, y = _pairs(a, b)
    n = len(x)
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, math.nan, 0, "paired ratio (bootstrap)")
    finite = bool(np.isfinite(x).all() and np.isfinite(y).all())

    def loc(v: np.ndarray, axis: int | None = None) -> np.ndarray:
        return np.mean(v, axis=axis) if finite else np.median(v, axis=axis)

    estimate = float(_ratio(loc(x), loc(y)))
    idx = np.random.default_rng(seed).integers(0, n, (n_boot, n))
    values = _ratio(loc(x[idx], axis=1), loc(y[idx], axis=1))
    low, high = _percentile_bounds(values, level)
    return Interval(estimate, low, high, math.nan, n, "paired ratio (bootstrap)")


def median_interval(x: Sequence[float] | np.ndarray, level: float = 0.95, n_boot: int = 2000,
                    seed: int = 0) -> Interval:
    """The median of one sample with a percentile bootstrap interval.

    ``inf`` values stay in the sample (an ``inf`` bound means that more
    than ``(1 - level) / 2`` of the resampled medians were ``inf``); ``nan``
    values are left out.

    Parameters
    ----------
    x : array of float
        The sample (one value per replicate).
    level : float
        Confidence level.
    n_boot : int
        Bootstrap resamples (``>= 10``).
    seed : int
        Seed of the bootstrap, ``numpy.random.default_rng(seed)``.

    Returns
    -------
    Interval
        Method ``"median (bootstrap)"``; ``nan`` for an empty sample.

    Raises
    ------
    ParameterError
        On a bad ``level``, ``n_boot`` or ``seed``.
    """
    _check_level(level)
    _check_boot(n_boot, seed)
    v = _clean(x)
    n = len(v)
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, math.nan, 0, "median (bootstrap)")
    values = np.median(v[np.random.default_rng(seed).integers(0, n, (n_boot, n))], axis=1)
    low, high = _percentile_bounds(values, level)
    return Interval(float(np.median(v)), low, high, math.nan, n, "median (bootstrap)")
