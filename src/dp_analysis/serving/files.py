"""Keep every file the dashboard server reads inside ``dashboards/``.

Voilà and tornado check a requested path against the served folder after
normalising ``..`` away, but without resolving symbolic links, so a link
inside ``dashboards/`` could hand out any file on the machine. The classes
here resolve links first and refuse (404) whatever lands outside.
"""

from __future__ import annotations

import errno
import logging
import os

from jupyter_server.services.contents.largefilemanager import LargeFileManager
from tornado import web
from voila.static_file_handler import AllowListFileHandler

logger = logging.getLogger(__name__)


def is_inside(path: str, root: str) -> bool:
    """Return True when ``path``, links resolved, lies within ``root``.

    >>> is_inside("/srv/dashboards/a.ipynb", "/srv/dashboards")
    True
    >>> is_inside("/srv/dashboards/../secret", "/srv/dashboards")
    False
    """
    real_root = os.path.realpath(root)
    real_path = os.path.realpath(path)
    return real_path == real_root or real_path.startswith(real_root + os.sep)


class ContainedContentsManager(LargeFileManager):
    """Notebook and folder lookups that stay inside the served folder.

    A path that leads outside is answered 404; in a folder listing it is
    left out (the listing skips entries that raise a permission error).
    """

    _listing = False

    def _get_os_path(self, path: str) -> str:
        os_path = super()._get_os_path(path)
        if not is_inside(os_path, self.root_dir):
            logger.warning("Refused a path outside the dashboards folder: %s", path)
            if self._listing:
                raise PermissionError(errno.EACCES, "outside the dashboards", path)
            raise web.HTTPError(404, "no such dashboard")
        return os_path

    def _dir_model(self, path: str, content: bool = True) -> dict:
        self._get_os_path(path)  # the folder itself must be inside
        self._listing = True
        try:
            return super()._dir_model(path, content)
        finally:
            self._listing = False


class ContainedFileHandler(AllowListFileHandler):
    """Voilà's ``/voila/files/`` handler, refusing links that leave the root."""

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        """Refuse paths whose real location is outside ``root``."""
        if not is_inside(absolute_path, root):
            raise web.HTTPError(404)
        return super().validate_absolute_path(root, absolute_path)
