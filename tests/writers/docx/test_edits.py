"""The DOCX after the edits an office makes, as LibreOffice lays it out.

Each target's DOCX is edited with python-docx as an editor would in Word —
50 characters typed into a paragraph on page 2, a recipient line added to 送
and one to 报, a paragraph deleted, page numbers turned on — and every
version (the unedited one too) is rendered in one soffice run and read back
with pdftotext -bbox: the colophon stays inside the text block at the foot of
the last page, nothing overlaps, no page of one or two lines appears, every
source is whole on one line at the right edge, and no character is lost.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from typeset.compose import compose, read_plan
from typeset.layout import load_layout
from typeset.model import Paragraph

from .conftest import TARGETS, convert
from .test_enter import enter
from .test_libreoffice import pages, words

LAYOUT = load_layout("briefing")
EDITS = ("unedited", "insert", "recipients", "delete", "numbers", "source")
TYPED = "会议强调，要进一步提高政治站位，切实增强做好新时代地方志工作的责任感和使命感，确保各项任务落到实处。"
ADDED = {"送：": "新增的平级单位办公室。", "报：": "新增的上级单位办公室。"}
JOINERS = "\u2060\u200b"
Box = tuple[float, float, float, float, str]
assert len(TYPED) == 50


def _composed(project, target):
    from typeset.build import numbered
    from typeset.reader import load_issue, load_series

    from ...conftest import _by_total

    path = target if isinstance(target, Path) else _by_total(project, target)
    series = load_series(project.issues)
    issue = numbered(load_issue(path, series), path, project, series)
    return compose(issue, series, LAYOUT.with_overrides(issue.layout_overrides))


def _choices(composed) -> tuple[str, str, list[str], tuple[str, int]]:
    """The text of a paragraph on page 2, of a paragraph to delete (not an article's last,
    so that its source stays), the printed sources, and a paragraph that shares its last
    line with the source with the number of characters that, typed at its end, leave the
    source no room there."""
    plan = read_plan(composed)
    on_page_2 = deleted = crowded = None
    sources = []
    for section, splan in zip(composed.issue.sections, plan.sections, strict=True):
        for article, aplan in zip(section.articles, splan.articles, strict=True):
            items = list(zip(article.paragraphs, aplan.paragraphs, strict=True))
            for k, (item, placed) in enumerate(items):
                if not isinstance(item, Paragraph) or item.level:
                    continue
                if on_page_2 is None and placed.page == 2 and len(placed.lines()) > 1:
                    on_page_2 = item.text
                if deleted is None and k < len(items) - 1 and placed.page == 1:
                    deleted = item.text
            if aplan.source is not None:
                sources.append(aplan.source.lines()[0].text.strip())
            elif aplan.source_inline:
                last = aplan.paragraphs[-1].lines()[-1]
                sources.append("".join(u.text for u in last.units[last.source_from:]).strip())
                if crowded is None:
                    body = last.units[:last.source_from]
                    used = max(u.x + u.width for u in body) + sum(u.width for u in last.units[
                        last.source_from:] if not u.text.isspace())
                    room = (LAYOUT.text_width - last.x - used) / last.size
                    crowded = (article.paragraphs[-1].text, int(room) + 2)
    assert on_page_2 and deleted and sources and crowded
    return on_page_2, deleted, sources, crowded


def _text(p) -> str:
    return "".join(t.text or "" for t in p._p.iter(qn("w:t"))).translate({ord(c): None for c in JOINERS})


def _edit(src: Path, dst: Path, edit: str, on_page_2: str, deleted: str,
          crowded: tuple[str, int]) -> None:
    """What an editor does in Word, done with python-docx."""
    document = docx.Document(str(src))
    if edit == "source":  # typed at the end of the text, before the source's tab
        text, n = crowded
        p = next(p for p in document.paragraphs if _text(p).startswith(text))
        before_tab = [r for r in p.runs if r._r.getnext() is not None
                      and r._r.getnext().find(qn("w:tab")) is not None][-1]
        before_tab.text += TYPED[:n]
    elif edit == "insert":
        p = next(p for p in document.paragraphs if _text(p).startswith(on_page_2))
        run = max(p.runs, key=lambda r: len(r.text))  # typed into the middle of the text
        run.text = run.text[:len(run.text) // 2] + TYPED + run.text[len(run.text) // 2:]
    elif edit == "delete":
        p = next(p for p in document.paragraphs if _text(p) == deleted)
        p._p.getparent().remove(p._p)
    elif edit == "recipients":
        cell = document.tables[0].rows[1].cells[0]
        for label, name in ADDED.items():
            group = [p for p in cell.paragraphs if _text(p).startswith(label)][0]
            enter(document, group, name)  # Enter at the end of the group's line, then typing
    elif edit == "numbers":
        footer = document.sections[0].footer
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("— ")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "1"
        run.append(t)
        field.append(run)
        p._p.append(field)
        p.add_run(" —")
    document.save(str(dst))


@pytest.fixture(scope="session")
def edited(tmp_path_factory, built, project):
    """(target, edit) → (LibreOffice's PDF, the edited DOCX, the printed sources)."""
    work = tmp_path_factory.mktemp("edited")
    docs, meta = [], {}
    for name, target in TARGETS.items():
        on_page_2, deleted, sources, crowded = _choices(_composed(project, target))
        src = work / f"{name}.docx"
        shutil.copy(built(target, "docx"), src)
        for edit in EDITS:
            dst = work / f"{name}-{edit}.docx"
            _edit(src, dst, edit, on_page_2, deleted, crowded)
            docs.append(dst)
            meta[name, edit] = (dst, sources)
    pdfs = convert(docs, work)
    return {key: (pdfs[f"{key[0]}-{key[1]}"], doc, sources) for key, (doc, sources) in meta.items()}


def _lines(boxes: list[Box]) -> list[list[Box]]:
    """Words grouped into lines (boxes whose vertical middles are within 3 pt), top down."""
    out: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: ((b[1] + b[3]) / 2, b[0])):
        if out and abs((out[-1][0][1] + out[-1][0][3]) / 2 - (b[1] + b[3]) / 2) < 3:
            out[-1].append(b)
        else:
            out.append([b])
    return [sorted(line) for line in out]


CASES = [(name, edit) for name in sorted(TARGETS) for edit in EDITS]


@pytest.mark.parametrize(("name", "edit"), CASES)
def test_colophon_at_the_foot_of_the_text_block(edited, name, edit):
    pdf, _, _ = edited[name, edit]
    last = words(pdf, pages(pdf))
    labels = LAYOUT["colophon"]["labels"]
    head = [b for b in last if b[4].startswith(labels["disclosure"])]
    assert head, "the colophon is on the last page"
    printed = [b for b in last if b[4].endswith(labels["printed"])]
    assert printed
    top, bottom = LAYOUT.margin_top, LAYOUT.margin_top + LAYOUT.text_height
    assert head[0][1] >= top
    centre = (printed[0][1] + printed[0][3]) / 2  # the 印发 line, in the slot above the last rule
    assert bottom - LAYOUT["colophon"]["line_pitch"] <= centre <= bottom, (centre, bottom)
    # the body stands above it
    assert all(b[3] <= head[0][1] + 0.5 for b in last if b[1] < head[0][1] - 3)
    if edit == "recipients":
        shown = "".join(b[4] for b in last)
        assert all(n in shown for n in ADDED.values())


@pytest.mark.parametrize(("name", "edit"), CASES)
def test_nothing_overlaps_and_no_page_of_one_or_two_lines(edited, name, edit):
    pdf, _, _ = edited[name, edit]
    for page in range(1, pages(pdf) + 1):
        boxes = words(pdf, page)
        assert len(_lines(boxes)) > 2, f"page {page} holds {len(_lines(boxes))} lines"
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                w = min(a[2], b[2]) - max(a[0], b[0])
                h = min(a[3], b[3]) - max(a[1], b[1])
                # pdftotext's boxes are the faces' full height: lines of large type touch
                assert w <= 0.5 or h <= 0.25 * min(a[3] - a[1], b[3] - b[1]), \
                    f"page {page}: {a[4]!r} overlaps {b[4]!r}"


# A source typed out of room on the last line splits in LibreOffice 7.4: its Chinese line
# breaking breaks between any two characters but its built-in 避头尾 ones (it ignores
# U+2060 WORD JOINER and the document's 避头尾 lists); a ruby keeps the text whole there
# but drops the tab before it, so the source would stand flush left. Not solved yet
# (LibreOffice 25.2 keeps text joined by U+2060 whole, but splits the plain source too).
SPLIT_BY_LIBREOFFICE = pytest.mark.xfail(reason="LibreOffice 7.4 splits a source out of room on the last line",
                                         strict=True)
SOURCE_CASES = [pytest.param(n, e, marks=SPLIT_BY_LIBREOFFICE) if e == "source" else (n, e)
                for n, e in CASES]


@pytest.mark.parametrize(("name", "edit"), SOURCE_CASES)
def test_every_source_whole_on_one_line_at_the_right_edge(edited, name, edit):
    pdf, _, sources = edited[name, edit]
    right = LAYOUT.margin_left + LAYOUT.text_width
    lines = [line for page in range(1, pages(pdf) + 1) for line in _lines(words(pdf, page))]
    for source in sources:
        held = [line for line in lines if "".join(b[4] for b in line).endswith(source)]
        assert held, f"{source} is not whole on one line"
        assert all(abs(line[-1][2] - right) < 1.0 for line in held), source
    if edit == "source":  # the crowded source moved to a line of its own
        assert any("".join(b[4] for b in line) == source for line in lines for source in sources)


@pytest.mark.parametrize(("name", "edit"), CASES)
def test_no_character_lost(edited, name, edit):
    pdf, doc, _ = edited[name, edit]
    document = docx.Document(str(doc))
    written = Counter(re.sub(r"\s", "", "".join(_text(p) for p in (
        *document.paragraphs, *(p for t in document.tables for c in t._cells for p in c.paragraphs)))))
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    shown = Counter(re.sub(r"\s", "", out.translate({ord(c): None for c in JOINERS})))
    lost = {c: n - shown[c] for c, n in written.items() if shown[c] < n}
    assert not lost


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_page_counts_after_edits(edited, name):
    """Unedited, the PDF's page count; an edit changes it by one page at most."""
    base = pages(edited[name, "unedited"][0])
    for edit in EDITS[1:]:
        assert abs(pages(edited[name, edit][0]) - base) <= 1, edit
