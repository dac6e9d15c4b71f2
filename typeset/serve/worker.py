"""A second process kept warm for the DOCX writer, so that a rebuild draws the DOCX while
this process draws the PDF (both are Python and would otherwise share one interpreter lock).

The worker (typeset/processes/pools.py: `spawn`, ending with the server however the server ends)
has imported the writer before the first job. If it dies it is started again once; if it
cannot start, the DOCX is drawn here instead: slower, never wrong.
"""

from __future__ import annotations

import time
from concurrent.futures import Future
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
        self._process = pools.Warm(_warm)

    def start(self) -> DocxWorker:
        self._process.start()
        return self

    def submit(self, composed: Any, layout: Any) -> Future:
        """The DOCX as (bytes, the worker's CPU seconds), drawn in the worker when it runs."""
        while (executor := self._process.executor) is not None:
            try:
                return executor.submit(_docx, composed, layout)
            except RuntimeError:  # broken or shut down: started again once, else drawn here
                self._process.restart()
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
        self._process.close()
