"""Compiled kernels for support enumeration in two-player games.

Plain arrays in, plain arrays out: the public layer
(:mod:`tournament.equilibrium.support_enumeration`) validates the game,
rescales the payoffs, allocates the output and scratch arrays and calls
these. Every kernel and its helpers live in this one module so numba's cache
(``cache=True``) tracks them together; compiled without fast-math flags, so
results are the same on every run.

Conventions: ``a`` is the row player's payoff matrix, shape ``(m, n)``;
``bt`` is the column player's payoff matrix transposed, shape ``(n, m)``, so
both players' matrices have the player's own actions on the rows.

Reference: B. von Stengel, "Equilibrium computation for two-player games in
strategic and extensive form", ch. 3 of *Algorithmic Game Theory* (2007).
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["support_enumeration_kernel", "degeneracy_witness_kernel"]

_PIVOT_TOL = 1e-12


@njit(cache=True)
def _solve_inplace(mat, rhs, k, rows):
    """Gaussian elimination with row pivoting of ``rows`` equations in ``k`` unknowns.

    ``rows`` is ``k`` (a square system) or ``k + 1`` (one equation more than
    unknowns: the pivot rows give the solution, the remaining row its residual).

    Parameters
    ----------
    mat : ndarray(float, 2-D)
        Scratch matrix; its leading ``rows x k`` block is overwritten.
    rhs : ndarray(float, 1-D)
        Right-hand side; overwritten by the solution in ``rhs[:k]`` and, when
        ``rows == k + 1``, the residual of the extra equation in ``rhs[k]``
        (0 for a consistent system).
    k : int
        Number of unknowns.
    rows : int
        Number of equations, ``k`` or ``k + 1``.

    Returns
    -------
    int
        0 on success, 1 if a pivot is smaller than the singularity threshold
        (the ``k`` columns do not have full rank).
    """
    for col in range(k):
        piv = col
        best = abs(mat[col, col])
        for r in range(col + 1, rows):
            if abs(mat[r, col]) > best:
                best = abs(mat[r, col])
                piv = r
        if best < _PIVOT_TOL:
            return 1
        if piv != col:
            for c in range(k):
                tmp = mat[col, c]
                mat[col, c] = mat[piv, c]
                mat[piv, c] = tmp
            tmp = rhs[col]
            rhs[col] = rhs[piv]
            rhs[piv] = tmp
        for r in range(col + 1, rows):
            f = mat[r, col] / mat[col, col]
            if f != 0.0:
                for c in range(col, k):
                    mat[r, c] -= f * mat[col, c]
                rhs[r] -= f * rhs[col]
    for r in range(k - 1, -1, -1):
        s = rhs[r]
        for c in range(r + 1, k):
            s -= mat[r, c] * rhs[c]
        rhs[r] = s / mat[r, r]
    return 0


@njit(cache=True)
def _next_combination(comb, n):
    """Advance ``comb`` (increasing indices) to the next combination of ``range(n)``.

    Parameters
    ----------
    comb : ndarray(int64, 1-D)
        Current combination; modified in place.
    n : int
        Size of the ground set.

    Returns
    -------
    bool
        ``False`` when ``comb`` was the last combination (then left unchanged).
    """
    k = comb.shape[0]
    i = k - 1
    while i >= 0 and comb[i] == n - k + i:
        i -= 1
    if i < 0:
        return False
    comb[i] += 1
    for j in range(i + 1, k):
        comb[j] = comb[j - 1] + 1
    return True


@njit(cache=True)
def _indifference(payoff, own, opp, k, mat, rhs, tol):
    """Find the opponent strategy on ``opp`` that makes ``own`` indifferent.

    Parameters
    ----------
    payoff : ndarray(float, 2-D)
        The player's payoff matrix, own actions on rows.
    own, opp : ndarray(int64, 1-D)
        Supports of length ``k`` of the player and of the opponent.
    k : int
        Support size.
    mat : ndarray(float, 2-D)
        Scratch of shape at least ``(k + 1, k + 1)``.
    rhs : ndarray(float, 1-D)
        Length at least ``k + 1``; on success ``rhs[:k]`` holds the opponent's
        probabilities on ``opp`` and ``rhs[k]`` the player's payoff.
    tol : float
        Probabilities must exceed ``tol``; an action outside ``own`` may beat
        the support by at most ``tol``.

    Returns
    -------
    bool
        Whether a strictly positive solution exists and ``own`` are best replies.
    """
    for i in range(k):
        for j in range(k):
            mat[i, j] = payoff[own[i], opp[j]]
        mat[i, k] = -1.0
        mat[k, i] = 1.0
        rhs[i] = 0.0
    mat[k, k] = 0.0
    rhs[k] = 1.0
    if _solve_inplace(mat, rhs, k + 1, k + 1) != 0:
        return False
    for j in range(k):
        if rhs[j] <= tol:
            return False
    value = rhs[k]
    for a in range(payoff.shape[0]):
        s = 0.0
        for j in range(k):
            s += payoff[a, opp[j]] * rhs[j]
        if s > value + tol:
            return False
    return True


@njit(cache=True)
def _count_best_replies(payoff, strategy, tol):
    """Number of rows of ``payoff`` within ``tol`` of the best against ``strategy``."""
    n_own = payoff.shape[0]
    vals = np.empty(n_own)
    best = -np.inf
    for a in range(n_own):
        s = 0.0
        for b in range(payoff.shape[1]):
            s += payoff[a, b] * strategy[b]
        vals[a] = s
        if s > best:
            best = s
    count = 0
    for a in range(n_own):
        if vals[a] >= best - tol:
            count += 1
    return count


@njit(cache=True)
def support_enumeration_kernel(a, bt, tol, out_x, out_y, info):
    """Enumerate equal-size support pairs and record the equilibria found.

    Parameters
    ----------
    a : ndarray(float, 2-D)
        Row player's payoffs, shape ``(m, n)``.
    bt : ndarray(float, 2-D)
        Column player's payoffs transposed, shape ``(n, m)``.
    tol : float
        Tolerance on probabilities and payoff comparisons.
    out_x : ndarray(float, 2-D)
        Output, shape ``(capacity, m)``: row player's equilibrium strategies.
    out_y : ndarray(float, 2-D)
        Output, shape ``(capacity, n)``: column player's strategies.
    info : ndarray(int64, 1-D)
        Length 3, filled with (number of equilibria, number of equilibria
        with more best replies than their support size, support pairs tried).

    Returns
    -------
    int
        Number of equilibria found. When it exceeds ``capacity`` only the
        first ``capacity`` are written: call again with larger outputs.
    """
    m, n = a.shape
    cap = out_x.shape[0]
    k_max = min(m, n)
    mat = np.empty((k_max + 1, k_max + 1))
    rhs_x = np.empty(k_max + 1)
    rhs_y = np.empty(k_max + 1)
    found = 0
    extra = 0
    tried = 0
    for k in range(1, k_max + 1):
        s_row = np.arange(k)
        more_rows = True
        while more_rows:
            s_col = np.arange(k)
            more_cols = True
            while more_cols:
                tried += 1
                # y makes the row player indifferent on s_row; x likewise for column.
                if _indifference(a, s_row, s_col, k, mat, rhs_y, tol):
                    if _indifference(bt, s_col, s_row, k, mat, rhs_x, tol):
                        x = np.zeros(m)
                        y = np.zeros(n)
                        for j in range(k):
                            x[s_row[j]] = rhs_x[j]
                            y[s_col[j]] = rhs_y[j]
                        row_br = _count_best_replies(a, y, tol)
                        if row_br > k or _count_best_replies(bt, x, tol) > k:
                            extra += 1
                        if found < cap:
                            out_x[found, :] = x
                            out_y[found, :] = y
                        found += 1
                more_cols = _next_combination(s_col, n)
            more_rows = _next_combination(s_row, m)
    info[0] = found
    info[1] = extra
    info[2] = tried
    return found


@njit(cache=True)
def _witness_for(own_pay_opp, n_own, n_opp, tol, witness):
    """Search a strategy of one player with more best replies than its support.

    ``own_pay_opp`` is the *opponent's* payoff matrix with the opponent's
    actions on rows and this player's actions on columns, shape
    ``(n_opp, n_own)``. Fills ``witness[:n_own]`` with the strategy found.
    """
    for k in range(1, min(n_own, n_opp - 1) + 1):
        mat = np.empty((k + 1, k))
        rhs = np.empty(k + 1)
        s = np.arange(k)
        more_s = True
        while more_s:
            t = np.arange(k + 1)
            more_t = True
            while more_t:
                # Rows: indifference between t[0] and t[j], then sum(x) = 1.
                for j in range(1, k + 1):
                    for c in range(k):
                        mat[j - 1, c] = own_pay_opp[t[j], s[c]] - own_pay_opp[t[0], s[c]]
                    rhs[j - 1] = 0.0
                for c in range(k):
                    mat[k, c] = 1.0
                rhs[k] = 1.0
                # A rank-deficient system is skipped: if it hides a witness, a
                # vertex of that witness set is a full-rank witness found elsewhere.
                if _solve_inplace(mat, rhs, k, k + 1) == 0 and abs(rhs[k]) <= tol:
                    ok = True
                    for c in range(k):
                        if rhs[c] < -tol:
                            ok = False
                    if ok:
                        x = np.zeros(n_own)
                        for c in range(k):
                            x[s[c]] = max(rhs[c], 0.0)
                        if _count_best_replies(own_pay_opp, x, tol) > k:
                            witness[:n_own] = x
                            return k
                more_t = _next_combination(t, n_opp)
            more_s = _next_combination(s, n_own)
    return 0


@njit(cache=True)
def degeneracy_witness_kernel(a, bt, tol, witness):
    """Look for a mixed strategy with more pure best replies than its support size.

    A two-player game is nondegenerate when no such strategy exists.

    Parameters
    ----------
    a : ndarray(float, 2-D)
        Row player's payoffs, shape ``(m, n)``.
    bt : ndarray(float, 2-D)
        Column player's payoffs transposed, shape ``(n, m)``.
    tol : float
        Tolerance on payoff ties and residuals.
    witness : ndarray(float, 1-D)
        Length at least ``max(m, n)``: receives the witness strategy.

    Returns
    -------
    int
        0 if none was found (the game is nondegenerate); otherwise ``1`` if
        the witness is a row-player strategy, ``2`` if a column-player one.
    """
    m, n = a.shape
    if _witness_for(bt, m, n, tol, witness) > 0:
        return 1
    if _witness_for(a, n, m, tol, witness) > 0:
        return 2
    return 0
