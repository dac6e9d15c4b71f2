"""The print HTML drawn with the part of WeasyPrint's user-agent stylesheet that can apply to it:
byte for byte the PDF of the whole stylesheet, for 645, each fixture and the pictures; any other
element or attribute gets the whole stylesheet; other documents are styled as before (their
stylesheet parsed when first used)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from typeset.fonts import faces
from typeset.writers.pdf import sheets
from typeset.writers.pdf.fetch import ConfinedFetcher
from typeset.writers.pdf.patches import font_config
from typeset.writers.pdf.render import html

from ...conftest import ROOT
from ..test_golden import TARGETS, composed_target


@pytest.mark.parametrize("target", TARGETS)
def test_the_print_stylesheet_draws_the_same_pdf_as_the_whole_one(project, target, tmp_path) -> None:
    import weasyprint

    project, series, layout, composed = composed_target(project, target, tmp_path)
    page = html(composed, layout)
    assert sheets.fits(page)
    table = faces(layout, series.folder)
    options = {"base_url": layout.folder.as_uri() + "/",
               "url_fetcher": ConfinedFetcher([layout.folder, Path(series.folder)]
                                              + [f.path.parent for f in table.values()])}
    config = font_config(f.path for f in table.values())
    printed = sheets.document(page, **options)
    whole = weasyprint.HTML(string=page, **options)
    assert type(printed) is not weasyprint.HTML and type(whole) is weasyprint.HTML
    ours = printed.write_pdf(custom_metadata=True, font_config=config)
    assert ours == whole.write_pdf(custom_metadata=True, font_config=config)
    if target == "figures":
        assert b"/Subtype /Image" in ours


@pytest.mark.parametrize("snippet", ["<b>粗</b>", "<p>段</p>", '<div hidden>隐</div>', '<div dir="rtl">x</div>',
                                     "<ol><li>一</li></ol>", "<IMG SRC='x.png' ALIGN=left>"])
def test_anything_else_gets_the_whole_stylesheet(snippet) -> None:
    import weasyprint

    page = f'<html lang="zh-CN"><head><meta charset="utf-8"></head><body><div class="l">{snippet}</div></body></html>'
    assert not sheets.fits(page)
    assert type(sheets.document(page)) is weasyprint.HTML
    plain = page.replace(snippet, '<span style="x">字</span><img class="pic" alt="" src="a.png">')
    assert sheets.fits(plain) and type(sheets.document(plain)) is not weasyprint.HTML


PROBE = """
import subprocess, sys
from typeset.writers.pdf import patches as engine
weasyprint = engine.import_weasyprint()
print(weasyprint.UA_STYLESHEET._sheet is None)
doc = '<ol><li>甲</li><li>乙</li></ol><h1>标题</h1><table><tr><td>格</td></tr></table>'
weasyprint.HTML(string=doc).write_pdf(sys.argv[1])
print(weasyprint.UA_STYLESHEET._sheet is None)
"""


def test_other_documents_get_the_whole_stylesheet_when_first_used(tmp_path) -> None:
    pdf = tmp_path / "other.pdf"
    out = subprocess.run([sys.executable, "-c", PROBE, str(pdf)], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["True", "False"]  # not parsed at import; parsed for the first document that needs it
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "1." in text and "2." in text and "甲" in text  # the list's counter style and markers
