"""Bad input → a located message in Chinese, exit 1, nothing written, never a traceback.

Each case edits the small valid issue of editor_project.BASE the way editors get
it wrong, runs the real CLI (typeset build) and checks the file:line:column, the
words of the message, the exit code and that no output was written.
"""

from __future__ import annotations

import pytest

from ..editor_project import BASE, ISSUE


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


TITLE = "      - title: 川渝地方志携手助力“双圈”建设\n"
PARA = "          - 会上，双方就全书编纂思路进行沟通交流。\n"
PARAS = "        paragraphs:\n          - 3月25日，四川省地方志工作办公室到重庆市地方志办公室座谈交流。\n" + PARA
LONG_TITLE = "四川省地方志工作办公室召开二〇二四年全省地方志工作会议暨表彰大会"
LONG_LINE = "携手助力成渝地区双城经济圈建设的工作取得了明显成效"

BOMB = "".join(
    [
        'a: &a ["哈","哈","哈","哈","哈","哈","哈","哈","哈","哈"]\n',
        *(f"{k}: &{k} [{', '.join([f'*{p}'] * 10)}]\n" for p, k in zip("abcdefgh", "bcdefghi", strict=True)),
    ]
)

# (id, file content, "line:column" or "" for the file alone, words the message must hold)
CASES: list[tuple[str, str | bytes, str, tuple[str, ...]]] = [
    # malformed YAML
    ("tab-indent", edit("        source:", "\tsource:"), ":11:1", ("制表符", "空格")),
    ("bad-indent", edit("        source: 省地方志办", "       source: 省地方志办"), ":11:", ("缩进",)),
    ("key-too-far-left", edit("    articles:", "   articles:"), ":6:", ("缩进",)),
    ("unclosed-double-quote", edit("source: 省地方志办", 'source: "省地方志办'), ":11:17", ("引号没有闭合",)),
    ("unclosed-single-quote", edit("name: 特别关注", "name: '特别关注"), ":", ("引号没有闭合",)),
    ("unclosed-bracket", edit("source: 省地方志办", "source: [省地方志办"), ":", ("方括号", "没有闭合")),
    ("colon-in-text", edit("name: 特别关注", "name: 特别关注: 专题"), ":5:", ("冒号", "引号")),
    ("duplicate-key", edit("total: 645\n", "total: 645\ntotal: 646\n"), ":4:1", ("total", "写了两次")),
    ("two-documents", BASE + "---\ndate: 2024-03-27\n", ":14:1", ("只能写一期", "---")),
    ("special-first-char", edit("source: 省地方志办", "source: @省地方志办"), ":11:17", ("特殊字符", "引号")),
    ("undefined-alias", edit("source: 省地方志办", "source: *来源"), ":11:17", ("锚点",)),
    ("bad-escape", edit("source: 省地方志办", 'source: "省\\q地方志办"'), ":11:", ("反斜杠",)),
    # wrong types
    ("number-not-integer", edit("number: 40", "number: 四十"), ":2:9", ("number", "应为整数", "四十")),
    ("copies-fraction", edit("copies: 21", "copies: 2.5"), ":13:11", ("copies", "应为整数", "2.5")),
    ("supplement-not-bool", edit("total: 645\n", "total: 645\nsupplement: 是\n"), ":4:13",
     ("supplement", "true 或 false")),
    ("paragraphs-not-list", edit(PARAS, "        paragraphs: 会上，双方交流。\n"), ":8:21", ("paragraphs", "应为列表")),
    ("title-mapping", edit(TITLE, "      - title: {主标题: 川渝}\n"), ":7:16", ("title", "文字或列表")),
    ("title-number", edit(TITLE, "      - title: 2024\n"), ":7:16", ("数字 2024", "引号")),
    ("source-yes-no", edit("source: 省地方志办", "source: no"), ":11:17", ("source", "真假值", "引号")),
    ("paragraph-number", edit(PARA, "          - 2024\n"), ":10:13", ("paragraphs[2]", "数字 2024")),
    ("level-too-deep", edit(PARA, "          - {text: 一、总体情况, level: 5}\n"), ":10:", ("level", "太大", "4")),
    # unknown keys, nearest known key suggested
    ("unknown-key-typo", edit("title:", "titel:"), ":7:9", ("未知的键“titel”", "是不是“title”")),
    ("unknown-key-singular", edit("paragraphs:", "paragraph:"), ":8:9", ("未知的键“paragraph”", "“paragraphs”")),
    ("unknown-key-chinese", edit("source:", "来源:"), ":11:9",
     ("第1个栏目第1篇文章的“来源”（sections[1].articles[1].来源）", "未知的键“来源”", "是不是“source”")),
    ("unknown-key-chinese-typed-loosely", edit("source:", "'来 源：':"), ":11:9",
     ("第1个栏目第1篇文章的“来 源：”", "是不是“source”")),
    ("unknown-colophon-key-chinese", edit("copies: 21", "共印份数: 21"), ":13:3",
     ("版记的“共印份数”（colophon.共印份数）", "是不是“copies”")),
    ("unknown-colophon-key-word", edit("copies: 21", "份数: 21"), ":13:3", ("版记的“份数”", "是不是“copies”")),
    ("unknown-top-key", edit("date:", "dat:"), ":1:1", ("未知的键“dat”", "是不是“date”")),
    ("unknown-colophon-key", edit("copies: 21", "copy: 21"), ":13:3", ("未知的键“copy”", "“copies”")),
    ("unknown-key-no-match", edit("copies: 21", "zzz: 21"), ":13:3", ("未知的键“zzz”", "可用的键", "copies")),
    # missing required fields
    ("missing-date", edit("date: 2024-03-26\n", ""), ":1:1", ("缺少必填项“date”", "2024-03-26")),
    ("missing-paragraphs", edit(PARAS, ""),
     ":7:9", ("缺少必填项“paragraphs”", "请补上")),
    ("missing-title", edit(TITLE + "        paragraphs:", "      - paragraphs:"), ":7:9", ("缺少必填项“title”",)),
    ("missing-articles", edit("    articles:\n", "    articles:\n      - title: 第二篇\n        source: 省地方志办\n"),
     ":7:9", ("articles[1]", "缺少必填项“paragraphs”")),
    # dates
    ("impossible-date", edit("date: 2024-03-26", "date: 2024-02-30"), ":1:7", ("2024-02-30", "没有 30 日")),
    ("month-13", edit("date: 2024-03-26", "date: 2024-13-01"), ":1:7", ("没有 13 月",)),
    ("slashed-date", edit("date: 2024-03-26", "date: 2024/3/26"), ":1:7", ("2024/3/26", "2024-03-26")),
    ("unpadded-date", edit("date: 2024-03-26", "date: 2024-3-26"), ":1:7", ("2024-3-26", "补 0")),
    ("chinese-date", edit("date: 2024-03-26", "date: 2024年3月26日"), ":1:7", ("2024-03-26",)),
    ("date-as-number", edit("date: 2024-03-26", "date: 20240326"), ":1:7", ("20240326", "年-月-日")),
    ("date-with-time", edit("date: 2024-03-26", "date: 2024-03-26 10:00"), ":1:7", ("年-月-日",)),
    ("print-date-before-issue", edit("  copies: 21", "  copies: 21\n  print_date: 2024-03-25"), ":14:15",
     ("印发日期", "早于")),
    # empty title or section
    ("empty-title", edit(TITLE, '      - title: ""\n'), ":7:16", ("title", "不能为空")),
    ("blank-title", edit(TITLE, "      - title:\n"), ":7:", ("title", "没有填写内容")),
    ("blank-title-line", edit(TITLE, "      - title: [川渝地方志, '  ']\n"), ":7:", ("title[2]", "不能为空")),
    ("empty-title-list", edit(TITLE, "      - title: []\n"), ":7:16", ("至少要有一项",)),
    ("empty-section-name", edit("name: 特别关注", 'name: ""'), ":5:11", ("name", "不能为空")),
    ("brackets-only-section", edit("name: 特别关注", "name: 【】"), ":5:11", ("栏目名只有方括号",)),
    ("section-without-articles", edit("colophon:", "  - name: 市州动态\n    articles: []\ncolophon:"),
     ":13:15", ("sections[2].articles", "至少要有一项")),
    ("no-sections", "date: 2024-03-26\nnumber: 40\ntotal: 645\nsections: []\n", ":4:11", ("sections", "至少要有一项")),
    ("empty-paragraph", edit(PARA, '          - "   "\n'), ":10:13", ("不能为空",)),
    ("zero-width-only-paragraph", edit(PARA, '          - "\\u200b"\n'), ":10:13", ("不能为空",)),
    # a title line too long for the measure (20 characters of 二号)
    ("title-line-too-long", edit(TITLE, f"      - title: {LONG_TITLE}\n"),
     ":7:16", ("过长", "20 字", "列表")),
    ("title-second-line-too-long",
     edit(TITLE, f"      - title:\n          - 川渝地方志\n          - {LONG_LINE}\n"),
     ":9:13", ("过长", "分成几行")),
    # texts too long for their line or their page (compose/fit.py): they would run off the text block
    ("section-name-too-long", edit("name: 特别关注", "name: " + "特别关注" * 8), ":5:11", ("栏目名", "太长", "请缩短")),
    ("source-too-long", edit("source: 省地方志办", "source: " + "省地方志办" * 7), ":11:17", ("来源", "太长")),
    ("mark-too-long", edit("total: 645\n", "total: 645\nmark: " + "内部资料注意保存" * 4 + "\n"), ":4:7",
     ("报头标记", "太长")),
    ("title-too-many-lines", edit(TITLE, "      - title: [" + ", ".join(["川渝地方志"] * 25) + "]\n"), ":7:",
     ("标题行数太多", "一页排不下")),
    ("printer-too-long", edit("  copies: 21", "  copies: 21\n  printer: " + "四川省地方志工作办公室综合处" * 3),
     ":14:12",
     ("版记", "太长")),
    # a grid taller than the text block
    ("grid-off-the-page", edit("total: 645\n", "total: 645\nlayout: {lines: 40, line_pitch: 30}\n"), ":4:9",
     ("40 行", "超出了版心高度", "line_pitch")),
    # the shape of the document
    ("document-is-list", "- date: 2024-03-26\n- sections: []\n", ":1:1", ("最外层", "键值表", "列表")),
    ("document-is-scalar", "四川省地方志工作简报\n", ":1:1", ("最外层", "单个值")),
    ("empty-file", "", ":1:1", ("文件是空的",)),
    ("only-comments", "# 第 40 期\n\n# 待填写\n", ":1:1", ("文件是空的",)),
    ("ten-megabytes", "date: 2024-03-26\n" + "# " + "长" * 3_500_000 + "\n", "", ("文件过大", "MB")),
    ("billion-laughs", BOMB, ":", ("展开后过大", "锚点")),
    ("deep-nesting", "a: " + "[" * 5000 + "]" * 5000 + "\n", ":1:1", ("嵌套过深",)),
    ("merge-key", edit("colophon:\n", "x: &c {copies: 3}\ncolophon:\n  <<: *c\n"), ":14:3", ("不支持这种写法的键",)),
    # encodings and invisible characters
    ("gbk-file", BASE.encode("gbk"), ":5:11", ("不是 UTF-8", "GBK", "另存为 UTF-8", "特别关注")),
    ("gbk-pasted-line", BASE.encode("utf-8").replace("会上，双方".encode(), "会上，双方".encode("gbk")),
     ":10:13", ("不是 UTF-8", "GBK", "“会上，双方")),
    ("utf16-file", BASE.encode("utf-16"), ":1:1", ("UTF-16",)),
    ("control-character", edit("source: 省地方志办", "source: 省地方\x07志办"), ":11:20", ("控制字符", "U+0007")),
    ("escaped-nul", edit("source: 省地方志办", 'source: "省地方\\0志办"'), ":11:17", ("控制字符", "U+0000")),
    ("lone-surrogate", edit("source: 省地方志办", 'source: "省地方\\ud800志办"'), ":11:17", ("U+D800",)),
    # tags that would construct objects, numbers that are not numbers
    ("python-object-tag", edit("source: 省地方志办", "source: !!python/object/apply:os.system ['true']"),
     ":11:17", ("不支持 YAML 标签", "python/object/apply:os.system")),
    ("binary-tag", edit("source: 省地方志办", "source: !!binary 5L2g5aW9"), ":11:17", ("不支持 YAML 标签",)),
    ("huge-number", edit("copies: 21", "copies: " + "9" * 5000), ":13:11", ("数字", "太长")),
    ("not-a-number", edit("copies: 21", "copies: 21\ncomposition: {condense: .nan}"), ":14:", ("不是有限的数字",)),
]


@pytest.mark.parametrize(("content", "where", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_located_and_explained(editor, content, where, words):
    editor.write(content)
    run = editor.build()
    assert run.exception is None, run.exception
    assert run.code == 1, run.text
    assert "Traceback" not in run.text
    first = run.stderr.splitlines()[0]
    assert first.startswith(ISSUE + where), first
    assert "错误：" in first
    for word in words:
        assert word in run.stderr, (word, run.stderr)
    assert editor.written() == [], "a failed build must write nothing"


def test_at_least_thirty_cases():
    assert len(CASES) >= 30


def test_every_problem_is_reported_at_once(editor):
    """Several schema problems in one file come out together, in the order of the file."""
    editor.write(edit("number: 40", "number: 四十").replace("title:", "titel:").replace("copies: 21", "copies: 0"))
    run = editor.build()
    assert run.code == 1
    where = [line.split(": ")[0] for line in run.stderr.splitlines() if "错误：" in line]
    assert where == [f"{ISSUE}:2:9", f"{ISSUE}:7:9", f"{ISSUE}:13:11"], run.stderr
    assert "未知的键“titel”" in run.stderr and "太小" in run.stderr
    assert "缺少必填项“title”" not in run.stderr  # one mistake, one message


def test_check_command_reports_the_same(editor):
    editor.write(edit("title:", "titel:"))
    run = editor.run("check")
    assert run.code == 1
    assert f"{ISSUE}:7:9" in run.stderr and "是不是“title”" in run.stderr


def test_python_tag_runs_nothing(editor, tmp_path):
    marker = tmp_path / "marker"
    editor.write(edit("source: 省地方志办", f"source: !!python/object/apply:os.system ['touch {marker}']"))
    run = editor.build()
    assert run.code == 1
    assert not marker.exists()
