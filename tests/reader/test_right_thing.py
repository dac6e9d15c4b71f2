"""Messages that name the thing the editor got wrong: the anchor, the series file, the issue whose
date is out of order, the list item indented too deep, the quote never closed, an empty table —
at its own place, and the "not filled in yet" hint only while something is left empty."""

from __future__ import annotations

import re

import pytest

from ..editor_project import BASE, ISSUE

SECOND = """\
      - title: 第二篇
        paragraphs:
          - 第二篇正文。
          - 他说{q}好{q}，又一段。
        source: 市志办
"""


def _anchor(editor, date: str) -> int:
    series = editor.issues / "series.yaml"
    text = series.read_text("utf-8")
    series.write_text(re.sub(r"anchor: \{date: [0-9-]+", f"anchor: {{date: {date}", text), "utf-8")
    return text[: text.index("anchor:")].count("\n") + 1


@pytest.mark.parametrize("date", ["2042-03-26", "9999-01-01", "2099-12-31"])
def test_an_anchor_in_the_future_is_named(editor, date):
    line = _anchor(editor, date)
    editor.write(BASE)
    for run in (editor.run("check"), editor.build(), editor.run("build", "645"), editor.run("new")):
        assert run.code == 1, run.text
        assert run.stderr.startswith(f"issues/series.yaml:{line}:"), run.stderr
        assert "锚点（anchor）" in run.stderr and date in run.stderr and "还没有到" in run.stderr
        assert ISSUE not in run.stderr, run.stderr
    assert editor.written() == []


def test_numbers_counted_from_a_past_anchor_name_it(editor):
    _anchor(editor, "2025-03-26")
    editor.write(BASE)
    run = editor.run("check")
    assert run.code == 1
    assert "锚点 anchor：2025-03-26 第 40 期（总第 645 期）" in run.stderr, run.stderr


@pytest.mark.parametrize(("typo", "later"), [("2024-03-20", "647"), ("2024-03-25", "646"), ("2023-12-26", "646")])
def test_a_date_before_last_weeks_is_blamed_on_the_new_file(editor, typo, later):
    editor.write(BASE)
    if later == "647":
        editor.write(BASE.replace("2024-03-26", "2024-04-02").replace("number: 40\ntotal: 645\n", ""),
                     "issues/2024/646.yaml")
    new = BASE.replace("2024-03-26", typo).replace("number: 40\ntotal: 645\n", "")
    editor.write(new, f"issues/{typo[:4]}/{later}.yaml")
    run = editor.run("check")
    assert run.code == 1, run.text
    errors = [line for line in run.stderr.splitlines() if "错误：" in line]
    assert all(e.startswith(f"issues/{typo[:4]}/{later}.yaml") for e in errors), run.stderr
    assert f"的日期 {typo} 早于 issues/2024/645.yaml（2024-03-26" in run.stderr, run.stderr


@pytest.mark.parametrize(("content", "where"), [
    (BASE.replace("          - 会上", "            - 会上"), ":10:13"),
    (BASE.replace("          - 会上", "             - 会上"), ":10:14"),
    (BASE.replace("      - title: 川渝地方志携手助力“双圈”建设\n",
                  "      - title:\n          - 川渝地方志携手\n            - 助力“双圈”建设\n"), ":9:13"),
    (BASE.replace("colophon:\n", "colophon:\n  to_peers:\n    - 甲单位。\n      - 乙单位。\n"), ":15:7"),
])
def test_a_list_item_indented_too_deep_is_named_as_such(editor, content, where):
    editor.write(content)
    for run in (editor.run("check"), editor.build()):
        assert run.code == 1, run.text
        assert run.stderr.startswith(ISSUE + where), run.stderr
        assert "缩进得深" in run.stderr and "左对齐" in run.stderr and "粘贴" not in run.stderr
    assert editor.written() == []


@pytest.mark.parametrize("q", ['"', "'"])
@pytest.mark.parametrize(("opened", "line"), [
    ("          - {q}会上，双方", 10),
    ("      - title: {q}川渝地方志携手助力“双圈”建设\n", 7),
    ("        source: {q}省地方志办\n", 11),
])
def test_an_unclosed_quote_is_reported_where_it_opens(editor, q, opened, line):
    plain = {10: "          - 会上，双方", 7: "      - title: 川渝地方志携手助力“双圈”建设\n",
             11: "        source: 省地方志办\n"}[line]
    content = BASE.replace(plain, opened.replace("{q}", q))
    content = content.replace("colophon:\n", SECOND.replace("{q}", q) + "colophon:\n")
    editor.write(content)
    for run in (editor.run("check"), editor.build()):
        assert run.code == 1, run.text
        first = run.stderr.splitlines()[0]
        assert first.startswith(f"{ISSUE}:{line}:"), run.stderr
        assert f"第 {line} 行的{'双' if q == chr(34) else '单'}引号" in first and "没有闭合" in first, first
        assert "缩进不一致" not in run.stderr
    assert editor.written() == []


def _fill(text: str) -> str:
    for old, new in (('name: ""', "name: 特别关注"), ('title: ""', "title: 标题"),
                     ('          - ""', "          - 正文。"), ('source: ""', "source: 省地方志办")):
        text = text.replace(old, new)
    return re.sub(r"^  copies:", "  copies: 21", text, flags=re.M)


def test_the_unfilled_hint_only_while_something_is_empty(editor):
    editor.write(BASE)
    assert editor.run("new", "--date", "2024-04-02").code == 0
    path = editor.root / "issues/2024/646.yaml"
    fresh = path.read_text("utf-8")
    assert '""' in fresh.splitlines()[1]  # the header comment itself shows ""
    run = editor.run("check")
    assert run.code == 1 and "还没有填写完" in run.stderr
    path.write_text(_fill(fresh), "utf-8")
    assert editor.run("check").code == 0
    for broken in (_fill(fresh).replace("date: 2024-04-02", "date: 2024-04-31"),
                   _fill(fresh).replace("copies: 21", "copies: 21.0"),
                   _fill(fresh).replace("title: 标题", "title: 标题: 副题")):
        path.write_text(broken, "utf-8")
        run = editor.run("check")
        assert run.code == 1, run.text
        assert "还没有填写完" not in run.stderr, run.stderr
    path.write_text(_fill(fresh).replace("source: 省地方志办", 'source: ""'), "utf-8")
    run = editor.run("check")
    assert run.code == 1 and "还没有填写完" in run.stderr


@pytest.mark.parametrize(("edit", "words"), [
    (("colophon:\n  copies: 21\n", "colophon:\n"), ("版记（colophon）", "copies: 21", "冒号后面没有内容")),
    (("colophon:\n  copies: 21\n", "colophon:\n  copies:\n"), ("共印份数", "没有填写内容")),
    (("colophon:\n  copies: 21\n", "colophon:\n  # copies: 21\n"), ("版记（colophon）", "copies: 21")),
])
def test_an_empty_table_or_value_in_editors_words(editor, edit, words):
    editor.write(BASE.replace(*edit))
    run = editor.run("check")
    assert run.code == 1, run.text
    for word in words:
        assert word in run.stderr, (word, run.stderr)
    assert "key: value" not in run.stderr and "键值表" not in run.stderr


@pytest.mark.parametrize(("content", "words"), [
    ("date: 2024-03-26\nsections:\n  - 特别关注\n", ("第1个栏目", "name: 特别关注")),
    ("date: 2024-03-26\nsections:\n  - name: 特别关注\n    articles:\n      - 川渝地方志\n",
     ("第1个栏目第1篇文章", "title: 标题")),
    (BASE.replace("colophon:\n  copies: 21\n", "colophon: 21\n"), ("版记（colophon）", "copies: 21")),
])
def test_a_table_expected_says_what_goes_in_it(editor, content, words):
    editor.write(content)
    run = editor.run("check")
    assert run.code == 1, run.text
    for word in words:
        assert word in run.stderr, (word, run.stderr)
    assert "key: value" not in run.stderr and "键值表" not in run.stderr


@pytest.mark.parametrize(("title", "words"), [
    ("[川渝地方志携手, 助力“双圈”建设", "方括号“[”没有闭合"),
    ("{text: 川渝地方志携手助力", "花括号“{”没有闭合"),
])
def test_an_unclosed_bracket_is_reported_where_it_opens(editor, title, words):
    editor.write(BASE.replace("川渝地方志携手助力“双圈”建设", title))
    for run in (editor.run("check"), editor.build()):
        assert run.code == 1, run.text
        assert run.stderr.startswith(f"{ISSUE}:7:16: 错误："), run.stderr
        assert words in run.stderr
