"""Sobol' sensitivity indices of a finished Sobol-design study (SALib)."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .._deps import require
from .._errors import ParameterError
from ..engine.seeding import check_seed
from .reader import aggregate
from .store import Store

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["sensitivity"]


def sensitivity(path: str | Path, outputs: Sequence[str], *, num_resamples: int = 100,
                conf_level: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """First-order and total Sobol' indices of ``outputs`` over the swept parameters.

    The model output at each design point is the mean of the statistic over
    the point's replicates (undefined, ``nan``, replicates left out); the indices are those of
    :func:`SALib.analyze.sobol.analyze` on Saltelli's sample, with bootstrap
    confidence intervals. Replicate noise adds to the variance the indices
    decompose: use many replicates per point, or ``seeding="common"``
    (common random numbers), to keep it small. Integer parameters are
    rounded in the design, which Saltelli's estimators ignore.

    An output that is infinite in some replicate at some point (a median
    lifetime the run never reached) has an infinite mean there: Sobol'
    indices decompose a finite variance, and neither dropping those
    replicates (biased towards short lives) nor switching that point to its
    median (a different output at different points) gives a meaningful
    decomposition. Such an output is refused with a :class:`ParameterError`
    that names the points; analyse a finite output instead (a survival
    share, a rate) or lengthen the runs.

    Parameters
    ----------
    path : str or Path
        A finished study made with a ``sobol`` design.
    outputs : sequence of str
        Summary statistics to analyse, e.g. ``["lifetime_median", "leader_spell_mean"]``.
    num_resamples : int
        Bootstrap resamples of the confidence intervals.
    conf_level : float
        Confidence level of the intervals.
    seed : int
        Seed of the bootstrap: the same seed gives the same intervals.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(output, parameter)``; columns ``S1``, ``S1_conf``,
        ``ST``, ``ST_conf``.

    Raises
    ------
    ParameterError
        If the study is not a finished Sobol design, an output is unknown,
        an output is infinite in some replicate at some point, or it has no
        finite value at some point.
    """
    import pandas as pd  # deferred (heavy): `import tournament.study` stays free of pandas

    require("Sobol' sensitivity indices", "SALib", "pyarrow")
    seed = check_seed(seed)
    if (isinstance(num_resamples, bool) or not isinstance(num_resamples, numbers.Integral)
            or num_resamples < 2):
        raise ParameterError(f"num_resamples = {num_resamples!r} is out of range: must be an "
                             f"integer >= 2")
    if (isinstance(conf_level, bool) or not isinstance(conf_level, numbers.Real)
            or not 0.0 < conf_level < 1.0):
        raise ParameterError(f"conf_level = {conf_level!r} is out of range: must be a float in "
                             f"(0, 1)")
    # SALib treats a seed of 0 as "no seed" (an unseeded bootstrap): pass a non-zero one
    # derived from ``seed``, so the intervals are reproducible for every seed.
    salib_seed = int(np.random.SeedSequence(seed).generate_state(1)[0]) | 1
    store = Store(path)
    design = store.read_design()
    if design.kind != "sobol":
        raise ParameterError(
            f"Sobol' indices need a study made with a Sobol design (Saltelli's sample: "
            f"tournament sweep --design sobol --points N ...); the study in "
            f"{str(store.path)!r} is a {design.kind} design")
    outputs = list(outputs)
    if not outputs:
        raise ParameterError("name at least one output statistic, e.g. lifetime_median")
    table = aggregate(path, statistics=outputs)
    from SALib.analyze import sobol  # deferred: SALib is optional and heavy

    problem = {"num_vars": len(design.names), "names": list(design.names),
               "bounds": [list(design.factors[n]) for n in design.names]}
    frames = []
    for output in outputs:
        block = table.xs(output, level="statistic").reindex(range(len(design)))
        infinite = np.flatnonzero(block["n_inf"].fillna(0).to_numpy() > 0)
        if len(infinite):
            first = int(infinite[0])
            raise ParameterError(
                f"{output} is infinite in some replicates at {len(infinite)} design point(s), "
                f"e.g. point {first} ({design.point(first)}: "
                f"{int(block['n_inf'].iloc[first])} of "
                f"{int(block[['n', 'n_inf', 'n_nan']].iloc[first].sum())} replicates); its mean "
                f"is infinite there and Sobol' indices need finite outputs: choose a finite "
                f"output (a rate, a share) or longer runs")
        y = block["mean"]
        bad = np.flatnonzero(~np.isfinite(y.to_numpy(float)))
        if len(bad):
            raise ParameterError(
                f"{output} has no finite value at {len(bad)} design point(s), e.g. point "
                f"{int(bad[0])} ({design.point(int(bad[0]))}); choose another output or "
                f"narrower bounds")
        result = sobol.analyze(problem, y.to_numpy(float), calc_second_order=design.second_order,
                               num_resamples=num_resamples, conf_level=conf_level,
                               seed=salib_seed)
        frames.append(pd.DataFrame({
            "output": output, "parameter": list(design.names),
            "S1": result["S1"], "S1_conf": result["S1_conf"],
            "ST": result["ST"], "ST_conf": result["ST_conf"]}))
    return pd.concat(frames, ignore_index=True).set_index(["output", "parameter"])
