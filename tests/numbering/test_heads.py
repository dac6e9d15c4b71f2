"""Reading an issue file's head (date, numbers, supplement) quickly, and exactly as the reader does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from typeset.catalog import read_head
from typeset.errors import TypesetError
from typeset.model import Numbers
from typeset.reader.yaml_source import load

BODY = "sections:\n  - name: 工作动态\n    articles:\n      - title: 标题\n        paragraphs: [正文。]\n"

CASES = {
    "plain": "date: 2024-03-26\nnumber: 40\ntotal: 645\n",
    "comments": "# date: 2000-01-01\ndate: 2024-03-26   # 出刊日期\nnumber: 40 # 期号\ntotal: 645\n",
    "quoted": "date: '2024-03-26'\nnumber: 40\ntotal: 645\n",
    "double quoted": 'date: "2024-03-26"\ntotal: 645\n',
    "supplement": "date: 2024-05-01\nsupplement: true\nnumber: 2\n",
    "yaml 1.1 bool": "date: 2024-05-01\nsupplement: yes\n",
    "flow": "{date: 2024-03-26, number: 40, total: 645, sections: [{name: a, articles: []}]}\n",
    "no numbers": "date: 2024-03-26\n",
    "spaces before colon": "date : 2024-03-26\nnumber : 40\n",
    "order": "total: 645\nnumber: 40\ndate: 2024-03-26\n",
    "key inside a block": "date: 2024-03-26\nnote: |\n  date: 1999-01-01\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_head_agrees_with_the_full_parser(tmp_path: Path, text: str) -> None:
    path = tmp_path / "645.yaml"
    path.write_text(text + (BODY if not text.startswith("{") else ""), "utf-8")
    head = read_head(path, "645.yaml")
    data = load(path, "645.yaml").data
    assert head.date == dt.date.fromisoformat(str(data["date"]))
    assert head.supplement == bool(data.get("supplement", False))
    if "number" in data or "total" in data:
        assert head.stated == Numbers(data.get("number", 0), data.get("total"))
    else:
        assert head.stated is None
    assert head.name == "645" and head.origin.file == "645.yaml"


def test_head_knows_the_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("# 注释\ndate: 2024-03-26\nnumber: 40\ntotal: 645\n" + BODY, "utf-8")
    head = read_head(path, "x.yaml")
    assert (head.where["date"].line, head.where["number"].line, head.where["total"].line) == (2, 3, 4)


@pytest.mark.parametrize(("text", "message"), [
    ("date: 2024-02-30\n", "日期“2024-02-30”无效"),
    ("number: 3\n", "缺少必填项“date”"),
    ("date: 2024-03-26\ndate: 2024-03-27\n", "写了两次"),
    ("date: 2024-03-26\ntotal: 六四五\n", "total"),
    ("date: [2024-03-26\n", "YAML"),
    ("- a\n- b\n", "最外层"),
    ("", "空"),
])
def test_unreadable_head_is_a_located_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(TypesetError) as err:
        read_head(path, "x.yaml")
    assert message in str(err.value) and "x.yaml" in str(err.value)
