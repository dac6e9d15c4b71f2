"""Numbers as the editor typed them, and builds by number when the numbering has a problem:
an integer written as octal, hexadecimal, sexagesimal or with a decimal point is refused at
its place with the text as typed (never shown as YAML converted it, never printed as 21.0);
`typeset build 646` names what is wrong with the file of 646, located, as `check` does."""

from __future__ import annotations

import subprocess

import pytest

from ..editor_project import BASE, ISSUE

WEEK2 = BASE.replace("2024-03-26", "2024-04-02").replace("number: 40\ntotal: 645\n", "")
WEEK3 = BASE.replace("2024-03-26", "2024-04-09").replace("number: 40\ntotal: 645\n", "")

# (id, key line as written, line:column, words the message must hold)
TYPED = [
    ("octal-number", ("number: 40", "number: 040"), "2:9", ("“040”", "八进制", "读作 32", "写成 40")),
    ("octal-89", ("number: 40", "number: 089"), "2:9", ("“089”", "写成 89")),
    ("yaml12-octal", ("number: 40", "number: 0o40"), "2:9", ("“0o40”", "十进制")),
    ("hex-number", ("number: 40", "number: 0x28"), "2:9", ("“0x28”", "十进制")),
    ("float-number", ("number: 40", "number: 40.0"), "2:9", ("40.0", "写成 40")),
    ("sexagesimal", ("number: 40", "number: 1:20"), "2:9", ("“1:20”", "六十进制")),
    ("underscore", ("number: 40", "number: 4_0"), "2:9", ("“4_0”", "写成 40")),
    ("octal-total", ("total: 645", "total: 0645"), "3:8", ("“0645”", "写成 645")),
    ("float-total", ("total: 645", "total: 645.0"), "3:8", ("645.0", "写成 645")),
    ("float-copies", ("copies: 21", "copies: 21.0"), "13:11", ("21.0", "写成 21", "共印份数")),
    ("hex-copies", ("copies: 21", "copies: 0x15"), "13:11", ("“0x15”",)),
    ("octal-copies", ("copies: 21", "copies: 021"), "13:11", ("“021”", "写成 21")),
    ("quoted-copies", ("copies: 21", 'copies: "21"'), "13:11", ("“21”", "不要加引号")),
    ("full-width-copies", ("copies: 21", "copies: ２１"), "13:11", ("“２１”", "半角", "写成 21")),
    ("copies-with-unit", ("copies: 21", "copies: 21份"), "13:11", ("“21份”", "写成 21")),
    ("quoted-number", ("number: 40", "number: '40'"), "2:9", ("“40”", "不要加引号")),
]


@pytest.mark.parametrize(("edit", "where", "words"), [c[1:] for c in TYPED], ids=[c[0] for c in TYPED])
def test_numbers_are_refused_as_typed_at_their_place(editor, edit, where, words):
    editor.write(BASE.replace(*edit))
    by_year = editor.run("build", "2024-40", "--format", "pdf")  # the file cannot say it is 2024-40
    for run in (editor.run("check"), editor.build(), editor.run("build", "645", "--format", "pdf"), by_year):
        assert run.exception is None, run.exception
        assert run.code == 1, run.text
        first = run.stderr.splitlines()[0]
        assert first.startswith(f"{ISSUE}:{where}: 错误："), run.stderr
        for word in words:
            assert word in first, (word, first)
        assert "第 32 期" not in run.stderr and "第 80 期" not in run.stderr, run.stderr
        assert run is by_year or "找不到" not in run.stderr, run.stderr
    assert editor.written() == [] and not (editor.root / "build").exists()


def test_a_plain_number_still_builds_and_prints_as_written(editor):
    editor.write(BASE)
    run = editor.build()
    assert run.code == 0, run.text
    text = subprocess.run(["pdftotext", str(editor.out / "645.pdf"), "-"], capture_output=True, text=True).stdout
    assert "共印21份" in text.replace(" ", "") and "21.0" not in text


def _three_weeks(editor, second: str = WEEK2, third: str = WEEK3):
    editor.write(BASE)
    editor.write(second, "issues/2024/646.yaml")
    editor.write(third, "issues/2024/647.yaml")


def test_build_by_number_after_a_date_typo_names_the_file_and_its_date(editor):
    _three_weeks(editor, WEEK2.replace("2024-04-02", "2024-04-20"))
    run = editor.run("build", "646", "--format", "pdf")
    assert run.code == 1, run.text
    lines = run.stderr.splitlines()
    assert lines[0].startswith("issues/2024/646.yaml"), run.stderr
    assert "2024-04-20" in run.stderr and "日期" in run.stderr, run.stderr
    assert "找不到" not in run.stderr
    assert not (editor.root / "build").exists()


def test_build_by_number_of_a_copy_of_last_week_names_both_files(editor):
    _three_weeks(editor, third=WEEK2)  # 647.yaml copied from 646.yaml, date unchanged
    for target in ("647", "646"):
        run = editor.run("build", target, "--format", "pdf")
        assert run.code == 1, run.text
        assert run.stderr.startswith("issues/2024/646.yaml: 错误：出刊日期（date）"), run.stderr
        assert "同一天（2024-04-02）有 2 期" in run.stderr, run.stderr
        assert "issues/2024/646.yaml、issues/2024/647.yaml" in run.stderr
        assert "找不到" not in run.stderr


def test_build_by_number_of_a_duplicate_total(editor):
    _three_weeks(editor, third=WEEK3.replace("date:", "total: 646\ndate:"))
    run = editor.run("build", "647", "--format", "pdf")
    assert run.code == 1, run.text
    assert run.stderr.startswith("issues/2024/647.yaml"), run.stderr
    assert "找不到" not in run.stderr and "646" in run.stderr


def test_build_by_number_of_a_missing_issue_lists_the_series_problems(editor):
    _three_weeks(editor, WEEK2.replace("2024-04-02", "2024-04-20"))
    (editor.root / "issues/2024/647.yaml").unlink()
    editor.write(WEEK3.replace("2024-04-09", "2024-04-16"), "issues/2024/650.yaml")
    run = editor.run("build", "660", "--format", "pdf")
    assert run.code == 1, run.text
    assert "找不到总第 660 期" in run.stderr.splitlines()[-1], run.stderr
    assert "issues/2024/650.yaml" in run.stderr  # what check would say is there too
    ok = editor.run("build", "661", "--format", "pdf")
    assert ok.code == 1


def test_build_by_number_of_a_missing_issue_in_a_sound_series(editor):
    editor.write(BASE)
    run = editor.run("build", "646", "--format", "pdf")
    assert run.code == 1 and "找不到总第 646 期" in run.stderr and "typeset list" in run.stderr, run.stderr


def test_build_by_number_of_an_unreadable_head(editor):
    _three_weeks(editor, WEEK2.replace("date: 2024-04-02", "date: 2024-04-31"))
    run = editor.run("build", "646", "--format", "pdf")
    assert run.code == 1, run.text
    assert run.stderr.startswith("issues/2024/646.yaml:1:"), run.stderr
    assert "4 月没有 31 日" in run.stderr


@pytest.mark.parametrize(("date", "words"), [
    ("2024-04-31", "2024 年 4 月没有 31 日"),
    ("2023-02-29", "2023 年 2 月没有 29 日"),
    ("2024-13-01", "没有 13 月"),
    ("2024-4-2", "请写成 2024-04-02"),
    ("明天", "应写成 年-月-日"),
])
def test_new_with_an_impossible_date_says_why(editor, date, words):
    editor.write(BASE)
    run = editor.run("new", "--date", date)
    assert run.code == 1 and words in run.stderr, run.text
    assert sorted(p.name for p in (editor.root / "issues/2024").iterdir()) == ["645.yaml"]
