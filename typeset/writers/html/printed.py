"""The one place the web edition reads the composer's output: the printed rows by kind.

The masthead and colophon are laid out by the composer (labels, dates, the
imprint row); taking their text from the composed lines keeps the web edition
word for word with the PDF. Only this module knows how composed items are shaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...compose import ComposedIssue


@dataclass(frozen=True)
class Row:
    kind: str  # masthead-title, number, office, date, mark, colophon, …
    cells: tuple[str, ...]  # runs of text separated by a gap wider than one character


def printed_rows(composed: ComposedIssue, kinds: frozenset[str]) -> list[Row]:
    """Lines of the given kinds in page order; each split into cells at wide gaps."""
    rows: list[Row] = []
    for page in composed.pages:
        for item in page.items:
            kind = getattr(item, "kind", None)
            kind = str(getattr(kind, "value", kind) or "").lower().replace("_", "-")
            if kind not in kinds or not hasattr(item, "units"):
                continue
            cells: list[str] = []
            end = None
            for u in item.units:
                if u.text.isspace():
                    continue
                if end is None or u.x - end > item.size * 1.5:
                    cells.append("")
                cells[-1] += u.text
                end = u.x + u.width
            rows.append(Row(kind, tuple(c for c in cells if c)))
    return rows
