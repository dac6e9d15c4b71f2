"""Any legal setting composes: every composition value the schema accepts composes every text
that composes at the defaults (the official fixtures and the sample issue), whole issues
through the fit check, since the line filler and the fit check share one idea of a line."""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from typeset.build import Project
from typeset.catalog import Catalog
from typeset.compose import compose
from typeset.layout import load_layout
from typeset.numbering import keep_stated
from typeset.reader import load_issue, load_series

from ..conftest import FIXTURES, ROOT

SCHEMA = json.loads((ROOT / "typeset" / "schema" / "issue.schema.json").read_text("utf-8"))
COMPOSITION = SCHEMA["$defs"]["composition"]
SERIES = load_series(ROOT / "issues")
LAYOUT = load_layout(SERIES.layout)
ISSUES = [keep_stated(load_issue(p, SERIES)) for p in sorted(FIXTURES.glob("*.yaml"))]
ISSUES.append(load_issue(Catalog.scan(Project(ROOT).issues).find("645"), SERIES))
MARKS = "，。、；：？！”’）》」』】〕（《「『【〔“‘!%),.:;?]}$([{—…·"


def _number(spec: dict) -> st.SearchStrategy[float]:
    low = spec.get("minimum", spec.get("exclusiveMinimum", 0))
    high = spec.get("maximum", spec.get("exclusiveMaximum", 100))
    values = st.floats(low, high, exclude_min="exclusiveMinimum" in spec,
                       exclude_max="exclusiveMaximum" in spec, allow_nan=False)
    return st.one_of(st.sampled_from([v for v in (low, high) if v == v]), values) if \
        "exclusiveMinimum" not in spec else values


def _value(spec: dict) -> st.SearchStrategy:
    if "enum" in spec:
        return st.sampled_from(spec["enum"])
    kind = spec["type"]
    if kind == "number":
        return _number(spec)
    if kind == "boolean":
        return st.booleans()
    if kind == "string":
        return st.text(st.sampled_from(MARKS), max_size=20)
    return st.lists(st.text(st.sampled_from(MARKS), min_size=spec["items"].get("minLength", 1),
                            max_size=3), max_size=3)


SETTINGS = st.fixed_dictionaries({}, optional={k: _value(v) for k, v in COMPOSITION["properties"].items()})


def test_the_texts_compose_at_the_defaults():
    for issue in ISSUES:
        compose(issue, SERIES, LAYOUT.with_overrides(issue.layout_overrides))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SETTINGS)
@example({"fit_squeeze": 2.5})  # the filler squeezed an opening mark the fit check then refused
@example({"fit_squeeze": 8, "reference_size": 8})
@example({"quote_width_chinese": 0.125, "condense": 3, "quote_face": "chinese"})  # no negative advance
def test_every_legal_composition_setting_composes(chosen):
    Draft202012Validator(COMPOSITION).validate(chosen)  # what the schema accepts
    for issue in ISSUES:
        issue = replace(issue, composition={**issue.composition, **chosen})
        compose(issue, SERIES, LAYOUT.with_overrides(issue.layout_overrides))
