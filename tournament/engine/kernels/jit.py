"""How the kernels are compiled: numba options, and a disk cache stamped with every kernel module.

Only :func:`~tournament.engine.kernels.replicate.run_replicate` is called from
Python and cached on disk (``cache=True``). Every other kernel is compiled
with :data:`HELPER`: without CPython or C-function wrappers
(``no_cpython_wrapper``, ``no_cfunc_wrapper``), which would cost compilation
time and nothing else, and without a disk cache of its own. numba links the
code of every kernel a function calls into that function's own compiled code,
so the cached ``run_replicate`` is complete; caching the helpers as well
would only write files that are never read (a helper compiles only when
``run_replicate`` does) and, worse, pickle their signatures, which name the
container types of :mod:`.state`: numba unpickles a cache index before it
checks that the index is fresh, so a renamed container would break loading
a stale cache.

numba stamps a disk cache with the source file of the cached function alone.
The replicate kernel is made of every module of this package, so an edit to
``decisions.py`` would leave the cached ``run_replicate`` running the old
decisions. :func:`stamp_with_sources` therefore stamps its cache with
:data:`SOURCE_DIGEST`, a digest of every module the kernels are compiled from
(this package; :mod:`tournament.engine.rules`, whose compiled rules they call;
:mod:`tournament.registry` and :mod:`tournament.engine.records`, whose integer
constants numba folds into the code): an edit to any of them makes the cache
stale, and the next run compiles afresh.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["HELPER", "SOURCE_DIGEST", "stamp_with_sources"]

HELPER = dict(no_cpython_wrapper=True, no_cfunc_wrapper=True)
"""numba options of the kernels called only from other kernels."""


def _digest() -> str:
    """Return the SHA-256 (hex) of the sources the kernels are compiled from."""
    here = Path(__file__).resolve().parent
    sources = sorted(here.glob("*.py")) + [here.parent / "records.py", here.parent / "rules.py",
                                           here.parent.parent / "registry.py"]
    h = hashlib.sha256()
    for path in sources:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


SOURCE_DIGEST = _digest()
"""SHA-256 of the kernel modules, ``rules.py``, ``records.py`` and ``registry.py``."""


def stamp_with_sources(dispatcher) -> bool:
    """Stamp ``dispatcher``'s disk cache with :data:`SOURCE_DIGEST` as well as its own file.

    Parameters
    ----------
    dispatcher : numba.core.registry.CPUDispatcher
        A kernel compiled with ``cache=True``, not compiled yet.

    Returns
    -------
    bool
        Whether the stamp was set; ``False`` (numba's own stamp kept) if the
        kernel has no disk cache or numba's private cache layout changed.
    """
    try:
        cache_file = dispatcher._cache._cache_file
        stamp = cache_file._source_stamp
    except AttributeError:  # no disk cache (NullCache), or numba's layout changed
        return False
    cache_file._source_stamp = (stamp, SOURCE_DIGEST)
    return True
