"""One refresh at a time: an exclusive lock on a file next to the site.

The lock is an ``fcntl`` lock, so the kernel releases it when the process
ends, even when it is killed: a crashed refresh never leaves a stale lock.
The file holds the process id of the holder, for the error message only.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from pathlib import Path
from types import TracebackType

from dp_analysis.exceptions import PublicationError

logger = logging.getLogger(__name__)

# Descriptors of the locks this process holds, so forked workers can drop them.
_HELD: set[int] = set()


class RefreshLockedError(PublicationError):
    """Another refresh holds the lock of the same site."""


def forget_in_child() -> None:
    """Close, in a forked child, the lock descriptors inherited from its parent.

    The lock then lasts exactly as long as the refresh process itself: a
    worker left behind by a killed refresh cannot keep the site locked.
    """
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


class RefreshLock:
    """Context manager holding an exclusive, non-blocking lock on ``path``.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "site.lock"
    >>> with RefreshLock(path):
    ...     try:
    ...         RefreshLock(path).acquire()
    ...     except RefreshLockedError:
    ...         print("busy")
    busy
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`RefreshLockedError` at once."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise RefreshLockedError(
                f"{self.path}: another refresh (process {holder}) is publishing "
                "this site; wait for it to finish and run the command again"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd
        _HELD.add(fd)
        logger.debug("Took the refresh lock %s", self.path)

    def release(self) -> None:
        """Release the lock (the file stays, empty, for the next run)."""
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        _HELD.discard(self._fd)
        self._fd = None

    def __enter__(self) -> RefreshLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()
