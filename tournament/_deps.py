"""Optional dependencies: checked before any work starts, with the extra that brings them.

Every feature that needs an optional package calls :func:`require` first, so
a missing package is reported in one line naming the ``pip install`` extra,
never as a traceback after the simulation has run.
"""

from __future__ import annotations

import importlib.util

from ._errors import TournamentError

__all__ = ["MissingDependencyError", "EXTRAS", "require", "available"]

EXTRAS: dict[str, tuple[str, str]] = {
    # import name: (distribution, extra that installs it)
    "pyarrow": ("pyarrow", "parquet"),
    "matplotlib": ("matplotlib", "plot"),
    "scipy": ("scipy", "equilibrium"),
    "SALib": ("SALib", "study"),
    "tqdm": ("tqdm", "study"),
    "dask": ("dask[distributed]", "dask"),
    "distributed": ("dask[distributed]", "dask"),
    "pyabc": ("pyabc", "fit"),
    "statsmodels": ("statsmodels", "space"),
}
"""Which extra of ``tournament`` installs each optional module."""


class MissingDependencyError(TournamentError, ImportError):
    """An optional dependency needed by the requested feature is not installed."""


def available(module: str) -> bool:
    """Whether ``module`` can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a module set to None in sys.modules
        return False


def require(feature: str, *modules: str) -> None:
    """Raise :class:`MissingDependencyError` unless every module in ``modules`` is installed.

    Parameters
    ----------
    feature : str
        What needs them, for the message (e.g. ``"Parquet output"``).
    *modules : str
        Import names, keys of :data:`EXTRAS`.
    """
    missing = [m for m in modules if not available(m)]
    if not missing:
        return
    extras = sorted({EXTRAS[m][1] for m in missing})
    names = ", ".join(EXTRAS[m][0] for m in missing)
    raise MissingDependencyError(
        f"{feature} needs {names}, which is not installed: "
        f"pip install 'tournament[{','.join(extras)}]' (or '.[{','.join(extras)}]' in a "
        f"checkout; '[all]' brings every extra)")
