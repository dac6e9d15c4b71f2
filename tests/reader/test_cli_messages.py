"""Messages that come from later stages (fonts, numbering) and the CLI's guard against tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest

import typeset.build

from ..editor_project import BASE, ISSUE

RARE = "𠀀"  # CJK Extension B: no face of any role draws it (neither the stand-ins nor 仿宋_GB2312)


def test_character_no_font_draws_is_a_located_warning(editor):
    editor.write(BASE.replace("会上，双方", f"会上，{RARE}双方"))
    run = editor.build()
    assert run.code == 0, run.text
    warning = next(line for line in run.stderr.splitlines() if RARE in line)
    assert warning.startswith(f"{ISSUE}:10:13: 警告：") and "U+20000" in warning and "方框" in warning
    assert (editor.out / "645.pdf").is_file()


def test_character_no_font_draws_is_an_error_with_strict(editor):
    editor.write(BASE.replace("会上，双方", f"会上，{RARE}双方"))
    run = editor.build("--strict")
    assert run.code == 1
    assert run.stderr.startswith(f"{ISSUE}:10:13: 错误：") and RARE in run.stderr
    assert editor.written() == []


def test_missing_glyph_in_the_colophon_is_located_in_the_file(editor):
    editor.write(BASE.replace("  copies: 21\n", f"  copies: 21\n  to_peers: {{add: [重庆市{RARE}办公室。]}}\n"))
    run = editor.build()
    assert run.code == 0
    warning = next(line for line in run.stderr.splitlines() if RARE in line)
    assert warning.startswith(f"{ISSUE}:14:20: 警告：")  # the added name, as for body text: its value


def test_numbers_that_disagree_with_the_series(editor):
    editor.write(BASE.replace("number: 40", "number: 41"))
    run = editor.run("build", "645", "--format", "pdf", "-o", str(editor.out))
    assert run.code == 1 and run.exception is None
    assert run.stderr.startswith(f"{ISSUE}:2:") and "第 41 期" in run.stderr and "应为第 40 期" in run.stderr
    assert editor.written() == []


def test_total_that_disagrees_with_the_series(editor):
    editor.write(BASE.replace("total: 645", "total: 650"))
    run = editor.build()
    assert run.code == 1 and run.exception is None
    assert f"{ISSUE}:3:" in run.stderr and "650" in run.stderr
    assert editor.written() == []


def _explode(*args, **kwargs):
    raise RuntimeError("a bug deep inside")


def test_unexpected_exception_is_a_short_message(editor, monkeypatch):
    editor.write(BASE)
    monkeypatch.setattr(typeset.build, "build", _explode)
    run = editor.build()
    assert run.code == 2
    assert run.exception is None
    assert "Traceback" not in run.text and "a bug deep inside" not in run.text
    assert run.stderr.startswith("内部错误（RuntimeError）") and "TYPESET_DEBUG=1" in run.stderr


def test_traceback_only_with_the_debug_variable(editor, monkeypatch):
    editor.write(BASE)
    monkeypatch.setattr(typeset.build, "build", _explode)
    run = editor.build(env={"TYPESET_DEBUG": "1"})
    assert run.code == 2
    assert "Traceback" in run.stderr and "a bug deep inside" in run.stderr and "内部错误" in run.stderr


def test_unwritable_output_is_a_message(editor, monkeypatch):
    editor.write(BASE)

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device", "build/645.pdf")

    monkeypatch.setattr(typeset.build, "build", no_space)
    run = editor.build()
    assert run.code == 1 and "Traceback" not in run.text
    assert "build/645.pdf" in run.stderr and "磁盘是否已满" in run.stderr


def test_interrupt_is_a_message(editor, monkeypatch):
    editor.write(BASE)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(typeset.build, "build", interrupted)
    run = editor.build()
    assert run.code == 130 and "已中断" in run.stderr and "Traceback" not in run.text


def test_check_command_is_guarded_too(editor, monkeypatch):
    editor.write(BASE)
    import typeset.reader

    monkeypatch.setattr(typeset.reader, "load_issue", _explode)
    run = editor.run("check")
    assert run.code == 2 and "内部错误" in run.stderr and "Traceback" not in run.text


@pytest.mark.parametrize("content", [b"\xff\xfe\x00", b"a: [" * 3000, b"date: 2024-03-26\n\x00"])
def test_real_process_never_prints_a_traceback(editor, content):
    """The installed entry point, in its own process, on files that broke parsers before."""
    editor.write(content)
    out = subprocess.run([sys.executable, "-m", "typeset", "build", ISSUE, "--format", "pdf", "-o", "build"],
                         capture_output=True, text=True, cwd=editor.root, timeout=120)
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr and out.stderr.startswith(ISSUE)
    assert editor.written() == []
