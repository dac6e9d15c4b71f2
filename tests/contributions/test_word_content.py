"""Every kind of content a Word file holds is accounted for: what a briefing cannot print
(tables, text boxes, equations, embedded objects, headers and footers, footnotes, comments)
is listed in the add report, never dropped silently."""

from __future__ import annotations

from docx import Document
from docx.oxml import parse_xml

from ..editor_project import BASE, ISSUE

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_what_cannot_be_printed_is_listed(editor, tmp_path):
    editor.write(BASE, ISSUE)
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "德阳市地方志办公室简报"
    doc.add_paragraph("德阳市地方志工作会议召开")
    doc.add_paragraph("　　第一段正文，会议听取了汇报。")
    p = doc.add_paragraph("　　第二段正文，增长率为")
    p._p.append(parse_xml(f'<m:oMath xmlns:m="{M}"><m:r><m:t>x+1</m:t></m:r></m:oMath>'))
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    doc.add_paragraph("　　第三段正文。")
    chunk = parse_xml(f'<w:altChunk xmlns:w="{W}" xmlns:r="{R}" r:id="rId99"/>')
    doc.element.body.insert(len(doc.element.body) - 1, chunk)
    doc.add_paragraph("（德阳市地方志办）")
    path = tmp_path / "来稿.docx"
    doc.save(path)
    run = editor.run("add", ISSUE, str(path))
    assert run.code == 0, run.text
    assert "第 3 段（“第二段正文，增长率为……”）之后有1 个公式：简报不支持公式，没有加入" in run.stderr
    assert "一个表格（2 行 × 2 列，首格“项目”）：简报不支持表格" in run.stderr
    assert "有一段嵌入的其他文档（altChunk）：简报不支持嵌入的其他文档" in run.stderr
    assert "页眉或页脚中的文字（“德阳市地方志办公室简报”）：不是正文，没有加入" in run.stderr
    text = (editor.root / ISSUE).read_text("utf-8")
    assert "# 来稿此处有1 个公式，简报不支持，没有加入" in text
