"""The ``tournament fit`` command."""

from __future__ import annotations

import argparse
import sys

from .._cli_common import add_config_args, load_config
from .._errors import ParameterError

__all__ = ["register", "cmd_fit"]

_HELP = """\
Fit parameters of the model to observed moments: by the simulated method of
moments (--method smm: estimates, standard errors, J-test, identification
diagnostic, objective profile) or by approximate Bayesian computation
(--method abc, pyabc: posterior means, credible intervals, marginals).

TARGETS.toml holds one [[target]] table per observed moment: name,
statistic (a summary column such as lifetime_mean or ever_recognized_share,
or elite_exit_rate, elite_promotion_rate, elite_tenure_mean), value, se
and source; optionally `observations = N` and a [bounds] table (see
docs/estimation.md). Every input is checked before anything runs.

--out DIR receives estimates.csv, moments.csv (observed beside fitted),
diagnostics.json, the figures and a manifest fit.json written last, plus a
checkpoint: an interrupted fit continues with the same command and
--resume, and gives the same result. Results depend only on the inputs:
not on --backend, --workers or --threads.

examples:
  tournament fit docs/estimation-targets.toml --method smm \\
      --params rotation_hazard,novelty_decay,innovation_cost --out fits/smm
  tournament fit targets.toml --method abc --params rotation_hazard,novelty_decay \\
      --bounds novelty_decay=0.02:0.5 --backend local --out fits/abc
  tournament fit targets.toml --method smm --params ... --out fits/smm --resume
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``fit`` to the ``tournament`` command."""
    p = subparsers.add_parser(
        "fit", help="estimate parameters from observed moments (SMM or ABC)",
        description=_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("targets", metavar="TARGETS.toml", help="the observed moments (TOML)")
    p.add_argument("--method", choices=("smm", "abc"), required=True,
                   help="simulated method of moments or approximate Bayesian computation")
    p.add_argument("--params", required=True, metavar="NAMES",
                   help="the float parameters to fit, comma-separated")
    p.add_argument("--bounds", action="append", default=[], metavar="NAME=LOW:HIGH",
                   help="search bounds (ABC: the uniform prior) of a fitted parameter "
                        "(repeatable; default: the targets file's [bounds], then the "
                        "parameter's valid range)")
    add_config_args(p)
    p.add_argument("--out", required=True, metavar="DIR",
                   help="folder for the results and the checkpoint (created if needed)")
    p.add_argument("--resume", action="store_true",
                   help="continue the fit in --out (same inputs); a finished one is re-read")
    p.add_argument("--replicates", type=int, default=None,
                   help="simulated replicates per parameter point (default: 100 for smm, "
                        "20 for abc)")
    p.add_argument("--seed", type=int, default=0,
                   help="simulation seed, the same at every point (default 0)")
    p.add_argument("--level", type=float, default=None,
                   help="level of the intervals (default: 0.95 for smm, 0.9 for abc)")
    smm = p.add_argument_group("smm")
    smm.add_argument("--jacobian-replicates", type=int, default=None,
                     help="replicates per point of the Jacobian and the Gauss-Newton step "
                          "(default: 4 x --replicates)")
    smm.add_argument("--screen", type=int, default=8,
                     help="Latin hypercube points tried before Nelder-Mead (default 8)")
    smm.add_argument("--max-evaluations", type=int, default=None,
                     help="most Nelder-Mead evaluations (default: 200 per parameter)")
    smm.add_argument("--profile-points", type=int, default=7,
                     help="objective profile points per parameter (0: none; default 7)")
    abc = p.add_argument_group("abc")
    abc.add_argument("--population", type=int, default=200,
                     help="particles per generation (default 200)")
    abc.add_argument("--generations", type=int, default=6,
                     help="most generations (default 6)")
    abc.add_argument("--transition", choices=("normal", "local"), default="normal",
                     help="pyabc's perturbation kernel: one Gaussian (normal, pyabc's default) "
                          "or nearest-neighbour Gaussians (local)")
    p.add_argument("--backend", choices=("serial", "local", "dask"), default="serial",
                   help="where simulations run (default serial)")
    p.add_argument("--workers", type=int, default=None,
                   help="processes of the local backend or of a local Dask cluster")
    p.add_argument("--threads", type=int, default=None,
                   help="numba threads per unit (default: cores / workers)")
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                   help="a running Dask scheduler (dask backend)")
    p.add_argument("--no-figures", action="store_true", help="do not draw the figures")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_fit)


def parse_bounds(items: list[str]) -> dict[str, tuple[float, float]] | None:
    """``NAME=LOW:HIGH`` pairs as ``{name: (low, high)}`` (``None`` when there are none)."""
    if not items:
        return None
    out: dict[str, tuple[float, float]] = {}
    for item in items:
        name, sep, spec = item.partition("=")
        low, colon, high = spec.partition(":")
        try:
            if not sep or not colon:
                raise ValueError
            out[name.strip()] = (float(low), float(high))
        except ValueError:
            raise ParameterError(f"--bounds {item!r} must look like NAME=LOW:HIGH, e.g. "
                                 f"rotation_hazard=0.05:0.6") from None
    return out


def cmd_fit(args: argparse.Namespace) -> int:
    """``tournament fit``."""
    # deferred (heavy): pandas, scipy and pyabc load only when a fit runs
    from .._io import check_output_path
    from ._common import check_moment_count, default_bounds
    from .space import Space
    from .targets import Targets

    targets = Targets.load(args.targets)
    config = load_config(args.config, args.set)
    params = [n.strip() for n in args.params.split(",") if n.strip()]
    bounds = parse_bounds(args.bounds)
    if bounds is not None:
        bounds = {**{k: v for k, v in targets.bounds.items() if k in params}, **bounds}
    # the parameters, bounds and moment count are checked again by the fit; here they are
    # checked before the header line, so that bad input prints only its error
    Space(params, default_bounds(targets, params) if bounds is None else bounds, config)
    check_moment_count(targets, len(params))
    check_output_path(args.out, "--out", parents=True, folder=True)
    common = {"config": config, "bounds": bounds, "seed": args.seed, "backend": args.backend,
              "workers": args.workers, "scheduler": args.scheduler, "threads": args.threads,
              "out": args.out, "resume": args.resume,
              "progress": not args.quiet and sys.stderr.isatty(),
              "figures": not args.no_figures}
    if args.method == "smm":
        from .smm import fit_smm

        kwargs = {"replicates": 100 if args.replicates is None else args.replicates,
                  "jacobian_replicates": args.jacobian_replicates, "screen": args.screen,
                  "max_evaluations": args.max_evaluations,
                  "profile_points": args.profile_points,
                  "level": 0.95 if args.level is None else args.level}
        run = fit_smm
    else:
        from .abc import fit_abc

        kwargs = {"replicates": 20 if args.replicates is None else args.replicates,
                  "population": args.population, "generations": args.generations,
                  "transition": args.transition,
                  "level": 0.9 if args.level is None else args.level}
        run = fit_abc
    print(f"fit: {args.method.upper()} of {', '.join(params)} to {len(targets)} targets "
          f"({', '.join(targets.names)}); seed {args.seed}; {config!r}", flush=True)
    try:
        result = run(targets, params, **common, **kwargs)
    except KeyboardInterrupt:
        print(f"\ninterrupted: what was simulated is kept in {args.out}/checkpoint; continue "
              f"with the same command and --resume", file=sys.stderr)
        return 130
    done = result.evaluations
    print(f"{done.get('simulated', 0)} parameter points simulated, {done.get('replayed', 0)} "
          f"replayed from the checkpoint, in {result.seconds:.1f} s on {result.backend}")
    print(result.summary())
    print("\nobserved and fitted moments:")
    print(result.moments.drop(columns=["source"]).to_string(index=False,
                                                             float_format=lambda x: f"{x:.4g}"))
    print(f"\nwrote {args.out}/ (estimates.csv, moments.csv, diagnostics.json, figures; "
          f"fit.json last)")
    return 0
