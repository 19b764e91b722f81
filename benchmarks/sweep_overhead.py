"""Benchmark: what a sweep costs over the bare engine.

The same replicates run two ways in one process, after one warm-up call
that loads (or compiles) the numba kernels:

- ``engine``: ``tournament.simulate(design.config(p), replicates=R,
  seed=design.point_seed(p))`` for every design point, results kept in memory;
- ``sweep``: ``tournament.study.sweep(design, tmpdir, backend="serial")``:
  design validation, units of ``chunk`` replicates, one Parquet file and one
  manifest update (each fsynced) per unit.

The two alternate ``--repeats`` times, in alternating order (engine first,
then sweep first, ...), so that a slow spell of a shared machine does not
always hit the same one. Each run records its wall time and the CPU time of
the process (all threads). The headline overhead is ``best sweep / best
engine - 1`` on wall time: on a shared machine other load only ever adds
time, so the best of several runs is the least disturbed estimate (the
convention of :mod:`timeit`). The median of the paired ratios and the
overhead in CPU time are printed too. Both use numba's default thread count.

Usage::

    python benchmarks/sweep_overhead.py                 # table, then one JSON line
    python benchmarks/sweep_overhead.py --json          # the JSON line alone
    python benchmarks/sweep_overhead.py --replicates 2500 --points 4 --repeats 7
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time

from _common import hardware

import tournament
from tournament.study import Design, sweep


def make_design(points: int, replicates: int, seed: int) -> Design:
    base = tournament.Config(n_jurisdictions=20, n_rounds=60, burn_in=10)
    levels = [round(0.05 + 0.25 * i / max(1, points - 1), 6) for i in range(points)]
    return Design.grid({"novelty_decay": levels}, replicates=replicates, seed=seed, base=base)


def run_engine(design: Design, chunk: int | None) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for p in range(len(design)):
        tournament.simulate(design.config(p), replicates=design.replicates,
                            seed=design.point_seed(p))
    return time.perf_counter() - wall, time.process_time() - cpu


def run_sweep(design: Design, chunk: int | None) -> tuple[float, float]:
    folder = tempfile.mkdtemp(prefix="sweep-overhead-")
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        sweep(design, os.path.join(folder, "study"), backend="serial", chunk_size=chunk,
              progress=False)
        return time.perf_counter() - wall, time.process_time() - cpu
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=4)
    parser.add_argument("--replicates", type=int, default=1500, help="per point")
    parser.add_argument("--chunk-size", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print the JSON line alone")
    args = parser.parse_args()

    design = make_design(args.points, args.replicates, args.seed)
    warm = time.perf_counter()
    tournament.simulate(design.base, replicates=2, seed=0)
    warm = time.perf_counter() - warm
    engine, swept, engine_cpu, swept_cpu = [], [], [], []
    for i in range(args.repeats):
        order = (run_engine, run_sweep) if i % 2 == 0 else (run_sweep, run_engine)
        for fn in order:
            wall, cpu = fn(design, args.chunk_size)
            (engine if fn is run_engine else swept).append(wall)
            (engine_cpu if fn is run_engine else swept_cpu).append(cpu)
    paired = statistics.median(b / a - 1 for a, b in zip(engine, swept, strict=True))
    best = min(swept) / min(engine) - 1
    cpu = min(swept_cpu) / min(engine_cpu) - 1
    record = {
        "benchmark": "sweep_overhead", "points": len(design), "replicates_per_point":
        design.replicates, "total_replicates": design.total_replicates,
        "chunk_size": args.chunk_size, "repeats": args.repeats, "warmup_s": round(warm, 3),
        "engine_s": [round(x, 4) for x in engine], "sweep_s": [round(x, 4) for x in swept],
        "engine_cpu_s": [round(x, 4) for x in engine_cpu],
        "sweep_cpu_s": [round(x, 4) for x in swept_cpu],
        "overhead_pct": round(100 * best, 2),
        "overhead_paired_median_pct": round(100 * paired, 2),
        "overhead_cpu_pct": round(100 * cpu, 2),
        "target_pct": 15.0, "met": best <= 0.15,
        "hardware": hardware(),
    }
    if not args.json:
        print(f"sweep overhead: {record['points']} points x {record['replicates_per_point']} "
              f"replicates (n_jurisdictions=20, n_rounds=60), serial backend, "
              f"{args.repeats} repeats; hardware: {record['hardware']}")
        print(f"warm-up (kernel load/compile): {warm:.2f} s")
        print(f"{'run':<8} {'best s':>8} {'median s':>9} {'best CPU s':>11}  all runs, wall s")
        for name, walls, cpus in (("engine", engine, engine_cpu), ("sweep", swept, swept_cpu)):
            print(f"{name:<8} {min(walls):>8.3f} {statistics.median(walls):>9.3f} "
                  f"{min(cpus):>11.3f}  {', '.join(f'{x:.3f}' for x in walls)}")
        met = "met" if record["met"] else "MISSED"
        print(f"overhead: {record['overhead_pct']:+.1f} % (best wall times; target <= 15 %: "
              f"{met}), {record['overhead_paired_median_pct']:+.1f} % (median of paired "
              f"ratios), {record['overhead_cpu_pct']:+.1f} % (best CPU times)")
        print()
    print(json.dumps(record))

if __name__ == "__main__":
    main()
