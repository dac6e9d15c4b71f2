"""The one place the web edition reads the composer's output: the masthead's and the
colophon's printed lines, grouped by the composer (typeset.compose.read_plan).

The masthead and colophon are laid out by the composer (labels, dates, the
imprint row); taking their text from the composed lines keeps the web edition
word for word with the PDF. Which line is which comes from the plan, never
from a line's look; only the cells of one line are found by its gaps.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...compose import RECIPIENT_PARTS, ComposedIssue, Plan, TextLine, read_plan


@dataclass(frozen=True)
class Row:
    kind: str  # masthead-title, number, office, date, mark, colophon
    cells: tuple[str, ...]  # runs of text separated by a gap wider than one character and a half


def _cells(line: TextLine) -> tuple[str, ...]:
    cells: list[str] = []
    end = None
    for u in line.units:
        if u.text.isspace():
            continue
        if end is None or u.x - end > line.size * 1.5:
            cells.append("")
        cells[-1] += u.text
        end = u.x + u.width
    return tuple(c for c in cells if c)


def masthead_rows(plan: Plan) -> list[Row]:
    """The masthead's lines in print order, by kind."""
    return [Row(str(i.kind), _cells(i)) for i in plan.masthead if isinstance(i, TextLine)]


def colophon_rows(plan: Plan) -> list[Row]:
    """The colophon's rows top to bottom: disclosure, 报/送/发 (a row per printed line), imprint, copies."""
    c = plan.colophon
    lines = [c.disclosure, *(line for part in RECIPIENT_PARTS for name in c.recipients.get(part, ())
                             for line in name), c.imprint, *([c.copies] if c.copies else [])]
    return [Row("colophon", _cells(line)) for line in lines]


def printed(composed: ComposedIssue) -> tuple[list[Row], list[Row]]:
    """(masthead rows, colophon rows) of a composed issue."""
    plan = read_plan(composed)
    return masthead_rows(plan), colophon_rows(plan)
