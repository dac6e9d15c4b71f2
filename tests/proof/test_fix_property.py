"""`typeset proof --fix` on any text: it changes no character outside the findings, keeps
every other line byte for byte, reads back as YAML with the same structure, and a second
run changes nothing."""

from __future__ import annotations

import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeset.proof import hits
from typeset.proof.fix import fix_source
from typeset.proof.texts import texts

ALPHABET = "中文志书写好。，、；：？！“”‘’（）《》【】…—–－,.:;!?()\"' -~0123ab２Ａ\u3000\u00a0\u200b#@😀"
TRIM = " \u3000\u200b"
TEXT = st.text(alphabet=ALPHABET, min_size=1, max_size=40).filter(lambda t: t.strip(" \u3000\u200b"))


def _single(t: str) -> str:
    return "'" + t.replace("'", "''") + "'"


def _double(t: str) -> str:
    return '"' + t.replace("\\", "\\\\").replace('"', '\\"').replace("\u200b", "\\u200b") + '"'


def _block(t: str) -> str:
    return "|\n            " + t


def _file(value: str) -> str:
    return ("# 注释在前\ndate: 2024-04-02\nsections:\n  - name: 市州动态\n    articles:\n"
            "      - title: 标题\n        paragraphs:\n          # 段前的注释\n"
            f"          - {value}\n          - 不变的一段。   # 行尾注释\n        source: 省地方志办\n")


def _outside_kept(old: str, new: str, spans: list[tuple[int, int]]) -> bool:
    """Every character of `old` outside the spans stands in `new`, in order, and nothing else
    does: `new` matches `old` with each span replaced by anything."""
    covered = {k for s, e in spans for k in range(s, e)}
    ends = len(old) - len(old.lstrip(TRIM)), len(old.rstrip(TRIM))  # the reader trims a text's ends
    covered |= set(range(ends[0])) | set(range(ends[1], len(old)))
    pattern, k = "", 0
    while k < len(old):
        if k in covered:
            while k < len(old) and k in covered:
                k += 1
            pattern += ".*?"
        else:
            pattern += re.escape(old[k])
            k += 1
    return re.fullmatch(rf"\s*{pattern}\s*", new, re.DOTALL) is not None


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from([_single, _double, _block]))
def test_fix_changes_only_findings_and_is_idempotent(text, style):
    source = _file(style(text))
    before = texts(source)
    if not before or before[2].text.strip() != text.strip(" \u3000"):
        return  # YAML itself reads this value otherwise (a plain scalar's edge): not the fixer's business
    fixed = fix_source(source)
    new = fixed.source
    assert yaml.safe_load(new)["sections"][0]["articles"][0]["paragraphs"][1] == "不变的一段。"
    old_lines, new_lines = source.split("\n"), new.split("\n")
    assert len(old_lines) == len(new_lines)
    assert [a for a, b in zip(old_lines, new_lines, strict=True) if a != b] in ([], [old_lines[8 + (style is _block)]])
    after = texts(new)
    old_text, new_text = before[2].text, after[2].text
    spans = [(h.start, h.end) for h in hits(old_text) if h.fix is not None]
    if not fixed.refused:
        assert _outside_kept(old_text, new_text, spans), (old_text, new_text, spans)
    assert fix_source(new).source == new  # idempotent


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_and_any_file_are_proofread_without_failing(text):
    from typeset.proof import clean, findings

    hits(text)
    hits(text, title=True)
    fixed, _ = clean(text)
    assert clean(fixed)[0] == fixed
    findings(text, "x.yaml")
    findings(_file(_double(text)), "x.yaml")
