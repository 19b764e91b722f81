"""Lazy module attributes: names a package exports but imports only on first use."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_attributes(module: str, lazy: dict[str, str]
                    ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Build a module's ``__getattr__`` and ``__dir__`` for lazily imported names.

    Parameters
    ----------
    module : str
        The module's ``__name__``.
    lazy : dict of str to str
        Exported name -> the module that defines it.

    Returns
    -------
    tuple of callables
        ``(__getattr__, __dir__)``; the first import of a name caches it in
        the module's namespace.
    """

    def __getattr__(name: str) -> Any:
        if name in lazy:
            value = getattr(import_module(lazy[name]), name)
            setattr(sys.modules[module], name, value)
            return value
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        namespace = vars(sys.modules[module])
        return sorted(set(namespace) | set(namespace.get("__all__", ())))

    return __getattr__, __dir__
