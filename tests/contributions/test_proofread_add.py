"""Contributions as they really come, through the real `typeset add` and `typeset proof`: a
WeChat post pasted with its hashtags, emoji, half-width marks, URL, 来源: line and tails; a
text copied from a PDF with spaces between the characters; a Word file with half-width
punctuation, a reviewer's comment, tracked changes and a footnote. Each finding stands at
its line and column; each certain correction gives exactly the corrected text, whether
`add` makes it on the way in or `proof --fix` afterwards."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from typeset.reader.yaml_source import load

from ..editor_project import BASE, ISSUE
from .test_add import COMMENTED

ISSUE_646 = "issues/2024/646.yaml"

WECHAT_POST = """\
好消息！川渝方志馆联盟成立啦🎉

　　4月1日,"川渝方志馆联盟"在重庆成立.#地方志# 联盟成员单位达32家...
　　下一步,联盟将围绕“共建、共享、共赢”开展合作--力争２０２４年见效。
https://mp.weixin.qq.com/s/AbCdEf-123_xyz
来源:省地方志办
点击阅读原文
长按识别二维码关注我们
"""
WECHAT_CLEAN = {
    "title": "好消息！川渝方志馆联盟成立啦",
    "paragraphs": ["4月1日，“川渝方志馆联盟”在重庆成立。联盟成员单位达32家……",
                   "下一步，联盟将围绕“共建、共享、共赢”开展合作——力争2024年见效。",
                   "https://mp.weixin.qq.com/s/AbCdEf-123_xyz"],
    "source": "省地方志办",
}

PDF_COPY = """\
四 川 省 地 方 志 工 作 会 议 召 开

　　3 月 2 8 日 ， 全 省 地 方 志 工 作 会 议 在 成 都 召 开 。
　　会 议 要 求 ， 扎 实 推 进 “ 两 志 ” 编 纂 。
（省地方志办）
"""
PDF_CLEAN = {
    "title": "四川省地方志工作会议召开",
    "paragraphs": ["3月28日，全省地方志工作会议在成都召开。", "会议要求，扎实推进“两志”编纂。"],
    "source": "省地方志办",
}


@pytest.fixture
def office(editor):
    editor.write(BASE, ISSUE)
    editor.write(COMMENTED, ISSUE_646)
    return editor


def added(editor) -> dict:
    return load(editor.root / ISSUE_646).data["sections"][-1]["articles"][-1]


def located(editor, fragment: str, chars: str, nth: int = 0) -> tuple[int, int]:
    """Line and column of `chars` (its nth occurrence) on the line of the issue file holding `fragment`."""
    lines = (editor.root / ISSUE_646).read_text("utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if fragment in line)
    starts = [m.start() for m in re.finditer(re.escape(chars), lines[row])]
    return row + 1, starts[nth] + 1


def findings(editor) -> list[tuple[int, int, str]]:
    run = editor.run("proof", ISSUE_646)
    assert run.code == 0, run.text
    out = []
    for row in run.stdout.splitlines():
        m = re.match(rf"{re.escape(ISSUE_646)}:(\d+):(\d+): 校对：.*?：(\S+?)：", row)
        assert m, row
        out.append((int(m.group(1)), int(m.group(2)), m.group(3)))
    return out


def test_a_wechat_post_cleaned_on_the_way_in(office, tmp_path):
    path = tmp_path / "微信.txt"
    path.write_text(WECHAT_POST, "utf-8")
    run = office.run("add", ISSUE_646, str(path))
    assert run.code == 0, run.text
    assert added(office) == WECHAT_CLEAN
    assert "已改正 12 处标点" in run.stderr
    assert "删去了话题标签 #地方志# 和 1 个表情符号" in run.stderr
    assert "2 行微信或网页的附加文字没有加入：“点击阅读原文”、“长按识别二维码关注我们”" in run.stderr
    assert "来源“省地方志办”" in run.stdout
    assert findings(office) == []


def test_a_wechat_post_kept_as_it_came_then_proofread_and_fixed(office, tmp_path):
    path = tmp_path / "微信.txt"
    path.write_text(WECHAT_POST, "utf-8")
    run = office.run("add", ISSUE_646, str(path), "--keep-text")
    assert run.code == 0, run.text
    assert "已改正" not in run.text
    first, second = "4月1日,", "下一步,"
    expected = [
        (*located(office, "好消息", "🎉"), "网络用语与表情"),
        (*located(office, first, ","), "半角标点"),
        (*located(office, first, '"'), "半角标点"),
        (*located(office, first, '"', 1), "半角标点"),
        (*located(office, first, "."), "半角标点"),
        (*located(office, first, "#地方志#"), "网络用语与表情"),
        (*located(office, first, "..."), "省略号与破折号"),
        (*located(office, second, ","), "半角标点"),
        (*located(office, second, "--"), "省略号与破折号"),
        *[(*located(office, second, d, k), "全角字母数字") for d, k in (("２", 0), ("０", 0), ("２", 1), ("４", 0))],
    ]
    assert sorted(findings(office)) == sorted(expected)
    before = (office.root / ISSUE_646).read_text("utf-8")
    fixed = office.run("proof", "--fix", ISSUE_646)
    assert fixed.code == 0 and "已改正 11 处" in fixed.stderr
    article = added(office)
    assert article["paragraphs"] == ["4月1日，“川渝方志馆联盟”在重庆成立。#地方志# 联盟成员单位达32家……",
                                     "下一步，联盟将围绕“共建、共享、共赢”开展合作——力争2024年见效。",
                                     "https://mp.weixin.qq.com/s/AbCdEf-123_xyz"]
    assert article["title"] == "好消息！川渝方志馆联盟成立啦🎉"  # uncertain: left for the editor
    after = (office.root / ISSUE_646).read_text("utf-8")
    assert before.split("\n")[:20] == after.split("\n")[:20]  # the editor's own lines, byte for byte
    assert [kind for *_, kind in findings(office)] == ["网络用语与表情", "网络用语与表情"]


def test_text_copied_from_a_pdf_with_spaces_between_the_characters(office, tmp_path):
    path = tmp_path / "pdf.txt"
    path.write_text(PDF_COPY, "utf-8")
    run = office.run("add", ISSUE_646, str(path), "--keep-text")
    assert run.code == 0, run.text
    assert findings(office) == [(*located(office, "四 川", "四"), "多余空格"),
                                (*located(office, "全 省", "3"), "多余空格"),
                                (*located(office, "会 议 要", "会"), "多余空格")]
    fixed = office.run("proof", "--fix", ISSUE_646)
    assert "已改正 3 处" in fixed.stderr
    assert added(office) == PDF_CLEAN
    assert findings(office) == []


def test_text_copied_from_a_pdf_cleaned_on_the_way_in(office, tmp_path):
    path = tmp_path / "pdf.txt"
    path.write_text(PDF_COPY, "utf-8")
    run = office.run("add", ISSUE_646, str(path))
    assert run.code == 0, run.text
    assert "已改正 3 处标点" in run.stderr
    assert added(office) == PDF_CLEAN


def _word_file(path):
    """Half-width punctuation, a comment, tracked changes (insert, delete, move) and a footnote."""
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("德阳市开展志书评审(第一批)").bold = True
    p = doc.add_paragraph("　　4月2日,德阳市地方志办组织专家评审志书.")
    doc.add_comment(p.runs, text="日期请核实", author="李四")
    doc.add_paragraph("　　评审认为:志书资料翔实;体例规范!")
    doc.add_paragraph("　　PLACEHOLDER")
    doc.add_paragraph("（德阳市地方志办）")
    buffer = io.BytesIO()
    doc.save(buffer)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    revised = ('<w:r><w:t xml:space="preserve">会议要求</w:t></w:r>'
               '<w:ins w:id="91" w:author="王五"><w:r><w:t>加快</w:t></w:r></w:ins>'
               '<w:del w:id="92" w:author="王五"><w:r><w:delText>尽快</w:delText></w:r></w:del>'
               '<w:moveFrom w:id="93" w:author="王五"><w:r><w:t>（已移走）</w:t></w:r></w:moveFrom>'
               '<w:r><w:t>推进编纂</w:t></w:r>'
               '<w:moveTo w:id="94" w:author="王五"><w:r><w:t>工作</w:t></w:r></w:moveTo>'
               '<w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t>。</w:t></w:r>')
    footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {w}>'
                 '<w:footnote w:id="1"><w:p><w:r><w:t>据德阳市地方志办统计。</w:t></w:r></w:p></w:footnote>'
                 '</w:footnotes>')
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace('<w:r><w:t xml:space="preserve">\u3000\u3000PLACEHOLDER</w:t></w:r>'.encode(),
                                    revised.encode())
                data = data.replace("<w:r><w:t>\u3000\u3000PLACEHOLDER</w:t></w:r>".encode(), revised.encode())
                assert b"PLACEHOLDER" not in data
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdFn" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/footnotes" '
                                    b'Target="footnotes.xml"/></Relationships>')
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            out.writestr(item, data)
        out.writestr("word/footnotes.xml", footnotes)
    return path


def test_a_word_file_with_half_width_marks_comments_revisions_and_a_footnote(office, tmp_path):
    path = _word_file(tmp_path / "德阳来稿.docx")
    run = office.run("add", ISSUE_646, str(path))
    assert run.code == 0, run.text
    assert added(office) == {
        "title": "德阳市开展志书评审（第一批）",
        "paragraphs": ["4月2日，德阳市地方志办组织专家评审志书。", "评审认为：志书资料翔实；体例规范！",
                       "会议要求加快推进编纂工作。"],
        "source": "德阳市地方志办",
    }
    assert "已改正 7 处标点" in run.stderr
    assert "第 2 段有批注“李四：日期请核实”" in run.stderr
    assert "有脚注或尾注“据德阳市地方志办统计。”：简报不印脚注，没有加入" in run.stderr
    assert "修订（插入 1 处、删除 1 处、移动 1 处）：已按 Word“无标记”视图加入" in run.stderr
    text = (office.root / ISSUE_646).read_text("utf-8")
    lines = text.split("\n")
    at = lines.index("          - 4月2日，德阳市地方志办组织专家评审志书。")
    assert lines[at - 1] == "          # 批注：李四：日期请核实"
    at = lines.index("          - 会议要求加快推进编纂工作。")
    assert lines[at - 1] == "          # 脚注（没有加入）：据德阳市地方志办统计。"


def test_the_same_word_file_kept_as_it_came_gives_its_findings(office, tmp_path):
    path = _word_file(tmp_path / "德阳来稿.docx")
    assert office.run("add", ISSUE_646, str(path), "--keep-text").code == 0
    p1, p2 = "4月2日,", "评审认为:"
    assert findings(office) == [
        (*located(office, "德阳市开展", "("), "半角标点"), (*located(office, "德阳市开展", ")"), "半角标点"),
        (*located(office, p1, ","), "半角标点"), (*located(office, p1, "."), "半角标点"),
        (*located(office, p2, ":"), "半角标点"), (*located(office, p2, ";"), "半角标点"),
        (*located(office, p2, "!"), "半角标点")]


def test_the_same_contribution_twice_is_refused(office, tmp_path):
    path = tmp_path / "微信.txt"
    path.write_text(WECHAT_POST, "utf-8")
    assert office.run("add", ISSUE_646, str(path)).code == 0
    before = (office.root / ISSUE_646).read_bytes()
    again = office.run("add", ISSUE_646, str(path), "--keep-text")  # cleaned or not, it is the same article
    assert again.code == 1
    assert "《好消息！川渝方志馆联盟成立啦🎉》已在 issues/2024/646.yaml 的第2个栏目第2篇" in again.stderr
    assert "同一篇来稿不会加入两次，没有改动" in again.stderr
    assert (office.root / ISSUE_646).read_bytes() == before
    other = office.run("add", ISSUE, str(path), "--dry-run")
    assert other.code == 0
    assert "已在 issues/2024/646.yaml 的第2个栏目第2篇（标题和第一段都相同）：请确认没有重复刊登" in other.stderr


@pytest.mark.parametrize("title", ["川渝方志馆联盟成立啦！", "方志馆联盟成立了吗？", "联盟成立🎉", "好消息！！"])
@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_title_line_ending_in_an_exclamation_or_an_emoji(title, gap):
    from typeset.contributions.shape import shape
    from typeset.contributions.text_source import read_text

    text = f"{title}{gap}　　4月1日，联盟在重庆成立。{gap}　　联盟成员达32家。{gap}来源:省地方志办\n"
    c = shape(read_text(text), "来稿")
    assert c.title == (title,)
    assert [p.text for p in c.body] == ["4月1日，联盟在重庆成立。", "联盟成员达32家。"]
    assert c.source == "省地方志办"


@pytest.mark.parametrize("line, source", [("来源:省地方志办", "省地方志办"), ("来源：省地方志办", "省地方志办"),
                                          ("（来源：德阳市地方志办）", "德阳市地方志办"), ("文/图：张三", "张三"),
                                          ("文／图:李四 王五", "李四 王五")])
def test_source_lines_after_a_url(line, source):
    from typeset.contributions.shape import shape
    from typeset.contributions.text_source import read_text

    text = ("联盟成立\n　　4月1日，“川渝方志馆联盟”在重庆成立，联盟成员单位达到三十二家之多\n"
            "https://mp.weixin.qq.com/s/AbCdEfGhIjKlMnOpQrStUv\n" f"{line}\n点击阅读原文\n")
    c = shape(read_text(text), "来稿")
    assert c.source == source
    assert [p.text for p in c.body] == ["4月1日，“川渝方志馆联盟”在重庆成立，联盟成员单位达到三十二家之多",
                                        "https://mp.weixin.qq.com/s/AbCdEfGhIjKlMnOpQrStUv"]
