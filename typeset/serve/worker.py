"""A second process kept warm for the DOCX writer, so that a rebuild draws the DOCX while
this process draws the PDF (both are Python and would otherwise share one interpreter lock).

The worker is started with `spawn` (no copy of the server's threads and sockets), has
imported the writer before the first job, and ends when the process that started it ends,
however that ends. If it cannot start or dies, the DOCX is drawn here instead: slower,
never wrong.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any


def _warm() -> None:
    import multiprocessing
    import threading

    import typeset.writers.docx  # noqa: F401

    parent = multiprocessing.parent_process()
    if parent is not None:  # a server killed outright leaves no worker behind
        threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


def _end_with(parent: Any) -> None:
    import os

    parent.join()
    os._exit(0)


def _docx(composed: Any, layout: Any) -> tuple[bytes, float]:
    from typeset.writers.docx import render

    cpu = time.process_time()
    data = render(composed, layout)
    return data, time.process_time() - cpu


class DocxWorker:
    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> DocxWorker:
        import multiprocessing

        if self._pool is None:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_warm)
            self._pool.submit(int).result()  # started and warm
        return self

    def submit(self, composed: Any, layout: Any) -> Future:
        """The DOCX as (bytes, the worker's CPU seconds), drawn in the worker when it runs."""
        if self._pool is not None:
            try:
                return self._pool.submit(_docx, composed, layout)
            except RuntimeError:  # broken or shut down: draw it here
                self._pool = None
        done: Future = Future()
        done.set_result(_docx(composed, layout))
        return done

    @staticmethod
    def result(future: Future, composed: Any, layout: Any) -> tuple[bytes, float]:
        """A submitted job's DOCX and the worker's CPU seconds; drawn here if the worker
        died on the way."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()  # type: ignore[no-any-return]
        except BrokenProcessPool:
            return _docx(composed, layout)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
