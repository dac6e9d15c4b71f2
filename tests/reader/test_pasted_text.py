"""Text pasted as it is meets YAML's syntax: never silently lost, always explained where it stands.

Each case edits the small valid issue the way pasted texts and ordinary typing get it
wrong, runs the real CLI (typeset check, then typeset build) and checks the
file:line:column, the words of the message and that nothing was written.
"""

from __future__ import annotations

import subprocess

import pytest

from typeset.reader import load_issue, load_series

from ..editor_project import BASE, ISSUE

PARA = "          - 会上，双方就全书编纂思路进行沟通交流。\n"


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


# (id, file content, "line:column", words the message must hold)
CASES: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("hashtag-cut-as-comment", edit(PARA, "          - 开展 #方志进校园# 相关话题活动\n"), ":10:16",
     ("“#方志进校园# 相关话题活动”", "不会印出", "加引号")),
    ("hashtag-starts-the-paragraph", edit(PARA, "          - #方志进校园# 相关话题活动\n"), ":10:13",
     ("“#方志进校园# 相关话题活动”", "不会印出")),
    ("hashtag-starts-the-source", edit("source: 省地方志办", "source: #省地方志办#"), ":11:17", ("“#省地方志办#”",)),
    ("comment-one-space-after-text", edit("source: 省地方志办", "source: 省地方志办 # 市州"), ":11:23",
     ("“# 市州”", "注释")),
    ("hashtag-in-a-flow-table", edit(PARA, "          - {text: 开展 #方志进校园# 活动, level: 1}\n"), ":",
     ("花括号", "“ #”", "注释", "加引号")),
    ("colon-in-a-paragraph", edit(PARA, "          - 3月27日: 召开座谈会。\n"), ":10:13",
     ("第1个栏目第1篇文章第2段", "“3月27日: 召开座谈会。”", "全角", "加引号")),
    ("colon-in-a-title-line", edit("      - title: 川渝地方志携手助力“双圈”建设\n",
                                   "      - title:\n          - 会议: 川渝\n          - 第二行\n"),
     ":8:13", ("标题第1行", "“会议: 川渝”", "全角")),
    ("text-starting-with-a-quote", edit(PARA, '          - "十四五"规划编制工作启动。\n'), ":10:13",
     ("以引号开头", "单引号", '\'"十四五"规划')),
    ("text-starting-with-single-quote", edit(PARA, "          - '十四五'规划编制工作启动。\n"), ":10:13",
     ("以引号开头", "双引号")),
    ("full-width-colon-after-key", edit("source: 省地方志办", "source：省地方志办"), ":11:15",
     ("键“source”", "全角冒号", "source: ")),
    ("full-width-colon-after-list-key", edit("      - title: 川渝", "      - title：川渝"), ":7:14",
     ("键“title”", "全角冒号")),
    ("pasted-paragraphs-folded", edit(PARA, PARA + "            第二段文字也在这里。\n"), ":11:13",
     ("写成了 2 行", "几段", "“- ”")),
    ("pasted-paragraphs-indented", edit(PARA, "          - 会上，双方交流\n            \u3000\u3000第二段\n"),
     ":11:13", ("全角空格",)),
    ("non-character-fffe", edit("source: 省地方志办", 'source: "省地方\\uFFFE志办"'), ":11:17",
     ("U+FFFE", "非字符", "删除")),
    ("non-character-ffff", edit("source: 省地方志办", "source: 省地方\uffff志办"), ":11:",
     ("U+FFFF",)),
    ("non-character-plane-1", edit("source: 省地方志办", 'source: "省\\U0001FFFE办"'), ":11:17", ("U+1FFFE",)),
    ("non-character-fdd0", edit(PARA, '          - "会上\\uFDD0双方"\n'), ":10:13", ("U+FDD0",)),
    ("escape-in-a-key", edit("      - title:", '      - "ti\\etle":'), ":7:9", ("键中", "U+001B")),
    ("control-in-a-key", edit("      - title:", '      - "title\\a":'), ":7:9", ("键中", "U+0007")),
]


@pytest.mark.parametrize(("content", "where", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_pasted_text_is_explained_where_it_stands(editor, content, where, words):
    editor.write(content)
    for run in (editor.run("check"), editor.build("--format", "pdf,docx")):
        assert run.exception is None, run.exception
        assert run.code == 1, run.text
        first = run.stderr.splitlines()[0]
        assert first.startswith(ISSUE + where), first
        assert "错误：" in first and "Traceback" not in run.text
        for word in words:
            assert word in run.stderr, (word, run.stderr)
        assert "\x1b" not in run.text and "\x07" not in run.text
    assert editor.written() == []


def test_zero_width_space_inside_a_key_is_dropped(editor):
    editor.write(edit("      - title:", "      - ti\u200btle:"))
    run = editor.build()
    assert run.code == 0, run.text
    assert "未知的键" not in run.text


def test_comments_on_their_own_line_and_set_off_stay_allowed(editor):
    editor.write(edit("source: 省地方志办", "source: 省地方志办   # 印为（省地方志办）")
                 .replace("sections:", "# 栏目\nsections:  # 按顺序")
                 .replace("copies: 21", "copies: 21 # 份")
                 .replace("colophon:", "colophon: # 版记"))
    run = editor.build()
    assert run.code == 0, run.text
    assert (editor.out / "645.pdf").is_file()


def test_a_hashtag_in_quotes_is_printed(editor):
    editor.write(edit(PARA, "          - '开展 #方志进校园# 相关话题活动'\n"))
    run = editor.build()
    assert run.code == 0, run.text
    assert "#方志进校园#" in pdf_text(editor.out / "645.pdf").replace(" ", "")


def test_one_paragraph_wrapped_over_lines_is_joined_without_a_gap(editor):
    wrapped = "          - 会上，双方就全书编纂\n            思路进行沟通交流，see\n            www.example.org\n"
    editor.write(edit(PARA, wrapped))
    run = editor.build()
    assert run.code == 0, run.text
    assert "全书编纂思路进行沟通交流，seewww.example.org" in "".join(pdf_text(editor.out / "645.pdf").split())
    issue = load_issue(editor.root / ISSUE, load_series(editor.issues))
    joined = issue.sections[0].articles[0].paragraphs[1].text
    assert joined == "会上，双方就全书编纂思路进行沟通交流，see www.example.org"


def test_a_quoted_text_over_lines_is_joined_without_a_gap(editor):
    editor.write(edit(PARA, "          - '开展 #方志进校园# 话题，\n            ''双方''交流 see\n"
                            "            www.example.org'\n          - \"会上，\n            双方\\u4ea4流\"\n"))
    run = editor.build()
    assert run.code == 0, run.text
    issue = load_issue(editor.root / ISSUE, load_series(editor.issues))
    texts = [p.text for p in issue.sections[0].articles[0].paragraphs[1:]]
    assert texts == ["开展 #方志进校园# 话题，'双方'交流 see www.example.org", "会上，双方交流"]


def test_hidden_characters_in_a_message_are_shown_not_sent(editor):
    """A bidi override or escape in a value that reaches a message is printed as <U+…>."""
    editor.write(edit("number: 40", 'number: "4\\u202e0\\e[2J"'))
    run = editor.build()
    assert run.code == 1
    assert "\x1b" not in run.text and "\u202e" not in run.text


def test_place_in_words_as_well_as_the_path(editor):
    editor.write(edit(PARA, "          - {text: 会上，双方交流。, level: 9}\n"))
    run = editor.build()
    assert run.code == 1
    assert "第1个栏目第1篇文章第2段的小标题层级（sections[1].articles[1].paragraphs[2].level）" in run.stderr
