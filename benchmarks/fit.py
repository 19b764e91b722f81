"""Benchmark: wall time of the 3-parameter SMM fit of docs/estimation.md, per backend.

The fit of ``docs/estimation-targets.toml`` (rotation_hazard, novelty_decay,
innovation_cost; 50 jurisdictions, 120 rounds, one recognition a round) runs
once per backend, each into a fresh folder, after a warm-up that loads (or
compiles) the numba kernels in this process:

- ``serial``: this process, numba's threads (every core) inside each point;
- ``local``: two spawned processes of one numba thread each;
- ``dask``: a two-worker ``dask.distributed.LocalCluster`` of single-threaded
  processes (its start-up is inside the timing).

The start-up of worker processes (imports, loading the compiled kernels) is
part of the ``local`` and ``dask`` times, as it is for a user. The estimates
must be identical on every backend (the benchmark fails otherwise). The
goal is under 10 minutes on the development machine (2 cores).

Usage::

    python benchmarks/fit.py                       # table, then one JSON line
    python benchmarks/fit.py --json                # the JSON line alone
    python benchmarks/fit.py --backends serial --quick
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from _common import hardware, table

import tournament
from tournament.fit import Targets, fit_smm

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ROOT / "docs" / "estimation-targets.toml"
PARAMS = ["rotation_hazard", "novelty_decay", "innovation_cost"]
GOAL_S = 600.0


def example_config(quick: bool) -> tournament.Config:
    if quick:
        return tournament.Config(n_jurisdictions=20, n_rounds=60, burn_in=10,
                                 recognized_per_round=1)
    return tournament.Config(n_jurisdictions=50, n_rounds=120, recognized_per_round=1)


def run(backend: str, config: tournament.Config, replicates: int, seed: int):
    folder = Path(tempfile.mkdtemp(prefix=f"fit-{backend}-"))
    try:
        kwargs = {"workers": 2} if backend in ("local", "dask") else {}
        wall, cpu = time.perf_counter(), time.process_time()
        res = fit_smm(Targets.load(TARGETS), PARAMS, config=config, replicates=replicates,
                      seed=seed, backend=backend, out=folder / "fit", progress=False,
                      figures=False, **kwargs)
        return res, time.perf_counter() - wall, time.process_time() - cpu
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="serial,local,dask")
    parser.add_argument("--replicates", type=int, default=50,
                        help="replicates per point of the search (the Jacobian uses 4x)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="a small model (checks the script)")
    parser.add_argument("--json", action="store_true", help="print the JSON line alone")
    args = parser.parse_args()

    config = example_config(args.quick)
    warm = time.perf_counter()
    tournament.simulate(config, replicates=2, seed=0)
    warm = time.perf_counter() - warm
    rows, runs, reference = [], {}, None
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        res, wall, cpu = run(backend, config, args.replicates, args.seed)
        estimate = res.estimate.to_dict()
        if reference is None:
            reference = estimate
        elif estimate != reference:
            raise SystemExit(f"the {backend} estimate {estimate} differs from {reference}")
        runs[backend] = {"wall_s": round(wall, 2), "driver_cpu_s": round(cpu, 2),
                         "points": res.evaluations["simulated"], "describe": res.backend}
        rows.append([backend, res.backend, res.evaluations["simulated"], wall, cpu])
    record = {
        "benchmark": "fit", "method": "smm", "params": PARAMS, "targets": str(TARGETS.name),
        "config": repr(config), "replicates": args.replicates,
        "jacobian_replicates": 4 * args.replicates, "seed": args.seed,
        "warmup_s": round(warm, 2), "runs": runs, "estimate": reference,
        "goal_s": GOAL_S, "met": all(r["wall_s"] <= GOAL_S for r in runs.values()),
        "identical_estimates": True, "hardware": hardware(),
    }
    if not args.json:
        print(f"SMM fit of docs/estimation.md: {len(PARAMS)} parameters, "
              f"{config!r}, {args.replicates} replicates a point ({4 * args.replicates} for the "
              f"Jacobian); hardware: {record['hardware']}")
        print(f"warm-up (kernel load/compile): {warm:.2f} s")
        print(table(rows, ["backend", "where", "points", "wall s", "driver CPU s"]))
        print(f"estimates identical on every backend: {reference}")
        print(f"goal: under {GOAL_S / 60:.0f} minutes: {'met' if record['met'] else 'MISSED'}")
        print()
    print(json.dumps(record))


if __name__ == "__main__":
    main()
