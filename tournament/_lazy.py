"""Lazy module attributes: names a package exports but imports only on first use."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_attributes(module: str, lazy: Mapping[str, str],
                    modules: Mapping[str, str] | None = None
                    ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Build a module's ``__getattr__`` and ``__dir__`` for lazily imported names.

    Parameters
    ----------
    module : str
        The module's ``__name__``.
    lazy : mapping of str to str
        Exported name -> the module that defines it.
    modules : mapping of str to str, optional
        Exported name -> a module exported under that name (an attribute
        that is itself a module, e.g. an old submodule path kept as an alias).

    Returns
    -------
    tuple of callables
        ``(__getattr__, __dir__)``; the first import of a name caches it in
        the module's namespace.
    """
    modules = dict(modules or {})

    def __getattr__(name: str) -> Any:
        if name in lazy:
            value = getattr(import_module(lazy[name]), name)
        elif name in modules:
            value = import_module(modules[name])
        else:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        setattr(sys.modules[module], name, value)
        return value

    def __dir__() -> list[str]:
        namespace = vars(sys.modules[module])
        return sorted(set(namespace) | set(namespace.get("__all__", ())) | set(modules))

    return __getattr__, __dir__
