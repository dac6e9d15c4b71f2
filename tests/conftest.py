"""Shared test helpers: the project, real builds, PDF text read back with poppler."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from typeset.build import Project, build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
OFFICIAL = FIXTURES / "official"  # pdftotext texts of official issues (README there)


def load_script(name: str, path: Path) -> ModuleType:
    """A script outside the package (bench/, scripts/) imported as module `name`."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def built(tmp_path_factory, project):
    """Build an issue once per session: built("645") or built(FIXTURES / "x.yaml")."""
    cache: dict[tuple[str, str], Path] = {}

    def make(target: str | Path, fmt: str = "pdf") -> Path:
        key = (str(target), fmt)
        if key not in cache:
            out = tmp_path_factory.mktemp("build")
            path = Path(target) if isinstance(target, Path) else _by_total(project, target)
            result = build(path, project, (fmt,), out)
            cache[key] = result.outputs[0]
        return cache[key]

    return make


def _by_total(project: Project, target: str) -> Path:
    """The issue file for 645 or 2024-40, found by the series' numbering."""
    from typeset.catalog import Catalog

    return Catalog.scan(project.issues).find(target)


def running(pid: int) -> bool:
    """Whether process pid is alive (Linux /proc; one that ends while it is read has ended)."""
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return False


def pdf_lines(path: Path) -> list[list[str]]:
    """Lines of text per page, read back with pdftotext -layout (white space squeezed)."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [[re.sub(r"\s+", "", line) for line in page.splitlines() if line.strip()]
            for page in pages]


def needs(tool: str):
    return pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} not installed")


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """A throw-away project to act in as an editor (tests/editor_project.py)."""
    from .editor_project import EditorProject

    project = EditorProject(tmp_path)
    monkeypatch.chdir(tmp_path)
    return project
