"""typeset import of an issue with pictures: built by typeset itself into a PDF, imported into
another project. Pictures come back as picture items at their place, with their caption (never
an article title) and width, their files saved in the series' images/; the article count is
right, sources stay with their articles, and the imported file builds to the same text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from ..editor_project import BASE, EditorProject

PARA = "          - 会上，双方就全书编纂思路进行沟通交流。\n"
MORE = """\
      - title: 第二篇文章标题
        paragraphs:
          - 第二篇正文第一段，内容较短。
        source: 市志办
  - name: 工作动态
    articles:
      - title: 第三篇文章
        paragraphs:
          - 第三篇的正文。
        source: 成都市地方志办
"""


def _picture(folder: Path, name: str, color: tuple[int, int, int], size=(800, 600)) -> None:
    path = folder / "images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, "JPEG")


def _issue(items: str, tail: str = "          - 会后，双方合影留念。\n") -> str:
    return BASE.replace(PARA, PARA + items + tail).replace("colophon:\n", MORE + "colophon:\n")


def _pictures(data: dict) -> list[dict]:
    return [p for s in data["sections"] for a in s["articles"] for p in a["paragraphs"] if isinstance(p, dict)]


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


CASES = [
    ("one-with-caption", "          - {image: images/a.jpg, caption: 图为座谈交流现场}\n",
     [("图为座谈交流现场", None)], 5),
    ("two-one-uncaptioned", "          - {image: images/a.jpg, caption: 图为座谈交流现场}\n"
                            "          - 两图之间的一段文字。\n"
                            "          - {image: images/b.jpg}\n", [("图为座谈交流现场", None), (None, None)], 6),
    ("narrow", "          - {image: images/b.jpg, caption: 图为签约仪式, width: 0.5}\n", [("图为签约仪式", 0.5)], 5),
]


@pytest.mark.parametrize(("items", "expected", "paragraphs"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_pictures_and_captions_are_imported(editor, tmp_path, items, expected, paragraphs):
    from ruamel.yaml import YAML

    _picture(editor.issues, "a.jpg", (70, 130, 180))
    _picture(editor.issues, "b.jpg", (180, 90, 40), (600, 600))
    editor.write(_issue(items))
    built = editor.run("build", "645", "--format", "pdf", "-o", str(editor.out))
    assert built.code == 0, built.text
    pdf = editor.out / "645.pdf"

    other = EditorProject(tmp_path / "other")
    target = other.root / "issues" / "2024" / "645.yaml"
    run = other.run("import", str(pdf), "-o", str(target))
    assert run.code == 0, run.text
    assert f"2 个栏目，3 篇文章，{paragraphs} 段，{len(expected)} 张图片" in run.stdout, run.stdout
    assert "警告" not in run.text, run.text
    data = YAML(typ="safe").load(target.read_text("utf-8"))
    titles = [a["title"] for s in data["sections"] for a in s["articles"]]
    assert titles == ["川渝地方志携手助力“双圈”建设", "第二篇文章标题", "第三篇文章"]
    sources = [a.get("source") for s in data["sections"] for a in s["articles"]]
    assert sources == ["省地方志办", "市志办", "成都市地方志办"]
    first = data["sections"][0]["articles"][0]["paragraphs"]
    assert first[-1] == "会后，双方合影留念。" and isinstance(first[2], dict), first
    assert first[1] == "会上，双方就全书编纂思路进行沟通交流。"
    pictures = _pictures(data)
    assert [(p.get("caption"), p.get("width")) for p in pictures] == expected
    for n, p in enumerate(pictures, 1):
        assert p["image"] == f"images/645-{n}.jpg"
        saved = other.issues / p["image"]
        with Image.open(saved) as im:
            assert im.size[0] > 100
    # the imported issue builds in its own project to the same text
    again = other.run("build", "645", "--format", "pdf", "-o", str(other.out))
    assert again.code == 0, again.text
    assert _text(other.out / "645.pdf").split() == _text(pdf).split()


def test_a_picture_outside_the_articles_is_warned_of_precisely(editor, tmp_path):
    """A picture drawn into the masthead (a layout's logo, say) is not an article's: warned of."""
    _picture(editor.issues, "a.jpg", (70, 130, 180))
    editor.write(_issue("          - {image: images/a.jpg, caption: 图为座谈交流现场}\n"))
    assert editor.run("build", "645", "--format", "pdf", "-o", str(editor.out)).code == 0
    from typeset.official.importer import figures

    text, pictures = figures.official_text_with_pictures(editor.out / "645.pdf", 453.5)
    assert len(pictures) == 1 and pictures[0].caption == "图为座谈交流现场" and pictures[0].page == 2
    assert text.count(figures.MARK) == 1
    from typeset.layout import load_layout
    from typeset.official.importer.issue import read
    from typeset.official.importer.lines import official_lines

    moved = text.replace(figures.MARK + "1\n", "").replace("【特别关注】", figures.MARK + "1\n\n【特别关注】")
    imported = read(official_lines(moved), load_layout("briefing"), "645.pdf", None, pictures)
    notes = [str(n) for n in imported.notes]
    assert len(notes) == 1 and "第 2 页的第 1 张图片（图题“图为座谈交流现场”）没有导入" in notes[0], notes
    assert not _pictures(imported.data)


def test_import_outside_a_project_saves_pictures_beside_the_file(editor, tmp_path, tmp_path_factory, monkeypatch):
    _picture(editor.issues, "a.jpg", (70, 130, 180))
    editor.write(_issue("          - {image: images/a.jpg, caption: 图为座谈交流现场}\n"))
    assert editor.run("build", "645", "--format", "pdf", "-o", str(editor.out)).code == 0
    shutil.copy(editor.out / "645.pdf", tmp_path / "正式版.pdf")
    lone = tmp_path_factory.mktemp("lone")  # no series.yaml above it
    monkeypatch.chdir(lone)
    run = editor.run("import", str(tmp_path / "正式版.pdf"), "-o", "旧一期.yaml")
    assert run.code == 0, run.text
    assert (lone / "images" / "旧一期-1.jpg").is_file()
    assert "image: images/旧一期-1.jpg" in (lone / "旧一期.yaml").read_text("utf-8")


@pytest.mark.parametrize("caption", ["图为座谈交流现场", "图1 签约仪式现场", "图2：调研现场"])
def test_a_caption_in_a_text_without_its_picture_is_warned_of(editor, tmp_path, caption):
    """pdftotext's text has no pictures: a caption stays a paragraph of its article (never a
    title starting an article that takes the source), with a warning at its line."""
    from typeset.official.compare import official_text

    _picture(editor.issues, "a.jpg", (70, 130, 180))
    editor.write(_issue(f"          - {{image: images/a.jpg, caption: {caption}}}\n"))
    assert editor.run("build", "645", "--format", "pdf", "-o", str(editor.out)).code == 0
    text = tmp_path / "645.txt"
    text.write_text(official_text(editor.out / "645.pdf"), "utf-8")
    rows = [r.replace(" ", "") for r in text.read_text("utf-8").split("\n")]
    line = rows.index(caption.replace(" ", "")) + 1
    target = tmp_path / "645.yaml"
    run = editor.run("import", str(text), "-o", str(target))
    assert run.code == 0, run.text
    assert "2 个栏目，3 篇文章" in run.stdout, run.stdout
    warnings = [w for w in run.stdout.splitlines() + run.stderr.splitlines() if "警告" in w]
    assert len(warnings) == 1 and warnings[0].startswith(f"{text}:{line}:1: 警告：“"), warnings
    assert "像是图片的图题" in warnings[0]
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(target.read_text("utf-8"))
    first = data["sections"][0]["articles"][0]
    assert caption.replace(" ", "") in [str(p).replace(" ", "") for p in first["paragraphs"]]
    assert first["source"] == "省地方志办"
