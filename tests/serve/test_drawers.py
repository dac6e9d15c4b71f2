"""The previews' drawing processes: what they draw is what the server's own process would draw,
the print PDF and DOCX are those `typeset build` writes, and a drawer that dies is replaced."""

from __future__ import annotations

import io
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from typeset.build import Project, build
from typeset.serve.drawers import Drawers, coloured, page_texts
from typeset.serve.preview import IssuePreview

from ..conftest import running

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    (tmp_path / "issues" / "2024").mkdir(parents=True)
    shutil.copy(ROOT / "issues" / "series.yaml", tmp_path / "issues" / "series.yaml")
    shutil.copy(ROOT / "issues" / "2024" / "645.yaml", tmp_path / "issues" / "2024" / "645.yaml")
    return Project(tmp_path)


def _kill(drawers: Drawers) -> None:
    pool = drawers.all[0]._process.executor
    assert pool is not None
    pid = next(iter(pool._processes))
    os.kill(pid, signal.SIGKILL)
    while running(pid):
        time.sleep(0.01)


def test_a_drawer_draws_what_this_process_would_and_is_replaced_once(project, tmp_path, monkeypatch):
    issue = project.issues / "2024" / "645.yaml"
    here = IssuePreview(project, issue, "645")  # no drawer process: drawn in this one
    here.rebuild()
    assert here.good is not None and not here.problems
    plain = build(issue, project, ("pdf", "docx"), tmp_path / "plain")

    drawers = Drawers(1).start()
    try:
        monkeypatch.setattr("typeset.writers.pdf.pagecache.PageCache.preview",
                            lambda *a: pytest.fail("drawn in the server's process"))
        monkeypatch.setattr("typeset.build.prepare", lambda *a: pytest.fail("composed in the server's process"))
        preview = IssuePreview(project, issue, "645", drawers.assign())
        preview.rebuild()
        assert preview.good is not None and not preview.problems
        assert preview.good.pages == here.good.pages and preview.images == here.images
        modes = [Image.open(io.BytesIO(preview.images[n])).mode for n in preview.good.pages]
        assert modes[0] == "RGB" and set(modes[1:]) == {"L"}  # the red masthead; pages in black alone
        for name in preview.good.pages:  # each image as PDFium drew its page, pixel for pixel
            image = Image.open(io.BytesIO(preview.images[name]))
            image.load()
            assert image.size == (1191, 1684)
        printed = pypdfium2.PdfDocument(plain.outputs[0].read_bytes())
        for n, name in enumerate(preview.good.pages):  # as PDFium draws the print PDF's page, in colour or grey
            drawn = Image.open(io.BytesIO(preview.images[name]))
            grey = drawn.mode == "L"
            expected = printed[n].render(scale=2, grayscale=grey, rev_byteorder=not grey).to_pil()
            assert drawn.tobytes() == expected.tobytes()
        assert preview.good._prepared is None  # the composed issue came packed, and stays so until asked for
        assert preview.good.drawn.texts == page_texts(here.good.prepared.composed)
        assert preview.good.drawn.numbers == here.good.prepared.composed.issue.numbers
        assert preview.good.prepared.composed.pages == here.good.prepared.composed.pages
        assert "pdf" not in preview.good.extra  # made later: when the editors pause, or asked for
        assert preview.output("pdf") == plain.outputs[0].read_bytes()
        assert preview.output("docx") == plain.outputs[1].read_bytes()

        text = issue.read_text("utf-8")
        issue.write_text(text.replace("四川省地方志", "四川省地方志工作", 1), "utf-8")
        _kill(drawers)  # started again: still drawn in a drawer, from nothing
        preview.rebuild()
        assert preview.good is not None and not preview.problems and preview.good.laid_out == len(preview.good.pages)
        edited = preview.good.pages
        assert edited != here.good.pages and set(edited) <= set(preview.images)

        issue.write_text(text, "utf-8")
        _kill(drawers)  # a second death: drawn here
        monkeypatch.undo()
        preview.rebuild()
        assert drawers.all[0]._process.executor is None
        assert preview.good is not None and preview.good.pages == here.good.pages
        assert preview.images == here.images
    finally:
        drawers.close()


def test_a_failed_build_keeps_the_last_pages(project):
    issue = project.issues / "2024" / "645.yaml"
    drawers = Drawers(1).start()
    try:
        preview = IssuePreview(project, issue, "645", drawers.assign())
        preview.rebuild()
        good = preview.good
        issue.write_text(issue.read_text("utf-8").replace("sections:", "sections: [", 1), "utf-8")
        preview.rebuild()
        assert preview.good is good and preview.problems and preview.version == 2
        assert "645.yaml" in str(preview.problems[0]) and "Traceback" not in str(preview.problems[0])
    finally:
        drawers.close()


def test_a_drawer_without_jobs_keeps_no_endless_list_of_changes(project):
    from typeset.serve.drawers import PENDING, Drawer
    from typeset.session import Session, using

    issue = project.issues / "2024" / "645.yaml"
    drawer = Drawer(threading.Lock())  # no process: its jobs run here
    session = Session()
    session.kept("probe", 1, lambda: "kept", [project.issues / "series.yaml"])
    drawer.reset([str(project.issues / "2024" / f"{k}.yaml") for k in range(PENDING // 2)])
    with using(session):
        drawer.draw(issue, project, set())  # a job: the listed changes reset, no more
        assert session.kept("probe", 1, lambda: "made again") == "kept"
        drawer.reset([str(project.issues / "2024" / f"{k}.yaml") for k in range(PENDING + 1)])
        drawer.draw(issue, project, set())  # too many listed: everything forgotten
        assert session.kept("probe", 1, lambda: "made again") == "made again"


@pytest.mark.parametrize(("style", "colour"), [
    ("color: #000", False), ("color: #777; border-bottom: 1px solid #ccc", False),
    ("color: #c00", True), ("color: #000; border-bottom: 1px solid #00f", True),
    ("color: #000; background: linear-gradient(#fff, #888)", True),  # grey, yet a shading: in colour
    ("color: #c00; opacity: 0.5", True),  # inside a transparency group
])
def test_a_page_is_drawn_in_grey_only_when_nothing_on_it_has_colour(style, colour):
    import weasyprint

    pdf = weasyprint.HTML(string=f'<p style="{style}">四川 sample</p>').write_pdf(uncompressed_pdf=True)
    document = pypdfium2.PdfDocument(pdf)
    try:
        assert coloured(document[0], pdf) is colour
    finally:
        document.close()


def test_a_picture_is_drawn_in_colour(tmp_path):
    import weasyprint

    Image.new("L", (8, 8), 128).save(tmp_path / "grey.png")
    pdf = weasyprint.HTML(string='<img src="grey.png">', base_url=str(tmp_path) + "/").write_pdf(uncompressed_pdf=True)
    document = pypdfium2.PdfDocument(pdf)
    try:
        assert coloured(document[0], pdf)
    finally:
        document.close()


@pytest.mark.parametrize(("channels", "mode"), [(1, "L"), (3, "RGB")])
def test_page_images_are_png_of_the_rows_as_given_padding_left_out(channels, mode):
    import random

    from typeset.serve.drawers import png

    width, height, stride = 5, 4, 5 * channels + 3  # rows padded, as a bitmap's may be
    rng = random.Random(7)
    rows = [bytes(rng.randrange(256) for _ in range(width * channels)) for _ in range(height)]
    padded = b"".join(r + b"\xee" * 3 for r in rows)
    image = Image.open(io.BytesIO(png(padded, width, height, channels, stride)))
    assert image.mode == mode and image.size == (width, height)
    assert image.tobytes() == b"".join(rows)
