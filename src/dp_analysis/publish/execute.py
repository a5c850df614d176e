"""Run notebooks with papermill on warm kernels, driven from this process.

Starting a kernel and importing pandas and plotly into it costs more than
most of the notebooks' own work. A refresh therefore starts a few kernels
(two by default, one per core) as its very first step, imports the heavy
libraries into each once, and runs every notebook on one of them. Each
kernel has one thread in this process that hands it the next notebook of a
shared queue, so the notebooks run on all kernels at once while this
process renders the ones already done. No worker process is started: a
thread waiting on a kernel costs nothing, where a process would import
papermill and pandas again.

Before each notebook the kernel's namespace is cleared and its working
folder and execution count reset, so a notebook sees none of the previous
one's variables. Imported modules do stay loaded: a notebook that changes a
library-wide setting (a pandas option, plotly's default renderer) should
set it itself. The warm kernels also stop plotly's ``notebook`` renderer
from embedding plotly.js in each executed notebook: the site has one shared
copy, and the executed notebooks in the work folder stay small (open them
in JupyterLab). ``fresh_kernels=True`` gives every notebook a kernel of its
own instead, as plain papermill does.

After the first failed notebook no queued notebook is started; the
notebooks already running finish.
"""

from __future__ import annotations

import logging
import queue
import re
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

KERNEL_NAME = "python3"
WARM_IMPORTS = (
    "numpy",
    "pandas",
    "plotly.graph_objects",
    "plotly.io",
    "dp_analysis.counts",
    "dp_analysis.disclosure",
    "dp_analysis.models",
    "dp_analysis.figures",
)
# jsonschema (imported by nbformat, which papermill and plotly.io import)
# imports rfc3987_syntax when it is installed, and that module builds a
# grammar for checking IRIs at import: about 1.6 s of CPU in every process,
# more than a notebook's own work. Nothing in a refresh checks IRIs, so the
# refresh and its kernels leave it out; jsonschema then skips only the "iri"
# format checks.
UNUSED_IMPORTS = ("rfc3987_syntax",)
# The site ships one plotly.js for every page, so the kernels do not embed its
# 4.8 MB in every executed notebook, as plotly's "notebook" renderer would.
_WARM_CODE = (
    "import importlib as _i, sys as _s\n"
    "for _m in {unused!r}:\n"
    "    _s.modules.setdefault(_m, None)\n"
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
    "del _i, _s, _m, _pio\n"
)
# What ``%reset -f`` does for a notebook's isolation, less its garbage
# collection (a quarter of a second with pandas and plotly loaded).
_RESET_CODE = """
def _reset(shell=get_ipython()):
    import os
    for name in [n for n in shell.user_ns if n not in shell.user_ns_hidden]:
        del shell.user_ns[name]
    shell.user_ns_hidden["_oh"].clear()
    shell.execution_count = 1
    os.chdir({cwd!r})
_reset()
"""
_IMPORT = re.compile(
    r"^\s*(?:from\s+(?P<module>[\w.]+)\s+import\s+(?P<names>[\w ,()]+)"
    r"|import\s+(?P<plain>[\w.]+))",
    re.MULTILINE,
)
_STOP = None
_KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False"]


def leave_out_unused_imports() -> None:
    """Keep the modules of :data:`UNUSED_IMPORTS` from loading in this process.

    Has no effect on a module already imported. Call it before anything
    imports ``jsonschema``.
    """
    for name in UNUSED_IMPORTS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


@dataclass(frozen=True)
class NotebookJob:
    """One notebook to run: where it is, where its executed copy goes, with what."""

    notebook: Path
    output: Path
    parameters: dict[str, Any] = field(default_factory=dict)
    label: str = ""


@dataclass(frozen=True)
class JobResult:
    """How one notebook run went: the executed notebook, or the error."""

    job: NotebookJob
    seconds: float
    error: str | None = None
    executed: Any = None

    @property
    def ok(self) -> bool:
        """Return True when the notebook ran to its end."""
        return self.error is None


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
    found: dict[str, None] = {}
    for path in notebooks:
        # Plain JSON: nbformat's reader would validate every notebook first.
        notebook = _read_json(path)
        for cell in notebook.get("cells", []):
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            for match in _IMPORT.finditer(source):
                module = match.group("module") or match.group("plain")
                names = match.group("names")
                found.setdefault(module, None)
                for name in (names or "").replace("(", "").replace(")", "").split(","):
                    name = name.strip().split(" as ")[0].strip()
                    if name.isidentifier():
                        found.setdefault(f"{module}.{name}", None)
    return tuple(found)


def _read_json(path: Path) -> dict[str, Any]:
    import json

    with path.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


class _Kernel:
    """One kernel and a client kept connected to it, for warm-up and resets."""

    def __init__(self, cwd: str):
        from jupyter_client.manager import KernelManager

        self.cwd = cwd
        self.manager = KernelManager(kernel_name=KERNEL_NAME)
        # No input history: the reset between notebooks sets the execution
        # count back to 1, and IPython's history database then refuses the
        # repeated line numbers with an "ERROR! Session/line number was not
        # unique" printed into the next notebook's output, and so its page.
        self.manager.start_kernel(cwd=cwd, extra_arguments=_KERNEL_ARGUMENTS)
        self._client: Any = None

    def run_code(self, code: str) -> None:
        """Run ``code`` on the kernel and wait until it has finished."""
        if self._client is None:
            from jupyter_client.session import Session

            # A session of its own: papermill's clients share the manager's
            # session, whose id is the socket identity the kernel replies to;
            # each new client takes that identity over from the previous one.
            own = Session(
                key=self.manager.session.key,
                signature_scheme=self.manager.session.signature_scheme,
            )
            self._client = self.manager.client(session=own)
            self._client.start_channels()
            self._client.wait_for_ready(timeout=120)
        # Not stored in the history, so the execution count stays as reset.
        reply = self._client.execute_interactive(
            code, store_history=False, timeout=120, output_hook=lambda message: None
        )
        if reply["content"].get("status") != "ok":
            content = reply["content"]
            raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")

    def kill(self) -> None:
        """Kill the kernel's process at once (from any thread)."""
        process = getattr(self.manager.provisioner, "process", None)
        if process is not None and process.poll() is None:
            process.kill()

    def shutdown(self) -> None:
        """Stop the client and the kernel."""
        if self._client is not None:
            self._client.stop_channels()
            self._client = None
        if self.manager.has_kernel:
            self.manager.shutdown_kernel(now=True)


def _execute(job: NotebookJob, kernel: _Kernel) -> JobResult:
    """Run one notebook with papermill on ``kernel``; never raise for its errors."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    started = time.perf_counter()
    job.output.parent.mkdir(parents=True, exist_ok=True)
    try:
        executed = papermill.execute_notebook(
            str(job.notebook),
            str(job.output),
            parameters=job.parameters,
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            request_save_on_cell_execute=False,
            # No cwd: papermill would chdir this whole process. The kernel
            # was started in, and is reset to, the notebooks' folder.
            km=kernel.manager,
        )
    except PapermillExecutionError as error:
        message = f"{error.ename}: {error.evalue}"
    except Exception as error:  # a dead kernel or a timeout fails this notebook only
        message = f"{type(error).__name__}: {error}"
    else:
        return JobResult(job, time.perf_counter() - started, executed=executed)
    return JobResult(job, time.perf_counter() - started, message)


class NotebookRunner:
    """Kernels started before they are needed, and a queue of notebooks for them.

    Use it as a context manager: entering starts the kernels (they warm up
    while the caller reads its source), leaving stops them. Call
    :meth:`run` once.
    """

    def __init__(
        self,
        cwd: Path,
        kernels: int = 2,
        fresh_kernels: bool = False,
        notebooks: Sequence[Path] = (),
    ):
        self.cwd = cwd
        self.kernels = max(1, kernels)
        self.fresh_kernels = fresh_kernels
        self.notebooks = tuple(notebooks)
        self._jobs: queue.SimpleQueue[NotebookJob | None] = queue.SimpleQueue()
        self._results: queue.SimpleQueue[JobResult | None] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._live: list[_Kernel] = []
        self._live_lock = threading.Lock()
        self._warm = ""
        self._skipped = 0
        self._before_each = ""

    def _warm_code(self) -> str:
        """Return the code that warms a kernel (worked out once, by one thread)."""
        with self._live_lock:
            if not self._warm:
                found = modules_imported_by(self.notebooks)
                modules = tuple(dict.fromkeys((*WARM_IMPORTS, *found)))
                self._warm = _WARM_CODE.format(unused=UNUSED_IMPORTS, modules=modules)
            return self._warm

    def __enter__(self) -> NotebookRunner:
        # The kernels' processes are launched here, one after the other (a
        # launch takes milliseconds); each thread then waits for its kernel
        # to boot and warms it, while this thread gets on with the refresh.
        try:
            for number in range(1, self.kernels + 1):
                kernel = None if self.fresh_kernels else self._start()
                thread = threading.Thread(
                    target=self._serve,
                    args=(kernel,),
                    name=f"kernel-{number}",
                    daemon=True,
                )
                thread.start()
                self._threads.append(thread)
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self._stop.set()
        self._drain()
        for _ in self._threads:
            self._jobs.put(_STOP)
        if kind is not None:
            # Stopped by an error or an interrupt: do not wait for notebooks.
            with self._live_lock:
                for kernel in self._live:
                    kernel.kill()
        for thread in self._threads:
            thread.join(timeout=60)
        self._threads.clear()

    def _drain(self) -> int:
        """Take every queued notebook off the queue; return how many there were."""
        removed = 0
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return removed
            if job is not None:
                removed += 1

    def _start(self) -> _Kernel:
        kernel = _Kernel(str(self.cwd))
        with self._live_lock:
            self._live.append(kernel)
        return kernel

    def _finish(self, kernel: _Kernel | None) -> None:
        if kernel is None:
            return
        with self._live_lock:
            self._live.remove(kernel)
        try:
            kernel.shutdown()
        except Exception as error:  # the kernel may have died already
            logger.debug("Stopping a kernel: %s", error)

    def _serve(self, kernel: _Kernel | None) -> None:
        """Warm ``kernel``, then run queued notebooks on it until told to stop."""
        problem = ""
        started = time.perf_counter()
        if kernel is not None:
            try:
                kernel.run_code(self._warm_code())
                logger.debug(
                    "Kernel %s warm in %.1f s",
                    threading.current_thread().name,
                    time.perf_counter() - started,
                )
            except Exception as error:
                problem = f"the kernel could not start: {error}"
        try:
            while (job := self._jobs.get()) is not _STOP:
                if self._stop.is_set():
                    self._results.put(None)  # taken, but not run
                    continue
                result = self._run_one(job, kernel, problem)
                if not result.ok:
                    # Before this thread takes another notebook off the queue.
                    self._stop.set()
                self._results.put(result)
        finally:
            self._finish(kernel)

    def _run_one(
        self, job: NotebookJob, kernel: _Kernel | None, problem: str
    ) -> JobResult:
        """Run one job on ``kernel``, or on a kernel of its own when fresh."""
        if problem:
            return JobResult(job, 0.0, problem)
        started = time.perf_counter()
        own = kernel is None
        try:
            if own:
                kernel = self._start()
            assert kernel is not None
            kernel.run_code(_RESET_CODE.format(cwd=kernel.cwd) + self._before_each)
        except Exception as error:
            if own:
                self._finish(kernel)
            return JobResult(job, time.perf_counter() - started, f"kernel: {error}")
        result = _execute(job, kernel)
        if own:
            self._finish(kernel)
        return result

    def cancel(self) -> None:
        """Start no queued notebook; the notebooks already running finish."""
        self._stop.set()
        self._skipped += self._drain()

    def run(
        self, jobs: Sequence[NotebookJob], before_each: str = ""
    ) -> Iterator[JobResult]:
        """Queue the jobs now; return an iterator of results, as each one finishes.

        ``before_each`` is code the kernel runs, after its reset, before each
        notebook. After the first failure (or :meth:`cancel`) no queued
        notebook is started. The kernels stop once every job is done or
        skipped.
        """
        self._before_each = before_each
        for job in jobs:
            self._jobs.put(job)
        return self._collect(len(jobs))

    def _collect(self, expected: int) -> Iterator[JobResult]:
        """Yield results until every job has finished or been skipped."""
        received = 0
        try:
            while received + self._skipped < expected:
                result = self._results.get()
                if result is None:  # taken off the queue after a failure
                    self._skipped += 1
                    continue
                received += 1
                if not result.ok:
                    self.cancel()
                yield result
        finally:
            for _ in self._threads:
                self._jobs.put(_STOP)
            if self._skipped:
                logger.info("%d queued notebook(s) not started", self._skipped)
