"""Every composed unit knows where it sits in its model element's text (`Placed.at`).

The composer changes no character: a unit's text is the slice of its element's text at its
offset, and between two units of an element only the spaces left out at a break. Text the
composer sets around the element's (a colophon label, the brackets of a section marker or a
source, the print date after the printer) counts from it: before it at negative offsets,
after it from its end on (boxes.py). Checked on every text line of 645, the fixtures, the
pictures target (with folios), and on paragraphs hypothesis makes up.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeset.compose import ComposedIssue, Kind, Part, Placed, TextLine, compose, date_text
from typeset.compose.lines import Settings, break_paragraph
from typeset.layout import Layout, load_layout
from typeset.model import Figure

from ..golden_issues import TARGETS, composed_target

# (before, text, after): what the composer sets before the element's text, the text, after it
Framed = tuple[str, str, str]


def _framed(line: TextLine, composed: ComposedIssue, layout: Layout, page: int) -> Framed:
    """The text a line's units come from (an inline source apart), by its kind and Ref."""
    issue, series, r = composed.issue, composed.series, line.ref
    col, labels = issue.colophon, layout["colophon"]["labels"]
    if line.kind == Kind.MARK:
        return "", issue.mark or "", ""
    if line.kind == Kind.MASTHEAD_TITLE:
        return "", series.title, ""
    if line.kind == Kind.OFFICE:
        return "", series.office, ""
    if line.kind in (Kind.NUMBER, Kind.DATE, Kind.FOLIO):  # the composer's own text
        own = {Kind.NUMBER: issue.number_line(), Kind.DATE: date_text(issue.date),
               Kind.FOLIO: layout["page_number"]["format"].format(n=page)}
        return "", "", own[line.kind]
    if line.kind == Kind.SECTION:
        before, _, after = layout["section"]["format"].partition("{name}")
        return before, issue.sections[r.section].name, after
    article = issue.sections[r.section].articles[r.article] if r.article >= 0 else None
    if line.kind == Kind.TITLE:
        return "", article.title[r.line], ""
    if line.kind == Kind.SOURCE:
        return "（", article.source, "）"
    if line.kind in (Kind.BODY, Kind.CAPTION):
        item = article.paragraphs[r.item]
        return "", item.caption if isinstance(item, Figure) else item.text, ""
    assert line.kind == Kind.COLOPHON, line.kind
    if r.part == Part.DISCLOSURE:
        return labels["disclosure"], col.disclosure, ""
    if r.part == Part.IMPRINT:
        return "", col.printer, date_text(col.print_date) + labels["printed"]
    if r.part == Part.COPIES:
        return "", "", labels["copies"].format(n=col.copies)
    groups = {Part.TO_SUPERIORS: col.recipients.superiors, Part.TO_PEERS: col.recipients.peers,
              Part.TO_SUBORDINATES: col.recipients.subordinates}
    label = labels[r.part] if r.item == 0 and r.line == 0 else ""
    return label, groups[r.part][r.item], ""


def check_units(units: tuple[Placed, ...] | list[Placed], framed: Framed) -> None:
    """Each unit is the slice of before + text + after at its offset, in order, with nothing
    but spaces between two, and together they cover all of it (no character lost)."""
    before, text, after = framed
    full, zero = before + text + after, len(before)
    end = -zero
    for u in units:
        assert u.at >= end, (u, end)
        assert full[zero + u.at:zero + u.at + len(u.text)] == u.text, (u, full)
        assert not full[zero + end:zero + u.at].strip(" \u3000"), (u, full)  # spaces at a break
        end = u.at + len(u.text)
    assert not full[:zero + (units[0].at if units else len(full))].strip(" \u3000"), full
    assert not full[zero + end:].strip(" \u3000"), (full, end)


def check_issue(composed: ComposedIssue, layout: Layout) -> int:
    """check_units on every element of a composed issue, its lines taken together; the number
    of lines checked."""
    elements: dict[tuple, tuple[Framed, list[Placed]]] = {}
    checked = 0
    for page in composed.pages:
        lines = [i for i in page.items if isinstance(i, TextLine)] + ([page.folio] if page.folio else [])
        for line in lines:
            checked += 1
            framed = _framed(line, composed, layout, page.number)
            r = line.ref  # an element: a title line, a folio, or all lines of one Ref but its line
            key = (line.kind, r.section, r.article, r.item, r.part, r.line if line.kind == Kind.TITLE else 0,
                   page.number if line.kind == Kind.FOLIO else 0)
            elements.setdefault(key, (framed, []))[1].extend(line.units[:line.source_from])
            if line.source_from is not None:  # the source on the paragraph's last line
                article = composed.issue.sections[r.section].articles[r.article]
                check_units(line.units[line.source_from:], ("（", article.source, "）"))
    for framed, units in elements.values():
        check_units(units, framed)
    return checked


@pytest.mark.parametrize("target", TARGETS)
def test_every_unit_of_every_line_sits_at_its_offset(project, target, tmp_path):
    _, series, layout, composed = composed_target(project, target, tmp_path)
    assert check_issue(composed, layout) > 20
    lines = [i for p in composed.pages for i in p.items if isinstance(i, TextLine)]
    if target == "645":
        assert any(i.source_from is not None for i in lines)  # a source on a paragraph's line
    if target == "figures":  # with folios, a mark, captions and a source on its own line
        numbered = compose(composed.issue, replace(series, page_numbers=True), layout)
        assert all(p.folio for p in numbered.pages)
        check_issue(numbered, layout)
        assert {Kind.MARK, Kind.SOURCE, Kind.CAPTION} <= {i.kind for i in lines}


LAYOUT = load_layout("briefing")
HAN = "川渝地方志工作简报编纂年鉴资政育人存史修志"
PIECES = st.one_of(
    st.text(st.sampled_from(HAN), min_size=1, max_size=12),
    st.sampled_from(["，", "。", "、", "：", "“", "”", "（", "）", "《", "》", "——", "……", " ", "\u3000",
                     "2024", "GB/T 9704", "https://www.scdfz.org.cn/a-b_c?d=1&e=2", "A", "x-y",
                     "https://www.scdfz.org.cn/" + "a1b2c3" * 12, "Q" * 70]),  # runs wider than a line
)


@st.composite
def paragraphs(draw) -> str:
    """A paragraph of ideographs, marks, Latin runs, spaces and URLs, with a phrase repeated."""
    text = "".join(draw(st.lists(PIECES, min_size=1, max_size=30)))
    phrase = draw(st.text(st.sampled_from(HAN + "，。"), min_size=1, max_size=6))
    return (text + phrase * draw(st.integers(0, 12))).strip(" \u3000") or "志"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs(), st.sampled_from([{}, {"condense": 0.0}, {"avoid_orphan": False},
                                      {"compress_punctuation": False, "hang": False}]),
       st.integers(0, 2))
def test_a_made_up_paragraph_keeps_its_offsets_across_its_lines(text, over, indent):
    s = Settings.from_dict({**LAYOUT.composition, **over}, LAYOUT["body"]["size"])
    boxes = break_paragraph(text, s, LAYOUT.text_width, indent)
    check_units([u for b in boxes for u in b.units], ("", text, ""))
