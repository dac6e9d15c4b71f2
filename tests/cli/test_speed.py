"""The numbering commands stay quick: no PDF/Word engine imported (check composes every issue,
as build would, so it alone loads the composer), and numbering a series reads only each
file's head (a few lines), never the whole YAML."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

import typeset.reader
from typeset.build import Project, numbered
from typeset.catalog import Catalog
from typeset.reader import load_issue, load_series

from .series import Made

HEAVY = ("weasyprint", "docx", "fontTools", "typeset.compose", "typeset.writers.pdf")


@pytest.mark.parametrize("args", [["list"], ["check"], ["new", "--date", "2025-12-02"], ["--help"]])
def test_numbering_commands_import_no_engine(series: list[Made], args: list[str]) -> None:
    heavy = tuple(m for m in HEAVY if not (args == ["check"] and m == "typeset.compose"))
    probe = (
        "import sys\n"
        "from typeset.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        f"print('heavy:', *[m for m in {heavy!r} if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("heavy:"), out.stdout + out.stderr


def test_scan_reads_heads_without_the_yaml_parser(series: list[Made], monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the whole file was parsed")

    monkeypatch.setattr("typeset.catalog.load", refuse)
    t = time.perf_counter()
    c = Catalog.scan(Path("issues").resolve())
    elapsed = time.perf_counter() - t
    assert len(c.entries) == len(series) and not c.problems
    assert elapsed < 0.5  # typically a few milliseconds for the 67 files


def test_building_one_issue_parses_only_that_file(series: list[Made], monkeypatch) -> None:
    project = Project(Path.cwd())
    s = load_series(project.issues)
    m = next(m for m in series if m.total == 150)
    issue = load_issue(m.path, s)
    parsed: list[str] = []
    real = typeset.reader.load

    def counting(path, *args, **kwargs):
        parsed.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr("typeset.reader.load", counting)
    monkeypatch.setattr("typeset.catalog.load", counting)
    assert numbered(issue, m.path, project, s).number_line() == f"第 {m.number} 期（总第 150 期）"
    assert parsed == []
