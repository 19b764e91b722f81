"""``simulate``: run replicates of a configuration on either engine and frame the results."""

from __future__ import annotations

import numbers
import time
import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._errors import ParameterError, ParameterTypeError, RecordSizeWarning
from ..config import Config
from ..graph import neighbour_graph
from . import records as R
from . import reference
from .driver import run_compiled
from .results import SimulationResult, frame_events, frame_panel, frame_rounds
from .seeding import check_seed, replicate_generator
from .summary import assemble_summary, project_statistics

__all__ = ["simulate", "RECORDS", "ENGINES", "record_bytes", "PANEL_WARN_BYTES"]

RECORDS = ("summary", "rounds", "events", "panel")
ENGINES = ("compiled", "reference")


def simulate(config: Config | None = None, replicates: int | Iterable[int] = 1, seed: int = 0,
             engine: str = "compiled", record: Iterable[str] = ("summary",),
             threads: int | None = None, progress: bool = False) -> SimulationResult:
    """Run replicates of the OPT model.

    Parameters
    ----------
    config : Config, optional
        The model configuration (default: ``Config()``).
    replicates : int or iterable of int
        How many replicates (indices ``0 … R-1``), or the replicate indices
        themselves. Replicate ``r`` depends only on ``(config, seed, r)``.
    seed : int
        Master seed (a non-negative integer).
    engine : {"compiled", "reference"}
        The numba engine, or the pure-Python reference engine (slow; the
        specification in code).
    record : iterable of str
        Tables to return besides the summary: any of ``"rounds"``,
        ``"events"``, ``"panel"``. Events and panel are for small runs.
    threads : int, optional
        Threads for the compiled engine (default: numba's default, all
        cores). Results do not depend on it.
    progress : bool
        Show a progress bar (compiled engine, needs ``tqdm``).

    Returns
    -------
    SimulationResult
        With ``summary`` and the tables asked for.

    Examples
    --------
    >>> import tournament
    >>> res = tournament.simulate(tournament.Config(n_jurisdictions=20, n_rounds=60),
    ...                           replicates=4, seed=1, record=("summary", "events"))
    >>> len(res.summary)
    4
    """
    config = Config() if config is None else config
    if not isinstance(config, Config):
        raise ParameterTypeError(f"config must be a tournament.Config, got {type(config).__name__}")
    reps = check_replicates(replicates)
    seed = check_seed(seed)
    if engine not in ENGINES:
        raise ParameterError(f"engine = {engine!r} is invalid: must be one of {ENGINES}")
    wanted = check_record(record)
    bad_threads = isinstance(threads, bool) or not isinstance(threads, numbers.Integral)
    if threads is not None and (bad_threads or threads < 1):
        raise ParameterError(f"threads = {threads!r} is out of range: must be an integer >= 1")
    size = record_bytes(config, len(reps), wanted)
    if size > PANEL_WARN_BYTES:
        warnings.warn(f"recording {', '.join(w for w in wanted if w != 'summary')} for "
                      f"{len(reps)} replicates of {config.n_jurisdictions} jurisdictions x "
                      f"{config.n_rounds} rounds will hold about {size / 2**30:.1f} GiB in "
                      f"memory; record the panel for fewer replicates, or run a study "
                      f"(tournament.study), which streams to disk", RecordSizeWarning,
                      stacklevel=2)
    start = time.perf_counter()
    if engine == "reference":
        tables = _run_reference(config, seed, reps, wanted)
    else:
        tables = run_compiled(config, seed, reps, wanted, threads=threads, progress=progress)
    return SimulationResult(config=config, seed=seed, replicates=reps, engine=engine,
                            seconds=time.perf_counter() - start, **tables)


PANEL_WARN_BYTES = 512 * 2**20
"""Above this estimated size of the recorded tables :func:`simulate` warns."""


def record_bytes(config: Config, replicates: int, wanted: Iterable[str]) -> int:
    """Estimated peak memory of the tables ``wanted`` for ``replicates`` replicates.

    The panel has one row per replicate, round and jurisdiction (31 bytes in
    the final table, held twice while the chunks are joined); the events
    table at most one row per jurisdiction and round (about 60 bytes); the
    rounds table 128 bytes a round.
    """
    rows = replicates * config.n_rounds
    size = rows * 128 * ("rounds" in wanted)
    size += rows * config.n_jurisdictions * 62 * ("panel" in wanted)
    return int(size)


def check_replicates(replicates: int | Iterable[int]) -> np.ndarray:
    """Validate ``replicates`` (a count >= 1, or distinct non-negative indices)."""
    if isinstance(replicates, bool):
        raise ParameterTypeError("replicates must be an integer >= 1 or a list of indices")
    if isinstance(replicates, numbers.Integral):
        if replicates < 1:
            raise ParameterError(f"replicates = {replicates!r} is out of range: must be >= 1")
        return np.arange(int(replicates), dtype=np.int64)
    try:
        reps = np.asarray(list(replicates))
    except TypeError:
        raise ParameterTypeError(
            f"replicates = {replicates!r} must be an integer >= 1 or a list of indices") from None
    if reps.size == 0 or reps.ndim != 1 or not np.issubdtype(reps.dtype, np.integer):
        raise ParameterError(f"replicates = {replicates!r} must be a non-empty list of integers")
    if (reps < 0).any() or len(np.unique(reps)) != len(reps):
        raise ParameterError(f"replicates = {replicates!r} must be distinct integers >= 0")
    return reps.astype(np.int64)


def check_record(record: Iterable[str]) -> tuple[str, ...]:
    """Validate ``record``; the summary is always included."""
    if isinstance(record, str):
        record = (record,)
    names = tuple(record)
    for name in names:
        if name not in RECORDS:
            raise ParameterError(f"record entry {name!r} is invalid: must be one of {RECORDS}")
    return tuple(n for n in RECORDS if n in names or n == "summary")


# ----------------------------------------------------------------------------- reference path
def _run_reference(cfg: Config, seed: int, reps: np.ndarray, wanted: tuple[str, ...]) -> dict:
    n_rep, n_rounds, n = len(reps), cfg.n_rounds, cfg.n_jurisdictions
    rint = np.zeros((n_rep, n_rounds, R.N_ROUND_INT), np.int64)
    rfloat = np.zeros((n_rep, n_rounds, R.N_ROUND_FLOAT))
    events, panels, project_rows = [], [], []
    for slot, r in enumerate(reps):
        rec = reference.run_replicate(cfg, replicate_generator(seed, int(r)), panel=True,
                                      graph=neighbour_graph(cfg, seed, int(r)))
        rows = np.array(rec.rounds, dtype=object)
        rint[slot] = rows[:, :R.N_ROUND_INT].astype(np.int64)
        rfloat[slot] = rows[:, R.N_ROUND_INT:].astype(float)
        ev = _reference_events(rec, r, n_rounds)
        pan = np.array(rec.panel, dtype=float).reshape(n_rounds, n, R.N_PANEL)
        panel = frame_panel(np.array([r]), pan[None, :, :, 0],
                            pan[None, :, :, 1:].astype(np.int64))
        rounds = frame_rounds(np.array([r]), rint[slot : slot + 1], rfloat[slot : slot + 1])
        project_rows.append(project_statistics(ev, rounds, panel, cfg))
        events.append(ev)
        panels.append(panel)
    summary = assemble_summary(reps, pd.DataFrame(project_rows), rint, rfloat, cfg)
    out = {"summary": summary}
    if "rounds" in wanted:
        out["rounds"] = frame_rounds(reps, rint, rfloat)
    if "events" in wanted:
        out["events"] = pd.concat(events, ignore_index=True)
    if "panel" in wanted:
        out["panel"] = pd.concat(panels, ignore_index=True)
    return out


def _reference_events(rec, replicate: int, n_rounds: int) -> pd.DataFrame:
    rows = np.array(rec.events, dtype=float).reshape(-1, R.N_EVENT)
    count = len(rows)
    return frame_events(np.full(count, replicate), np.arange(count),
                        rows[:, :R.N_EVENT_INT].astype(np.int64), rows[:, R.E_QUALITY], n_rounds)
