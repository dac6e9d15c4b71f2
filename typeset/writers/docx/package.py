"""The package around the text: page set-up, settings, font table, properties.

    package(doc, ctx) → None   (python-docx's default document, made ours in place)

The default template's leftovers go (sample styles' relationships, thumbnail,
custom XML, numbering, its body); the page set-up and document grid of the
layout, the 避头尾 lists and punctuation compression of the composition
settings, the faces by their official names, and the issue's properties come in.
"""

from __future__ import annotations

import datetime as dt

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from ...layout import MM
from .context import Context
from .ooxml import el, put, sub, twips, w

# GB 2312 character set (w:charset) for the East Asian faces in the font table: Word
# looks for a Chinese substitute when the named face is missing.
GB2312 = "86"
_DROP_RELS = (RT.CUSTOM_XML, RT.NUMBERING, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects")
_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def package(doc: Document, ctx: Context) -> None:
    """python-docx's default document → an empty body with our page set-up and parts."""
    _clean(doc)
    _page_setup(doc, ctx)
    _settings(doc, ctx)
    _fonts_table(doc, ctx)
    _properties(doc, ctx)


def _clean(doc: Document) -> None:
    """The template's leftovers: sample styles, thumbnail, custom XML, numbering."""
    rels = doc.part.rels
    for rid, rel in list(rels.items()):
        if rel.reltype in _DROP_RELS:
            rels.pop(rid)
    pkg = doc.part.package.rels
    for rid, rel in list(pkg.items()):
        if rel.reltype == RT.THUMBNAIL:
            pkg.pop(rid)
    body = doc.element.body
    for child in list(body):
        if child.tag != w("sectPr"):
            body.remove(child)


def _page_setup(doc: Document, ctx: Context) -> None:
    lay = ctx.layout
    sect = doc.element.body.sectPr
    width, height = twips(lay.page_width), twips(lay.page_height)
    left, top = twips(lay.margin_left), twips(lay.margin_top)
    text_w, text_h = twips(lay.text_width), twips(lay.text_height)
    pn = lay["page_number"]
    folio_top = lay.margin_top + lay.text_height + pn["below_mm"] * MM
    footer = lay.page_height - folio_top - pn["size"]  # the folio line is one size high
    for tag in ("pgSz", "pgMar", "cols", "docGrid"):
        for old in sect.findall(w(tag)):
            sect.remove(old)
    sub(sect, "w:pgSz", {"w": width, "h": height})
    sub(sect, "w:pgMar", {"top": top, "right": width - left - text_w, "bottom": height - top - text_h,
                          "left": left, "header": max(0, twips(footer)), "footer": max(0, twips(footer)),
                          "gutter": 0})
    sub(sect, "w:cols", {"space": 0})
    # a line grid only: no paragraph snaps to it, and LibreOffice 7.4 breaks spaced text
    # by a character grid (charSpace) even where the paragraph does not snap (README)
    sub(sect, "w:docGrid", {"type": "lines", "linePitch": twips(ctx.pitch)})


def _settings(doc: Document, ctx: Context) -> None:
    settings = doc.settings.element
    s = ctx.settings_at(ctx.layout.body.size)
    put(settings, el("w:characterSpacingControl",
                     {"val": "compressPunctuation" if s.compress_punctuation else "doNotCompress"}))
    # 避头尾 lists of the composition settings, for Simplified Chinese (FORMAT §8)
    put(settings, el("w:noLineBreaksAfter", {"lang": "zh-CN", "val": s.no_end}))
    put(settings, el("w:noLineBreaksBefore", {"lang": "zh-CN", "val": s.no_start}))
    if ctx.composed.series.page_numbers:
        put(settings, el("w:evenAndOddHeaders"))
    put(settings, el("w:themeFontLang", {"val": "en-US", "eastAsia": "zh-CN"}))
    compat = settings.find(w("compat"))
    if compat is not None:
        for setting in compat.findall(w("compatSetting")):
            if setting.get(w("name")) == "compatibilityMode":
                setting.set(w("val"), "15")


def _fonts_table(doc: Document, ctx: Context) -> None:
    """The faces by their official names, each with its first alternative name."""
    table = el("w:fonts")
    seen: set[str] = set()
    for role, spec in ctx.layout.fonts.items():
        name = spec.faces[0]
        if name in seen:
            continue
        seen.add(name)
        font = el("w:font", {"name": name})
        if len(spec.faces) > 1:
            font.append(el("w:altName", {"val": spec.faces[1]}))
        latin = role == "latin"
        font.append(el("w:charset", {"val": "00" if latin else GB2312}))
        font.append(el("w:family", {"val": "roman" if latin else "modern"}))
        font.append(el("w:pitch", {"val": "variable" if latin else "fixed"}))
        table.append(font)
    part = doc.part.part_related_by(RT.FONT_TABLE)
    # python-docx keeps this part as plain bytes
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _properties(doc: Document, ctx: Context) -> None:
    core = doc.core_properties
    when = dt.datetime.combine(ctx.issue.date, dt.time())
    series = ctx.composed.series
    core.title = ctx.composed.title
    core.subject = series.title
    core.author = series.office
    core.last_modified_by = series.office
    core.created = when
    core.modified = when
    core.revision = 1
    core.language = "zh-CN"
    core.comments = ""
    core.keywords = ""
    core.category = ""
    # extended properties: the template's (another program, one page) replaced
    for rel in doc.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            root = etree.Element(f"{{{_EXTENDED}}}Properties", nsmap={None: _EXTENDED})
            for key, value in (("Pages", str(len(ctx.composed.pages))), ("Application", "typeset")):
                etree.SubElement(root, f"{{{_EXTENDED}}}{key}").text = value
            rel.target_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                   standalone=True)
