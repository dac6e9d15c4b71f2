"""An ASCII run too long for any line (a pasted URL) is broken as Word breaks it, in the
PDF and in the DOCX alike: after / . - _ ? & =, else anywhere; never refused."""

from __future__ import annotations

import re
import zipfile

from typeset.compose.lines import Settings, break_paragraph
from typeset.layout import load_layout

from ..conftest import pdf_lines
from ..editor_project import BASE
from ..writers.docx.conftest import convert

URL = "https://www.sc-dfz.gov.cn/news/2024/03/article_detail.html?id=123456&lang=zh-CN"  # 79 characters
BARE = "x" * 90  # nowhere Word prefers: broken where the line ends
PARA = "          - 会上，双方就全书编纂思路进行沟通交流。\n"

LAYOUT = load_layout("briefing")


def lines(text: str) -> list[str]:
    s = Settings.from_dict(LAYOUT.composition, LAYOUT["body"]["size"])
    boxes = break_paragraph(text, s, LAYOUT.text_width, 2)
    assert all(b.end <= LAYOUT.text_width + 0.01 for b in boxes), [b.end for b in boxes]
    return [b.text for b in boxes]


def test_a_url_breaks_after_a_slash_and_fills_the_line():
    out = lines("详见网址" + URL + "，欢迎访问。")
    assert "".join(out) == "详见网址" + URL + "，欢迎访问。"
    assert out[0].startswith("详见网址https://") and out[0][-1] in "/.-_?&="


def test_a_run_with_no_break_character_breaks_anywhere():
    out = lines(BARE)
    assert "".join(out) == BARE and len(out) >= 2
    assert len(out[0]) > 40  # the first line is filled, not left with a gap


def test_short_latin_runs_still_move_whole_to_the_next_line():
    text = "会上" * 12 + " www.example.org"
    out = lines(text)
    assert any(line.endswith("www.example.org") for line in out) and "".join(out).count("www.example.org") == 1


def test_a_url_builds_in_pdf_and_docx(editor, tmp_path):
    editor.write(BASE.replace(PARA, f"          - 详见网址{URL}，欢迎访问。\n          - {BARE}\n"))
    run = editor.build("--format", "pdf,docx")
    assert run.code == 0, run.text
    assert "请缩短" not in run.text
    text = "".join(line for page in pdf_lines(editor.out / "645.pdf") for line in page)
    assert URL in text and BARE in text
    with zipfile.ZipFile(editor.out / "645.docx") as z:
        xml = z.read("word/document.xml").decode()
    body = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)).replace("&amp;", "&")
    # a zero-width space stands where the composer broke a URL (so that Word breaks there too)
    assert "\u200b" in body
    body = body.replace("\u200b", "")
    assert URL in body and BARE in body
    lo = convert([editor.out / "645.docx"], tmp_path / "lo")["645"]
    drawn = "".join(line for page in pdf_lines(lo) for line in page).replace("\u200b", "")
    assert URL in drawn and BARE in drawn
