"""Executing a notebook: papermill injects the parameters after the ``parameters`` cell and
runs the cells through nbclient on an ipykernel kernel of this Python, with a time limit per
cell, a time limit in total, a memory limit and a working directory, and the kernel always
shut down.

- **Per cell**: nbclient's ``timeout`` (NOTEBOOK_CELL_TIMEOUT_SECONDS) interrupts the cell
  and fails the run.
- **In total**: a timer kills the kernel process at NOTEBOOK_RUN_TIMEOUT_SECONDS; nbclient
  then sees a dead kernel and the run fails with that reason.
- **Memory**: the kernel is started through a few lines of Python that call
  ``resource.setrlimit(RLIMIT_AS, …)`` before ipykernel starts, so the limit holds in the
  kernel process only (and its children), never in the server. Where ``resource`` is
  missing (Windows) the kernel starts without a limit.
- **Working directory**: the kernel's own (``cwd`` of its process, set through nbclient's
  ``resources.metadata.path``); the server's working directory is never changed, so runs
  in several threads do not disturb each other.
- **Kernels at once**: ``KernelSlots`` bounds them per process (NOTEBOOK_MAX_KERNELS); the
  ``notebook.run`` job type has the same concurrency across workers.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import orjson

from gaugeboard.errors import RateLimited

log = logging.getLogger(__name__)
KERNEL_NAME = "python3"
START_TIMEOUT_SECONDS = 60
# Run by ``python -c`` in the kernel's process: the limit, then ipykernel as its launcher.
LAUNCH = """\
import sys
limit = int(sys.argv.pop(1))
if limit > 0:
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass
from ipykernel import kernelapp
kernelapp.launch_new_instance()
"""
# What a cell-start hook gets: (cell index, number of cells).
CellHook = Callable[[int, int], None]


@dataclass(frozen=True)
class KernelLimits:
    cell_seconds: int
    run_seconds: int
    memory_bytes: int

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> KernelLimits:
        return cls(
            int(settings["NOTEBOOK_CELL_TIMEOUT_SECONDS"]),
            int(settings["NOTEBOOK_RUN_TIMEOUT_SECONDS"]),
            int(settings["NOTEBOOK_MEMORY_LIMIT_MB"]) * 1024 * 1024,
        )


class RunFailed(Exception):
    """A run that did not finish: its message says which cell and why, in one line."""


class KernelSlots:
    """At most ``count`` kernels at once in this process."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._free = threading.BoundedSemaphore(count)

    @contextmanager
    def taken(self, wait_seconds: float) -> Iterator[None]:
        """Hold a slot; RateLimited (429) when none frees up within ``wait_seconds``."""
        if not self._free.acquire(timeout=max(0.0, wait_seconds)):
            raise RateLimited(
                5,
                f"kernels: all {self.count} notebook kernels (NOTEBOOK_MAX_KERNELS) are busy; "
                "try again shortly",
            )
        try:
            yield
        finally:
            self._free.release()


@dataclass
class KernelWatch:
    """The kernel processes of one run, so the total time limit can kill them."""

    processes: list[Any] = field(default_factory=list)
    expired: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def started(self, process: Any) -> None:
        with self._lock:
            self.processes.append(process)
            if self.expired:
                process.kill()

    def expire(self) -> None:
        with self._lock:
            self.expired = True
        self.kill_all()

    def kill_all(self) -> None:
        with self._lock:
            for process in self.processes:
                if process.poll() is None:
                    process.kill()


def _manager_class(limits: KernelLimits, watch: KernelWatch) -> type[Any]:
    """An AsyncKernelManager that starts its kernel under the memory limit and tells
    ``watch`` about the process (imported here: nothing of Jupyter loads with the server)."""
    from jupyter_client.manager import AsyncKernelManager

    class LimitedKernelManager(AsyncKernelManager):
        def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
            cmd = list(super().format_kernel_cmd(extra_arguments))
            rest = cmd[cmd.index("ipykernel_launcher") + 1 :] if "ipykernel_launcher" in cmd else []
            if not rest:
                raise RunFailed(f"the {KERNEL_NAME} kernel is not ipykernel: {cmd[:3]}")
            return [sys.executable, "-c", LAUNCH, str(limits.memory_bytes), *rest]

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            await super()._async_launch_kernel(kernel_cmd, **kw)
            process = getattr(self.provisioner, "process", None)
            if process is not None:
                watch.started(process)

    return LimitedKernelManager


def _hooks(on_cell: CellHook | None, total: int) -> dict[str, Any]:
    if on_cell is None:
        return {}

    def started(cell: Any, cell_index: int) -> None:
        on_cell(cell_index, total)

    return {"on_cell_start": started}


def _failure(exc: Exception, limits: KernelLimits, watch: KernelWatch) -> RunFailed:
    name = type(exc).__name__
    if watch.expired:
        return RunFailed(
            f"the run passed NOTEBOOK_RUN_TIMEOUT_SECONDS ({limits.run_seconds} s); "
            "its kernel was stopped"
        )
    if name == "CellTimeoutError":
        return RunFailed(
            f"a cell passed NOTEBOOK_CELL_TIMEOUT_SECONDS ({limits.cell_seconds} s): "
            + " ".join(str(exc).split())[:300]
        )
    if name == "PapermillExecutionError":
        cell = getattr(exc, "exec_count", None)
        ename, evalue = getattr(exc, "ename", "Error"), getattr(exc, "evalue", "")
        where = f"cell [{cell}]" if cell is not None else "a cell"
        return RunFailed(f"{where} raised {ename}: {' '.join(str(evalue).split())}"[:1000])
    if name == "DeadKernelError":
        return RunFailed(
            "the kernel died (out of memory under NOTEBOOK_MEMORY_LIMIT_MB, or killed)"
        )
    message = " ".join(str(exc).split())
    if "died before replying" in message:
        return RunFailed(
            "the kernel stopped before it answered (is NOTEBOOK_MEMORY_LIMIT_MB too low for "
            "it to start?)"
        )
    return RunFailed(f"{name}: {message}"[:1000] if message else name)


def execute(
    notebook: Mapping[str, Any],
    workdir: Path,
    scratch: Path,
    limits: KernelLimits,
    parameters: Mapping[str, Any] | None = None,
    on_cell: CellHook | None = None,
) -> dict[str, Any]:
    """``notebook`` run in ``workdir`` with ``parameters`` injected; the executed notebook.
    ``scratch`` is a private folder for papermill's input and output files. RunFailed when a
    cell raises or a limit is passed; anything ``on_cell`` raises stops the run too."""
    import papermill

    source, target = scratch / "input.ipynb", scratch / "output.ipynb"
    source.write_bytes(orjson.dumps(notebook))
    watch = KernelWatch()
    timer = threading.Timer(limits.run_seconds, watch.expire)
    timer.daemon = True
    total = len(notebook.get("cells") or []) + (1 if parameters else 0)
    timer.start()
    try:
        executed = papermill.execute_notebook(
            str(source),
            str(target),
            parameters=dict(parameters or {}) or None,
            kernel_name=KERNEL_NAME,
            language="python",
            progress_bar=False,
            request_save_on_cell_execute=False,
            start_timeout=START_TIMEOUT_SECONDS,
            execution_timeout=limits.cell_seconds,
            kernel_manager_class=_manager_class(limits, watch),
            resources={"metadata": {"path": str(workdir)}},
            shutdown_kernel="immediate",
            **_hooks(on_cell, total),
        )
    except RunFailed:
        raise
    except Exception as exc:
        if type(exc).__module__.startswith("gaugeboard."):
            raise  # the job's own stop (cancel, time limit) goes up as it is
        raise _failure(exc, limits, watch) from None
    finally:
        timer.cancel()
        watch.kill_all()  # never outlives its run, whatever nbclient managed
    if watch.expired:
        raise _failure(RuntimeError(), limits, watch)
    written = nbformat.writes(executed)  # type: ignore[no-untyped-call]
    return orjson.loads(written)  # type: ignore[no-any-return]
