"""A text too long for its line is refused where the reader found it: the issue's file, or
series.yaml for the series' own texts and colophon defaults (never by searching the files)."""

from __future__ import annotations

from ..editor_project import BASE, ISSUE

LONG = "四川省地方志工作办公室" * 4


def _error(editor) -> str:
    run = editor.build()
    assert run.code == 1, run.text
    assert editor.written() == []
    return run.stderr


def _line_of(path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def test_office_of_the_series_is_located_in_series_yaml(editor):
    series = editor.issues / "series.yaml"
    series.write_text(series.read_text("utf-8").replace("office: 四川省地方志工作办公室", f"office: {LONG}"),
                      "utf-8")
    editor.write(BASE)
    err = _error(editor)
    assert err.startswith(f"issues/series.yaml:{_line_of(series, 'office:')}:9: 错误：office：")
    assert "编发机关" in err


def test_source_is_located_at_its_own_field(editor):
    path = editor.write(BASE.replace("source: 省地方志办", f"source: {LONG}"))
    err = _error(editor)
    where = (f"{ISSUE}:{_line_of(path, 'source:')}:17: "
             "错误：第1个栏目第1篇文章的来源（sections[1].articles[1].source）：")
    assert err.startswith(where), err


def test_colophon_default_is_located_in_series_yaml(editor):
    series = editor.issues / "series.yaml"
    series.write_text(series.read_text("utf-8").replace("printer: 四川省地方志工作办公室综合处",
                                                        f"printer: {LONG}"), "utf-8")
    editor.write(BASE)
    err = _error(editor)
    where = f"issues/series.yaml:{_line_of(series, 'printer:')}:12: 错误：版记的印发机关（colophon.printer）："
    assert err.startswith(where), err


def test_colophon_text_of_the_issue_is_located_in_the_issue(editor):
    path = editor.write(BASE + f"  printer: {LONG}\n")
    err = _error(editor)
    assert err.startswith(f"{ISSUE}:{_line_of(path, 'printer:')}:12: 错误：版记的印发机关（colophon.printer）："), err
