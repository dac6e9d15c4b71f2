"""The masthead: composed masthead lines → paragraphs of exact height.

    masthead(ctx) → [w:p]

Each group of lines on one baseline (mark, title, number, office and date) is a
paragraph whose baseline falls where the composer put it (sizes in twips, so
that they add up exactly); the red rule that closes the masthead is the last
paragraph's bottom border, and the masthead ends on the grid line where the
body starts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lxml import etree

from ...compose import Kind, Rule, TextLine
from .calibration import EXACT_ASCENT
from .context import Context
from .ooxml import eighths, el, hex_color, paragraph, tab_run, twips
from .runs import runs

_STYLES = {Kind.MARK: "Mark", Kind.MASTHEAD_TITLE: "Masthead", Kind.NUMBER: "IssueNumber",
           Kind.OFFICE: "Office", Kind.DATE: "Office"}


@dataclass(frozen=True)
class _Row:
    style: str
    lines: tuple[TextLine, ...]
    before: int  # twips
    height: int  # twips


def masthead(ctx: Context) -> list[etree._Element]:
    """Masthead paragraphs (see the module docstring). The masthead ends on the grid line
    where the body starts, less the grid's slack (text height − lines × pitch), which
    programs' rounding would otherwise eat."""
    rows, rule = _rows(ctx)
    lay = ctx.layout
    slack = max(0.0, lay.text_height - lay.lines * ctx.pitch)
    body_top = twips(lay["masthead"]["office_line"] * ctx.pitch - slack)
    out = []
    y = 0
    for k, row in enumerate(rows):
        spacing = {"before": row.before, "after": 0, "line": row.height, "lineRule": "exact"}
        extra = []
        y += row.before + row.height
        if k == len(rows) - 1 and rule is not None:
            width = eighths(rule.thickness)  # eighths of a point: 2.5 twips each
            room = (body_top - y) * 8 - width * 20  # in 1/160 pt
            wanted = round((rule.y - rule.thickness / 2) - y / 20)
            space = max(0, min(wanted, room // 160))  # whole points (w:space)
            spacing["after"] = max(0, body_top - y - space * 20 - math.ceil(width * 2.5))
            extra.append(el("w:pBdr", children=[el("w:bottom", {
                "val": "single", "sz": width, "space": space,
                "color": ctx.colors.get(rule.color, hex_color(rule.color))})]))
        extra.append(el("w:spacing", spacing))
        p = paragraph(row.style, extra)
        if row.style == "Office":
            office = next((t.text for t in row.lines if t.kind == Kind.OFFICE), "")
            date = next((t.text for t in row.lines if t.kind == Kind.DATE), "")
            p.extend(runs(ctx, office, Kind.OFFICE))
            p.append(tab_run())
            p.extend(runs(ctx, date, Kind.DATE))
        else:
            text = "".join(t.text for t in sorted(row.lines, key=lambda t: t.x)).strip()
            p.extend(runs(ctx, text, row.lines[0].kind))
        out.append(p)
    return out


def _rows(ctx: Context) -> tuple[list[_Row], Rule | None]:
    groups: dict[str, list[TextLine]] = {}
    rule = None
    for item in ctx.plan.masthead:
        if isinstance(item, Rule):
            rule = rule or item
        elif isinstance(item, TextLine):
            groups.setdefault(_STYLES[item.kind], []).append(item)
    rows: list[_Row] = []
    y = 0
    for style, lines in sorted(groups.items(), key=lambda g: g[1][0].baseline):
        size = max(line.size for line in lines)
        height = twips(ctx.pitch * max(1, math.ceil(size / ctx.pitch - 1e-9)))
        before = max(0, twips(lines[0].baseline - EXACT_ASCENT * height / 20) - y)
        y += before + height
        rows.append(_Row(style, tuple(lines), before, height))
    return rows, rule
