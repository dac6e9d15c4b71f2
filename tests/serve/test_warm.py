"""Warm rebuilds: the page cache gives the PDF a full render gives, laying out only changed pages."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from typeset.build import Project, prepare
from typeset.writers.pdf import render
from typeset.writers.pdf.pagecache import PageCache

from ..conftest import running

ROOT = Path(__file__).resolve().parents[2]


def _text(pdf: bytes, tmp: Path) -> str:
    tmp.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(tmp), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_page_cache_matches_a_full_render(tmp_path):
    p = prepare(next((ROOT / "issues").rglob("645.yaml")), Project(ROOT))
    cache = PageCache()
    first = cache.render(p.composed, p.layout, p.allowed)
    assert cache.laid_out == len(p.composed.pages)
    again = cache.render(p.composed, p.layout, p.allowed, compress=False)
    assert cache.laid_out == 0
    full = _text(render(p.composed, p.layout, p.allowed), tmp_path / "full.pdf")
    assert _text(first, tmp_path / "a.pdf") == full == _text(again, tmp_path / "b.pdf")

    # the last page dropped: nothing to lay out, and the cache forgets that page
    pages = p.composed.pages
    cache.render(replace(p.composed, pages=pages[:-1]), p.layout, p.allowed)
    assert cache.laid_out == 0
    # page 1 replaced by a copy of page 2, the last page back: only the last page is laid out
    text = _text(cache.render(replace(p.composed, pages=(pages[1], *pages[1:])), p.layout, p.allowed),
                 tmp_path / "c.pdf")
    assert cache.laid_out == 1
    sheets = text.split("\f")
    assert sheets[0] == sheets[1] and len([s for s in sheets if s.strip()]) == len(pages)


def test_preview_makes_only_changed_pages(tmp_path):
    """The preview's PDF: each page a PDF of its own, made again only where the page changed."""
    import io

    import pypdf

    p = prepare(next((ROOT / "issues").rglob("645.yaml")), Project(ROOT))
    pages = p.composed.pages
    cache = PageCache()

    def sheets(name: str) -> list[str]:
        return [_text(cache.page_pdf(i), tmp_path / f"{name}{i}.pdf").split("\f")[0] for i in range(len(cache.keys))]

    assert cache.preview(p.composed, p.layout, p.allowed) == list(range(len(pages))) == cache.fresh
    full = _text(render(p.composed, p.layout, p.allowed), tmp_path / "full.pdf").split("\f")
    assert sheets("a") == full[:len(pages)]
    for i in range(len(pages)):
        one = pypdf.PdfReader(io.BytesIO(cache.page_pdf(i)))
        assert len(one.pages) == 1 and one.metadata.title == p.composed.title
    assert cache.preview(replace(p.composed, pages=(pages[1], *pages[1:])), p.layout, p.allowed) == []
    assert cache.laid_out == 0  # page 2 is known; the first page is forgotten
    again = sheets("b")
    assert again[0] == again[1] == full[1]
    assert cache.preview(p.composed, p.layout, p.allowed) == [0] and cache.laid_out == 1
    assert sheets("c") == full[:len(pages)]
    # the print PDF after the preview lays out nothing again: one document, every page
    assert _text(cache.render(p.composed, p.layout, p.allowed), tmp_path / "d.pdf").split("\f") == full
    assert cache.laid_out == 0


def test_a_server_build_draws_the_docx_in_its_worker(tmp_path, monkeypatch):
    """build() with the server's page cache and DOCX worker writes what a plain build writes,
    the DOCX drawn in the worker; a worker that died is started again, once; after that the
    DOCX is drawn in the process."""
    import os
    import signal
    import time

    from typeset.build import build
    from typeset.serve.worker import DocxWorker

    issue = next((ROOT / "issues").rglob("645.yaml"))
    plain = build(issue, Project(ROOT), ("pdf", "docx"), tmp_path / "plain")
    worker = DocxWorker().start()

    def kill() -> None:
        pid = next(iter(worker._process.executor._processes))
        os.kill(pid, signal.SIGKILL)
        while running(pid):
            time.sleep(0.01)

    try:
        cache = PageCache()
        monkeypatch.setattr("typeset.writers.docx.render", lambda *a: pytest.fail("drawn in the server"))
        served = build(issue, Project(ROOT), ("pdf", "docx"), tmp_path / "served", pdf=cache.render, docx=worker)
        assert [p.name for p in served.outputs] == [p.name for p in plain.outputs]
        for a, b in zip(plain.outputs, served.outputs, strict=True):
            assert a.read_bytes() == b.read_bytes(), a.name
        kill()  # started again: still drawn in a worker
        build(issue, Project(ROOT), ("pdf", "docx"), tmp_path / "restarted", pdf=cache.render, docx=worker)
        assert (tmp_path / "restarted" / "645.docx").read_bytes() == (tmp_path / "plain" / "645.docx").read_bytes()
        kill()  # a second death: drawn here
        monkeypatch.undo()
        again = build(issue, Project(ROOT), ("pdf", "docx"), tmp_path / "again", pdf=cache.render, docx=worker)
        assert (tmp_path / "again" / "645.docx").read_bytes() == (tmp_path / "plain" / "645.docx").read_bytes()
        assert again.pages == plain.pages and worker._process.executor is None
    finally:
        worker.close()


@pytest.mark.parametrize(("made", "count"), [
    ("from typeset.serve.worker import DocxWorker\n    processes = [DocxWorker().start()]", 1),
    ("from typeset.serve.drawers import Drawers\n    processes = Drawers(2).start().all", 2),
], ids=["the DOCX worker", "the drawers"])
def test_warm_processes_end_with_a_killed_server(tmp_path, made, count):
    """A server killed outright (SIGKILL: no clean-up runs) leaves none of its warm processes behind."""
    import sys
    import time

    script = tmp_path / "server.py"
    script.write_text("import os\n"
                      "if __name__ == '__main__':\n"
                      f"    {made}\n"
                      "    print(*(p for x in processes for p in x._process.executor._processes), flush=True)\n"
                      "    os.kill(os.getpid(), 9)\n", "utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == -9
    pids = list(map(int, done.stdout.split()))
    assert len(pids) == count
    deadline = time.monotonic() + 10
    while any(running(p) for p in pids):
        assert time.monotonic() < deadline, "a warm process outlived its server"
        time.sleep(0.05)

