"""Subcommands ``report`` and ``figures`` of the ``tournament`` command."""

from __future__ import annotations

import argparse
from pathlib import Path

from .._deps import require
from .._errors import ParameterError
from .._io import check_output_path

__all__ = ["register", "cmd_report", "cmd_figures"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``report`` and ``figures`` to the ``tournament`` parser."""
    report = subparsers.add_parser(
        "report", help="figures and a one-page HTML report of a saved run",
        description="RESULTS is the summary file written by `tournament run --out X.parquet "
                    "--record rounds,events,panel` (or a folder holding it).")
    report.add_argument("results", metavar="RESULTS",
                        help="a saved run (X.parquet, X.csv or X.run.json, or a folder "
                             "holding one) or a study folder")
    report.add_argument("--out", required=True, metavar="DIR",
                        help="output folder (created if needed)")
    report.add_argument("--burn-in", type=int, default=None,
                        help="override the burn-in (default: the run's own)")
    report.set_defaults(func=cmd_report)

    figures = subparsers.add_parser(
        "figures", help="regenerate the README figures (docs/figures)",
        description="Simulate the default configuration with fixed seeds and draw the figures "
                    "the README shows.")
    figures.add_argument("--out", default="docs/figures", metavar="DIR",
                         help="output folder (default docs/figures)")
    figures.add_argument("--replicates", type=int, default=100,
                         help="replicates of the default configuration (default 100)")
    figures.add_argument("--sweep-replicates", type=int, default=20,
                         help="replicates per cell of the sweep heatmap (default 20)")
    figures.add_argument("--seed", type=int, default=0, help="master seed (default 0)")
    figures.set_defaults(func=cmd_figures)


def cmd_report(args: argparse.Namespace) -> int:
    """``tournament report``."""
    # deferred: the report loads the engine (numba) and analysis only when the command
    # runs, so that building the parser (`tournament --help`) stays fast
    from .report import write_report

    require("report", "matplotlib")
    check_output_path(args.out, "--out", parents=True, folder=True)
    path = write_report(args.results, args.out, burn_in=args.burn_in)
    count = len(list(path.parent.glob("*.png")))
    print(f"wrote {path} and {count} figures")
    if count == 0:
        print("no figures: the run saved only its summary table; save it with `tournament run "
              "--record rounds,events,panel --out ...` to get every figure")
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    """``tournament figures``."""
    from .report import readme_figures  # deferred: see cmd_report

    if args.replicates < 1 or args.sweep_replicates < 1:
        raise ParameterError("--replicates and --sweep-replicates must be >= 1")
    require("figures", "matplotlib")
    check_output_path(args.out, "--out", parents=True, folder=True)
    for path in readme_figures(Path(args.out), replicates=args.replicates, seed=args.seed,
                               sweep_replicates=args.sweep_replicates):
        print(f"wrote {path}")
    return 0
