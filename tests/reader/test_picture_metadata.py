"""Pictures as cameras and photo software write them: EXIF orientation applied once in the
reader for both writers, large XMP text chunks accepted, pictures too thin to see warned
about; and a colophon without 共印份数 is said, not silently printed short.

Checked in the real outputs: the PDF's image and the page drawn by poppler, the DOCX's
embedded picture and its extent, and LibreOffice's drawing of the DOCX."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin
from pypdf import PdfReader

from ..editor_project import BASE, ISSUE
from ..writers.docx.conftest import convert

PARA = "          - 会上，双方就全书编纂思路进行沟通交流。\n"
GREEN, BLUE = (0, 170, 0), (0, 0, 230)  # not red: the masthead is red


def with_picture(item: str) -> str:
    return BASE.replace(PARA, PARA + f"          - {item}\n")


def phone_photo(path: Path, orientation: int) -> Path:
    """A picture seen as 300 wide × 600 tall, green above blue, stored as a camera stores it
    for `orientation` (6: turned a quarter; 3: upside down)."""
    seen = Image.new("RGB", (300, 600), GREEN)
    seen.paste(Image.new("RGB", (300, 300), BLUE), (0, 300))
    stored = {6: seen.transpose(Image.Transpose.ROTATE_90), 3: seen.transpose(Image.Transpose.ROTATE_180),
              1: seen}[orientation]
    exif = Image.Exif()
    exif[0x0112] = orientation
    path.parent.mkdir(parents=True, exist_ok=True)
    stored.save(path, "JPEG", exif=exif.tobytes(), quality=95)
    return path


def drawn_box(png: Path) -> tuple[tuple[int, int, int, int], tuple[int, int, int, int]]:
    """Bounding boxes (left, top, right, bottom) of the green and of the blue pixels on a page."""
    page = Image.open(png).convert("RGB")
    boxes = []
    raw = page.tobytes()
    for want in (GREEN, BLUE):
        hits = bytes(255 if all(abs(raw[i + c] - want[c]) < 60 for c in range(3)) else 0
                     for i in range(0, len(raw), 3))
        boxes.append(Image.frombytes("L", page.size, hits).getbbox())
    return boxes[0], boxes[1]


def assert_upright(png: Path) -> None:
    green, blue = drawn_box(png)
    assert green and blue, "the picture is not on the page"
    left, top, right = green[0], green[1], green[2]
    bottom = blue[3]
    assert green[3] <= blue[1] + 2, (green, blue)  # green above blue: not turned, not upside down
    assert abs((bottom - top) / (right - left) - 2.0) < 0.1, (green, blue)  # 1:2, not squashed


def page_png(pdf: Path, out: Path) -> Path:
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", str(pdf), str(out)], check=True)
    pages = sorted(out.parent.glob(out.name + "*.png"))
    return next(p for p in pages if drawn_box(p)[0])


@pytest.mark.parametrize("orientation", [6, 3])
def test_a_phone_photo_stands_upright_in_pdf_and_docx(editor, tmp_path, orientation):
    phone_photo(editor.issues / "images" / "p.jpg", orientation)
    editor.write(with_picture("{image: images/p.jpg, caption: 图为座谈会现场, width: 0.3}"))
    run = editor.build("--format", "pdf,docx")
    assert run.code == 0, run.text
    pdf = editor.out / "645.pdf"
    assert {im.image.size for page in PdfReader(pdf).pages for im in page.images} == {(300, 600)}
    assert_upright(page_png(pdf, tmp_path / "pdf"))

    with zipfile.ZipFile(editor.out / "645.docx") as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == 1
        embedded = Image.open(io.BytesIO(z.read(media[0])))
        xml = z.read("word/document.xml").decode()
    assert embedded.size == (300, 600) and embedded.getexif().get(0x0112, 1) == 1
    assert embedded.getpixel((150, 100))[1] > 140 and embedded.getpixel((150, 500))[2] > 200
    cx, cy = map(int, re.search(r'<wp:extent cx="(\d+)" cy="(\d+)"', xml).groups())
    assert abs(cy / cx - 2.0) < 0.01

    lo = convert([editor.out / "645.docx"], tmp_path / "lo")["645"]
    assert_upright(page_png(lo, tmp_path / "lo-page"))


def test_an_upright_picture_is_embedded_unchanged(editor):
    photo = phone_photo(editor.issues / "images" / "p.jpg", 1)
    editor.write(with_picture("{image: images/p.jpg}"))
    run = editor.build("--format", "docx")
    assert run.code == 0, run.text
    with zipfile.ZipFile(editor.out / "645.docx") as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert media == [photo.read_bytes()]


def test_a_png_with_large_xmp_metadata_is_accepted(editor):
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>" + "<rdf:li>历史记录</rdf:li>" * 200_000 + "</x:xmpmeta>",
                  zip=True)
    path = editor.issues / "images" / "xmp.png"
    path.parent.mkdir(parents=True)
    Image.new("RGB", (400, 300), BLUE).save(path, pnginfo=info)
    editor.write(with_picture("{image: images/xmp.png, caption: 图为现场}"))
    run = editor.build("--format", "pdf,docx")
    assert run.code == 0, run.text
    assert "损坏" not in run.text
    assert {im.image.size for page in PdfReader(editor.out / "645.pdf").pages for im in page.images} == {(400, 300)}


@pytest.mark.parametrize(("size", "side"), [((60000, 1), "高"), ((1, 60000), "宽")])
def test_a_picture_too_thin_to_see_is_a_located_warning(editor, size, side):
    path = editor.issues / "images" / "line.png"
    path.parent.mkdir(parents=True)
    Image.new("RGB", size, "black").save(path)
    editor.write(with_picture("{image: images/line.png}"))
    for run in (editor.build(), editor.run("check")):
        assert run.code == 0, run.text
        warning = next(line for line in run.stderr.splitlines() if "line.png" in line)
        assert warning.startswith(f"{ISSUE}:11:21: 警告：第1个栏目第1篇文章第3段的图片")
        assert f"{size[0]}×{size[1]}" in warning and f"毫米{side}" in warning and "几乎看不见" in warning


def test_no_copies_anywhere_is_said_by_build_and_check_at_the_colophon(editor):
    editor.write(BASE.replace("  copies: 21\n", "  disclosure: 主动公开\n"))
    for run in (editor.build(), editor.run("check")):
        assert run.code == 0, run.text
        warning = next(line for line in run.stderr.splitlines() if "共印" in line)
        assert warning.startswith(f"{ISSUE}:12:1: 警告：版记的共印份数（colophon.copies）")
        assert "不印“（共印N份）”" in warning and "copies:" in warning
    text = subprocess.run(["pdftotext", str(editor.out / "645.pdf"), "-"], capture_output=True, text=True).stdout
    assert "共印" not in text


def test_no_colophon_at_all_is_said_at_the_file(editor):
    editor.write(BASE.replace("colophon:\n  copies: 21\n", ""))
    run = editor.build()
    assert run.code == 0, run.text
    assert f"{ISSUE}:1:1: 警告：版记的共印份数" in run.stderr


def test_copies_from_the_series_need_no_warning(editor):
    series = editor.issues / "series.yaml"
    series.write_text(re.sub(r"(\ncolophon:\n)", r"\1  copies: 30\n", series.read_text("utf-8"), count=1), "utf-8")
    editor.write(BASE.replace("colophon:\n  copies: 21\n", ""))
    run = editor.build()
    assert run.code == 0, run.text
    assert "共印" not in run.stderr
