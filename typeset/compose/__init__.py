"""Composer, shared by the writers: numbered issue + layout → ComposedIssue.

    lines.py    paragraph text → lines (official metrics, 避头尾, hanging, justification)
    text.py     text helpers: settings, natural widths, baselines in a slot
    pages.py    blocks → pages (grid slots, masthead, titles, colophon at the foot)
    titles.py   title lines: centred, condensed like Word when a line is too wide
    figures.py  pictures with their captions
    fit.py      the last check: nothing runs off the text block
    plan.py     the composed items grouped by model element (for writers that flow text)
    boxes.py    the result: pages of placed lines, rules and pictures, each with its kind,
                its model element and its page decisions

Writers import from here only.
"""

from .boxes import (
    MASTHEAD,
    NO_REF,
    RECIPIENT_PARTS,
    ComposedIssue,
    Item,
    Kind,
    Page,
    Part,
    Picture,
    Ref,
    Rule,
    TextLine,
)
from .lines import EPS, Placed, Settings, gap_between, units_of
from .metrics import CURLY_QUOTES, is_ideograph, is_latin, latin_em, times_em
from .pages import compose
from .plan import ArticlePlan, ColophonPlan, Placement, Plan, SectionPlan, read_plan
from .text import EM_ASCENT, date_text, natural, settings_for, title_settings

__all__ = [
    "CURLY_QUOTES", "EM_ASCENT", "EPS", "MASTHEAD", "NO_REF", "RECIPIENT_PARTS", "ArticlePlan", "ColophonPlan",
    "ComposedIssue", "Item", "Kind", "Page", "Part", "Picture", "Placed", "Placement", "Plan",
    "Ref", "Rule", "SectionPlan", "Settings", "TextLine", "compose", "date_text", "gap_between",
    "is_ideograph", "is_latin", "latin_em", "natural", "read_plan", "settings_for", "times_em",
    "title_settings", "units_of",
]
