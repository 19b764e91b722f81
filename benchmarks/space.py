"""Throughput of the compiled engine on a neighbour graph, against the complete topology.

The spatial layer (docs/specification.md section 12) adds neighbour actions:
on a graph every elite also weighs ``learn(d)`` for each domain in which a
neighbour runs a recognised project, and building a small world costs a pass
over the ring's edges per replicate. This measures what that costs.

* **Target point**: the one of ``benchmarks/throughput.py`` (N = 1000, D = 8,
  8 replicates, all threads, about ``--work`` agent-rounds per run), once on
  the complete topology (the layer off) and once on a small world of degree
  4 (``rewire_prob`` 0.1, ``learning_rate`` 1, the defaults); the ratio of
  their agent-rounds per second is the headline (goal >= 0.7).
  ``--more`` adds a ring, a grid and a small world with cooperation on.
  Runs of the configurations compared alternate within each repeat, so a
  change in the machine's load touches all of them alike; the best run of
  each is reported.
* **Scaling in N**: time per agent-round on both topologies at N = 100 …
  10,000 (1 thread, fixed work per measurement); with a graph of fixed degree
  the cost per agent-round should stay flat (time linear in N): the log-log
  slope of time per round against N is printed for each topology.

    python benchmarks/space.py                  # target point and scaling
    python benchmarks/space.py --quick --json   # the target point only, JSON lines
"""

from __future__ import annotations

import argparse
import math

import numba
import numpy as np
from _common import emit, machine, summarize, table
from throughput import engine_config, rounds_for, time_engine

TOPOLOGIES = {
    "complete": {},
    "small_world": {"topology": "small_world", "degree": 4},
}
MORE = {
    "ring": {"topology": "ring", "degree": 4},
    "grid": {"topology": "grid"},
    "small_world + cooperation": {"topology": "small_world", "degree": 4, "cooperation": "on",
                                  "n_regions": 50},
}
SCALING_N = (100, 300, 1000, 3000, 10000)


def _grid_n(n: int) -> int:
    """``n`` rounded to a square (a torus of at least 3 x 3)."""
    side = max(3, int(round(math.sqrt(n))))
    return side * side


def _setup(changes: dict, n: int, d: int, reps: int, work: float):
    if changes.get("topology") == "grid":
        n = _grid_n(n)
    t = rounds_for(n, reps, work)
    return n, t, engine_config(n, d, t, **changes)


def measure(configs: dict[str, dict], n: int, d: int, reps: int, threads: int, work: float,
            repeat: int, as_json: bool) -> dict[str, dict]:
    """Time every configuration, interleaved (one run of each per repeat, so that a change
    in the machine's load touches all alike); emit and return their records."""
    setups = {label: _setup(changes, n, d, reps, work) for label, changes in configs.items()}
    times: dict[str, list[float]] = {label: [] for label in configs}
    for _ in range(repeat):
        for label, (_, _, cfg) in setups.items():
            times[label] += time_engine(cfg, reps, threads, 1)
    out = {}
    for label, (n_used, t, _) in setups.items():
        stats = summarize(times[label])
        agent_rounds = n_used * t * reps
        rec = {"bench": "space", "topology": label, "n": n_used, "d": d, "replicates": reps,
               "threads": threads, "rounds": t,
               "agent_rounds_per_s": agent_rounds / stats["best_s"],
               "agent_rounds_per_s_median": agent_rounds / stats["median_s"],
               "ns_per_agent_round": 1e9 * stats["best_s"] / agent_rounds, **stats}
        emit(rec, as_json)
        out[label] = rec
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only the target point")
    ap.add_argument("--more", action="store_true",
                    help="also a ring, a grid and a small world with cooperation on")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement")
    ap.add_argument("--work", type=float, default=4e6,
                    help="agent-rounds per measurement (sets the rounds)")
    ap.add_argument("--json", action="store_true", help="one JSON line per measurement")
    a = ap.parse_args(argv)
    threads = numba.config.NUMBA_NUM_THREADS
    for changes in {**TOPOLOGIES, **MORE}.values():  # compile outside the timings
        time_engine(engine_config(100, 2, 3, **changes), 2, threads, 1)

    targets = {**TOPOLOGIES, **(MORE if a.more else {})}
    recs = measure(targets, 1000, 8, 8, threads, a.work, a.repeat, a.json)
    base = recs["complete"]["agent_rounds_per_s"]
    ratio = recs["small_world"]["agent_rounds_per_s"] / base
    emit({"bench": "space", "what": "ratio", "n": 1000, "d": 8, "replicates": 8,
          "threads": threads, "ratio_small_world_to_complete": ratio, "goal": 0.7}, a.json)

    scaling = []
    if not a.quick:
        for n in SCALING_N:
            scaling += list(measure(TOPOLOGIES, n, 8, 1, 1, a.work / 4, a.repeat,
                                    a.json).values())

    m = machine()
    print(f"\nspace: throughput of the compiled engine by topology, {m['cpu']}, "
          f"{m['cores']} cores, numba {m['numba']}, {a.repeat} repeats (best)")
    print(table([[r["topology"], r["n"], r["d"], r["replicates"], r["threads"], r["rounds"],
                  r["agent_rounds_per_s"], r["agent_rounds_per_s"] / base]
                 for r in recs.values()],
                ["topology", "N", "D", "R", "threads", "T", "agent-rounds/s", "x complete"]))
    print(f"target point N=1000, D=8, R=8, {threads} threads: small world (degree 4) at "
          f"{ratio:.2f} x the complete topology (goal >= 0.7: "
          f"{'met' if ratio >= 0.7 else 'missed'})")
    if scaling:
        print("\nscaling in N (1 thread, 1 replicate per run): ns per agent-round (best)")
        rows = []
        for n in SCALING_N:
            row = [n]
            for label in TOPOLOGIES:
                rec = next(r for r in scaling if r["topology"] == label and r["n"] == n)
                row.append(rec["ns_per_agent_round"])
            rows.append(row)
        print(table(rows, ["N", *(f"{label} ns" for label in TOPOLOGIES)]))
        for label in TOPOLOGIES:
            part = [r for r in scaling if r["topology"] == label]
            x = np.log([r["n"] for r in part])
            y = np.log([r["ns_per_agent_round"] * r["n"] for r in part])  # time per round
            slope = float(np.polyfit(x, y, 1)[0])
            emit({"bench": "space", "what": "scaling", "topology": label,
                  "loglog_slope_time_per_round": slope}, a.json)
            print(f"{label}: log-log slope of time per round against N = {slope:.2f} "
                  "(1 = linear)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
