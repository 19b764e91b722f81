"""Subcommands ``facts`` and ``compare`` of the ``tournament`` command."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .._cli_common import add_config_args, load_config
from .._deps import require
from .._errors import ParameterError
from .._io import atomic_path, check_output_path

__all__ = ["register", "cmd_facts", "cmd_compare"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``facts`` and ``compare`` to the ``tournament`` parser."""
    facts = subparsers.add_parser(
        "facts", help="check the stylized facts of docs/specification.md section 8 (version 2)",
        description="Run the experiments behind the stylized facts and their falsifiers, and "
                    "print every check: estimate, what it is compared with, 95 % interval, "
                    "whether it holds, and the same under the falsifier. Exit 1 only if a fact "
                    "the README claims (tournament.experiments.facts.CLAIMED) does not hold.")
    add_config_args(facts)
    facts.add_argument("--replicates", type=int, default=100,
                       help="replicates per configuration (default 100, as the facts ask)")
    facts.add_argument("--seed", type=int, default=0,
                       help="master seed, the same for every configuration (default 0)")
    facts.add_argument("--facts", default="1,2,3,4,5,6,7,8,9,10,11", metavar="LIST",
                       help="which facts to check, comma-separated (default: all, 1-11)")
    facts.add_argument("--threads", type=int, default=None, help="threads (default: all cores)")
    facts.add_argument("--out", metavar="FILE.csv", help="also write the table as CSV")
    facts.add_argument("--plot", metavar="FILE.png",
                       help="also draw each check's margin over its threshold")
    facts.add_argument("--figures", metavar="DIR",
                       help="also draw one figure per fact, beside its placebo and falsifier "
                            "(fact1.png ... fact11.png; folder created if needed)")
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
    add_config_args(compare)
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


def _parse_facts(text: str) -> list[int]:
    try:
        return [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise ParameterError(f"--facts {text!r} must be comma-separated integers 1 … 11") from None


def cmd_facts(args: argparse.Namespace) -> int:
    """``tournament facts``: exit 1 only when a claimed fact does not hold."""
    # deferred: the experiments load the engine (numba) only when a command runs them,
    # so that building the parser (`tournament --help`) stays fast
    from ..plots.facts import facts_figures
    from ..plots.figures_more import facts_plot
    from .facts import CLAIMED, fact_summary, facts_markdown, format_facts, run_facts

    cfg = load_config(args.config, args.set)
    if args.out:
        check_output_path(args.out, "--out", suffixes=(".csv",))
    if args.plot:
        require("--plot", "matplotlib")
        check_output_path(args.plot, "--plot", suffixes=(".png",))
    if args.figures:
        require("--figures", "matplotlib")
        check_output_path(args.figures, "--figures", parents=True, folder=True)
    start = time.perf_counter()
    report = run_facts(cfg, replicates=args.replicates, seed=args.seed,
                       facts=_parse_facts(args.facts), threads=args.threads)
    table = report.table
    print(f"Stylized facts, version 2 (docs/specification.md section 8): {args.replicates} "
          f"replicates per configuration, seed {args.seed} (common random numbers), base "
          f"{cfg!r}; {time.perf_counter() - start:.0f} s")
    print(facts_markdown(table) if args.markdown else format_facts(table))
    if args.out:
        with atomic_path(Path(args.out)) as tmp:
            table.to_csv(tmp, index=False)
        print(f"wrote {args.out}")
    if args.plot:
        print(f"wrote {facts_plot(table, args.plot)}")
    if args.figures:
        for path in facts_figures(report, args.figures):
            print(f"wrote {path}")
    summary = fact_summary(table)
    failed = summary[summary["claimed"] & ~summary["holds"].astype(bool)]
    if args.markdown:
        claimed = summary[summary["claimed"]]["fact"].tolist()
        print(f"\nClaimed facts ({', '.join(map(str, claimed)) or 'none'} of CLAIMED = "
              f"{list(CLAIMED)}): " + ("all reproduced." if failed.empty else
                                        f"NOT reproduced: {failed['fact'].tolist()}."))
    return 1 if len(failed) else 0


def cmd_compare(args: argparse.Namespace) -> int:
    """``tournament compare``."""
    from ..plots.figures_more import compare_plot  # deferred: see cmd_facts
    from .compare import compare_populations, format_comparison, population

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
