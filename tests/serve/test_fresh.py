"""A running `typeset serve` never answers from what it read before a change: after a layout's
value, a series' `layout:` block or a font dropped into a fonts/ folder made while it runs
changes, the next preview and the next build handed over to it are what a fresh process makes.

The server runs a throw-away copy of typeset (code and layouts; the stand-in faces linked), so
that its layout can be edited; the fresh process is the same code in a second project folder
(no server there), given the same edits."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from typeset.fonts import STAND_IN

from .conftest import Served

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60  # seconds a rebuild may take to show


def _copy_code(dest: Path) -> Path:
    shutil.copytree(ROOT / "typeset", dest / "typeset", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "layouts", dest / "layouts")
    (dest / "fonts").mkdir()
    (dest / "fonts" / "stand-in").symlink_to(STAND_IN)
    return dest


def _project(dest: Path) -> Path:
    (dest / "issues" / "2024").mkdir(parents=True)
    shutil.copy(ROOT / "issues" / "series.yaml", dest / "issues" / "series.yaml")
    shutil.copy(ROOT / "issues" / "2024" / "645.yaml", dest / "issues" / "2024" / "645.yaml")
    return dest


def _env(code: Path, cache: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(code), "PYTHONUNBUFFERED": "1", "XDG_CACHE_HOME": str(cache)}


def _cold(code: Path, project: Path, cache: Path) -> dict[str, bytes]:
    """`typeset build 645` in a fresh process, in a project with no server running."""
    out = project / "fresh"
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run([sys.executable, "-m", "typeset", "build", "645", "-o", str(out)], cwd=project,
                          env=_env(code, cache), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "typeset serve" not in done.stderr
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def _handed(code: Path, project: Path, cache: Path) -> dict[str, bytes]:
    out = project / "handed"
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run([sys.executable, "-m", "typeset", "build", "645", "-o", str(out)], cwd=project,
                          env=_env(code, cache), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "由正在运行的 typeset serve 排版" in done.stderr, done.stderr
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as answer:  # noqa: S310 - the loopback server
        return answer.read()  # type: ignore[no-any-return]


def _next_pdf(url: str, before: bytes) -> bytes:
    """The preview's print PDF once it differs from `before` (the watcher has rebuilt)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        now = _get(url + "645.pdf")
        if now != before:
            return now
        time.sleep(0.3)
    raise AssertionError("the preview did not change after the edit")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _licensed_body_face() -> bytes:
    """A stand-in renamed to the layout's official body face, as a licensed file would be named."""
    import io

    from fontTools.ttLib import TTFont

    from typeset.layout import load_layout

    official = load_layout("briefing")["fonts"]["body"]["faces"][0]
    font = TTFont(STAND_IN / "FandolKai-Regular.otf")
    names = font["name"]
    names.names = [rec for rec in names.names if rec.platformID == 3]
    for rec in names.names:
        if rec.nameID in (1, 4, 16):
            rec.string = official
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@pytest.fixture
def world(tmp_path):
    code = _copy_code(tmp_path / "code")
    served, fresh = _project(tmp_path / "served"), _project(tmp_path / "fresh")
    cache = tmp_path / "cache"
    server = Served(served)
    os.environ["PYTHONPATH"], saved = str(code), os.environ.get("PYTHONPATH")
    os.environ["XDG_CACHE_HOME"], saved_cache = str(cache), os.environ.get("XDG_CACHE_HOME")
    try:
        server.start()
    finally:
        for name, value in (("PYTHONPATH", saved), ("XDG_CACHE_HOME", saved_cache)):
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    yield code, served, fresh, cache, server
    server.stop()


def test_layout_series_and_fonts_changes_reach_the_preview_and_the_hand_over(world) -> None:
    code, served, fresh, cache, server = world
    first = _get(server.url + "645.pdf")
    assert first == _cold(code, fresh, cache)["645.pdf"]

    # a layout's value (the layout folder is shared by both projects: the same code)
    _edit(code / "layouts" / "briefing" / "layout.yaml", "lines: 22 ", "lines: 18 ")
    preview = _next_pdf(server.url, first)
    cold = _cold(code, fresh, cache)
    assert preview == cold["645.pdf"]
    assert _handed(code, served, cache) == cold

    # a series' `layout:` block
    for project in (served, fresh):
        _edit(project / "issues" / "series.yaml", "layout: briefing", "layout: {name: briefing, grid: {lines: 16}}")
    after_series = _next_pdf(server.url, preview)
    cold = _cold(code, fresh, cache)
    assert after_series == cold["645.pdf"]
    assert _handed(code, served, cache) == cold

    # a font dropped into the project's fonts/
    face = _licensed_body_face()
    for project in (served, fresh):  # the folder made while the server runs
        (project / "fonts").mkdir()
        (project / "fonts" / "仿宋_GB2312.otf").write_bytes(face)
    after_font = _next_pdf(server.url, after_series)
    cold = _cold(code, fresh, cache)
    assert after_font == cold["645.pdf"]
    assert _handed(code, served, cache) == cold


def test_a_handed_over_build_is_stamped_as_build_all_stamps_it(served) -> None:
    """The server's build of 645 counts for `build --all`: nothing left to build."""
    def typeset(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "typeset", *args], cwd=served.root, capture_output=True,
                              text=True, timeout=120)

    handed = typeset("build", "645", "-o", "build")
    assert handed.returncode == 0 and "由正在运行的 typeset serve 排版" in handed.stderr, handed.stderr
    many = typeset("build", "--all", "-o", "build", "--jobs", "1")
    assert many.returncode == 0, many.stderr
    assert "其中 1 期没有改动" in many.stdout and "已生成" not in many.stdout
