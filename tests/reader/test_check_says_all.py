"""`check` says everything `build` will say: an article without a source is warned of by both
(at the article), and characters the fonts cannot draw (printed as boxes) are warned of by
check as by build, each at its place — never a silent pass followed by a build's warning."""

from __future__ import annotations

import re

import pytest

from ..editor_project import BASE, ISSUE

SECOND = """\
  - name: 工作动态
    articles:
      - title: 第二篇
        paragraphs:
          - 第二篇的正文。
        source: 市志办
      - title: 第三篇
        paragraphs:
          - 第三篇的正文。
        source: 县志办
"""
THREE = BASE.replace("colophon:\n", SECOND + "colophon:\n")


def _warnings(text: str) -> list[str]:
    return sorted(line for line in text.splitlines() if "警告：" in line)


def _both(editor):
    check, build = editor.run("check"), editor.build()
    assert check.code == 0 and build.code == 0, (check.text, build.text)
    assert "检查通过" in check.stdout
    assert (editor.out / "645.pdf").is_file()
    return _warnings(check.stderr), _warnings(build.stderr)


@pytest.mark.parametrize(("content", "where"), [
    (BASE.replace("        source: 省地方志办\n", ""), [("7:9", "第1个栏目第1篇文章")]),
    (THREE.replace("        source: 市志办\n", ""), [("14:9", "第2个栏目第1篇文章")]),
    (THREE.replace("        source: 市志办\n", "").replace("        source: 县志办\n", ""),
     [("14:9", "第2个栏目第1篇文章"), ("17:9", "第2个栏目第2篇文章")]),
])
def test_an_article_without_source_is_warned_of_by_check_and_build(editor, content, where):
    editor.write(content)
    said, built = _both(editor)
    assert said == built, (said, built)
    assert len(said) == len(where), said
    for line, (at, place) in zip(said, where, strict=True):
        assert line.startswith(f"{ISSUE}:{at}: 警告：{place}"), line
        assert "没有写来源" in line and "source:" in line


def test_articles_with_sources_draw_no_such_warning(editor):
    editor.write(THREE)
    said, built = _both(editor)
    assert said == built == []


# (id, edit, the character, line:column of the warning)
GLYPHS = [
    ("paragraph-emoji", ("座谈交流。", "座谈😀交流。"), "U+1F600", "9:13"),
    ("paragraph-ext-b", ("座谈交流。", "座谈𠀀交流。"), "U+20000", "9:13"),
    ("title-snowman", ("“双圈”", "“双☃圈”"), "U+2603", "7:16"),
    ("source-private-use", ("source: 省地方志办", "source: 省\ue000地方志办"), "U+E000", "11:17"),
    ("section-name", ("name: 特别关注", "name: 特别\U0001F31F关注"), "U+1F31F", "5:11"),
]


@pytest.mark.parametrize(("edit", "code", "at"), [g[1:] for g in GLYPHS], ids=[g[0] for g in GLYPHS])
def test_check_warns_of_every_box_build_would_print(editor, edit, code, at):
    editor.write(BASE.replace(*edit))
    said, built = _both(editor)
    assert said == built, (said, built)
    boxes = [w for w in said if "方框" in w]
    assert len(boxes) == 1 and code in boxes[0], said
    assert boxes[0].startswith(f"{ISSUE}:{at}: 警告："), boxes[0]


def test_several_boxes_and_a_missing_source_together(editor):
    editor.write(THREE.replace("第二篇的正文。", "第二篇😀的正文☃。").replace("        source: 县志办\n", ""))
    said, built = _both(editor)
    assert said == built
    assert len([w for w in said if "方框" in w]) == 2
    assert len([w for w in said if "没有写来源" in w]) == 1
    assert all(re.match(rf"{ISSUE}:\d+:\d+: 警告：", w) for w in said)
