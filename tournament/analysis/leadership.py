"""Leadership spells, model eras, and what becomes of a leader once it is overtaken.

* A *leadership spell* is a run of rounds with the same top-ranked
  jurisdiction (``top`` in the rounds table); a *model era* a run of rounds
  with the same model domain (``model_domain``, rounds without a model
  excluded). Both are counted over rounds ``burn_in … T - 1``, so the first
  and last runs may be cut by the window (flagged); their mean lengths are
  ``leader_spell_mean`` and ``model_era_mean``.
* A spell *ends* in round ``t`` (``burn_in < t <= T - 1 - window``) when
  ``top[t] != top[t - 1]``. Its ex-leader ``j`` *becomes a follower* if, in
  rounds ``t + 1 … t + window``, its first launch is an imitation, or it ranks
  in the bottom half (``2 rank > N + 1``) for ``run`` consecutive rounds —
  the definition of ``leader_to_follower_share``, which is the mean of
  :func:`leader_transitions`' ``follower`` column per replicate.
* Version 2 (fact 4) makes the leader the *owner of the model*
  (``model_owner``) and compares ex-leaders with a placebo of other
  high-ranked jurisdictions: :func:`owner_transitions`,
  :func:`leader_follower_contrast`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._errors import ParameterError
from ..engine.rules import RUN, WINDOW, follower_step, spell_watched
from ..registry import IMITATION
from ._validate import check_frame, check_int
from .statistics import coded_events, mean_run_length

__all__ = ["runs", "leadership_spells", "model_eras", "leader_transitions",
           "owner_transitions", "leader_follower_contrast"]


def runs(series: np.ndarray, skip: int | None = None) -> pd.DataFrame:
    """Runs of equal consecutive values in a series.

    Parameters
    ----------
    series : array
        The values, in order.
    skip : int, optional
        A value that is not a run (it interrupts runs).

    Returns
    -------
    pandas.DataFrame
        ``value``, ``start``, ``end`` (last position), ``length``; the mean
        ``length`` equals :func:`tournament.analysis.mean_run_length`.
    """
    series = np.asarray(series)
    rows = []
    start = None
    for pos, value in enumerate(series):
        if start is not None and value != series[start]:
            rows.append((series[start], start, pos - 1))
            start = None
        if start is None and (skip is None or value != skip):
            start = pos
    if start is not None:
        rows.append((series[start], start, len(series) - 1))
    frame = pd.DataFrame(rows, columns=["value", "start", "end"])
    frame["length"] = frame["end"] - frame["start"] + 1
    return frame


def _run_table(rounds: pd.DataFrame, column: str, burn_in: int, skip: int | None,
               name: str) -> pd.DataFrame:
    parts = []
    for rep, group in rounds.sort_values(["replicate", "round"]).groupby("replicate", sort=True):
        late = group[group["round"] >= burn_in]
        if late.empty:
            continue
        first, last = int(late["round"].iloc[0]), int(late["round"].iloc[-1])
        table = runs(late[column].to_numpy(), skip)
        table[["start", "end"]] += first
        table.insert(0, "replicate", rep)
        table["cut_left"] = table["start"] == first
        table["cut_right"] = table["end"] == last
        parts.append(table.rename(columns={"value": name}))
    if not parts:
        return pd.DataFrame(columns=["replicate", name, "start", "end", "length", "cut_left",
                                     "cut_right"])
    return pd.concat(parts, ignore_index=True)


def leadership_spells(rounds: pd.DataFrame, burn_in: int) -> pd.DataFrame:
    """Leadership spells (runs of the same top jurisdiction) after burn-in.

    Returns
    -------
    pandas.DataFrame
        ``replicate``, ``leader``, ``start``, ``end``, ``length``, and
        ``cut_left`` / ``cut_right`` for spells cut by the window.
    """
    _check_burn_in(burn_in)
    return _run_table(rounds, "top", burn_in, None, "leader")


def model_eras(rounds: pd.DataFrame, burn_in: int) -> pd.DataFrame:
    """Model eras (runs of the same model domain; rounds without a model excluded).

    Returns
    -------
    pandas.DataFrame
        ``replicate``, ``domain``, ``start``, ``end``, ``length``, ``cut_left``,
        ``cut_right``.
    """
    _check_burn_in(burn_in)
    return _run_table(rounds, "model_domain", burn_in, -1, "domain")


def leader_transitions(events: pd.DataFrame, rounds: pd.DataFrame, panel: pd.DataFrame,
                       n_jurisdictions: int, n_rounds: int, burn_in: int,
                       window: int = WINDOW, run: int = RUN) -> pd.DataFrame:
    """What each ex-leader does after its spell ends.

    Parameters
    ----------
    events, rounds, panel : pandas.DataFrame
        The run's tables (any number of replicates).
    n_jurisdictions, n_rounds, burn_in : int
        ``N``, ``T`` and the burn-in.
    window, run : int
        Rounds watched after the spell ends, and the bottom-half streak that
        counts as falling behind.

    Returns
    -------
    pandas.DataFrame
        One row per ended spell: ``replicate``, ``round`` (t, the first round
        of the new leader), ``ex_leader``, ``new_leader``, ``imitated`` (the
        first launch in the window is an imitation), ``fell_behind`` (a
        bottom-half streak of ``run`` rounds in the window), ``follower``
        (either), ``rounds_to_follow`` (rounds after ``t`` until the first of
        the two happened, ``nan`` if neither).
    """
    _check_burn_in(burn_in)
    if window < 1 or run < 1:
        raise ParameterError(f"window = {window!r} and run = {run!r} must be integers >= 1")
    rows = []
    coded = coded_events(events)
    for rep, rep_rounds in rounds.groupby("replicate", sort=True):
        top = rep_rounds.sort_values("round")["top"].to_numpy()
        pan = panel[panel["replicate"] == rep]
        rank = np.zeros((n_rounds, n_jurisdictions), dtype=np.int64)
        rank[pan["round"].to_numpy(), pan["jurisdiction"].to_numpy()] = pan["rank"].to_numpy()
        ev = coded[coded["replicate"] == rep]
        first_launch = dict(zip(zip(ev["jurisdiction"], ev["launch_round"], strict=True),
                                ev["origin_code"], strict=True))
        for t in range(1, n_rounds):
            if top[t] == top[t - 1] or not spell_watched(t, burn_in, n_rounds, window):
                continue
            j = int(top[t - 1])
            rows.append((rep, t, j, int(top[t]),
                         *_follow(j, t, first_launch, rank, n_jurisdictions, window, run)))
    return pd.DataFrame(rows, columns=["replicate", "round", "ex_leader", "new_leader",
                                       "imitated", "fell_behind", "follower",
                                       "rounds_to_follow"])


def _follow(j: int, t: int, first_launch: dict, rank: np.ndarray, n: int, window: int,
            run: int) -> tuple[bool, bool, bool, float]:
    imitated = fell = seen = False
    when = np.nan
    streak = 0
    for s in range(t + 1, t + window + 1):
        origin = first_launch.get((j, s))
        seen, streak, imitated_now, fell_now = follower_step(
            origin is not None, origin == IMITATION, rank[s, j], n, run, seen, streak)
        imitated = imitated or imitated_now
        fell = fell or fell_now
        if (imitated or fell) and np.isnan(when):
            when = float(s - t)
    return imitated, fell, imitated or fell, when


def _check_burn_in(burn_in: int) -> None:
    if burn_in < 0:
        raise ParameterError(f"burn_in = {burn_in!r} is out of range: must be >= 0")


# ----------------------------------------------------------------------------- version 2
_TRANSITION_COLUMNS = ["replicate", "round", "ex_leader", "spell_length", "follower",
                       "placebo_units", "placebo_followers"]


def _follows(j: int, t: int, first_launch: dict, rank: np.ndarray, n: int, window: int,
             run: int) -> bool:
    """Whether ``j`` follows in rounds ``t + 1 … t + window`` (the rule of ``follower_step``)."""
    return _follow(j, t, first_launch, rank, n, window, run)[2]


def owner_transitions(rounds: pd.DataFrame, panel: pd.DataFrame, events: pd.DataFrame,
                      burn_in: int, window: int = WINDOW, run: int = RUN) -> pd.DataFrame:
    """Every ended leadership spell of a model owner, its ex-leader and its placebo units.

    The *leader* is the owner of the model (``model_owner`` in the rounds
    table, -1 for none); a *spell* is a maximal run of rounds with the same
    owner ``j >= 0``. A spell *ends in round t* when ``model_owner[t - 1] =
    j != model_owner[t]``; it counts when ``burn_in < t <= T - 1 - window``
    (:func:`tournament.engine.rules.spell_watched`). Its ex-leader *follows*
    if, in rounds ``t + 1 … t + window``, its first launch is an imitation,
    or it ranks in the bottom half (``2 rank > N + 1``) for ``run``
    consecutive rounds — one rule for both sides,
    :func:`tournament.engine.rules.follower_step`. (It reads "launches an
    imitation" of the specification as "its first launch in the window is
    an imitation", the version-1 rule.) The *placebo units* are the
    jurisdictions ranked ``2 … k + 1`` in round ``t - 1``, the last round of
    the spell, other than the ex-leader; ``k`` is the number recognised in
    that round (panel ``recognized``); the same rule is applied to each.

    Parameters
    ----------
    rounds, panel, events : pandas.DataFrame
        The run's tables (any number of replicates).
    burn_in : int
        Spells ending in round ``burn_in`` or before are left out.
    window, run : int
        Rounds watched after the spell ends, and the bottom-half streak that
        counts as falling behind.

    Returns
    -------
    pandas.DataFrame
        One row per ended spell: ``replicate``, ``round`` (t),
        ``ex_leader``, ``spell_length`` (rounds of the spell, counted from
        round 0), ``follower`` (bool), ``placebo_units``,
        ``placebo_followers``.

    Raises
    ------
    ParameterError
        On a table without the needed columns, ``burn_in < 0``, or
        ``window``, ``run`` < 1.
    """
    check_frame(rounds, "rounds", ("replicate", "round", "model_owner"))
    check_frame(panel, "panel", ("replicate", "round", "jurisdiction", "rank", "recognized"))
    check_frame(events, "events", ("replicate", "jurisdiction", "origin", "launch_round"))
    b = check_int("burn_in", burn_in, 0)
    w = check_int("window", window, 1)
    streak = check_int("run", run, 1)
    coded = coded_events(events)
    rows = []
    for rep, rep_rounds in rounds.groupby("replicate", sort=True):
        owner = rep_rounds.sort_values("round")["model_owner"].to_numpy(np.int64)
        n_rounds = len(owner)
        pan = panel[panel["replicate"] == rep]
        n = int(pan["jurisdiction"].max()) + 1 if len(pan) else 0
        rank = np.zeros((n_rounds, n), dtype=np.int64)
        rank[pan["round"].to_numpy(), pan["jurisdiction"].to_numpy()] = pan["rank"].to_numpy()
        recognized = np.bincount(pan["round"].to_numpy()[pan["recognized"].to_numpy(bool)],
                                 minlength=n_rounds)
        ev = coded[coded["replicate"] == rep]
        first_launch = dict(zip(zip(ev["jurisdiction"], ev["launch_round"], strict=True),
                                ev["origin_code"], strict=True))
        start = 0
        for t in range(1, n_rounds):
            if owner[t] == owner[t - 1]:
                continue
            length, start = t - start, t
            j = int(owner[t - 1])
            if j < 0 or not spell_watched(t, b, n_rounds, w):
                continue
            follower = _follows(j, t, first_launch, rank, n, w, streak)
            k = int(recognized[t - 1])
            units = [int(u) for u in np.flatnonzero((rank[t - 1] >= 2) & (rank[t - 1] <= k + 1))
                     if u != j]
            placebo = sum(_follows(u, t, first_launch, rank, n, w, streak) for u in units)
            rows.append((rep, t, j, length, bool(follower), len(units), int(placebo)))
    return pd.DataFrame(rows, columns=_TRANSITION_COLUMNS)


def leader_follower_contrast(rounds: pd.DataFrame, panel: pd.DataFrame, events: pd.DataFrame,
                             burn_in: int, window: int = WINDOW,
                             run: int = RUN) -> pd.DataFrame:
    """Leader-versus-placebo follower shares per replicate (fact 4 of version 2).

    Over the ended spells of :func:`owner_transitions`: the share of
    ex-leaders that follow, the share of placebo units that follow (pooled
    over the replicate's spells), and their difference; with the mean
    length of leadership spells (runs of the same ``model_owner`` over
    rounds ``burn_in … T - 1``, rounds without a model left out, as
    :func:`tournament.analysis.mean_run_length`), which fact 4 asks to be
    at least 2 rounds.

    Parameters
    ----------
    rounds, panel, events : pandas.DataFrame
        The run's tables.
    burn_in : int
        First round that counts.
    window, run : int
        As in :func:`owner_transitions`.

    Returns
    -------
    pandas.DataFrame
        One row per replicate of ``rounds``: ``replicate``, ``spells``
        (ended and watched), ``leader_share``, ``placebo_units``,
        ``placebo_share``, ``difference`` (leader − placebo; ``nan`` where
        either is), ``spell_mean``.

    Raises
    ------
    ParameterError
        As :func:`owner_transitions`.
    """
    per = owner_transitions(rounds, panel, events, burn_in, window, run)
    rows = []
    for rep, rep_rounds in rounds.groupby("replicate", sort=True):
        owner = rep_rounds.sort_values("round")
        late = owner.loc[owner["round"] >= burn_in, "model_owner"].to_numpy()
        spell_mean = mean_run_length(late, skip=-1) if len(late) else math.nan
        mine = per[per["replicate"] == rep]
        spells, units = len(mine), int(mine["placebo_units"].sum())
        leader = float(mine["follower"].mean()) if spells else math.nan
        placebo = int(mine["placebo_followers"].sum()) / units if units else math.nan
        rows.append((rep, spells, leader, units, placebo, leader - placebo, spell_mean))
    return pd.DataFrame(rows, columns=["replicate", "spells", "leader_share", "placebo_units",
                                       "placebo_share", "difference", "spell_mean"])
