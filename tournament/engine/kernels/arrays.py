"""Array helpers of the kernels: allocators, softmax, Gini, stable ranking, k-th largest.

Arrays are allocated by :func:`floats`, :func:`ints` and :func:`flags`, and
``max()``, ``min()`` and ``int()`` are written out as comparisons and casts:
numba compiles its implementation of each ``np.zeros`` / ``np.full`` / ``max``
/ ``min`` / ``int`` signature anew for every calling kernel, about 0.1 s each
on a cold cache. Integer constants are passed typed (:data:`NONE`,
:data:`ZERO`, :data:`ONE`): a literal argument makes numba compile a helper once more for
that literal.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .jit import HELPER

__all__ = ["NONE", "ZERO", "ONE", "floats", "ints", "flags", "softmax", "gini", "argsort_stable",
           "kth_largest"]

NONE = np.int64(-1)
ZERO = np.int64(0)
ONE = np.int64(1)


@njit(**HELPER)
def floats(n):
    """Allocate float64 zeros.

    Parameters
    ----------
    n : int
        Length.

    Returns
    -------
    numpy.ndarray
        ``n`` zeros, float64.
    """
    out = np.empty(n)
    out[:] = 0.0
    return out


@njit(**HELPER)
def ints(n, fill):
    """Allocate an int64 array filled with ``fill``.

    Parameters
    ----------
    n : int
        Length.
    fill : numpy.int64
        Value of every entry (pass :data:`NONE` or :data:`ZERO`, typed).

    Returns
    -------
    numpy.ndarray
        ``n`` entries, int64.
    """
    out = np.empty(n, np.int64)
    out[:] = fill
    return out


@njit(**HELPER)
def flags(n):
    """Allocate boolean ``False`` entries.

    Parameters
    ----------
    n : int
        Length.

    Returns
    -------
    numpy.ndarray
        ``n`` entries, bool.
    """
    out = np.empty(n, np.bool_)
    out[:] = False
    return out


@njit(**HELPER)
def softmax(logs, out):
    """Normalise log-weights onto the simplex, the maximum subtracted first.

    Parameters
    ----------
    logs : numpy.ndarray
        Log-weights.
    out : numpy.ndarray
        Filled with the weights, summed left to right for the normalisation.
    """
    top = logs[0]
    for d in range(1, len(logs)):
        if logs[d] > top:
            top = logs[d]
    total = 0.0
    for d in range(len(logs)):
        out[d] = math.exp(logs[d] - top)
        total += out[d]
    for d in range(len(logs)):
        out[d] = out[d] / total


@njit(**HELPER)
def argsort_stable(x):
    """Indices sorting ``x`` ascending, ties in index order: a bottom-up merge sort.

    Written out because numba's ``np.argsort(kind="mergesort")`` costs seconds of
    compilation; the result is the same permutation.

    Parameters
    ----------
    x : numpy.ndarray
        Values, float64.

    Returns
    -------
    numpy.ndarray
        The permutation, int64.
    """
    n = len(x)
    a = np.empty(n, np.int64)
    for i in range(n):
        a[i] = i
    b = np.empty(n, np.int64)
    width = 1
    while width < n:
        for lo in range(0, n, 2 * width):
            mid = lo + width if lo + width < n else n
            hi = lo + 2 * width if lo + 2 * width < n else n
            i, j = lo, mid
            for o in range(lo, hi):
                if i < mid and (j >= hi or not x[a[j]] < x[a[i]]):
                    b[o] = a[i]
                    i += 1
                else:
                    b[o] = a[j]
                    j += 1
        a, b = b, a
        width *= 2
    return a


@njit(**HELPER)
def gini(values):
    """Gini coefficient, ``sum((2i - n - 1) x_(i)) / (n sum(x))`` over sorted values.

    Parameters
    ----------
    values : numpy.ndarray
        Non-negative values, float64.

    Returns
    -------
    float
        The coefficient; 0 when the values sum to at most 0.
    """
    order = argsort_stable(values)
    n = len(values)
    total = 0.0
    weighted = 0.0
    for idx in range(n):
        x = values[order[idx]]
        total += x
        weighted += (2 * (idx + 1) - n - 1) * x
    if total <= 0.0:
        return 0.0
    return weighted / (n * total)


@njit(**HELPER)
def kth_largest(values, k, work):
    """The k-th largest entry of ``values`` (k from 1) in O(N), by quickselect.

    Parameters
    ----------
    values : numpy.ndarray
        Values, float64 (left unchanged).
    k : int
        Rank from the top, ``1 <= k <= len(values)``.
    work : numpy.ndarray
        Scratch of the same length, overwritten.

    Returns
    -------
    float
        The k-th largest value.
    """
    n = len(values)
    for i in range(n):
        work[i] = values[i]
    target = n - k  # position in ascending order
    lo, hi = 0, n - 1
    while lo < hi:
        mid = (lo + hi) // 2
        # median of three as pivot
        a, b, c = work[lo], work[mid], work[hi]
        if a < b:
            pivot = b if b < c else (c if a < c else a)
        else:
            pivot = a if a < c else (c if b < c else b)
        i, j = lo, hi
        while i <= j:
            while work[i] < pivot:
                i += 1
            while work[j] > pivot:
                j -= 1
            if i <= j:
                tmp = work[i]
                work[i] = work[j]
                work[j] = tmp
                i += 1
                j -= 1
        if target <= j:
            hi = j
        elif target >= i:
            lo = i
        else:
            return work[target]
    return work[target]
