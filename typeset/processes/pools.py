"""What every pool of worker processes shares (`build --year/--all`, `book`, the server's
DOCX worker and preview drawers): started with `spawn` (no copy of the parent's open files, threads or
sockets; what Windows does anyway), each worker ending with the process that started it
however that ends, a sensible number of them, and one way of reporting a bug in one job."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model import Origin

WINDOWS_MAX = 61  # ProcessPoolExecutor's limit on Windows


def cores() -> int:
    """The cores this process may run on (affinity and quotas where the system tells)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def worker_count(requested: int | None, tasks: int) -> int:
    count = max(1, min(requested or cores(), tasks))
    return min(count, WINDOWS_MAX) if sys.platform == "win32" else count


def pool(workers: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A pool whose workers run `initializer(*initargs)` and end with this process."""
    _tracker_ignoring_hangup()
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start, initargs=(initializer, initargs))


def _tracker_ignoring_hangup() -> None:
    """multiprocessing's resource tracker, started now if it is not running, ignoring SIGHUP
    as it ignores SIGINT and SIGTERM (an ignored signal stays ignored across exec): a closed
    terminal stops the command (typeset.interrupt), not the tracker with a traceback."""
    import signal

    hup = getattr(signal, "SIGHUP", None)
    if hup is None or threading.current_thread() is not threading.main_thread():
        return
    from multiprocessing import resource_tracker

    before = signal.signal(hup, signal.SIG_IGN)
    try:
        resource_tracker.ensure_running()
    finally:
        signal.signal(hup, before)


class Warm:
    """One worker process kept warm (a pool() of one that ran `initializer`: the server's DOCX
    worker, each preview drawer), started again once after it broke; `executor` is None once
    it cannot be, and the caller then works in its own process (slower, never wrong)."""

    def __init__(self, initializer: Callable[[], None]) -> None:
        self.executor: ProcessPoolExecutor | None = None
        self._initializer = initializer
        self._restarts = 1

    def start(self, wait: bool = True) -> None:
        """The process started and warming; with `wait`, warm."""
        if self.executor is None:
            self.executor = pool(1, self._initializer)
            started = self.executor.submit(int)
            if wait:
                started.result()

    def restart(self) -> None:
        """After a break (shut down, or the process died): started again once; after that, or
        if it cannot start, none."""
        if self.executor is not None:
            self.executor.shutdown(wait=False)
            self.executor = None
        if self._restarts > 0:
            self._restarts -= 1
            try:
                self.start()
            except (OSError, RuntimeError):
                self.executor = None

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None


def stop(executor: ProcessPoolExecutor) -> None:
    """Interrupted (Ctrl+C): nothing more started, the running jobs' workers ended now (they
    ignore SIGINT, SIGTERM and SIGHUP, and this process would otherwise wait for them at its
    exit); each removes its unfinished temporaries as it ends (interrupt.end_quietly_in_worker)."""
    import signal

    running = list((getattr(executor, "_processes", None) or {}).values())  # shutdown forgets them
    executor.shutdown(wait=False, cancel_futures=True)
    for process in running:
        if hasattr(signal, "SIGUSR1") and process.pid is not None:
            with contextlib.suppress(OSError):  # ended meanwhile
                os.kill(process.pid, signal.SIGUSR1)
        else:
            process.terminate()


def _start(initializer: Callable[..., None] | None, initargs: tuple) -> None:
    import signal

    from ..output import discard_temporaries
    from .interrupt import ENDING, end_quietly_in_worker

    for s in (signal.SIGINT, *ENDING):  # Ctrl+C reaches the whole console, SIGTERM a whole
        signal.signal(s, signal.SIG_IGN)  # service: the parent alone handles them, and its
    end_with_parent()  # workers end with it,
    end_quietly_in_worker(discard_temporaries)  # or when it stops them (stop()): temporaries removed
    if initializer is not None:
        initializer(*initargs)


def end_with_parent() -> None:
    """In a worker: leave at once when the process that started it has ended (even killed
    outright, when nothing of its own clean-up runs)."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


def _end_with(parent: Any) -> None:
    parent.join()
    os._exit(0)


def internal_problem(err: BaseException, path: Path | str) -> Problem:
    """A bug met while building one issue, reported with that issue (the others go on)."""
    from ..catalog import shown

    return Problem(f"内部错误：{type(err).__name__}: {err}", Origin(shown(Path(path))))
