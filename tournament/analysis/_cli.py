"""Subcommands ``facts``, ``compare``, ``report`` and ``figures`` of the ``tournament`` command."""

from __future__ import annotations

import argparse
from pathlib import Path

from .._deps import require
from .._errors import ParameterError
from .._io import check_output_path

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the analysis subcommands to the ``tournament`` parser."""
    from ..cli import _add_config_args

    facts = subparsers.add_parser(
        "facts", help="check the stylized facts of docs/specification.md section 8",
        description="Run the experiments behind the eight stylized facts and print one line "
                    "per check; exit 1 if any check fails.")
    _add_config_args(facts)
    facts.add_argument("--replicates", type=int, default=100,
                       help="replicates per configuration (default 100)")
    facts.add_argument("--seed", type=int, default=0, help="master seed (default 0)")
    facts.add_argument("--facts", default="1,2,3,4,5,6,7,8", metavar="LIST",
                       help="which facts to check, comma-separated (default: all)")
    facts.add_argument("--threads", type=int, default=None, help="threads (default: all cores)")
    facts.add_argument("--out", metavar="FILE.csv", help="also write the table as CSV")
    facts.add_argument("--plot", metavar="FILE.png",
                       help="also draw each check's margin over its threshold")
    facts.add_argument("--markdown", action="store_true",
                       help="print the table as Markdown (for the README)")
    facts.set_defaults(func=cmd_facts)

    compare = subparsers.add_parser(
        "compare", help="compare elite populations (leader/follower study)",
        description="Run each population (a preset: strategic, pioneer-heavy, imitator-heavy; "
                    "or a TOML file) and compare spells, follower shares, lifetimes and launch "
                    "rates, with Welch t tests.")
    compare.add_argument("populations", nargs="*", metavar="POPULATION",
                         default=["strategic", "pioneer-heavy", "imitator-heavy"],
                         help="presets or .toml files (default: the three presets)")
    _add_config_args(compare)
    compare.add_argument("--replicates", type=int, default=100,
                         help="replicates per population (default 100)")
    compare.add_argument("--seed", type=int, default=0,
                         help="master seed, the same for every population (default 0)")
    compare.add_argument("--threads", type=int, default=None,
                         help="threads of the compiled engine (default: all cores)")
    compare.add_argument("--out", metavar="DIR",
                         help="write comparison.csv, tests.csv and compare.png here "
                              "(created if needed)")
    compare.set_defaults(func=cmd_compare)

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


def _parse_facts(text: str) -> list[int]:
    try:
        return [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise ParameterError(f"--facts {text!r} must be comma-separated integers 1 … 8") from None


def cmd_facts(args: argparse.Namespace) -> int:
    """``tournament facts``."""
    from ..cli import load_config
    from .facts import check_facts, facts_markdown, format_facts

    cfg = load_config(args.config, args.set)
    if args.out:
        check_output_path(args.out, "--out", suffixes=(".csv",))
    if args.plot:
        require("--plot", "matplotlib")
        check_output_path(args.plot, "--plot", suffixes=(".png",))
    table = check_facts(cfg, replicates=args.replicates, seed=args.seed,
                        facts=_parse_facts(args.facts), threads=args.threads)
    print(f"Stylized facts (docs/specification.md section 8): {args.replicates} replicates per "
          f"configuration, seed {args.seed}, base {cfg!r}")
    print(facts_markdown(table) if args.markdown else format_facts(table))
    if args.markdown:
        print(f"\n{int(table['holds'].sum())} of {len(table)} checks hold.")
    if args.out:
        from .._io import atomic_path

        with atomic_path(Path(args.out)) as tmp:
            table.to_csv(tmp, index=False)
        print(f"wrote {args.out}")
    if args.plot:
        from .figures_more import facts_plot

        print(f"wrote {facts_plot(table, args.plot)}")
    return 0 if bool(table["holds"].all()) else 1


def cmd_compare(args: argparse.Namespace) -> int:
    """``tournament compare``."""
    from ..cli import load_config
    from .compare import compare_plot, compare_populations, format_comparison, population

    base = load_config(args.config, args.set)
    if args.out:
        require("compare --out (its figure)", "matplotlib")
        check_output_path(args.out, "--out", parents=True, folder=True)
    pops = dict(population(spec, base) for spec in args.populations)
    if len(pops) < 2:
        raise ParameterError(f"compare needs two or more distinct populations, got "
                             f"{args.populations}")
    result = compare_populations(pops, replicates=args.replicates, seed=args.seed,
                                 threads=args.threads)
    print(f"{args.replicates} replicates per population, seed {args.seed}")
    print(format_comparison(result))
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        result.table.to_csv(out / "comparison.csv", index=False)
        result.tests.to_csv(out / "tests.csv", index=False)
        compare_plot(result, out / "compare.png")
        print(f"wrote {out / 'comparison.csv'}, {out / 'tests.csv'}, {out / 'compare.png'}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """``tournament report``."""
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
    from .report import readme_figures

    if args.replicates < 1 or args.sweep_replicates < 1:
        raise ParameterError("--replicates and --sweep-replicates must be >= 1")
    require("figures", "matplotlib")
    check_output_path(args.out, "--out", parents=True, folder=True)
    for path in readme_figures(Path(args.out), replicates=args.replicates, seed=args.seed,
                               sweep_replicates=args.sweep_replicates):
        print(f"wrote {path}")
    return 0
