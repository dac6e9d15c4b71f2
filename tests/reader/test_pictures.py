"""Pictures with a caption: checked in the reader (located messages), composed as one
block of whole grid slots, drawn in the PDF."""

from __future__ import annotations

import dataclasses
import os
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from typeset.compose import compose
from typeset.compose.boxes import Picture, TextLine
from typeset.layout import load_layout
from typeset.model import Figure
from typeset.reader import load_issue, load_series

from ..editor_project import BASE, ISSUE

PARA = "          - 会上，双方就全书编纂思路进行沟通交流。\n"


def with_picture(item: str) -> str:
    """BASE with a picture item (YAML flow mapping) after its last paragraph."""
    return BASE.replace(PARA, PARA + f"          - {item}\n")


def image(path: Path, size=(800, 600), fmt="JPEG", color="steelblue") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, fmt)
    return path


WHERE = f"{ISSUE}:11:21"  # the value of image: on the picture's line


def failing(editor, item: str) -> str:
    editor.write(with_picture(item))
    run = editor.build()
    assert run.exception is None, run.exception
    assert run.code == 1, run.text
    assert "Traceback" not in run.text
    assert editor.written() == []
    return run.stderr


def test_picture_is_drawn_with_its_caption(editor):
    image(editor.issues / "images" / "645-1.jpg")
    editor.write(with_picture("{image: images/645-1.jpg, caption: 图为座谈会现场}"))
    run = editor.build()
    assert run.code == 0, run.text
    pdf = editor.out / "645.pdf"
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    rows = [r.split() for r in listed.splitlines()[2:]]
    assert len(rows) == 1 and rows[0][3:5] == ["800", "600"]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "图为座谈会现场" in text


def test_missing_picture(editor):
    err = failing(editor, "{image: images/645-1.jpg, caption: 现场}")
    assert err.startswith(WHERE) and "找不到图片文件“images/645-1.jpg”" in err and "issues" in err


def test_missing_picture_suggests_a_near_name(editor):
    image(editor.issues / "images" / "645-1.jpeg")
    err = failing(editor, "{image: images/645-1.jpg}")
    assert err.startswith(WHERE) and "645-1.jpeg" in err and "是不是" in err


def test_not_an_image(editor):
    (editor.issues / "images").mkdir()
    (editor.issues / "images" / "photo.jpg").write_text("这不是图片", "utf-8")
    err = failing(editor, "{image: images/photo.jpg}")
    assert err.startswith(WHERE) and "不是图片文件" in err


def test_truncated_image(editor):
    path = image(editor.issues / "images" / "cut.png", fmt="PNG", size=(400, 400))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    err = failing(editor, "{image: images/cut.png}")
    assert err.startswith(WHERE) and ("损坏" in err or "不是图片" in err)


def test_unsupported_format(editor):
    image(editor.issues / "images" / "anim.gif", fmt="GIF")
    err = failing(editor, "{image: images/anim.gif}")
    assert err.startswith(WHERE) and "GIF" in err and "PNG 或 JPEG" in err


def test_empty_picture_file(editor):
    (editor.issues / "images").mkdir()
    (editor.issues / "images" / "zero.png").write_bytes(b"")
    err = failing(editor, "{image: images/zero.png}")
    assert err.startswith(WHERE) and "是空的" in err


def test_folder_is_not_a_picture(editor):
    (editor.issues / "images").mkdir()
    err = failing(editor, "{image: images}")
    assert err.startswith(WHERE) and "不是文件" in err


def test_dot_dot_cannot_leave_the_series_folder(editor):
    image(editor.root / "outside.jpg")
    err = failing(editor, "{image: ../outside.jpg}")
    assert err.startswith(WHERE) and "“..”" in err and "系列文件夹" in err


def test_absolute_path_is_refused(editor):
    path = image(editor.root / "outside.jpg")
    err = failing(editor, f"{{image: {path}}}")
    assert err.startswith(WHERE) and "绝对路径" in err


def test_etc_passwd_is_refused(editor):
    err = failing(editor, "{image: /etc/passwd}")
    assert err.startswith(WHERE) and "绝对路径" in err


def test_url_is_refused(editor):
    err = failing(editor, "{image: 'https://example.com/a.jpg'}")
    assert err.startswith(WHERE) and "网址" in err and "不访问网络" in err


def test_file_url_is_refused(editor):
    err = failing(editor, "{image: 'file:///etc/passwd'}")
    assert err.startswith(WHERE) and "网址" in err


def test_symbolic_link_out_of_the_series_folder(editor):
    target = image(editor.root / "elsewhere" / "secret.jpg")
    (editor.issues / "images").mkdir()
    os.symlink(target, editor.issues / "images" / "link.jpg")
    err = failing(editor, "{image: images/link.jpg}")
    assert err.startswith(WHERE) and "符号链接" in err and "出于安全" in err


def test_symbolic_link_folder_out_of_the_series_folder(editor):
    image(editor.root / "elsewhere" / "secret.jpg")
    os.symlink(editor.root / "elsewhere", editor.issues / "shared")
    err = failing(editor, "{image: shared/secret.jpg}")
    assert err.startswith(WHERE) and "符号链接" in err


def test_symbolic_link_inside_the_series_folder_is_fine(editor):
    target = image(editor.issues / "images" / "real.jpg")
    os.symlink(target, editor.issues / "images" / "alias.jpg")
    editor.write(with_picture("{image: images/alias.jpg}"))
    assert editor.build().code == 0


def test_misspelt_picture_key(editor):
    image(editor.issues / "images" / "645-1.jpg")
    err = failing(editor, "{image: images/645-1.jpg, captoin: 现场}")
    assert err.startswith(f"{ISSUE}:11:")
    assert "未知的键“captoin”" in err and "是不是“caption”" in err


def test_picture_without_image_key(editor):
    err = failing(editor, "{caption: 现场}")
    assert err.startswith(f"{ISSUE}:11:13") and "缺少必填项“image”" in err


def test_picture_width_out_of_range(editor):
    image(editor.issues / "images" / "645-1.jpg")
    err = failing(editor, "{image: images/645-1.jpg, width: 2}")
    assert err.startswith(f"{ISSUE}:11:") and "width" in err and "太大" in err


# ---------------------------------------------------------------- composition

def _composed(editor, item: str, extra_paragraphs: int = 0):
    editor.write(with_picture(item).replace(PARA, PARA * (1 + extra_paragraphs), 1))
    series = load_series(editor.issues)
    issue = load_issue(editor.root / ISSUE, series)
    issue = dataclasses.replace(issue, numbers=issue.stated)
    return compose(issue, series, load_layout(series.layout))


def _pictures(composed):
    return [(page.number, item) for page in composed.pages for item in page.items if isinstance(item, Picture)]


def test_picture_takes_whole_slots_and_keeps_its_caption(editor):
    image(editor.issues / "images" / "wide.jpg", size=(1200, 800))
    composed = _composed(editor, "{image: images/wide.jpg, caption: 图为座谈会现场}", extra_paragraphs=4)
    layout = load_layout("briefing")
    pitch = layout.line_pitch
    [(number, picture)] = _pictures(composed)
    page = composed.pages[number - 1]
    captions = [i for i in page.items if isinstance(i, TextLine) and i.kind == "caption"]
    assert [c.text for c in captions] == ["图为座谈会现场"]
    assert captions[0].baseline > picture.y + picture.height  # below the picture, same page
    assert abs(picture.width / picture.height - 1.5) < 1e-6  # aspect ratio kept
    assert abs(picture.width - 0.8 * layout.text_width) < 1e-6  # the layout's default width
    # no text line of the page falls within the picture
    for item in page.items:
        if isinstance(item, TextLine) and item.kind not in ("caption",):
            assert not (picture.y - 2 < item.baseline < picture.y + picture.height + 2), item.text
    # the picture sits in whole grid slots: its block starts on a slot boundary
    slots_top = picture.y - (picture.y % pitch)
    assert picture.y + picture.height <= slots_top + pitch * 22 + 1e-6


def test_tall_picture_is_scaled_to_fit_a_page(editor):
    image(editor.issues / "images" / "tall.png", size=(300, 3000), fmt="PNG")
    composed = _composed(editor, "{image: images/tall.png, caption: 很高的图, width: 1}")
    layout = load_layout("briefing")
    [(number, picture)] = _pictures(composed)
    assert picture.y >= 0 and picture.y + picture.height <= layout.lines * layout.line_pitch
    assert abs(picture.height / picture.width - 10) < 1e-6


def test_picture_that_ends_an_article_keeps_the_source(editor):
    image(editor.issues / "images" / "wide.jpg", size=(1200, 800))
    composed = _composed(editor, "{image: images/wide.jpg, caption: 现场}")
    [(number, picture)] = _pictures(composed)
    page = composed.pages[number - 1]
    sources = [i for i in page.items if isinstance(i, TextLine) and i.text == "（省地方志办）"]
    assert len(sources) == 1 and sources[0].baseline > picture.y + picture.height


def test_the_model_holds_the_checked_file(editor):
    image(editor.issues / "images" / "645-1.png", size=(640, 480), fmt="PNG")
    editor.write(with_picture("{image: images/645-1.png, caption: ' 现场 ', width: 0.5}"))
    issue = load_issue(editor.root / ISSUE, load_series(editor.issues))
    figure = issue.sections[0].articles[0].paragraphs[-1]
    assert isinstance(figure, Figure)
    assert Path(figure.path) == (editor.issues / "images" / "645-1.png").resolve()
    assert (figure.caption, figure.width, figure.pixels, figure.format) == ("现场", 0.5, (640, 480), "PNG")
    assert (figure.origin.line, figure.origin.column) == (11, 13)


@pytest.mark.parametrize("mode", ["RGBA", "L", "P", "CMYK"])
def test_picture_modes_render(editor, mode):
    path = editor.issues / "images" / f"m.{'jpg' if mode == 'CMYK' else 'png'}"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, (200, 100)).save(path)
    editor.write(with_picture(f"{{image: images/{path.name}}}"))
    run = editor.build()
    assert run.code == 0, run.text


def test_read_confined_for_writers(tmp_path):
    from typeset.confined import read_confined
    from typeset.errors import TypesetError

    folder = tmp_path / "issues"
    inside = image(folder / "images" / "a.jpg")
    outside = image(tmp_path / "b.jpg")
    assert read_confined(inside, folder) == inside.read_bytes()
    (folder / "images" / "late.jpg").symlink_to(outside)
    for path in (outside, folder / "images" / "late.jpg", folder / ".." / "b.jpg"):
        with pytest.raises(TypesetError):
            read_confined(path, folder)


def test_picture_with_too_many_pixels(editor):
    """A small file that decodes to a huge bitmap (a decompression bomb) is refused before decoding."""
    path = editor.issues / "images" / "bomb.png"
    path.parent.mkdir(parents=True)
    Image.new("1", (10_000, 7_000)).save(path)
    assert path.stat().st_size < 1_000_000
    err = failing(editor, "{image: images/bomb.png}")
    assert err.startswith(WHERE) and "像素太多" in err
