"""Bandwagon: launches in a domain around the round it becomes the model.

A domain *becomes the model* in round ``t`` when ``model_domain[t] = d >= 0``
and ``model_domain[t - 1] != d`` (rounds table). The model is set at the
recognition step, after the round's launches, so launches of round ``t``
belong to *before* and the first round in which anyone can imitate the new
model is ``t + 1``. An event study over lags ``k = -window … window`` counts
the approved launches in ``d`` in round ``t + k``. Only model changes with the
whole window inside the run and ``t >= burn_in`` count.

The bandwagon statistic of a replicate (fact 6 of docs/specification.md section 8) is the
mean, over its model changes, of imitation launches in ``d`` per round in
rounds ``t + 1 … t + window`` minus the same in rounds ``t - window + 1 … t``.

Version 2 (fact 6) makes that contrast one that can fail
(:func:`designations`, :func:`bandwagon_did`): it counts *all* launches
(innovations and imitations) in the new model domain by jurisdictions
other than the model's owner, and subtracts the same before–after change in
the runner-up's domain, which was as hot but not designated;
:func:`imitation_wave` describes how imitations of the new model rise and fade.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._errors import ParameterError
from ..registry import IMITATION
from ._validate import check_frame, check_int
from .statistics import coded_events

__all__ = ["model_changes", "bandwagon_profile", "bandwagon_effect", "designations",
           "designation_profile", "bandwagon_did", "ImitationWave", "imitation_profiles",
           "wave_shape", "imitation_wave"]


def model_changes(rounds: pd.DataFrame, burn_in: int, window: int) -> pd.DataFrame:
    """Rounds in which a domain becomes the model, with the whole window inside the run.

    Returns
    -------
    pandas.DataFrame
        ``replicate``, ``round``, ``domain``, ``previous`` (the model domain
        of the round before, -1 for none).
    """
    _check(burn_in, window)
    rows = []
    for rep, group in rounds.groupby("replicate", sort=True):
        model = group.sort_values("round")["model_domain"].to_numpy()
        n_rounds = len(model)
        for t in range(max(burn_in, window, 1), n_rounds - window):
            if model[t] >= 0 and model[t] != model[t - 1]:
                rows.append((rep, t, int(model[t]), int(model[t - 1])))
    return pd.DataFrame(rows, columns=["replicate", "round", "domain", "previous"])


def _launch_counts(events: pd.DataFrame, replicate: int, n_rounds: int,
                   n_domains: int) -> np.ndarray:
    """Approved launches of one replicate, shape (2, T, D): [innovation, imitation]."""
    ev = coded_events(events[events["replicate"] == replicate])
    counts = np.zeros((2, n_rounds, n_domains), np.int64)
    np.add.at(counts, (ev["origin_code"].to_numpy(), ev["launch_round"].to_numpy(),
                       ev["domain"].to_numpy().astype(np.int64)), 1)
    return counts


def _per_change(events: pd.DataFrame, rounds: pd.DataFrame, burn_in: int,
                window: int) -> pd.DataFrame:
    changes = model_changes(rounds, burn_in, window)
    n_domains = 1 + max(int(rounds["model_domain"].max()),
                        int(events["domain"].max()) if len(events) else 0, 0)
    lags = np.arange(-window, window + 1)
    rows = []
    for rep, group in changes.groupby("replicate", sort=True):
        n_rounds = int((rounds["replicate"] == rep).sum())
        counts = _launch_counts(events, rep, n_rounds, n_domains)
        for t, d in zip(group["round"], group["domain"], strict=True):
            for k in lags:
                rows.append((rep, t, d, int(k), counts[IMITATION, t + k, d],
                             counts[1 - IMITATION, t + k, d]))
    return pd.DataFrame(rows, columns=["replicate", "round", "domain", "lag", "imitations",
                                       "innovations"])


def bandwagon_profile(events: pd.DataFrame, rounds: pd.DataFrame, burn_in: int,
                      window: int = 5) -> pd.DataFrame:
    """Launches in a domain by rounds since it became the model.

    Returns
    -------
    pandas.DataFrame
        One row per lag ``-window … window``: mean ``imitations`` and
        ``innovations`` in the new model domain per model change (first
        averaged within each replicate, then across replicates),
        ``imitations_se`` and ``innovations_se`` (standard errors across
        replicates; ``nan`` with one replicate), ``changes``
        (model changes counted) and ``replicates``.
    """
    per = _per_change(events, rounds, burn_in, window)
    lags = np.arange(-window, window + 1)
    if per.empty:
        nan = np.full(len(lags), np.nan)
        return pd.DataFrame({"lag": lags, "imitations": nan, "innovations": nan,
                             "imitations_se": nan, "innovations_se": nan, "changes": 0,
                             "replicates": 0})
    by_rep = per.groupby(["replicate", "lag"])[["imitations", "innovations"]].mean()
    grouped = by_rep.groupby("lag")
    n_rep = per["replicate"].nunique()
    out = grouped.mean()
    out["imitations_se"] = grouped["imitations"].std(ddof=1) / np.sqrt(n_rep)
    out["innovations_se"] = grouped["innovations"].std(ddof=1) / np.sqrt(n_rep)
    out["changes"] = len(per) // len(lags)
    out["replicates"] = n_rep
    return out.reset_index()


def bandwagon_effect(events: pd.DataFrame, rounds: pd.DataFrame, burn_in: int,
                     window: int = 5) -> pd.DataFrame:
    """Imitation launches per round in the new model domain, before and after it became the model.

    Returns
    -------
    pandas.DataFrame
        One row per replicate with a model change: ``changes``, ``before``
        (rounds ``t - window + 1 … t``), ``after`` (``t + 1 … t + window``)
        and ``rise = after - before``, each a mean over the replicate's
        model changes.
    """
    per = _per_change(events, rounds, burn_in, window)
    columns = ["replicate", "changes", "before", "after", "rise"]
    if per.empty:
        return pd.DataFrame(columns=columns)
    per = per.assign(side=np.where(per["lag"] > 0, "after",
                                   np.where(per["lag"] > -window, "before", "out")))
    per = per[per["side"] != "out"]
    per_change = per.pivot_table(index=["replicate", "round"], columns="side",
                                 values="imitations", aggfunc="mean")
    rep = per_change.groupby("replicate").agg(changes=("after", "size"), before=("before", "mean"),
                                              after=("after", "mean"))
    rep["rise"] = rep["after"] - rep["before"]
    return rep.reset_index()[columns]


def _check(burn_in: int, window: int) -> None:
    if burn_in < 0:
        raise ParameterError(f"burn_in = {burn_in!r} is out of range: must be >= 0")
    if window < 1:
        raise ParameterError(f"window = {window!r} is out of range: must be an integer >= 1")


# ----------------------------------------------------------------------------- version 2
_DESIGNATION_COLUMNS = ["replicate", "round", "domain", "owner", "runner_up",
                        "runner_up_domain", "treated_before", "treated_after", "treated",
                        "placebo_before", "placebo_after", "placebo", "did"]


def _designation_rounds(model: np.ndarray, burn_in: int, before: int,
                        after: int) -> list[int]:
    """Rounds ``t`` where a domain becomes the model, with both windows inside the run."""
    n_rounds = len(model)
    return [t for t in range(max(burn_in, before - 1, 1), n_rounds - after)
            if model[t] >= 0 and model[t] != model[t - 1]]


def _launch_cube(events: pd.DataFrame, n_rounds: int, n_domains: int,
                 n_jurisdictions: int) -> np.ndarray:
    """Approved launches of one replicate, shape (2, T, D, N): [innovation, imitation]."""
    ev = coded_events(events)
    cube = np.zeros((2, n_rounds, n_domains, n_jurisdictions), np.int64)
    np.add.at(cube, (ev["origin_code"].to_numpy(), ev["launch_round"].to_numpy(np.int64),
                     ev["domain"].to_numpy(np.int64), ev["jurisdiction"].to_numpy(np.int64)), 1)
    return cube


def _sizes(events: pd.DataFrame, rounds: pd.DataFrame, panel: pd.DataFrame | None) -> tuple:
    n_domains = 1 + max(int(rounds["model_domain"].max()) if len(rounds) else 0,
                        int(events["domain"].max()) if len(events) else 0, 0)
    juris = [int(events["jurisdiction"].max()) if len(events) else 0,
             int(rounds["model_owner"].max()) if len(rounds) else 0]
    if panel is not None and len(panel):
        juris.append(int(panel["jurisdiction"].max()))
        n_domains = max(n_domains, 1 + int(panel["domain"].max()))
    return n_domains, 1 + max(juris + [0])


def _designation_windows(events: pd.DataFrame, rounds: pd.DataFrame, panel: pd.DataFrame,
                         burn_in: int, before: int, after: int):
    """Yield every designation with its launches per round over both windows.

    Each item is ``(replicate, t, d, owner, runner_up, r, treated, placebo)``:
    ``treated`` holds the launches in ``d`` by all but the owner in rounds
    ``t - before + 1 … t + after`` (``before + after`` values), ``placebo``
    the same in the runner-up's domain ``r`` by all but the runner-up, or
    ``None`` without a runner-up (``runner_up = r = -1``).
    """
    check_frame(events, "events", ("replicate", "jurisdiction", "domain", "origin",
                                   "launch_round"))
    check_frame(rounds, "rounds", ("replicate", "round", "model_domain", "model_owner"))
    check_frame(panel, "panel", ("replicate", "round", "jurisdiction", "rank", "domain"))
    b = check_int("burn_in", burn_in, 0)
    nb = check_int("before", before, 1)
    na = check_int("after", after, 1)
    n_domains, n_juris = _sizes(events, rounds, panel)
    for rep, group in rounds.groupby("replicate", sort=True):
        group = group.sort_values("round")
        model = group["model_domain"].to_numpy(np.int64)
        owner = group["model_owner"].to_numpy(np.int64)
        times = _designation_rounds(model, b, nb, na)
        if not times:
            continue
        n_rounds = len(model)
        cube = _launch_cube(events[events["replicate"] == rep], n_rounds, n_domains,
                            n_juris).sum(axis=0)                       # (T, D, N)
        pan = panel[panel["replicate"] == rep]
        pan = pan[pan["round"].isin(times)].sort_values(["round", "rank"], kind="stable")
        by_round = {int(t): part for t, part in pan.groupby("round", sort=True)}
        for t in times:
            d, j = int(model[t]), int(owner[t])
            treated = _window(cube, d, j, t, nb, na)
            now = by_round.get(t, pan.iloc[:0])
            doms = now["domain"].to_numpy(np.int64)
            other = np.flatnonzero((doms >= 0) & (doms != d))
            if len(other):
                runner = int(now["jurisdiction"].to_numpy()[other[0]])
                r = int(doms[other[0]])
                placebo = _window(cube, r, runner, t, nb, na)
            else:
                runner = r = -1
                placebo = None
            yield rep, t, d, j, runner, r, treated, placebo


def designations(events: pd.DataFrame, rounds: pd.DataFrame, panel: pd.DataFrame,
                 burn_in: int, before: int = 5, after: int = 5) -> pd.DataFrame:
    """Every designation of a new model domain, with its treated and placebo launches.

    A *designation* is a round ``t`` (``t >= burn_in``) in which the model
    domain changes to a domain ``d >= 0`` (``model_domain[t] = d !=
    model_domain[t - 1]``), with the rounds ``t - before + 1 … t + after``
    inside the run. Its *owner* is ``model_owner[t]``. The *runner-up* is
    the best-ranked jurisdiction in round ``t`` (panel) whose active project
    at the end of the round is in a domain ``r`` other than ``d`` (none:
    the placebo and the difference are ``nan``).

    *Treated*: launches (approved innovations and imitations) in ``d`` by
    jurisdictions other than the owner, mean per round over the ``after``
    rounds ``t + 1 … t + after``, minus the mean over the ``before`` rounds
    ``t - before + 1 … t`` up to designation (the model is set after the
    launches of round ``t``, so round ``t`` is before). *Placebo*: the same
    in ``r`` by jurisdictions other than the runner-up. ``did = treated -
    placebo``.

    Parameters
    ----------
    events, rounds, panel : pandas.DataFrame
        The run's tables (any number of replicates).
    burn_in : int
        Designations before this round are left out.
    before, after : int
        Rounds in the windows before (including ``t``) and after designation.

    Returns
    -------
    pandas.DataFrame
        One row per designation: ``replicate``, ``round``, ``domain``,
        ``owner``, ``runner_up``, ``runner_up_domain`` (-1 for none), and
        ``treated_before``, ``treated_after``, ``treated``,
        ``placebo_before``, ``placebo_after``, ``placebo``, ``did``.

    Raises
    ------
    ParameterError
        On a table without the needed columns, ``burn_in < 0``, or
        ``before``, ``after`` < 1.
    """
    rows = []
    for rep, t, d, j, runner, r, treated, placebo in _designation_windows(
            events, rounds, panel, burn_in, before, after):
        treated_b, treated_a = float(treated[:before].mean()), float(treated[before:].mean())
        if placebo is None:
            placebo_b = placebo_a = math.nan
        else:
            placebo_b, placebo_a = float(placebo[:before].mean()), float(placebo[before:].mean())
        treated_d = treated_a - treated_b
        placebo_d = placebo_a - placebo_b
        rows.append((rep, t, d, j, runner, r, treated_b, treated_a, treated_d, placebo_b,
                     placebo_a, placebo_d, treated_d - placebo_d))
    return pd.DataFrame(rows, columns=_DESIGNATION_COLUMNS)


def designation_profile(events: pd.DataFrame, rounds: pd.DataFrame, panel: pd.DataFrame,
                        burn_in: int, before: int = 5, after: int = 5) -> pd.DataFrame:
    """Launches around designation, round by round, in the model's and the runner-up's domains.

    The event study behind :func:`bandwagon_did`: for every designation with
    a runner-up (:func:`designations`), the launches per round in the new
    model domain by jurisdictions other than the owner (*treated*) and in
    the runner-up's domain by jurisdictions other than the runner-up
    (*placebo*), at lags ``k = -before + 1 … after`` (round ``t + k``; lag 0
    is the round of designation, the last one before). Averaged over a
    replicate's designations, the means of lags ``1 … after`` minus those of
    lags ``-before + 1 … 0`` are :func:`bandwagon_did`'s ``treated`` and
    ``placebo``.

    Parameters
    ----------
    events, rounds, panel : pandas.DataFrame
        The run's tables.
    burn_in : int
        Designations before this round are left out.
    before, after : int
        Rounds in the windows before (including designation) and after.

    Returns
    -------
    pandas.DataFrame
        One row per replicate with a used designation and lag: ``replicate``,
        ``lag``, ``treated``, ``placebo`` (means over the replicate's used
        designations) and ``used``.

    Raises
    ------
    ParameterError
        As :func:`designations`.
    """
    lags = np.arange(-before + 1, after + 1)
    per_rep: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {}
    for rep, _, _, _, _, _, treated, placebo in _designation_windows(
            events, rounds, panel, burn_in, before, after):
        if placebo is not None:
            per_rep.setdefault(int(rep), []).append((treated, placebo))
    rows = []
    for rep, pairs in sorted(per_rep.items()):
        treated = np.mean([p[0] for p in pairs], axis=0)
        placebo = np.mean([p[1] for p in pairs], axis=0)
        rows.extend((rep, int(k), float(a), float(c), len(pairs))
                    for k, a, c in zip(lags, treated, placebo, strict=True))
    return pd.DataFrame(rows, columns=["replicate", "lag", "treated", "placebo", "used"])


def _window(cube: np.ndarray, domain: int, excluded: int, t: int, before: int,
            after: int) -> np.ndarray:
    """Launches per round in ``domain`` by all but ``excluded``, rounds ``t-before+1 … t+after``."""
    per_round = cube[:, domain, :].sum(axis=1)
    if 0 <= excluded < cube.shape[2]:
        per_round = per_round - cube[:, domain, excluded]
    return per_round[t - before + 1 : t + after + 1].astype(float)


def bandwagon_did(events: pd.DataFrame, rounds: pd.DataFrame, panel: pd.DataFrame,
                  burn_in: int, before: int = 5, after: int = 5) -> pd.DataFrame:
    """Bandwagon difference-in-differences per replicate (fact 6 of version 2).

    The mean, over a replicate's designations that have a runner-up, of
    the treated change, the placebo change and their difference
    (:func:`designations`). One row per replicate of ``rounds``, also for
    replicates without a designation (``nan``), so that intervals can be
    paired across configurations run with the same seed and replicates.

    Parameters
    ----------
    events, rounds, panel : pandas.DataFrame
        The run's tables.
    burn_in : int
        Designations before this round are left out.
    before, after : int
        Rounds in the windows before (including designation) and after.

    Returns
    -------
    pandas.DataFrame
        ``replicate``, ``designations`` (all), ``used`` (with a runner-up),
        ``treated``, ``placebo``, ``did`` (means over the used ones; ``did
        = treated - placebo``).

    Raises
    ------
    ParameterError
        As :func:`designations`.
    """
    per = designations(events, rounds, panel, burn_in, before, after)
    reps = pd.Index(np.unique(rounds["replicate"].to_numpy()), name="replicate")
    used = per[per["runner_up"] >= 0]
    grouped = used.groupby("replicate", sort=True)
    out = pd.DataFrame({
        "designations": per.groupby("replicate").size().reindex(reps, fill_value=0),
        "used": grouped.size().reindex(reps, fill_value=0),
        "treated": grouped["treated"].mean().reindex(reps),
        "placebo": grouped["placebo"].mean().reindex(reps)})
    out["did"] = out["treated"] - out["placebo"]
    return out.astype({"treated": float, "placebo": float, "did": float}).reset_index()


@dataclass(frozen=True)
class ImitationWave:
    """The imitation wave after designation (:func:`imitation_wave`).

    Attributes
    ----------
    profile : pandas.DataFrame
        ``lag`` (1 … horizon), ``imitations`` (mean per designation: first
        within each replicate, then across replicates), ``replicates``.
    peak_lag : float
        The lag of the highest mean (the first at a tie); ``nan`` when no
        imitation follows any designation.
    peak : float
        The mean at ``peak_lag``.
    fade_lag : float
        The first lag after ``peak_lag`` whose mean is below ``peak / 2``;
        ``nan`` if none within the horizon.
    designations : int
        Designations counted.
    """

    profile: pd.DataFrame
    peak_lag: float
    peak: float
    fade_lag: float
    designations: int


def imitation_profiles(events: pd.DataFrame, rounds: pd.DataFrame, burn_in: int,
                       horizon: int = 10) -> pd.DataFrame:
    """Imitations of a new model by rounds since its designation, per replicate.

    For every designation in round ``t >= burn_in`` (the model domain
    changes to ``d >= 0``, as in :func:`designations`) with ``t + horizon``
    inside the run, the imitations launched in ``d`` by jurisdictions other
    than the owner in round ``t + k``, ``k = 1 … horizon``, averaged over
    the replicate's designations. :func:`imitation_wave` averages these
    profiles across replicates.

    Parameters
    ----------
    events, rounds : pandas.DataFrame
        The run's tables.
    burn_in : int
        Designations before this round are left out.
    horizon : int
        Lags watched.

    Returns
    -------
    pandas.DataFrame
        One row per replicate with a designation and lag: ``replicate``,
        ``lag``, ``imitations``, ``designations`` (of the replicate).

    Raises
    ------
    ParameterError
        On a table without the needed columns, ``burn_in < 0`` or ``horizon < 1``.
    """
    check_frame(events, "events", ("replicate", "jurisdiction", "domain", "origin",
                                   "launch_round"))
    check_frame(rounds, "rounds", ("replicate", "round", "model_domain", "model_owner"))
    b = check_int("burn_in", burn_in, 0)
    h = check_int("horizon", horizon, 1)
    n_domains, n_juris = _sizes(events, rounds, None)
    lags = np.arange(1, h + 1)
    rows = []
    for rep, group in rounds.groupby("replicate", sort=True):
        group = group.sort_values("round")
        model = group["model_domain"].to_numpy(np.int64)
        owner = group["model_owner"].to_numpy(np.int64)
        times = _designation_rounds(model, b, 1, h)
        if not times:
            continue
        imit = _launch_cube(events[events["replicate"] == rep], len(model), n_domains,
                            n_juris)[IMITATION]
        waves = []
        for t in times:
            d, j = int(model[t]), int(owner[t])
            per_round = imit[:, d, :].sum(axis=1)
            if 0 <= j < n_juris:
                per_round = per_round - imit[:, d, j]
            waves.append(per_round[t + 1 : t + h + 1])
        mean = np.mean(waves, axis=0)
        rows.extend((rep, int(k), float(v), len(times)) for k, v in zip(lags, mean, strict=True))
    return pd.DataFrame(rows, columns=["replicate", "lag", "imitations", "designations"])


def wave_shape(imitations: np.ndarray) -> tuple[float, float, float]:
    """Peak and fade of a mean imitation profile over lags ``1 … len(imitations)``.

    Parameters
    ----------
    imitations : array of float
        Mean imitations at lags ``1, 2, …``.

    Returns
    -------
    tuple of float
        ``(peak_lag, peak, fade_lag)``: the lag of the highest value (the
        first at a tie), that value, and the first later lag whose value is
        below half the peak. ``peak_lag`` and ``fade_lag`` are ``nan`` when
        the profile is empty, holds a ``nan`` or never rises above 0;
        ``fade_lag`` is ``inf`` when the profile does not fall below half
        its peak within the lags given.
    """
    x = np.asarray(imitations, dtype=float).reshape(-1)
    if len(x) == 0 or np.isnan(x).any():
        return math.nan, math.nan, math.nan
    top = int(np.argmax(x))
    if x[top] <= 0:
        return math.nan, 0.0, math.nan
    below = np.flatnonzero(x[top + 1 :] < x[top] / 2.0)
    fade = float(top + 2 + below[0]) if len(below) else math.inf
    return float(top + 1), float(x[top]), fade


def imitation_wave(events: pd.DataFrame, rounds: pd.DataFrame, burn_in: int,
                   horizon: int = 10) -> ImitationWave:
    """Imitations of a new model by rounds since its designation: the rise and fade of fact 6.

    The profiles of :func:`imitation_profiles`, averaged across replicates
    (replicates without a designation left out), and their shape
    (:func:`wave_shape`). Version 2 asks that the wave peak within 5 rounds
    and fall below half its peak within 10.

    Parameters
    ----------
    events, rounds : pandas.DataFrame
        The run's tables.
    burn_in : int
        Designations before this round are left out.
    horizon : int
        Lags watched.

    Returns
    -------
    ImitationWave
        The mean profile, its peak and the lag at which it fades (``nan``
        if it does not within the horizon).

    Raises
    ------
    ParameterError
        On a table without the needed columns, ``burn_in < 0`` or ``horizon < 1``.
    """
    per = imitation_profiles(events, rounds, burn_in, horizon)
    h = int(horizon)
    lags = np.arange(1, h + 1)
    if per.empty:
        profile = pd.DataFrame({"lag": lags, "imitations": np.full(h, math.nan),
                                "replicates": 0})
        return ImitationWave(profile, math.nan, math.nan, math.nan, 0)
    matrix = per.pivot(index="replicate", columns="lag", values="imitations").to_numpy(float)
    count = int(per.groupby("replicate")["designations"].first().sum())
    mean = matrix.mean(axis=0)
    profile = pd.DataFrame({"lag": lags, "imitations": mean, "replicates": len(matrix)})
    peak_lag, peak, fade = wave_shape(mean)
    return ImitationWave(profile, peak_lag, peak, math.nan if math.isinf(fade) else fade, count)
