"""A mistake in a layout's settings (an unknown key, a misspelt one, a wrong type, a value out of
range, a key left out) is reported where it stands — file, line, column, the key's path — with
what is wrong and what to do, exit 1: in layouts/<name>/layout.yaml, in series.yaml's
`layout:` and in an issue's `layout:`. Never an internal error."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from typeset.fonts import STAND_IN

from ..editor_project import BASE, ISSUE

ROOT = Path(__file__).resolve().parents[2]

# (name, layout.yaml line as written, as changed, the key's path, words the message must hold)
MISTAKES = [
    ("unknown", "  office_line: 10 ", "  office_line: 10\n  qrcode: 3 ", "masthead.qrcode",
     ["未知的键“qrcode”", "这里可用的键", "office_line"]),
    ("misspelt", "  office_line: 10 ", "  office_lien: 10 ", "masthead.office_lien",
     ["未知的键“office_lien”", "是不是“office_line”"]),
    ("type", "  lines: 22 ", "  lines: 二十二 ", "grid.lines", ["应为整数", "二十二"]),
    ("range", "  lines: 22 ", "  lines: 400 ", "grid.lines", ["数值 400 太大", "不大于 40"]),
    ("absent", "  office_line: 10 ", "  # office_line: 10 ", "masthead.office_line",
     ["缺少“office_line”", "抄回"]),
]


@pytest.fixture(scope="module")
def code(tmp_path_factory) -> Path:
    """A throw-away copy of typeset (code and layouts), so that its layout.yaml can be edited."""
    dest = tmp_path_factory.mktemp("code")
    shutil.copytree(ROOT / "typeset", dest / "typeset", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "layouts", dest / "layouts")
    (dest / "fonts").mkdir()
    (dest / "fonts" / "stand-in").symlink_to(STAND_IN)
    return dest


def _run(code: Path, project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(code), "XDG_CACHE_HOME": str(project / "cache")}
    return subprocess.run([sys.executable, "-m", "typeset", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("name", "old", "new", "field", "words"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_mistake_in_layout_yaml_is_located(code, editor, name, old, new, field, words) -> None:
    layout = code / "layouts" / "briefing" / "layout.yaml"
    original = layout.read_text("utf-8")
    assert old in original
    line = next(i for i, text in enumerate(original.splitlines(), 1) if text.startswith(old))
    if name == "unknown":
        line += 1
    if name == "absent":  # said at the section that lacks it
        line = next(i for i, text in enumerate(original.splitlines(), 1) if text.startswith("masthead:"))
    layout.write_text(original.replace(old, new, 1), "utf-8")
    try:
        editor.write(BASE)
        for args in (["check"], ["build", ISSUE, "-o", "build"]):
            done = _run(code, editor.root, *args)
            assert done.returncode == 1, done.stderr
            assert "内部错误" not in done.stderr and "Traceback" not in done.stderr
            first = done.stderr.splitlines()[0]
            assert re.match(rf"{re.escape(str(layout))}:{line}:\d+: 错误：", first), done.stderr
            assert f"（{field}）" in first or f"{field}：" in first, first
            for word in words:
                assert word in first, first
            assert "版式文件" in done.stderr and "请按以上提示改正" in done.stderr
            assert not (editor.root / "build").exists()
    finally:
        layout.write_text(original, "utf-8")


def _series_layout(editor, value: str) -> int:
    path = editor.issues / "series.yaml"
    lines = path.read_text("utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("layout:"))
    lines[number] = f"layout: {value}"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return number + 1


OVERRIDES = [
    ("unknown", "{masthead: {qrcode: 3}}", "masthead.qrcode", ["未知的键“qrcode”", "这里可用的键"]),
    ("misspelt", "{masthead: {office_lien: 10}}", "masthead.office_lien", ["是不是“office_line”"]),
    ("type", "{grid: {lines: 二十二}}", "grid.lines", ["应为整数", "二十二"]),
    ("range", "{grid: {lines: 400}}", "grid.lines", ["数值 400 太大"]),
]


@pytest.mark.parametrize(("name", "value", "field", "words"), OVERRIDES, ids=[o[0] for o in OVERRIDES])
def test_a_mistake_in_the_series_layout_block_is_located(editor, name, value, field, words) -> None:
    editor.write(BASE)
    line = _series_layout(editor, "{name: briefing, " + value[1:])
    for args in (["check"], ["build", ISSUE, "--format", "pdf", "-o", "build"]):
        result = editor.run(*args)
        assert result.code == 1 and result.exception is None, result.stderr
        assert "内部错误" not in result.stderr
        first = result.stderr.splitlines()[0]
        assert first.startswith(f"issues/series.yaml:{line}:"), result.stderr
        assert f"layout.{field}" in first, first
        for word in words:
            assert word in first, first
        assert editor.written() == []


@pytest.mark.parametrize(("name", "value", "field", "words"), OVERRIDES, ids=[o[0] for o in OVERRIDES])
def test_a_mistake_in_an_issue_layout_block_is_located(editor, name, value, field, words) -> None:
    editor.write(BASE.replace("colophon:", f"layout: {value}\ncolophon:"))
    line = BASE.splitlines().index("colophon:") + 1
    for args in (["check"], ["build", ISSUE, "--format", "pdf", "-o", "build"]):
        result = editor.run(*args)
        assert result.code == 1 and result.exception is None, result.stderr
        assert "内部错误" not in result.stderr
        first = next(text for text in result.stderr.splitlines() if "错误：" in text)
        assert first.startswith(f"{ISSUE}:{line}:"), result.stderr
        assert f"layout.{field}" in first, first
        for word in words:
            assert word in first, first
        assert editor.written() == []
