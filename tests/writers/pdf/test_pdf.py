"""The real PDF, read back with pypdf and poppler: page, grid, masthead, colophon, content."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from typeset.layout import load_layout
from typeset.official.compare import compare_files, pct

from ...conftest import FIXTURES, OFFICIAL, pdf_lines

LAYOUT = load_layout("briefing")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
HANG = set(LAYOUT.composition["hangable"])


def words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return [[(float(a), float(b), float(c), float(d), html.unescape(t))
             for a, b, c, d, t in WORD.findall(page)] for page in out.split("<page ")[1:]]


def rows(page_words, tolerance: float = 4.0):
    """Group words into lines by their vertical centre."""
    result: list[list] = []
    for w in sorted(page_words, key=lambda w: ((w[1] + w[3]) / 2, w[0])):
        centre = (w[1] + w[3]) / 2
        if result and abs(result[-1][0] - centre) < tolerance:
            result[-1][1].append(w)
        else:
            result.append([centre, [w]])
    return [sorted(r[1]) for r in result]


def test_page_is_a4(built):
    reader = PdfReader(built("645"))
    for page in reader.pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(LAYOUT.page_width, abs=0.1)
        assert float(box.height) == pytest.approx(LAYOUT.page_height, abs=0.1)


def test_text_block_margins(built):
    pdf = built(FIXTURES / "2021-07-16.yaml")
    left, top = LAYOUT.margin_left, LAYOUT.margin_top
    right = left + LAYOUT.text_width
    bottom = top + LAYOUT.text_height
    for page in words(pdf):
        assert min(w[0] for w in page) == pytest.approx(left, abs=0.6)
        assert min(w[1] for w in page) >= top - 1
        assert max(w[3] for w in page) <= bottom + 1 + 30  # 共印 line stands just below
        for w in page:
            hung = w[4][-1] in HANG
            assert w[2] <= right + (LAYOUT["body"]["size"] + 1 if hung else 1.0), w


def test_a_full_page_holds_22_lines_with_one_right_edge(built):
    pdf = built(FIXTURES / "2021-07-16.yaml")
    page2 = rows(words(pdf)[1])
    assert len(page2) == LAYOUT.lines
    right = LAYOUT.margin_left + LAYOUT.text_width
    edges = []
    for line in page2[:-1]:  # lines ending in an ideograph (a hung mark stands past the edge)
        last = line[-1]
        if "\u4e00" <= last[4][-1] <= "\u9fff":
            edges.append(last[2])
    assert len(edges) > 10
    assert max(edges) - min(edges) < 1.0
    assert sum(edges) / len(edges) == pytest.approx(right, abs=1.0)


def test_masthead_title_is_red_and_numbers_print(built):
    pdf = built("645")
    text = pdf_lines(pdf)[0]
    assert text[0] == "四川省地方志工作简报"
    assert "第40期（总第645期）" in text
    assert "四川省地方志工作办公室2024年3月26日" in text
    content = PdfReader(pdf).pages[0].get_contents().get_data().decode("latin-1")
    assert re.search(r"\b1 0 0 (rg|sc|scn)\b", content), "no pure red fill on page 1"


def test_colophon_on_the_last_page_at_the_foot(built):
    pdf = built("645")
    pages = words(pdf)
    last = rows(pages[-1])
    texts = ["".join(w[4] for w in r) for r in last]
    imprint = next(i for i, t in enumerate(texts) if t.endswith("印发"))
    assert texts[imprint].startswith("四川省地方志工作办公室综合处")
    assert texts[-1] == "（共印21份）"
    bottom = LAYOUT.margin_top + LAYOUT.text_height
    assert last[imprint][0][3] == pytest.approx(bottom, abs=LAYOUT["colophon"]["line_pitch"])
    assert all(t.find("印发") < 0 for p in pages[:-1] for t in ["".join(w[4] for w in p)])


def test_every_article_is_present_in_order(built):
    pdf = built("645")
    result = compare_files(pdf, OFFICIAL / "issue-645-2024-03-26.md")
    assert result.missing_chars == 0, result.summary()


@pytest.mark.parametrize("name", ["2020-06-23", "2021-07-16", "2023-02"])
def test_fixture_reproduces_the_official_lines(built, name):
    pdf = built(FIXTURES / f"{name}.yaml")
    r = compare_files(pdf, OFFICIAL / f"{name}.txt")
    assert r.missing_chars == 0, r.summary()
    assert r.pdf_pages == r.reference_pages + r.blank_pages, r.summary()  # pages without text too
    assert r.page_starts_matched == r.page_starts_total, r.summary()
    assert pct(r.exact_lines, r.reference_lines) >= 97 and pct(r.local_ok, r.local_lines) >= 99, r.summary()


def test_text_extracts_one_line_per_line(built):
    """Quotes and digits (drawn in the Latin face) extract inside their line, in order."""
    pdf = built(FIXTURES / "2021-07-16.yaml")
    lines = ["".join(w[4] for w in row) for page in words(pdf) for row in rows(page)]
    assert "截至2021年6月30日，“方志四川”微信公众号用户数12023人，" in lines
    assert "阅读量285.2万，“方志四川”新媒体矩阵阅读量2.26亿，四川省" in lines


def test_author_text_is_text_not_markup(built, tmp_path):
    from typeset.build import Project, build

    src = (FIXTURES / "2021-07-16.yaml").read_text("utf-8")
    src = src.replace("  - name: 特别关注", '  - name: "</h1><script>x</script>"', 1)
    path = tmp_path / "x.yaml"
    path.write_text(src, "utf-8")
    result = build(path, Project(FIXTURES.parent.parent), ("pdf",), tmp_path)
    first = pdf_lines(result.outputs[0])[0]
    assert "【</h1><script>x</script>】" in first
