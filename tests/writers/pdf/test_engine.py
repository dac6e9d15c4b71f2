"""The PDF engine's import: fontTools' subsetter deferred while HarfBuzz subsets, real when used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import sys
from pathlib import Path
from typeset.build import Project, build
build(Path(sys.argv[1]), Project(Path(sys.argv[2])), ("pdf",), Path(sys.argv[3]))
from weasyprint.pdf import fonts
from weasyprint.text.ffi import harfbuzz_subset
print("hb" if harfbuzz_subset else "no-hb", "fontTools.subset" in sys.modules)
print(fonts.subset.Options.__module__, "fontTools.subset" in sys.modules)
try:
    fonts.instantiateVariableFont(None, {})
except Exception as err:  # the real instancer refuses None
    print(type(err).__name__, "fontTools.varLib.instancer" in sys.modules)
"""


def test_subsetter_deferred_until_used(tmp_path):
    issue = next((ROOT / "issues").rglob("645.yaml"))
    out = subprocess.run([sys.executable, "-c", PROBE, str(issue), str(ROOT), str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split("\n")
    hb, loaded = out[0].split()
    if hb == "hb":  # a whole PDF written without fontTools' subsetter
        assert loaded == "False"
    assert out[1] == "fontTools.subset True"  # any use gets the real module
    assert out[2].split()[1] == "True" and out[2].split()[0] != "RecursionError"
    assert (tmp_path / "645.pdf").stat().st_size > 10_000
