"""Read a study back: the whole dataset, or per-point statistics read point by point."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .._errors import ParameterError
from ..engine.records import SUMMARY_COLUMNS
from .design import Design, level_label
from .store import Store, Unit

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["load", "aggregate", "study_status"]


def study_status(path: str | Path) -> dict:
    """The manifest of the study in ``path`` (progress, chunk size, completeness)."""
    return Store(path).read_manifest()


def _parts_by_point(path: str | Path, partial: bool) -> tuple[Design, dict[int, list[Path]]]:
    store = Store(path)
    design, manifest = store.read_design(), store.read_manifest()
    if not manifest["complete"] and not partial:
        raise ParameterError(
            f"the study in {str(store.path)!r} is incomplete ({manifest['units_done']} of "
            f"{manifest['units_total']} units done): resume it (tournament sweep --resume "
            f"--out {store.path}), or pass partial=True to use the finished units")
    by_point: dict[int, list[Path]] = {}
    unit: Unit
    for unit, part in store.completed_parts(design, manifest):
        by_point.setdefault(unit.point, []).append(part)
    return design, by_point


def _read(parts: list[Path]) -> pd.DataFrame:
    import pandas as pd  # deferred (heavy): `import tournament.study` stays free of pandas

    frames = [pd.read_parquet(p) for p in parts]
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def load(path: str | Path, partial: bool = False) -> pd.DataFrame:
    """The whole dataset as one DataFrame, sorted by point and replicate.

    Columns: ``point``, the swept parameters, ``seed`` (the point's seed),
    ``replicate`` and the summary statistics. Reads every part: for studies
    too large for memory read ``OUT/point=*/`` with pyarrow or Dask instead,
    or use :func:`aggregate`.

    Parameters
    ----------
    path : str or Path
        The study folder.
    partial : bool
        Allow an unfinished study (only its completed units are read).
    """
    import pandas as pd  # deferred (heavy): `import tournament.study` stays free of pandas

    design, by_point = _parts_by_point(path, partial)
    points = design.table()
    frames = []
    for point, parts in by_point.items():
        frame = _read(parts)
        frame.insert(0, "point", np.int64(point))
        frames.append(frame)
    if not frames:
        raise ParameterError(f"the study in {str(path)!r} has no finished units yet")
    data = pd.concat(frames, ignore_index=True)
    keys = ["point", *design.names, "seed"]
    return points[keys].merge(data, on="point", how="right", validate="one_to_many")


def aggregate(path: str | Path, statistics: Sequence[str] | None = None,
              partial: bool = False, *, n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Per design point: the mean of each statistic, or its median where values are infinite.

    Points are read one at a time, so memory holds one point's replicates.
    Each point gets the treatment of :meth:`tournament.SimulationResult.describe`:
    undefined values (``nan``) are left out and counted in ``n_nan``;
    infinite values (an unreached statistic, e.g. a median lifetime beyond
    the run) are never dropped: they are counted in ``n_inf``, and where a
    point has any, its ``mean`` is ``inf`` and its row reports the
    ``median`` with a seeded percentile bootstrap interval (``method =
    "median (bootstrap)"``); otherwise the mean of the finite values with
    ``mean ± 1.96 se`` (``method = "mean"``). ``n`` counts the finite
    values, so ``n + n_inf + n_nan`` is the point's number of replicates.

    Parameters
    ----------
    path : str or Path
        The study folder.
    statistics : sequence of str, optional
        Which summary statistics (default: all of
        :data:`tournament.analysis.SUMMARY_COLUMNS`).
    partial : bool
        Allow an unfinished study (only its completed units count).
    n_boot, seed : int
        Resamples and seed of the median's bootstrap interval (the same seed
        gives the same table).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(point, statistic)``; columns: the swept parameters,
        ``n``, ``mean``, ``sd``, ``se``, ``ci_low``, ``ci_high``, ``method``,
        ``median``, ``n_inf``, ``n_nan``.
    """
    import pandas as pd  # deferred (heavy): `import tournament.study` stays free of pandas

    from ..engine.results import describe  # deferred: it imports pandas (see above)

    columns = tuple(SUMMARY_COLUMNS if statistics is None else statistics)
    unknown = [c for c in columns if c not in SUMMARY_COLUMNS]
    if unknown or not columns:
        raise ParameterError(f"unknown statistic(s) {unknown or list(columns)}: choose from "
                             f"{', '.join(SUMMARY_COLUMNS)}")
    design, by_point = _parts_by_point(path, partial)
    rows = []
    for point, parts in by_point.items():
        table = describe(_read(parts), columns, n_boot=n_boot, seed=seed).reset_index()
        stats = list(table.columns[1:])
        table["point"] = point
        for name, value in design.point(point).items():
            table[name] = [level_label(name, value)] * len(table)
        rows.append(table[["point", "statistic", *design.names, *stats]])
    if not rows:
        raise ParameterError(f"the study in {str(path)!r} has no finished units yet")
    return pd.concat(rows, ignore_index=True).set_index(["point", "statistic"])


def format_aggregate(table: pd.DataFrame, statistics: Sequence[str]) -> str:
    """Text blocks, one per statistic: a row per point with mean, 95 % interval and median.

    The interval is the mean's (``method`` mean) or, at a point with
    infinite values, the median's bootstrap interval (``method`` median);
    ``n_inf`` and ``n_nan`` count the infinite and undefined replicates.
    """
    names = [c for c in table.columns if c not in
             ("n", "mean", "sd", "se", "ci_low", "ci_high", "method", "median", "n_inf",
              "n_nan")]
    lines = []
    for stat in statistics:
        block = table.xs(stat, level="statistic")
        lines.append(stat)
        head = "  ".join([f"{'point':>5}", *(f"{n:>14}" for n in names),
                          f"{'mean':>10}", f"{'95% interval':>23}", f"{'median':>10}",
                          f"{'n':>6}", f"{'n_inf':>6}", f"{'n_nan':>6}", "method"])
        lines.append(head)
        for point, row in block.iterrows():
            ci = (f"[{row.ci_low:10.4g}, {row.ci_high:10.4g}]"
                  if not (np.isnan(row.ci_low) or np.isnan(row.ci_high)) else f"{'—':>23}")
            method = "median" if row.method != "mean" else "mean"
            values = [f"{_short(row[n]):>14}" for n in names]
            lines.append("  ".join([f"{point:>5}", *values, f"{row['mean']:>10.4g}", ci,
                                    f"{row['median']:>10.4g}", f"{int(row.n):>6}",
                                    f"{int(row.n_inf):>6}", f"{int(row.n_nan):>6}", method]))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _short(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)
