"""Driver of the compiled engine: parameters, chunking, allocation, framing.

Replicates run in chunks so that memory stays bounded whatever their number;
each chunk's generators are built from ``(seed, replicate)`` before dispatch,
so chunking and threads never change a result.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from .. import registry as C
from .._params import PARAMS
from ..config import Config
from ..graph import neighbour_graph
from . import records as R
from .results import frame_events, frame_panel, frame_rounds
from .seeding import replicate_generators
from .summary import assemble_summary
from .tables import build_table, decay_table, kind_cumulative

__all__ = ["kernel_params", "run_compiled", "run_chunk", "chunk_size"]

CHUNK_BYTES = 64 * 2**20  # memory budget of one chunk's records


CHOICE_CODES = {"noise": C.NOISE_CODES, "allocation_policy": C.POLICY_CODES,
                "topology": C.TOPOLOGY_CODES, "cooperation": C.COOPERATION_CODES,
                "evaluation_mode": C.EVALUATION_CODES}
"""Registry codes of the choice parameters, as the kernels read them."""


def kernel_params(cfg: Config):
    """Build the kernels' :class:`~tournament.engine.kernels.KParams` from a configuration.

    Every parameter of the table goes in under its own name (floats as
    floats, integers as integers, choices as their registry codes), then the
    short names and derived values of ``KPARAM_DERIVED``.
    """
    from .kernels import KParams  # numba loads with the first compiled run
    from .kernels.state import KPARAM_TABLE

    values = {}
    for name in KPARAM_TABLE:
        kind, value = PARAMS[name].kind, getattr(cfg, name)
        values[name] = (CHOICE_CODES[name][value] if kind == "choice"
                        else int(value) if kind == "int" else float(value))
    values.update(n=values["n_jurisdictions"], k=values["recognized_per_round"],
                  horizon=values["planning_horizon"], policy=values["allocation_policy"],
                  argmax=bool(math.isinf(cfg.rationality)),
                  governance_on=bool(cfg.governance_on))
    return KParams(**values)


def chunk_size(cfg: Config, wanted: tuple[str, ...]) -> int:
    """Replicates per chunk that keep one chunk's records within :data:`CHUNK_BYTES`."""
    n, t = cfg.n_jurisdictions, cfg.n_rounds
    per_rep = t * R.N_ROUND * 8 + R.N_PROJECT_STATS * 8
    if "events" in wanted:
        per_rep += n * t * R.N_EVENT * 8
    if "panel" in wanted:
        per_rep += n * t * R.N_PANEL * 8
    return int(max(1, min(4096, CHUNK_BYTES // per_rep)))


def run_chunk(cfg: Config, seed: int, reps: np.ndarray, wanted: tuple[str, ...],
              params=None, threads: int | None = None,
              on_replicate: Callable[[], None] | None = None) -> dict[str, pd.DataFrame]:
    """Run one chunk of replicates on the compiled engine and frame its tables.

    Replicates run on ``threads`` threads (default :func:`numba.get_num_threads`),
    each a call of the GIL-free kernel :func:`~tournament.engine.kernels.run_replicate`
    writing only its own rows, so the thread count never changes a result.
    ``on_replicate()`` is called in the calling thread as each replicate
    finishes (in replicate order), for progress bars.
    """
    import numba

    from .kernels import run_replicate

    p = kernel_params(cfg) if params is None else params
    n_rep, n, t = len(reps), cfg.n_jurisdictions, cfg.n_rounds
    rec_events, rec_panel = "events" in wanted, "panel" in wanted
    gens = replicate_generators(seed, reps)
    rint = np.zeros((n_rep, t, R.N_ROUND_INT), np.int64)
    rfloat = np.zeros((n_rep, t, R.N_ROUND_FLOAT))
    pstats = np.zeros((n_rep, R.N_PROJECT_STATS))
    cap = n * t if rec_events else 0
    ev_int = np.zeros((n_rep, cap, R.N_EVENT_INT), np.int64)
    ev_q = np.zeros((n_rep, cap))
    ev_count = np.zeros(n_rep, np.int64)
    pan_score = np.zeros((n_rep, t if rec_panel else 0, n if rec_panel else 0))
    pan_int = np.zeros((n_rep, t if rec_panel else 0, n if rec_panel else 0, R.N_PANEL_INT),
                       np.int64)
    tables = (build_table(cfg), decay_table(cfg), kind_cumulative(cfg))
    no_graph = (np.zeros(0, np.int64), np.zeros(0, np.int64))
    shared = None if cfg.topology == "small_world" else (neighbour_graph(cfg) or no_graph)

    def one(r: int) -> None:
        graph = shared or neighbour_graph(cfg, seed, int(reps[r]))  # a small world per replicate
        ev_count[r] = run_replicate(gens[r], p, *tables, *graph, rint[r], rfloat[r], pstats[r],
                                    rec_events, ev_int[r], ev_q[r], rec_panel, pan_score[r],
                                    pan_int[r])

    wanted_threads = numba.get_num_threads() if threads is None else int(threads)
    workers = min(n_rep, max(1, min(wanted_threads, numba.config.NUMBA_NUM_THREADS)))
    if workers <= 1:
        for r in range(n_rep):
            one(r)
            if on_replicate is not None:
                on_replicate()
    else:
        pool = ThreadPoolExecutor(max_workers=workers)
        try:
            for _ in pool.map(one, range(n_rep)):  # re-raises a kernel's error
                if on_replicate is not None:
                    on_replicate()
        finally:  # on Ctrl-C or an error: drop the queued replicates, finish the running ones
            pool.shutdown(wait=True, cancel_futures=True)
    out = {"summary": assemble_summary(reps, pstats, rint, rfloat, cfg)}
    if "rounds" in wanted:
        out["rounds"] = frame_rounds(reps, rint, rfloat)
    if rec_events:
        counts = ev_count.astype(np.int64)
        keep = np.arange(cap)[None, :] < counts[:, None]
        out["events"] = frame_events(np.repeat(reps, counts),
                                     np.concatenate([np.arange(c) for c in counts]),
                                     ev_int[keep], ev_q[keep], t)
    if rec_panel:
        out["panel"] = frame_panel(reps, pan_score, pan_int)
    return out


def run_compiled(cfg: Config, seed: int, reps: np.ndarray, wanted: tuple[str, ...],
                 threads: int | None = None, progress: bool = False,
                 on_chunk: Callable[[int], None] | None = None) -> dict[str, pd.DataFrame]:
    """Run all replicates chunk by chunk and concatenate the tables."""
    p = kernel_params(cfg)
    size = chunk_size(cfg, wanted)
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in wanted}
    bar = _progress_bar(len(reps), progress)
    try:
        for lo in range(0, len(reps), size):
            chunk = reps[lo : lo + size]
            tables = run_chunk(cfg, seed, chunk, wanted, params=p, threads=threads,
                               on_replicate=None if bar is None else lambda: bar.update(1))
            for name, frame in tables.items():
                parts[name].append(frame)
            if on_chunk is not None:
                on_chunk(len(chunk))
    finally:
        if bar is not None:
            bar.close()
    return {name: pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
            for name, frames in parts.items()}


def _progress_bar(total: int, enabled: bool):
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - optional dependency
        return None
    return tqdm(total=total, unit="rep", desc="replicates", smoothing=0.1)


def needs_compiling() -> bool:
    """Whether the first run in this process will compile the engine (no usable cache).

    Reads numba's cache index of the replicate kernel: a missing index, or one
    written for another version of the source, means a cold start (15-20 s).
    Returns ``False`` when in doubt, so that no false notice is printed.
    """
    from .kernels import run_replicate

    if run_replicate.signatures:
        return False
    try:
        return not run_replicate._cache._cache_file._load_index()
    except Exception:  # pragma: no cover - numba's private cache layout changed
        return False
