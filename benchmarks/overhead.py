"""Time ``simulate`` spends outside the kernel on small runs.

Users run 10^5 small replicates (``N = 100``, ``T = 40``), where the work
around the kernel (validation, seeding, allocation, framing the summary with
pandas) can cost as much as the simulation itself. This benchmark times
``simulate(Config(n_jurisdictions=100, n_rounds=40), replicates=1)`` end to
end and the replicate kernel inside it (the driver's call of
``run_replicate`` wrapped in a timer), and reports the difference.

Target of the project: at most 1 ms outside the kernel per call.

    python benchmarks/overhead.py            # table
    python benchmarks/overhead.py --json     # plus one JSON line per measurement
"""

from __future__ import annotations

import argparse
import statistics
import time

from _common import emit, machine, table


def measure(n: int, t: int, replicates: int, calls: int) -> dict[str, float]:
    """Median wall time of ``simulate`` and of the kernel inside it, in milliseconds."""
    import tournament
    from tournament.engine import driver, kernels

    cfg = tournament.Config(n_jurisdictions=n, n_rounds=t, burn_in=min(20, t // 2))
    kernel = kernels.run_replicate
    spent: list[float] = []

    def timed(*args):
        t0 = time.perf_counter()
        out = kernel(*args)
        spent.append(time.perf_counter() - t0)
        return out

    owner = driver if hasattr(driver, "run_replicate") else kernels
    owner.run_replicate = timed
    try:
        tournament.simulate(cfg, replicates=replicates, threads=1)  # compile, warm up
        total, inside = [], []
        for i in range(calls):
            spent.clear()
            t0 = time.perf_counter()
            tournament.simulate(cfg, replicates=replicates, seed=i, threads=1)
            total.append(time.perf_counter() - t0)
            inside.append(sum(spent))
    finally:
        owner.run_replicate = kernel
    outside = [a - b for a, b in zip(total, inside, strict=True)]
    return {"total_ms": 1e3 * statistics.median(total),
            "kernel_ms": 1e3 * statistics.median(inside),
            "outside_ms": 1e3 * statistics.median(outside),
            "outside_best_ms": 1e3 * min(outside)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=200, help="timed calls per size")
    ap.add_argument("--json", action="store_true", help="one JSON line per measurement")
    a = ap.parse_args(argv)
    rows = []
    for n, t, reps in ((100, 40, 1), (100, 40, 10), (20, 20, 1)):
        rec = measure(n, t, reps, a.calls)
        emit({"bench": "overhead", "n": n, "rounds": t, "replicates": reps, **rec}, a.json)
        rows.append([n, t, reps, rec["total_ms"], rec["kernel_ms"], rec["outside_ms"],
                     rec["outside_best_ms"]])
    m = machine()
    print(f"\nsimulate() on 1 thread, median of {a.calls} calls, {m['cpu']}")
    print(table(rows, ["N", "T", "R", "total ms", "kernel ms", "outside ms", "outside best"]))
    target = rows[0][5]
    print(f"\noutside the kernel at N=100, T=40, 1 replicate: {target:.2f} ms "
          f"(target <= 1 ms: {'met' if target <= 1.0 else 'missed'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
