"""Testing helpers for users of :mod:`tournament`: hypothesis strategies.

``import tournament.testing`` does not import hypothesis; the strategies load
on first access (``tournament.testing.strategies`` or
``from tournament.testing.strategies import configs``), so hypothesis is only
needed by code that uses them (install the ``dev`` extra).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["strategies"]


def __getattr__(name: str) -> Any:
    if name == "strategies":
        module = import_module("tournament.testing.strategies")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'tournament.testing' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
