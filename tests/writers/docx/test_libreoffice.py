"""The DOCX as a word processor lays it out: LibreOffice's rendering read back.

Each DOCX is converted once per session (conftest.rendered). The figures of
typeset compare for LibreOffice's rendering are printed next to those of typeset's
own PDF (run pytest with -s to see them) and asserted.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from typeset.layout import load_layout
from typeset.official.compare import compare_files

from ...conftest import OFFICIAL
from .conftest import RENDERED as TARGETS

LAYOUT = load_layout("briefing")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
REFERENCES = {name: OFFICIAL / f"{name}.txt" for name in ("2021-07-16", "2020-06-23", "2023-02")}


# LibreOffice breaks a few lines otherwise than the composer (its own glyph advances and
# break rules); the DOCX keeps the composer's breaks on at least this share of the lines
# that typeset compare scores locally (each line on its own, an earlier difference not counted).
LOCAL_SHARE = 0.95
# exact lines of the official text in LibreOffice's rendering of the DOCX, at least
# (2021-07-16: a line held by narrowed Chinese–digit gaps and two commas pushed in to half a
# cell breaks earlier, and the rest of its paragraph with it: README)
EXACT = {"2020-06-23": 1.0, "2021-07-16": 0.9, "2023-02": 1.0}
# fixtures whose PDF (typeset's own) has another page count than the official issue: the
# DOCX is held to the PDF's (test_same_page_count_as_typesets_pdf)
OWN_PAGE_COUNT = {"2023-02"}


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), float(d), html.unescape(t))
            for a, b, c, d, t in WORD.findall(out)]


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_no_character_lost(rendered, built, name):
    """typeset compare against the official text: every character is on LibreOffice's pages
    (hung commas included: LibreOffice 7.4 leaves some off in justified lines)."""
    docx_figures = compare_files(rendered[name], REFERENCES[name])
    pdf_figures = compare_files(built(TARGETS[name]), REFERENCES[name])
    print(f"\n{name}  DOCX (LibreOffice): {docx_figures.summary()}\n"
          f"{name}  PDF (typeset):      {pdf_figures.summary()}")
    assert docx_figures.missing_chars == 0, docx_figures.summary()


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_docx_keeps_the_official_lines_and_pages(rendered, name):
    """LibreOffice's rendering of the DOCX: the official page starts and page count, and the
    official line breaks on nearly every line."""
    figures = compare_files(rendered[name], REFERENCES[name])
    assert figures.page_starts_matched == figures.page_starts_total, figures.summary()
    if name not in OWN_PAGE_COUNT:
        assert figures.pdf_pages == figures.reference_pages, figures.summary()
    assert figures.local_ok >= LOCAL_SHARE * figures.local_lines, figures.summary()
    assert figures.exact_lines >= EXACT[name] * figures.reference_lines, figures.summary()


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_same_page_count_as_typesets_pdf(rendered, built, name):
    assert pages(rendered[name]) == pages(built(TARGETS[name]))


def _colophon_text(project, target) -> str:
    """The composed colophon's text in reading order, white space left out."""
    from typeset.build import numbered
    from typeset.compose import Kind, compose
    from typeset.reader import load_issue, load_series

    from ...conftest import _by_total

    path = target if isinstance(target, Path) else _by_total(project, target)
    series = load_series(project.issues)
    issue = numbered(load_issue(path, series), path, project, series)
    composed = compose(issue, series, LAYOUT.with_overrides(issue.layout_overrides))
    lines = [i for i in composed.pages[-1].items if i.kind == Kind.COLOPHON]
    return re.sub(r"\s+", "", "".join(t.text for t in sorted(lines, key=lambda t: (t.baseline, t.x))))


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_colophon_at_the_foot_of_the_last_page(rendered, project, name):
    pdf = rendered[name]
    last = words(pdf, pages(pdf))
    labels = LAYOUT["colophon"]["labels"]
    head = [w for w in last if w[4].startswith(labels["disclosure"])]
    assert head, "the colophon is on the last page"
    top = head[0][1]
    # everything from the colophon's first line down is the colophon, whole and in order
    below = sorted((w for w in last if w[1] >= top - 0.5), key=lambda w: (round(w[1]), w[0]))
    assert "".join(w[4] for w in below) == _colophon_text(project, TARGETS[name])
    # its last rule on the bottom edge of the text block: the 印发 line in the slot above it
    printed = [w for w in below if w[4].endswith(labels["printed"])]
    assert printed
    bottom = LAYOUT.margin_top + LAYOUT.text_height
    centre = (printed[-1][1] + printed[-1][3]) / 2
    assert bottom - LAYOUT["colophon"]["line_pitch"] <= centre <= bottom


def test_titles_drawn_in_the_title_stand_in(rendered):
    """The masthead and article titles in the title role's face (the stand-in where the
    official face is missing), not in another face of its family."""
    from fontTools.ttLib import TTFont

    from typeset.fonts import faces

    face = faces(LAYOUT)["title"]
    name = TTFont(face.path)["name"].getDebugName(6)
    used = subprocess.run(["pdffonts", str(rendered["645"])], capture_output=True, text=True,
                          check=True).stdout
    # LibreOffice 7.4 embeds the font's own PostScript name, 25.2 its renamed copy's (conftest)
    names = "|".join(map(re.escape, (name, "Typeset-title")))
    assert re.search(rf"\+(?:{names})\s", used), used


def test_masthead_title_is_red(rendered, tmp_path):
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "36", "-f", "1", "-l", "1", "-png", str(rendered["645"]),
                    str(tmp_path / "p")], check=True)
    (png,) = tmp_path.glob("p*.png")
    image = Image.open(png).convert("RGB")
    scale = image.width / LAYOUT.page_width
    title = [w for w in words(rendered["645"], 1) if w[4] == "四川省地方志工作简报"]
    assert title, "the masthead title is text on page 1"
    x0, y0, x1, y1 = (round(v * scale) for v in title[0][:4])
    assert LAYOUT["colors"]["red"].upper() == "#FF0000"
    inked = [image.getpixel((x, y)) for x in range(x0, x1) for y in range(y0, y1)
             if min(image.getpixel((x, y))) < 200]  # not paper (edges are anti-aliased)
    assert inked
    red = [(r, g, b) for r, g, b in inked if r > 200 and r - max(g, b) > 60 and abs(g - b) < 30]
    assert len(red) > 0.95 * len(inked)
