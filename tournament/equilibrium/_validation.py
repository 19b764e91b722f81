"""Argument checks shared by the equilibrium solvers.

Every check raises :class:`~tournament._errors.ParameterError` (a
``ValueError``) or :class:`~tournament._errors.ParameterTypeError` (a
``TypeError``) with a message that names the argument, the value received,
the valid range and, where one exists, the fix.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

from tournament._errors import ParameterError, ParameterTypeError

__all__ = [
    "check_real",
    "check_int",
    "check_choice",
    "check_prizes",
    "check_payoff_array",
    "as_float_array",
]


def _interval(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    left = "(" if (low is None or low_open) else "["
    right = ")" if (high is None or high_open) else "]"
    lo = "-inf" if low is None else f"{low:g}"
    hi = "inf" if high is None else f"{high:g}"
    return f"{left}{lo}, {hi}{right}"


def check_real(
    name: str,
    value: object,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    allow_inf: bool = False,
) -> float:
    """Return ``value`` as a float after checking that it is a real in range.

    Parameters
    ----------
    name : str
        The argument's name, used in the message.
    value : object
        The value to check.
    low, high : float or None
        Bounds of the valid interval (``None``: unbounded).
    low_open, high_open : bool
        Whether the bounds are excluded.
    allow_inf : bool
        Whether ``+inf`` is accepted (only when ``high`` is ``None``).

    Returns
    -------
    float
        The checked value.

    Raises
    ------
    ParameterTypeError
        If ``value`` is not a real number (booleans are rejected).
    ParameterError
        If ``value`` is NaN, infinite (unless allowed) or out of range.
    """
    rng = _interval(low, high, low_open, high_open)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ParameterTypeError(
            f"{name} must be a real number in {rng}, got {type(value).__name__} {value!r}."
        )
    x = float(value)
    if math.isnan(x) or (math.isinf(x) and not (allow_inf and x > 0)):
        raise ParameterError(f"{name} must be a finite real number in {rng}, got {x!r}.")
    bad_low = low is not None and (x < low or (low_open and x == low))
    bad_high = high is not None and (x > high or (high_open and x == high))
    if bad_low or bad_high:
        raise ParameterError(f"{name} must lie in {rng}, got {x!r}.")
    return x


def check_int(name: str, value: object, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int after checking type and range.

    Parameters
    ----------
    name : str
        The argument's name, used in the message.
    value : object
        The value to check; integral floats such as ``3.0`` are refused.
    low, high : int or None
        Inclusive bounds (``None``: unbounded).

    Returns
    -------
    int
        The checked value.

    Raises
    ------
    ParameterTypeError
        If ``value`` is not an integer.
    ParameterError
        If ``value`` is out of range.
    """
    rng = f"{low if low is not None else '-inf'} .. {high if high is not None else 'inf'}"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ParameterTypeError(
            f"{name} must be an integer in {rng}, got {type(value).__name__} {value!r}."
        )
    n = int(value)
    if (low is not None and n < low) or (high is not None and n > high):
        raise ParameterError(f"{name} must be an integer in {rng}, got {n}.")
    return n


def check_choice(name: str, value: object, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``choices``.

    Parameters
    ----------
    name : str
        The argument's name, used in the message.
    value : object
        The value to check.
    choices : sequence of str
        The accepted values.

    Returns
    -------
    str
        The checked value.

    Raises
    ------
    ParameterError
        If ``value`` is not one of ``choices``.
    """
    if not isinstance(value, str) or value not in choices:
        raise ParameterError(f"{name} must be one of {list(choices)}, got {value!r}.")
    return value


def as_float_array(name: str, value: object) -> np.ndarray:
    """Convert ``value`` to a float array, refusing strings and ragged input.

    Parameters
    ----------
    name : str
        The argument's name, used in the message.
    value : object
        The value to convert.

    Returns
    -------
    numpy.ndarray
        The float array (not copied if already one).
    """
    if isinstance(value, (str, bytes)):
        raise ParameterTypeError(
            f"{name} must be an array of real numbers, got {type(value).__name__} {value!r}."
        )
    try:
        arr = np.asarray(value, dtype=float)
    except (ValueError, TypeError) as exc:
        raise ParameterError(
            f"{name} must be a rectangular (not ragged) array of real numbers, got {value!r} "
            f"({exc}). Fix: give every row the same length."
        ) from None
    return arr


def check_prizes(value: object, *, name: str = "prizes", min_size: int = 1) -> np.ndarray:
    """Return a prize vector as a read-only float array after checking it.

    Parameters
    ----------
    value : array_like
        Prizes by rank, best rank first.
    name : str
        The argument's name, used in the message.
    min_size : int
        Smallest accepted length.

    Returns
    -------
    numpy.ndarray
        One-dimensional, finite, non-increasing float array.

    Raises
    ------
    ParameterError
        If the vector is not one-dimensional, too short, not finite or
        increases somewhere.
    """
    w = as_float_array(name, value)
    if w.ndim != 1 or w.size < min_size:
        raise ParameterError(
            f"{name} must be a one-dimensional sequence of at least {min_size} prizes, "
            f"got shape {w.shape}: {value!r}."
        )
    if not np.all(np.isfinite(w)):
        raise ParameterError(f"{name} must be finite (no NaN or inf), got {w.tolist()!r}.")
    rises = np.flatnonzero(np.diff(w) > 0)
    if rises.size:
        j = int(rises[0])
        raise ParameterError(
            f"{name} must be non-increasing ({name}[0] >= {name}[1] >= ...: the best rank "
            f"gets the largest prize), got {w.tolist()!r} with {name}[{j}]={float(w[j])!r} < "
            f"{name}[{j + 1}]={float(w[j + 1])!r}. Fix: sort the prizes in decreasing order."
        )
    w = w.copy()
    w.setflags(write=False)
    return w


def check_payoff_array(value: object, *, name: str = "payoffs") -> np.ndarray:
    """Return a normal-form payoff array after checking its shape and values.

    Parameters
    ----------
    value : array_like
        Array of shape ``(n_1, ..., n_m, m)``: entry ``[a_1, ..., a_m, i]``
        is player ``i``'s payoff at the pure profile ``(a_1, ..., a_m)``.
    name : str
        The argument's name, used in the message.

    Returns
    -------
    numpy.ndarray
        A read-only float copy.

    Raises
    ------
    ParameterError
        If the array is ragged, has the wrong shape, an empty action set, or
        a NaN or infinite entry.
    """
    u = as_float_array(name, value)
    if u.ndim < 2 or u.shape[-1] != u.ndim - 1:
        raise ParameterError(
            f"{name} must have shape (n_1, ..., n_m, m) with m = number of players = "
            f"ndim - 1 >= 1, got shape {u.shape}. Fix: stack each player's payoffs along "
            "a last axis of length m (e.g. numpy.stack([A, B], axis=-1) for two players)."
        )
    if any(n < 1 for n in u.shape[:-1]):
        raise ParameterError(
            f"{name} must give every player at least one action, got shape {u.shape}."
        )
    bad = np.argwhere(~np.isfinite(u))
    if bad.size:
        idx = tuple(int(i) for i in bad[0])
        raise ParameterError(
            f"{name} must be finite (no NaN or inf), got {name}[{idx}]={float(u[idx])!r}."
        )
    u = u.copy()
    u.setflags(write=False)
    return u
