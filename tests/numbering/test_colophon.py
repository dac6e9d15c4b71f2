"""The 版记 (FORMAT §6): series defaults, and per-issue overrides that add, remove or replace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from typeset.errors import TypesetError
from typeset.reader import load_issue, load_series

from ..conftest import ROOT

SERIES = """\
title: 四川省地方志工作简报
office: 四川省地方志工作办公室
layout: briefing
colophon:
  disclosure: 主动公开
  printer: 四川省地方志工作办公室综合处
{copies}  to_superiors: [省委，省人大常委会，省人民政府，政协四川省委。, 中国地方志工作办公室。]
  to_peers: [各市（州）党委、市（州）人民政府，省直各部门，中央驻川机构。]
  to_subordinates: [各市（州）地方志办公室。, 巴蜀方志文化研究中心。]
"""

ISSUE = """\
date: 2024-03-26
number: 40
total: 645
sections:
  - name: 特别关注
    articles:
      - title: 标题
        paragraphs: [正文。]
"""


def load(tmp_path: Path, colophon: str = "", copies: int | None = None):
    (tmp_path / "series.yaml").write_text(
        SERIES.format(copies=f"  copies: {copies}\n" if copies else ""), "utf-8")
    path = tmp_path / "645.yaml"
    path.write_text(ISSUE + (f"colophon:\n{colophon}" if colophon else ""), "utf-8")
    return load_issue(path, load_series(tmp_path)).colophon


def test_defaults(tmp_path: Path) -> None:
    c = load(tmp_path)
    assert c.disclosure == "主动公开" and c.printer == "四川省地方志工作办公室综合处"
    assert c.print_date == dt.date(2024, 3, 26)  # the issue date
    assert c.copies is None  # neither the issue nor the series gives a print run
    assert c.recipients.superiors == ("省委，省人大常委会，省人民政府，政协四川省委。", "中国地方志工作办公室。")
    assert c.recipients.peers == ("各市（州）党委、市（州）人民政府，省直各部门，中央驻川机构。",)
    assert c.recipients.subordinates == ("各市（州）地方志办公室。", "巴蜀方志文化研究中心。")


def test_series_default_print_run_and_issue_override(tmp_path: Path) -> None:
    assert load(tmp_path, copies=30).copies == 30
    assert load(tmp_path, "  copies: 21\n", copies=30).copies == 21


def test_scalar_overrides(tmp_path: Path) -> None:
    c = load(tmp_path, "  disclosure: 依申请公开\n  printer: 综合处\n  print_date: 2024-03-27\n")
    assert (c.disclosure, c.printer, c.print_date) == ("依申请公开", "综合处", dt.date(2024, 3, 27))


def test_add(tmp_path: Path) -> None:
    c = load(tmp_path, "  to_peers: {add: [重庆市地方志办公室。]}\n")
    assert c.recipients.peers == ("各市（州）党委、市（州）人民政府，省直各部门，中央驻川机构。",
                                  "重庆市地方志办公室。")
    assert len(c.recipients.superiors) == 2  # the other lists keep their defaults


def test_remove_and_add(tmp_path: Path) -> None:
    c = load(tmp_path, "  to_subordinates: {remove: [各市（州）地方志办公室。], add: [各县地方志办公室。]}\n")
    assert c.recipients.subordinates == ("巴蜀方志文化研究中心。", "各县地方志办公室。")


def test_replace_and_empty(tmp_path: Path) -> None:
    c = load(tmp_path, "  to_superiors: [省委。]\n  to_peers: []\n")
    assert c.recipients.superiors == ("省委。",)
    assert c.recipients.peers == ()  # an empty list is left out of the print


def test_remove_unknown_is_located_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(TypesetError) as err:
        load(tmp_path, "  to_superiors:\n    remove:\n      - 中国地方志工作办公室\n")
    text = str(err.value)
    assert "645.yaml:12:" in text and "colophon.to_superiors.remove" in text
    assert "是不是“中国地方志工作办公室。”" in text and "句末的“。”" in text


def test_add_twice_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TypesetError, match="已在名单中"):
        load(tmp_path, "  to_superiors: {add: [中国地方志工作办公室。]}\n")


def test_print_date_before_the_issue(tmp_path: Path) -> None:
    with pytest.raises(TypesetError, match="早于出刊日期"):
        load(tmp_path, "  print_date: 2024-03-25\n")


def test_issue_645_as_in_format_section_6() -> None:
    series = load_series(ROOT / "issues")
    c = load_issue(ROOT / "issues" / "2024" / "645.yaml", series).colophon
    assert c.recipients.peers[-1] == "重庆市地方志办公室。"
    assert (c.copies, c.print_date, c.disclosure) == (21, dt.date(2024, 3, 26), "主动公开")
