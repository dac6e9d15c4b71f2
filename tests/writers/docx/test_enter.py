"""A recipient added to the colophon of the DOCX as an office adds one — Enter at the end of a
name, then typing — stands under the names, not flush with the 报/送/发 label: the new paragraph
gets the style Word and LibreOffice give after Enter (the style's `next`), and the names' indents
are the styles'. Edited with python-docx, laid out by LibreOffice, read back with pdftotext."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ...faults.project import env, make
from .conftest import convert
from .test_libreoffice import pages, words

UNDER = "中国地方志工作办公室。"  # the second name of 报, set under the first
# (the name an Enter follows, how many Enters, the new names)
EDITS = {
    "after-送": ("送：", 1), "after-报": ("报：", 1), "after-报-second": (UNDER, 1), "after-发": ("发：", 1),
    "two-after-送": ("送：", 2),
}


def _text(p) -> str:
    return "".join(t.text or "" for t in p._p.iter(qn("w:t")))


def _next_style(document, style_id: str) -> str:
    """The style Enter at a paragraph's end gives: its style's w:next (else the same style)."""
    for s in document.styles.element.iter(qn("w:style")):
        if s.get(qn("w:styleId")) == style_id:
            nxt = s.find(qn("w:next"))
            return nxt.get(qn("w:val")) if nxt is not None else style_id
    return style_id


def enter(document, paragraph, typed: str):
    """Enter at the end of `paragraph`, then `typed`: a new paragraph with the paragraph's own
    properties (direct formatting carried, the worst case) in the style's next style."""
    new = copy.deepcopy(paragraph._p)
    for r in new.findall(qn("w:r")):
        new.remove(r)
    style = new.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    style.set(qn("w:val"), _next_style(document, style.get(qn("w:val"))))
    paragraph._p.addnext(new)
    run, t = OxmlElement("w:r"), OxmlElement("w:t")
    t.text = typed
    run.append(t)
    new.append(run)
    return docx.text.paragraph.Paragraph(new, paragraph._parent)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    root = make(tmp_path_factory.mktemp("enter") / "p")
    done = subprocess.run([sys.executable, "-m", "typeset", "build", "645", "--format", "docx"], cwd=root,
                          env=env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    work = tmp_path_factory.mktemp("enter-office")
    docs = []
    for name, (after, count) in EDITS.items():
        document = docx.Document(str(root / "build" / "645.docx"))
        cell = document.tables[0].rows[1].cells[0]
        p = next(p for p in cell.paragraphs if _text(p).startswith(after))
        for k in range(count):
            p = enter(document, p, f"新增的第{k + 1}个单位办公室（{name}）。")
        docs.append(work / f"{name}.docx")
        document.save(str(docs[-1]))
    docs.append(work / "unedited.docx")
    docs[-1].write_bytes((root / "build" / "645.docx").read_bytes())
    return convert(docs, work)


def _names_x(pdf: Path) -> float:
    last = words(pdf, pages(pdf))
    return next(b[0] for b in last if b[4] == UNDER)


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_name_added_with_enter_stands_under_the_names(rendered, name) -> None:
    pdf = rendered[name]
    x = _names_x(rendered["unedited"])
    last = words(pdf, pages(pdf))
    added = [b for b in last if b[4].startswith("新增的")]  # the first word of each added line
    assert len(added) == EDITS[name][1], [b[4] for b in last]
    for box in added:
        assert abs(box[0] - x) < 1.0, (box, x)
    label = next(b for b in last if b[4].startswith("送："))
    assert label[0] < x - 10  # the labels still hang to the left of the names
