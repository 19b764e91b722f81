"""Compile time of the compiled engine: cold (empty cache) and warm (cached).

Each measurement runs in a fresh interpreter with its own ``NUMBA_CACHE_DIR``:

* **cold** — empty cache: ``import tournament`` plus the first
  ``simulate(Config(), replicates=8)``, which compiles every kernel;
* **warm** — the same command again on the cache the cold run filled: import
  plus first run, as a user sees it in every session after the first.

    python benchmarks/compile.py [--repeat 3] [--json]
    python benchmarks/compile.py --breakdown   # where a cold compile spends its time

``--breakdown`` runs one cold probe with a listener on numba's compile events
and prints each compiled function's own time (its compile time less that of
the functions it compiled in turn), grouped: the package's kernels by name,
numba's implementations of the generator's samplers, of array constructors
and of other built-ins.

Targets of the project: cold <= 12 s, warm <= 2 s on a 2-core machine.
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


BREAKDOWN = """
import json, time
from numba.core import event

class Own(event.Listener):
    def __init__(self):
        self.stack, self.times = [], []
    def on_start(self, ev):
        self.stack.append([time.perf_counter(), 0.0])
    def on_end(self, ev):
        start, children = self.stack.pop()
        took = time.perf_counter() - start
        if self.stack:
            self.stack[-1][1] += took
        fn = getattr(ev.data.get("dispatcher"), "py_func", None)
        name = f"{fn.__module__}.{fn.__qualname__}" if fn else "?"
        self.times.append((name, took - children))

own = Own()
event.register("numba:compile", own)
t0 = time.perf_counter()
import tournament
tournament.simulate(tournament.Config(), replicates=8, seed=1)
print(json.dumps({"total_s": time.perf_counter() - t0, "own": own.times}))
"""


def _probe(cache: str, code: str = PROBE) -> dict:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache)
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _group(name: str) -> str:
    """Group a compiled function: the package's kernels by name, numba's by kind."""
    if name.startswith("tournament."):
        return name.rsplit(".", 1)[-1]
    if "random" in name.lower():
        return "numba: generator samplers"
    if any(key in name for key in ("np_empty", "np_zeros", "np_full", "zero_fill",
                                   "array_allocate")):
        return "numba: array constructors"
    return "numba: other built-ins"


def breakdown(as_json: bool) -> None:
    """One cold probe: each compiled function's own compile time, grouped."""
    with tempfile.TemporaryDirectory(prefix="tournament-numba-") as cache:
        res = _probe(cache, BREAKDOWN)
    groups: dict[str, list[float]] = {}
    for name, own in res["own"]:
        groups.setdefault(_group(name), []).append(own)
    compiled = sum(sum(v) for v in groups.values())
    rows = sorted(([g, len(v), sum(v)] for g, v in groups.items()), key=lambda r: -r[2])
    for g, count, own in rows:
        emit({"bench": "compile_breakdown", "group": g, "compilations": count, "own_s": own},
             as_json)
    rows.append(["(not compiling: imports, the run itself)", "", res["total_s"] - compiled])
    m = machine()
    print(f"\ncold compile by function, {m['cpu']}, {m['cores']} cores, numba {m['numba']}: "
          f"{res['total_s']:.1f} s in all, {compiled:.1f} s compiling")
    print(table(rows, ["function or group", "compilations", "own s"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="cold/warm pairs to run")
    ap.add_argument("--json", action="store_true", help="print one JSON line per measurement")
    ap.add_argument("--breakdown", action="store_true",
                    help="one cold probe: compile time of each function, grouped")
    a = ap.parse_args(argv)
    if a.repeat < 1:
        ap.error(f"--repeat must be >= 1, got {a.repeat}")
    if a.breakdown:
        breakdown(a.json)
        return 0
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
    for kind, runs, target in (("cold", cold, 12.0), ("warm", warm, 2.0)):
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
