"""One issue kept built in a warm process: what the preview page shows.

A rebuild reads and composes the issue, hands the DOCX to the warm worker
process, makes a PDF of its own only for each page whose drawing changed
(PageCache.preview: the preview's PDF), rasterises those pages (PDFium) and
writes the web edition. The print PDF, one proper WeasyPrint document, is made
after that (finish), off the path to the updated preview. Python's cyclic
garbage collector waits while a rebuild runs (a collection of the warm
process's heap in the middle of WeasyPrint's layout costs a rebuild up to a
third more) and runs after it. A failed rebuild keeps the last good pages and
records the problems.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..build import Prepared, Project, prepare, without_cycle_collection
from ..errors import Problem, TypesetError, system_reason
from ..model import Origin

DPI = 144  # page images: sharp on a desktop screen, 1190 × 1684 px for A4


@dataclass
class Good:
    """The last build that succeeded."""

    prepared: Prepared
    pages: list[str]  # image name of each page, in order
    warnings: tuple[Problem, ...]
    seconds: float
    laid_out: int  # pages laid out anew in this build
    rasterised: int
    timings: dict[str, float]  # seconds, see IssuePreview.rebuild
    extra: dict[str, bytes] = field(default_factory=dict)  # docx, html; pdf once finish() ran


@dataclass
class IssuePreview:
    project: Project
    path: Path
    target: str  # as in the address: 645, 2024-40 …
    version: int = 0
    good: Good | None = None
    problems: list[Problem] = field(default_factory=list)  # of the last build, if it failed
    images: dict[str, bytes] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    cache: Any = None
    worker: Any = None  # a DocxWorker (serve/worker.py); None: the DOCX is drawn in this process

    def rebuild(self) -> None:
        """Build again (in a worker thread); bumps `version` whether it succeeded or not.

        timings (seconds): compose (read + compose), pdf (the changed pages' own PDFs, the
        preview's PDF), images, all (until those, the DOCX and HTML are all made, from the
        start); cpu_to_pdf, cpu_all: CPU of this process to those points; cpu_docx: the
        worker's CPU for the DOCX."""
        from ..writers.pdf.pagecache import PageCache
        from .worker import DocxWorker

        with self.lock, without_cycle_collection():
            start, cpu = time.perf_counter(), time.process_time()
            self.cache = self.cache or PageCache()
            self.worker = self.worker or DocxWorker()
            try:
                prepared = prepare(self.path, self.project)
                composed_at = time.perf_counter()
                docx = self.worker.submit(prepared.composed, prepared.layout)
                self.cache.preview(prepared.composed, prepared.layout, prepared.allowed)
                pdf_at, pdf_cpu = time.perf_counter(), time.process_time()
                names = [hashlib.sha1(k.encode("utf-8")).hexdigest()[:20] for k in self.cache.keys]
                fresh = [i for i, n in enumerate(names) if n not in self.images]
                self.images.update(rasterise(self.cache.page_pdf, fresh, names))
                self.images = {n: self.images[n] for n in names}
                images_at = time.perf_counter()
                extra = {"html": _web(prepared).html.encode("utf-8")}
                extra["docx"], docx_cpu = self.worker.result(docx, prepared.composed, prepared.layout)
                end, end_cpu = time.perf_counter(), time.process_time()
                self.good = Good(prepared, names, prepared.warnings, end - start, self.cache.laid_out,
                                 len(fresh), {"compose": composed_at - start, "pdf": pdf_at - composed_at,
                                              "images": images_at - pdf_at, "all": end - start,
                                              "cpu_to_pdf": pdf_cpu - cpu, "cpu_all": end_cpu - cpu,
                                              "cpu_docx": docx_cpu}, extra)
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

    def finish(self) -> None:
        """The print PDF of the last good build (as `typeset build` writes it), if not made yet."""
        with self.lock:
            good = self.good
            if good is not None and "pdf" not in good.extra:
                p = good.prepared
                start = time.perf_counter()
                good.extra["pdf"] = self.cache.render(p.composed, p.layout, p.allowed)
                good.timings["print_pdf"] = time.perf_counter() - start

    def output(self, fmt: str) -> bytes | None:
        """The last good build as pdf, docx or html."""
        if fmt == "pdf":
            self.finish()
        good = self.good
        return None if good is None else good.extra[fmt]

    def web(self) -> Any:
        good = self.good
        if good is None:
            raise LookupError("no good build yet")
        return _web(good.prepared)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()


def _web(p: Prepared) -> Any:
    from ..writers.html import render

    return render(p.composed, p.layout, folder=f"{p.stem}_files")


def rasterise(page_pdf: Any, wanted: list[int], names: list[str]) -> dict[str, bytes]:
    """PNG images of the wanted pages (0-based), each drawn by PDFium in this process from
    that page's own PDF (`page_pdf(i)`)."""
    import io

    out: dict[str, bytes] = {}
    for i in wanted:
        import pypdfium2

        document = pypdfium2.PdfDocument(page_pdf(i))
        try:
            image = document[0].render(scale=DPI / 72, rev_byteorder=True).to_pil()  # RGB as drawn: no swap
        finally:
            document.close()
        buffer = io.BytesIO()
        image.save(buffer, "PNG", compress_level=1)  # fast; the images never leave this machine
        out[names[i]] = buffer.getvalue()
    return out
