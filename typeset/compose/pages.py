"""Page composer: numbered issue + layout → ComposedIssue (every line on its page).

The body runs on the layout's grid of `lines` slots of `line_pitch`. Page 1
starts with the masthead, which takes the slots above the office/date line.
A section marker takes one slot; an article title takes its lines plus
`space_before_lines` (not at the top of a page) and `space_after_lines`, then the next line snaps back onto
the grid; each paragraph line takes one slot. Markers and titles stay with
the line after them. The colophon stands at the foot of the last page, or of
a new page when it does not fit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import InternalError, Problem
from ..layout import MM, Layout
from ..model import Article, Figure, Issue, Origin, Section, Series
from .boxes import RECIPIENT_PARTS, ComposedIssue, Item, Kind, Page, Part, Ref, Rule, TextLine
from .figures import figure_blocks
from .fit import check_fit
from .lines import EPS, LineBox, Placed, Settings, break_paragraph
from .text import (
    EM_ASCENT,
    baseline,
    bracketed,
    date_text,
    loose_settings,
    natural,
    settings_for,
    shifted,
    spread,
    width,
)
from .titles import title_line


@dataclass
class _Flow:
    """Slots filled so far; a page is closed when the next block does not fit."""

    layout: Layout
    pages: list[list[Item]] = field(default_factory=lambda: [[]])
    cursor: float = 0.0  # slots used on the current page

    @property
    def pitch(self) -> float:
        return self.layout.line_pitch

    @property
    def lines(self) -> int:
        return self.layout.lines

    def new_page(self) -> None:
        self.pages.append([])
        self.cursor = 0.0


def compose(issue: Issue, series: Series, layout: Layout) -> ComposedIssue:
    """Numbered issue → pages of placed lines (`layout` with the issue's overrides applied)."""
    if not layout.applies(issue.layout_overrides):
        raise InternalError("compose: the layout lacks the issue's overrides (Layout.with_overrides)")
    flow = _Flow(layout)
    _masthead(issue, series, layout, flow)
    body_size = layout.body.size
    measure = layout.text_width
    warnings: list[Problem] = []
    blocks = [
        block
        for si, section in enumerate(issue.sections)
        for block in _section_blocks(si, section, issue, layout, measure, body_size, warnings)
    ]
    for chain in _chains(blocks):
        _place_chain(chain, flow)
    _colophon(issue, layout, flow)
    pages = tuple(
        Page(i + 1, _opened(items, i > 0), _folio(i + 1, layout) if series.page_numbers else None)
        for i, items in enumerate(flow.pages)
    )
    check_fit(pages, issue, layout, series)  # nothing off the page: compose/fit.py
    return ComposedIssue(issue, series, pages, tuple(warnings))


def _opened(items: list[Item], after_first: bool) -> tuple[Item, ...]:
    """A page's items; on a page after the first, the first one marked as opening it."""
    if after_first and items:
        items = [replace(items[0], opens_page=True), *items[1:]]
    return tuple(items)


# ---------------------------------------------------------------- masthead

def _masthead(issue: Issue, series: Series, layout: Layout, flow: _Flow) -> None:
    m = layout.masthead
    p = layout.line_pitch
    measure = layout.text_width
    items = flow.pages[0]
    if issue.mark:
        s = settings_for(layout, m.mark.size)
        items.append(TextLine(0.0, baseline(0, p, m.mark.size),
                              natural(issue.mark, s), m.mark.font, m.mark.size,
                              Kind.MARK, origin=issue.mark_origin))
    t = m.title
    s = loose_settings(layout, t.size)
    units = spread(series.title, s, measure) if t.fill_width else natural(series.title, s)
    x = 0.0 if t.fill_width else (measure - width(units)) / 2
    items.append(TextLine(x, m.title_baseline_lines * p, units, t.font, t.size,
                          Kind.MASTHEAD_TITLE, t.color or "text", origin=series.title_origin))
    n = m.number
    number = issue.number_line()
    if number:
        s = loose_settings(layout, n.size)
        units = natural(number, s)
        items.append(TextLine((measure - width(units)) / 2, (n.baseline_lines or 0) * p, units,
                              n.font, n.size, Kind.NUMBER))
    o = m.office
    row = m.office_line - 1
    base = baseline(row * p, p, o.size)
    s = loose_settings(layout, o.size)
    items.append(TextLine(0.0, base, natural(series.office, s), o.font, o.size, Kind.OFFICE,
                          origin=series.office_origin))
    date = natural(date_text(issue.date), s)
    items.append(TextLine(measure - width(date), base, date, o.font, o.size, Kind.DATE))
    r = m.rule
    items.append(Rule(0.0, base + r.below, measure, r.width, r.color, Kind.MASTHEAD_RULE))
    flow.cursor = float(m.office_line)


# ---------------------------------------------------------------- body

@dataclass(frozen=True)
class _Block:
    """Lines that take `slots` (or one slot each) and stay with the next block if keep."""

    kind: Kind
    lines: tuple[Item, ...]  # baselines relative to the block top (splittable: to its slot)
    slots: float
    keep_with_next: bool = False
    space_before: float = 0.0  # dropped at the top of a page
    splittable: bool = False  # body paragraphs split between lines


def _section_blocks(si: int, section: Section, issue: Issue, layout: Layout, measure: float,
                    body_size: float, warnings: list[Problem]) -> list[_Block]:
    p = layout.line_pitch
    sec = layout.section
    s = settings_for(layout, sec.size, issue.composition)
    name = sec.format.format(name=section.name)
    before = sec.format.partition("{name}")[0].format()  # 【: set before the name's text
    marker = TextLine(0.0, baseline(0, p, sec.size), natural(name, s, -len(before)), sec.font,
                      sec.size, Kind.SECTION, origin=section.origin, ref=Ref(si),
                      keep_with_next=True)
    blocks = [_Block(Kind.SECTION, (marker,), 1, keep_with_next=True)]
    for ai, article in enumerate(section.articles):
        blocks.extend(_article_blocks(Ref(si, ai), article, issue, layout, measure, body_size,
                                      warnings))
    return blocks


def _article_blocks(at: Ref, article: Article, issue: Issue, layout: Layout, measure: float,
                    body_size: float, warnings: list[Problem]) -> list[_Block]:
    p = layout.line_pitch
    t = layout.article_title
    title_lines = []
    for i, line in enumerate(article.title):
        origin = article.title_origins[i] if article.title_origins else article.origin
        units = title_line(line, layout, origin, warnings)
        title_lines.append(TextLine((measure - width(units)) / 2,
                                    baseline(i * p, p, t.size), units, t.font,
                                    t.size, Kind.TITLE, origin=article.origin,
                                    ref=replace(at, line=i), keep_with_next=True))
    blocks = [_Block(Kind.TITLE, tuple(title_lines), len(article.title) + t.space_after_lines,
                     keep_with_next=True, space_before=t.space_before_lines)]
    body = layout.body
    last_index = len(article.paragraphs) - 1
    for k, para in enumerate(article.paragraphs):
        where = replace(at, item=k)
        if isinstance(para, Figure):  # picture + caption: compose/figures.py
            blocks += [_Block(Kind.PICTURE, items, slots) for items, slots
                       in figure_blocks(where, para, article, k == last_index, issue, layout)]
            continue
        font, bold = body.font, False
        if para.level:
            h = layout.heading[para.level]
            font, bold = h.font, h.bold
        s = settings_for(layout, body_size, issue.composition, para.composition)
        boxes = break_paragraph(para.text, s, measure, body.indent_cells)
        lines = [
            TextLine(0.0, baseline(0, p, body_size), b.units, font, body_size, Kind.BODY,
                     bold=bold, origin=para.origin, ref=replace(where, line=j))
            for j, b in enumerate(boxes)
        ]
        extra: list[TextLine] = []
        if k == last_index and article.source:
            lines, extra = _source(at, article, boxes, lines, s, layout, measure)
        blocks.append(_Block(Kind.BODY, tuple(lines + extra), len(lines) + len(extra),
                             splittable=True))
    return blocks


def _source(at: Ref, article: Article, boxes: list[LineBox], lines: list[TextLine],
            s: Settings, layout: Layout, measure: float) -> tuple[list[TextLine], list[TextLine]]:
    """（来源） flush right on the last line when it fits after a gap, else on a line of its own."""
    assert article.source is not None  # called for an article with a source
    units = bracketed(article.source, s)
    w = width(units)
    last = boxes[-1]
    gap = layout.source.gap_cells * s.cell
    x = measure - w
    same_line = layout.source.placement == "same_line"
    if same_line and last.end + gap + w <= measure + EPS:
        lines[-1] = replace(lines[-1], units=last.units + shifted(units, x),
                            source_from=len(last.units))
        return lines, []
    own = replace(lines[-1], x=x, units=units, kind=Kind.SOURCE, ref=at, bold=False,
                  origin=article.source_origin or lines[-1].origin)
    return lines, [own]


def _shift(item: Item, dy: float) -> Item:
    if isinstance(item, TextLine):
        return replace(item, baseline=item.baseline + dy)
    if isinstance(item, Rule):
        return replace(item, y=item.y + dy)
    return item.shifted(dy)


def _chains(blocks: list[_Block]) -> list[list[_Block]]:
    """Group blocks so that each keep_with_next block travels with the block after it."""
    chains: list[list[_Block]] = [[]]
    for block in blocks:
        chains[-1].append(block)
        if not block.keep_with_next:
            chains.append([])
    return [c for c in chains if c]


def _chain_need(chain: list[_Block], cursor: float) -> float:
    """Slots the head of a chain needs: its kept blocks and the first line of the last."""
    c = cursor
    for b in chain[:-1]:
        c += (b.space_before if c > 0 else 0.0) + b.slots
        c = math.ceil(c - 1e-9) if b.kind == Kind.TITLE else c
    c += 1 if chain[-1].splittable else chain[-1].slots
    return c - cursor


def _place_chain(chain: list[_Block], flow: _Flow) -> None:
    fresh = flow.cursor == 0 or (len(flow.pages) == 1 and flow.cursor == _body_start(flow))
    if not fresh and flow.cursor + _chain_need(chain, flow.cursor) > flow.lines + 1e-9:
        flow.new_page()
    for block in chain:
        _put(block, flow)


def _body_start(flow: _Flow) -> float:
    return float(flow.layout.masthead.office_line)


def _put(block: _Block, flow: _Flow) -> None:
    p = flow.pitch
    if block.splittable:
        for line in block.lines:
            if flow.cursor + 1 > flow.lines + 1e-9:
                flow.new_page()
            flow.pages[-1].append(_shift(line, flow.cursor * p))
            flow.cursor += 1
        return
    top = flow.cursor
    if top > 0:
        top += block.space_before
    if top + block.slots > flow.lines + 1e-9 and flow.cursor > 0:
        flow.new_page()
        top = 0.0
    for line in block.lines:
        flow.pages[-1].append(_shift(line, top * p))
    end = top + block.slots
    flow.cursor = math.ceil(end - 1e-9) if block.kind == Kind.TITLE else end


# ---------------------------------------------------------------- colophon

def _colophon(issue: Issue, layout: Layout, flow: _Flow) -> None:
    c = layout.colophon
    size, pitch = c.size, c.line_pitch
    labels = c.labels
    s = settings_for(layout, size)
    indent = c.indent_cells * size
    measure = layout.text_width
    col = issue.colophon
    rows: list[tuple[str, Any]] = []  # ("text", TextLine at row baseline 0) or ("rule", Part)

    def text_row(x: float, units: tuple[Placed, ...], ref: Ref, origin: Origin | None) -> None:
        rows.append(("text", TextLine(x, baseline(0, pitch, size), units, c.font, size,
                                      Kind.COLOPHON, origin=origin or issue.origin, ref=ref)))

    disclosure = natural(labels.disclosure + col.disclosure, s, -len(labels.disclosure))
    text_row(0.0, disclosure, Ref(part=Part.DISCLOSURE), col.disclosure_origin)
    rows.append(("rule", Part.THICK))
    groups = zip(RECIPIENT_PARTS, (col.recipients.superiors, col.recipients.peers,
                                   col.recipients.subordinates), strict=True)
    for g, (part, names) in enumerate(groups):
        if not names:
            continue
        said: str = getattr(labels, part.value)
        label = natural(said, s, -len(said))  # before the name's text
        lw = width(label)
        origins = col.recipient_origins[g] if g < len(col.recipient_origins) else ()
        for i, name in enumerate(names):
            origin = origins[i] if i < len(origins) else None
            boxes = break_paragraph(name, s, measure - 2 * indent - lw, 0)
            for j, box in enumerate(boxes):
                ref = Ref(item=i, line=j, part=part)
                if i == 0 and j == 0:
                    text_row(indent, label + shifted(box.units, lw), ref, origin)
                else:
                    text_row(indent + lw, box.units, ref, origin)
    rows.append(("rule", Part.THIN))
    printer = natural(col.printer, s)
    printed = natural(date_text(col.print_date) + labels.printed, s, len(col.printer))  # after it
    inset = c.imprint_indent_cells * size
    right = width(printed)
    both = printer + tuple(replace(u, x=u.x + measure - 2 * inset - right) for u in printed)
    text_row(inset, both, Ref(part=Part.IMPRINT), col.printer_origin)
    rows.append(("rule", Part.BOTTOM))
    if col.copies is not None:
        copies = natural(labels.copies.format(n=col.copies), s)
        rows.append(("after", TextLine(measure - c.imprint_indent_cells * size - width(copies),
                                       baseline(0, pitch, size), copies, c.font, size,
                                       Kind.COLOPHON, origin=col.copies_origin or issue.origin,
                                       ref=Ref(part=Part.COPIES))))
    n_text = sum(1 for kind, _ in rows if kind == "text")
    height = n_text * pitch  # from the block's top to its last rule
    bottom = flow.lines * flow.pitch
    used = flow.cursor * flow.pitch
    if used + height > bottom + 1e-6:
        flow.new_page()
    y = bottom - height
    items = flow.pages[-1]
    for kind, what in rows:
        if kind == "text":
            items.append(_shift(what, y))
            y += pitch
        elif kind == "rule":
            thickness = c.thin_rule if what == Part.THIN else c.thick_rule
            items.append(Rule(0.0, y, measure, thickness, kind=Kind.COLOPHON_RULE, ref=Ref(part=what)))
        else:
            items.append(_shift(what, y))


def _folio(n: int, layout: Layout) -> TextLine:
    f = layout.page_number
    units = natural(f.format.format(n=n), loose_settings(layout, f.size))
    indent = f.indent_cells * f.size
    x = layout.text_width - indent - width(units) if n % 2 else indent
    return TextLine(x, layout.text_height + f.below_mm * MM + f.size * EM_ASCENT, units,
                    f.font, f.size, Kind.FOLIO)
