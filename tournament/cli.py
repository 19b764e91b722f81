"""The ``tournament`` command line.

Subcommands: ``run``, ``demo``, ``config`` here; further subcommands
(``sweep``, ``sensitivity``, ``facts``, ``compare``, ``report``, ``figures``) register
themselves from the modules in :data:`PLUGINS`, each with a
``register(subparsers)`` function.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import tomllib
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path

from ._errors import ParameterError, TournamentError
from .config import Config

__all__ = ["main", "build_parser", "load_config", "parse_set"]

PLUGINS = ("tournament.study._cli", "tournament.analysis._cli")

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


def parse_set(items: Sequence[str]) -> dict[str, object]:
    """Parse ``name=value`` pairs; values are TOML literals, else plain strings."""
    out: dict[str, object] = {}
    for item in items:
        if "=" not in item:
            raise ParameterError(f"--set {item!r} must look like name=value")
        name, raw = (s.strip() for s in item.split("=", 1))
        try:
            value = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw
        out[name] = value
    return out


def load_config(path: str | None, sets: Sequence[str]) -> Config:
    """The configuration from an optional TOML file and ``--set`` overrides."""
    cfg = Config.load(path) if path else Config()
    return cfg.replace(**parse_set(sets)) if sets else cfg


def _add_config_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="FILE.toml", help="configuration file (TOML)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="override one parameter (repeatable), e.g. --set novelty_decay=0.3")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="tournament", description="Simulate optional project tournaments (OPT model).")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    run = sub.add_parser("run", help="run replicates and summarise them")
    _add_config_args(run)
    run.add_argument("--replicates", type=int, default=100, help="replicates (default 100)")
    run.add_argument("--seed", type=int, default=0, help="master seed (default 0)")
    run.add_argument("--engine", choices=("compiled", "reference"), default="compiled")
    run.add_argument("--threads", type=int, default=None, help="threads (default: all cores)")
    run.add_argument("--record", default="", metavar="TABLES",
                     help="extra tables to write, comma-separated: rounds,events,panel")
    run.add_argument("--out", metavar="FILE.csv|FILE.parquet",
                     help="write the summary here (extra tables beside it)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(func=cmd_run)

    demo = sub.add_parser("demo", help="run the default model and explain what it shows")
    demo.add_argument("--replicates", type=int, default=300)
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument("--out", default="tournament-demo", metavar="DIR",
                      help="folder for the demo's output (default ./tournament-demo)")
    demo.set_defaults(func=cmd_demo)

    config = sub.add_parser("config", help="show the configuration as TOML")
    _add_config_args(config)
    config.add_argument("--show", action="store_true", help="print the configuration as TOML")
    config.add_argument("--describe", action="store_true",
                        help="print every parameter with its group, default and valid range")
    config.set_defaults(func=cmd_config)

    for name in PLUGINS:
        try:
            module = import_module(name)
        except ImportError:
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tournament`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except TournamentError as exc:
        print(f"tournament {args.command}: error: {exc}", file=sys.stderr)
        return 2


# ----------------------------------------------------------------------------- commands
def summary_table(res, columns: Sequence[str]) -> str:
    """Mean and 95 % interval of summary statistics, as aligned text."""
    desc = res.describe(tuple(columns))
    width = max(len(c) for c in columns)
    lines = [f"{'statistic':<{width}}  {'mean':>10}  {'95% interval':>23}  {'n':>6}"]
    for name, row in desc.iterrows():
        ci = (f"[{row.ci_low:10.4g}, {row.ci_high:10.4g}]" if math.isfinite(row.se)
              else f"{'—':>23}")
        lines.append(f"{name:<{width}}  {row['mean']:>10.4g}  {ci:>23}  {int(row.n):>6}")
    return "\n".join(lines)


def _write_tables(res, out: Path, tables: Sequence[str]) -> list[Path]:
    written = [res.save(out)]
    from ._io import atomic_path

    for name in tables:
        frame = getattr(res, name)
        path = out.with_name(f"{out.stem}.{name}{out.suffix}")
        with atomic_path(path) as tmp:
            if out.suffix.lower() == ".csv":
                frame.to_csv(tmp, index=False)
            else:
                frame.to_parquet(tmp, index=False)
        written.append(path)
    return written


def cmd_run(args: argparse.Namespace) -> int:
    """``tournament run``."""
    from .simulation import check_record, simulate

    cfg = load_config(args.config, args.set)
    extra = [t for t in args.record.split(",") if t.strip()]
    wanted = check_record(["summary", *extra])
    if args.out and Path(args.out).suffix.lower() not in (".csv", ".parquet"):
        raise ParameterError(f"--out {args.out!r} must end in .csv or .parquet")
    res = simulate(cfg, replicates=args.replicates, seed=args.seed, engine=args.engine,
                   record=wanted, threads=args.threads,
                   progress=not args.quiet and sys.stderr.isatty())
    print(f"{len(res.replicates)} replicates of {cfg!r}, seed {args.seed}, "
          f"{args.engine} engine, {res.seconds:.2f} s")
    print(summary_table(res, list(_PLAIN)))
    if args.out:
        for path in _write_tables(res, Path(args.out), [t for t in wanted if t != "summary"]):
            print(f"wrote {path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """``tournament demo``: the default model, explained."""
    from .simulation import simulate

    cfg = Config()
    print(f"Simulating {args.replicates} replicates of the default model: "
          f"{cfg.n_jurisdictions} jurisdictions, {cfg.n_domains} policy domains, "
          f"{cfg.n_rounds} rounds (years) each ...", flush=True)
    start = time.perf_counter()
    res = simulate(cfg, replicates=args.replicates, seed=args.seed, record=("rounds",),
                   progress=sys.stderr.isatty())
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
    out = Path(args.out)
    suffix = ".parquet" if _has_pyarrow() else ".csv"
    written = _write_tables(res, out / f"summary{suffix}", [])
    rounds_path = out / f"rounds{suffix}"
    from ._io import atomic_path

    with atomic_path(rounds_path) as tmp:
        res.rounds.to_parquet(tmp) if suffix == ".parquet" else res.rounds.to_csv(tmp, index=False)
    print(f"\nFull output: {written[0]} (one row per replicate) and {rounds_path} "
          f"(one row per replicate and round).")
    print("Next: `tournament run --help`, `tournament config --show`, and README.md.")
    return 0


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def cmd_config(args: argparse.Namespace) -> int:
    """``tournament config``."""
    cfg = load_config(args.config, args.set)
    if args.describe:
        from ._params import PARAMS

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
