"""Switch a published site to a newly built one in a single step.

The new site is built in a folder next to the target (same file system), and
the two folders are exchanged with Linux's ``renameat2(RENAME_EXCHANGE)``: a
reader, or a crash, sees either the whole old site or the whole new one.
Where the kernel or file system cannot exchange, the old site is renamed
aside and the new one renamed in; :func:`recover` repairs the short window
between those two renames on the next run.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import shutil
from pathlib import Path

logger = logging.getLogger(__name__)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
BUILD_PREFIX = ".build-"
RETIRED_SUFFIX = ".retired"


def build_folder_prefix(target: Path) -> str:
    """Return the name prefix of temporary build folders for ``target``."""
    return f".{target.name}{BUILD_PREFIX}"


def _exchange(first: Path, second: Path) -> bool:
    """Exchange two paths atomically; return False when not supported here."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD,
        os.fsencode(first),
        _AT_FDCWD,
        os.fsencode(second),
        _RENAME_EXCHANGE,
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _sync_parent(path: Path) -> None:
    """Flush the parent folder's entries so the rename survives a power cut."""
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def swap_in(new_site: Path, target: Path) -> None:
    """Make ``new_site`` the site at ``target``; the old one is deleted."""
    if not target.exists():
        os.rename(new_site, target)
    elif _exchange(new_site, target):
        shutil.rmtree(new_site)
    else:
        retired = target.with_name(target.name + RETIRED_SUFFIX)
        shutil.rmtree(retired, ignore_errors=True)
        os.rename(target, retired)
        os.rename(new_site, target)
        shutil.rmtree(retired)
    _sync_parent(target)
    logger.debug("Switched %s to the new build", target)


def recover(target: Path) -> None:
    """Undo what an interrupted earlier run left next to ``target``.

    Restores a site renamed aside by the fallback switch, and deletes
    unfinished build folders. Call it while holding the refresh lock.
    """
    retired = target.with_name(target.name + RETIRED_SUFFIX)
    if retired.exists():
        if target.exists():
            shutil.rmtree(retired)
        else:
            os.rename(retired, target)
            logger.warning("Restored the site %s left aside by a stopped run", target)
    if target.parent.exists():
        for leftover in target.parent.glob(build_folder_prefix(target) + "*"):
            logger.info("Removing an unfinished build %s", leftover)
            shutil.rmtree(leftover, ignore_errors=True)
