"""Kernels for the runner, each started ahead of the notebook that will run on it.

A kernel takes about a second to start. `KernelsAhead` starts the kernels of the next
notebooks (one ahead per worker) while the current ones run, so a run waits for about one
kernel start instead of one per notebook; it stops used kernels off the run's path too.

A kernel started ahead also imports, silently, the modules its notebook imports at the top
level of its code cells: no output, no execution count, no name bound in the notebook's
namespace; the notebook's own import cells then find them loaded. Nothing else of the
notebook runs ahead. A kernel whose warm-up showed anything (a warning at import, say) is
replaced by a cold one, so a notebook's outputs are the same as on a kernel of its own.
"""

from __future__ import annotations

import ast
import json
import tempfile
import threading
import uuid
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import KernelManager

START_TIMEOUT = 60  # seconds for a kernel to answer, as papermill waits by default
OUTPUT_MESSAGES = {"stream", "display_data", "update_display_data", "execute_result", "error"}
# Run in a namespace of its own (`exec(..., {})`): the notebook's namespace stays untouched.
WARM_UP = """
import importlib
for name in {modules!r}:
    try:
        importlib.import_module(name)
    except Exception:
        pass  # the notebook's own import meets the error, in its cell
"""


class QuietKernelManager(KernelManager):
    """Kernels on local sockets: no TCP, so no plain-text-transport warning at every start.

    Each kernel gets its own socket path: kernels started side by side (`--workers`) in one
    folder would otherwise share `kernel-ipc-N` and read each other's messages.
    """

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", str(Path(tempfile.gettempdir()) / f"cookbook-kernel-{uuid.uuid4().hex}"))
        super().__init__(**kwargs)


def imported_modules(notebook: Path) -> list[str]:
    """The modules `notebook` imports at the top level of its code cells, first use first
    (`import a.b` and `from a.b import c` both name "a.b"); none when it cannot be read.

    A cell that is not plain Python (a magic) is skipped; relative imports are left out.
    """
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return []
    modules: dict[str, None] = {}
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        try:
            tree = ast.parse("".join(source) if isinstance(source, list) else source)
        except (SyntaxError, ValueError):
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                modules |= dict.fromkeys(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules[node.module] = None
    return list(modules)


class ReadyClient(BlockingKernelClient):
    """A client whose kernel was found ready ahead: starting its channels or waiting for
    the kernel again returns at once (the wait ends with 0.2 s of silence on IOPub)."""

    ready = False

    def start_channels(self, *args: Any, **kwargs: Any) -> None:
        if not self.channels_running:
            super().start_channels(*args, **kwargs)

    def wait_for_ready(self, timeout: float | None = None) -> None:
        if not self.ready:
            super().wait_for_ready(timeout=timeout)
            self.ready = True


class AheadKernelManager(QuietKernelManager):
    """A kernel started ahead: its first `client()` is the one made ready meanwhile."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("client_class", f"{__name__}.ReadyClient")
        super().__init__(**kwargs)
        self.ready_client: ReadyClient | None = None
        self.clients: list[BlockingKernelClient] = []  # handed out: stopped with the kernel

    def client(self, **kwargs: Any) -> BlockingKernelClient:
        made, self.ready_client = self.ready_client, None
        made = made or super().client(**kwargs)
        self.clients.append(made)
        return made


def start_kernel(cwd: Path, modules: Sequence[str] = ()) -> AheadKernelManager:
    """A python3 kernel started in `cwd`, ready, that has imported `modules` silently (a
    cold one, if that import showed anything)."""
    manager = _started(cwd)
    if modules and manager.ready_client and not _warm_up(manager.ready_client, modules):
        stop_kernel(manager)
        manager = _started(cwd)
    return manager


def _started(cwd: Path) -> AheadKernelManager:
    """A kernel started in `cwd` with its client made ready (none if it never got ready:
    papermill's own wait then says why)."""
    manager = AheadKernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(cwd))
    client = KernelManager.client(manager)  # a ReadyClient, not yet handed out
    client.start_channels()
    try:
        client.wait_for_ready(timeout=START_TIMEOUT)
    except RuntimeError:  # the kernel died, or did not answer in time
        client.stop_channels()
        return manager
    manager.ready_client = client
    return manager


def _warm_up(client: BlockingKernelClient, modules: Sequence[str]) -> bool:
    """Import `modules` in the client's kernel silently; whether that showed nothing."""
    try:
        code = f"exec({WARM_UP.format(modules=list(modules))!r}, {{}})"
        request = client.execute(code, silent=True, store_history=False, allow_stdin=False)
        quiet = True
        while True:  # the kernel's messages for the request, until it is idle again
            message = client.get_iopub_msg(timeout=START_TIMEOUT)
            if message["parent_header"].get("msg_id") != request:
                continue
            quiet &= message["msg_type"] not in OUTPUT_MESSAGES
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                break
        reply = client.get_shell_msg(timeout=START_TIMEOUT)
        while reply["parent_header"].get("msg_id") != request:
            reply = client.get_shell_msg(timeout=START_TIMEOUT)
        return quiet and reply["content"].get("status") == "ok"
    except Exception:  # noqa: BLE001 - a kernel that did not warm up is replaced by a cold one
        return False


def stop_kernel(manager: KernelManager) -> None:
    """Shut the kernel down gracefully (its atexit handlers run: a live scratch app is
    deleted), close its clients' channels and remove its connection files; a kernel already
    dead is only cleaned up."""
    try:
        if manager.has_kernel and manager.is_alive():
            # shutdown_kernel() would send SIGINT first, which an idle kernel may log as
            # "KeyboardInterrupt caught in kernel" on the run's terminal: ask, then wait.
            manager.request_shutdown()
            manager.finish_shutdown()
    except RuntimeError:
        pass
    finally:
        ready = getattr(manager, "ready_client", None)
        for client in [*getattr(manager, "clients", []), *([ready] if ready else [])]:
            client.stop_channels()
        manager.cleanup_resources()


class KernelsAhead:
    """The kernels of `notebooks` (in the order they are taken), started `ahead` at a time
    beyond the one being taken. `None` stands for a notebook that needs no kernel.

    Each kernel imports its notebook's modules ahead, then those of `preload`: modules
    that the notebooks' own imports load later, in a call (the embedded emulator, which
    `connect("emulator")` imports when it starts one).
    """

    def __init__(self, notebooks: Sequence[Path | None], ahead: int = 1, preload: Sequence[str] = ()) -> None:
        self._notebooks = list(notebooks)
        self._preload = list(preload)
        self._ahead = max(1, ahead)
        self._starter = ThreadPoolExecutor(max_workers=self._ahead, thread_name_prefix="kernel-start")
        self._stopper = ThreadPoolExecutor(max_workers=self._ahead, thread_name_prefix="kernel-stop")
        self._started: dict[int, Future[AheadKernelManager]] = {}
        self._lock = threading.Lock()

    def take(self, index: int) -> AheadKernelManager | None:
        """The running kernel for notebook `index` (started now if it was not ahead); the
        next ones start meanwhile. None for a notebook without a kernel, or whose kernel
        could not be started."""
        with self._lock:
            self._start_from(index)
            started = self._started.pop(index, None)
        if started is None or started.exception() is not None:
            return None  # papermill then starts the kernel itself, and reports what fails
        return started.result()

    def start_from(self, index: int) -> None:
        """Start the kernels of notebook `index` and of the `ahead` after it, if not yet started."""
        with self._lock:
            self._start_from(index)

    def _start_from(self, index: int) -> None:
        for ahead in range(index, min(index + self._ahead + 1, len(self._notebooks))):
            notebook = self._notebooks[ahead]
            if notebook is not None and ahead not in self._started:
                modules = list(dict.fromkeys([*imported_modules(notebook), *self._preload]))
                self._started[ahead] = self._starter.submit(start_kernel, notebook.parent, modules)

    def give_back(self, manager: KernelManager | None) -> None:
        """Stop a used kernel, off the caller's path."""
        if manager is not None:
            self._stopper.submit(stop_kernel, manager)

    def close(self) -> None:
        """Stop the kernels started for notebooks never taken; wait until all are stopped."""
        self._starter.shutdown(wait=True)
        with self._lock:
            unused, self._started = list(self._started.values()), {}
        for started in unused:
            if started.exception() is None:
                self.give_back(started.result())
        self._stopper.shutdown(wait=True)

    def __enter__(self) -> KernelsAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
