"""What every part of the ``tournament`` command shares: configuration options and parsing.

:mod:`tournament.cli` and the plug-ins that add subcommands to it
(``tournament.study._cli``, ``tournament.experiments._cli``,
``tournament.plots._cli``) import these helpers from here, so that no
plug-in imports :mod:`tournament.cli`.
"""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Sequence

from ._errors import ParameterError
from .config import Config

__all__ = ["add_config_args", "load_config", "parse_set"]


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


def add_config_args(p: argparse.ArgumentParser) -> None:
    """Add ``--config FILE.toml`` and repeatable ``--set NAME=VALUE`` to a subcommand."""
    p.add_argument("--config", metavar="FILE.toml", help="configuration file (TOML)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="override one parameter (repeatable), e.g. --set novelty_decay=0.3")
