"""One issue kept built for the preview page.

A rebuild has the issue's drawer (serve/drawers.py: a warm process of its own) read and
compose it, make a PDF of each page whose drawing changed and rasterise those pages; the new
version is shown as soon as the page images are here. The print PDF and the DOCX
are made later (finish: when no rebuild is due, or when a download asks), the web edition
when asked for. A failed rebuild keeps the last good pages and records the problems.
"""

from __future__ import annotations

import pickle
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..build import Prepared, Project
from ..errors import Problem, TypesetError, system_reason
from ..model import Origin
from .drawers import Drawer, Drawn


@dataclass
class Good:
    """The last build that succeeded."""

    drawn: Drawn  # its pages, texts, numbers, warnings and the composed issue packed
    seconds: float
    rasterised: int
    timings: dict[str, float]  # seconds, see IssuePreview.rebuild
    extra: dict[str, bytes] = field(default_factory=dict)  # pdf and docx once finish() ran; html once asked
    _prepared: Prepared | None = None

    @property
    def pages(self) -> list[str]:  # image name of each page, in order
        return self.drawn.names

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return self.drawn.warnings

    @property
    def laid_out(self) -> int:  # pages laid out anew in this build
        return self.drawn.laid_out

    @property
    def prepared(self) -> Prepared:
        """The composed issue, unpacked on first use (the web edition)."""
        if self._prepared is None:
            self._prepared = pickle.loads(self.drawn.packed)  # noqa: S301 - packed by this server's drawer
        return self._prepared


@dataclass
class IssuePreview:
    project: Project
    path: Path
    target: str  # as in the address: 645, 2024-40 …
    drawer: Drawer = field(default_factory=lambda: Drawer(threading.Lock()))  # by default drawn in this process
    version: int = 0
    good: Good | None = None
    problems: list[Problem] = field(default_factory=list)  # of the last build, if it failed
    images: dict[str, bytes] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def rebuild(self) -> None:
        """Build again (in a worker thread); bumps `version` whether it succeeded or not.

        timings (seconds): compose (read + compose), pdf (the changed pages' own PDFs), images
        (rasterised), their CPU seconds in the drawer (cpu_compose, cpu_pdf, cpu_images), and
        all (from the start until the preview is ready, here)."""
        with self.lock:
            start = time.perf_counter()
            try:
                drawn = self.drawer.draw(self.path, self.project, set(self.images))
                self.images = {n: drawn.images.get(n) or self.images[n] for n in drawn.names}
                end = time.perf_counter()
                self.good = Good(drawn, end - start, len(drawn.images), {**drawn.timings, "all": end - start})
                drawn.images = {}  # kept once, in self.images
                self.problems = []
            except TypesetError as err:
                self.problems = list(err.problems)
            except OSError as err:
                self.problems = [Problem(f"无法读取文件 {err.filename or ''}：{system_reason(err)}",
                                         Origin(str(self.path)))]
            except Exception as err:  # noqa: BLE001 - the preview must survive any bad input
                self.problems = [Problem(f"内部错误（{type(err).__name__}）：{err}；请把 YAML 文件发给维护人员",
                                         Origin(str(self.path)))]
            self.version += 1

    def finish(self) -> Good | None:
        """The print PDF (as `typeset build` writes it) and the DOCX of the last good build,
        if not made yet; that build."""
        with self.lock:
            good = self.good
            if good is not None and "pdf" not in good.extra:
                start = time.perf_counter()
                good.extra["pdf"], good.extra["docx"], cpu = self.drawer.finish(self.path, good.drawn.packed)
                good.timings["finish"] = time.perf_counter() - start
                good.timings["cpu_finish"] = cpu
            return good

    def output(self, fmt: str) -> bytes | None:
        """The last good build as pdf, docx or html."""
        good = self.finish() if fmt in ("pdf", "docx") else self.good
        if good is None:
            return None
        if fmt == "html" and "html" not in good.extra:
            good.extra["html"] = _web(good.prepared).html.encode("utf-8")
        return good.extra[fmt]

    def web(self) -> Any:
        good = self.good
        if good is None:
            raise LookupError("no good build yet")
        return _web(good.prepared)


def _web(p: Prepared) -> Any:
    from ..writers.html import render

    return render(p.composed, p.layout, folder=f"{p.stem}_files")
