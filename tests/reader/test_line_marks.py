"""Characters YAML reads as a line end (U+2028, U+2029, U+0085) or, at a line's start, as a
stray mark (U+FEFF), pasted anywhere in an issue: named at their own line and column (as an
editor counts lines), with what to do — never blamed on a colon two lines further down."""

from __future__ import annotations

import pytest

from ..editor_project import BASE, ISSUE

MARKS = {"\u2028": ("行分隔符", "U+2028"), "\u2029": ("段分隔符", "U+2029"), "\x85": ("下一行符", "U+0085")}

# (id, text with {c} where the character goes, the line of the character, its column)
PLACES = [
    ("paragraph", BASE.replace("座谈交流。", "座谈{c}交流。"), 9, 42),
    ("title", BASE.replace("“双圈”", "“双{c}圈”"), 7, 27),
    ("key-line-start", BASE.replace("        source:", "{c}        source:"), 11, 1),
    ("list-item", BASE.replace("          - 会上", "          - {c}会上"), 10, 13),
    ("after-a-key", BASE.replace("copies: 21", "copies: 2{c}1"), 13, 12),
    ("comment", BASE + "# 备注{c}待定\n", 14, 5),
]


def _cases():
    for ch in MARKS:
        for name, text, line, col in PLACES:
            yield pytest.param(ch, text.replace("{c}", ch), line, col, id=f"{MARKS[ch][1]}-{name}")


@pytest.mark.parametrize(("ch", "content", "line", "col"), list(_cases()))
def test_line_end_characters_are_named_at_their_place(editor, ch, content, line, col):
    editor.write(content)
    name, code = MARKS[ch]
    for run in (editor.run("check"), editor.build(), editor.run("build", "645", "--format", "pdf")):
        assert run.exception is None, run.exception
        assert run.code == 1, run.text
        first = run.stderr.splitlines()[0]
        assert first.startswith(f"{ISSUE}:{line}:{col}: 错误："), first
        assert f"“{name}”" in first and code in first and "删除" in first, first
        assert "冒号" not in run.stderr and "缩进不" not in run.stderr, run.stderr
    assert editor.written() == [] and not (editor.root / "build").exists()


@pytest.mark.parametrize(("content", "line", "col"), [
    pytest.param(BASE.replace("        source:", "\ufeff        source:"), 11, 1, id="key-line"),
    pytest.param(BASE.replace("        source:", "        \ufeffsource:"), 11, 9, id="after-indent"),
    pytest.param(BASE.replace("          - 会上", "\ufeff          - 会上"), 10, 1, id="list-item"),
    pytest.param(BASE.replace("colophon:", "\ufeffcolophon:"), 12, 1, id="top-key"),
])
def test_a_bom_starting_a_later_line_is_named(editor, content, line, col):
    editor.write(content)
    for run in (editor.run("check"), editor.build()):
        assert run.code == 1, run.text
        first = run.stderr.splitlines()[0]
        assert first.startswith(f"{ISSUE}:{line}:{col}: 错误："), first
        assert "“字节顺序标记”" in first and "U+FEFF" in first and "缩进" in first, first
        assert "未知的键" not in run.stderr, run.stderr
    assert editor.written() == []


@pytest.mark.parametrize("content", [
    pytest.param("\ufeff" + BASE, id="file-start"),
    pytest.param(BASE.replace("座谈交流。", "座谈\ufeff交流。"), id="inside-a-paragraph"),
    pytest.param(BASE.replace("“双圈”", "“双\ufeff圈”"), id="inside-a-title"),
])
def test_a_bom_where_it_changes_nothing_is_dropped(editor, content):
    editor.write(content)
    assert editor.run("check").code == 0
    run = editor.build()
    assert run.code == 0, run.text
    assert [p.name for p in editor.written()] == ["645.pdf"]


def test_every_such_character_is_reported_at_once(editor):
    editor.write(BASE.replace("座谈交流。", "座谈\u2028交流。").replace("“双圈”", "“双\x85圈”"))
    run = editor.run("check")
    assert run.code == 1
    errors = [line for line in run.stderr.splitlines() if "错误：" in line]
    assert [e.split(": 错误")[0] for e in errors] == [f"{ISSUE}:7:27", f"{ISSUE}:9:42"], run.stderr


def test_an_empty_series_file_asks_for_the_series_settings(editor):
    editor.write(BASE)
    for content in ("", "# 只有注释\n", "\n\n"):
        (editor.issues / "series.yaml").write_text(content, "utf-8")
        run = editor.run("check")
        assert run.code == 1, run.text
        assert run.stderr.startswith("issues/series.yaml:1:1: 错误："), run.stderr
        assert "系列的设置" in run.stderr and "typeset init" in run.stderr
        assert "这一期" not in run.stderr
