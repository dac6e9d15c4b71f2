"""Page composer: numbered issue + layout → ComposedIssue (every line on its page).

The body runs on the layout's grid of `lines` slots of `line_pitch`. Page 1
starts with the masthead, which takes the slots above the office/date line.
A section marker takes one slot; an article title takes its lines plus
`space_lines` (not at the top of a page), then the next line snaps back onto
the grid; each paragraph line takes one slot. Markers and titles stay with
the line after them. The colophon stands at the foot of the last page, or of
a new page when it does not fit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem, TypesetError
from ..layout import MM, Layout
from ..model import Article, Figure, Issue, Origin, Paragraph, Series
from .boxes import ComposedIssue, Page, Picture, Rule, TextLine
from .figures import figure_blocks
from .fit import check_fit
from .lines import LineBox, Placed, Settings, break_paragraph, units_of


def settings_for(layout: Layout, size: float, *overrides: dict[str, Any]) -> Settings:
    merged: dict[str, Any] = dict(layout.composition)
    for o in overrides:
        merged.update(o)
    return Settings.from_dict(merged, size)


def _baseline(top: float, pitch: float, size: float) -> float:
    """Baseline that centres an ideograph of `size` in a slot of `pitch` starting at top."""
    return top + pitch / 2 + 0.38 * size


def _line(box: LineBox, x: float, baseline: float, font: str, size: float, kind: str,
          origin: Origin | None, color: str = "text", bold: bool = False) -> TextLine:
    return TextLine(x, baseline, box.units, font, size, kind, color, bold, origin)


def _natural(text: str, s: Settings) -> tuple[Placed, ...]:
    """One unbroken line at natural widths (titles, masthead, colophon labels)."""
    units = units_of(text, s)
    placed, x = [], 0.0
    for u in units:
        placed.append(Placed(x, u.text, u.width, u.latin))
        x += u.width
    return tuple(placed)


def _width(units: tuple[Placed, ...]) -> float:
    return max((u.x + u.width for u in units), default=0.0)


def _spread(text: str, s: Settings, width: float) -> tuple[Placed, ...]:
    """Units spread evenly across width (the masthead title fills the text width)."""
    units = _natural(text, s)
    if len(units) < 2:
        return units
    extra = (width - _width(units)) / (len(units) - 1)
    return tuple(Placed(u.x + k * extra, u.text, u.width, u.latin) for k, u in enumerate(units))


def date_text(d: Any) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass
class _Flow:
    """Slots filled so far; a page is closed when the next block does not fit."""

    layout: Layout
    pages: list[list[TextLine | Rule]] = field(default_factory=lambda: [[]])
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

    def room(self) -> float:
        return self.lines - self.cursor


def _title_slots(n: int, space: float, at_top: bool) -> float:
    return (0.0 if at_top else space) + n


def compose(issue: Issue, series: Series, layout: Layout) -> ComposedIssue:
    """Numbered issue → pages of placed lines."""
    layout = layout.with_overrides(issue.layout_overrides)
    flow = _Flow(layout)
    _masthead(issue, series, layout, flow)
    body_size = layout["body"]["size"]
    measure = layout.text_width
    blocks = [
        block
        for section in issue.sections
        for block in _section_blocks(section, issue, layout, measure, body_size)
    ]
    for chain in _chains(blocks):
        _place_chain(chain, flow)
    _colophon(issue, layout, flow)
    pages = tuple(
        Page(i + 1, tuple(items), _folio(i + 1, layout) if series.page_numbers else None)
        for i, items in enumerate(flow.pages)
    )
    check_fit(pages, issue, series, layout)  # nothing off the page: compose/fit.py
    return ComposedIssue(issue, series, pages)


# ---------------------------------------------------------------- masthead

def _masthead(issue: Issue, series: Series, layout: Layout, flow: _Flow) -> None:
    m = layout["masthead"]
    p = layout.line_pitch
    width = layout.text_width
    items = flow.pages[0]
    if issue.mark:
        s = settings_for(layout, m["mark"]["size"])
        items.append(TextLine(0.0, _baseline(0, p, m["mark"]["size"]),
                              _natural(issue.mark, s), m["mark"]["font"], m["mark"]["size"],
                              "mark"))
    t = m["title"]
    s = Settings.from_dict(layout.composition, t["size"], tight=False)
    units = _spread(series.title, s, width) if t.get("fill_width") else _natural(series.title, s)
    x = 0.0 if t.get("fill_width") else (width - _width(units)) / 2
    items.append(TextLine(x, m["title_baseline_lines"] * p, units, t["font"], t["size"],
                          "masthead-title", t.get("color", "text")))
    n = m["number"]
    number = issue.number_line()
    if number:
        s = Settings.from_dict(layout.composition, n["size"], tight=False)
        units = _natural(number, s)
        items.append(TextLine((width - _width(units)) / 2, n["baseline_lines"] * p, units,
                              n["font"], n["size"], "number"))
    o = m["office"]
    row = m["office_line"] - 1
    base = _baseline(row * p, p, o["size"])
    s = Settings.from_dict(layout.composition, o["size"], tight=False)
    items.append(TextLine(0.0, base, _natural(series.office, s), o["font"], o["size"], "office"))
    date = _natural(date_text(issue.date), s)
    items.append(TextLine(width - _width(date), base, date, o["font"], o["size"], "date"))
    r = m["rule"]
    items.append(Rule(0.0, base + r["below"], width, r["width"], r["color"]))
    flow.cursor = float(m["office_line"])


# ---------------------------------------------------------------- body

@dataclass(frozen=True)
class _Block:
    """Lines that take `slots` (or one slot each) and stay with the next block if keep."""

    kind: str
    lines: tuple[TextLine, ...]  # baselines relative to the block top (splittable: to its slot)
    slots: float
    keep_with_next: bool = False
    space_before: float = 0.0  # dropped at the top of a page
    splittable: bool = False  # body paragraphs split between lines


def _section_blocks(section, issue: Issue, layout: Layout, measure: float,
                    body_size: float) -> list[_Block]:
    p = layout.line_pitch
    sec = layout["section"]
    s = settings_for(layout, sec["size"], issue.composition)
    name = sec["format"].format(name=section.name)
    marker = TextLine(0.0, _baseline(0, p, sec["size"]), _natural(name, s), sec["font"],
                      sec["size"], "section", origin=section.origin)
    blocks = [_Block("section", (marker,), 1, keep_with_next=True)]
    for article in section.articles:
        blocks.extend(_article_blocks(article, issue, layout, measure, body_size))
    return blocks


def title_settings(layout: Layout) -> Settings:
    t = layout["article_title"]
    return Settings.from_dict(layout.composition, t["size"], tight=False)


def check_title(line: str, layout: Layout, origin: Origin | None) -> None:
    """A title line must fit the measure: the engine never re-breaks a title."""
    t = layout["article_title"]
    units = _natural(line, title_settings(layout))
    width = _width(units)
    if width > layout.text_width + 0.01:
        limit = t["max_width_cells"]
        raise TypesetError(Problem(
            f"标题行“{line}”过长（约 {width / t['size']:.1f} 字宽，二号字一行最多 {limit} 字），"
            "请在 title 中把它分成几行（写成列表）",
            origin, "title"))


def _article_blocks(article: Article, issue: Issue, layout: Layout, measure: float,
                    body_size: float) -> list[_Block]:
    p = layout.line_pitch
    t = layout["article_title"]
    ts = title_settings(layout)
    title_lines = []
    for i, line in enumerate(article.title):
        check_title(line, layout, article.title_origins[i] if article.title_origins else article.origin)
        units = _natural(line, ts)
        title_lines.append(TextLine((measure - _width(units)) / 2,
                                    _baseline(i * p, p, t["size"]), units, t["font"],
                                    t["size"], "title", origin=article.origin))
    blocks = [_Block("title", tuple(title_lines), len(article.title), keep_with_next=True,
                     space_before=t["space_lines"])]
    body = layout["body"]
    last_index = len(article.paragraphs) - 1
    for k, para in enumerate(article.paragraphs):
        if isinstance(para, Figure):  # picture + caption: compose/figures.py
            blocks += [_Block("figure", items, slots) for items, slots
                       in figure_blocks(para, article, k == last_index, issue, layout)]
            continue
        font, bold = body["font"], False
        if para.level:
            h = layout["heading"][para.level]
            font, bold = h["font"], h.get("bold", False)
        s = settings_for(layout, body_size, issue.composition, para.composition)
        boxes = break_paragraph(para.text, s, measure, body["indent_cells"])
        lines = [
            _line(b, 0.0, _baseline(0, p, body_size), font, body_size, "body", para.origin,
                  bold=bold)
            for b in boxes
        ]
        extra: list[TextLine] = []
        if k == last_index and article.source:
            lines, extra = _source(article, para, boxes, lines, s, layout, measure, body_size)
        blocks.append(_Block("body", tuple(lines + extra), len(lines) + len(extra),
                             splittable=True))
    return blocks


def _source(article: Article, para: Paragraph, boxes: list[LineBox], lines: list[TextLine],
            s: Settings, layout: Layout, measure: float, size: float
            ) -> tuple[list[TextLine], list[TextLine]]:
    """（来源） flush right on the last line when it fits after a gap, else on a line of its own."""
    units = _natural(f"（{article.source}）", s)
    width = _width(units)
    last = boxes[-1]
    gap = layout["source"]["gap_cells"] * s.cell
    x = measure - width
    if last.end + gap + width <= measure + 0.01:
        merged = last.units + tuple(Placed(u.x + x, u.text, u.width, u.latin) for u in units)
        lines[-1] = TextLine(0.0, lines[-1].baseline, merged, lines[-1].font, size, "body",
                             origin=para.origin)
        return lines, []
    own = TextLine(x, lines[-1].baseline, units, lines[-1].font, size, "source",
                   origin=para.origin)
    return lines, [own]


def _shift(line: TextLine, dy: float) -> TextLine:
    if isinstance(line, Picture):
        return line.shifted(dy)
    return TextLine(line.x, line.baseline + dy, line.units, line.font, line.size, line.kind,
                    line.color, line.bold, line.origin)


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
        c = math.ceil(c - 1e-9) if b.kind == "title" else c
    c += 1 if chain[-1].splittable else chain[-1].slots
    return c - cursor


def _place_chain(chain: list[_Block], flow: _Flow) -> None:
    fresh = flow.cursor == 0 or (len(flow.pages) == 1 and flow.cursor == _body_start(flow))
    if not fresh and flow.cursor + _chain_need(chain, flow.cursor) > flow.lines + 1e-9:
        flow.new_page()
    for block in chain:
        _put(block, flow)


def _body_start(flow: _Flow) -> float:
    return float(flow.layout["masthead"]["office_line"])


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
    flow.cursor = math.ceil(end - 1e-9) if block.kind == "title" else end


# ---------------------------------------------------------------- colophon

def _colophon(issue: Issue, layout: Layout, flow: _Flow) -> None:
    c = layout["colophon"]
    size, pitch = c["size"], c["line_pitch"]
    labels = c["labels"]
    s = settings_for(layout, size)
    indent = c["indent_cells"] * size
    width = layout.text_width
    col = issue.colophon
    rows: list[tuple[str, Any]] = []  # ("text", TextLine at row baseline 0) or ("rule", kind)

    def text_row(x: float, units: tuple[Placed, ...]) -> None:
        rows.append(("text", TextLine(x, _baseline(0, pitch, size), units, c["font"], size,
                                      "colophon")))

    text_row(0.0, _natural(labels["disclosure"] + col.disclosure, s))
    rows.append(("rule", "thick"))
    groups = (("to_superiors", col.recipients.superiors), ("to_peers", col.recipients.peers),
              ("to_subordinates", col.recipients.subordinates))
    for key, names in groups:
        if not names:
            continue
        label = _natural(labels[key], s)
        lw = _width(label)
        for i, name in enumerate(names):
            boxes = break_paragraph(name, s, width - 2 * indent - lw, 0)
            for j, box in enumerate(boxes):
                units = box.units
                if i == 0 and j == 0:
                    units = label + tuple(Placed(u.x + lw, u.text, u.width, u.latin) for u in units)
                    text_row(indent, units)
                else:
                    text_row(indent + lw, units)
    rows.append(("rule", "thin"))
    printer = _natural(col.printer, s)
    printed = _natural(date_text(col.print_date) + labels["printed"], s)
    inset = c["imprint_indent_cells"] * size
    both = printer + tuple(
        Placed(u.x + width - 2 * inset - _width(printed), u.text, u.width, u.latin)
        for u in printed
    )
    text_row(inset, both)
    rows.append(("rule", "thick"))
    if col.copies is not None:
        copies = _natural(labels["copies"].format(n=col.copies), s)
        rows.append(("after", TextLine(width - c["imprint_indent_cells"] * size - _width(copies),
                                       _baseline(0, pitch, size), copies, c["font"], size,
                                       "colophon")))
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
            items.append(Rule(0.0, y, width, c["thick_rule" if what == "thick" else "thin_rule"]))
        else:
            items.append(_shift(what, y))


def _folio(n: int, layout: Layout) -> TextLine:
    f = layout["page_number"]
    s = Settings.from_dict(layout.composition, f["size"], tight=False)
    units = _natural(f["format"].format(n=n), s)
    indent = f["indent_cells"] * f["size"]
    x = layout.text_width - indent - _width(units) if n % 2 else indent
    return TextLine(x, layout.text_height + f["below_mm"] * MM + f["size"] * 0.88, units,
                    f["font"], f["size"], "folio")
