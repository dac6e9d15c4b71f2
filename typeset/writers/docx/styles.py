"""Named styles, one per role, generated from the layout (no reference Word file).

    build_styles(styles_element, spec)

Body text is Word's default paragraph style (`Normal`, shown as 正文 in a
Chinese Word): what an editor types continues as body text, and changing
正文 changes every article. The other roles (栏目, 文章标题, 来源, 版记,
报头, 期号 …) are styles of their own. Every run property names its faces
outright on `w:rFonts` (East Asian face = the layout's official name, Latin
face = the `latin` role): no theme fonts, so Word and WPS never fall back.

Every paragraph sets exact line spacing and opts out of the document grid's
snapping (`w:snapToGrid` 0): the grid (22 × 28) stays in the page set-up, but
each program then places lines at the layout's pitch and breaks them by the
composer's metrics (condensed characters, Latin widths) instead of its own
grid arithmetic, which Word and LibreOffice do differently.

Condensed text (the composer takes `condense` pt from every character) is
written as character spacing (w:spacing, 字符间距 紧缩), as an office's template
does: Word sets every character at the composer's advance. LibreOffice drops
the spacing of the last character of each text portion; fitting.py keeps the
composer's breaks there.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .ooxml import eighths, el, fonts, half_points, on_off, put, sub, twips

# Style ids (ASCII, stable) → display names. Word shows `Normal` as 正文 in Chinese.
BODY = "Normal"
NAMES = {
    BODY: "Normal",
    "Mark": "标识",
    "Masthead": "报头",
    "IssueNumber": "期号",
    "Office": "发文机关",
    "Section": "栏目",
    "ArticleTitle": "文章标题",
    "Level1": "一级标题",
    "Level2": "二级标题",
    "Level3": "三级标题",
    "Level4": "四级标题",
    "Source": "来源",
    "Figure": "图片",
    "FigureCaption": "图片说明",
    "Colophon": "版记",
    "ColophonGroup": "版记名单首行",  # 报：/送：/发： and the first name, hanging under the label
    "ColophonName": "版记名单",  # a further name: under the names (what Enter after a name gives)
    "Folio": "页码",
    "Latin": "西文字符",  # character style: digits, letters, curly quotes … in the Latin face
}


@dataclass(frozen=True)
class Faces:
    """Official face names by role (`faces[0]` of each role in the layout)."""

    by_role: dict[str, str]
    latin: str

    def of(self, role: str) -> str:
        return self.by_role[role]


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style; None leaves a property to the style it is based on."""

    id: str
    font: str | None = None  # role
    size: float | None = None
    color: str | None = None  # hex
    bold: bool | None = None
    condense: float | None = None  # pt taken from each character
    align: str | None = None  # both, center, right, left, distribute
    first_line: tuple[float, int] | None = None  # (pt, hundredths of a character)
    line: float | None = None  # exact line height, pt
    before: float | None = None
    after: float | None = None
    keep_next: bool = False
    keep_lines: bool = False
    outline: int | None = None  # outline level 0–8 (navigation pane)
    autospace: bool | None = None  # Word's spacing between Chinese and Latin text/digits
    based_on: str | None = None
    tabs: tuple[tuple[str, float], ...] = ()  # (alignment, position pt)
    border_bottom: tuple[float, str, float] | None = None  # (width pt, hex colour, space pt)
    indent: tuple[float, float, float] | None = None  # (left, hanging, right) pt
    next: str | None = None  # the style Enter at a paragraph's end gives (default: the body's)


@dataclass(frozen=True)
class Paragraphing:
    """Chinese paragraph settings (FORMAT §8) for the document defaults."""

    autospace: bool
    hang: bool


def run_properties(faces: Faces, role: str | None = None, size: float | None = None,
                   color: str | None = None, bold: bool | None = None,
                   condense: float | None = None) -> etree._Element:
    rpr = el("w:rPr")
    if role is not None:
        put(rpr, fonts(faces.of(role), faces.latin))
    if bold is not None:
        put(rpr, on_off("w:b", bold))
        put(rpr, on_off("w:bCs", bold))
    if color is not None:
        sub(rpr, "w:color", {"val": color})
    if condense and size:
        sub(rpr, "w:spacing", {"val": -twips(condense)})
    if size is not None:
        sub(rpr, "w:sz", {"val": half_points(size)})
        sub(rpr, "w:szCs", {"val": half_points(size)})
    return rpr


def scale_of(advance: float, natural: float) -> int:
    """Character width scale (w:w, percent) that sets a glyph of `natural` advance at `advance`."""
    return max(1, min(600, round(100 * advance / natural)))


def paragraph_properties(spec: StyleSpec) -> etree._Element:
    ppr = el("w:pPr")
    if spec.keep_next:
        sub(ppr, "w:keepNext")
    if spec.keep_lines:
        sub(ppr, "w:keepLines")
    if spec.border_bottom:
        width, color, space = spec.border_bottom
        put(ppr, el("w:pBdr", children=[el("w:bottom", {
            "val": "single", "sz": eighths(width), "space": round(space), "color": color})]))
    if spec.tabs:
        put(ppr, el("w:tabs", children=[el("w:tab", {"val": a, "pos": twips(p)})
                                        for a, p in spec.tabs]))
    if spec.autospace is not None:
        put(ppr, on_off("w:autoSpaceDE", spec.autospace))
        put(ppr, on_off("w:autoSpaceDN", spec.autospace))
    spacing: dict[str, str | int | float] = {}
    if spec.before is not None:
        spacing["before"] = twips(spec.before)
    if spec.after is not None:
        spacing["after"] = twips(spec.after)
    if spec.line is not None:
        spacing.update(line=twips(spec.line), lineRule="exact")
    if spacing:
        sub(ppr, "w:spacing", spacing)
    if spec.indent is not None:
        left, hanging, right = spec.indent
        sub(ppr, "w:ind", {"left": twips(left), "right": twips(right),
                           **({"hanging": twips(hanging)} if hanging else {"firstLine": 0})})
    elif spec.first_line is not None:
        pt, chars = spec.first_line
        sub(ppr, "w:ind", {"firstLine": twips(pt), "firstLineChars": chars}
            if pt else {"firstLine": 0, "firstLineChars": 0})
    if spec.align:
        sub(ppr, "w:jc", {"val": spec.align})
    if spec.outline is not None:
        sub(ppr, "w:outlineLvl", {"val": spec.outline})
    return ppr


def _style(spec: StyleSpec, faces: Faces, default: bool = False) -> etree._Element:
    s = el("w:style", {"type": "paragraph", "styleId": spec.id})
    if default:
        s.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}default", "1")
    put(s, el("w:name", {"val": NAMES[spec.id]}))
    if spec.based_on:
        put(s, el("w:basedOn", {"val": spec.based_on}))
    put(s, el("w:next", {"val": spec.next or BODY}))
    put(s, el("w:qFormat"))
    ppr = paragraph_properties(spec)
    if len(ppr):
        put(s, ppr)
    rpr = run_properties(faces, spec.font, spec.size, spec.color, spec.bold, spec.condense)
    if len(rpr):
        put(s, rpr)
    return s


def _defaults(faces: Faces, body_font: str, size: float, line: float,
              chinese: Paragraphing) -> etree._Element:
    """w:docDefaults: the faces, the size, and the Chinese paragraph settings of FORMAT §8."""
    rpr = run_properties(faces, body_font, size)
    put(rpr, el("w:kern", {"val": 0}))  # no pair kerning: the composer sets marks at full cells
    # Latin text in English: LibreOffice breaks digit runs by the Latin language's rules
    put(rpr, el("w:lang", {"val": "en-US", "eastAsia": "zh-CN", "bidi": "ar-SA"}))
    ppr = el("w:pPr")
    put(ppr, on_off("w:widowControl", False))  # FORMAT §8: pages fill, widows allowed
    put(ppr, on_off("w:kinsoku", True))  # 避头尾 by the lists in settings
    if not chinese.hang:
        # Word reads 0 as "do not hang"; LibreOffice reads this element inverted, so it
        # is written only when hanging is off (absent: both programs hang).
        put(ppr, on_off("w:overflowPunct", False))
    put(ppr, on_off("w:autoSpaceDE", chinese.autospace))
    put(ppr, on_off("w:autoSpaceDN", chinese.autospace))
    put(ppr, on_off("w:adjustRightInd", False))
    put(ppr, on_off("w:snapToGrid", False))
    sub(ppr, "w:spacing", {"before": 0, "after": 0, "line": twips(line), "lineRule": "exact"})
    return el("w:docDefaults", children=[
        el("w:rPrDefault", children=[rpr]),
        el("w:pPrDefault", children=[ppr]),
    ])


def build_styles(root: etree._Element, specs: list[StyleSpec], faces: Faces, body_font: str,
                 body_size: float, pitch: float, chinese: Paragraphing) -> None:
    """Replace the template's styles with the layout's: defaults, one style per role."""
    for child in list(root):
        root.remove(child)
    root.append(_defaults(faces, body_font, body_size, pitch, chinese))
    for spec in specs:
        root.append(_style(spec, faces, default=spec.id == BODY))
    latin = el("w:style", {"type": "character", "styleId": "Latin"})
    put(latin, el("w:name", {"val": NAMES["Latin"]}))
    put(latin, el("w:qFormat"))
    latin_rpr = el("w:rPr")
    put(latin_rpr, fonts(faces.latin, faces.latin))
    put(latin, latin_rpr)
    root.append(latin)
    root.append(_plain("character", "DefaultParagraphFont", "Default Paragraph Font", default=True))
    table = _plain("table", "TableNormal", "Normal Table", default=True)
    tblpr = el("w:tblPr", children=[el("w:tblInd", {"w": 0, "type": "dxa"}), el("w:tblCellMar", children=[
        el("w:top", {"w": 0, "type": "dxa"}), el("w:left", {"w": 0, "type": "dxa"}),
        el("w:bottom", {"w": 0, "type": "dxa"}), el("w:right", {"w": 0, "type": "dxa"})])])
    put(table, tblpr)
    root.append(table)
    root.append(_plain("numbering", "NoList", "No List", default=True))


def _plain(kind: str, style_id: str, name: str, default: bool = False) -> etree._Element:
    s = el("w:style", {"type": kind, "styleId": style_id})
    if default:
        s.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}default", "1")
    put(s, el("w:name", {"val": name}))
    put(s, el("w:uiPriority", {"val": 99}))
    put(s, el("w:semiHidden"))
    put(s, el("w:unhideWhenUsed"))
    return s
