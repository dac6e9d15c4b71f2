"""A second process kept warm for the DOCX writer, so that a rebuild draws the DOCX while
this process draws the PDF (both are Python and would otherwise share one interpreter lock).

The worker (typeset/processes/pools.py: `spawn`, ending with the server however the server ends)
has imported the writer before the first job. If it dies it is started again once; if it
cannot start, the DOCX is drawn here instead: slower, never wrong.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from ..processes import pools


def _warm() -> None:
    import typeset.writers.docx  # noqa: F401


def _docx(composed: Any, layout: Any) -> tuple[bytes, float]:
    from typeset.writers.docx import render

    cpu = time.process_time()
    data = render(composed, layout)
    return data, time.process_time() - cpu


class DocxWorker:
    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._restarts = 1  # a worker that died is started again once

    def start(self) -> DocxWorker:
        if self._pool is None:
            self._pool = pools.pool(1, _warm)
            self._pool.submit(int).result()  # started and warm
        return self

    def submit(self, composed: Any, layout: Any) -> Future:
        """The DOCX as (bytes, the worker's CPU seconds), drawn in the worker when it runs."""
        while self._pool is not None:
            try:
                return self._pool.submit(_docx, composed, layout)
            except RuntimeError:  # broken or shut down: started again once, else drawn here
                self._pool.shutdown(wait=False)
                self._pool = None
                if self._restarts > 0:
                    self._restarts -= 1
                    try:
                        self.start()
                    except RuntimeError:
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
