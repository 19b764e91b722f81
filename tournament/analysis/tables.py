"""Build the ``events``, ``rounds`` and ``panel`` tables by hand.

The analytics of :mod:`tournament.analysis` read the tables that
:func:`tournament.simulate` returns (their columns are documented in
:mod:`tournament.results`). These builders make the same tables from a few
plain values, so that a statistic can be checked on a small history whose
answer is known, or applied to histories that did not come from the
simulator (coded case material, for instance).

>>> from tournament.analysis.tables import events_frame
>>> ev = events_frame([(0, 2, "innovation", 3, 7, "dropped")], n_rounds=10)
>>> int(ev.loc[0, "lifetime"])
4
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .. import registry as C
from .._errors import ParameterError
from ..engine.records import EVENT_INT_FIELDS, ROUND_FLOAT_FIELDS, ROUND_INT_FIELDS
from ..engine.results import frame_events

__all__ = ["events_frame", "rounds_frame", "panel_frame"]



def events_frame(projects: Sequence[Sequence[Any]], n_rounds: int,
                 replicate: int = 0) -> pd.DataFrame:
    """Build an events table from one tuple per project.

    Parameters
    ----------
    projects : sequence of tuples
        ``(jurisdiction, domain, origin, launch_round, end_round, cause)`` and
        optionally ``owner_left_round`` (default -1), ``times_recognized``
        (default 0), ``first_recognized`` (round of the first recognition,
        default -1: never), ``members`` (default 1; the members of a joint
        project) and ``joint`` (default -1; the project number of a joint
        project's first member). ``origin`` is ``"innovation"`` or ``"imitation"``;
        ``cause`` is ``"dropped"``, ``"replaced"``, ``"absorbed"``,
        ``"crisis"`` or ``"censored"`` (still active at the end: its
        ``end_round`` is ignored and set to ``n_rounds``). Projects are
        numbered in the order given, which must be launch order.
    n_rounds : int
        Rounds ``T`` of the history.
    replicate : int
        Value of the ``replicate`` column.

    Returns
    -------
    pandas.DataFrame
        With the columns and dtypes of :attr:`SimulationResult.events`.
    """
    rows = []
    for pos, item in enumerate(projects):
        if not 6 <= len(item) <= 11:
            raise ParameterError(
                f"projects[{pos}] = {item!r} must have 6 to 11 entries: (jurisdiction, domain, "
                "origin, launch_round, end_round, cause[, owner_left_round, times_recognized, "
                "first_recognized, members, joint])")
        j, d, origin, launch, end, cause = item[:6]
        left, times, first, members, joint = (
            tuple(item[6:]) + (-1, 0, -1, 1, -1)[len(item) - 6:])
        if origin not in C.ORIGINS:
            raise ParameterError(f"projects[{pos}] origin = {origin!r} must be one of {C.ORIGINS}")
        if cause not in C.CAUSES:
            raise ParameterError(f"projects[{pos}] cause = {cause!r} must be one of {C.CAUSES}")
        end = n_rounds if cause == "censored" else end
        if not 0 <= launch <= end <= n_rounds:
            raise ParameterError(
                f"projects[{pos}] needs 0 <= launch_round ({launch}) <= end_round ({end}) "
                f"<= n_rounds ({n_rounds})")
        if members < 1 or (members > 1) != (joint >= 0):
            raise ParameterError(
                f"projects[{pos}] has members = {members} and joint = {joint}: a joint project "
                "has members >= 2 and joint >= 0 (its first member's project number), a single "
                "one members = 1 and joint = -1")
        rows.append((j, d, C.ORIGINS.index(origin), launch, end, C.CAUSES.index(cause),
                     left, times, first, members, joint))
    eint = np.array(rows, dtype=np.int64).reshape(-1, len(EVENT_INT_FIELDS))
    count = len(eint)
    return frame_events(np.full(count, replicate), np.arange(count), eint,
                        np.ones(count), n_rounds)


def rounds_frame(columns: Mapping[str, Sequence[float]], replicate: int = 0) -> pd.DataFrame:
    """Build a rounds table for one replicate from a few columns.

    Parameters
    ----------
    columns : mapping of str to sequence
        Round series of equal length ``T``, named as the rounds table's
        columns (``top``, ``model_domain``, ``innovations``, ``gini`` …).
        Missing integer columns are 0 (``model_domain``, ``model_owner`` and
        ``top``: -1, -1 and 0), missing float columns 0 (``capacity_total``: 1).
    replicate : int
        Value of the ``replicate`` column.

    Returns
    -------
    pandas.DataFrame
        With the columns of :attr:`SimulationResult.rounds`.
    """
    unknown = set(columns) - set(ROUND_INT_FIELDS) - set(ROUND_FLOAT_FIELDS)
    if unknown:
        raise ParameterError(f"rounds columns {sorted(unknown)} are unknown; valid: "
                             f"{list(ROUND_INT_FIELDS) + list(ROUND_FLOAT_FIELDS)}")
    lengths = {len(v) for v in columns.values()}
    if len(lengths) != 1:
        raise ParameterError(f"rounds columns must have one length, got {sorted(lengths)}")
    n_rounds = lengths.pop()
    fill = {"model_domain": -1, "model_owner": -1, "capacity_total": 1.0}
    data: dict[str, Any] = {"replicate": np.full(n_rounds, replicate, np.int32),
                            "round": np.arange(n_rounds, dtype=np.int32)}
    for name in ROUND_INT_FIELDS:
        data[name] = np.asarray(columns.get(name, np.full(n_rounds, fill.get(name, 0))),
                                dtype=np.int32)
    for name in ROUND_FLOAT_FIELDS:
        data[name] = np.asarray(columns.get(name, np.full(n_rounds, fill.get(name, 0.0))),
                                dtype=float)
    return pd.DataFrame(data)


def panel_frame(rank: np.ndarray, replicate: int = 0, recognized: int = 1,
                domain: np.ndarray | None = None,
                elite_changed: np.ndarray | None = None) -> pd.DataFrame:
    """Build a panel table for one replicate from a (T, N) rank matrix.

    Parameters
    ----------
    rank : array of int, shape (T, N)
        Rank of each jurisdiction in each round (1 = best); each row a
        permutation of ``1 … N``.
    replicate : int
        Value of the ``replicate`` column.
    recognized : int
        The top ``recognized`` ranks are marked recognised.
    domain, elite_changed : arrays of shape (T, N), optional
        Domain of the active project (-1 none; default -1) and whether the
        elite changed at the end of the round (default False).

    Returns
    -------
    pandas.DataFrame
        With the columns of :attr:`SimulationResult.panel`; scores are
        ``-rank`` and every action ``routine``.
    """
    rank = np.asarray(rank, dtype=np.int64)
    if rank.ndim != 2:
        raise ParameterError(f"rank must be a (T, N) matrix, got shape {rank.shape}")
    n_rounds, n = rank.shape
    for t in range(n_rounds):
        if sorted(rank[t]) != list(range(1, n + 1)):
            raise ParameterError(f"rank row {t} = {rank[t].tolist()} is not a permutation "
                                 f"of 1 … {n}")
    domain = np.full((n_rounds, n), -1) if domain is None else np.asarray(domain)
    changed = np.zeros((n_rounds, n), bool) if elite_changed is None else np.asarray(elite_changed)
    return pd.DataFrame({
        "replicate": np.full(n_rounds * n, replicate, np.int32),
        "round": np.repeat(np.arange(n_rounds, dtype=np.int32), n),
        "jurisdiction": np.tile(np.arange(n, dtype=np.int32), n_rounds),
        "score": -rank.reshape(-1).astype(float),
        "rank": rank.reshape(-1).astype(np.int32),
        "action": pd.Categorical.from_codes(np.zeros(n_rounds * n, np.int8), C.ACTIONS),
        "action_domain": np.full(n_rounds * n, -1, np.int16),
        "domain": domain.reshape(-1).astype(np.int16),
        "recognized": rank.reshape(-1) <= recognized,
        "elite_changed": changed.reshape(-1).astype(bool),
    })
