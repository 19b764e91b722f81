"""The statistics a target can name: per-replicate values computed from a run's tables.

A moment of the fit is the mean over simulated replicates of one
*statistic*. A statistic maps the tables of a chunk of replicates to one
value per replicate, in replicate order:

* every summary column (:data:`tournament.engine.records.SUMMARY_COLUMNS`),
  e.g. ``lifetime_mean``, ``innovation_rate``, ``restart_share``,
  ``ever_recognized_share`` (the share of projects recognised at least
  once: the share of award applications that win);
* functions over the ``rounds`` table: ``elite_exit_rate`` (the elite exit
  hazard: promotions and other exits per jurisdiction-round),
  ``elite_promotion_rate`` and ``elite_tenure_mean``.

:func:`register_statistic` adds one. Its function must be importable by
name (a module-level function of an installed module) when a fit runs on
the ``local`` or ``dask`` backend, whose workers receive it by reference.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping

import numpy as np

from .._errors import ParameterError, ParameterTypeError
from ..config import Config
from ..engine.records import SUMMARY_COLUMNS

__all__ = ["Statistic", "STATISTICS", "TABLES", "register_statistic", "get_statistic",
           "tables_needed", "evaluate"]

TABLES = ("summary", "rounds", "events")
"""Tables a statistic may read (the panel is too large for a fit's many runs)."""

StatisticFunction = Callable[[Mapping[str, object], Config, np.ndarray], np.ndarray]


@dataclasses.dataclass(frozen=True)
class Statistic:
    """A per-replicate statistic of a simulated run.

    Attributes
    ----------
    name : str
        Its name, as targets refer to it.
    needs : tuple of str
        The tables it reads (of :data:`TABLES`).
    function : callable or None
        ``function(tables, config, replicates) -> array``: ``tables`` maps
        table names to the DataFrames of a chunk of replicates,
        ``replicates`` holds their indices (ascending); the result has one
        float per replicate, in that order (``nan`` where undefined).
        ``None`` for a summary column, which is read by name.
    doc : str
        One line: what it measures.
    """

    name: str
    needs: tuple[str, ...]
    function: StatisticFunction | None = None
    doc: str = ""

    def values(self, tables: Mapping[str, object], config: Config,
               replicates: np.ndarray) -> np.ndarray:
        """Evaluate on ``tables``; check the shape of the result."""
        if self.function is None:
            return tables["summary"][self.name].to_numpy(float)
        out = np.asarray(self.function(tables, config, replicates), dtype=float)
        if out.shape != (len(replicates),):
            raise ParameterError(f"statistic {self.name!r} returned shape {out.shape}; must "
                                 f"return one value per replicate ({len(replicates)})")
        return out


def _per_replicate(frame, column_mask, weights, replicates: np.ndarray) -> np.ndarray:
    """Sum ``weights`` over the rows selected by ``column_mask``, per replicate."""
    slot = np.searchsorted(replicates, frame["replicate"].to_numpy())
    return np.bincount(slot[column_mask], weights=weights[column_mask],
                       minlength=len(replicates))[: len(replicates)]


def _rounds_sum(tables: Mapping[str, object], config: Config, replicates: np.ndarray,
                columns: tuple[str, ...]) -> np.ndarray:
    rounds = tables["rounds"]
    late = rounds["round"].to_numpy() >= config.burn_in
    counts = sum(rounds[c].to_numpy(float) for c in columns)
    return _per_replicate(rounds, late, counts, replicates)


def elite_exit_rate(tables: Mapping[str, object], config: Config,
                    replicates: np.ndarray) -> np.ndarray:
    """Elites leaving office (promoted or otherwise) per jurisdiction-round after burn-in."""
    span = config.n_jurisdictions * (config.n_rounds - config.burn_in)
    return _rounds_sum(tables, config, replicates, ("promotions", "exits")) / span


def elite_promotion_rate(tables: Mapping[str, object], config: Config,
                         replicates: np.ndarray) -> np.ndarray:
    """Elites promoted per jurisdiction-round after burn-in."""
    span = config.n_jurisdictions * (config.n_rounds - config.burn_in)
    return _rounds_sum(tables, config, replicates, ("promotions",)) / span


def elite_tenure_mean(tables: Mapping[str, object], config: Config,
                      replicates: np.ndarray) -> np.ndarray:
    """Mean elite tenure after burn-in, ``N (T - b) / (promotions + exits)`` (inf: none left).

    The definition of :func:`tournament.analysis.elite_tenure_mean`.
    """
    span = config.n_jurisdictions * (config.n_rounds - config.burn_in)
    left = _rounds_sum(tables, config, replicates, ("promotions", "exits"))
    with np.errstate(divide="ignore"):
        return np.where(left > 0, span / np.maximum(left, 1.0), math.inf)


STATISTICS: dict[str, Statistic] = {
    name: Statistic(name, ("summary",), None, "summary column (see the README's table)")
    for name in SUMMARY_COLUMNS
}
"""Every statistic a target may name, by name."""
for _stat in (
    Statistic(
        "elite_exit_rate", ("rounds",), elite_exit_rate,
        "elites leaving office (promotions and other exits) per jurisdiction-round: the "
        "elite exit hazard per round (year)"),
    Statistic("elite_promotion_rate", ("rounds",), elite_promotion_rate,
              "elites promoted per jurisdiction-round"),
    Statistic("elite_tenure_mean", ("rounds",), elite_tenure_mean,
              "mean elite tenure, rounds (inf when no elite left)"),
):
    STATISTICS.setdefault(_stat.name, _stat)  # a summary column of that name takes precedence
BUILTIN = tuple(STATISTICS)
"""The statistics the package defines (the summary columns, then the table functions)."""

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def register_statistic(name: str, function: StatisticFunction, needs: Iterable[str],
                       doc: str = "") -> Statistic:
    """Add a statistic that targets can name.

    Parameters
    ----------
    name : str
        A new name (an identifier; not one of :data:`STATISTICS`).
    function : callable
        ``function(tables, config, replicates) -> array`` (see :class:`Statistic`).
        On the ``local`` and ``dask`` backends it must be a module-level
        function of an importable module.
    needs : iterable of str
        Tables it reads, of :data:`TABLES`.
    doc : str
        One line: what it measures.

    Returns
    -------
    Statistic

    Raises
    ------
    ParameterError
        On a name already taken or not an identifier, or an unknown table.
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise ParameterError(f"statistic name {name!r} must be an identifier")
    if name in STATISTICS:
        raise ParameterError(f"statistic {name!r} already exists; choose another name")
    if not callable(function):
        raise ParameterTypeError(f"function of statistic {name!r} must be callable, got "
                                 f"{type(function).__name__}")
    needs = (needs,) if isinstance(needs, str) else tuple(needs)
    bad = [t for t in needs if t not in TABLES]
    if bad or not needs:
        raise ParameterError(f"needs = {needs!r} of statistic {name!r} is invalid: must be a "
                             f"non-empty subset of {TABLES}")
    stat = Statistic(name, needs, function, doc)
    STATISTICS[name] = stat
    return stat


def get_statistic(name: object, where: str = "statistic") -> Statistic:
    """The statistic called ``name``; a :class:`ParameterError` with a suggestion otherwise."""
    if not isinstance(name, str):
        raise ParameterTypeError(f"{where} = {name!r} must be a string naming a statistic")
    if name not in STATISTICS:
        hint = difflib.get_close_matches(name, STATISTICS, n=1)
        tip = f"; did you mean {hint[0]!r}?" if hint else ""
        derived = [n for n in STATISTICS if n not in SUMMARY_COLUMNS]
        raise ParameterError(f"{where} = {name!r} is not a known statistic{tip} (known: the "
                             f"summary columns and {', '.join(derived)}; "
                             f"tournament.fit.register_statistic adds one)")
    return STATISTICS[name]


def tables_needed(statistics: Iterable[Statistic]) -> tuple[str, ...]:
    """The tables to record for ``statistics`` (always the summary), in :data:`TABLES` order."""
    wanted = {t for s in statistics for t in s.needs} | {"summary"}
    return tuple(t for t in TABLES if t in wanted)


def evaluate(statistics: Iterable[Statistic], tables: Mapping[str, object], config: Config,
             replicates: np.ndarray) -> np.ndarray:
    """The ``(replicates, statistics)`` matrix of per-replicate values of a chunk."""
    columns = [stat.values(tables, config, replicates) for stat in statistics]
    return np.column_stack(columns) if columns else np.empty((len(replicates), 0))
