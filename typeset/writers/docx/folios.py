"""Page numbers: the layout's folio → odd and even footers with a PAGE field.

    folios(doc, ctx) → None   (the document's footers filled in place)

Odd pages flush right, even pages flush left, one character in (FORMAT §7).
"""

from __future__ import annotations

from docx.document import Document

from ...compose import Kind
from .context import Context
from .ooxml import el, field_runs, put, twips
from .runs import runs


def folios(doc: Document, ctx: Context) -> None:
    pn = ctx.layout.page_number
    before, _, after = pn.format.partition("{n}")
    indent = twips(pn.indent_cells * pn.size)
    section = doc.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]._p
        for child in list(p):
            p.remove(child)
        ppr = el("w:pPr")
        put(ppr, el("w:pStyle", {"val": "Folio"}))
        put(ppr, el("w:ind", {side: indent, "firstLine": 0}))
        put(ppr, el("w:jc", {"val": side}))
        p.append(ppr)
        if before:
            p.extend(runs(ctx, before, Kind.FOLIO))
        for r in field_runs("PAGE", "1"):
            p.append(r)
        if after:
            p.extend(runs(ctx, after, Kind.FOLIO))
    doc.settings.odd_and_even_pages_header_footer = True
