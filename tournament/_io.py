"""Safe file output: checked locations, atomic files and atomic sets of files.

Every file the package writes goes through :func:`atomic_path`: it is written
under a hidden temporary name in the destination folder and renamed onto its
final name only once complete, so an interrupted or failed write never
leaves a file that looks complete. Temporary files are created with mode
``0o666`` and the process's umask applied by the kernel, so finished files
get the permissions any other program's files would get.

A set of files that belong together (the tables of one run) is committed by
:class:`FileSet`: all files are written under temporary names first, then
renamed together with SIGINT held off, and a manifest written last marks the
set as complete.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from ._errors import ParameterError

__all__ = ["atomic_path", "atomic_write_text", "atomic_write", "check_output_path",
           "no_interrupt", "PARTIAL_SUFFIX"]

PARTIAL_SUFFIX = ".partial"


def _temporary_beside(path: Path) -> Path:
    """Create an empty temporary file beside ``path`` (mode 0o666 less the umask)."""
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # pragma: no cover - 32 random bits collided
            continue
        os.close(fd)
        return tmp


@contextlib.contextmanager
def atomic_path(path: Path, parents: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` on success.

    If the body raises (``KeyboardInterrupt`` included), the temporary file is
    removed and ``path`` is left untouched.

    Parameters
    ----------
    path : Path
        The final file.
    parents : bool
        Create missing parent folders (default ``True``; the command line
        checks its ``--out`` locations first with :func:`check_output_path`).
    """
    path = Path(path)
    if parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary_beside(path)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text)


def atomic_write(path: Path, writer: Callable[[Path], None]) -> None:
    """Call ``writer(tmp)`` and move the result onto ``path`` atomically."""
    with atomic_path(path) as tmp:
        writer(tmp)


@contextlib.contextmanager
def no_interrupt() -> Iterator[None]:
    """Defer SIGINT (Ctrl-C) until the body has run; then deliver it as usual.

    Used around the few steps that must not be cut in half (creating a
    temporary file and recording it; the renames that commit a set of files).
    The Python-level handler is swapped rather than the signal blocked: a
    blocked signal is delivered to another thread (NumPy's BLAS threads, for
    instance), whose C handler still makes the main thread raise at once.
    Only the main thread can install handlers; elsewhere the body just runs.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            if callable(previous):
                previous(signal.SIGINT, None)  # the default handler raises KeyboardInterrupt
            elif previous == signal.SIG_DFL:
                os.kill(os.getpid(), signal.SIGINT)


def check_output_path(path: str | Path, name: str = "out", suffixes: tuple[str, ...] = (),
                      parents: bool = False, folder: bool = False) -> Path:
    """Check, before any work, that ``path`` can be written; return it as a Path.

    Parameters
    ----------
    path : str or Path
        The output file (or folder, with ``folder=True``).
    name : str
        The parameter's name, for the error message.
    suffixes : tuple of str
        Allowed file suffixes (lower case, with the dot); empty: any.
    parents : bool
        Create a missing parent folder; otherwise a missing parent is an error.
    folder : bool
        ``path`` is a folder that will be created or filled.

    Raises
    ------
    ParameterError
        Naming the parameter, the path and what is wrong with it.
    """
    path = Path(path)
    if suffixes and path.suffix.lower() not in suffixes:
        raise ParameterError(f"{name} = {str(path)!r} must end in {' or '.join(suffixes)}")
    if not folder and path.is_dir():
        raise ParameterError(f"{name} = {str(path)!r} is a folder, not a file")
    if folder and path.exists() and not path.is_dir():
        raise ParameterError(f"{name} = {str(path)!r} exists and is not a folder")
    parent = path if folder and path.is_dir() else path.parent
    if not parent.exists():
        if not parents:
            raise ParameterError(
                f"{name} = {str(path)!r}: the folder {str(parent)!r} does not exist "
                f"(create it, or pass --parents to create it)")
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ParameterError(f"{name} = {str(path)!r}: cannot create the folder "
                                 f"{str(parent)!r} ({exc.strerror})") from None
    if not parent.is_dir():
        raise ParameterError(f"{name} = {str(path)!r}: {str(parent)!r} is not a folder")
    try:
        probe = _temporary_beside(parent / "write-check")
    except OSError as exc:
        raise ParameterError(f"{name} = {str(path)!r}: cannot write in {str(parent)!r} "
                             f"({exc.strerror})") from None
    probe.unlink()
    return path
