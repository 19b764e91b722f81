"""Benchmark: compiled (numba) support enumeration against a plain NumPy version.

Random square games with standard-normal payoffs, 4 to 10 actions per player
(one fixed game per size, from ``--seed``). Each implementation runs on the
same game ``--repeats`` times; best and median wall times are reported. The
numba kernel's first call (compilation, or loading numba's on-disk cache) is
timed separately and excluded from the repeats.

Implementations:

- ``numba``: :func:`tournament.equilibrium.support_enumeration` with
  ``check_degeneracy=False`` (validation, rescaling, compiled enumeration,
  framing of the result);
- ``kernel``: the compiled kernel alone on prepared arrays (what the public
  layer adds is validation and a regret check of every equilibrium found);
- ``numba+check``: the public function with the full degeneracy witness search;
- ``numpy``: :func:`tournament.equilibrium._support_enum_numpy.support_enumeration_numpy`
  (``itertools.combinations`` and ``numpy.linalg.solve``).

Usage::

    python benchmarks/support_enumeration.py            # table
    python benchmarks/support_enumeration.py --json     # one JSON line per measurement
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time

import numba
import numpy as np
from _common import hardware

from tournament.equilibrium import NormalFormGame, support_enumeration
from tournament.equilibrium._support_enum_kernels import support_enumeration_kernel
from tournament.equilibrium._support_enum_numpy import support_enumeration_numpy


def game_of_size(n: int, seed: int) -> NormalFormGame:
    rng = np.random.default_rng([seed, n])
    return NormalFormGame.from_bimatrix(rng.standard_normal((n, n)), rng.standard_normal((n, n)))


def kernel_call(a: np.ndarray, bt: np.ndarray) -> list[int]:
    out_x, out_y = np.zeros((64, a.shape[0])), np.zeros((64, a.shape[1]))
    info = np.zeros(3, dtype=np.int64)
    found = support_enumeration_kernel(a, bt, 1e-10, out_x, out_y, info)
    return list(range(found))


def time_it(fn, repeats: int) -> tuple[list[float], object]:
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return times, out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(range(4, 11)))
    parser.add_argument("--repeats", type=int, default=5, help="repeats of the numba runs")
    parser.add_argument("--numpy-repeats", type=int, default=3, help="repeats of the NumPy runs")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--json", action="store_true", help="one JSON line per measurement")
    args = parser.parse_args(argv)

    hw = hardware()
    t0 = time.perf_counter()
    support_enumeration(game_of_size(3, args.seed), check_degeneracy=True)
    first_call = time.perf_counter() - t0
    rows = []
    meta = {"hardware": hw, "numba": numba.__version__, "numpy": np.__version__}
    if args.json:
        print(json.dumps({"benchmark": "support_enumeration", "impl": "numba",
                          "measure": "first_call_s", "value": first_call, **meta}))
    for n in args.sizes:
        game = game_of_size(n, args.seed)
        scale = float(np.abs(game.payoffs).max())
        a, b = game.payoffs[..., 0] / scale, game.payoffs[..., 1] / scale
        bt = np.ascontiguousarray(b.T)
        runs = {
            "numba": (lambda g=game: support_enumeration(g, check_degeneracy=False),
                      args.repeats),
            "kernel": (lambda a=a, bt=bt: kernel_call(a, bt), args.repeats),
            "numba+check": (lambda g=game: support_enumeration(g), args.repeats),
            "numpy": (lambda a=a, b=b: support_enumeration_numpy(a, b), args.numpy_repeats),
        }
        found = {}
        for impl, (fn, repeats) in runs.items():
            times, out = time_it(fn, repeats)
            found[impl] = len(out)
            record = {
                "benchmark": "support_enumeration",
                "impl": impl,
                "n_actions": n,
                "support_pairs": math.comb(2 * n, n) - 1,
                "n_equilibria": len(out),
                "repeats": repeats,
                "best_s": min(times),
                "median_s": statistics.median(times),
                **meta,
            }
            rows.append(record)
            if args.json:
                print(json.dumps(record))
        if len(set(found.values())) != 1:
            raise SystemExit(f"implementations disagree on the {n}x{n} game: {found}")
    if args.json:
        return
    print(f"support enumeration, random n x n games (seed {args.seed})")
    print(f"hardware: {hw}; numba {numba.__version__}, numpy {np.__version__}")
    print(f"numba first call (compile or cache load): {first_call:.3f} s\n")
    head = (f"{'n':>3} {'pairs':>7} {'eq':>3} | {'numba best':>11} {'median':>9} | "
            f"{'kernel best':>11} | {'+check best':>11} | {'numpy best':>10} {'median':>9} | "
            f"{'speed-up':>8}")
    print(head)
    print("-" * len(head))
    by = {(r["impl"], r["n_actions"]): r for r in rows}
    for n in args.sizes:
        nb, ck, npy = by["numba", n], by["numba+check", n], by["numpy", n]
        kn = by["kernel", n]
        print(
            f"{n:>3} {nb['support_pairs']:>7} {nb['n_equilibria']:>3} | "
            f"{nb['best_s'] * 1e3:>9.2f}ms {nb['median_s'] * 1e3:>7.2f}ms | "
            f"{kn['best_s'] * 1e3:>9.2f}ms | "
            f"{ck['best_s'] * 1e3:>9.2f}ms | "
            f"{npy['best_s']:>9.3f}s {npy['median_s']:>8.3f}s | "
            f"{npy['best_s'] / nb['best_s']:>7.0f}x"
        )


if __name__ == "__main__":
    main()
