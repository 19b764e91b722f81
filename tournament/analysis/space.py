"""The spatial layer in a run's tables: neighbours, diffusion, joint projects, regions.

docs/specification.md section 12 places the jurisdictions on a neighbour
graph and in regions; elites may learn from neighbours' recognised projects
(``learn(d)``) and propose joint projects to their region
(``cooperate(d)``). These functions read what that does from the tables of
a run (every function takes any number of replicates and runs no
simulation); docs/space.md shows them at work.

* :func:`neighbour_exposure` — the event-history panel of fact 10: one
  observation per jurisdiction, round and domain at risk of a launch, with
  the number of the jurisdiction's neighbours that run a recognised project
  in the domain at the moment it decides;
* :func:`neighbour_effect` — the event-history logit on that panel: the
  log-odds of a launch per such neighbour, with a cluster-robust interval
  (replicates are the clusters; statsmodels, the ``space`` extra);
  :func:`neighbour_contrast` — the paired difference of the coefficients of
  two runs with common random numbers;
* :func:`diffusion_curves` — cumulative adopters of a domain by round since
  its first launch;
* :func:`joint_share`, :func:`joint_lifetimes` — the share of launches that
  are joint (fact 11), and how long joint and single projects live;
* :func:`region_statistics` — launches, joint launches, recognitions per region.

**The logit of fact 10.** Observations are triples (i, t, d) with
``burn_in <= t < T``: jurisdiction i is *at risk* of launching in domain d
in round t when d is open at the decision of round t (not closed by an
absorption, inferred from the ``absorbed`` deaths and
``absorption_rounds``) and i does not run a project in d then. The event is
a launch by i in d in round t (any origin: innovation, imitation of the
model, learning from a neighbour, a joint project). Regressors, all
measured at the decision of round t, that is on the state the previous
round left:

* ``neighbours`` — i's neighbours running an active project in d that has
  been recognised at least once (``launch_round < t <= end_round`` and
  ``0 <= first_recognized < t``): the examples n of ``learn(d)``;
* ``others`` — every other jurisdiction running such a project in d, as
  categories (one dummy per value, values at the top pooled until each
  category has launches and non-launches): the national visibility of the
  domain, which rises and falls with the higher level's preference for it;
* ``busy`` — whether i runs a project in another domain.

``P(launch) = logistic(a + b neighbours + c busy + g(others))``. Given
``others``, the count among i's neighbours is, on a graph that plays no
part in the run (the complete topology, with neighbours defined by the ring
indices: the placebo), a hypergeometric draw that depends on nothing else,
so b is 0 there up to sampling error; a b > 0 on a ring or small world is
the local effect of learning, over and above the domain's national rise.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import registry as C
from .._deps import require
from .._errors import ParameterError, ParameterTypeError
from ..config import Config
from ..graph import neighbour_graph, regions
from ._validate import check_frame, check_int, check_level
from .inference import Interval, t_cdf, t_ppf
from .survival import km_rmst

__all__ = ["neighbour_exposure", "neighbour_effect", "neighbour_contrast", "NeighbourEffect",
           "diffusion_curves", "joint_share", "joint_lifetimes", "region_statistics",
           "EXPOSURE_COLUMNS", "GROUPED_COLUMNS", "MIN_CELL"]

EXPOSURE_COLUMNS = ("replicate", "round", "jurisdiction", "domain", "neighbours", "others",
                    "busy", "launched")
"""Columns of :func:`neighbour_exposure`: one row per jurisdiction-round-domain at risk."""
GROUPED_COLUMNS = ("replicate", "neighbours", "others", "busy", "trials", "launches")
"""Columns of :func:`neighbour_exposure` with ``grouped=True``: one row per covariate pattern."""
MIN_CELL = 5
"""Fewest launches and non-launches a category of ``others`` must hold (else it is pooled)."""

_EVENT_COLUMNS = ("replicate", "jurisdiction", "domain", "launch_round", "end_round",
                  "censored", "cause", "first_recognized")


# ----------------------------------------------------------------------------- helpers
def _check_config(config: object) -> Config:
    if not isinstance(config, Config):
        raise ParameterTypeError(f"config must be the tournament.Config of the run, got "
                                 f"{type(config).__name__}")
    return config


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ParameterError(f"seed = {seed!r} is out of range: must be the run's seed, an "
                             "integer >= 0")
    return int(seed)


def _check_burn_in(burn_in: object, cfg: Config) -> int:
    b = cfg.burn_in if burn_in is None else check_int("burn_in", burn_in, 0)
    if b >= cfg.n_rounds:
        raise ParameterError(f"burn_in = {b} is out of range: must be < n_rounds "
                             f"({cfg.n_rounds})")
    return b


def _check_csr(graph: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
    try:
        ptr, nbr = (np.asarray(a) for a in graph)
    except (TypeError, ValueError):
        raise ParameterTypeError(
            f"graph = {graph!r} must be a topology name, a Config or a CSR pair (ptr, nbr) "
            "as tournament.graph.neighbour_graph returns") from None
    if ptr.ndim != 1 or nbr.ndim != 1 or len(ptr) != n + 1 or (len(nbr) and (
            nbr.min() < 0 or nbr.max() >= n)) or ptr[0] != 0 or ptr[-1] != len(nbr) or (
            np.diff(ptr) < 0).any():
        raise ParameterError(f"graph is not a CSR graph over n_jurisdictions = {n}: ptr must "
                             "hold N + 1 non-decreasing offsets from 0 to len(nbr), nbr "
                             "indices in 0 ... N-1")
    return ptr.astype(np.int64), nbr.astype(np.int64)


def _graph_source(config: Config, graph: Any) -> Any:
    """What builds each replicate's graph: a Config, or one fixed CSR pair."""
    if graph is None:
        if config.topology == "complete":
            raise ParameterError(
                "topology = 'complete' has no neighbours: pass graph='ring' (or another "
                "topology, a Config or a CSR pair) to measure exposure on a graph that plays "
                "no part in the run, the placebo of fact 10")
        return config
    if isinstance(graph, str):
        if graph not in C.TOPOLOGIES or graph in ("complete", "custom"):
            valid = [t for t in C.TOPOLOGIES if t not in ("complete", "custom")]
            raise ParameterError(f"graph = {graph!r} is invalid: a topology name must be one "
                                 f"of {valid} (or pass a Config or a CSR pair)")
        return config.replace(topology=graph)
    if isinstance(graph, Config):
        if graph.n_jurisdictions != config.n_jurisdictions:
            raise ParameterError(f"graph has n_jurisdictions = {graph.n_jurisdictions}, the "
                                 f"run {config.n_jurisdictions}")
        if graph.topology == "complete":
            raise ParameterError("graph has topology = 'complete': it has no neighbours")
        return graph
    return _check_csr(graph, config.n_jurisdictions)


def _replicate_graph(source: Any, seed: int, replicate: int) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(source, Config):
        return neighbour_graph(source, seed, replicate)
    return source


def _fixed_graph(source: Any) -> Any:
    """Build a graph that is the same for every replicate once (only a small world differs)."""
    if isinstance(source, Config) and source.topology != "small_world":
        return neighbour_graph(source)
    return source


def _replicates(events: pd.DataFrame, replicates: Sequence[int] | None) -> np.ndarray:
    if replicates is None:
        return np.unique(events["replicate"].to_numpy(np.int64))
    reps = np.asarray(replicates, dtype=np.int64).reshape(-1)
    if len(reps) == 0 or (reps < 0).any() or len(np.unique(reps)) != len(reps):
        raise ParameterError(f"replicates = {replicates!r} must be distinct indices >= 0")
    return reps


def _split(events: pd.DataFrame) -> dict[int, pd.DataFrame]:
    return {int(r): g for r, g in events.groupby("replicate", sort=True, observed=True)}


def _intervals(t0: np.ndarray, t1: np.ndarray, rows: np.ndarray, cols: np.ndarray,
               first: int, length: int, shape: tuple[int, int]) -> np.ndarray:
    """Counts over rounds ``first … first+length-1`` of intervals ``[t0, t1]`` per (row, col).

    Returns an int array (length, rows, cols): how many intervals cover each
    round (difference arrays, then a cumulative sum over rounds).
    """
    diff = np.zeros((length + 1, *shape), np.int32)
    lo = np.clip(t0 - first, 0, length)
    hi = np.clip(t1 + 1 - first, 0, length)
    keep = lo < hi
    np.add.at(diff, (lo[keep], rows[keep], cols[keep]), 1)
    np.add.at(diff, (hi[keep], rows[keep], cols[keep]), -1)
    return np.cumsum(diff, axis=0, dtype=np.int32)[:length]


def _one_replicate(ev: pd.DataFrame, cfg: Config, ptr: np.ndarray, nbr: np.ndarray,
                   burn_in: int) -> tuple[np.ndarray, ...]:
    """Arrays (rounds, N, D) of one replicate: neighbours, others, busy, launched, at risk."""
    n, d_count, t_count = cfg.n_jurisdictions, cfg.n_domains, cfg.n_rounds
    length = t_count - burn_in
    j = ev["jurisdiction"].to_numpy(np.int64)
    d = ev["domain"].to_numpy(np.int64)
    launch = ev["launch_round"].to_numpy(np.int64)
    end = np.where(ev["censored"].to_numpy(bool), t_count, ev["end_round"].to_numpy(np.int64))
    first = ev["first_recognized"].to_numpy(np.int64)
    # running at the decision of round t: launch < t <= end
    running = _intervals(launch + 1, end, j, d, burn_in, length, (n, d_count))
    seen = first >= 0
    shown = _intervals(first[seen] + 1, end[seen], j[seen], d[seen], burn_in, length,
                       (n, d_count))
    shown = np.minimum(shown, 1)
    running = np.minimum(running, 1)
    # neighbours: sum of `shown` over each jurisdiction's neighbours (prefix sums over CSR)
    gathered = np.concatenate([np.zeros((length, 1, d_count), np.int32),
                               np.cumsum(shown[:, nbr, :], axis=1, dtype=np.int32)], axis=1)
    neighbours = gathered[:, ptr[1:], :] - gathered[:, ptr[:-1], :]
    others = shown.sum(axis=1, keepdims=True) - shown
    busy_any = running.sum(axis=2, keepdims=True)
    busy = (busy_any - running) > 0
    launched = np.zeros((length, n, d_count), bool)
    new = (launch >= burn_in) & (launch < t_count)
    launched[launch[new] - burn_in, j[new], d[new]] = True
    # open domains: an absorption in round e closes d at the decisions of e+1 … e+rounds
    closed = np.zeros((length, d_count), bool)
    absorbed = ev["cause"].to_numpy() == "absorbed"
    for e, dom in zip(end[absorbed], d[absorbed], strict=True):
        lo, hi = max(e + 1 - burn_in, 0), min(e + cfg.absorption_rounds - burn_in, length - 1)
        if lo <= hi:
            closed[lo:hi + 1, dom] = True
    at_risk = (running == 0) & ~closed[:, None, :]
    return neighbours, others, busy, launched, at_risk


# ----------------------------------------------------------------------------- exposure
def neighbour_exposure(events: pd.DataFrame, config: Config, seed: int = 0, *,
                       graph: Any = None, burn_in: int | None = None,
                       replicates: Sequence[int] | None = None,
                       grouped: bool = False) -> pd.DataFrame:
    """The event-history panel of fact 10: jurisdiction-round-domain observations at risk.

    Parameters
    ----------
    events : pandas.DataFrame
        The events table of a run of ``config`` (any number of replicates;
        it needs ``first_recognized``).
    config : Config
        The run's configuration (N, D, T, ``absorption_rounds`` and its graph).
    seed : int
        The run's seed: a small world is drawn from the replicate's own graph
        stream (:func:`tournament.graph.graph_generator`).
    graph : str, Config or tuple of arrays, optional
        Whose neighbours to count. ``None``: the run's own graph (an error
        for ``topology = "complete"``, which has none). A topology name
        (``"ring"``, ``"small_world"`` …) or a ``Config``: that graph, built
        for each replicate from ``(seed, replicate)`` as the engines would
        build it: on a complete-topology run this is the placebo. A CSR
        pair ``(ptr, nbr)``: that graph for every replicate.
    burn_in : int, optional
        First round observed (default ``config.burn_in``).
    replicates : sequence of int, optional
        Replicates to include (default: those in ``events``); a replicate
        without events contributes its observations with no launch.
    grouped : bool
        Return launches and trials per replicate and covariate pattern
        (:data:`GROUPED_COLUMNS`) instead of one row per observation; the
        logit of :func:`neighbour_effect` is the same on both. The long form
        has up to R x (T - burn_in) x N x D rows (8 million for 100
        replicates of N = 100, T = 120, D = 8): group large runs.

    Returns
    -------
    pandas.DataFrame
        :data:`EXPOSURE_COLUMNS`: ``replicate``, ``round``,
        ``jurisdiction``, ``domain``, ``neighbours`` (neighbours running a
        recognised project in the domain), ``others`` (all other
        jurisdictions doing so), ``busy`` (the jurisdiction runs a project in
        another domain) and ``launched``; or, grouped, :data:`GROUPED_COLUMNS`.

    Raises
    ------
    ParameterError, ParameterTypeError
        On a table that is not an events table, a bad configuration, seed,
        graph, burn-in or replicate list, or events outside the run's
        jurisdictions, domains or rounds.

    Examples
    --------
    >>> import tournament
    >>> cfg = tournament.Config(n_jurisdictions=20, n_rounds=30, burn_in=5, topology="ring")
    >>> res = tournament.simulate(cfg, replicates=2, seed=1, record=("events",))
    >>> panel = neighbour_exposure(res.events, cfg, seed=1)
    >>> int(panel["neighbours"].max()) <= cfg.degree
    True
    """
    check_frame(events, "events", _EVENT_COLUMNS)
    cfg = _check_config(config)
    seed = _check_seed(seed)
    b = _check_burn_in(burn_in, cfg)
    source = _fixed_graph(_graph_source(cfg, graph))
    reps = _replicates(events, replicates)
    n, d_count = cfg.n_jurisdictions, cfg.n_domains
    if len(events):
        bad = ((events["jurisdiction"] < 0) | (events["jurisdiction"] >= n)
               | (events["domain"] < 0) | (events["domain"] >= d_count)
               | (events["launch_round"] >= cfg.n_rounds))
        if bad.any():
            row = events[bad].iloc[0]
            raise ParameterError(
                f"events row (jurisdiction {int(row['jurisdiction'])}, domain "
                f"{int(row['domain'])}, launch_round {int(row['launch_round'])}) lies outside "
                f"the run of config (N = {n}, D = {d_count}, T = {cfg.n_rounds}): pass the "
                "configuration the events came from")
    by_rep = _split(events)
    empty = events.iloc[:0]
    parts = []
    length = cfg.n_rounds - b
    for r in reps:
        ptr, nbr = _replicate_graph(source, seed, int(r))
        nb, oth, busy, launched, risk = _one_replicate(by_rep.get(int(r), empty), cfg, ptr,
                                                       nbr, b)
        if grouped:
            key = ((nb[risk].astype(np.int64) * (n + 1) + oth[risk]) * 2
                   + busy[risk].astype(np.int64))
            cells, inverse = np.unique(key, return_inverse=True)
            trials = np.bincount(inverse, minlength=len(cells))
            hits = np.bincount(inverse, weights=launched[risk], minlength=len(cells))
            parts.append(pd.DataFrame({
                "replicate": np.full(len(cells), r, np.int64),
                "neighbours": cells // 2 // (n + 1),
                "others": cells // 2 % (n + 1),
                "busy": (cells % 2).astype(bool),
                "trials": trials.astype(np.int64),
                "launches": np.rint(hits).astype(np.int64)}))
            continue
        t_idx, i_idx, d_idx = np.nonzero(risk)
        parts.append(pd.DataFrame({
            "replicate": np.full(len(t_idx), r, np.int32),
            "round": (t_idx + b).astype(np.int32),
            "jurisdiction": i_idx.astype(np.int32),
            "domain": d_idx.astype(np.int16),
            "neighbours": nb[risk].astype(np.int16),
            "others": oth[risk].astype(np.int32),
            "busy": busy[risk],
            "launched": launched[risk]}))
    if length <= 0 or not parts:
        columns = GROUPED_COLUMNS if grouped else EXPOSURE_COLUMNS
        return pd.DataFrame({c: pd.Series(dtype=float) for c in columns})
    return pd.concat(parts, ignore_index=True)


def _as_grouped(exposure: pd.DataFrame, name: str = "exposure") -> pd.DataFrame:
    """A grouped exposure table from either form of :func:`neighbour_exposure`."""
    if not isinstance(exposure, pd.DataFrame):
        raise ParameterError(f"{name} must be a pandas DataFrame from neighbour_exposure, got "
                             f"{type(exposure).__name__}")
    if "trials" in exposure.columns:
        return check_frame(exposure, name, GROUPED_COLUMNS)
    check_frame(exposure, name, EXPOSURE_COLUMNS)
    out = (exposure.assign(trials=1, launches=exposure["launched"].astype(np.int64))
           .groupby(["replicate", "neighbours", "others", "busy"], sort=True, observed=True)
           [["trials", "launches"]].sum().reset_index())
    return out


# ----------------------------------------------------------------------------- the logit
@dataclass(frozen=True)
class NeighbourEffect:
    """The neighbour coefficient of the event-history logit (:func:`neighbour_effect`).

    Attributes
    ----------
    estimate : float
        b, the change in the log-odds of a launch per neighbour running a
        recognised project in the domain.
    se : float
        Its cluster-robust standard error (clusters: replicates).
    low, high : float
        The interval ``estimate ± t se`` (Student t with ``clusters - 1``
        degrees of freedom).
    statistic, p_value : float
        ``estimate / se`` and its two-sided p-value (same t distribution).
    odds_ratio : float
        ``exp(estimate)``.
    trials, launches, clusters : int
        Observations at risk, launches among them, replicates.
    coefficients : pandas.DataFrame
        Every coefficient of the model (``const``, ``neighbours``, ``busy``,
        one per category of ``others``): ``estimate``, ``se``.
    level : float
        Confidence level.
    """

    estimate: float
    se: float
    low: float
    high: float
    statistic: float
    p_value: float
    odds_ratio: float
    trials: int
    launches: int
    clusters: int
    coefficients: pd.DataFrame
    level: float = 0.95

    @property
    def interval(self) -> Interval:
        """The estimate as a :class:`tournament.analysis.Interval` (``n`` = clusters)."""
        return Interval(self.estimate, self.low, self.high, self.se, self.clusters,
                        "cluster-robust logit", self.clusters - 1.0, self.statistic,
                        self.p_value)


def _categories(others: np.ndarray, trials: np.ndarray, launches: np.ndarray,
                min_cell: int) -> np.ndarray:
    """Category of every value of ``others`` (0 for the lowest values).

    Values are pooled from the top down until each category holds
    ``min_cell`` launches and non-launches; the lowest values, if they fall
    short, join the category above them.
    """
    values = np.unique(others)
    hits = np.array([launches[others == v].sum() for v in values])
    misses = np.array([(trials - launches)[others == v].sum() for v in values])
    label = np.empty(len(values), np.int64)
    current, got, lost, cat = [], 0, 0, 0
    for pos in range(len(values) - 1, -1, -1):
        current.append(pos)
        got, lost = got + hits[pos], lost + misses[pos]
        if got >= min_cell and lost >= min_cell:
            label[current] = cat
            cat, current, got, lost = cat + 1, [], 0, 0
    if current:  # the bottom values fall short: they join the category above them
        label[current] = max(cat - 1, 0)
    label = label.max() - label  # 0 for the lowest values
    lookup = dict(zip(values.tolist(), label.tolist(), strict=True))
    return np.array([lookup[v] for v in others.tolist()], np.int64)


def _design(grouped: pd.DataFrame, min_cell: int) -> tuple[np.ndarray, list[str]]:
    trials = grouped["trials"].to_numpy(np.int64)
    launches = grouped["launches"].to_numpy(np.int64)
    others = grouped["others"].to_numpy(np.int64)
    cat = _categories(others, trials, launches, min_cell)
    columns = [np.ones(len(grouped)), grouped["neighbours"].to_numpy(float),
               grouped["busy"].to_numpy(float)]
    names = ["const", "neighbours", "busy"]
    for c in range(1, int(cat.max(initial=0)) + 1):
        lo = int(others[cat == c].min())
        hi = int(others[cat == c].max())
        columns.append((cat == c).astype(float))
        names.append(f"others[{lo}]" if lo == hi else f"others[{lo}-{hi}]")
    x = np.column_stack(columns)
    keep = [k for k in range(x.shape[1]) if k < 2 or np.ptp(x[:, k]) > 0]
    return x[:, keep], [names[k] for k in keep]


def _fit(x: np.ndarray, grouped: pd.DataFrame,
         groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-likelihood logit on grouped counts; ``(params, covariance)``.

    The covariance is statsmodels' cluster-robust sandwich without its
    finite-sample factor, times ``G / (G - 1)`` (G clusters) only: the
    factor ``(n - 1) / (n - k)`` would depend on how the observations are
    grouped, and for a maximum-likelihood estimator it is not used (as in
    Stata's ``vce(cluster)``), so one row per observation and grouped counts
    give the same errors.
    """
    require("the neighbour-effect logit", "statsmodels")
    import statsmodels.api as sm  # deferred (optional, heavy): loads only when a logit is fit

    trials = grouped["trials"].to_numpy(float)
    launches = grouped["launches"].to_numpy(float)
    endog = np.column_stack([launches, trials - launches])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # separation and convergence are checked below
        model = sm.GLM(endog, x, family=sm.families.Binomial())
        fit = model.fit(cov_type="cluster",
                        cov_kwds={"groups": groups, "use_correction": False})
    clusters = len(np.unique(groups))
    params = np.asarray(fit.params, float)
    cov = np.asarray(fit.cov_params(), float) * clusters / (clusters - 1.0)
    if not (np.isfinite(params).all() and np.isfinite(cov).all()):
        raise ParameterError("the neighbour-effect logit did not converge (separation in the "
                             "data): use more replicates or rounds")
    return params, cov


def _effect(estimate: float, se: float, clusters: int, level: float) -> tuple[float, ...]:
    df = max(clusters - 1, 1)
    t = t_ppf(0.5 + level / 2.0, df)
    stat = estimate / se if se > 0 else (math.inf if estimate else math.nan)
    p = 2.0 * (1.0 - t_cdf(abs(stat), df)) if math.isfinite(stat) else (
        0.0 if estimate else math.nan)
    return estimate - t * se, estimate + t * se, stat, p


def _check_min_cell(min_cell: object) -> int:
    return check_int("min_cell", min_cell, 1)


def neighbour_effect(exposure: pd.DataFrame, *, level: float = 0.95,
                     min_cell: int = MIN_CELL) -> NeighbourEffect:
    """Fit the event-history logit of fact 10 and return the neighbour coefficient.

    ``P(launch) = logistic(a + b neighbours + c busy + g(others))`` over the
    observations of :func:`neighbour_exposure` (either form), ``g`` a dummy
    per category of ``others`` (values pooled from the top until each
    category holds ``min_cell`` launches and non-launches). Fit by maximum
    likelihood on the grouped counts (the same estimate as one row per
    observation) with statsmodels' GLM; standard errors are cluster-robust
    with replicates as clusters, and
    the interval uses Student's t with ``clusters - 1`` degrees of freedom.
    The errors are the sandwich with the factor ``G / (G - 1)`` alone (G
    clusters), so grouped counts and one row per observation agree.

    Parameters
    ----------
    exposure : pandas.DataFrame
        :func:`neighbour_exposure` (one row per observation, or grouped).
    level : float
        Confidence level.
    min_cell : int
        Fewest launches and non-launches per category of ``others``.

    Returns
    -------
    NeighbourEffect
        b with its standard error, interval, t statistic, p-value and odds
        ratio; the counts; every coefficient.

    Raises
    ------
    ParameterError
        On a table that is not an exposure table, one without launches, or
        without both zero and positive neighbour counts, fewer than two
        replicates, a bad ``level`` or ``min_cell``, or a logit that does
        not converge.
    MissingDependencyError
        Without statsmodels (``pip install 'tournament[space]'``).
    """
    level = check_level(level)
    min_cell = _check_min_cell(min_cell)
    grouped = _as_grouped(exposure)
    grouped = grouped[grouped["trials"] > 0]
    _check_fittable(grouped, "exposure")
    x, names = _design(grouped, min_cell)
    groups = grouped["replicate"].to_numpy(np.int64)
    params, cov = _fit(x, grouped, groups)
    clusters = len(np.unique(groups))
    ses = np.sqrt(np.maximum(np.diag(cov), 0.0))
    b, se = float(params[1]), float(ses[1])
    low, high, stat, p = _effect(b, se, clusters, level)
    table = pd.DataFrame({"estimate": params, "se": ses}, index=pd.Index(names, name="term"))
    return NeighbourEffect(b, se, low, high, stat, p, math.exp(b),
                           int(grouped["trials"].sum()), int(grouped["launches"].sum()),
                           clusters, table, level)


def _check_fittable(grouped: pd.DataFrame, name: str) -> None:
    launches, trials = int(grouped["launches"].sum()), int(grouped["trials"].sum())
    if launches == 0 or launches == trials:
        raise ParameterError(f"{name} has {launches} launches in {trials} observations: the "
                             "logit needs both launches and non-launches")
    if grouped["neighbours"].nunique() < 2:
        raise ParameterError(f"{name}: every observation has neighbours = "
                             f"{int(grouped['neighbours'].iloc[0])}; the coefficient needs "
                             "variation (longer runs, or a graph with neighbours)")
    if grouped["replicate"].nunique() < 2:
        raise ParameterError(f"{name} holds one replicate: cluster-robust errors need at "
                             "least two (replicates are the clusters)")


def neighbour_contrast(treated: pd.DataFrame, placebo: pd.DataFrame, *, level: float = 0.95,
                       min_cell: int = MIN_CELL) -> Interval:
    """The paired difference ``b_treated - b_placebo`` of two runs' neighbour coefficients.

    The two exposures come from runs with common random numbers (same seed
    and replicate indices: a ring and a complete topology, say); the two
    logits of :func:`neighbour_effect` are fit as one block-diagonal model
    (each keeps its own coefficients) whose cluster-robust covariance, with
    a replicate's observations in both runs one cluster, carries the
    correlation that the common random numbers induce.

    Parameters
    ----------
    treated, placebo : pandas.DataFrame
        :func:`neighbour_exposure` of the two runs (either form).
    level : float
        Confidence level.
    min_cell : int
        As :func:`neighbour_effect`.

    Returns
    -------
    Interval
        The difference, its cluster-robust standard error and t interval
        (``clusters - 1`` degrees of freedom), method ``"paired cluster-robust
        logit"``; ``n`` is the number of replicates.

    Raises
    ------
    ParameterError
        As :func:`neighbour_effect`, or when the two runs share no replicate.
    """
    level = check_level(level)
    min_cell = _check_min_cell(min_cell)
    parts = []
    for name, frame in (("treated", treated), ("placebo", placebo)):
        g = _as_grouped(frame, name)
        g = g[g["trials"] > 0]
        _check_fittable(g, name)
        parts.append(g)
    shared = np.intersect1d(parts[0]["replicate"].to_numpy(), parts[1]["replicate"].to_numpy())
    if len(shared) == 0:
        raise ParameterError("treated and placebo share no replicate: a paired contrast needs "
                             "runs with common random numbers (same seed and replicates)")
    xa, _ = _design(parts[0], min_cell)
    xb, _ = _design(parts[1], min_cell)
    x = np.zeros((len(xa) + len(xb), xa.shape[1] + xb.shape[1]))
    x[:len(xa), :xa.shape[1]] = xa
    x[len(xa):, xa.shape[1]:] = xb
    both = pd.concat(parts, ignore_index=True)
    groups = both["replicate"].to_numpy(np.int64)
    params, cov = _fit(x, both, groups)
    ia, ib = 1, xa.shape[1] + 1
    diff = float(params[ia] - params[ib])
    se = math.sqrt(max(cov[ia, ia] + cov[ib, ib] - 2.0 * cov[ia, ib], 0.0))
    clusters = len(np.unique(groups))
    low, high, stat, p = _effect(diff, se, clusters, level)
    return Interval(diff, low, high, se, clusters, "paired cluster-robust logit",
                    clusters - 1.0, stat, p)


# ----------------------------------------------------------------------------- diffusion
def diffusion_curves(events: pd.DataFrame, config: Config, burn_in: int | None = None,
                     horizon: int = 20) -> pd.DataFrame:
    """Cumulative adopters of each domain by round since its first launch.

    For every replicate and domain, round ``t0`` is the first launch in the
    domain in round ``burn_in`` or later; the curve counts the distinct
    jurisdictions that have launched a project in the domain (any origin,
    joint projects included) in rounds ``t0 … t0 + k``, for
    ``k = 0 … horizon``. A curve stops at the run's last round, so a domain
    first launched late has a shorter one.

    Parameters
    ----------
    events : pandas.DataFrame
        The events table of a run of ``config`` (any number of replicates).
    config : Config
        The run's configuration (N for the share, T for the last round).
    burn_in : int, optional
        Launches before this round are ignored (default ``config.burn_in``).
    horizon : int
        Longest lag ``k`` (rounds after the first launch).

    Returns
    -------
    pandas.DataFrame
        ``replicate``, ``domain``, ``first_round`` (t0), ``since`` (k),
        ``adopters`` (distinct jurisdictions so far) and ``share``
        (adopters / N).

    Raises
    ------
    ParameterError, ParameterTypeError
        If ``events`` is not an events table, or on a bad configuration,
        ``burn_in`` or ``horizon``.
    """
    check_frame(events, "events", ("replicate", "jurisdiction", "domain", "launch_round"))
    cfg = _check_config(config)
    b = _check_burn_in(burn_in, cfg)
    h = check_int("horizon", horizon, 0)
    ev = events[events["launch_round"] >= b]
    rows = []
    for (rep, dom), g in ev.groupby(["replicate", "domain"], sort=True, observed=True):
        launch = g["launch_round"].to_numpy(np.int64)
        who = g["jurisdiction"].to_numpy(np.int64)
        t0 = int(launch.min())
        first = pd.Series(launch).groupby(who).min().to_numpy(np.int64) - t0
        adopters = np.cumsum(np.bincount(np.minimum(first, h + 1), minlength=h + 2)[:h + 1])
        stop = min(h, cfg.n_rounds - 1 - t0)
        rows.append(pd.DataFrame({"replicate": int(rep), "domain": int(dom), "first_round": t0,
                                  "since": np.arange(stop + 1),
                                  "adopters": adopters[:stop + 1]}))
    columns = ("replicate", "domain", "first_round", "since", "adopters")
    out = (pd.concat(rows, ignore_index=True) if rows
           else pd.DataFrame({c: pd.Series(dtype=np.int64) for c in columns}))
    out["share"] = out["adopters"] / cfg.n_jurisdictions
    return out


# ----------------------------------------------------------------------------- joint projects
def joint_share(rounds: pd.DataFrame, burn_in: int) -> pd.Series:
    """Share of approved launches that join a joint project, per replicate (fact 11).

    ``joint_launches / (innovations + imitations)`` summed over rounds
    ``burn_in`` or later: every member of a joint project counts one launch,
    in both numerator and denominator.

    Parameters
    ----------
    rounds : pandas.DataFrame
        The rounds table (any number of replicates).
    burn_in : int
        Rounds left out at the start.

    Returns
    -------
    pandas.Series
        ``joint_share`` indexed by replicate; ``nan`` for a replicate
        without launches after burn-in.

    Raises
    ------
    ParameterError
        If ``rounds`` is not a rounds table (with ``joint_launches``) or
        ``burn_in < 0``.
    """
    check_frame(rounds, "rounds", ("replicate", "round", "innovations", "imitations",
                                   "joint_launches"))
    b = check_int("burn_in", burn_in, 0)
    late = rounds[rounds["round"] >= b]
    reps = pd.Index(np.unique(rounds["replicate"].to_numpy()), name="replicate")
    sums = late.groupby("replicate", observed=True)[["innovations", "imitations",
                                                    "joint_launches"]].sum().reindex(reps)
    launches = (sums["innovations"] + sums["imitations"]).to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(launches > 0, sums["joint_launches"].to_numpy(float) / launches,
                         math.nan)
    return pd.Series(share, index=reps, name="joint_share")


def _joint_durations(ev: pd.DataFrame, n_rounds: int) -> tuple[np.ndarray, ...]:
    """``(durations, observed)`` of single projects, joint projects and memberships.

    A joint project lasts until its last member's row ends, a membership is
    one member's row; lifetimes are censored at the last round seen.
    """
    last = n_rounds - 1
    observed = ~ev["censored"].to_numpy(bool)
    launch = ev["launch_round"].to_numpy(np.int64)
    end = np.where(observed, ev["end_round"].to_numpy(np.int64), last)
    life = end - launch
    joint = ev["members"].to_numpy(np.int64) > 1
    single = ~joint
    groups = pd.DataFrame({"key": ev["joint"].to_numpy(np.int64)[joint], "end": end[joint],
                           "launch": launch[joint], "alive": ~observed[joint]})
    per = groups.groupby("key", sort=True).agg(end=("end", "max"), launch=("launch", "min"),
                                               alive=("alive", "any"))
    return (life[single], observed[single],
            (per["end"] - per["launch"]).to_numpy(np.int64), ~per["alive"].to_numpy(bool),
            life[joint], observed[joint])


def joint_lifetimes(events: pd.DataFrame, n_rounds: int, burn_in: int,
                    horizon: int | None = None) -> pd.DataFrame:
    """Restricted mean lifetimes of joint and single projects, per replicate (fact 11).

    A joint project lives from its launch until its last member leaves it
    (each member's own row ends when that member drops or replaces it); a
    membership is one member's row. Lifetimes are in rounds, censored at the
    last round seen (``T - 1 - launch_round``, version 2), and compared as
    restricted mean survival times (:func:`tournament.analysis.survival.km_rmst`)
    up to ``horizon``.

    Parameters
    ----------
    events : pandas.DataFrame
        The events table (needs ``members`` and ``joint``).
    n_rounds, burn_in : int
        ``T`` and the burn-in: projects launched in round ``burn_in`` or later.
    horizon : int, optional
        ``tau``; default ``T - 1 - burn_in``.

    Returns
    -------
    pandas.DataFrame
        Indexed by replicate: ``single`` (RMST of single projects),
        ``joint`` (of joint projects, to their last member), ``membership``
        (of members' rows), ``n_single``, ``n_joint``, ``n_members`` and
        ``joint_minus_single`` (``nan`` where a replicate has no joint or
        no single project).

    Raises
    ------
    ParameterError
        If ``events`` is not an events table, or on a bad ``n_rounds``,
        ``burn_in`` or ``horizon``.
    """
    check_frame(events, "events", ("replicate", "launch_round", "end_round", "censored",
                                   "members", "joint"))
    t = check_int("n_rounds", n_rounds, 1)
    b = check_int("burn_in", burn_in, 0)
    tau = max(t - 1 - b, 1) if horizon is None else check_int("horizon", horizon, 1)
    reps = pd.Index(np.unique(events["replicate"].to_numpy()), name="replicate")
    late = events[events["launch_round"] >= b]
    by_rep = _split(late)
    rows = []
    for r in reps:
        ev = by_rep.get(int(r), late.iloc[:0])
        s_d, s_o, j_d, j_o, m_d, m_o = _joint_durations(ev, t)
        rows.append((km_rmst(s_d, s_o, tau), km_rmst(j_d, j_o, tau), km_rmst(m_d, m_o, tau),
                     len(s_d), len(j_d), len(m_d)))
    out = pd.DataFrame(rows, index=reps, columns=["single", "joint", "membership", "n_single",
                                                  "n_joint", "n_members"])
    out["joint_minus_single"] = out["joint"] - out["single"]
    return out


# ----------------------------------------------------------------------------- regions
def region_statistics(events: pd.DataFrame, config: Config, burn_in: int | None = None,
                      panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per replicate and region: launches, joint launches, lifetimes, recognition, learning.

    The region of jurisdiction i is ``i * n_regions // N``
    (:func:`tournament.graph.regions`).

    Parameters
    ----------
    events : pandas.DataFrame
        The events table of a run of ``config``.
    config : Config
        The run's configuration (N and ``n_regions``).
    burn_in : int, optional
        Projects launched before this round are left out (default ``config.burn_in``).
    panel : pandas.DataFrame, optional
        The run's panel: adds ``recognitions`` (jurisdiction-rounds
        recognised) and ``learned`` (``learn(d)`` chosen) per region, rounds
        ``burn_in`` or later.

    Returns
    -------
    pandas.DataFrame
        ``replicate``, ``region``, ``jurisdictions``, ``launches``,
        ``joint_launches``, ``joint_share`` (``nan`` without launches),
        ``recognized_share`` (share of its projects recognised at least
        once), ``mean_lifetime`` (of projects that ended), and with a panel
        ``recognitions`` and ``learned``.

    Raises
    ------
    ParameterError, ParameterTypeError
        On tables that are not events or panel tables, or a bad configuration or burn-in.
    """
    check_frame(events, "events", ("replicate", "jurisdiction", "launch_round", "censored",
                                   "lifetime", "members", "times_recognized"))
    cfg = _check_config(config)
    b = _check_burn_in(burn_in, cfg)
    region = regions(cfg.n_jurisdictions, cfg.n_regions)
    sizes = np.bincount(region, minlength=cfg.n_regions)
    reps = np.unique(events["replicate"].to_numpy(np.int64))
    if panel is not None:
        check_frame(panel, "panel", ("replicate", "round", "jurisdiction", "action",
                                     "recognized"))
        reps = np.union1d(reps, np.unique(panel["replicate"].to_numpy(np.int64)))
    ev = events[events["launch_round"] >= b]
    if ((ev["jurisdiction"] < 0) | (ev["jurisdiction"] >= cfg.n_jurisdictions)).any():
        raise ParameterError("events name jurisdictions outside 0 ... N-1 of config: pass the "
                             "configuration the events came from")
    ended = ~ev["censored"].to_numpy(bool)
    frame = pd.DataFrame({
        "replicate": ev["replicate"].to_numpy(np.int64),
        "region": region[ev["jurisdiction"].to_numpy(np.int64)],
        "launches": 1,
        "joint_launches": (ev["members"].to_numpy(np.int64) > 1).astype(np.int64),
        "recognized": (ev["times_recognized"].to_numpy(np.int64) > 0).astype(np.int64),
        "life": np.where(ended, ev["lifetime"].to_numpy(float), 0.0),
        "ended": ended.astype(np.int64)})
    full = pd.MultiIndex.from_product([reps, np.arange(cfg.n_regions)],
                                      names=["replicate", "region"])
    sums = frame.groupby(["replicate", "region"]).sum().reindex(full, fill_value=0)
    out = pd.DataFrame(index=full)
    out["jurisdictions"] = sizes[full.get_level_values("region")]
    out["launches"] = sums["launches"].to_numpy(np.int64)
    out["joint_launches"] = sums["joint_launches"].to_numpy(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        launches = out["launches"].to_numpy(float)
        out["joint_share"] = np.where(launches > 0, out["joint_launches"] / launches, math.nan)
        out["recognized_share"] = np.where(launches > 0, sums["recognized"] / launches,
                                           math.nan)
        ended_n = sums["ended"].to_numpy(float)
        out["mean_lifetime"] = np.where(ended_n > 0, sums["life"].to_numpy(float) / ended_n,
                                        math.nan)
    if panel is not None:
        late = panel[panel["round"] >= b]
        if ((late["jurisdiction"] < 0) | (late["jurisdiction"] >= cfg.n_jurisdictions)).any():
            raise ParameterError("panel names jurisdictions outside 0 ... N-1 of config")
        p = pd.DataFrame({
            "replicate": late["replicate"].to_numpy(np.int64),
            "region": region[late["jurisdiction"].to_numpy(np.int64)],
            "recognitions": late["recognized"].to_numpy(bool).astype(np.int64),
            "learned": (late["action"].astype(str).to_numpy() == "learn").astype(np.int64)})
        psum = p.groupby(["replicate", "region"]).sum().reindex(full, fill_value=0)
        out["recognitions"] = psum["recognitions"].to_numpy(np.int64)
        out["learned"] = psum["learned"].to_numpy(np.int64)
    return out.reset_index()
