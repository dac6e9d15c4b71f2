"""The DOCX fitting takes each composed unit's place in the paragraph from the composer
(`Placed.at`), never by searching the text: the same fit as an in-order text search gave
where the search finds every unit, and the right places where it would not."""

from __future__ import annotations

from dataclasses import replace

import pytest

from typeset.compose import Kind, TextLine
from typeset.compose.lines import Settings, break_paragraph
from typeset.layout import load_layout
from typeset.writers.docx import body as docx_body
from typeset.writers.docx import colophon as docx_colophon
from typeset.writers.docx import fitting
from typeset.writers.docx import render as render_docx

from ...golden_issues import TARGETS, composed_target

LAYOUT = load_layout("briefing")
SIZE = LAYOUT["body"]["size"]
S = Settings.from_dict(LAYOUT.composition, SIZE)


def searched(text: str, lines: tuple[TextLine, ...]) -> list:
    """How the fitting found the units before: each unit's text searched for in order (it
    stops at the first unit it does not find)."""
    out, pos = [], 0
    for line in lines:
        units = []
        for u in line.units[:line.source_from]:
            found = text.find(u.text, pos)
            if found < 0:
                break
            pos = found + len(u.text)
            units.append((found, u))
        out.append((line, units))
    return out


def fit_by_search(text, lines, *args, **kwargs):
    """The fit with the units' places found by searching the text."""
    real = fitting.line_units
    fitting.line_units = lambda lines, start=0: searched(text, lines)
    try:
        return fitting.fitted(text, lines, *args, **kwargs)
    finally:
        fitting.line_units = real


def body_lines(text: str) -> tuple[TextLine, ...]:
    boxes = break_paragraph(text, S, LAYOUT.text_width, LAYOUT["body"]["indent_cells"])
    return tuple(TextLine(0.0, 0.0, b.units, "song", SIZE, Kind.BODY) for b in boxes)


def fit(text: str, lines: tuple[TextLine, ...], by=fitting.fitted):
    return by(text, lines, S, SIZE, LAYOUT.composition["condense"], LAYOUT["body"]["indent_cells"] * SIZE,
              LAYOUT.text_width)


@pytest.mark.parametrize("target", TARGETS)
def test_every_paragraph_gets_the_fit_text_search_gave(project, target, tmp_path, monkeypatch):
    _, _, layout, composed = composed_target(project, target, tmp_path)
    seen = []

    def recorded(text, lines, *args, **kwargs):
        got = fitting.fitted(text, lines, *args, **kwargs)
        placed = fitting.line_units(lines, kwargs.get("start", 0))
        assert placed == searched(text, lines)
        assert all(text[i:i + len(u.text)] == u.text for _, units in placed for i, u in units)
        assert got == fit_by_search(text, lines, *args, **kwargs)
        seen.append(kwargs.get("start", 0))
        return got

    monkeypatch.setattr(docx_body, "fitted", recorded)
    monkeypatch.setattr(docx_colophon, "fitted", recorded)
    render_docx(composed, layout)
    assert len(seen) > 5 and any(seen), seen  # the body's paragraphs and the colophon's names


def test_a_phrase_repeated_across_lines_keeps_its_places():
    text = "省地方志办，“十四五”规划。" * 9
    lines = body_lines(text)
    assert len(lines) > 3
    placed = fitting.line_units(lines)
    indexes = [i for _, units in placed for i, _u in units]
    assert indexes == sorted(set(indexes)) and indexes[-1] + 1 == len(text)  # in order, to the end
    assert all(text[i:i + len(u.text)] == u.text for _, units in placed for i, u in units)
    assert placed == searched(text, lines)
    assert fit(text, lines) == fit(text, lines, fit_by_search)


def test_a_unit_set_otherwise_than_its_text_loses_no_place_after_it():
    """A unit whose text is not the paragraph's (as a normalised character would be) keeps
    its place and the places of all after it; the text search lost the rest of the line."""
    text = "省地方志办，“十四五”规划。" * 9
    lines = body_lines(text)
    k = next(k for k, u in enumerate(lines[0].units) if u.text == "，")
    changed = (replace(lines[0], units=tuple(replace(u, text=",") if j == k else u
                                             for j, u in enumerate(lines[0].units))), *lines[1:])
    placed = fitting.line_units(changed)
    assert [i for _, units in placed for i, _u in units] == [
        i for _, units in fitting.line_units(lines) for i, _u in units]
    lost = searched(text, changed)
    assert len(lost[0][1]) == k < len(lines[0].units)  # the search stopped at the changed unit
    fit(text, changed)  # and the fitting runs on
