"""The previews' building, in warm processes of their own.

A rebuild hands the issue file to a drawer: a worker process that reads and composes it
(through a session of its own), keeps the issue's page cache (writers/pdf/pagecache.py),
makes a PDF of each changed page and rasterises it (PDFium), and gives back the new page
images with what the server shows of the composed issue (its pages' texts, numbers, warnings;
the composed issue itself packed, for the web edition);
later, when asked, the print PDF and the DOCX. The server's own process (one interpreter
lock) stays free to answer editors, and as many issues are built at once as there are
drawers (one per core, at most MAX).

    drawers = Drawers().start()
    drawer = drawers.assign()      an issue keeps its drawer: its laid-out pages live there
    drawer.draw(path, project, known) → Drawn      TypesetError for bad input
    drawer.finish(path, drawn.packed) → (print PDF, DOCX, CPU seconds)
    drawers.reset(paths)           files changed: each drawer's session drops what depends on them

Each drawer is one process (processes/pools.py: spawn, ending with the server), one job at a
time. A drawer that died is started again once; one that cannot start draws in the server's
process under one lock (slower, never wrong).
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..processes import pools

DPI = 144  # page images: sharp on a desktop screen, 1191 × 1684 px for A4
MAX = 4  # drawers at most: each keeps WeasyPrint and its issues' laid-out pages in memory
PENDING = 1000  # changed paths kept for a drawer's next job; beyond, its next job forgets everything


@dataclass
class Drawn:
    """A preview drawn: its pages, and what the server shows of the composed issue. The
    composed issue itself comes packed (pickled): a server opens it only for the web edition
    (unpickling thousands of small objects on every rebuild cost the server's one interpreter
    lock more than anything else it received)."""

    names: list[str]  # image name of each page, in order
    images: dict[str, bytes]  # PNG of each page whose name was not known
    laid_out: int  # pages laid out anew
    packed: bytes  # the build.Prepared, pickled
    texts: list[list[str]]  # each page's printed lines (for finding text on the page images)
    numbers: Any  # the issue's numbers in the series (model.Numbers)
    year: int
    warnings: tuple[Any, ...]  # Problems
    timings: dict[str, float] = field(default_factory=dict)  # seconds: see _Pages.draw


def page_texts(composed: Any) -> list[list[str]]:
    """Each page's printed lines, for finding text on the page images."""
    return [["".join(u.text for u in item.units) for item in page.items if hasattr(item, "units")]
            for page in composed.pages]


class _Pages:
    """A drawer's state: the page cache of each issue it draws, by its file."""

    def __init__(self) -> None:
        self.caches: dict[str, Any] = {}

    def cache(self, key: str) -> Any:
        from ..writers.pdf.pagecache import PageCache

        return self.caches.setdefault(key, PageCache())

    def draw(self, path: Path, project: Any, known: set[str]) -> Drawn:
        """The issue read and composed, each changed page's PDF and the images not `known`.
        timings: compose, pdf, images (seconds) and the CPU seconds of each (cpu_…)."""
        import pickle

        from ..build import prepare, without_cycle_collection

        with without_cycle_collection():
            start, cpu = time.perf_counter(), time.process_time()
            prepared = prepare(path, project)
            composed_at, composed_cpu = time.perf_counter(), time.process_time()
            cache = self.cache(str(path))
            cache.preview(prepared.composed, prepared.layout, prepared.allowed)
            pdf_at, pdf_cpu = time.perf_counter(), time.process_time()
            names = [hashlib.sha1(k.encode("utf-8")).hexdigest()[:20] for k in cache.keys]
            wanted = [i for i, n in enumerate(names) if n not in known]
            images = rasterise(cache.page_pdf, wanted, names)
            composed = prepared.composed
            return Drawn(names, images, cache.laid_out, pickle.dumps(prepared, pickle.HIGHEST_PROTOCOL),
                         page_texts(composed), composed.issue.numbers, composed.issue.date.year,
                         prepared.warnings, {
                "compose": composed_at - start, "pdf": pdf_at - composed_at, "images": time.perf_counter() - pdf_at,
                "cpu_compose": composed_cpu - cpu, "cpu_pdf": pdf_cpu - composed_cpu,
                "cpu_images": time.process_time() - pdf_cpu})

    def finish(self, path: Path, packed: bytes) -> tuple[bytes, bytes, float]:
        """The print PDF (from the laid-out pages) and the DOCX of a Drawn's packed issue, and
        the CPU seconds for both."""
        import pickle

        from ..build import without_cycle_collection
        from ..writers.docx import render

        with without_cycle_collection():
            cpu = time.process_time()
            prepared = pickle.loads(packed)  # noqa: S301 - packed by a drawer of this server
            composed, layout = prepared.composed, prepared.layout
            pdf = self.cache(str(path)).render(composed, layout, prepared.allowed)
            return pdf, render(composed, layout), time.process_time() - cpu


_pages: _Pages | None = None  # a drawer process's state (only ever set in a drawer)


def _warm() -> None:
    global _pages
    from ..session import Session, activate
    from ..writers import docx  # noqa: F401
    from ..writers.pdf import patches

    patches.import_weasyprint()
    activate(Session(keeps_scans=True))  # as the server's: every change it sees is passed on (reset)
    _pages = _Pages()


def _job(pages: _Pages, changed: list[str] | None, method: str, args: tuple[Any, ...]) -> Any:
    """One job: what depends on the changed files forgotten (None: everything), then the work."""
    from ..session import current

    if changed is None or changed:
        current().reset(changed)
    return getattr(pages, method)(*args)


def _in_drawer(changed: list[str] | None, method: str, *args: Any) -> Any:
    assert _pages is not None, "a drawer's job outside a drawer"
    return _job(_pages, changed, method, args)


class Drawer:
    """One drawing process, and the issues assigned to it."""

    def __init__(self, local: threading.Lock) -> None:
        self._process = pools.Warm(_warm)
        self._local = local  # held while drawing in the server's process (WeasyPrint is not shared)
        self._here: _Pages | None = None  # the state when drawing in the server's process
        self._pending: list[str] | None = []  # files changed since the last job; None: too many to list
        self._lock = threading.Lock()
        self.issues = 0  # previews assigned

    def start(self, wait: bool = True) -> Drawer:
        """The process started and warming (WeasyPrint imported); with `wait`, warm."""
        self._process.start(wait)
        return self

    def reset(self, paths: list[str]) -> None:
        with self._lock:
            if self._pending is not None:
                self._pending.extend(paths)
                if len(self._pending) > PENDING:  # a drawer without jobs for long: forget it all at once
                    self._pending = None

    def _call(self, method: str, *args: Any) -> Any:
        with self._lock:
            changed, self._pending = self._pending, []
        while (executor := self._process.executor) is not None:
            try:
                job: Future = executor.submit(_in_drawer, changed, method, *args)
            except RuntimeError:  # shut down or broken: started again once, else drawn here
                self._process.restart()
                continue
            try:
                return job.result()
            except BrokenProcessPool:  # the process died (killed, out of memory)
                self._process.restart()
                changed = []  # a new process has read nothing yet
        with self._local:
            self._here = self._here or _Pages()
            return _job(self._here, changed, method, args)

    def draw(self, path: Path, project: Any, known: set[str]) -> Drawn:
        return self._call("draw", path, project, known)  # type: ignore[no-any-return]

    def finish(self, path: Path, packed: bytes) -> tuple[bytes, bytes, float]:
        return self._call("finish", path, packed)  # type: ignore[no-any-return]

    def close(self) -> None:
        self._process.close()


class Drawers:
    """The drawing processes of one server."""

    def __init__(self, count: int | None = None) -> None:
        """`count` drawing processes (None: one per core, at most MAX; 0: none, every issue
        drawn in this process)."""
        self.local = threading.Lock()  # drawing in this process: one issue at a time
        self.all = [Drawer(self.local) for _ in range(max(1, min(pools.cores(), MAX)) if count is None else count)]

    def start(self) -> Drawers:
        """Each drawer's process started; they warm up meanwhile (a job sent sooner waits for
        its drawer). One that cannot start draws in this process."""
        for d in self.all:
            try:
                d.start(wait=False)
            except (OSError, RuntimeError):
                d._process.executor = None
        return self

    def assign(self) -> Drawer:
        """The drawer with the fewest issues: a new issue's preview is drawn there from now on."""
        if not self.all:
            return Drawer(self.local)
        drawer = min(self.all, key=lambda d: d.issues)
        drawer.issues += 1
        return drawer

    def reset(self, paths: list[str]) -> None:
        for d in self.all:
            d.reset(paths)

    def close(self) -> None:
        for d in self.all:
            d.close()


def rasterise(page_pdf: Callable[[int], bytes], wanted: list[int], names: list[str]) -> dict[str, bytes]:
    """PNG images of the wanted pages (0-based), each drawn by PDFium from that page's own PDF:
    in grey where nothing on the page has colour (PDFium draws it so: a third of the pixels to
    make and to encode), else in RGB."""
    import pypdfium2

    out: dict[str, bytes] = {}
    for i in wanted:
        data = page_pdf(i)
        document = pypdfium2.PdfDocument(data)
        try:
            page = document[0]
            grey = not coloured(page, data)
            bitmap = page.render(scale=DPI / 72, grayscale=grey, rev_byteorder=not grey)  # RGB, not BGR
            out[names[i]] = png(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.n_channels, bitmap.stride)
        finally:
            document.close()
    return out


_UNSEEN = re.compile(rb"/PatternType|/ShadingType|/Subtype\s*/Image")  # drawn beyond what PDFium lists below


def coloured(page: Any, data: bytes) -> bool:
    """Whether anything on a page (PDFium's) may be drawn in colour: a picture, a shading or a
    pattern anywhere in its PDF (`data`, written uncompressed as PageCache.preview writes it),
    or a text or path whose fill or stroke colour, as PDFium reads it, is not grey (R = G = B)."""
    import ctypes

    import pypdfium2.raw as pdfium

    if _UNSEEN.search(data):
        return True
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for item in page.get_objects(max_depth=16):
        if item.type == pdfium.FPDF_PAGEOBJ_FORM:
            continue  # its objects come next
        if item.type not in (pdfium.FPDF_PAGEOBJ_TEXT, pdfium.FPDF_PAGEOBJ_PATH):
            return True
        for colour in (pdfium.FPDFPageObj_GetFillColor, pdfium.FPDFPageObj_GetStrokeColor):
            if colour(item.raw, r, g, b, a) and not r.value == g.value == b.value:
                return True
    return False


def png(pixels: bytes, width: int, height: int, channels: int, stride: int = 0) -> bytes:
    """A PNG of 8-bit grey (1 channel) or RGB (3) rows (each `stride` bytes apart: width ×
    channels if 0), each row unfiltered, deflated fast and run-length only.

    Pillow filters every row adaptively, which costs more than deflating and gains nothing on
    a page of type on white (the images stay smaller or equal): a third of the time. Runs of
    white are most of such a page: deflate's run-length strategy is faster again, and smaller."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = width * channels
    stride = stride or row
    rows = b"".join(b"\x00" + pixels[y * stride:y * stride + row] for y in range(height))
    deflate = zlib.compressobj(1, zlib.DEFLATED, 15, 9, zlib.Z_RLE)
    header = struct.pack(">IIBBBBB", width, height, 8, 0 if channels == 1 else 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", deflate.compress(rows) + deflate.flush())
            + chunk(b"IEND", b""))
