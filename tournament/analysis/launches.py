"""Launch attempts, imitation, recognition and restarts: version-2 statistics of section 7.

docs/specification.md section 7 ("Planned (version 2)") adds statistics
whose sign is not fixed by construction; those about launches live here.
Every function takes a run's tables (any number of replicates), returns one
value (or row) per replicate, and ignores the first ``burn_in`` rounds
("after burn-in" = in round ``burn_in`` or later):

* :func:`attempt_rate` — launch attempts, approved or not
  (``innovations + imitations + rejected``), per jurisdiction-round;
* :func:`imitation_share` — imitations over approved launches;
* :func:`ever_recognized_share` — share of projects recognised at least once;
* :func:`restart_shares_by_cause` — the restart share of fact 3 split by the
  cause of the death, replacements apart;
* :func:`restart_placebo` — how often a jurisdiction without a project
  launches within the same window anyway (the placebo of fact 3).

A *restart* of a death in round ``e`` is the jurisdiction's next project
(launch order) when it is launched by round ``e + window``; a replacement
is always restarted, with gap 0, because the new project is what replaced
it. A death counts when ``burn_in <= e <= T - 1 - window``, so that its
whole window lies inside the run (the rule of
:func:`tournament.analysis.restart_shares`).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._errors import ParameterError
from ..engine.rules import WINDOW
from ._validate import check_frame, check_int

__all__ = ["attempt_rate", "imitation_share", "ever_recognized_share",
           "restart_shares_by_cause", "restart_placebo", "RESTART_GROUPS"]

RESTART_GROUPS = ("all", "replaced", "other", "dropped", "absorbed", "crisis")
"""Rows of :func:`restart_shares_by_cause` per replicate; ``other`` pools dropped,
absorbed and crisis (every death that is not a replacement)."""

_ROUND_COLUMNS = ("replicate", "round", "innovations", "imitations", "rejected")
_EVENT_COLUMNS = ("replicate", "project", "jurisdiction", "domain", "launch_round",
                  "end_round", "censored", "cause")


def _replicates(frame: pd.DataFrame) -> pd.Index:
    return pd.Index(np.unique(frame["replicate"].to_numpy()), name="replicate")


def attempt_rate(rounds: pd.DataFrame, n_jurisdictions: int, burn_in: int) -> pd.Series:
    """Launch attempts per jurisdiction-round after burn-in, per replicate.

    An attempt is an approved innovation, an approved imitation or a
    rejected launch (``innovations + imitations + rejected`` in the rounds
    table): what elites try, before the approval draw of
    ``bureaucratic_autonomy``. Fact 8 of version 2 measures lock-in on it.

    Parameters
    ----------
    rounds : pandas.DataFrame
        The rounds table (any number of replicates).
    n_jurisdictions : int
        ``N``, jurisdictions per round.
    burn_in : int
        Rounds left out at the start.

    Returns
    -------
    pandas.Series
        ``attempt_rate`` indexed by replicate: attempts in rounds
        ``>= burn_in`` divided by ``N`` times the number of those rounds;
        ``nan`` for a replicate without rounds after burn-in.

    Raises
    ------
    ParameterError
        If ``rounds`` is not a rounds table, ``n_jurisdictions < 1`` or
        ``burn_in < 0``.
    """
    check_frame(rounds, "rounds", _ROUND_COLUMNS)
    n = check_int("n_jurisdictions", n_jurisdictions, 1)
    b = check_int("burn_in", burn_in, 0)
    reps = _replicates(rounds)
    late = rounds[rounds["round"] >= b]
    grouped = late.groupby("replicate", sort=True)
    attempts = (grouped["innovations"].sum() + grouped["imitations"].sum()
                + grouped["rejected"].sum()).reindex(reps).astype(float)
    span = grouped.size().reindex(reps).astype(float)
    return (attempts / (n * span)).rename("attempt_rate")


def imitation_share(rounds: pd.DataFrame, burn_in: int) -> pd.Series:
    """Imitations over approved launches after burn-in, per replicate.

    Parameters
    ----------
    rounds : pandas.DataFrame
        The rounds table.
    burn_in : int
        Rounds left out at the start.

    Returns
    -------
    pandas.Series
        ``imitation_share`` indexed by replicate: the sum of ``imitations``
        over the sum of ``innovations + imitations`` in rounds ``>= burn_in``
        (rejected launches are not launches); ``nan`` without launches.

    Raises
    ------
    ParameterError
        If ``rounds`` is not a rounds table or ``burn_in < 0``.
    """
    check_frame(rounds, "rounds", _ROUND_COLUMNS)
    b = check_int("burn_in", burn_in, 0)
    reps = _replicates(rounds)
    grouped = rounds[rounds["round"] >= b].groupby("replicate", sort=True)
    imitations = grouped["imitations"].sum().reindex(reps).astype(float)
    launches = (grouped["innovations"].sum() + grouped["imitations"].sum()).reindex(reps)
    launches = launches.astype(float).where(launches > 0)
    return (imitations / launches).rename("imitation_share")


def ever_recognized_share(events: pd.DataFrame, burn_in: int) -> pd.Series:
    """Share of the projects launched after burn-in that were recognised at least once.

    A soft calibration target of version 2 (0.05–0.2). A project still
    active at the end may yet have been recognised later, so the share is a
    lower bound of the share over completed lives.

    Parameters
    ----------
    events : pandas.DataFrame
        The events table.
    burn_in : int
        Projects launched before round ``burn_in`` are left out.

    Returns
    -------
    pandas.Series
        ``ever_recognized_share`` indexed by replicate (every replicate of
        ``events``): projects with ``times_recognized >= 1`` over projects
        launched in round ``burn_in`` or later; ``nan`` without such projects.

    Raises
    ------
    ParameterError
        If ``events`` is not an events table or ``burn_in < 0``.
    """
    check_frame(events, "events", ("replicate", "launch_round", "times_recognized"))
    b = check_int("burn_in", burn_in, 0)
    reps = _replicates(events)
    late = events[events["launch_round"] >= b]
    share = (late["times_recognized"] > 0).groupby(late["replicate"], sort=True).mean()
    return share.reindex(reps).astype(float).rename("ever_recognized_share")


def _deaths_with_next(events: pd.DataFrame) -> pd.DataFrame:
    """Events in launch order per jurisdiction, with the next project's launch and domain."""
    ev = events.sort_values(["replicate", "jurisdiction", "project"], kind="stable")
    grouped = ev.groupby(["replicate", "jurisdiction"], sort=False)
    return ev.assign(next_launch=grouped["launch_round"].shift(-1),
                     next_domain=grouped["domain"].shift(-1))


def restart_shares_by_cause(events: pd.DataFrame, n_rounds: int, burn_in: int,
                            window: int = WINDOW) -> pd.DataFrame:
    """Restart shares by cause of death, replacements apart (fact 3 of version 2).

    A death in round ``e`` (``burn_in <= e <= T - 1 - window``) is
    *restarted* when the jurisdiction's next project is launched by round
    ``e + window``; the restart is *in a new domain* when that project's
    domain differs. A replacement is restarted by definition (gap 0), so
    version 2 reports it apart and judges fact 3 on the ``other`` deaths:
    dropped, absorbed and crisis.

    Parameters
    ----------
    events : pandas.DataFrame
        The events table (any number of replicates).
    n_rounds : int
        ``T``, rounds of the run.
    burn_in : int
        Deaths before round ``burn_in`` are left out.
    window : int
        Rounds after the death in which a launch counts as a restart.

    Returns
    -------
    pandas.DataFrame
        One row per replicate of ``events`` and group of
        :data:`RESTART_GROUPS` (``all``, ``replaced``, ``other``,
        ``dropped``, ``absorbed``, ``crisis``): ``replicate``, ``group``,
        ``deaths``, ``restarts``, ``share`` (restarts / deaths),
        ``new_domain`` (restarts in another domain) and ``new_domain_share``
        (new_domain / restarts); shares are ``nan`` over zero. The ``all``
        row is :func:`tournament.analysis.restart_shares`. Pool replicates
        with ``table.groupby("group")[["deaths", "restarts"]].sum()``.

    Raises
    ------
    ParameterError
        If ``events`` is not an events table, ``n_rounds < 1``,
        ``burn_in < 0`` or ``window < 1``.
    """
    check_frame(events, "events", _EVENT_COLUMNS)
    t = check_int("n_rounds", n_rounds, 1)
    b = check_int("burn_in", burn_in, 0)
    w = check_int("window", window, 1)
    ev = _deaths_with_next(events)
    end = ev["end_round"].to_numpy(np.int64)
    dead = ev[~ev["censored"].to_numpy(bool) & (end >= b) & (end <= t - 1 - w)]
    gap = dead["next_launch"].to_numpy(float) - dead["end_round"].to_numpy(float)
    restarted = gap <= w                                   # nan (no next project) is False
    new_domain = restarted & (dead["next_domain"].to_numpy(float)
                              != dead["domain"].to_numpy(float))
    cause = dead["cause"].astype(str).to_numpy()
    reps = _replicates(events)
    # one pass per group over all replicates at once (bincount by replicate position)
    pos = reps.get_indexer(dead["replicate"].to_numpy())
    counts = {}
    for group in RESTART_GROUPS:
        if group == "all":
            sel = np.ones(len(cause), bool)
        elif group == "other":
            sel = cause != "replaced"
        else:
            sel = cause == group
        counts[group] = [np.bincount(pos[sel & extra], minlength=len(reps))
                         for extra in (np.ones(len(cause), bool), restarted, new_domain)]
    rows = []
    for k, r in enumerate(reps):
        for group in RESTART_GROUPS:
            deaths, restarts, fresh = (int(c[k]) for c in counts[group])
            rows.append((r, group, deaths, restarts,
                         restarts / deaths if deaths else math.nan, fresh,
                         fresh / restarts if restarts else math.nan))
    return pd.DataFrame(rows, columns=["replicate", "group", "deaths", "restarts", "share",
                                       "new_domain", "new_domain_share"])


def restart_placebo(events: pd.DataFrame, n_jurisdictions: int, n_rounds: int, burn_in: int,
                    window: int = WINDOW) -> pd.DataFrame:
    """How often a jurisdiction without a project launches within ``window`` rounds anyway.

    The placebo of fact 3 (version 2). Over every jurisdiction-round
    ``(j, t)`` with ``burn_in <= t <= T - 1 - window`` in which ``j`` has
    no active project at the end of round ``t``, the share in which ``j``
    launches a project (an approved innovation or imitation) in one of the
    rounds ``t + 1 … t + window``. Every eligible round counts (no random
    draw), so the value is deterministic. A project launched in round ``L``
    that ends in round ``e`` is active at the end of rounds ``L … e - 1``
    (to ``T - 1`` if censored): a jurisdiction whose project died in round
    ``e`` other than by replacement is without a project at the end of
    ``e``, which makes the placebo comparable with the restart share of the
    ``other`` deaths of :func:`restart_shares_by_cause`.

    Parameters
    ----------
    events : pandas.DataFrame
        The events table (any number of replicates).
    n_jurisdictions, n_rounds : int
        ``N`` and ``T`` of the run.
    burn_in : int
        First round that counts.
    window : int
        Rounds watched after round ``t``.

    Returns
    -------
    pandas.DataFrame
        One row per replicate of ``events``: ``replicate``, ``idle``
        (eligible jurisdiction-rounds), ``launched`` (those followed by a
        launch within the window) and ``share`` (``nan`` when ``idle`` is 0).

    Raises
    ------
    ParameterError
        If ``events`` is not an events table, a jurisdiction is outside
        ``0 … N - 1``, ``n_jurisdictions < 1``, ``n_rounds < 1``,
        ``burn_in < 0`` or ``window < 1``.
    """
    check_frame(events, "events", _EVENT_COLUMNS)
    n = check_int("n_jurisdictions", n_jurisdictions, 1)
    t_max = check_int("n_rounds", n_rounds, 1)
    b = check_int("burn_in", burn_in, 0)
    w = check_int("window", window, 1)
    juris = events["jurisdiction"].to_numpy(np.int64)
    if len(juris) and (juris.min() < 0 or juris.max() >= n):
        raise ParameterError(f"n_jurisdictions = {n} is too small: events hold jurisdiction "
                             f"{int(juris.max())}")
    rows = []
    eligible = np.arange(b, t_max - w)                       # b <= t <= T - 1 - window
    for r in _replicates(events):
        ev = events[events["replicate"] == r]
        j = ev["jurisdiction"].to_numpy(np.int64)
        launch = ev["launch_round"].to_numpy(np.int64)
        stop = np.where(ev["censored"].to_numpy(bool), t_max, ev["end_round"].to_numpy(np.int64))
        diff = np.zeros((t_max + 1, n), np.int64)
        np.add.at(diff, (launch, j), 1)
        np.add.at(diff, (stop, j), -1)
        active = np.cumsum(diff, axis=0)[:t_max] > 0           # active at the end of round t
        starts = np.zeros((t_max, n), np.int64)
        np.add.at(starts, (launch, j), 1)
        upto = np.cumsum(starts, axis=0)                       # launches in rounds 0 … t
        if len(eligible) == 0:
            rows.append((r, 0, 0, math.nan))
            continue
        idle = ~active[eligible]
        ahead = (upto[eligible + w] - upto[eligible]) > 0      # launches in t+1 … t+window
        n_idle, n_launched = int(idle.sum()), int((idle & ahead).sum())
        rows.append((r, n_idle, n_launched, n_launched / n_idle if n_idle else math.nan))
    return pd.DataFrame(rows, columns=["replicate", "idle", "launched", "share"])
