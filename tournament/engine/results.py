"""Results of a simulation: tidy pandas tables and a small result object.

Columns
-------
summary (one row per replicate)
    ``replicate`` and the statistics of docs/specification.md section 7, see
    :data:`tournament.engine.records.SUMMARY_COLUMNS` and ``docs/model.md``.
rounds (one row per replicate and round)
    ``active`` projects at the end of the round; approved ``innovations`` and
    ``imitations``; ``rejected`` launches; deaths by cause ``died_dropped``,
    ``died_replaced``, ``died_absorbed``, ``died_crisis``; ``crises`` (0/1);
    elite ``promotions`` and other ``exits``; ``model_domain`` and
    ``model_owner`` (-1 when there is no model); ``top`` jurisdiction;
    ``joint_launches`` (jurisdictions that joined a joint project, also counted
    in ``innovations``) and ``learned`` (imitations of a neighbour's experience,
    also counted in ``imitations``);
    recognition ``threshold``; capacity ``gini``; ``discontent``; ``alpha`` in
    force; ``capacity_total``.
events (one row per project)
    ``project`` (numbered per replicate in launch order), ``jurisdiction``,
    ``domain``, ``origin`` (innovation/imitation), ``launch_round``,
    ``end_round`` (``n_rounds`` if still active), ``censored``, ``cause``
    (dropped/replaced/absorbed/crisis/censored), ``lifetime``,
    ``owner_changed``, ``owner_left_round`` (-1 if never), ``times_recognized``,
    ``first_recognized`` (round, -1 if never), ``members`` (1, or the members of
    a joint project), ``joint`` (the project number of a joint project's first
    member, shared by all its members; -1 for a single project), ``quality``.
panel (one row per replicate, round and jurisdiction)
    ``score``, ``rank`` (1 = best), ``action``
    (routine/keep/imitate/innovate/learn/cooperate), ``action_domain`` (the
    domain of innovate, learn or cooperate, else -1), ``domain`` of the
    active project at the end of the round (-1 none), ``recognized``,
    ``elite_changed``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import registry as C
from .._errors import ParameterError
from ..config import Config
from . import runfiles
from .records import (
    EVENT_INT_FIELDS,
    HEADLINE,
    PANEL_INT_FIELDS,
    ROUND_FLOAT_FIELDS,
    ROUND_INT_FIELDS,
)

__all__ = ["SimulationResult", "HEADLINE", "frame_events", "frame_rounds", "frame_panel"]


def frame_rounds(replicates: np.ndarray, rint: np.ndarray, rfloat: np.ndarray) -> pd.DataFrame:
    """Build the rounds table from (R, T, fields) arrays."""
    n_rep, n_rounds, _ = rint.shape
    data = {
        "replicate": np.repeat(replicates.astype(np.int32), n_rounds),
        "round": np.tile(np.arange(n_rounds, dtype=np.int32), n_rep),
    }
    for j, name in enumerate(ROUND_INT_FIELDS):
        data[name] = rint[:, :, j].reshape(-1).astype(np.int32)
    for j, name in enumerate(ROUND_FLOAT_FIELDS):
        data[name] = rfloat[:, :, j].reshape(-1)
    return pd.DataFrame(data)


def frame_events(replicate: np.ndarray, project: np.ndarray, eint: np.ndarray,
                 quality: np.ndarray, n_rounds: int) -> pd.DataFrame:
    """Build the events table from per-project arrays (``eint`` columns as EVENT_INT_FIELDS)."""
    col = {name: eint[:, j] for j, name in enumerate(EVENT_INT_FIELDS)}
    censored = col["cause"] == C.ALIVE
    end = np.where(censored, n_rounds, col["end_round"]).astype(np.int32)
    return pd.DataFrame({
        "replicate": replicate.astype(np.int32),
        "project": project.astype(np.int32),
        "jurisdiction": col["jurisdiction"].astype(np.int32),
        "domain": col["domain"].astype(np.int16),
        "origin": pd.Categorical.from_codes(col["origin"].astype(np.int8), C.ORIGINS),
        "launch_round": col["launch_round"].astype(np.int32),
        "end_round": end,
        "censored": censored,
        "cause": pd.Categorical.from_codes(col["cause"].astype(np.int8), C.CAUSES),
        "lifetime": (end - col["launch_round"]).astype(np.int32),
        "owner_changed": col["owner_left_round"] >= 0,
        "owner_left_round": col["owner_left_round"].astype(np.int32),
        "times_recognized": col["times_recognized"].astype(np.int32),
        "first_recognized": col["first_recognized"].astype(np.int32),
        "members": col["members"].astype(np.int16),
        "joint": col["joint"].astype(np.int32),
        "quality": quality.astype(np.float64),
    })


def frame_panel(replicates: np.ndarray, score: np.ndarray, pint: np.ndarray) -> pd.DataFrame:
    """Build the panel table from (R, T, N) scores and (R, T, N, fields) integers."""
    n_rep, n_rounds, n = score.shape
    col = {name: pint[:, :, :, j].reshape(-1) for j, name in enumerate(PANEL_INT_FIELDS)}
    action = col["action"]
    kind = np.select([action < C.INNOVATE0, action < C.LEARN0, action < C.COOPERATE0],
                     [action, C.INNOVATE0, C.INNOVATE0 + 1], C.INNOVATE0 + 2)
    base = np.select([action < C.INNOVATE0, action < C.LEARN0, action < C.COOPERATE0],
                     [action, C.INNOVATE0, C.LEARN0], C.COOPERATE0)
    return pd.DataFrame({
        "replicate": np.repeat(replicates.astype(np.int32), n_rounds * n),
        "round": np.tile(np.repeat(np.arange(n_rounds, dtype=np.int32), n), n_rep),
        "jurisdiction": np.tile(np.arange(n, dtype=np.int32), n_rep * n_rounds),
        "score": score.reshape(-1),
        "rank": col["rank"].astype(np.int32),
        "action": pd.Categorical.from_codes(kind.astype(np.int8), C.ACTIONS),
        "action_domain": np.where(action >= C.INNOVATE0, action - base, -1).astype(np.int16),
        "domain": col["domain"].astype(np.int16),
        "recognized": col["recognized"].astype(bool),
        "elite_changed": col["elite_changed"].astype(bool),
    })


@dataclass
class SimulationResult:
    """What :func:`tournament.simulate` returns.

    Attributes
    ----------
    config : Config
        The configuration that ran.
    seed : int
        The master seed; replicate ``r`` used stream ``(seed, r)``.
    replicates : numpy.ndarray
        The replicate indices that ran.
    engine : str
        ``"compiled"`` or ``"reference"``.
    summary : pandas.DataFrame
        One row per replicate.
    rounds, events, panel : pandas.DataFrame or None
        The optional records asked for with ``record=``.
    """

    config: Config
    seed: int
    replicates: np.ndarray
    engine: str
    summary: pd.DataFrame
    rounds: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    panel: pd.DataFrame | None = None
    seconds: float = field(default=math.nan, compare=False)

    def __repr__(self) -> str:
        parts = [f"{len(self.replicates)} replicates", f"seed={self.seed}",
                 f"engine={self.engine!r}"]
        tables = [n for n in ("rounds", "events", "panel") if getattr(self, n) is not None]
        extra = f", tables: summary+{'+'.join(tables)}" if tables else ""
        return f"<SimulationResult {', '.join(parts)}{extra}; config {self.config!r}>"

    def describe(self, columns: tuple[str, ...] | None = None, *, n_boot: int = 2000,
                 seed: int = 0) -> pd.DataFrame:
        """Summary statistics across replicates: the mean, or the median where values are infinite.

        See :func:`describe` (module level) for the columns: a statistic
        without infinite values gets its mean with a normal 95 % interval; one
        with infinite values (a median lifetime a run never reached) gets
        ``mean = inf`` and its median with a seeded bootstrap interval
        (``method = "median (bootstrap)"``). ``n_inf`` and ``n_nan`` count
        the infinite and undefined values; none is dropped silently.
        """
        return describe(self.summary, columns or HEADLINE, n_boot=n_boot, seed=seed)

    def save(self, path: str | Path) -> Path:
        """Write every table and the run's provenance as one set; return ``path``.

        ``path`` ends in ``.parquet`` or ``.csv`` and receives the summary; the
        other tables go beside it (``X.rounds.parquet`` …) with the manifest
        ``X.run.json`` (configuration, seed, replicates, engine, versions).
        The set is committed as a whole: see :mod:`tournament.engine.storage`.
        """
        return runfiles.save(self, path)

    @classmethod
    def load(cls, path: str | Path, verify: bool = True) -> SimulationResult:
        """Read a result written by :meth:`save` back, bit for bit.

        See :func:`tournament.engine.storage.load`.
        """
        return cls(**runfiles.read(path, verify=verify))


Z95 = 1.959963984540054
"""The 0.975 quantile of the standard normal (the 95 % intervals of :func:`describe`)."""


def describe(summary: pd.DataFrame, columns: tuple[str, ...], *, n_boot: int = 2000,
             seed: int = 0) -> pd.DataFrame:
    """Per statistic across replicates: the mean, or the median where values are infinite.

    A statistic can be undefined in a replicate (``nan``: no project, no
    spell) or unreached (``+inf``: a Kaplan–Meier median beyond the run, a
    hazard ratio over a zero hazard). Undefined values carry no
    information and are left out (counted in ``n_nan``). Infinite values
    are *not* left out: dropping them would bias the mean towards short
    lives. For each statistic:

    * without infinite values (``method = "mean"``): the mean of the
      finite values with its standard deviation, standard error and the
      normal 95 % interval ``mean ± 1.96 se`` (as before);
    * with infinite values (``method = "median (bootstrap)"``): ``mean``
      is ``inf`` (``nan`` if both signs occur) and ``sd``, ``se`` are
      ``nan``; ``median`` is the median of the finite and infinite values,
      and ``ci_low``, ``ci_high`` its 95 % percentile bootstrap interval
      (``n_boot`` resamples from ``numpy.random.default_rng(seed)``,
      deterministic; an ``inf`` bound means more than 2.5 % of the
      resampled medians were infinite).

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per replicate (a run's summary table).
    columns : tuple of str
        The statistics.
    n_boot : int
        Bootstrap resamples of the median's interval (``>= 10``).
    seed : int
        Seed of the bootstrap (``>= 0``); the same seed gives the same table.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``statistic``; columns ``n`` (finite values), ``mean``,
        ``sd``, ``se``, ``ci_low``, ``ci_high``, ``method``, ``median``
        (of the non-``nan`` values, also reported with the mean), ``n_inf``
        and ``n_nan``; ``n + n_inf + n_nan`` is the number of replicates.
    """
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 10:
        raise ParameterError(f"n_boot = {n_boot!r} is out of range: must be an integer >= 10")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed = {seed!r} is out of range: must be an integer >= 0")
    unknown = [c for c in columns if c not in summary.columns]
    if unknown:
        raise ParameterError(f"columns {unknown} are not summary statistics; valid: "
                             f"{[c for c in summary.columns if c != 'replicate']}")
    rows = []
    for name in columns:
        values = summary[name].to_numpy(float)
        nan = np.isnan(values)
        inf = np.isinf(values)
        x = values[~nan & ~inf]
        n = len(x)
        median = float(np.median(values[~nan])) if (~nan).any() else math.nan
        if inf.any():
            kept = values[~nan]
            with np.errstate(invalid="ignore"):
                mean = float(kept.mean())
            low, high = _median_interval(kept, n_boot, int(seed))
            rows.append({"statistic": name, "n": n, "mean": mean, "sd": math.nan,
                         "se": math.nan, "ci_low": low, "ci_high": high,
                         "method": "median (bootstrap)", "median": median,
                         "n_inf": int(inf.sum()), "n_nan": int(nan.sum())})
            continue
        mean = float(x.mean()) if n else math.nan
        sd = float(x.std(ddof=1)) if n > 1 else math.nan
        se = sd / math.sqrt(n) if n > 1 else math.nan
        rows.append({"statistic": name, "n": n, "mean": mean, "sd": sd, "se": se,
                     "ci_low": mean - Z95 * se, "ci_high": mean + Z95 * se,
                     "method": "mean", "median": median, "n_inf": 0,
                     "n_nan": int(nan.sum())})
    return pd.DataFrame(rows).set_index("statistic")


def _median_interval(values: np.ndarray, n_boot: int, seed: int) -> tuple[float, float]:
    """95 % percentile bootstrap interval of the median (the rule of ``bootstrap_interval``)."""
    rng = np.random.default_rng(seed)
    draws = values[rng.integers(0, len(values), (n_boot, len(values)))]
    with np.errstate(invalid="ignore"):
        medians = np.sort(np.median(draws, axis=1))
    medians = medians[~np.isnan(medians)]
    if len(medians) == 0:
        return math.nan, math.nan
    low = float(medians[int(math.floor(0.025 * (len(medians) - 1)))])
    high = float(medians[int(math.ceil(0.975 * (len(medians) - 1)))])
    return low, high
