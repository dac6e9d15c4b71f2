"""Golden text of the composed issue: every page, line, rule and picture of 645 and each
fixture as the composer decided them, compared with tests/compose/golden/<target>.txt.

The composer works from the official metrics alone (it imports no font module:
tests/test_architecture.py), so these files are the same whichever faces are installed,
and a change of composition shows here as lines that moved, before any writer runs.
A failure shows a unified diff. After a deliberate change, regenerate them and read the
diff in version control before committing:

    TYPESET_REGOLD=1 .venv/bin/pytest -q tests/compose/test_composed_golden.py

Each page lists its items in order: a text line as its kind, position (pt from the text
block's top left), size, face role and page decisions, its text, then each unit as
at:text@x+width (x from the line's left edge; ~dx where the glyph is drawn shifted).
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from typeset.compose import ComposedIssue, Item, Picture, Ref, Rule, TextLine

from ..golden_issues import TARGETS, composed_target

GOLDEN = Path(__file__).resolve().parent / "golden"
REGOLD = os.environ.get("TYPESET_REGOLD", "") not in ("", "0")
SHOWN = 60  # diff lines shown on failure


def _n(value: float) -> str:
    """A length to a thousandth of a point, without trailing zeros (-0 as 0)."""
    text = f"{round(value, 3) + 0.0:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _ref(ref: Ref) -> str:
    parts = [f"{k[0]}{v}" for k, v in (("section", ref.section), ("article", ref.article), ("item", ref.item))
             if v >= 0]
    if parts or ref.line:
        parts.append(f"l{ref.line}")
    if ref.part:
        parts.append(str(ref.part))
    return ".".join(parts) or "-"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _line(item: TextLine) -> list[str]:
    flags = [f"color={item.color}"] if item.color != "text" else []
    flags += ["bold"] * item.bold + ["opens-page"] * item.opens_page + ["keep-with-next"] * item.keep_with_next
    if item.source_from is not None:
        flags.append(f"source-from={item.source_from}")
    end = max((u.x + u.width for u in item.units), default=0.0)
    head = (f"{item.kind} ref={_ref(item.ref)} x={_n(item.x)} baseline={_n(item.baseline)} size={_n(item.size)} "
            f"font={item.font} end={_n(end)} {' '.join(flags)}").rstrip()
    units = " ".join(f"{u.at}:{_quoted(u.text) if not u.text.strip() or ' ' in u.text else u.text}"
                     f"@{_n(u.x)}+{_n(u.width)}" + (f"~{_n(u.dx)}" if u.dx else "") + ("L" if u.latin else "")
                     for u in item.units)
    return [head, f"    {_quoted(item.text)}", f"    {units}"]


def _item(item: Item) -> list[str]:
    if isinstance(item, TextLine):
        return _line(item)
    if isinstance(item, Rule):
        return [f"{item.kind} ref={_ref(item.ref)} x={_n(item.x)} y={_n(item.y)} width={_n(item.width)} "
                f"thickness={_n(item.thickness)} color={item.color}" + " opens-page" * item.opens_page]
    assert isinstance(item, Picture)
    return [f"{item.kind} ref={_ref(item.ref)} x={_n(item.x)} y={_n(item.y)} width={_n(item.width)} "
            f"height={_n(item.height)} {Path(item.path).name} {item.format}" + " opens-page" * item.opens_page]


def composed_text(composed: ComposedIssue) -> str:
    """The composed issue as text: pages, items in order, warnings (without file names)."""
    out = [f"{composed.title}: {len(composed.pages)} pages"]
    for page in composed.pages:
        out.append(f"== page {page.number}: {len(page.items)} items")
        for item in page.items:
            out += ["  " + row if not row.startswith("    ") else row for row in _item(item)]
        if page.folio is not None:
            out += ["  folio " + row if i == 0 else row for i, row in enumerate(_line(page.folio))]
    for warning in composed.warnings:
        out.append(f"warning: {warning.field or '-'}: {warning.message}")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("target", TARGETS)
def test_the_composer_sets_the_golden_lines_and_pages(project, target, tmp_path):
    _, _, _, composed = composed_target(project, target, tmp_path)
    text = composed_text(composed)
    golden = GOLDEN / f"{target}.txt"
    if REGOLD:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, "utf-8")
        return
    assert golden.is_file(), f"no golden file {golden}: run with TYPESET_REGOLD=1"
    want = golden.read_text("utf-8")
    if text != want:
        diff = list(difflib.unified_diff(want.splitlines(), text.splitlines(), f"golden/{target}.txt",
                                         f"now/{target}.txt", lineterm="", n=1))
        more = f"\n… {len(diff) - SHOWN} more diff lines" if len(diff) > SHOWN else ""
        pytest.fail("the composition differs from the golden text (TYPESET_REGOLD=1 to accept):\n"
                    + "\n".join(diff[:SHOWN]) + more, pytrace=False)


def test_the_text_shows_a_moved_line(project, tmp_path):
    """A line moved by a hundredth of a point, or one character set elsewhere, changes the text."""
    from dataclasses import replace

    _, _, _, composed = composed_target(project, "645", tmp_path)
    before = composed_text(composed)
    page = composed.pages[-1]
    k, line = next((k, i) for k, i in enumerate(page.items) if isinstance(i, TextLine) and len(i.units) > 2)
    moved = replace(line, baseline=line.baseline + 0.01)
    shifted = replace(line, units=(*line.units[:-1], replace(line.units[-1], x=line.units[-1].x + 0.01)))
    for changed in (moved, shifted):
        pages = (*composed.pages[:-1], replace(page, items=(*page.items[:k], changed, *page.items[k + 1:])))
        assert composed_text(replace(composed, pages=pages)) != before
