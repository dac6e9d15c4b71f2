"""Page composition: the grid, titles, markers kept with what follows, the colophon."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from typeset.compose import Rule, compose
from typeset.layout import load_layout
from typeset.model import Article, Paragraph, Section
from typeset.reader import load_issue, load_series

from ..conftest import FIXTURES, ROOT

LAYOUT = load_layout("briefing")
SERIES = load_series(ROOT / "issues")
BASE = load_issue(FIXTURES / "2021-07-16.yaml", SERIES)
LONG = "川渝地方志工作简报编纂年鉴资政育人存史修志" * 20  # 420 ideographs, many lines


def issue_with(*articles: Article, colophon=None):
    issue = dataclasses.replace(BASE, sections=(Section("测试", tuple(articles)),),
                                numbers=BASE.stated)
    if colophon:
        issue = dataclasses.replace(issue, colophon=colophon)
    return issue


def body_lines(page):
    return [i for i in page.items if getattr(i, "kind", "") in ("body", "source")]


def test_a_full_page_holds_22_grid_lines():
    issue = issue_with(Article(("标题",), (Paragraph(LONG * 2),)))
    pages = compose(issue, SERIES, LAYOUT).pages
    p2 = body_lines(pages[1])
    assert len(p2) == LAYOUT.lines
    ys = [line.baseline for line in p2]
    steps = {round(b - a, 3) for a, b in zip(ys, ys[1:], strict=False)}
    assert steps == {round(LAYOUT.line_pitch, 3)}


def test_page_one_starts_the_body_below_the_masthead():
    issue = issue_with(Article(("标题",), (Paragraph(LONG * 2),)))
    page = compose(issue, SERIES, LAYOUT).pages[0]
    office = next(i for i in page.items if getattr(i, "kind", "") == "office")
    rule = next(i for i in page.items if isinstance(i, Rule))
    first_body = body_lines(page)[0]
    assert office.baseline < rule.y < first_body.baseline
    # masthead rows + office line + marker + title block leave the rest to body lines
    assert len(body_lines(page)) == LAYOUT.lines - LAYOUT["masthead"]["office_line"] - 1 - 2


def test_title_and_marker_never_end_a_page():
    filler = "川" * (26 + 28 * 17)  # leaves little room at the foot of page one
    issue = issue_with(Article(("一",), (Paragraph(filler),)),
                       Article(("第二篇文章",), (Paragraph(LONG),)))
    pages = compose(issue, SERIES, LAYOUT).pages
    for page in pages:
        kinds = [getattr(i, "kind", "") for i in page.items if hasattr(i, "kind")]
        body_kinds = [k for k in kinds if k in ("section", "title", "body", "source")]
        assert body_kinds[-1] in ("body", "source"), body_kinds


def test_colophon_stands_at_the_foot_of_the_last_page():
    composed = compose(issue_with(Article(("标题",), (Paragraph("短文。"),))), SERIES, LAYOUT)
    last = composed.pages[-1]
    rules = [i for i in last.items if isinstance(i, Rule)]
    bottom = LAYOUT.lines * LAYOUT.line_pitch
    assert rules[-1].y == pytest.approx(bottom)
    col = [i for i in last.items if getattr(i, "kind", "") == "colophon"]
    assert "印发" in "".join(c.text for c in col)


def test_colophon_moves_whole_to_a_new_page_when_it_does_not_fit():
    filler = "川" * (26 + 28 * 30 - 5)  # fills page 2 to its last grid line
    composed = compose(issue_with(Article(("标题",), (Paragraph(filler),))), SERIES, LAYOUT)
    last = composed.pages[-1]
    assert not body_lines(last)
    kinds = {getattr(i, "kind", "") for page in composed.pages[:-1] for i in page.items}
    assert "colophon" not in kinds


def test_source_sits_on_the_last_line_when_it_fits_else_on_its_own():
    short = compose(issue_with(Article(("标题",), (Paragraph("川" * 10),), "省地方志办")),
                    SERIES, LAYOUT)
    line = body_lines(short.pages[0])[-1]
    assert line.text.endswith("（省地方志办）") and line.kind == "body"
    assert line.units[-1].x + line.units[-1].width == pytest.approx(LAYOUT.text_width)
    full = compose(issue_with(Article(("标题",), (Paragraph("川" * 50),), "省地方志办")),
                   SERIES, LAYOUT)
    lines = body_lines(full.pages[0])
    assert lines[-1].kind == "source" and lines[-1].text == "（省地方志办）"


def test_dates_print_without_zero_padding():
    issue = dataclasses.replace(issue_with(Article(("标题",), (Paragraph("文。"),))),
                                date=dt.date(2024, 3, 6))
    page = compose(issue, SERIES, LAYOUT).pages[0]
    date = next(i for i in page.items if getattr(i, "kind", "") == "date")
    assert date.text == "2024年3月6日"


def test_a_layout_without_the_issues_overrides_is_an_internal_error():
    """build.py applies an issue's `layout:` once; the composer checks and never applies it."""
    from typeset.errors import InternalError

    issue = dataclasses.replace(issue_with(Article(("标题",), (Paragraph("短文。"),))),
                                layout_overrides={"lines": LAYOUT.lines + 1})
    with pytest.raises(InternalError):
        compose(issue, SERIES, LAYOUT)
    assert compose(issue, SERIES, LAYOUT.with_overrides(issue.layout_overrides)).pages
