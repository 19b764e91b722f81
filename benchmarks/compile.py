"""Compile time of the compiled engine: cold (empty cache) and warm (cached).

Each measurement runs in a fresh interpreter with its own ``NUMBA_CACHE_DIR``:

* **cold** — empty cache: ``import tournament`` plus the first
  ``simulate(Config(), replicates=8)``, which compiles every kernel;
* **warm** — the same command again on the cache the cold run filled: import
  plus first run, as a user sees it in every session after the first.

    python benchmarks/compile.py [--repeat 3] [--json]

Targets (issue 6): cold <= 20 s, warm <= 2 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

from _common import emit, machine, summarize, table

PROBE = """
import json, time
t0 = time.perf_counter(); c0 = time.process_time()
import tournament
t1 = time.perf_counter()
tournament.simulate(tournament.Config(), replicates=8, seed=1)
t2 = time.perf_counter(); c2 = time.process_time()
print(json.dumps({"import_s": t1 - t0, "first_run_s": t2 - t1, "total_s": t2 - t0,
                  "cpu_s": c2 - c0}))
"""


def _probe(cache: str) -> dict[str, float]:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="cold/warm pairs to run")
    ap.add_argument("--json", action="store_true", help="print one JSON line per measurement")
    a = ap.parse_args(argv)
    cold, warm = [], []
    for i in range(a.repeat):
        with tempfile.TemporaryDirectory(prefix="tournament-numba-") as cache:
            c = _probe(cache)
            w = _probe(cache)
        cold.append(c)
        warm.append(w)
        emit({"bench": "compile", "kind": "cold", "repeat": i, **c}, a.json)
        emit({"bench": "compile", "kind": "warm", "repeat": i, **w}, a.json)
    rows = []
    for kind, runs, target in (("cold", cold, 20.0), ("warm", warm, 2.0)):
        s = summarize([r["total_s"] for r in runs])
        rows.append([kind, s["best_s"], s["median_s"], min(r["import_s"] for r in runs),
                     min(r["cpu_s"] for r in runs), target,
                     "yes" if s["median_s"] <= target else "no"])
        emit({"bench": "compile", "kind": kind, "summary": True, "target_s": target, **s},
             a.json)
    m = machine()
    print(f"\ncompile time, {m['cpu']}, {m['cores']} cores, numba {m['numba']}")
    print(table(rows, ["cache", "best s", "median s", "import s", "cpu s", "target s",
                       "met (median)"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
