"""`check` means "will build": it composes every issue as build does (nothing rendered) and
reports the same located errors; a layout named wrongly in series.yaml is located and explained."""

from __future__ import annotations

import pytest

from ..editor_project import BASE, ISSUE

TOO_WIDE_TITLE = BASE.replace("      - title: 川渝地方志携手助力“双圈”建设",
                              "      - title:\n          - 川渝地方志携手助力“双圈”建设川渝地方志携手助力“双圈”建设\n"
                              "          - 第二行")
LONG_SOURCE = BASE.replace("source: 省地方志办", "source: " + "阿坝州地方志办公室" * 5)


def _errors(text: str) -> list[str]:
    return [line for line in text.splitlines() if "错误：" in line]


@pytest.mark.parametrize("content", [TOO_WIDE_TITLE, LONG_SOURCE], ids=["title", "source"])
def test_check_reports_what_build_would(editor, content) -> None:
    editor.write(content)
    build = editor.build()
    assert build.code == 1 and editor.written() == []
    check = editor.run("check")
    assert check.code == 1 and "发现 1 处错误" in check.stderr
    assert _errors(check.stderr) == _errors(build.stderr), (check.stderr, build.stderr)
    assert _errors(check.stderr)[0].startswith(f"{ISSUE}:")


def test_a_series_that_checks_builds(editor) -> None:
    editor.write(BASE)
    assert editor.run("check").code == 0
    assert editor.build().code == 0 and [p.name for p in editor.written()] == ["645.pdf"]


def _series_layout(editor, value: str) -> int:
    path = editor.issues / "series.yaml"
    lines = path.read_text("utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("layout:"))
    lines[number] = f"layout: {value}"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return number + 1


@pytest.mark.parametrize("command", [["check"], ["build", ISSUE, "--format", "pdf"]])
def test_a_layout_written_as_a_path(editor, command) -> None:
    editor.write(BASE)
    line = _series_layout(editor, "../layouts/briefing")
    result = editor.run(*command)
    assert result.code == 1 and "不能为空" not in result.stderr
    assert f"issues/series.yaml:{line}:9: 错误：" in result.stderr and "（layout）" in result.stderr
    assert "“../layouts/briefing”不合要求" in result.stderr
    assert "不写路径" in result.stderr and "briefing" in result.stderr


@pytest.mark.parametrize("command", [["check"], ["build", ISSUE, "--format", "pdf"]])
def test_an_unknown_layout(editor, command) -> None:
    editor.write(BASE)
    line = _series_layout(editor, "brief")
    result = editor.run(*command)
    assert result.code == 1, result.stderr
    assert f"issues/series.yaml:{line}:9: 错误：" in result.stderr and "没有“brief”这个版式" in result.stderr
    assert "现有版式：briefing" in result.stderr
    assert str(editor.root) not in result.stderr and "/layouts" not in result.stderr  # no absolute path
    assert editor.written() == []


def _lines_per_page(pdf) -> list[int]:
    """Body lines per page as pdftotext reads them (each composed line is one text line)."""
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [sum(1 for line in page.splitlines() if line.strip()) for page in text.split("\f") if page.strip()]


def test_a_series_layout_with_settings(editor) -> None:
    """`layout: {name: briefing, grid: …}` in series.yaml: the series' own settings over the layout."""
    long = BASE.replace("source: 省地方志办", "source: 省地方志办\n" + "\n".join(
        f"      - title: 第{i}篇\n        paragraphs:\n          - " + "方志" * 200 for i in range(3)))
    editor.write(long)
    assert editor.build().code == 0
    default = max(_lines_per_page(editor.out / "645.pdf"))
    _series_layout(editor, "{name: briefing, grid: {lines: 18}}")
    assert editor.run("check").code == 0
    assert editor.build().code == 0
    assert max(_lines_per_page(editor.out / "645.pdf")) < default


def test_a_series_layout_setting_misspelt(editor) -> None:
    editor.write(BASE)
    line = _series_layout(editor, "{name: briefing, grid: {linse: 18}}")
    result = editor.run("check")
    assert result.code == 1
    assert f"issues/series.yaml:{line}:" in result.stderr and "linse" in result.stderr, result.stderr
