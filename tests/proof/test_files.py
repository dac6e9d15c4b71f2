"""Findings in issue files: none on the official issues, each seeded one at its line and
column, through the real `typeset proof` command and the counts of check and build."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.proof import findings, proof_file

from ..conftest import FIXTURES, ROOT
from ..editor_project import BASE, ISSUE

OFFICIAL = [*sorted(FIXTURES.glob("*.yaml")), ROOT / "issues" / "2024" / "645.yaml"]


@pytest.mark.parametrize("path", OFFICIAL, ids=lambda p: p.name)
def test_official_issues_give_no_findings(path: Path):
    assert proof_file(path, path.name) == []


SEEDED = """\
date: 2024-04-02
sections:
  - name: 市州动态
    articles:
      - title:
          - 德阳市召开"方志
          - 进校园"活动!
        paragraphs:
          # 编辑部的注释
          - 4月1日,德阳市地方志办召开会议.   # 行尾注释
          - "双引号里的\\u201c转义\\u201d后,再写"
          - '单引号里的''引号''与 ，空格'
          - {text: 一、加强领导。。, level: 1}
          - |
            块里的文字...以及２０２４年
          - 跨行的文字写在
            两行里,这样
        source: （德阳市地方志办)
"""

EXPECTED = [
    (6, 18, "“"), (7, 16, "”"), (7, 19, "！"),
    (10, 17, "，"), (10, 29, "。"),
    (11, 34, "，"),
    (12, 19, "‘"), (12, 23, "’"), (12, 26, ""),
    (13, 26, "。"),
    (15, 18, "……"), (15, 23, "2"), (15, 24, "0"), (15, 25, "2"), (15, 26, "4"),
    (17, 16, "，"),
    (18, 25, "）"),
]


def test_each_seeded_finding_at_its_line_and_column():
    got = [(f.line, f.column, f.fix) for f in findings(SEEDED, "x.yaml")]
    assert got == EXPECTED
    lines = SEEDED.split("\n")
    for f in findings(SEEDED, "x.yaml"):
        if f.chars.strip():  # the very character stands at that column of that line
            assert lines[f.line - 1][f.column - 1:].startswith(f.chars), f


def test_the_command_lists_fixes_and_leaves_the_rest(editor):
    editor.write(BASE.replace("3月25日，", '3月25日,"双城记"...及').replace("会上，", "会上 ，#话题#"), ISSUE)
    run = editor.run("proof", "645")
    assert run.code == 0, run.text
    rows = [r for r in run.stdout.splitlines() if r]
    assert rows[0].startswith(f"{ISSUE}:9:18: 校对：第1个栏目第1篇文章第1段"
                              "（sections[1].articles[1].paragraphs[1]）：半角标点：")
    assert "改为“，”" in rows[0]
    assert [r.split(": ")[0] for r in rows] == [f"{ISSUE}:9:{c}" for c in (18, 19, 23, 24)] + [
        f"{ISSUE}:10:15", f"{ISSUE}:10:17"]
    assert "话题标签" in rows[-1] and "--fix" not in rows[-1]
    assert "共 6 处可能的问题，其中 5 处可用 typeset proof --fix 自动改正" in run.stderr

    before = (editor.root / ISSUE).read_text("utf-8")
    dry = editor.run("proof", "--dry-run", "645")
    assert (editor.root / ISSUE).read_text("utf-8") == before
    assert '+          - 3月25日，“双城记”……及四川省' in dry.stdout

    fixed = editor.run("proof", "--fix")
    assert fixed.code == 0
    assert f"{ISSUE}:9:18: 已改正：半角标点：“,” → “，”" in fixed.stdout
    after = (editor.root / ISSUE).read_text("utf-8")
    changed = [(a, b) for a, b in zip(before.split("\n"), after.split("\n"), strict=True) if a != b]
    assert changed == [
        (before.split("\n")[8], "          - 3月25日，“双城记”……及四川省地方志工作办公室到重庆市地方志办公室"
                                 "座谈交流。"),
        (before.split("\n")[9], "          - 会上，#话题#双方就全书编纂思路进行沟通交流。"),
    ]
    again = editor.run("proof", "--fix")
    assert (editor.root / ISSUE).read_text("utf-8") == after
    assert "已改正 0 处" in again.stderr


def test_check_and_build_print_the_count(editor):
    editor.write(BASE.replace("3月25日，", "3月25日,"), ISSUE)
    run = editor.run("check")
    assert run.code == 0
    assert "校对：1 处可能的问题，运行 typeset proof 查看" in run.stderr
    editor.write(BASE, ISSUE)
    assert "校对" not in editor.run("check").text


def test_preferred_names_from_series_yaml(editor):
    series = editor.issues / "series.yaml"
    series.write_text(series.read_text("utf-8") + "preferred_names:\n  四川省地方志工作办公室: [省地方志办]\n", "utf-8")
    editor.write(BASE, ISSUE)
    run = editor.run("proof")
    assert "规范名称：“省地方志办”——本系列规定写作“四川省地方志工作办公室”" in run.stdout
    assert run.stdout.count("规范名称") == 1  # 四川省地方志工作办公室 itself is not flagged


def test_a_quotation_over_several_paragraphs():
    source = ("sections:\n  - name: 特别关注\n    articles:\n      - title: 讲话\n        paragraphs:\n"
              "          - 他指出：“第一段。\n          - “第二段。\n          - “第三段。”\n"
              "          - 第四段“没有闭合。\n")
    got = [(f.line, f.column, f.category) for f in findings(source, "x.yaml")]
    assert got == [(9, 16, "成对标点")]
