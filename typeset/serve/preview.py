"""One issue kept built in a warm process: what the preview page shows.

A rebuild reads and composes the issue, lays out only the pages whose drawing
changed (PageCache), writes the PDF and rasterises only the changed pages
(PDFium). A failed rebuild keeps the last good pages and records the problems.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..build import Prepared, Project, prepare
from ..errors import Problem, TypesetError
from ..model import Origin

DPI = 144  # page images: sharp on a desktop screen, 1190 × 1684 px for A4


@dataclass
class Good:
    """The last build that succeeded."""

    prepared: Prepared
    pdf: bytes  # uncompressed: what the page images were drawn from
    pages: list[str]  # image name of each page, in order
    warnings: tuple[Problem, ...]
    seconds: float
    laid_out: int  # pages laid out anew in this build
    rasterised: int
    timings: dict[str, float]  # seconds: compose (read + compose), pdf, images; cpu_to_pdf
    extra: dict[str, bytes] = field(default_factory=dict)  # docx / html built on request


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

    def rebuild(self) -> None:
        """Build again (in a worker thread); bumps `version` whether it succeeded or not."""
        from ..writers.pdf import engine

        with self.lock:
            start, cpu = time.perf_counter(), time.process_time()
            self.cache = self.cache or engine.PageCache()
            try:
                prepared = prepare(self.path, self.project)
                composed_at = time.perf_counter()
                pdf = self.cache.render(prepared.composed, prepared.layout, prepared.allowed, compress=False)
                pdf_at, pdf_cpu = time.perf_counter(), time.process_time()
                names = [hashlib.sha1(k.encode("utf-8")).hexdigest()[:20] for k in self.cache.keys]
                fresh = [i for i, n in enumerate(names) if n not in self.images]
                self.images.update(rasterise(pdf, fresh, names))
                self.images = {n: self.images[n] for n in names}
                end = time.perf_counter()
                self.good = Good(prepared, pdf, names, prepared.warnings, end - start, self.cache.laid_out,
                                 len(fresh), {"compose": composed_at - start, "pdf": pdf_at - composed_at,
                                              "images": end - pdf_at, "cpu_to_pdf": pdf_cpu - cpu})
                self.problems = []
            except TypesetError as err:
                self.problems = list(err.problems)
            except OSError as err:
                self.problems = [Problem(f"无法读取文件 {err.filename or ''}：{err.strerror or err}",
                                         Origin(str(self.path)))]
            except Exception as err:  # noqa: BLE001 - the preview must survive any bad input
                self.problems = [Problem(f"内部错误（{type(err).__name__}）：{err}；请把 YAML 文件发给维护人员",
                                         Origin(str(self.path)))]
            self.version += 1

    def output(self, fmt: str) -> bytes | None:
        """The last good build as pdf, docx or html (docx and html made on first request)."""
        good = self.good
        if good is None:
            return None
        with self.lock:
            if fmt not in good.extra:
                p = good.prepared
                if fmt == "pdf":  # the preview's own PDF is uncompressed; this one as `build` writes it
                    good.extra[fmt] = self.cache.render(p.composed, p.layout, p.allowed)
                elif fmt == "docx":
                    from ..writers.docx import render

                    good.extra[fmt] = render(p.composed, p.layout)
                else:
                    good.extra[fmt] = self.web().html.encode("utf-8")
            return good.extra[fmt]

    def web(self) -> Any:
        from ..writers.html import render

        p = self.good.prepared
        return render(p.composed, p.layout, folder=f"{p.stem}_files")


def rasterise(pdf: bytes, wanted: list[int], names: list[str]) -> dict[str, bytes]:
    """PNG images of the wanted pages (0-based) of a PDF, drawn by PDFium in this process."""
    if not wanted:
        return {}
    import io

    import pypdfium2

    out: dict[str, bytes] = {}
    document = pypdfium2.PdfDocument(pdf)
    try:
        for i in wanted:
            image = document[i].render(scale=DPI / 72).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, "PNG", compress_level=1)  # fast; the images never leave this machine
            out[names[i]] = buffer.getvalue()
    finally:
        document.close()
    return out
