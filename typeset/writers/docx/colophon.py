"""The colophon (版记): its composed rows → a floating one-column table and its anchor.

    colophon(ctx) → [w:tbl, w:p]

One row per colophon row, the rules as the rows' bottom borders, rows that
never split. The table floats bottom-aligned on the page (w:tblpYSpec="bottom",
ECMA-376 §17.4.58), closed by a spacer row as high as the page's foot below
the composer's last row, so that its last rule stands on the bottom edge of the
text block and the table grows upward when an editor adds a recipient line; the
body wraps around it (above it) and the table follows its anchor, the paragraph
after it, to the last page. Across: from the page edge (LibreOffice floats a
full-width table only so).
"""

from __future__ import annotations

from lxml import etree

from ...compose import RECIPIENT_PARTS, Kind, Part, TextLine
from .context import Context
from .fitting import fitted
from .ooxml import eighths, el, on_off, paragraph, props, put, tab_run, twips
from .runs import runs
from .styles import BODY


def colophon(ctx: Context) -> list[etree._Element]:
    c = ctx.layout.colophon
    col = ctx.issue.colophon
    cp = ctx.plan.colophon
    pitch = c.line_pitch
    width = ctx.measure
    thick, thin, bottom = cp.rules[Part.THICK], cp.rules[Part.THIN], cp.rules[Part.BOTTOM]
    recipients = cp.recipient_lines
    printer, copies = cp.imprint, cp.copies
    base_x = min((t.x for t in recipients), default=0.0)

    rows: list[etree._Element] = []
    disclosure = paragraph("Colophon", _natural())
    disclosure.extend(runs(ctx, c.labels.disclosure + col.disclosure, Kind.COLOPHON))
    rows.append(_row([disclosure], 1, pitch, width, bottom=("single", thick.thickness)))

    paragraphs = []
    groups = zip(RECIPIENT_PARTS, (col.recipients.superiors, col.recipients.peers,
                                   col.recipients.subordinates), strict=True)
    size = ctx.sizes[Kind.COLOPHON]
    own = ctx.condense.get(Kind.COLOPHON, 0.0)
    style_lw = recipient_indent(ctx)[1]
    for part, names in groups:
        if not names:
            continue
        label: str = getattr(c.labels, part.value)
        held_by_name = cp.recipients[part]
        lw = _label_width(held_by_name[0][0])
        for i, (name, held) in enumerate(zip(names, held_by_name, strict=True)):
            text = (label if i == 0 else "") + name
            # the composer's breaks, at the DOCX's advances
            fit = fitted(text, held, ctx.settings_at(size), size, own, -lw if i == 0 else 0.0,
                         width - 2 * base_x - lw, edge=width - base_x, start=len(label) if i == 0 else 0)
            ind = [] if abs(lw - style_lw) < 0.01 else [el("w:ind", {  # a label of another width
                "left": twips(base_x + lw), "right": twips(base_x),
                **({"hanging": twips(lw)} if i == 0 else {"firstLine": 0})})]
            p = paragraph("ColophonGroup" if i == 0 else "ColophonName", ind)  # recipient_indent
            p.extend(runs(ctx, text, Kind.COLOPHON, fit=fit))
            paragraphs.append(p)
    rows.append(_row(paragraphs, max(1, len(recipients)), pitch, width,
                     bottom=("single", thin.thickness), grow=True))

    date_end = printer.x + max(u.x + u.width for u in printer.units)
    p = paragraph("Colophon", [
        *_natural(),
        el("w:tabs", children=[el("w:tab", {"val": "right", "pos": twips(date_end)})]),
        el("w:ind", {"left": twips(printer.x), "right": twips(width - date_end), "firstLine": 0}),
    ])
    p.extend(runs(ctx, col.printer, Kind.COLOPHON))
    p.append(tab_run())
    p.extend(runs(ctx, _tail(printer, col.printer), Kind.COLOPHON))
    rows.append(_row([p], 1, pitch, width, bottom=("single", bottom.thickness)))
    if copies is not None:
        right = width - (copies.x + max(u.x + u.width for u in copies.units))
        p = paragraph("Colophon", [*_natural(), el("w:ind", {"right": twips(right), "firstLine": 0}),
                                   el("w:jc", {"val": "right"})])
        p.extend(runs(ctx, copies.text, Kind.COLOPHON))
        rows.append(_row([p], 1, pitch, width))
    # the page's foot under the composer's last row, so that the bottom-aligned table
    # puts its last rule where the composer did
    below = (1 if copies is not None else 0) * pitch
    foot = ctx.layout.page_height - (ctx.layout.margin_top + bottom.y) - below
    rows.append(_row([paragraph("Colophon")], 1, foot, width))
    return [_table(ctx, rows), _anchor(ctx)]


def recipient_indent(ctx: Context) -> tuple[float, float, float]:
    """(left, hanging, right) of the recipients' paragraphs, pt: the names stand where the
    composer set them, after the label (报：) that hangs in the first line of each group."""
    cp = ctx.plan.colophon
    lines = cp.recipient_lines
    base_x = min((t.x for t in lines), default=0.0)
    firsts = [names[0][0] for part in RECIPIENT_PARTS if (names := cp.recipients.get(part))]
    lw = _label_width(firsts[0]) if firsts else 0.0
    return base_x + lw, lw, base_x


def _natural() -> list[etree._Element]:
    """A line the composer set at natural widths: no Chinese/Latin auto-spacing."""
    return [on_off("w:autoSpaceDE", False), on_off("w:autoSpaceDN", False)]


def _label_width(line: TextLine) -> float:
    """Width of the 报：/送：/发： label that opens a composed colophon line (the units
    before the name's text)."""
    return max(u.x + u.width for u in line.units if u.at < 0) - line.units[0].x


def _tail(line: TextLine, head: str) -> str:
    """The imprint line after the printer `head`: the print date the composer set after it."""
    return "".join(u.text for u in line.units if u.at >= len(head)).strip()


def _row(paragraphs: list[etree._Element], lines: int, pitch: float, width: float,
         bottom: tuple[str, float] | None = None, grow: bool = False) -> etree._Element:
    """A table row of one cell, `lines` high; `grow`: at least so high, for text that a
    program might break into more lines than the composer (never hidden)."""
    tr = el("w:tr")
    trpr = el("w:trPr")
    trpr.append(el("w:cantSplit"))
    trpr.append(el("w:trHeight", {"val": twips(lines * pitch),
                                  "hRule": "atLeast" if grow else "exact"}))
    tr.append(trpr)
    tc = el("w:tc")
    tcpr = el("w:tcPr")
    put(tcpr, el("w:tcW", {"w": twips(width), "type": "dxa"}))
    if bottom:
        style, thickness = bottom
        put(tcpr, el("w:tcBorders", children=[el("w:bottom", {
            "val": style, "sz": eighths(thickness), "space": 0, "color": "auto"})]))
    tc.append(tcpr)
    for p in paragraphs:
        tc.append(p)
    tr.append(tc)
    return tr


def _table(ctx: Context, rows: list[etree._Element]) -> etree._Element:
    """A floating one-column table at the foot of the page, growing upward; rows never
    split. Horizontally from the page edge at the text block's left margin."""
    width = twips(ctx.measure)
    tbl = el("w:tbl")
    tblpr = el("w:tblPr")
    put(tblpr, el("w:tblpPr", {
        "leftFromText": 0, "rightFromText": 0, "topFromText": 0, "bottomFromText": 0,
        "vertAnchor": "page", "horzAnchor": "page",
        "tblpX": twips(ctx.layout.margin_left), "tblpYSpec": "bottom"}))
    put(tblpr, el("w:tblOverlap", {"val": "never"}))
    put(tblpr, el("w:tblW", {"w": width, "type": "dxa"}))
    put(tblpr, el("w:tblBorders", children=[
        el(f"w:{side}", {"val": "nil"}) for side in ("top", "left", "bottom", "right", "insideH", "insideV")]))
    put(tblpr, el("w:tblLayout", {"type": "fixed"}))
    put(tblpr, el("w:tblCellMar", children=[
        el(f"w:{side}", {"w": 0, "type": "dxa"}) for side in ("top", "left", "bottom", "right")]))
    put(tblpr, el("w:tblLook", {"val": "0000", "firstRow": 0, "lastRow": 0, "firstColumn": 0,
                                "lastColumn": 0, "noHBand": 1, "noVBand": 1}))
    tbl.append(tblpr)
    tbl.append(el("w:tblGrid", children=[el("w:gridCol", {"w": width})]))
    for row in rows:
        tbl.append(row)
    return tbl


def _anchor(ctx: Context) -> etree._Element:
    """The paragraph a table must be followed by, which anchors it: as small as Word allows.
    No page break, even where the composer put the colophon on a page of its own: the body
    wraps around the table, so a table that does not fit under the last line goes to the
    next page with its anchor, and comes back when an edit makes room."""
    extra = [el("w:spacing", {"before": 0, "after": 0, "line": 20, "lineRule": "exact"}),
             el("w:ind", {"firstLine": 0})]
    anchor = paragraph(BODY, extra)
    rpr = el("w:rPr")
    put(rpr, el("w:sz", {"val": 2}))
    put(rpr, el("w:szCs", {"val": 2}))
    put(props(anchor, "w:pPr"), rpr)
    return anchor
