"""Golden files: what the writers write, for 645 and each fixture, normalised and compared.

The DOCX's document, styles and settings XML (pretty-printed) and the PDF writer's
HTML (font files written as FACE-<role>) are compared with tests/writers/golden/;
a failure shows a unified diff. After a deliberate change of output, regenerate
them and read the diff in version control before committing:

    TYPESET_REGOLD=1 .venv/bin/pytest -q tests/writers/test_golden.py

The HTML's positions depend on the faces' metrics; the files hold the stand-ins',
so the HTML is compared only where the Chinese faces are the stand-ins.
"""

from __future__ import annotations

import difflib
import io
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from typeset.fonts import faces
from typeset.writers.docx import render as render_docx
from typeset.writers.pdf.render import html

from ..golden_issues import TARGETS, composed_target

GOLDEN = Path(__file__).resolve().parent / "golden"
REGOLD = os.environ.get("TYPESET_REGOLD", "") not in ("", "0")
PARTS = ("word/document.xml", "word/styles.xml", "word/settings.xml")
SHOWN = 60  # diff lines shown on failure


def _outputs(project, target: str, tmp_path: Path) -> dict[str, str]:
    project, _, layout, composed = composed_target(project, target, tmp_path)
    out: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(render_docx(composed, layout))) as z:
        for name in PARTS:
            tree = etree.fromstring(z.read(name))
            out[Path(name).name] = etree.tostring(tree, pretty_print=True, encoding="unicode")
    table = faces(layout)
    if not any(f.official for f in table.values() if f.role != "latin"):
        page = html(composed, layout)
        for face in table.values():
            page = page.replace(face.path.resolve().as_uri(), f"FACE-{face.role}")
        out["page.html"] = page.replace(project.root.resolve().as_uri(), "ROOT") + "\n"
    return out


@pytest.mark.parametrize("target", TARGETS)
def test_writers_write_the_golden_files(project, target, tmp_path):
    folder = GOLDEN / target
    problems = []
    for name, text in _outputs(project, target, tmp_path).items():
        golden = folder / name
        if REGOLD:
            folder.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, "utf-8")
            continue
        assert golden.is_file(), f"no golden file {golden}: run with TYPESET_REGOLD=1"
        want = golden.read_text("utf-8")
        if text != want:
            diff = list(difflib.unified_diff(want.splitlines(), text.splitlines(), f"golden/{target}/{name}",
                                             f"now/{target}/{name}", lineterm="", n=1))
            more = f"\n… {len(diff) - SHOWN} more diff lines" if len(diff) > SHOWN else ""
            problems.append("\n".join(diff[:SHOWN]) + more)
    if problems:
        pytest.fail("output differs from the golden files (TYPESET_REGOLD=1 to accept):\n"
                    + "\n".join(problems), pytrace=False)
