"""Benchmark: a sweep's peak memory does not grow with the number of replicates.

Each size runs in a fresh Python process: a serial sweep of a two-point grid
(``novelty_decay`` 0.1 and 0.3, n_jurisdictions=10, n_rounds=30, default
chunk size) with ``R / 2`` replicates per point, into a temporary folder. The
child's peak resident set size is read from ``os.wait4`` (``ru_maxrss`` of
that child alone). A ``baseline`` child imports the same modules and runs two
replicates without a sweep: the fixed cost of Python, numpy, pandas,
pyarrow and the numba kernels.

Usage::

    python benchmarks/sweep_memory.py                   # table, then one JSON line
    python benchmarks/sweep_memory.py --json            # the JSON line alone
    python benchmarks/sweep_memory.py --sizes 1000,10000,100000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from _common import hardware

CHILD = """
import sys, tempfile, os
import pyarrow, pandas
import tournament
from tournament.study import Design, sweep
total = int(sys.argv[1])
base = tournament.Config(n_jurisdictions=10, n_rounds=30, burn_in=5)
if total == 0:
    tournament.simulate(base, replicates=2, seed=0)
else:
    design = Design.grid({"novelty_decay": [0.1, 0.3]}, replicates=total // 2, seed=3, base=base)
    with tempfile.TemporaryDirectory() as tmp:
        res = sweep(design, os.path.join(tmp, "study"), backend="serial", progress=False)
        print(res.chunk_size, res.units_run)
"""


def measure(total: int) -> dict:
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(total)], stdout=subprocess.PIPE,
                             text=True)
    out = child.stdout.read()
    child.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"child for {total} replicates failed with {child.returncode}")
    chunk, units = (int(x) for x in out.split()) if total else (None, None)
    return {"replicates": total, "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
            "chunk_size": chunk, "units": units,
            "seconds": round(time.perf_counter() - start, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="total replicates per run, comma-separated (default 1000,10000)")
    parser.add_argument("--json", action="store_true", help="print the JSON line alone")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = [measure(0)] + [measure(n) for n in sizes]
    runs = rows[1:]
    ratio = runs[-1]["peak_rss_mib"] / runs[0]["peak_rss_mib"]
    record = {"benchmark": "sweep_memory", "runs": rows, "ratio_largest_to_smallest":
              round(ratio, 3), "target": 1.3, "met": ratio <= 1.3, "hardware": hardware()}
    if not args.json:
        print(f"sweep peak RSS, serial backend, 2-point grid, n_jurisdictions=10, n_rounds=30; "
              f"hardware: {record['hardware']}")
        print(f"{'replicates':>10} {'chunk':>6} {'units':>6} {'peak RSS MiB':>13} "
              f"{'above baseline':>15} {'wall s':>7}")
        for row in rows:
            label = "baseline" if row["replicates"] == 0 else str(row["replicates"])
            extra = row["peak_rss_mib"] - rows[0]["peak_rss_mib"]
            print(f"{label:>10} {row['chunk_size'] or '-':>6} {row['units'] or '-':>6} "
                  f"{row['peak_rss_mib']:>13.1f} {extra:>15.1f} {row['seconds']:>7.1f}")
        print(f"ratio {runs[-1]['replicates']} / {runs[0]['replicates']} replicates: "
              f"{ratio:.3f} (target <= 1.3: {'met' if ratio <= 1.3 else 'MISSED'})")
        print()
    print(json.dumps(record))

if __name__ == "__main__":
    main()
