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
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import ParameterError
from ..registry import IMITATION
from .statistics import coded_events

__all__ = ["model_changes", "bandwagon_profile", "bandwagon_effect"]


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
