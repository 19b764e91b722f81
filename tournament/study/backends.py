"""Where units of work run: in this process, in local processes, or on Dask.

Every backend maps a function over a sequence of argument tuples and yields
the results **in submission order**, keeping at most ``window`` calls in
flight, so the driver writes units in a fixed order and holds only a few
results at a time whatever the number of units. A unit's result depends only
on its arguments, so the backend, the number of workers and the numba threads
per worker never change a result.

``serial``
    This process, one unit at a time (numba's threads work inside a unit).
``local``
    A :class:`concurrent.futures.ProcessPoolExecutor` over processes started
    with the ``spawn`` method (passed explicitly; the global start method is
    never touched). Each worker gets ``cores // workers`` numba threads.
``dask``
    A :class:`dask.distributed.Client`: connected to ``scheduler``
    (``tcp://HOST:PORT``) when given, else to a new
    :class:`~dask.distributed.LocalCluster` of ``workers`` single-threaded
    processes. Workers need ``tournament`` installed; they return results to
    this process, which writes them, so they need no shared file system.
"""

from __future__ import annotations

import collections
import multiprocessing
import multiprocessing.context
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .._deps import require
from .._errors import ParameterError

__all__ = ["Backend", "SerialBackend", "LocalBackend", "DaskBackend", "make_backend",
           "BACKENDS", "available_cores"]

BACKENDS = ("serial", "local", "dask")


def available_cores() -> int:
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _check_workers(workers: Any) -> int | None:
    if workers is None:
        return None
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterError(f"workers = {workers!r} is out of range: must be an integer >= 1")
    return workers


def _start_method_unset() -> bool:
    return multiprocessing.get_start_method(allow_none=True) is None


def _unpin_start_method(was_unset: bool) -> None:
    """Undo the pinning of the global start method by the standard library's spawn code.

    Starting a process with an explicit ``spawn`` context calls
    ``multiprocessing.get_start_method()`` (``multiprocessing/spawn.py``), which
    fixes the global default as a side effect; afterwards the program can no
    longer call ``multiprocessing.set_start_method``. If the default was unset
    before, unset it again. The method in effect is unchanged either way.
    """
    if was_unset:
        default = multiprocessing.context._default_context
        if getattr(default, "_actual_context", None) is not None:
            default._actual_context = None


class Backend:
    """Base class: a context manager that maps a function over calls in order.

    Attributes
    ----------
    name : str
        The backend's name.
    threads : int or None
        Numba threads each unit should use (``None``: the worker's default).
    """

    name = "base"
    threads: int | None = None

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release workers (no-op by default)."""

    @property
    def window(self) -> int:
        """Calls kept in flight."""
        return 1

    def describe(self) -> str:
        """One line for the log."""
        return self.name

    def map(self, fn: Callable[..., Any], calls: Iterable[tuple]) -> Iterator[Any]:
        """Yield ``fn(*args)`` for each ``args`` in ``calls``, in order."""
        raise NotImplementedError


class SerialBackend(Backend):
    """Run every unit in this process, in order."""

    name = "serial"

    def __init__(self, threads: int | None = None):
        self.threads = threads

    def map(self, fn: Callable[..., Any], calls: Iterable[tuple]) -> Iterator[Any]:
        """Yield ``fn(*args)`` for each ``args`` in ``calls``, in order."""
        for args in calls:
            yield fn(*args)


def _ordered(submit: Callable[[tuple], Any], result: Callable[[Any], Any],
             cancel: Callable[[Any], Any], calls: Iterable[tuple], window: int) -> Iterator[Any]:
    """Keep ``window`` calls in flight; yield their results in submission order."""
    pending: collections.deque = collections.deque()
    calls = iter(calls)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < window:
                args = next(calls, None)
                if args is None:
                    exhausted = True
                else:
                    pending.append(submit(args))
            if not pending:
                return
            yield result(pending.popleft())
    finally:
        for future in pending:
            cancel(future)


class LocalBackend(Backend):
    """Run units in ``workers`` spawned processes of this machine.

    Parameters
    ----------
    workers : int, optional
        Processes (default: every core).
    threads : int, optional
        Numba threads per process (default: ``cores // workers``, at least 1).
    """

    name = "local"

    def __init__(self, workers: int | None = None, threads: int | None = None):
        cores = available_cores()
        self.workers = _check_workers(workers) or cores
        self.threads = threads if threads is not None else max(1, cores // self.workers)
        self._pool = None

    @property
    def window(self) -> int:
        """Two calls per worker."""
        return 2 * self.workers

    def describe(self) -> str:
        """One line for the log."""
        return (f"local ({_count(self.workers, 'process', 'processes')} × "
                f"{_count(self.threads, 'numba thread')} each)")

    def _executor(self):
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                             mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def map(self, fn: Callable[..., Any], calls: Iterable[tuple]) -> Iterator[Any]:
        """Yield ``fn(*args)`` for each ``args`` in ``calls``, in order."""
        pool = self._executor()
        unset = _start_method_unset()

        def submit(args: tuple) -> Any:
            future = pool.submit(fn, *args)  # may start a worker process
            _unpin_start_method(unset)
            return future

        return _ordered(submit, lambda f: f.result(), lambda f: f.cancel(), calls, self.window)

    def close(self) -> None:
        """Shut the processes down."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskBackend(Backend):
    """Run units on a Dask cluster.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler, e.g. ``"tcp://10.0.0.5:8786"``.
        Default: start a :class:`~dask.distributed.LocalCluster`.
    workers : int, optional
        Worker processes of the local cluster (default: every core); not
        allowed with ``scheduler``.
    threads : int, optional
        Numba threads per unit (default: ``cores // workers`` on a local
        cluster, the workers' own default on a remote one).
    client : dask.distributed.Client, optional
        Use this client (and leave it open).
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int | None = None,
                 threads: int | None = None, client: Any = None):
        if client is None:
            require("the dask backend", "dask", "distributed")
        if scheduler is not None and workers is not None:
            raise ParameterError("--workers sets the size of a local Dask cluster; with "
                                 "--scheduler the cluster's own workers are used")
        if scheduler is not None and not isinstance(scheduler, str):
            raise ParameterError(f"scheduler = {scheduler!r} must be an address such as "
                                 f"'tcp://HOST:8786'")
        self.scheduler = scheduler
        self.workers = _check_workers(workers)
        self.threads = threads
        self._client = client
        self._own_client = client is None
        self._cluster = None

    def _connect(self):
        if self._client is not None:
            return self._client
        try:  # deferred: dask is optional and heavy
            from dask.distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - optional dependency
            raise ParameterError("the dask backend needs dask[distributed]: "
                                 "pip install 'tournament[dask]'") from None
        if self.scheduler is not None:
            try:  # waits up to dask's distributed.comm.timeouts.connect (30 s by default)
                self._client = Client(self.scheduler, set_as_default=False)
            except ValueError as exc:
                raise ParameterError(f"scheduler = {self.scheduler!r} is not a Dask scheduler "
                                     f"address such as 'tcp://HOST:8786': {exc}") from None
            except OSError as exc:
                raise ParameterError(f"cannot reach the Dask scheduler at "
                                     f"{self.scheduler!r}: {exc}") from None
        else:
            cores = available_cores()
            workers = self.workers or cores
            if self.threads is None:
                self.threads = max(1, cores // workers)
            unset = _start_method_unset()
            with warnings.catch_warnings():  # "Port 8787 is already in use": harmless here
                warnings.filterwarnings("ignore", message="Port .* is already in use")
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                             processes=True, host="127.0.0.1",
                                             dashboard_address=None)
            # set_as_default=False: a sweep must not change the caller's dask scheduler
            self._client = Client(self._cluster, set_as_default=False)
            _unpin_start_method(unset)
        return self._client

    @property
    def window(self) -> int:
        """Two calls per worker thread."""
        client = self._connect()
        return max(2, 2 * sum(client.nthreads().values()))

    def describe(self) -> str:
        """One line for the log."""
        client = self._connect()
        threads = sum(client.nthreads().values())
        where = self.scheduler or "a local cluster"
        return f"dask ({where}, {_count(threads, 'worker thread')})"

    def map(self, fn: Callable[..., Any], calls: Iterable[tuple]) -> Iterator[Any]:
        """Yield ``fn(*args)`` for each ``args`` in ``calls``, in order."""
        client = self._connect()
        return _ordered(lambda args: client.submit(fn, *args, pure=False),
                        lambda f: f.result(), lambda f: f.cancel(), calls, self.window)

    def close(self) -> None:
        """Close the client and any cluster this backend started."""
        if self._client is not None and self._own_client:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def make_backend(name: str | Backend, workers: int | None = None, scheduler: str | None = None,
                 threads: int | None = None) -> Backend:
    """The backend called ``name`` (or ``name`` itself if it is a :class:`Backend`)."""
    if isinstance(name, Backend):
        return name
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, int)
                                or threads < 1):
        raise ParameterError(f"threads = {threads!r} is out of range: must be an integer >= 1")
    if name == "serial":
        if workers not in (None, 1) or scheduler is not None:
            raise ParameterError("the serial backend takes neither --workers nor --scheduler")
        return SerialBackend(threads)
    if name == "local":
        if scheduler is not None:
            raise ParameterError("--scheduler is for the dask backend")
        return LocalBackend(workers, threads)
    if name == "dask":
        return DaskBackend(scheduler, workers, threads)
    raise ParameterError(f"backend = {name!r} is invalid: must be one of {BACKENDS}")
