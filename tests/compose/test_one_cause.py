"""One cause, one message: a colophon taller than a page is reported once, at its longest list;
a grid too small for the masthead or the colophon is reported once, at the layout value that
made the page (the issue's `layout:`, series.yaml's, else the layout file) — never as each
short line or text that then falls off the page."""

from __future__ import annotations

import re

import pytest

from ..editor_project import BASE, ISSUE


def _errors(run) -> list[str]:
    return [line for line in run.stderr.splitlines() if "错误：" in line]


def _names(n: int, indent: str = "    ") -> str:
    return "".join(f"{indent}- 第{i}号单位地方志编纂委员会办公室。\n" for i in range(n))


@pytest.mark.parametrize(("colophon", "at", "key"), [
    ("colophon:\n  copies: 21\n  to_peers:\n" + _names(300), "14:3", "to_peers"),
    ("colophon:\n  copies: 21\n  to_subordinates:\n" + _names(120), "14:3", "to_subordinates"),
    ("colophon:\n  copies: 21\n  to_superiors:\n    add:\n" + _names(80, "      "), "15:5", "to_superiors"),
])
def test_a_colophon_taller_than_a_page_is_one_message_at_its_list(editor, colophon, at, key):
    editor.write(BASE.replace("colophon:\n  copies: 21\n", colophon))
    for run in (editor.run("check"), editor.build()):
        assert run.code == 1, run.text
        errors = _errors(run)
        assert len(errors) == 1, run.stderr
        assert errors[0].startswith(f"{ISSUE}:{at}: 错误："), errors[0]
        assert f"colophon.{key}" in errors[0] and "版记共" in errors[0] and "一页排不下" in errors[0]
        assert "请缩短" not in run.stderr
    assert editor.written() == []


def test_a_long_default_list_in_series_yaml_is_named_there(editor):
    series = editor.issues / "series.yaml"
    text = series.read_text("utf-8")
    head = re.search(r"^  to_peers:\n(?:    - .*\n)+", text, re.M)
    assert head
    series.write_text(text.replace(head.group(0), "  to_peers:\n" + _names(250)), "utf-8")
    line = text[: head.start()].count("\n") + 1
    editor.write(BASE)
    run = editor.run("check")
    assert run.code == 1
    errors = _errors(run)
    assert len(errors) == 1 and errors[0].startswith(f"issues/series.yaml:{line}:3: 错误："), run.stderr


# (id, where the grid is set, the override)
GRIDS = [
    ("issue-10x10", "issue", "lines: 10\n  line_pitch: 10"),
    ("issue-12x8", "issue", "lines: 12\n  line_pitch: 8"),
    ("issue-flow", "issue", "{lines: 11, line_pitch: 9}"),
    ("series-10x10", "series", "10, 10"),
    ("series-12x8", "series", "12, 8"),
]


@pytest.mark.parametrize(("where", "grid"), [g[1:] for g in GRIDS], ids=[g[0] for g in GRIDS])
def test_a_grid_too_small_is_one_message_at_its_layout_value(editor, where, grid):
    series = editor.issues / "series.yaml"
    if where == "issue":
        body = f"layout:\n  {grid}\n" if not grid.startswith("{") else f"layout: {grid}\n"
        editor.write(BASE + body)
        at = f"{ISSUE}:14:1"
    else:
        lines, pitch = grid.split(", ")
        text = series.read_text("utf-8")
        old = re.search(r"^layout: .*$", text, re.M).group(0)
        series.write_text(text.replace(old, f"layout: {{name: briefing, lines: {lines}, line_pitch: {pitch}}}"),
                          "utf-8")
        at = f"issues/series.yaml:{text[: text.index(old)].count(chr(10)) + 1}:1"
        editor.write(BASE)
    for run in (editor.run("check"), editor.build()):
        assert run.code == 1, run.text
        errors = _errors(run)
        assert len(errors) == 1, run.stderr
        assert errors[0].startswith(f"{at}: 错误：版式设置（layout）：版心太小"), errors[0]
        assert "lines" in errors[0] and "line_pitch" in errors[0] and "22 行" in errors[0]
        assert "编发机关（series.yaml 的 office）" not in run.stderr and "请缩短" not in run.stderr
    assert editor.written() == []


def test_a_grid_that_holds_everything_still_builds(editor):
    editor.write(BASE + "layout:\n  lines: 20\n  line_pitch: 28\n")
    run = editor.build()
    assert run.code == 0, run.text
    assert [p.name for p in editor.written()] == ["645.pdf"]
