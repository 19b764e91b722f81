"""The ``tournament`` command line.

Subcommands: ``run``, ``demo``, ``config`` here; further subcommands
(``sweep``, ``sensitivity``, ``facts``, ``compare``, ``report``, ``figures``) register
themselves from the modules in :data:`PLUGINS`, each with a
``register(subparsers)`` function.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
import warnings
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path

from . import __version__
from ._cli_common import add_config_args, load_config, parse_set
from ._deps import available
from ._errors import ParameterError, RecordSizeWarning, TournamentError
from ._io import check_output_path
from ._params import PARAMS
from .config import Config

__all__ = ["main", "build_parser", "load_config", "parse_set"]

PLUGINS = ("tournament.study._cli", "tournament.experiments._cli", "tournament.plots._cli",
           "tournament.fit._cli")
"""Modules that add subcommands: each has ``register(subparsers)`` and imports its helpers
from :mod:`tournament._cli_common`, never from this module."""

_PLAIN = {
    "lifetime_median": "median project lifetime (Kaplan–Meier), rounds",
    "turnover_death_ratio": "death hazard just after the launching elite left, × the usual",
    "restart_share": "share of dead projects followed by a new launch within 10 rounds",
    "restart_new_domain_share": "share of those restarts in another domain",
    "leader_spell_mean": "mean rounds the same jurisdiction stays on top",
    "model_era_mean": "mean rounds the same domain stays the model",
    "leader_to_follower_share": "share of ex-leaders who imitate or fall behind",
    "innovation_rate": "innovations per jurisdiction-round",
    "imitation_rate": "imitations per jurisdiction-round",
    "cycle_period": "dominant period of the launch cycle, rounds",
}


def _add_run_args(p: argparse.ArgumentParser, replicates: int) -> None:
    p.add_argument("--replicates", type=int, default=replicates,
                   help=f"number of replicates, indices 0 … R-1 (default {replicates})")
    p.add_argument("--seed", type=int, default=0,
                   help="master seed; replicate r uses the stream (seed, r) (default 0)")
    p.add_argument("--threads", type=int, default=None,
                   help="threads of the compiled engine (default: all cores); results do "
                        "not depend on it")
    p.add_argument("--quiet", action="store_true",
                   help="no progress bar and no compile notice")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="tournament",
        description="Simulate optional project tournaments (OPT model): run replicates, "
                    "sweep parameters, check the stylized facts, draw figures.",
        epilog="Start with `tournament demo`; `tournament COMMAND --help` explains a command.")
    parser.add_argument("--version", action="version", version=f"tournament {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser(
        "run", help="run replicates and summarise them",
        description="Run replicates of a configuration, print the mean and 95%% interval of "
                    "the headline statistics and, with --out, save the run: the summary, "
                    "the --record tables beside it (X.rounds.parquet …) and a manifest "
                    "X.run.json with the configuration, seed and versions. The set is "
                    "committed as a whole after the run; --out is checked before it starts.",
        epilog="examples:\n  tournament run --replicates 500 --seed 1 --set novelty_decay=0.3 "
               "--out res.parquet\n  tournament run --config my.toml --record rounds,events "
               "--out res.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    add_config_args(run)
    _add_run_args(run, 100)
    run.add_argument("--engine", choices=("compiled", "reference"), default="compiled",
                     help="compiled (numba, fast; default) or reference (pure Python, the "
                          "specification in code; slow). Both give identical results")
    run.add_argument("--record", default="", metavar="TABLES",
                     help="extra tables to save with --out, comma-separated: rounds (one row "
                          "per replicate and round), events (one per project), panel (one per "
                          "replicate, round and jurisdiction: large)")
    run.add_argument("--out", metavar="FILE.csv|FILE.parquet",
                     help="save the run here (the summary; other tables and the manifest "
                          "beside it)")
    run.add_argument("--parents", action="store_true",
                     help="create the folder of --out if it does not exist")
    run.set_defaults(func=cmd_run)

    demo = sub.add_parser(
        "demo", help="run the default model and explain what it shows",
        description="Simulate the default configuration, print what the model shows in "
                    "plain words with the statistics behind it, and save the run (summary "
                    "and rounds) into --out.")
    _add_run_args(demo, 300)
    demo.add_argument("--out", default="tournament-demo", metavar="DIR",
                      help="folder for the demo's output, created if needed "
                           "(default ./tournament-demo)")
    demo.set_defaults(func=cmd_demo)

    config = sub.add_parser(
        "config", help="show or describe the configuration",
        description="Print the configuration (defaults, a file and --set overrides) as TOML, "
                    "or describe every parameter with its valid range.")
    add_config_args(config)
    config.add_argument("--show", action="store_true",
                        help="print the configuration as TOML (the default action)")
    config.add_argument("--describe", action="store_true",
                        help="print every parameter with its group, value and valid range")
    config.set_defaults(func=cmd_config)

    for name in PLUGINS:
        try:
            module = import_module(name)
        except ImportError:
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tournament`` command.

    Exit status: 0 on success, 1 when a check fails (``facts``), 2 on bad
    input or a missing optional dependency, 130 when interrupted (Ctrl-C).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except TournamentError as exc:
        print(f"tournament {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\ntournament {args.command}: interrupted; no output was left half-written",
              file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `tournament config --describe | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


# ----------------------------------------------------------------------------- commands
def summary_table(res, columns: Sequence[str]) -> str:
    """Estimate and 95 % interval of summary statistics, as aligned text.

    The estimate is the mean, or the median (with a bootstrap interval, marked
    ``*``) for a statistic that is infinite in some replicates.
    """
    desc = res.describe(tuple(columns))
    width = max(len(c) for c in columns)
    lines = [f"{'statistic':<{width}}  {'estimate':>10}  {'95% interval':>23}  {'n':>6}"]
    median_rows = False
    for name, row in desc.iterrows():
        by_median = str(row["method"]).startswith("median")
        median_rows |= by_median
        value = row["median"] if by_median else row["mean"]
        ci = (f"[{row.ci_low:10.4g}, {row.ci_high:10.4g}]"
              if math.isfinite(row.ci_low) or math.isfinite(row.ci_high) else f"{'—':>23}")
        mark = "*" if by_median else " "
        lines.append(f"{name:<{width}}  {value:>10.4g}{mark} {ci:>23}  {int(row.n):>6}")
    if median_rows:
        lines.append("* median across replicates (some are infinite: a median never reached); "
                     "bootstrap interval")
    return "\n".join(lines)


def _simulate(cfg: Config, args: argparse.Namespace, **kwargs):
    """Run ``simulate`` for a command, with a compile notice and a progress bar on stderr.

    Large recorded tables are announced before the run by :func:`_warn_size`.
    """
    # deferred: the engine (pandas, numba) loads only for the commands that use it, so that
    # `tournament --help` and `tournament config` answer at once; the engine's names are
    # looked up at call time (tests replace `simulate` and PANEL_WARN_BYTES)
    from .engine.driver import needs_compiling
    from .engine.simulate import simulate

    if kwargs.get("engine", "compiled") == "compiled" and not args.quiet and needs_compiling():
        print("compiling the engine (first run only, about 20 s) …", file=sys.stderr, flush=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RecordSizeWarning)
        return simulate(cfg, replicates=args.replicates, seed=args.seed, threads=args.threads,
                        progress=not args.quiet and sys.stderr.isatty(), **kwargs)


def _save(res, out: Path) -> list[Path]:
    """Save a run as one set; name its files."""
    from .engine import storage  # deferred: see _simulate

    try:
        storage.save(res, out)
    except OSError as exc:
        raise ParameterError(f"could not write {str(out)!r} ({exc.strerror or exc}); nothing "
                             f"was saved") from None
    manifest = storage.read_manifest(out)
    return [out.with_name(t["file"]) for t in manifest["tables"].values()] + [
        storage.manifest_path(out)]


def cmd_run(args: argparse.Namespace) -> int:
    """``tournament run``."""
    from .engine import storage  # deferred: see _simulate
    from .engine.simulate import check_record

    cfg = load_config(args.config, args.set)
    extra = [t.strip() for t in args.record.split(",") if t.strip()]
    wanted = check_record(["summary", *extra])
    out = None
    if args.out:
        out = storage.check_path(args.out, "--out")
        check_output_path(out, "--out", parents=args.parents)
    elif extra:
        raise ParameterError(f"--record {args.record} needs --out FILE.parquet|FILE.csv: the "
                             f"tables are only saved, not printed")
    _warn_size(cfg, args.replicates, wanted)
    res = _simulate(cfg, args, engine=args.engine, record=wanted)
    print(f"{len(res.replicates)} replicates of {cfg!r}, seed {args.seed}, "
          f"{args.engine} engine, {res.seconds:.2f} s")
    print(summary_table(res, list(_PLAIN)))
    if out is not None:
        for path in _save(res, out):
            print(f"wrote {path}")
    return 0


def _warn_size(cfg: Config, replicates: int, wanted: Sequence[str]) -> None:
    """Print the size warning of large recorded tables before the run starts."""
    from .engine.simulate import PANEL_WARN_BYTES, check_replicates, record_bytes  # see _simulate

    size = record_bytes(cfg, len(check_replicates(replicates)), wanted)
    if size > PANEL_WARN_BYTES:
        print(f"warning: the recorded tables will hold about {size / 2**30:.1f} GiB in memory "
              f"({replicates} replicates x {cfg.n_rounds} rounds x {cfg.n_jurisdictions} "
              f"jurisdictions); record the panel for fewer replicates", file=sys.stderr)


def cmd_demo(args: argparse.Namespace) -> int:
    """``tournament demo``: the default model, explained."""
    cfg = Config()
    out = check_output_path(args.out, "--out", parents=True, folder=True)
    suffix = ".parquet" if available("pyarrow") else ".csv"
    print(f"Simulating {args.replicates} replicates of the default model: "
          f"{cfg.n_jurisdictions} jurisdictions, {cfg.n_domains} policy domains, "
          f"{cfg.n_rounds} rounds (years) each ...", flush=True)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    res = _simulate(cfg, args, record=("rounds",))
    seconds = time.perf_counter() - start
    d = res.describe(tuple(_PLAIN))["mean"]
    print(f"done in {seconds:.1f} s (compilation included on the first run).\n")
    print("What the model shows (means over replicates):")
    print(f"  * Projects are short-lived: the median project lasts {d.lifetime_median:.1f} rounds.")
    print(f"  * Turnover kills: right after the elite who launched a project leaves, its death "
          f"hazard is {d.turnover_death_ratio:.1f}x the usual.")
    print(f"  * Projects restart: {d.restart_share:.0%} of dead projects are followed by a new "
          f"launch within 10 rounds, {d.restart_new_domain_share:.0%} of them in another domain.")
    print(f"  * Leaders change often: the same jurisdiction stays on top for "
          f"{d.leader_spell_mean:.1f} rounds on average, while a domain stays the model for "
          f"{d.model_era_mean:.1f}.")
    print(f"  * {d.leader_to_follower_share:.0%} of ex-leaders become followers (imitate or fall "
          f"behind) within 10 rounds.")
    print(f"  * Each round {d.innovation_rate:.1%} of jurisdictions innovate and "
          f"{d.imitation_rate:.1%} imitate; launches cycle with a period of about "
          f"{d.cycle_period:.1f} rounds.\n")
    print(summary_table(res, list(_PLAIN)))
    paths = _save(res, out / f"run{suffix}")
    print(f"\nSaved: {paths[0]} (one row per replicate), {paths[1]} (one row per replicate "
          f"and round) and {paths[-1]} (configuration, seed, versions).")
    print(f"Next: `tournament report {paths[0]} --out report/`, `tournament run --help`, "
          f"`tournament config --show`, and README.md.")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    """``tournament config``."""
    cfg = load_config(args.config, args.set)
    if args.describe:
        for group, names in Config.groups().items():
            print(f"[{group}]")
            for name in names:
                p = PARAMS[name]
                print(f"  {name:<24} {getattr(cfg, name)!r:<28} {p.range_text():<40} {p.doc}")
        return 0
    print(cfg.to_toml(), end="")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
