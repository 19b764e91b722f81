"""Read a study back: the whole dataset, or per-point statistics read point by point."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .._errors import ParameterError
from ..engine.records import SUMMARY_COLUMNS
from .design import Design
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
              partial: bool = False) -> pd.DataFrame:
    """Per design point: n, mean, sd, standard error and 95 % interval of each statistic.

    Points are read one at a time, so memory holds one point's replicates.
    Non-finite values (an undefined or unreached statistic, e.g. an infinite
    median lifetime) are left out of the statistic's row and counted in
    ``not_finite``; ``n`` counts the finite ones. The interval is
    ``mean ± 1.96 se`` (as :meth:`tournament.SimulationResult.describe`).

    Parameters
    ----------
    path : str or Path
        The study folder.
    statistics : sequence of str, optional
        Which summary statistics (default: all of
        :data:`tournament.analysis.SUMMARY_COLUMNS`).
    partial : bool
        Allow an unfinished study (only its completed units count).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(point, statistic)``; columns: the swept parameters,
        ``n``, ``mean``, ``sd``, ``se``, ``ci_low``, ``ci_high``, ``not_finite``.
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
        table = describe(_read(parts), columns).reset_index()
        stats = list(table.columns[1:])
        table["point"] = point
        for name, value in design.point(point).items():
            table[name] = [value] * len(table)
        rows.append(table[["point", "statistic", *design.names, *stats]])
    if not rows:
        raise ParameterError(f"the study in {str(path)!r} has no finished units yet")
    return pd.concat(rows, ignore_index=True).set_index(["point", "statistic"])


def format_aggregate(table: pd.DataFrame, statistics: Sequence[str]) -> str:
    """Text blocks, one per statistic: a row per point with mean and 95 % interval."""
    names = [c for c in table.columns if c not in
             ("n", "mean", "sd", "se", "ci_low", "ci_high", "not_finite")]
    lines = []
    for stat in statistics:
        block = table.xs(stat, level="statistic")
        lines.append(stat)
        head = "  ".join([f"{'point':>5}", *(f"{n:>14}" for n in names),
                          f"{'mean':>10}", f"{'95% interval':>23}", f"{'n':>6}",
                          f"{'not finite':>10}"])
        lines.append(head)
        for point, row in block.iterrows():
            ci = (f"[{row.ci_low:10.4g}, {row.ci_high:10.4g}]" if np.isfinite(row.se)
                  else f"{'—':>23}")
            values = [f"{_short(row[n]):>14}" for n in names]
            lines.append("  ".join([f"{point:>5}", *values, f"{row['mean']:>10.4g}", ci,
                                    f"{int(row.n):>6}", f"{int(row.not_finite):>10}"]))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _short(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)
