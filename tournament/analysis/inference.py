"""Intervals and tests across replicates: the inference behind facts and comparisons.

Replicates are independent draws, so a statistic's replicate values are an
i.i.d. sample. Three tools cover every check of the package:

* :func:`mean_interval` — mean and Student-t interval of one sample;
* :func:`contrast_interval` — a linear combination of the means of
  independent samples (a difference, an interaction) with its Welch–
  Satterthwaite interval, t statistic and two-sided p-value;
* :func:`bootstrap_interval` — any statistic of several samples with a
  percentile bootstrap interval (for medians and ratios, and samples holding
  ``inf``: a Kaplan–Meier median that the run never reached).

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
           "location_interval", "t_cdf", "t_ppf"]


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
        ``"t"``, ``"welch"`` or ``"bootstrap"``.
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
    values = np.sort(values[~np.isnan(values)])
    if len(values) == 0:
        return Interval(estimate, math.nan, math.nan, math.nan, n_total, "bootstrap")
    alpha = (1.0 - level) / 2.0
    low = float(values[int(math.floor(alpha * (len(values) - 1)))])
    high = float(values[int(math.ceil((1.0 - alpha) * (len(values) - 1)))])
    return Interval(estimate, low, high, math.nan, n_total, "bootstrap")


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
