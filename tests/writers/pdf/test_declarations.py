"""WeasyPrint's C declarations kept parsed: a cold build loads them without pycparser, the same PDF;
the cache follows the declarations' text (a changed text is parsed anew) and a damaged entry is
written again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from typeset.writers.pdf import declarations

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kept declarations: Linux only")

PROBE = """
import sys
from pathlib import Path
from typeset.build import Project, build
build(Path(sys.argv[1]), Project(Path(sys.argv[2])), ("pdf",), Path(sys.argv[3]))
print("pycparser" in sys.modules)
"""


def _build(cache: Path, out: Path, kept: bool = True) -> bool:
    """A cold PDF build with `cache` as XDG_CACHE_HOME; whether it imported pycparser.
    kept=False: WeasyPrint imported as it comes, parsing its declarations."""
    issue = next((ROOT / "issues").rglob("645.yaml"))
    probe = PROBE if kept else "import cffi\nimport weasyprint\n" + PROBE
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-c", probe, str(issue), str(ROOT), str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    assert "generating" not in done.stdout and done.stderr == "", done.stdout + done.stderr
    return done.stdout.split()[-1] == "True"


def test_a_cold_build_reads_the_declarations_kept_and_draws_the_same_pdf(tmp_path) -> None:
    cache = tmp_path / "cache"
    assert _build(cache, tmp_path / "first") is True  # nothing kept yet: parsed, then kept
    kept = list((cache / "typeset" / "cffi").glob("_typeset_cffi_*.py"))
    assert len(kept) == 1
    assert _build(cache, tmp_path / "second") is False  # read back: no C parser at all
    assert _build(cache, tmp_path / "plain", kept=False) is True
    pdf = (tmp_path / "second" / "645.pdf").read_bytes()
    assert pdf == (tmp_path / "first" / "645.pdf").read_bytes() == (tmp_path / "plain" / "645.pdf").read_bytes()
    kept[0].write_text("ffi = (", "utf-8")  # damaged: parsed and written again, the build unharmed
    assert _build(cache, tmp_path / "third") is True
    assert (tmp_path / "third" / "645.pdf").read_bytes() == pdf
    assert _build(cache, tmp_path / "fourth") is False


def test_changed_declarations_are_parsed_anew(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    one = declarations.CachedFFI()
    one.cdef("int abs(int);")
    assert one.dlopen(None).abs(-3) == 3
    two = declarations.CachedFFI()
    two.cdef("int abs(int);\nlong labs(long);")
    libc = two.dlopen(None)
    assert libc.labs(-5) == 5 and libc.abs(-2) == 2
    assert len(list((tmp_path / "typeset" / "cffi").glob("*.py"))) == 2
    again = declarations.CachedFFI()
    again.cdef("int abs(int);")
    with pytest.raises(AttributeError):  # the first text's module: no labs
        again.dlopen(None).labs(-1)


def test_an_unwritable_cache_parses_in_the_process(tmp_path, monkeypatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    ffi = declarations.CachedFFI()
    ffi.cdef("int abs(int);")
    assert ffi.dlopen(None).abs(-7) == 7 and ffi.new("int *", 4)[0] == 4
