"""A licensed face dropped into fonts/ wins over the stand-in; page numbers when the series
prints them (GB/T 9704 §7.5): `— N —`, 7 mm below the block, odd right and even left."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from typeset.build import Project, build
from typeset.fonts import STAND_IN
from typeset.layout import MM, load_layout

from ...conftest import FIXTURES, ROOT
from .test_pdf import rows, words

LAYOUT = load_layout("briefing")


def licensed_font(fonts: Path) -> str:
    """A font file in `fonts/` named as the official body face (仿宋_GB2312) but drawn with
    other glyphs (FandolKai), to tell it from the stand-in; returns the official name."""
    from fontTools.ttLib import TTFont

    fonts.mkdir(exist_ok=True)
    official = LAYOUT["fonts"]["body"]["faces"][0]
    font = TTFont(STAND_IN / "FandolKai-Regular.otf")
    names = font["name"]
    names.names = [rec for rec in names.names if rec.platformID == 3]  # Unicode records only
    for rec in names.names:
        if rec.nameID in (1, 4, 16):
            rec.string = official
        elif rec.nameID == 6:
            rec.string = "TestFangSongGB2312"
    font.save(fonts / "licensed.otf")
    return official


def test_a_face_in_fonts_wins_over_the_stand_in(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    official = licensed_font(fonts)
    out = tmp_path / "out"
    probe = (
        "import sys\nfrom pathlib import Path\nimport typeset.fonts as f\n"
        f"f.FONTS = Path({str(fonts)!r})\n"
        "from typeset.build import Project, build\n"
        f"r = build(Path({str(FIXTURES / '2021-07-16.yaml')!r}), Project(Path({str(ROOT)!r})),"
        f" ('pdf',), Path({str(out)!r}))\n"
        "from typeset.layout import load_layout\n"
        "face = f.faces(load_layout('briefing'))['body']\n"
        "print(face.official, face.name, face.path.name)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["True", official, "licensed.otf"]
    programs = b"".join(embedded_fonts(out / "9002.pdf"))
    assert b"FandolKai" in programs  # the licensed file drew the body
    assert b"FandolFang" not in programs  # the stand-in was not used



def test_a_face_in_the_projects_own_fonts_folder(tmp_path: Path) -> None:
    """A series started with `typeset init` anywhere: fonts/ beside its issues/ is used."""
    project = tmp_path / "办公室简报"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    run = [sys.executable, "-m", "typeset"]
    subprocess.run([*run, "init", str(project)], check=True, capture_output=True, env=env, cwd=tmp_path)
    licensed_font(project / "fonts")
    (project / "issues" / "2024").mkdir(parents=True, exist_ok=True)
    issue = project / "issues" / "2024" / "1.yaml"
    issue.write_text("date: 2024-03-26\nsections:\n  - name: 特别关注\n    articles:\n"
                     "      - title: 标题\n        paragraphs:\n          - 正文一段。\n"
                     "colophon: {copies: 20}\n", "utf-8")
    done = subprocess.run([*run, "build", str(issue), "--format", "pdf", "-o", "out"], capture_output=True,
                          text=True, env=env, cwd=project)
    assert done.returncode == 0, done.stderr
    programs = b"".join(embedded_fonts(project / "out" / "1.pdf"))
    assert b"FandolKai" in programs and b"FandolFang" not in programs


def embedded_fonts(pdf: Path) -> list[bytes]:
    """The font programs embedded in a PDF."""
    from pypdf import PdfReader

    found = []
    for page in PdfReader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            for desc in font.get("/DescendantFonts", [font]):
                d = desc.get_object().get("/FontDescriptor")
                if d is None:
                    continue
                d = d.get_object()
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in d:
                        found.append(d[key].get_object().get_data())
    return found


@pytest.fixture(scope="module")
def numbered_pdf(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("series")
    (root / "issues").mkdir()
    series = (ROOT / "issues" / "series.yaml").read_text("utf-8")
    (root / "issues" / "series.yaml").write_text(
        series.replace("page_numbers: false", "page_numbers: true"), "utf-8")
    shutil.copy(FIXTURES / "2021-07-16.yaml", root / "fixture.yaml")
    result = build(root / "fixture.yaml", Project(root), ("pdf",), root / "out")
    return result.outputs[0]


def test_page_numbers_print_below_the_block_odd_right_even_left(numbered_pdf: Path) -> None:
    pages = words(numbered_pdf)
    assert len(pages) >= 2
    size = LAYOUT["page_number"]["size"]
    left = LAYOUT.margin_left + LAYOUT["page_number"]["indent_cells"] * size
    right = LAYOUT.margin_left + LAYOUT.text_width - LAYOUT["page_number"]["indent_cells"] * size
    below = LAYOUT.margin_top + LAYOUT.text_height + LAYOUT["page_number"]["below_mm"] * MM
    for n, page in enumerate(pages, start=1):
        last = rows(page)[-1]
        text = "".join(w[4] for w in last)
        assert re.fullmatch(rf"—{n}—", text), text
        assert last[0][1] == pytest.approx(below, abs=1.5)  # 7 mm under the text block
        if n % 2:
            assert last[-1][2] == pytest.approx(right, abs=1.0)
        else:
            assert last[0][0] == pytest.approx(left, abs=1.0)


def test_this_series_prints_no_page_numbers(built) -> None:
    for page in words(built("645")):
        text = "".join(w[4] for w in rows(page)[-1])
        assert not re.fullmatch(r"—\d+—", text)
