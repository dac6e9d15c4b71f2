"""Every layout value is a setting: layout.yaml and its schema have the same keys, overrides are
deep-merged, validated with located messages, and each new setting changes what it says."""

from __future__ import annotations

import dataclasses
import json

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from typeset.compose import Kind, compose
from typeset.layout import merged, normalised
from typeset.model import Article, Paragraph

from ..conftest import ROOT
from .test_pages import LAYOUT, LONG, SERIES, issue_with

SCHEMAS = {name: json.loads((ROOT / "typeset" / "schema" / f"{name}.schema.json").read_text("utf-8"))
           for name in ("issue", "layout")}
SPEC = yaml.safe_load((ROOT / "layouts" / "briefing" / "layout.yaml").read_text("utf-8"))


def _resolve(node: dict) -> dict:
    ref = node.get("$ref")
    if ref == "issue.schema.json#/$defs/composition":
        return SCHEMAS["issue"]["$defs"]["composition"]
    return node


def _keys(value, node: dict, path: str = "") -> list[str]:
    """Paths present on one side only (layout.yaml or its schema)."""
    node = _resolve(node)
    if not isinstance(value, dict):
        return []
    props = node.get("properties", {})
    pattern = next(iter(node.get("patternProperties", {}).values()), None)
    out = []
    for key, v in value.items():
        sub = props.get(str(key), pattern)
        if sub is None:
            out.append(f"{path}{key} (layout.yaml only)")
        else:
            out += _keys(v, sub, f"{path}{key}.")
    shorthands = {"lines", "line_pitch"} if not path else set()
    out += [f"{path}{k} (schema only)" for k in props if k not in {str(x) for x in value} - set()
            and k not in shorthands]
    return out


def test_the_schema_has_every_key_of_the_layout_and_no_other():
    drift = _keys(SPEC, SCHEMAS["layout"])
    assert drift == [], f"layout.yaml and typeset/schema/layout.schema.json differ: {drift}"


def _strings(value):
    return {str(k): _strings(v) for k, v in value.items()} if isinstance(value, dict) else value


def test_the_layout_itself_is_valid_by_its_schema():
    registry = Registry().with_resources(
        (s["$id"].rsplit("/", 1)[-1], Resource.from_contents(s)) for s in SCHEMAS.values())
    errors = list(Draft202012Validator(SCHEMAS["layout"], registry=registry).iter_errors(_strings(SPEC)))
    assert errors == []


def test_overrides_are_deep_merged_and_shorthands_land_in_the_grid():
    series = {"article_title": {"fit_condense": 1.5}, "lines": 23}
    issue = {"article_title": {"space_before_lines": 0}, "grid": {"line_pitch": 27.7}}
    both = merged(normalised(series), normalised(issue))
    layout = LAYOUT.with_overrides(both)
    assert layout["article_title"]["fit_condense"] == 1.5
    assert layout["article_title"]["space_before_lines"] == 0
    assert layout["article_title"]["size"] == LAYOUT["article_title"]["size"]
    assert (layout.lines, layout.line_pitch) == (23, 27.7)
    assert layout.applies(both) and not LAYOUT.applies(both)
    bold = LAYOUT.with_overrides({"heading": {"1": {"bold": True}}})  # keys as an issue file gives them
    assert bold["heading"][1] == {"font": LAYOUT["heading"][1]["font"], "bold": True}


def _source_lines(layout, text="短段落。"):
    issue = issue_with(Article(("标题",), (Paragraph(text),), source="省地方志办"))
    issue = dataclasses.replace(issue, layout_overrides={})
    page = compose(issue, SERIES, layout).pages[0]
    return [i for i in page.items if getattr(i, "kind", "") in (Kind.BODY, Kind.SOURCE)]


def test_source_placement_same_line_or_own_line():
    same = _source_lines(LAYOUT)
    assert len(same) == 1 and same[0].text.endswith("（省地方志办）")
    own = _source_lines(LAYOUT.with_overrides({"source": {"placement": "own_line"}}))
    assert [line.kind for line in own] == [Kind.BODY, Kind.SOURCE]


@pytest.mark.parametrize("before, after, body_lines", [(0.5, 0, 8), (0, 0, 9), (0, 1, 8), (1, 1, 7)])
def test_space_before_and_after_a_title_decide_what_page_one_holds(before, after, body_lines):
    layout = LAYOUT.with_overrides({"article_title": {"space_before_lines": before,
                                                      "space_after_lines": after}})
    issue = dataclasses.replace(issue_with(Article(("标题", "第二行"), (Paragraph(LONG),))),
                                layout_overrides={})
    page = compose(issue, SERIES, layout).pages[0]
    body = [i for i in page.items if getattr(i, "kind", "") == Kind.BODY]
    assert len(body) == body_lines  # 22 − 10 masthead slots − section − 2 title lines − spaces


def test_quote_width_depends_on_the_face_that_sets_the_quote():
    from typeset.compose import settings_for, units_of

    latin = units_of("“川”", settings_for(LAYOUT, 16))
    chinese = units_of("“川”", settings_for(LAYOUT, 16, {"quote_face": "chinese"}))
    c = LAYOUT.composition
    assert latin[0].latin and abs(latin[0].width - (16 * c["quote_width"] - c["condense"])) < 1e-9
    assert not chinese[0].latin
    assert abs(chinese[0].width - (16 * c["quote_width_chinese"] - c["condense"])) < 1e-9


def test_a_bad_override_is_refused_where_it_stands(tmp_path):
    from typeset.errors import TypesetError
    from typeset.reader import load_issue

    path = tmp_path / "bad.yaml"
    path.write_text("date: 2024-03-26\nnumber: 1\ntotal: 1\nlayout:\n  source: {placement: own}\n"
                    "  article_titel: {fit_condense: 1}\n"
                    "sections:\n  - name: 测试\n    articles:\n      - title: 标题\n"
                    "        paragraphs: [正文。]\n", "utf-8")
    with pytest.raises(TypesetError) as err:
        load_issue(path, SERIES)
    text = str(err.value)
    assert "bad.yaml:5:" in text and "layout.source.placement" in text and "own_line" in text
    assert "bad.yaml:6:" in text and "article_title" in text  # the near key suggested
