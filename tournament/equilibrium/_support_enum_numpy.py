"""Plain NumPy support enumeration: the slow, obvious oracle.

Same algorithm as the compiled kernel in
:mod:`tournament.equilibrium._support_enum_kernels`, written with
``itertools.combinations`` and ``numpy.linalg.solve`` so it can be read in
one sitting. The tests compare the two; the benchmark
``benchmarks/support_enumeration.py`` times them against each other.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

__all__ = ["support_enumeration_numpy"]


def _indifferent(payoff: np.ndarray, own: tuple, opp: tuple, tol: float) -> np.ndarray | None:
    k = len(own)
    mat = np.zeros((k + 1, k + 1))
    mat[:k, :k] = payoff[np.ix_(own, opp)]
    mat[:k, k] = -1.0
    mat[k, :k] = 1.0
    rhs = np.zeros(k + 1)
    rhs[k] = 1.0
    try:
        sol = np.linalg.solve(mat, rhs)
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(sol)) or np.any(sol[:k] <= tol):
        return None
    values = payoff[:, list(opp)] @ sol[:k]
    if np.any(values > sol[k] + tol):
        return None
    return sol[:k]


def support_enumeration_numpy(
    a: np.ndarray, b: np.ndarray, tol: float = 1e-10
) -> list[tuple[np.ndarray, np.ndarray]]:
    """All equilibria with equal-size supports of the bimatrix game ``(a, b)``.

    Parameters
    ----------
    a, b : numpy.ndarray
        Row and column players' payoff matrices, shape ``(m, n)``.
    tol : float
        Tolerance on probabilities and payoff comparisons.

    Returns
    -------
    list of tuple of numpy.ndarray
        The equilibria ``(x, y)`` in the kernel's order (support size, then
        row support, then column support, lexicographically).
    """
    m, n = a.shape
    bt = b.T
    out = []
    for k in range(1, min(m, n) + 1):
        for s_row in combinations(range(m), k):
            for s_col in combinations(range(n), k):
                y = _indifferent(a, s_row, s_col, tol)
                if y is None:
                    continue
                x = _indifferent(bt, s_col, s_row, tol)
                if x is None:
                    continue
                xf, yf = np.zeros(m), np.zeros(n)
                xf[list(s_row)] = x
                yf[list(s_col)] = y
                out.append((xf, yf))
    return out
