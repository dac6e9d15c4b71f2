"""Contributions made the way city and county offices send them: Word files written with
python-docx (centred bold titles, 　　-indented paragraphs, Shift+Enter line breaks,
pictures with captions, headings, tables), a .doc saved by LibreOffice, WeChat text.

Each maker returns the file and the text the article must print: title lines,
paragraphs, captions and the source in parentheses, in reading order."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from PIL import Image


def _title(doc, lines: list[str]) -> None:
    for line in lines:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = True


def _photo(colour: tuple[int, int, int]) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (480, 320), colour).save(buffer, "JPEG")
    buffer.seek(0)
    return buffer


def one_line_title(folder: Path) -> tuple[Path, list[str]]:
    """A short news item: one centred bold title line, 　　 paragraphs (one broken with
    Shift+Enter), an empty paragraph, the source in parentheses on the last line."""
    doc = Document()
    _title(doc, ["阿坝州召开2024年地方志工作会议"])
    doc.add_paragraph("")
    doc.add_paragraph("　　3月28日，阿坝州召开2024年地方志工作会议，总结2023年工作，安排部署2024年重点任务。")
    p = doc.add_paragraph("　　会议指出，全州地方志系统要坚持“三个服务”，")
    p.add_run().add_break()
    p.add_run("扎实推进《阿坝自然灾异志》编纂。")
    doc.add_paragraph("")
    doc.add_paragraph("  会议要求，各县（市）要按照“一年一鉴”要求，确保年鉴按时出版。")
    doc.add_paragraph("（阿坝州地方志办公室）")
    path = folder / "阿坝州来稿.docx"
    doc.save(path)
    return path, ["阿坝州召开2024年地方志工作会议",
                  "3月28日，阿坝州召开2024年地方志工作会议，总结2023年工作，安排部署2024年重点任务。",
                  "会议指出，全州地方志系统要坚持“三个服务”，扎实推进《阿坝自然灾异志》编纂。",
                  "会议要求，各县（市）要按照“一年一鉴”要求，确保年鉴按时出版。",
                  "（阿坝州地方志办公室）"]


def full_report(folder: Path) -> tuple[Path, list[str]]:
    """A longer report: a two-line centred bold title, headings 一、（一）1.（1）, a picture
    with a centred caption under it, a table, 供稿： at the end."""
    doc = Document()
    _title(doc, ["乐山市地方志办", "扎实推进第三轮修志试点工作"])
    doc.add_paragraph("　　今年以来，乐山市地方志办聚焦主责主业，扎实推进第三轮修志试点。")
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph("　　全市11个县（市、区）均已完成试点方案编制。")
    doc.add_paragraph("（一）强化组织领导")
    doc.add_paragraph("　　成立工作专班，定期召开推进会。")
    doc.add_picture(_photo((180, 40, 40)), width=Cm(12))
    caption = doc.add_paragraph("图为第三轮修志试点工作推进会现场")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("1.完善编纂机制")
    table = doc.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("县（市、区）", "进度"), ("市中区", "80%"), ("五通桥区", "75%")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    doc.add_paragraph("（1）建立月报制度")
    doc.add_paragraph("　　各承编单位每月报送编纂进度。")
    doc.add_paragraph("供稿：乐山市地方志办公室")
    path = folder / "乐山市来稿.docx"
    doc.save(path)
    return path, ["乐山市地方志办", "扎实推进第三轮修志试点工作",
                  "今年以来，乐山市地方志办聚焦主责主业，扎实推进第三轮修志试点。",
                  "一、总体情况", "全市11个县（市、区）均已完成试点方案编制。",
                  "（一）强化组织领导", "成立工作专班，定期召开推进会。",
                  "图为第三轮修志试点工作推进会现场", "1.完善编纂机制", "（1）建立月报制度",
                  "各承编单位每月报送编纂进度。", "（乐山市地方志办公室）"]


WECHAT = """\
#四川方志# 川渝共建方志馆联盟

　　4月1日，“川渝方志馆联盟”在重庆成立。#地方志# 【重要】联盟成员单位达32家。

"方志+文旅"成为新亮点: 多地推出“跟着方志去旅行”线路。

'存史、育人、资政'是地方志的基本功能。

　　下一步，联盟将围绕“共建、共享、共赢”开展合作。

来源：省地方志办
"""
WECHAT_TEXT = ["#四川方志# 川渝共建方志馆联盟",
               "4月1日，“川渝方志馆联盟”在重庆成立。#地方志# 【重要】联盟成员单位达32家。",
               "\"方志+文旅\"成为新亮点: 多地推出“跟着方志去旅行”线路。",
               "'存史、育人、资政'是地方志的基本功能。",
               "下一步，联盟将围绕“共建、共享、共赢”开展合作。", "（省地方志办）"]


def saved_by_libreoffice(docx: Path, suffix: str = ".doc") -> Path:
    """The .docx opened and saved as Word 97–2003 by LibreOffice, as an office machine would."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    out = docx.parent / "doc"
    profile = docx.parent / "lo-profile"
    subprocess.run([program, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to",
                    "doc:MS Word 97", "--outdir", str(out), str(docx)], check=True, capture_output=True,
                   timeout=180)
    made = out / (docx.stem + ".doc")
    return made.rename(made.with_suffix(suffix))


NUMBERING = """\
<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>"""


def numbered_headings(folder: Path) -> tuple[Path, list[str]]:
    """Headings numbered by Word (一、 （一） from a list definition), not typed."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    doc = Document()
    _title(doc, ["自贡市推进旧志整理工作"])
    root = doc.part.numbering_part.element
    root.insert(0, parse_xml(NUMBERING))
    root.append(parse_xml('<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                          'w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        p = doc.add_paragraph(text)
        num = parse_xml('<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                        f'<w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        p._p.get_or_add_pPr().insert(0, num)
        assert p._p.pPr.find(qn("w:numPr")) is not None

    numbered("基本情况", 0)
    doc.add_paragraph("　　全市现存旧志12部。")
    numbered("主要做法", 0)
    numbered("摸清底数", 1)
    numbered("分类整理", 1)
    doc.add_paragraph("　　按照轻重缓急分批整理。")
    path = folder / "自贡.docx"
    doc.save(path)
    return path, ["自贡市推进旧志整理工作", "一、基本情况", "全市现存旧志12部。", "二、主要做法", "（一）摸清底数",
                  "（二）分类整理", "按照轻重缓急分批整理。"]
