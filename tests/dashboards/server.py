"""Start and watch a dashboard server for the tests.

The server runs as ``python -m dp_analysis.serving`` (what ``dp-analysis
serve`` runs) on a free port, serving a temporary copy of ``dashboards/``
beside a folder that must never be served, with symbolic links from one to
the other. Culling is made short so that the kernel tests finish quickly.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dp_analysis import paths

DASHBOARDS = ("uptake_explorer", "spb_explorer", "pilot_planner", "finance_model")
SECRET = "SECRET-OUTSIDE-DASHBOARDS-7f3a"
CULL_INTERVAL = 2
CULL_IDLE_TIMEOUT = 20


def free_port() -> int:
    """Return a TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def secret_notebook(marker: Path) -> dict:
    """Return a notebook that writes ``marker`` if anyone ever runs it."""
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "id": "leak",
                "source": f"open({str(marker)!r}, 'w').write('ran')\nprint({SECRET!r})",
            },
        ],
        "metadata": {
            "kernelspec": {
                "name": "python3",
                "display_name": "Python 3",
                "language": "python",
            }
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def lay_out(base: Path) -> tuple[Path, Path]:
    """Create ``served/`` (the dashboards, plus links out) and ``outside/``.

    Returns the served folder and the marker file the outside notebook would
    write if it were ever executed.
    """
    served, outside = base / "served", base / "outside"
    served.mkdir()
    outside.mkdir()
    for name in DASHBOARDS:
        shutil.copy(paths.DASHBOARD_DIR / f"{name}.ipynb", served)
    marker = base / "outside-notebook-ran"
    (outside / "secret.ipynb").write_text(json.dumps(secret_notebook(marker)))
    (outside / "secret.png").write_text(SECRET)
    (outside / "secret.txt").write_text(SECRET)
    (served / "linked.ipynb").symlink_to(outside / "secret.ipynb")
    (served / "linked.png").symlink_to(outside / "secret.png")
    (served / "linked-folder").symlink_to(outside, target_is_directory=True)
    return served, marker


@dataclass
class DashboardServer:
    """A running server: its address, process and log."""

    root: Path
    port: int
    process: subprocess.Popen
    log_path: Path
    marker: Path
    extra: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Return the server's base address."""
        return f"http://127.0.0.1:{self.port}/"

    def page(self, name: str, query: str = "") -> str:
        """Return the address of one dashboard page."""
        suffix = f"?{query}" if query else ""
        return f"{self.url}voila/render/{name}.ipynb{suffix}"

    def log(self) -> str:
        """Return the server's log so far."""
        return self.log_path.read_text(errors="replace")

    def kernel_pids(self) -> list[int]:
        """Return the process ids of the server's live kernels."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            ppid = re.search(r"^PPid:\s+(\d+)", status, re.M)
            if (
                ppid
                and int(ppid.group(1)) == self.process.pid
                and (b"ipykernel_launcher" in cmdline)
            ):
                pids.append(int(entry.name))
        return pids

    def wait_for_pools(
        self, timeout: float = 120, names: tuple[str, ...] = DASHBOARDS
    ) -> None:
        """Wait until every dashboard (of ``names``) has a warm kernel."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            filled = re.findall(r"Kernel pool of (\S+) is filled", self.log())
            if set(f"{n}.ipynb" for n in names) <= set(filled):
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"server stopped:\n{self.log()[-3000:]}")
            time.sleep(0.5)
        raise TimeoutError(f"kernel pools not filled:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        """Stop the server and its kernels."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(
    base: Path, *extra: str, prepare: Callable[[Path], None] | None = None
) -> DashboardServer:
    """Start the dashboard server on a copy of the dashboards in ``base``.

    ``prepare`` may add files to the served folder before the server starts.
    """
    served, marker = lay_out(base)
    if prepare is not None:
        prepare(served)
    port = free_port()
    log_path = base / "server.log"
    argv = [
        sys.executable,
        "-m",
        "dp_analysis.serving",
        str(served),
        f"--port={port}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_TIMEOUT}",
        *extra,
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=base
        )
    server = DashboardServer(served, port, process, log_path, marker, list(extra))
    return wait_until_answering(server)


def wait_until_answering(
    server: DashboardServer, timeout: float = 60
) -> DashboardServer:
    """Return ``server`` once it answers; stop it and raise if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(server.url, timeout=2).read()
            return server
        except OSError:
            if server.process.poll() is not None:
                raise RuntimeError(f"server did not start:\n{server.log()}") from None
            time.sleep(0.3)
    server.stop()
    raise TimeoutError(f"server did not answer:\n{server.log()}")


def start_cli_server(
    base: Path,
    notebooks: tuple[str, ...],
    *options: str,
    env: dict[str, str] | None = None,
) -> DashboardServer:
    """Start ``dp-analysis serve`` on a copy of some dashboards in ``base``.

    ``options`` are the command's own (``--source``, ``--month``); ``env``
    adds environment variables, such as ``DP_ANALYSIS_MODE``. Only the
    dashboards named are served, so that only their kernels are warmed.
    """
    served = base / "served"
    served.mkdir()
    for name in notebooks:
        shutil.copy(paths.DASHBOARD_DIR / f"{name}.ipynb", served)
    port = free_port()
    log_path = base / "server.log"
    command = "import sys; from dp_analysis.cli import main; sys.exit(main())"
    argv = [
        sys.executable,
        "-c",
        command,
        "serve",
        f"--dashboards={served}",
        f"--port={port}",
        *options,
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            argv,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            cwd=base,
        )
    marker = base / "outside-notebook-ran"  # nothing outside is served here
    return wait_until_answering(
        DashboardServer(served, port, process, log_path, marker, list(options))
    )
