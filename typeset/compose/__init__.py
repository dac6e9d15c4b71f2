"""Composer, shared by the writers: numbered issue + layout → ComposedIssue.

    lines.py   paragraph text → lines (official metrics, 避头尾, hanging, justification)
    pages.py   blocks → pages (grid slots, masthead, titles, colophon at the foot)
    boxes.py   the result: pages of placed lines and rules
"""

from .boxes import ComposedIssue, Page, Rule, TextLine
from .pages import compose

__all__ = ["compose", "ComposedIssue", "Page", "Rule", "TextLine"]
