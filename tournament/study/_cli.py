"""The ``tournament sweep`` and ``tournament sensitivity`` commands."""

from __future__ import annotations

import argparse
import sys

from .._cli_common import add_config_args, load_config
from .._errors import ParameterError
from .._io import check_output_path
from ..engine.records import HEADLINE, SUMMARY_COLUMNS
from .design import Design
from .indices import sensitivity
from .reader import aggregate, format_aggregate
from .runner import sweep
from .store import Store

__all__ = ["register", "cmd_sweep", "cmd_sensitivity"]

_SWEEP_HELP = """\
Run a parameter study: every point of a design, R replicates each, streamed
chunk by chunk to a Parquet dataset in --out (one folder per point) with a
manifest, so an interrupted sweep continues with --resume. Results depend
only on the design, the seed and the replicate count: not on the backend,
the workers or the chunk size.

--param forms: NAME=lo:hi:n (n evenly spaced grid levels), NAME=v1,v2,...
(grid levels, also for choice parameters), NAME=[[...],[...]] (TOML array,
e.g. elite_mix levels), NAME=lo:hi (bounds of a random, lhs or sobol
design; integer parameters are rounded).

examples:
  tournament sweep --param novelty_decay=0.05:0.3:3 --param rotation_hazard=0.1,0.2 \\
      --replicates 1200 --seed 1 --set n_rounds=60 --out out/decay --aggregate
  tournament sweep --design sobol --points 64 --param novelty_decay=0:0.5 \\
      --param rotation_hazard=0:0.5 --replicates 50 --backend local --out out/sobol
  tournament sweep --resume --out out/decay          # continue an interrupted sweep
  tournament sweep ... --backend dask --scheduler tcp://10.0.0.5:8786
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``sweep`` and ``sensitivity`` to the ``tournament`` command."""
    p = subparsers.add_parser(
        "sweep", help="run a parameter study into a resumable Parquet dataset",
        description=_SWEEP_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--param", action="append", default=[], metavar="NAME=SPEC",
                   help="a swept parameter (repeatable); see the forms above")
    p.add_argument("--design", choices=("grid", "random", "lhs", "sobol"), default="grid",
                   help="kind of design (default grid)")
    p.add_argument("--points", type=int, default=None,
                   help="points of a random or lhs design; Saltelli's base sample N (a power "
                        "of two) of a sobol design, which then has N(D+2) points")
    p.add_argument("--second-order", action="store_true",
                   help="sobol design with N(2D+2) points (second-order indices)")
    p.add_argument("--replicates", type=int, default=None, help="replicates per point")
    p.add_argument("--seed", type=int, default=0, help="master seed (default 0)")
    p.add_argument("--sample-seed", type=int, default=None,
                   help="seed of a continuous design's sampler (default: --seed)")
    p.add_argument("--common-random-numbers", action="store_true",
                   help="every point uses the master seed (default: an independent seed "
                        "per point, derived from the master seed)")
    add_config_args(p)
    p.add_argument("--out", required=True, metavar="DIR", help="the study folder")
    p.add_argument("--backend", choices=("serial", "local", "dask"), default="serial",
                   help="where units run (default serial)")
    p.add_argument("--workers", type=int, default=None,
                   help="processes of the local backend or of a local Dask cluster "
                        "(default: every core)")
    p.add_argument("--threads", type=int, default=None,
                   help="numba threads per unit (default: cores / workers)")
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                   help="a running Dask scheduler (dask backend; default: a local cluster)")
    p.add_argument("--chunk-size", type=int, default=None,
                   help="replicates per unit (default: up to 1000, split evenly)")
    p.add_argument("--resume", action="store_true",
                   help="continue the study in --out (alone: its saved design; with a design: "
                        "which must match it)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--aggregate", action="store_true",
                   help="print mean and 95%% interval per point when done")
    p.add_argument("--statistics", default=None, metavar="NAMES",
                   help="statistics --aggregate prints, comma-separated (default: the headline "
                        "statistics)")
    p.set_defaults(func=cmd_sweep)

    s = subparsers.add_parser(
        "sensitivity", help="Sobol' indices of a finished sobol-design study",
        description="First-order (S1) and total (ST) Sobol' indices (SALib) of summary "
                    "statistics, averaged over each point's replicates, over the swept "
                    "parameters. Needs a study made with `tournament sweep --design sobol`.")
    s.add_argument("dataset", metavar="DATASET", help="the study folder")
    s.add_argument("--outputs", required=True, metavar="NAMES",
                   help="summary statistics, comma-separated, e.g. "
                        "lifetime_median,leader_spell_mean")
    s.add_argument("--resamples", type=int, default=100,
                   help="bootstrap resamples of the confidence intervals (default 100)")
    s.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    s.set_defaults(func=cmd_sensitivity)


def _names(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [t.strip() for t in text.split(",") if t.strip()]


def _design(args: argparse.Namespace):
    """The design the arguments describe, or None for a bare ``--resume``."""
    if not args.param:
        if args.resume:
            return None
        raise ParameterError("a sweep needs at least one --param NAME=SPEC (or --resume "
                             "--out DIR to continue a study)")
    if args.replicates is None:
        raise ParameterError("a sweep needs --replicates R (replicates per design point)")
    return Design.from_specs(
        args.design, args.param, replicates=args.replicates, seed=args.seed,
        base=load_config(args.config, args.set), points=args.points,
        seeding="common" if args.common_random_numbers else "independent",
        sample_seed=args.sample_seed, second_order=args.second_order)


def cmd_sweep(args: argparse.Namespace) -> int:
    """``tournament sweep``."""
    statistics = _names(args.statistics) or list(HEADLINE)
    unknown = [name for name in statistics if name not in SUMMARY_COLUMNS]
    if unknown:
        raise ParameterError(f"--statistics: unknown statistic(s) {unknown}; choose from "
                             f"{', '.join(SUMMARY_COLUMNS)}")
    design = _design(args)
    check_output_path(args.out, "--out", parents=True, folder=True)
    if design is not None:
        print(f"sweep: {design.describe()}", flush=True)
    try:
        result = sweep(design, args.out, backend=args.backend, workers=args.workers,
                       scheduler=args.scheduler, threads=args.threads,
                       chunk_size=args.chunk_size, resume=args.resume,
                       progress=not args.quiet and sys.stderr.isatty())
    except KeyboardInterrupt:
        print(f"\ninterrupted: the finished units are saved; continue with\n"
              f"  tournament sweep --resume --out {args.out}", file=sys.stderr)
        return 130
    if design is None:
        print(f"sweep: resumed {result.design.describe()}")
    done = result.units_total - result.units_run
    print(f"{result.units_run} of {result.units_total} units ({result.replicates_run} "
          f"replicates, chunks of {result.chunk_size}) ran in {result.seconds:.1f} s on "
          f"{result.backend}" + (f" at {result.rate:.0f} replicates/s" if result.units_run
                                 else "") + (f"; {done} were already done" if done else ""))
    print(f"dataset: {result.path} (pandas.read_parquet({str(result.path)!r}), "
          f"or tournament.study.load)")
    if args.aggregate:
        print()
        print(format_aggregate(aggregate(result.path, statistics), statistics), end="")
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """``tournament sensitivity``."""
    outputs = _names(args.outputs) or []
    table = sensitivity(args.dataset, outputs, num_resamples=args.resamples, seed=args.seed)
    design = Store(args.dataset).read_design()
    print(f"Sobol' indices (SALib, {args.resamples} bootstrap resamples, 95% intervals) of "
          f"the mean over {design.replicates} replicates per point; {design.describe()}")
    for output in outputs:
        print(f"\n{output}")
        print(f"{'parameter':<24} {'S1':>8} {'± conf':>8} {'ST':>8} {'± conf':>8}")
        for name, row in table.xs(output, level="output").iterrows():
            print(f"{name:<24} {row.S1:>8.3f} {row.S1_conf:>8.3f} {row.ST:>8.3f} "
                  f"{row.ST_conf:>8.3f}")
    return 0
