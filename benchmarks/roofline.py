#!/usr/bin/env python3
"""Roofline probe: the least work one agent-round of the OPT model can cost.

The compiled engine's throughput means little on its own (it depends on the
machine, the numba version, the thread count). This probe gives it a yardstick
measured on the same machine, in the same process: a kernel that does only the
arithmetic that no implementation of the model's round can avoid, written as
tightly as numba allows. ``benchmarks/throughput.py`` reports the engine's rate
as a ratio to the probe's at the same size; that ratio, engine / probe, is the
performance figure the project tracks (docs/performance.md).

What one agent-round of the probe does, and why (docs/specification.md
sections 3 and 4):

* for each of the D + 3 actions an elite can have at most (routine, keep,
  imitate, one innovation per domain), one normal tail probability per round
  of the planning horizon H: the chance of recognition the elite projects for
  that action (``erfc``, as the engine uses);
* one ``exp`` per action: the logit weight of the choice;
* one uniform draw (the logit choice) and one normal draw (the evaluation
  noise of the score);
* once per round, an O(N) selection of the k-th highest score (the
  recognition threshold), with k = N // 20 as in the benchmarks.

It does nothing else: no state update, no bookkeeping of projects, no
records. The values it computes are meaningless stand-ins (a random "fit"
per domain, a threshold that only feeds back weakly) chosen so that the
compiler cannot drop any of the work. The engine does strictly more per
agent-round, so its ratio to the probe is expected below 1, except where the
model offers fewer than D + 3 actions (absorbed domains), see
docs/performance.md.

The arguments of the tail probabilities lie near 0, where ``erfc`` is cheap;
that is part of the yardstick, and is why the ratio is a figure to track
rather than an efficiency to maximise.

Replicates run in parallel with ``prange``. The probe draws from numba's
internal (per-thread) generator, seeded per replicate: it needs speed, not
the reproducibility across threads that the model guarantees.

    python benchmarks/roofline.py --agents 1000 --domains 8 --horizon 3 --rounds 500 \
        --replicates 8 --json
"""

from __future__ import annotations

import argparse
import json
import math
import time

import numpy as np
from numba import get_num_threads, njit, prange

INV_SQRT2 = 0.7071067811865476


@njit(cache=True)
def _one_replicate(seed, n, d, h, t, k):
    """Run one replicate of the probe: ``t`` rounds of ``n`` agents, ``d`` domains.

    Returns the sum of the per-round thresholds (a value the caller keeps,
    so that none of the work is optimised away).
    """
    np.random.seed(seed)
    fit = np.random.random((n, d))
    score = np.zeros(n)
    threshold = 0.0
    total = 0.0
    for _ in range(t):
        for i in range(n):
            z = 0.0
            for a in range(d + 3):  # every action: routine, keep, imitate, innovate(0 .. d-1)
                p = 0.0
                for j in range(h):  # every planned round: the projected recognition chance
                    x = fit[i, a % d] * (1.0 - 0.1 * j) - threshold
                    p += 0.5 * math.erfc(-x * INV_SQRT2)
                z += math.exp(8.0 * p)  # the logit weight of the action
            r = np.random.random() * z  # the logit choice
            score[i] = fit[i, 0] + 1e-9 * r + 0.3 * np.random.standard_normal()  # the noise
        threshold = np.partition(score, n - k)[n - k] * 1e-3  # the k-th highest score
        total += threshold
    return total


@njit(parallel=True, cache=True)
def _many(replicates, n, d, h, t, k):
    """Run ``replicates`` replicates of the probe in parallel (one result each)."""
    out = np.zeros(replicates)
    for r in prange(replicates):
        out[r] = _one_replicate(r + 1, n, d, h, t, k)
    return out


def run(replicates: int, n: int, d: int, h: int, t: int, k: int | None = None) -> float:
    """Run the probe once and return its wall time in seconds.

    ``k`` defaults to ``max(1, n // 20)``, the recognitions per round the
    benchmarks give the engine. Threads are numba's current setting
    (``numba.set_num_threads``).
    """
    k = max(1, n // 20) if k is None else k
    t0 = time.perf_counter()
    _many(replicates, n, d, h, t, k)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agents", type=int, default=1000)
    ap.add_argument("--domains", type=int, default=8)
    ap.add_argument("--horizon", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=500)
    ap.add_argument("--replicates", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    run(2, 20, a.domains, a.horizon, 2, 1)  # compile (or load from the cache) first
    best = min(run(a.replicates, a.agents, a.domains, a.horizon, a.rounds)
               for _ in range(a.repeat))
    rate = a.replicates * a.agents * a.rounds / best
    out = {"agent_rounds_per_s": rate, "threads": get_num_threads(), "agents": a.agents,
           "domains": a.domains, "horizon": a.horizon, "rounds": a.rounds,
           "replicates": a.replicates}
    print(json.dumps(out) if a.json else f"{rate:.3e} agent-rounds/s on {out['threads']} threads")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
