"""A Word file (.docx) → blocks, one per paragraph or table of the body, in order.

What is read of each paragraph: its text run by run (hyperlinks, tracked insertions, text
moved to it and content controls included — the text Word shows with “no markup”;
deleted, moved-away and hidden text left out; a tab is a space), its reviewers' comments,
footnotes and endnotes and its tracked changes (for the report), the label
of Word's automatic numbering (一、 …, docx_numbering.py), soft line breaks (Shift+Enter)
as line ends, its alignment, first-line indent, boldness (run, character style and
paragraph style, inherited), style name, and its pictures (inline or floating, the
picture's bytes from the package). A table becomes one block that says what it was; text
boxes are reported, not read.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from ..errors import TypesetError
from .docx_numbering import Numbering
from .model import Block, Image

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
INDENT = " \u3000\t\u00a0"
_CONTENT_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/bmp": "BMP",
                  "image/tiff": "TIFF", "image/x-emf": "EMF", "image/x-wmf": "WMF", "image/webp": "WEBP"}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def read_docx(path: Path, shown: str) -> list[Block]:
    """The body of a .docx file as blocks; TypesetError if it is not a readable Word file."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    again = "请在 Word/WPS 中打开它，另存为“Word 文档（*.docx）”后再加入"
    try:
        document = docx.Document(str(path))
        return _Reader(document).blocks()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, EOFError, NotImplementedError,
            zlib.error) as err:
        raise TypesetError(f"{shown} 已损坏或不是完整的 Word 文件（.docx）（{type(err).__name__}）；{again}") from None
    except (etree.XMLSyntaxError, RecursionError):
        raise TypesetError(f"{shown} 中的文字部分无法读取（XML 有误，或嵌套过深、过大）：这不像 Word 正常保存的文件；"
                           f"{again}") from None
    except TypesetError:
        raise
    except Exception as err:  # an untrusted file: whatever else breaks, say it of the file
        raise TypesetError(f"{shown} 的结构异常，无法读取（{type(err).__name__}）；{again}") from None


_NOTES = {"comments": "comment", "footnotes": "footnote", "endnotes": "endnote"}


def _notes(part) -> dict[str, dict[str, str]]:
    """The package's comments, footnotes and endnotes: kind → id → text (comments: 作者：文字)."""
    from lxml import etree

    out: dict[str, dict[str, str]] = {kind: {} for kind in _NOTES.values()}
    for rel in part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind not in _NOTES or rel.is_external:
            continue
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            root = etree.fromstring(rel.target_part.blob, parser)
        except etree.XMLSyntaxError:
            continue
        for item in root.iter(w(_NOTES[kind])):
            text = "".join(t.text or "" for t in item.iter(w("t"))).strip()
            author = item.get(w("author"), "")
            out[_NOTES[kind]][item.get(w("id"), "")] = f"{author}：{text}" if author else text
    return out


class _Reader:
    def __init__(self, document) -> None:
        self.doc = document
        self.part = document.part
        self.count = 0  # text paragraphs seen so far
        self.numbering = Numbering(document)
        self.notes = _notes(self.part)

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        self._walk(self.doc.element.body, out)
        margins = self._headers_and_footers()
        if margins:
            out.append(Block((), table=margins, number=self.count))
        return out

    def _headers_and_footers(self) -> str:
        """The text of the headers and footers (页眉、页脚): not an article's, but said."""
        texts: list[str] = []
        for section in self.doc.sections:
            for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
                try:
                    if part.is_linked_to_previous:
                        continue
                    text = "".join(t.text or "" for t in part._element.iter(w("t"))).strip()
                except (KeyError, ValueError, AttributeError):
                    continue
                if text and text not in texts:
                    texts.append(text)
        if not texts:
            return ""
        return f"页眉或页脚中的文字（“{'”“'.join(t[:20] for t in texts[:3])}”）"

    def _walk(self, parent, out: list[Block]) -> None:
        for child in parent:
            if child.tag == w("p"):
                out.extend(self._paragraph(child))
            elif child.tag == w("tbl"):
                out.append(Block((), table=_describe_table(child), number=self.count))
            elif child.tag == w("altChunk"):  # a whole other document (HTML, RTF, .docx) pasted in
                out.append(Block((), table="一段嵌入的其他文档（altChunk）", number=self.count))
            elif child.tag == w("sdt"):  # a content control around paragraphs
                content = child.find(w("sdtContent"))
                if content is not None:
                    self._walk(content, out)

    def _paragraph(self, p) -> list[Block]:
        from docx.text.paragraph import Paragraph

        para = Paragraph(p, self.doc)
        style = para.style
        lines: list[str] = [""]
        bold_chars = plain_chars = 0
        images: list[Image] = []
        boxes = 0
        for run in _runs(p):
            if _hidden(run):
                continue
            bold = _run_bold(run, para)
            for node in run:
                tag = node.tag
                if tag == w("t"):
                    lines[-1] += node.text or ""
                    count = len((node.text or "").strip())
                    if bold:
                        bold_chars += count
                    else:
                        plain_chars += count
                elif tag == w("tab"):
                    lines[-1] += " "
                elif tag in (w("br"), w("cr")):
                    lines.append("")
                elif tag == w("noBreakHyphen"):
                    lines[-1] += "-"
                elif tag in (w("drawing"), w("pict"), f"{{{MC}}}AlternateContent", w("object")):
                    found, box = self._pictures(node)
                    images += found
                    boxes += box
        lines = [line.replace("\u00a0", " ") for line in lines]
        label = self.numbering.label(p, style)
        if label and any(line.strip(INDENT) for line in lines):  # 一、 typed by Word, not the author
            lines[0] = label + lines[0].lstrip(INDENT)
        if any(line.strip(INDENT) for line in lines):
            self.count += 1
        indented_by_format = _first_line_indent(p, style)
        centred, right = _alignment(para)
        blocks: list[Block] = []
        # A soft line break followed by an indented line starts a new paragraph in effect
        # (authors who press Shift+Enter and then type 　　).
        groups: list[list[str]] = [[]]
        for i, line in enumerate(lines):
            if i and _is_indented(line) and line.strip(INDENT) and not centred and any(
                    x.strip(INDENT) for x in groups[-1]):
                groups.append([])
            groups[-1].append(line)
        comments = tuple(self.notes["comment"].get(c.get(w("id"), ""), "（批注）")
                         for c in p.iter(w("commentReference")))
        footnotes = tuple(self.notes[kind].get(ref.get(w("id"), ""), "")
                          for kind in ("footnote", "endnote") for ref in p.iter(w(f"{kind}Reference")))
        revisions = (sum(1 for _ in p.iter(w("ins"))), sum(1 for _ in p.iter(w("del"))),
                     sum(1 for _ in p.iter(w("moveTo"))))
        for k, group in enumerate(groups):
            first = next((x for x in group if x.strip(INDENT)), "")
            blocks.append(Block(
                lines=tuple(x.strip(INDENT) for x in group),
                centred=centred, right=right,
                bold=bold_chars > 0 and plain_chars == 0,
                indented=_is_indented(first) or indented_by_format,
                style=(style.name or "").lower() if style is not None else "",
                images=tuple(images) if k == len(groups) - 1 else (),
                number=self.count,
                comments=comments if k == 0 else (),
                footnotes=footnotes if k == 0 else (),
                revisions=revisions if k == 0 else (0, 0, 0),
            ))
        if boxes:
            blocks.append(Block((), table=f"{boxes} 个文本框", number=self.count))
        for what in _other_content(p):
            blocks.append(Block((), table=what, number=self.count))
        return blocks

    def _pictures(self, node) -> tuple[list[Image], int]:
        """The pictures in a drawing / VML picture / alternate content, and its text boxes."""
        if node.tag == f"{{{MC}}}AlternateContent":  # the same content twice: take one
            choice = node.find(f"{{{MC}}}Choice")
            fallback = node.find(f"{{{MC}}}Fallback")
            node = choice if choice is not None and len(choice) else fallback
            if node is None:
                return [], 0
        ids = [b.get(f"{{{R}}}embed") or b.get(f"{{{R}}}link") for b in node.iter(f"{{{A}}}blip")]
        ids += [d.get(f"{{{R}}}id") for d in node.iter(f"{{{V}}}imagedata")]
        boxes = sum(1 for _ in node.iter(f"{{{WPS}}}txbx")) + sum(1 for _ in node.iter(f"{{{V}}}textbox"))
        images = []
        for rid in ids:
            part = self.part.related_parts.get(rid) if rid else None
            if part is None:
                images.append(Image(b"", "LINK", rid or ""))
                continue
            images.append(Image(part.blob, _format(part.blob, part.content_type), str(part.partname)))
        return images, boxes


M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_GRAPHICS = {"chart": "图表", "chartex": "图表", "diagram": "SmartArt 图形", "lockedCanvas": "绘图画布"}


def _other_content(p) -> list[str]:
    """What else Word can hold in a paragraph and a briefing cannot print: equations, charts,
    SmartArt, embedded objects without a picture (each said, never dropped silently)."""
    found: list[str] = []
    maths = sum(1 for _ in p.iter(f"{{{M}}}oMath"))
    if maths:
        found.append(f"{maths} 个公式")
    for data in p.iter(f"{{{A}}}graphicData"):
        kind = _GRAPHICS.get(data.get("uri", "").rsplit("/", 1)[-1])
        if kind:
            found.append(f"一个{kind}")
    if any(True for _ in p.iter(w("subDoc"))):
        found.append("一个子文档链接")
    for obj in p.iter(w("object")):
        if not any(True for _ in obj.iter(f"{{{V}}}imagedata")):
            found.append("一个嵌入对象")
    return found


def _runs(p):
    """The runs of a paragraph in order, also those inside hyperlinks, insertions, smart tags,
    content controls and simple fields."""
    for child in p:
        tag = child.tag
        if tag == w("r"):
            yield child
        elif tag in (w("hyperlink"), w("ins"), w("moveTo"), w("smartTag"), w("fldSimple"), w("customXml")):
            yield from _runs(child)
        elif tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _runs(content)


def _hidden(run) -> bool:
    rpr = run.find(w("rPr"))
    vanish = rpr.find(w("vanish")) if rpr is not None else None
    return vanish is not None and vanish.get(w("val"), "true") not in ("0", "false", "off")


def _run_bold(run, para) -> bool:
    from docx.text.run import Run

    r = Run(run, para)
    if r.font.bold is not None:
        return bool(r.font.bold)
    style = r.style if r.style is not None and r.style.name != "Default Paragraph Font" else None
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    style = para.style
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _alignment(para) -> tuple[bool, bool]:
    from docx.enum.text import WD_ALIGN_PARAGRAPH as ALIGN

    value = para.paragraph_format.alignment
    style = para.style
    while value is None and style is not None:
        value = style.paragraph_format.alignment
        style = style.base_style
    return value == ALIGN.CENTER, value == ALIGN.RIGHT


def _first_line_indent(p, style) -> bool:
    ind = p.find(f"{w('pPr')}/{w('ind')}")
    while ind is None and style is not None:
        ind = style.element.find(f"{w('pPr')}/{w('ind')}")
        style = style.base_style
    if ind is None:
        return False
    for key in ("firstLine", "firstLineChars"):
        try:
            if int(ind.get(w(key), "0")) > 0:
                return True
        except ValueError:
            pass
    return False


def _is_indented(line: str) -> bool:
    return line.startswith(("\u3000", "  ", "\t", "\u00a0\u00a0"))


def _describe_table(tbl) -> str:
    rows = tbl.findall(w("tr"))
    cols = max((len(r.findall(w("tc"))) for r in rows), default=0)
    first = ""
    for t in tbl.iter(w("t")):
        if t.text and t.text.strip():
            first = t.text.strip()[:12]
            break
    return f"一个表格（{len(rows)} 行 × {cols} 列{f'，首格“{first}”' if first else ''}）"


def _format(data: bytes, content_type: str) -> str:
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with PILImage.open(io.BytesIO(data)) as im:
            return im.format or _CONTENT_TYPES.get(content_type, "?")
    except (UnidentifiedImageError, OSError, ValueError, PILImage.DecompressionBombError):
        return _CONTENT_TYPES.get(content_type, "?")
