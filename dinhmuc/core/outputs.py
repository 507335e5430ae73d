"""Writing a dossier safely (ghi hồ sơ an toàn): checks before the work, one build per folder, clean interruption.

* :func:`preflight` — before any computation: the output's parent folder can
  be created and written, the output is a folder (or absent), there is free
  space for the expected size;
* :class:`OutputLock` — a lock file beside the output (``.ho_so.lock``,
  ``fcntl.flock``) refuses a second concurrent build to the same folder with a
  clear message; stale staging folders of earlier, killed builds
  (``.ho_so.*.building``, ``.ho_so.*.tmp``, ``.ho_so.old-*``) are swept while
  the lock is held, since no other build can own them then;
* :func:`interruptible` — SIGTERM and SIGHUP raise
  :class:`~dinhmuc.core.errors.BuildInterrupted` in the main thread, so the
  ``finally`` blocks of the build remove its staging folder (``kill -9``
  cannot be caught: the next build sweeps what it left).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import threading
from pathlib import Path

from .errors import BuildInterrupted, OutputError
from .i18n import tr

__all__ = ["OutputLock", "interruptible", "preflight", "stale_siblings", "sweep_stale"]

#: Free space asked for a new dossier when no earlier one shows its size (the example's is ~3 MB; PDFs double it).
DEFAULT_EXPECTED_BYTES = 50 * 1024 * 1024


def _folder_size(path: Path) -> int:
    total = 0
    for root, _, names in os.walk(path):
        for n in names:
            try:
                total += os.lstat(os.path.join(root, n)).st_size
            except OSError:
                pass
    return total


def preflight(out: str | Path, *, overwrite: bool = False, expected_bytes: int | None = None) -> Path:
    """Check, before the work starts, that ``out`` can be written; create its parent folder if missing."""
    out = Path(out)
    if len(str(out)) > 1024:
        raise OutputError(tr("outputs.path_too_long", n_out=len(str(out))), str(out)[:80])
    if out.exists() and not out.is_dir():
        raise OutputError(tr("outputs.is_a_file", out=out), str(out))
    if out.exists() and not overwrite:
        from .errors import InputError, Location, Problem

        raise InputError(
            Problem(
                tr("outputs.exists", out=out),
                Location(str(out)),
                "exists",
                tr("outputs.new_folder"),
            )
        )
    parent = out.parent if str(out.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(tr("outputs.cannot_create", parent=parent, value=exc.strerror or exc), str(parent)) from None
    if not parent.is_dir():
        raise OutputError(tr("outputs.not_a_folder", parent=parent), str(parent))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(tr("outputs.read_only", parent=parent), str(parent))
    if expected_bytes is None:
        expected_bytes = max(DEFAULT_EXPECTED_BYTES, 2 * _folder_size(out)) if out.exists() else DEFAULT_EXPECTED_BYTES
    try:
        free = shutil.disk_usage(parent).free
    except OSError:
        free = None
    if free is not None and free < expected_bytes:
        raise OutputError(
            tr("outputs.no_space", parent=parent, value=free // (1024 * 1024), value2=expected_bytes // (1024 * 1024)),
            str(parent),
        )
    return out


def stale_siblings(out: str | Path) -> list[Path]:
    """Staging folders of earlier builds to ``out``: ``.NAME.*.building``, ``.NAME.*.tmp``, ``.NAME.old-*``."""
    out = Path(out)
    parent = out.parent if str(out.parent) else Path(".")
    pre = f".{out.name}."
    found = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return []
    for e in entries:
        n = e.name
        if n.startswith(pre) and (n.endswith((".building", ".tmp")) or n.startswith(pre + "old-")):
            found.append(Path(e.path))
    return sorted(found)


def sweep_stale(out: str | Path) -> list[Path]:
    """Remove the staging folders killed builds left beside ``out`` (call with the :class:`OutputLock` held)."""
    removed = []
    for p in stale_siblings(out):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                p.unlink()
        removed.append(p)
    return removed


class OutputLock:
    """An exclusive lock on the output path, held for the whole build (a lock file ``.NAME.lock`` beside it).

    A second build to the same folder is refused at once, with a message
    naming the folder; the lock goes with the process (also after ``kill -9``).
    The lock file is removed when the build ends.
    """

    def __init__(self, out: str | Path):
        out = Path(out)
        parent = out.parent if str(out.parent) else Path(".")
        self.path = parent / f".{out.name}.lock"
        self.out = out
        self.fd: int | None = None

    def acquire(self) -> OutputLock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock, the rename stays atomic
            return self
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as exc:
                raise OutputError(
                    tr("outputs.cannot_create_lock", path=self.path, value=exc.strerror or exc), str(self.path)
                ) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise OutputError(
                    tr("outputs.locked", out=self.out),
                    str(self.out),
                ) from None
            # the file may have been removed by the build that held it just before: lock the one at the path
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except OSError:
                same = False
            if same:
                self.fd = fd
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                    os.write(fd, f"{os.getpid()}\n".encode())
                return self
            os.close(fd)
        raise OutputError(tr("outputs.cannot_lock", out=self.out), str(self.out))

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


@contextlib.contextmanager
def interruptible():
    """Within the block, SIGTERM and SIGHUP raise :class:`BuildInterrupted` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signums = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {}

    def handler(signum, frame):
        # restore at once: a second signal during the clean-up ends the process the ordinary way
        for s, h in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(s, h)
        raise BuildInterrupted(signum)

    for s in signums:
        try:
            old = signal.signal(s, handler)
        except (ValueError, OSError):
            continue
        if old is signal.SIG_IGN:  # e.g. under nohup: the user asked to ignore it
            signal.signal(s, old)
            continue
        previous[s] = old
    try:
        yield
    finally:
        for s, h in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(s, h)
