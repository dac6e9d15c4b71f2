"""WeasyPrint's patches change nothing but speed: the PDF writer run with every patch off
(TYPESET_PLAIN_WEASYPRINT=1), or with a patch whose needs are missing (its fence shut), draws
the same text at the same places as with the patches; a fence that shuts falls back to plain
WeasyPrint rather than failing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ISSUES = [ROOT / "issues" / "2024" / "645.yaml", ROOT / "tests" / "fixtures" / "2021-07-16.yaml"]

PROBE = """
import importlib.util
import sys
from pathlib import Path
import typeset
if sys.argv[4] == "shut":  # as if weasyprint.html lacked a sheet the lazy loader rewrites (69.0 did)
    name = "typeset.writers.pdf.sheets"  # loaded first, alone, to be changed before WeasyPrint loads
    spec = importlib.util.spec_from_file_location(name, Path(typeset.__file__).parent / "writers/pdf/sheets.py")
    sheets = sys.modules[name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sheets)
    sheets.NEEDED_SHEETS = ("UA_STYLESHEET", "NO_SUCH_SHEET")
from typeset.build import Project, build
build(Path(sys.argv[1]), Project(Path(sys.argv[2])), ("pdf",), Path(sys.argv[3]), stem="out")
from typeset.writers.pdf import patches
print(",".join(sorted(patches.applied())))
"""


def _draw(issue: Path, out: Path, mode: str, tmp_path: Path) -> tuple[bytes, set[str]]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    if mode == "plain":
        env["TYPESET_PLAIN_WEASYPRINT"] = "1"
    done = subprocess.run([sys.executable, "-c", PROBE, str(issue), str(ROOT), str(out), mode], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return (out / "out.pdf").read_bytes(), set(done.stdout.strip().split(",")) - {""}


def _placed(pdf: bytes, tmp_path: Path) -> str:
    """Every word with its box, as poppler reads it back (text and positions)."""
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("issue", [p for p in ISSUES if p.exists()], ids=lambda p: p.stem)
def test_plain_weasyprint_draws_what_the_patched_one_draws(issue, tmp_path) -> None:
    patched, on = _draw(issue, tmp_path / "patched", "patched", tmp_path)
    plain, off = _draw(issue, tmp_path / "plain", "plain", tmp_path)
    assert {"sheets", "fonts in place", "deferred", "font data on use"} <= on  # the patches were in effect here
    assert off == set()  # and none of them there
    placed = _placed(patched, tmp_path)
    assert placed.count("<word ") > 50
    assert placed == _placed(plain, tmp_path)
    assert plain == patched  # indeed the same file, byte for byte


def test_a_shut_fence_falls_back_to_plain_weasyprint(tmp_path) -> None:
    patched, on = _draw(ISSUES[0], tmp_path / "patched", "patched", tmp_path)
    shut, with_fence_shut = _draw(ISSUES[0], tmp_path / "shut", "shut", tmp_path)
    assert "sheets" in on and "sheets" not in with_fence_shut
    assert "fonts in place" in with_fence_shut  # the other patches stand on their own
    assert _placed(shut, tmp_path) == _placed(patched, tmp_path)
    assert shut == patched
