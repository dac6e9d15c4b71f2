"""`typeset add` end to end: contributions as offices send them added to an issue through the
real CLI, the issue built to PDF and read back with pdftotext — the article prints exactly
the contribution's text (0 characters lost or added) and the editor's comments survive."""

from __future__ import annotations

import difflib
import re
import subprocess

import pytest
from PIL import Image

from typeset.reader.yaml_source import load

from ..conftest import needs, pdf_lines
from ..editor_project import BASE, ISSUE
from . import offices

ISSUE_646 = "issues/2024/646.yaml"
COMMENTED = """\
# 2024 年第 41 期：编辑部的注释
date: 2024-04-02   # 出刊日期
number: 41
total: 646
sections:
  # 本期要闻
  - name: 特别关注   # 栏目
    articles:
      - title: 省地方志办召开党组会议   # 标题的注释
        paragraphs:
          - 4月1日，省地方志办召开党组会议。   # 段落的注释
        source: 省地方志办

  # 各地动态放在后面
  - name: 市州动态
    articles:
      - title: 德阳市地方志办开展业务培训
        paragraphs:
          - 3月29日，德阳市地方志办开展业务培训。
        source: 德阳市地方志办
# 版记
colophon:
  copies: 21   # 份数
"""


@pytest.fixture
def office(editor):
    editor.write(BASE, ISSUE)
    editor.write(COMMENTED, ISSUE_646)
    return editor


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed(editor, after: str, before: str = "信息公开选项") -> str:
    """The PDF's text (whitespace left out) between two marks: one article."""
    run = editor.build(target="646")
    assert run.code == 0, run.text
    text = "".join("".join(page) for page in pdf_lines(editor.out / "646.pdf"))
    start = text.index(squeeze(after)) + len(squeeze(after))
    return text[start:text.index(before, start)]


def only_inserted(before: str, after: str) -> list[str]:
    """The lines added; fails if any line of the original was changed or removed."""
    old, new = before.splitlines(), after.splitlines()
    added = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        assert op in ("equal", "insert"), (op, old[i1:i2], new[j1:j2])
        added += new[j1:j2] if op == "insert" else []
    return added


def last_article(editor, path: str = ISSUE_646) -> dict:
    return load(editor.root / path).data["sections"][-1]["articles"][-1]


def test_word_file_with_one_title_line(office, tmp_path):
    docx, expected = offices.one_line_title(tmp_path)
    run = office.run("add", "646", str(docx), "--section", "市州动态")
    assert run.code == 0, run.text
    assert "已把《阿坝州召开2024年地方志工作会议》加入 issues/2024/646.yaml 的【市州动态】，第 2 篇" in run.stdout
    after = (office.root / ISSUE_646).read_text("utf-8")
    added = only_inserted(COMMENTED, after)
    assert after.index("        source: 德阳市地方志办") < after.index(added[0]) < after.index("# 版记")
    article = last_article(office)
    assert article == {"title": expected[0], "paragraphs": expected[1:-1], "source": "阿坝州地方志办公室"}
    assert printed(office, "（德阳市地方志办）") == squeeze("".join(expected))
    assert office.run("check").code == 0


def test_two_title_lines_picture_headings_and_a_table(office, tmp_path):
    docx, expected = offices.full_report(tmp_path)
    run = office.run("add", "2024-41", str(docx), "--section", "工作动态")
    assert run.code == 0, run.text
    assert "【工作动态】（新栏目）" in run.stdout
    assert "images/646-1.jpg（图题：图为第三轮修志试点工作推进会现场）" in run.stdout
    assert ("警告：" in run.stderr and "第 9 段（“1.完善编纂机制……”）之后有一个表格（3 行 × 2 列，首格“县（市、区）”）"
            in run.stderr and "没有加入" in run.stderr)
    text = (office.root / ISSUE_646).read_text("utf-8")
    only_inserted(COMMENTED, text)
    assert re.search(r"- \{text: 1\.完善编纂机制, level: 3\}\n +# 来稿此处有一个表格（3 行 × 2 列.*没有加入\n"
                     r" +- \{text: （1）建立月报制度, level: 4\}", text)
    data = load(office.root / ISSUE_646).data["sections"][-1]
    article = data["articles"][0]
    assert data["name"] == "工作动态"
    assert article["title"] == expected[:2]
    assert [p.get("level") for p in article["paragraphs"] if isinstance(p, dict) and "text" in p] == [1, 2, 3, 4]
    assert {"image": "images/646-1.jpg", "caption": expected[7]} in article["paragraphs"]
    assert article["source"] == "乐山市地方志办公室"
    with Image.open(office.issues / "images" / "646-1.jpg") as im:
        assert im.format == "JPEG" and im.size == (480, 320)
    assert printed(office, "【工作动态】") == squeeze("".join(expected))
    listed = subprocess.run(["pdfimages", "-list", str(office.out / "646.pdf")], capture_output=True,
                            text=True).stdout
    assert len(listed.splitlines()) == 3  # header, rule, one picture


@needs("soffice")
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_doc_and_wps_saved_by_libreoffice(office, tmp_path, suffix):
    docx, expected = offices.full_report(tmp_path)
    doc = offices.saved_by_libreoffice(docx, suffix)
    run = office.run("add", "646", str(doc))
    assert run.code == 0, run.text
    assert "【市州动态】，第 2 篇" in run.stdout and "表格（3 行 × 2 列" in run.stderr
    article = last_article(office)
    assert article["title"] == expected[:2] and article["source"] == "乐山市地方志办公室"
    assert {"image": "images/646-1.jpg", "caption": expected[7]} in article["paragraphs"]
    assert printed(office, "（德阳市地方志办）") == squeeze("".join(expected))
    only_inserted(COMMENTED, (office.root / ISSUE_646).read_text("utf-8"))


def test_wechat_text_pasted_on_standard_input(office):
    from click.testing import CliRunner

    from typeset.cli import main

    result = CliRunner().invoke(main, ["add", "646", "-", "--section", "特别关注", "--keep-text"],
                                input=offices.WECHAT)
    assert result.exit_code == 0, result.output
    article = load(office.root / ISSUE_646).data["sections"][0]["articles"][-1]
    expected = offices.WECHAT_TEXT
    assert article == {"title": expected[0], "paragraphs": expected[1:-1], "source": "省地方志办"}
    text = (office.root / ISSUE_646).read_text("utf-8")
    added = only_inserted(COMMENTED, text)
    first = text.index(added[0])
    assert text.index("          - 4月1日，省地方志办召开党组会议。") < first < text.index("  # 各地动态")
    assert added[0].strip() == "- title: '#四川方志# 川渝共建方志馆联盟'"
    assert printed(office, "（省地方志办）", before="【市州动态】") == squeeze("".join(expected))


def test_text_file_in_gbk(office, tmp_path):
    path = tmp_path / "来稿.txt"
    path.write_bytes(offices.WECHAT.replace("\n", "\r\n").encode("gb18030"))
    run = office.run("add", ISSUE_646, str(path), "--keep-text")
    assert run.code == 0, run.text
    expected = offices.WECHAT_TEXT
    assert last_article(office) == {"title": expected[0], "paragraphs": expected[1:-1], "source": "省地方志办"}


def test_dry_run_prints_the_article_and_writes_nothing(office, tmp_path):
    docx, expected = offices.full_report(tmp_path)
    before = (office.root / ISSUE_646).read_bytes()
    run = office.run("add", "646", str(docx), "--dry-run")
    assert run.code == 0, run.text
    assert run.stdout.startswith("# 将作为第 2 篇加入 issues/2024/646.yaml 的【市州动态】：\n- title:\n")
    assert f"    - {expected[0]}\n    - {expected[1]}\n  paragraphs:\n" in run.stdout
    assert "{image: images/646-1.jpg, caption: 图为第三轮修志试点工作推进会现场}" in run.stdout
    assert "# 将写出图片 images/646-1.jpg" in run.stdout and "没有改动任何文件" in run.stderr
    assert (office.root / ISSUE_646).read_bytes() == before
    assert not (office.issues / "images").exists()


def test_fills_the_skeleton_of_typeset_new(editor, tmp_path):
    editor.write(BASE, ISSUE)
    assert editor.run("new", "--date", "2024-04-02").code == 0
    path = editor.root / ISSUE_646
    skeleton = path.read_text("utf-8").replace("  copies:                 #", "  copies: 21             #")
    path.write_text(skeleton, "utf-8")
    docx, expected = offices.one_line_title(tmp_path)
    run = editor.run("add", "646", str(docx), "--section", "市州动态")
    assert run.code == 0, run.text
    text = path.read_text("utf-8")
    assert not [line for line in text.splitlines() if '""' in line.split("#")[0]]
    assert "  - name: 市州动态        # 栏目名" in text  # the comment where it stood (a character is two columns)
    assert [line for line in skeleton.splitlines() if line.lstrip().startswith("# ")] == [
        line for line in text.splitlines() if line.lstrip().startswith("# ")]
    assert editor.run("check").code == 0
    assert printed(editor, "【市州动态】") == squeeze("".join(expected))


def test_refuses_an_issue_file_that_does_not_parse(office, tmp_path):
    broken = COMMENTED.replace("    articles:\n      - title: 德阳", "   articles:\n      - title: 德阳")
    path = office.write(broken, ISSUE_646)
    docx, _ = offices.one_line_title(tmp_path)
    run = office.run("add", ISSUE_646, str(docx))
    assert run.code == 1 and run.exception is None
    assert re.search(r"issues/2024/646\.yaml:\d+:\d+: 错误：YAML 格式错误", run.stderr)
    assert path.read_text("utf-8") == broken
    assert not (office.issues / "images").exists()


def test_says_what_to_fix_when_the_result_does_not_pass(office, tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("关于进一步加强全省地方志系统年鉴编纂质量管理工作的情况通报").alignment = 1
    doc.add_paragraph("　　近日，省地方志办对全省年鉴编纂质量进行了抽查。")
    doc.save(tmp_path / "长标题.docx")
    run = office.run("add", "646", str(tmp_path / "长标题.docx"))
    assert run.code == 1 and run.exception is None
    assert re.search(r"issues/2024/646\.yaml:\d+:\d+: 错误：", run.stderr), run.stderr
    assert "文章已加入，但本期还有 1 处需要改正" in run.stderr
    assert last_article(office)["title"] == "关于进一步加强全省地方志系统年鉴编纂质量管理工作的情况通报"


def test_no_title_and_missing_files_are_explained(office, tmp_path):
    body = "　　近日，省地方志办对全省年鉴编纂质量进行了抽查，共抽查年鉴32部，合格率100%。\n"
    (tmp_path / "只有正文.txt").write_text(body, "utf-8")
    run = office.run("add", "646", str(tmp_path / "只有正文.txt"))
    assert run.code == 1 and "找不到标题" in run.stderr
    run = office.run("add", "646", str(tmp_path / "没有这个文件.docx"))
    assert run.code == 1 and "找不到来稿文件" in run.stderr
    run = office.run("add", "700", str(tmp_path / "只有正文.txt"))
    assert run.code == 1 and run.exception is None
    assert (office.root / ISSUE_646).read_text("utf-8") == COMMENTED


def test_a_file_saved_with_bom_and_crlf_keeps_both(office, tmp_path):
    path = office.write(b"\xef\xbb\xbf" + COMMENTED.replace("\n", "\r\n").encode("utf-8"), ISSUE_646)
    docx, _ = offices.one_line_title(tmp_path)
    assert office.run("add", "646", str(docx)).code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + COMMENTED.splitlines()[0].encode("utf-8") + b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"") and raw.count(b"\r\n") > COMMENTED.count("\n")


def test_pictures_in_other_formats_are_converted_to_png(office, tmp_path):
    import io

    from docx import Document

    doc = Document()
    doc.add_paragraph("眉山市地方志办开展“方志进校园”活动").alignment = 1
    doc.add_paragraph("　　4月1日，眉山市地方志办走进东坡小学。")
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (20, 90, 160)).save(buffer, "BMP")
    buffer.seek(0)
    doc.add_picture(buffer)
    doc.add_paragraph("活动现场").alignment = 1
    doc.save(tmp_path / "眉山.docx")
    run = office.run("add", "646", str(tmp_path / "眉山.docx"))
    assert run.code == 0, run.text
    with Image.open(office.issues / "images" / "646-1.png") as im:
        assert im.format == "PNG" and im.size == (300, 200)
    assert last_article(office)["paragraphs"][-1] == {"image": "images/646-1.png", "caption": "活动现场"}
    expected = "眉山市地方志办开展“方志进校园”活动" "4月1日，眉山市地方志办走进东坡小学。" "活动现场"
    assert printed(office, "（德阳市地方志办）") == expected


def test_headings_numbered_by_word(office, tmp_path):
    docx, expected = offices.numbered_headings(tmp_path)
    run = office.run("add", "646", str(docx))
    assert run.code == 0, run.text
    assert last_article(office)["paragraphs"] == [
        {"text": "一、基本情况", "level": 1}, "全市现存旧志12部。", {"text": "二、主要做法", "level": 1},
        {"text": "（一）摸清底数", "level": 2}, {"text": "（二）分类整理", "level": 2}, "按照轻重缓急分批整理。"]
    assert printed(office, "（德阳市地方志办）") == squeeze("".join(expected))


def test_broken_files_and_no_libreoffice_are_explained(office, tmp_path):
    (tmp_path / "坏的.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    run = office.run("add", "646", str(tmp_path / "坏的.docx"))
    assert run.code == 1 and run.exception is None and "已损坏" in run.stderr
    (tmp_path / "旧格式.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    run = office.run("add", "646", str(tmp_path / "旧格式.doc"), env={"PATH": str(tmp_path)})
    assert run.code == 1 and run.exception is None and "需要 LibreOffice" in run.stderr
    assert (office.root / ISSUE_646).read_text("utf-8") == COMMENTED
