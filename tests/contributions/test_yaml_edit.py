"""The issue file edited in place: every other line kept byte for byte (comments, blank lines,
indentation, CRLF, BOM), the article in the file's own indentation, and every text read back
by the project's reader exactly as it was given."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from typeset.contributions.yaml_edit import plan_add
from typeset.reader.yaml_source import load

ISSUE = """\
date: 2024-04-02
sections:
  - name: 特别关注
    articles:
      - title: 甲
        paragraphs:
          - 一段。
          - {text: 一、总体情况, level: 1}

  # 第二栏
  - name: 市州动态
    articles:
      - title: 乙
        paragraphs:
          - 二段。
          # 删去的一段
        # 没有来源
# 版记注释
colophon:
  copies: 21
"""
ARTICLE = {"title": ["第一行", "第二行"], "paragraphs": ["正文。", {"text": "一、总体情况", "level": 1}],
           "source": "省地方志办"}


def read_back(text: str, encoding: str = "utf-8"):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "646.yaml"
        path.write_bytes(text.encode(encoding))
        return load(path, "646.yaml").data


def plan(text: str, article=ARTICLE, section=None, notes=None):
    edit = plan_add(text, "646.yaml", article, notes or {}, section, read_back(text))
    assert read_back(edit.text) == edit.expected
    return edit


def test_comments_stay_with_what_they_belong_to():
    edit = plan(ISSUE)
    assert edit.text == ISSUE.replace("        # 没有来源\n", """\
        # 没有来源
      - title:
          - 第一行
          - 第二行
        paragraphs:
          - 正文。
          - {text: 一、总体情况, level: 1}
        source: 省地方志办
""")
    edit = plan(ISSUE, section="特别关注")
    assert edit.position == 2 and "level: 1}\n      - title:\n" in edit.text
    assert edit.text.index("        source: 省地方志办") < edit.text.index("\n\n  # 第二栏\n")


def test_a_new_section_goes_after_the_last_one_and_notes_become_comments():
    edit = plan(ISSUE, section="【工作动态】", notes={1: ["来稿此处有一个表格"], 2: ["末尾"]})
    assert edit.new_section and edit.section == "工作动态"
    assert edit.text.endswith("""\
        # 没有来源
  - name: 工作动态
    articles:
      - title:
          - 第一行
          - 第二行
        paragraphs:
          - 正文。
          # 来稿此处有一个表格
          - {text: 一、总体情况, level: 1}
          # 末尾
        source: 省地方志办
# 版记注释
colophon:
  copies: 21
""")


def test_the_files_own_indentation_blank_lines_and_crlf():
    compact = ("date: 2024-04-02\r\nsections:\r\n- name: 甲\r\n  articles:\r\n  - title: 甲\r\n    paragraphs:\r\n"
               "    - 一段。\r\n\r\n  - title: 乙\r\n    paragraphs:\r\n    - 二段。\r\n")
    edit = plan(compact, article={"title": "丙", "paragraphs": ["三段。"]})
    assert edit.text == compact + "\r\n  - title: 丙\r\n    paragraphs:\r\n    - 三段。\r\n"


def test_texts_that_yaml_would_misread_are_quoted():
    risky = ["#话题# 开头", "冒号: 在中间", "结尾冒号:", "\"方志\"开头", "'存史'开头", "【重要】通知", "- 横线开头",
             "yes", "no", "2024-04-02", "1.5", "null", "~", "a #b", "{x}", "[x]", "*别名", "&锚点", "!标签", "| 竖线",
             "> 大于", "% 百分", "@ 符号", "` 反引号", "反斜杠\\n", "逗号, 在中间", "？问号", "? 问号"]
    article = {"title": risky[0], "paragraphs": risky, "source": "来源: 省地方志办"}
    edit = plan(ISSUE, article=article)
    assert "'#话题# 开头'" in edit.text and "- 【" not in edit.text


TEXT = st.text(alphabet=st.sampled_from(list("#:'\"-?{}[],&*!|>%@`\\ 　【】“”‘’。，、；：（）…—abcyesnotrue0123.+"
                                              "四川方志")), min_size=1, max_size=30).filter(
    lambda t: t.strip(" \u3000") == t and t.strip())


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4), TEXT, st.lists(TEXT, min_size=1, max_size=2), TEXT)
def test_any_text_reads_back_unchanged(paragraphs, heading, title, source):
    article = {"title": title if len(title) > 1 else title[0],
               "paragraphs": [*paragraphs, {"text": heading, "level": 2}, {"image": heading, "caption": source}],
               "source": source}
    plan(ISSUE, article=article, section=heading)


def test_mixed_line_breaks_and_no_final_line_break():
    mixed = ("date: 2024-04-02\r\nsections:\n  - name: 甲\n    articles:\n      - title: 甲\n        paragraphs:\n"
             "          - 一段。")
    edit = plan(mixed, article={"title": "乙", "paragraphs": ["二段。"]})
    assert edit.text == mixed + "\r\n      - title: 乙\r\n        paragraphs:\r\n          - 二段。\r\n"
