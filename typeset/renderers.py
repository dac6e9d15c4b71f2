"""The ways of running a build's writers, as implementations of one small protocol.

A build is `prepare` (read, number, compose: build.Prepared), `render(prepared, formats,
renderers)` (every output drawn, nothing written) and the atomic commit of all outputs
(output.write_together). How each format is drawn is a Renderer: `submit(prepared)` starts
it and returns a Pending whose `result()` gives the files. The ways of running:

    PDF   Drawn        in this process (writers/pdf.render; a server passes its page
                       cache's render: PageCache.render)
          Forked       the forked process of a cold build (pdf_process.PdfProcess): sent
                       at submit, received at result, while this process draws the rest
    DOCX  Drawn        in this process, when its result is asked for
          Worker       the server's warm DOCX process (serve/worker.DocxWorker)
    HTML  Drawn        in this process (the web edition and its pictures)

render() submits the DOCX first, then the PDF, then the web edition, and collects them in
the reverse of how long they take to come back (DOCX, web edition, PDF), so that a worker
and a forked process draw while this one works; the files are the same however they ran.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .errors import Problem

Files = dict[str, bytes]  # file name (in the output folder) → content


@dataclass(frozen=True)
class Prepared:
    """An issue read, numbered and composed: what every writer draws from."""

    composed: Any
    layout: Any
    allowed: list[Path]  # folders the renderer may read (layout, series)
    warnings: tuple[Problem, ...]
    stem: str


class Pending(Protocol):
    def result(self) -> Files: ...


class Renderer(Protocol):
    def submit(self, prepared: Prepared) -> Pending: ...


@dataclass
class _Later:
    """A result drawn when it is asked for."""

    draw: Callable[[], Files]

    def result(self) -> Files:
        return self.draw()


@dataclass
class _Done:
    files: Files

    def result(self) -> Files:
        return self.files


@dataclass
class PdfDrawn:
    """The PDF drawn in this process at submit (`draw`: writers/pdf.render, or a page cache's)."""

    draw: Callable[..., bytes] | None = None

    def submit(self, prepared: Prepared) -> Pending:
        draw = self.draw
        if draw is None:
            from .writers.pdf import render

            draw = render
        return _Done({f"{prepared.stem}.pdf": draw(prepared.composed, prepared.layout, prepared.allowed)})


@dataclass
class PdfForked:
    """The PDF drawn by a forked process (pdf_process.PdfProcess, started and closed by the caller)."""

    process: Any
    issue_path: Path | None = None

    def submit(self, prepared: Prepared) -> Pending:
        self.process.issue_path = self.issue_path
        self.process.send(prepared.composed, prepared.layout, prepared.allowed)
        return _Later(lambda: {f"{prepared.stem}.pdf": self.process.receive()})


class DocxDrawn:
    """The DOCX drawn in this process when its result is asked for."""

    def submit(self, prepared: Prepared) -> Pending:
        def draw() -> Files:
            from .writers.docx import render

            return {f"{prepared.stem}.docx": render(prepared.composed, prepared.layout)}

        return _Later(draw)


@dataclass
class DocxWorker:
    """The DOCX drawn by a warm worker process (serve/worker.DocxWorker, started by the caller)."""

    worker: Any

    def submit(self, prepared: Prepared) -> Pending:
        job = self.worker.submit(prepared.composed, prepared.layout)
        return _Later(lambda: {f"{prepared.stem}.docx":
                               self.worker.result(job, prepared.composed, prepared.layout)[0]})


class HtmlDrawn:
    """The web edition and its pictures, drawn in this process."""

    def submit(self, prepared: Prepared) -> Pending:
        def draw() -> Files:
            from .writers.html import render

            web = render(prepared.composed, prepared.layout, folder=f"{prepared.stem}_files")
            return {f"{prepared.stem}.html": web.html.encode("utf-8"),
                    **{name: Path(src).read_bytes() for name, src in web.files.items()}}

        return _Later(draw)


def renderers(pdf: Callable[..., bytes] | None = None, engine: Any = None, docx: Any = None,
              issue_path: Path | None = None) -> dict[str, Renderer]:
    """The renderers for build()'s ways of running: `pdf` a PDF renderer to call, `engine` a
    forked PDF process, `docx` a DOCX worker; each absent: drawn in this process."""
    return {"pdf": PdfForked(engine, issue_path) if engine is not None and pdf is None else PdfDrawn(pdf),
            "docx": DocxWorker(docx) if docx is not None else DocxDrawn(),
            "html": HtmlDrawn()}


SUBMITTED = ("docx", "pdf", "html")  # the parallel ones first
COLLECTED = ("docx", "html", "pdf")
WRITTEN = ("pdf", "docx", "html")  # the order of the outputs


def render(prepared: Prepared, formats: tuple[str, ...], ways: Mapping[str, Renderer],
           out_dir: Path) -> dict[Path, bytes]:
    """Every output of `formats`, drawn (nothing written): file path → content."""
    pending: dict[str, Pending] = {}
    for fmt in SUBMITTED:  # a loop, not a comprehension: the writers run one frame less deep
        if fmt in formats:
            pending[fmt] = ways[fmt].submit(prepared)
    drawn: dict[str, Files] = {}
    for fmt in COLLECTED:
        if fmt in pending:
            drawn[fmt] = pending[fmt].result()
    return {out_dir / name: data for fmt in WRITTEN if fmt in drawn for name, data in drawn[fmt].items()}
