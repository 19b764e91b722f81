"""Scaling of the compiled engine: time per round against N, D and T; parallel efficiency.

* **N** — time per round at N in 100 ... 10000 (D = 8, one replicate, one
  thread), the log-log slope of time per round against N (1 means linear), and
  time per agent-round relative to N = 100 next to log N / log 100: top-k
  selection is O(N), so the per-agent-round cost should grow no faster than
  log N;
* **D** and **T** — time per round at D in 2 ... 32 and at T in 50 ... 800;
* **threads** — parallel efficiency speed-up / threads with 8 replicates.

    python benchmarks/scaling.py [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import math
import time

import numba
import numpy as np
from _common import emit, machine, summarize, table

from tournament import Config, simulate


def config(n: int = 1000, d: int = 8, t: int = 200) -> Config:
    """The default configuration at size (N, D, T) with k = N // 20."""
    return Config(n_jurisdictions=n, n_domains=d, n_rounds=t, burn_in=min(20, t - 1),
                  recognized_per_round=max(1, n // 20))


def per_round(cfg: Config, reps: int, threads: int, repeat: int) -> dict[str, float]:
    """Best and median wall time per round of one replicate-batch."""
    times = []
    for i in range(repeat):
        t0 = time.perf_counter()
        simulate(cfg, replicates=reps, seed=i, threads=threads)
        times.append((time.perf_counter() - t0) / cfg.n_rounds)
    return summarize(times)


def slope(xs, ys) -> float:
    """Least-squares slope of log y against log x."""
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    simulate(config(20, 2, 5), replicates=2, seed=0)  # compile outside the timings
    m = machine()
    print(f"scaling, {m['cpu']}, {m['cores']} cores, numba {m['numba']}, best of {a.repeat}")

    ns = (100, 300, 1000, 3000, 10000)
    rows, best = [], []
    for n in ns:
        t = max(50, int(2e6 // n))  # keep each run near 2e6 agent-rounds
        s = per_round(config(n=n, t=t), 1, 1, a.repeat)
        best.append(s["best_s"])
        emit({"bench": "scaling", "axis": "N", "n": n, "rounds": t, "per_round": s}, a.json)
    base = best[0] / ns[0]
    for n, b in zip(ns, best, strict=True):
        rows.append([n, b * 1e3, b / n * 1e9, (b / n) / base, math.log(n) / math.log(ns[0])])
    s_n = slope(ns, best)
    emit({"bench": "scaling", "axis": "N", "loglog_slope": s_n}, a.json)
    print("\ntime per round against N (D = 8, 1 replicate, 1 thread)")
    print(table(rows, ["N", "ms/round", "ns/agent-round", "rel. to N=100",
                       "log N / log 100"]))
    print(f"log-log slope of time per round against N: {s_n:.3f}")

    rows, ds, best = [], (2, 4, 8, 16, 32), []
    for d in ds:
        s = per_round(config(d=d), 1, 1, a.repeat)
        best.append(s["best_s"])
        rows.append([d, s["best_s"] * 1e3, s["median_s"] * 1e3])
        emit({"bench": "scaling", "axis": "D", "d": d, "per_round": s}, a.json)
    print("\ntime per round against D (N = 1000, 1 replicate, 1 thread)")
    print(table(rows, ["D", "best ms/round", "median ms/round"]))
    print(f"log-log slope against D: {slope(ds, best):.3f}")

    rows = []
    for t in (50, 100, 200, 400, 800):
        s = per_round(config(t=t), 1, 1, a.repeat)
        rows.append([t, s["best_s"] * 1e3, s["median_s"] * 1e3])
        emit({"bench": "scaling", "axis": "T", "t": t, "per_round": s}, a.json)
    print("\ntime per round against T (N = 1000, D = 8, 1 replicate, 1 thread)")
    print(table(rows, ["T", "best ms/round", "median ms/round"]))

    rows, one = [], None
    for th in range(1, numba.config.NUMBA_NUM_THREADS + 1):
        s = per_round(config(), 8, th, a.repeat)
        one = one or s["best_s"]
        eff = one / s["best_s"] / th
        rows.append([th, s["best_s"] * 1e3, one / s["best_s"], eff])
        emit({"bench": "scaling", "axis": "threads", "threads": th, "per_round": s,
              "efficiency": eff}, a.json)
    print("\nparallel efficiency (N = 1000, D = 8, 8 replicates)")
    print(table(rows, ["threads", "ms/round", "speed-up", "efficiency"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
