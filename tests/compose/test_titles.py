"""Title lines wider than the measure: condensed like Word up to the layout's limit, then refused."""

from __future__ import annotations

import pytest

from typeset.compose import Kind, compose
from typeset.errors import TypesetError
from typeset.model import Article, Paragraph

from .test_pages import LAYOUT, LONG, SERIES, issue_with

TITLE22 = "传达中国社科院院长高翔批示并研究贯彻落实意见"  # 22 ideographs of 二号: 484 pt


def titles(composed):
    return [i for p in composed.pages for i in p.items if getattr(i, "kind", "") == Kind.TITLE]


def test_a_title_line_a_little_too_wide_is_condensed_with_a_warning():
    composed = compose(issue_with(Article(("短标题", TITLE22), (Paragraph(LONG),))), SERIES, LAYOUT)
    short, wide = titles(composed)
    assert short.condense == 0
    size = LAYOUT["article_title"]["size"]
    assert 0 < wide.condense <= LAYOUT["article_title"]["fit_condense"]
    assert round(wide.condense / 0.05, 6) == round(wide.condense / 0.05)  # Word's 0.05 pt steps
    right = wide.x + max(u.x + u.width for u in wide.units)
    assert wide.x >= -0.01 and right <= LAYOUT.text_width + 0.01
    assert all(abs(u.width - (size - wide.condense)) < 1e-6 for u in wide.units)
    (warning,) = composed.warnings
    assert warning.warning and TITLE22 in warning.message and "紧缩" in warning.message


def test_a_title_line_beyond_the_limit_is_refused():
    with pytest.raises(TypesetError) as err:
        compose(issue_with(Article((TITLE22 + "工作",), (Paragraph(LONG),))), SERIES, LAYOUT)
    assert "过长" in str(err.value) and "分成几行" in str(err.value)


def test_the_limit_is_a_setting():
    layout = LAYOUT.with_overrides({"article_title": {"fit_condense": 1.0}})
    with pytest.raises(TypesetError):
        compose(issue_with(Article((TITLE22,), (Paragraph(LONG),))), SERIES, layout)
