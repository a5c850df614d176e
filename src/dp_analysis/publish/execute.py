"""Run notebooks with papermill, two at a time, on warm kernels.

Starting a kernel and importing pandas and plotly costs more than most of
the notebooks' own work. A refresh therefore starts one worker process per
core; each worker starts one kernel, imports the heavy libraries into it
once, and runs its share of the notebooks on that kernel. Before each
notebook the kernel's namespace is cleared (``%reset -f``) and its working
folder reset, so a notebook sees none of the previous one's variables.
Imported modules do stay loaded: a notebook that changes a library-wide
setting (a pandas option, plotly's default renderer) should set it itself.
The warm kernels also stop plotly's ``notebook`` renderer from embedding
plotly.js in each executed notebook: the site has one shared copy, and the
executed notebooks in the work folder stay small (open them in JupyterLab).
``fresh_kernels=True`` gives every notebook a kernel of its own instead,
as plain papermill does.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import re
import signal
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing.util import Finalize
from pathlib import Path
from typing import Any

from dp_analysis.publish import lock
from dp_analysis.publish.render import NotebookRenderer, RenderedNotebook

logger = logging.getLogger(__name__)

KERNEL_NAME = "python3"
_PR_SET_PDEATHSIG = 1
WARM_IMPORTS = (
    "numpy",
    "pandas",
    "plotly.graph_objects",
    "plotly.express",
    "plotly.io",
    "dp_analysis.counts",
    "dp_analysis.disclosure",
    "dp_analysis.loading",
    "dp_analysis.models",
    "dp_analysis.figures",
)
# The site ships one plotly.js for every page, so the kernels do not embed its
# 4.8 MB in every executed notebook, as plotly's "notebook" renderer would.
_WARM_CODE = (
    "import importlib as _i\n"
    "for _m in {modules!r}:\n"
    "    try:\n"
    "        _i.import_module(_m)\n"
    "    except Exception:\n"
    "        pass\n"
    "import plotly.io as _pio\n"
    "_pio.renderers['notebook'].activate = lambda: None\n"
    "try:\n"
    "    from dp_analysis.notebook_support import OfflineNotebookRenderer as _r\n"
    "    _r.embed_plotlyjs = False\n"
    "except ImportError:\n"
    "    pass\n"
)
_IMPORT = re.compile(
    r"^\s*(?:from\s+(?P<module>[\w.]+)\s+import\s+(?P<names>[\w ,()]+)"
    r"|import\s+(?P<plain>[\w.]+))",
    re.MULTILINE,
)
_RESET_CODE = (
    "get_ipython().run_line_magic('reset', '-f')\nimport os\nos.chdir({cwd!r})\n"
)


@dataclass(frozen=True)
class NotebookJob:
    """One notebook to run: where it is, where its executed copy goes, with what."""

    notebook: Path
    output: Path
    parameters: dict[str, Any] = field(default_factory=dict)
    label: str = ""


@dataclass(frozen=True)
class JobResult:
    """How one notebook run went."""

    job: NotebookJob
    seconds: float
    error: str | None = None
    page: RenderedNotebook | None = None

    @property
    def ok(self) -> bool:
        """Return True when the notebook ran to its end."""
        return self.error is None


# One kernel per worker process, started by _start_worker.
_worker_kernel: Any = None
_worker_cwd: str = ""
_worker_modules: tuple[str, ...] = ()
_worker_renderer: NotebookRenderer | None = None


def _start_kernel(cwd: str, modules: Sequence[str]) -> Any:
    """Return a started kernel manager whose kernel has ``modules`` imported."""
    from jupyter_client.manager import KernelManager

    manager = KernelManager(kernel_name=KERNEL_NAME)
    manager.start_kernel(cwd=cwd)
    _run_code(manager, _WARM_CODE.format(modules=tuple(modules)))
    return manager


def _run_code(manager: Any, code: str) -> None:
    """Run ``code`` on the kernel of ``manager`` and wait for it to finish."""
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        client.execute_interactive(code, timeout=300, output_hook=lambda msg: None)
    finally:
        client.stop_channels()


def _stop_kernel() -> None:
    """Shut the worker's kernel down when the worker process ends."""
    if _worker_kernel is not None and _worker_kernel.has_kernel:
        _worker_kernel.shutdown_kernel(now=True)


def _exit_with_parent() -> None:
    """Ask Linux to end this worker if the refresh process dies (even killed)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        logger.debug("prctl is not available; workers may outlive a killed refresh")
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(1))


def _start_worker(cwd: str, warm: bool, modules: Sequence[str]) -> None:
    """Initialise a worker process: start its warm kernel unless fresh kernels."""
    global _worker_kernel, _worker_cwd, _worker_modules
    lock.forget_in_child()
    _exit_with_parent()
    _worker_cwd, _worker_modules = cwd, tuple(modules)
    if warm:
        _worker_kernel = _start_kernel(cwd, _worker_modules)
        Finalize(None, _stop_kernel, exitpriority=10)


def _run_job(job: NotebookJob) -> JobResult:
    """Run one notebook in a worker process; never raise for a notebook error."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    global _worker_kernel, _worker_renderer
    started = time.perf_counter()
    if _worker_kernel is not None:
        if not _worker_kernel.is_alive():
            _worker_kernel = _start_kernel(_worker_cwd, _worker_modules)
        _run_code(_worker_kernel, _RESET_CODE.format(cwd=_worker_cwd))
    job.output.parent.mkdir(parents=True, exist_ok=True)
    message: str | None = None
    try:
        executed = papermill.execute_notebook(
            str(job.notebook),
            str(job.output),
            parameters=job.parameters,
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            request_save_on_cell_execute=False,
            cwd=_worker_cwd,
            km=_worker_kernel,
        )
    except PapermillExecutionError as error:
        message = f"{error.ename}: {error.evalue}"
    except Exception as error:  # a dead kernel or a timeout fails this notebook only
        message = f"{type(error).__name__}: {error}"
    if message is not None:
        return JobResult(job, time.perf_counter() - started, message)

    # Rendering here runs in parallel with the other worker's notebook.
    if _worker_renderer is None:
        _worker_renderer = NotebookRenderer()
    try:
        page = _worker_renderer.render_node(executed, job.notebook.stem)
    except Exception as error:  # a page that cannot be rendered fails the refresh
        message = f"the executed notebook could not be rendered: {error}"
        return JobResult(job, time.perf_counter() - started, message)
    return JobResult(job, time.perf_counter() - started, page=page)


def _ready() -> bool:
    """Return True once a worker (and its warm kernel) has started."""
    return True


def modules_imported_by(notebooks: Sequence[Path]) -> tuple[str, ...]:
    r"""Return the modules the notebooks' code cells import, in first-seen order.

    >>> import json, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "n.ipynb"
    >>> cell = {"id": "c1", "cell_type": "code", "source": "import pandas as pd\n"
    ...         "from dp_analysis.models import uptake", "metadata": {},
    ...         "outputs": [], "execution_count": None}
    >>> _ = path.write_text(json.dumps({"cells": [cell], "metadata": {},
    ...                                 "nbformat": 4, "nbformat_minor": 5}))
    >>> modules_imported_by([path])
    ('pandas', 'dp_analysis.models', 'dp_analysis.models.uptake')
    """
    import nbformat

    found: dict[str, None] = {}
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            for match in _IMPORT.finditer(cell.source):
                module = match.group("module") or match.group("plain")
                names = match.group("names")
                found.setdefault(module, None)
                for name in (names or "").replace("(", "").replace(")", "").split(","):
                    name = name.strip().split(" as ")[0].strip()
                    if name.isidentifier():
                        found.setdefault(f"{module}.{name}", None)
    return tuple(found)


class NotebookRunner:
    """Worker processes with warm kernels, started before they are needed.

    Start it early (the kernels warm up while the source is read), then call
    :meth:`run`; use it as a context manager so the kernels always stop.
    """

    def __init__(
        self,
        cwd: Path,
        workers: int = 2,
        fresh_kernels: bool = False,
        warm_modules: Sequence[str] = (),
    ):
        self.cwd = cwd
        self.workers = max(1, workers)
        self.fresh_kernels = fresh_kernels
        self.warm_modules = tuple(dict.fromkeys((*WARM_IMPORTS, *warm_modules)))
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> NotebookRunner:
        self._pool = ProcessPoolExecutor(
            self.workers,
            # Not "fork": a forked worker inherits every lock held by the
            # parent's other threads (a browser driver, an event loop in a test
            # run, a server) and can block on one for ever.
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(str(self.cwd), not self.fresh_kernels, self.warm_modules),
        )
        # Workers start on the first submission: start them (and their
        # kernels) now, while the source is read.
        self._pool.submit(_ready)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def run(
        self,
        jobs: Sequence[NotebookJob],
        on_done: Callable[[int, int, JobResult], None] | None = None,
    ) -> list[JobResult]:
        """Run every job and return their results in the order of ``jobs``.

        Stops starting new notebooks after the first failure. ``on_done`` is
        called after each notebook with (number done, number of jobs, result).
        """
        assert self._pool is not None, "use NotebookRunner as a context manager"
        futures: dict[Future[JobResult], int] = {
            self._pool.submit(_run_job, job): index for index, job in enumerate(jobs)
        }
        results: dict[int, JobResult] = {}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                result = future.result()
                results[futures[future]] = result
                if on_done is not None:
                    on_done(len(results), len(jobs), result)
                if not result.ok:
                    for other in pending:
                        other.cancel()
            pending = {f for f in pending if not f.cancelled()}
        return [results[i] for i in sorted(results)]
