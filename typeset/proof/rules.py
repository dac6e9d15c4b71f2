"""Every rule's hits on one text, in reading order (the rule modules together)."""

from __future__ import annotations

from .chars import CATEGORIES, Hit
from .marks import marks
from .texts import Field
from .traces import names, traces


def hits(text: str, preferred: dict[str, tuple[str, ...]] | None = None,
         lines: list[int] | None = None, title: bool = False) -> list[Hit]:
    """Every rule's hits on one text, in reading order."""
    found = marks(text, lines, title) + traces(text)
    if preferred:
        found += names(text, preferred)
    return sorted(found, key=lambda h: (h.start, CATEGORIES.index(h.category), h.end))


def field_hits(f: Field, preferred: dict[str, tuple[str, ...]] | None = None) -> list[Hit]:
    return hits(f.text, preferred, [p.start for p in f.pieces], f.kind in ("title", "name"))
