"""Hostile input an editor pastes or types, through the CLI: every case is either built with
the text as written or refused with a located Chinese message — never YAML's English, never
a silently shortened text."""

from __future__ import annotations

import re
import subprocess

import pytest
from PIL import Image

from ..editor_project import BASE, ISSUE
from .test_pictures import with_picture

PARA = "          - 会上，双方就全书编纂思路进行沟通交流。\n"
TITLE = "      - title: 川渝地方志携手助力“双圈”建设\n"


def para(text: str) -> str:
    return BASE.replace(PARA, f"          - {text}\n")


# (id, file content, "line:column", words the message must hold)
REFUSED: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("anchor-at-text-start", para("&a 文字开头"), ":10:13", ("“&a”", "锚点", "不会印出", "引号")),
    ("anchor-reused-by-alias", BASE.replace(PARA, "          - &a 第一段\n          - *a\n"), ":10:13", ("“&a”",)),
    ("anchor-on-title", BASE.replace(TITLE, "      - title: &t 川渝\n"), ":7:16", ("“&t”",)),
    ("bare-tag", para("! 重要"), ":10:13", ("“!”", "标签", "引号")),
    ("str-tag", para("!!str 通知"), ":10:13", ("!!str", "标签")),
    ("bang-word", para("!重要 通知"), ":10:", ("“!”", "标签", "引号")),
    ("double-pipe", para("|| 通知"), ":10:", ("“|”或“>”", "引号")),
    ("quote-mark-start", para("> 引用的话"), ":10:", ("“|”或“>”", "引号")),
    ("comma-start", para(", 逗号开头"), ":10:13", ("特殊字符", "引号")),
    ("brace-then-text", para("{重要} 文字"), ":10:13", ("“{”开头", "键值表", "引号")),
    ("bracket-then-text", para("[通知] 文字"), ":10:13", ("“[”开头", "列表", "【】")),
    ("literal-block-two-paragraphs", para("|\n            第一段结束。\n            第二段开始。"), ":12:13",
     ("几段文字粘贴在一起",)),
    ("folded-block-blank-line", para(">\n            第一段\n\n            第二段"), ":13:13", ("中间有空行",)),
    ("number-as-text", para("2024"), ":10:13", ("数字 2024", '"2024"')),
    ("decimal-as-text", para("3.5"), ":10:13", ("数字 3.5", '"3.5"')),
]


@pytest.mark.parametrize(("content", "where", "words"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_with_place_and_remedy(editor, content, where, words):
    editor.write(content)
    for run in (editor.run("check"), editor.build()):
        assert run.exception is None, run.exception
        assert run.code == 1, run.text
        first = run.stderr.splitlines()[0]
        assert first.startswith(ISSUE + where) and "错误：" in first, first
        for word in words:
            assert word in run.stderr, (word, run.stderr)
        assert not re.search(r"expected|found|while|scalar", run.stderr), run.stderr
    assert editor.written() == []


# (id, paragraph as written in YAML, the text that must be printed)
BUILT = [
    ("literal-block-one-paragraph", "|\n            第一行接着\n            第二行", "第一行接着第二行"),
    ("folded-block-latin", ">\n            see the\n            report", "see the report"),
    ("hash-without-space", "正文#话题#结束", "正文#话题#结束"),
    ("chinese-brackets", "【通知】文字", "【通知】文字"),
    ("time-as-text", "12:30", "12:30"),  # YAML 1.1 would read 750
    ("octal-looking-text", "0123", "0123"),  # YAML 1.1 would read 83
    ("hex-looking-text", "0x1F", "0x1F"),
]


@pytest.mark.parametrize(("written", "printed"), [c[1:] for c in BUILT], ids=[c[0] for c in BUILT])
def test_built_as_written(editor, written, printed):
    editor.write(para(written))
    assert editor.run("check").code == 0
    run = editor.build()
    assert run.code == 0, run.text
    text = subprocess.run(["pdftotext", str(editor.out / "645.pdf"), "-"], capture_output=True, text=True).stdout
    assert printed in text.replace("\n", "")


def test_masthead_title_too_long_is_refused_at_series_yaml(editor):
    series = editor.issues / "series.yaml"
    text = series.read_text("utf-8")
    old = re.search(r"^title: .*$", text, re.M).group(0)
    series.write_text(text.replace(old, "title: 四川省地方志工作简报暨方志动态"), "utf-8")
    editor.write(BASE)
    line = text[: text.index(old)].count("\n") + 1
    for run in (editor.run("check"), editor.build()):
        assert run.code == 1, run.text
        assert run.stderr.startswith(f"issues/series.yaml:{line}:8:"), run.stderr
        assert "报头名称" in run.stderr and "太长" in run.stderr
    assert editor.written() == []


def test_cmyk_jpeg_builds_in_both_writers(editor):
    path = editor.issues / "images" / "cmyk.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("CMYK", (400, 300), (0, 200, 200, 0)).save(path, "JPEG")
    editor.write(with_picture("{image: images/cmyk.jpg, caption: 图为现场}"))
    run = editor.run("build", ISSUE, "-o", str(editor.out))
    assert run.code == 0, run.text
    assert {p.name for p in editor.written()} == {"645.pdf", "645.docx"}


def test_a_new_series_without_anchor_starts_at_one(editor, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert editor.run("init", "s").code == 0
    monkeypatch.chdir(tmp_path / "s")
    issue = BASE.replace("number: 40\ntotal: 645\n", "")
    (tmp_path / "s" / "issues" / "2024").mkdir()
    (tmp_path / "s" / "issues" / "2024" / "a.yaml").write_text(issue, "utf-8")
    run = editor.run("check")
    assert run.code == 0, run.text
    assert "总第 1–1 期" in run.stdout


@pytest.mark.parametrize(("args", "words"), [
    (("serve", "--port", "99999"), ("--port", "超出范围（应在 0 到 65535 之间）")),
    (("build", "--all", "--jobs", "0"), ("--jobs", "太小（至少为 1）")),
    (("import", "x.pdf"), ("缺少选项 -o",)),
    (("init", "s", "--title", ""), ("不能为空",)),
    (("build", ISSUE, "-o", "issues/series.yaml/sub"), ("路径中有一项是文件",)),
])
def test_bad_arguments(editor, args, words):
    editor.write(BASE)
    run = editor.run(*args)
    assert run.exception is None and run.code in (1, 64), run.text
    for word in words:
        assert word in run.stderr, run.stderr
