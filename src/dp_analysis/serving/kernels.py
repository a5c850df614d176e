"""The kernel manager the dashboard server uses: culling that spares new pages.

Voilà starts one kernel per page view, and with a warm pool it starts (and
runs the notebook in) a kernel before anyone asks for the page. Kernels of
closed pages must be shut down, so culling is on; but a pooled kernel can sit
idle for longer than the cull timeout before it is handed to a page, and the
page then needs some seconds (many, on a busy machine) to connect. Jupyter's
culling looks only at the kernel's last activity and its connections, so it
shut such kernels down under the page's feet ("Kernel never reached an
'alive' state").

:class:`DashboardKernelManager` gives every kernel that leaves the pool
``connect_timeout`` seconds to get its page connected before culling may
touch it (Voilà's pooled kernels never reach the culler at all). A kernel
seen connected is culled as usual: ``cull_idle_timeout`` seconds after its
page closed, since ``cull_connected`` is off.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float

logger = logging.getLogger(__name__)


class DashboardKernelManager(AsyncMappingKernelManager):
    """Cull idle kernels, but not before their page could connect."""

    connect_timeout = Float(
        120.0,
        config=True,
        help="Seconds a kernel handed to a page is kept, however idle, until "
        "its page connects.",
    )

    def __init__(self, **kwargs: object):
        super().__init__(**kwargs)
        self._first_seen: dict[str, datetime] = {}
        self._connected_once: set[str] = set()

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Cull ``kernel_id`` if idle, once its page had time to connect."""
        if kernel_id not in self._kernels:
            return
        now = utcnow()
        first_seen = self._first_seen.setdefault(kernel_id, now)
        waiting = now - first_seen < timedelta(seconds=self.connect_timeout)
        if kernel_id not in self._connected_once and waiting:
            return
        await super().cull_kernel_if_idle(kernel_id)

    def notify_connect(self, kernel_id: str) -> None:
        """Count a page's connection, and remember that it connected."""
        self._connected_once.add(kernel_id)
        super().notify_connect(kernel_id)

    async def shutdown_kernel(  # type: ignore[override]
        self, kernel_id: str, *args: object, **kwargs: object
    ) -> None:
        """Shut a kernel down and forget what was recorded about it."""
        self._first_seen.pop(kernel_id, None)
        self._connected_once.discard(kernel_id)
        await super().shutdown_kernel(kernel_id, *args, **kwargs)
