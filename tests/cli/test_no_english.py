"""No English left for an editor: every command's --help (metavariables, range notes), the
system's reasons inside Chinese messages, what a web build reports, and no stray progress
line when the output is a log rather than a terminal."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner
from PIL import Image

from typeset.cli import main

from ..editor_project import BASE, ROOT

# Words an editor meets as they are: file formats, programs, the command's own name and commands,
# the date pattern. Options (--year), paths (build/645.pdf) and file endings (.txt) are set aside.
ALLOWED = {"typeset", "YAML", "PDF", "DOCX", "Word", "pdftotext", "LibreOffice", "YYYY", "MM", "DD",
           "pdf", "docx", "html", "txt", "doc", "wps", "yaml", "build", "issues", "series"}
_SET_ASIDE = re.compile(r"--?[A-Za-z][\w-]*|[\w.-]*[/.][\w./-]*|\d+(?:\.\d+)*")


def _commands() -> list[str]:
    ctx = click.Context(main)
    return sorted(main.list_commands(ctx))


def _names() -> set[str]:
    """The commands' names, and those of a group's own commands (typeset user add|list|…)."""
    ctx = click.Context(main)
    names = set(_commands())
    for name in _commands():
        command = main.get_command(ctx, name)
        if isinstance(command, click.Group):
            names |= set(command.list_commands(click.Context(command)))
    return names


def _english(text: str) -> set[str]:
    rest = _SET_ASIDE.sub(" ", text)
    return {w for w in re.findall(r"[A-Za-z]{2,}", rest) if w not in ALLOWED and w not in _names()}


@pytest.mark.parametrize("command", ["", *_commands()])
def test_every_help_page_is_in_chinese(command):
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "用法：" in result.output
    assert not _english(result.output), (_english(result.output), result.output)
    assert not re.search(r"x\s*[<>]=?|[<>]=?\s*x\b", result.output), result.output  # range notes in words


def test_the_scan_would_catch_click_s_own_words():
    assert _english("--port INTEGER RANGE  端口  [default: 8645; 0<=x<=65535]") == {"INTEGER", "RANGE", "default"}
    assert _english("用法：typeset add [选项] TARGET SOURCE") == {"TARGET", "SOURCE"}
    assert not _english("-o, --out 文件夹  输出到 build/645.pdf（.txt）")


@pytest.mark.parametrize(("args", "words"), [
    (("add",), "缺少参数 期号或文件"),
    (("compare", "a.pdf"), "缺少参数 正式版"),
    (("calibrate",), "缺少参数 一期的文件"),
    (("book", "--jobs", "0"), "太小（至少为 1）"),
    (("serve", "--port", "70000"), "0 到 65535 之间"),
])
def test_usage_errors_name_arguments_in_chinese(editor, args, words):
    editor.write(BASE)
    run = editor.run(*args)
    assert run.code == 64, run.text
    assert words in run.stderr and not _english(run.stderr.replace("--help", "")), run.stderr


@pytest.mark.parametrize("command", [["check"], ["build", "645"], ["new"], ["list"], ["init"], ["book", "2024"]])
def test_a_deleted_working_folder_is_said_in_chinese(tmp_path, command):
    gone = tmp_path / "gone"
    gone.mkdir()
    script = f"cd {gone} && rmdir {gone} && exec {sys.executable} -m typeset {' '.join(command)}"
    run = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)})
    assert run.returncode == 1, (run.returncode, run.stdout, run.stderr)
    assert run.stderr.startswith("错误：当前文件夹已不存在"), run.stderr
    assert "No such file" not in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("out", ["issues/series.yaml/sub", "issues/2024/645.yaml/build"])
def test_system_reasons_carry_no_english(editor, out):
    editor.write(BASE)
    run = editor.build("-o", out)
    assert run.code in (1, 64), run.text
    assert "路径中有一项是文件" in run.stderr or "是一个文件" in run.stderr, run.stderr
    assert not re.search(r"Not a directory|No such file|Errno", run.stderr), run.stderr


def _with_pictures(editor, count: int) -> None:
    lines = ""
    for k in range(count):
        path = editor.issues / "images" / f"p{k}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (600, 400), (40 * k, 90, 160)).save(path, "JPEG")
        lines += f"          - {{image: images/p{k}.jpg, caption: 图{k + 1}}}\n"
    para = "          - 会上，双方就全书编纂思路进行沟通交流。\n"
    editor.write(BASE.replace(para, para + lines))


@pytest.mark.parametrize("count", [0, 1, 3])
def test_a_web_build_reports_its_page_not_its_pictures(editor, count):
    _with_pictures(editor, count)
    run = editor.run("build", "645", "--format", "html,pdf", "-o", str(editor.out))
    assert run.code == 0, run.text
    said = [line for line in run.stdout.splitlines() if line.startswith("已生成")]
    assert len(said) == 2, run.stdout
    assert re.fullmatch(r"已生成 .*645\.pdf（\d+ 页）", said[0]), said
    tail = f"，图片 {count} 个在 {editor.out / '645_files'} 中" if count else ""
    assert re.fullmatch(rf"已生成 .*645\.html（\d+ 页{re.escape(tail)}）", said[1]), said
    assert not any(".jpg" in line or ".png" in line for line in said)
    assert len(list((editor.out / "645_files").glob("*"))) == count if count else True


def test_book_and_build_all_print_no_progress_line_into_a_log(editor):
    editor.write(BASE)
    editor.write(BASE.replace("2024-03-26", "2024-04-02").replace("number: 40\ntotal: 645\n", ""),
                 "issues/2024/646.yaml")
    for args in (("book", "2024"), ("build", "--year", "2024", "--format", "pdf")):
        run = editor.run(*args)
        assert run.code == 0, run.text
        for line in (run.stdout + run.stderr).splitlines():
            assert not line.strip().startswith("排版") and "\r" not in line and "\x1b" not in line, run.text
    assert (editor.root / "build" / "2024-合订本.pdf").is_file()


def test_no_system_wording_reaches_an_editor():
    """Every error number: the reason is Chinese words (or the error's code), never strerror."""
    import errno

    from typeset.errors import system_reason

    for code in errno.errorcode:
        reason = system_reason(OSError(code, "Some English words from the system"))
        assert "English" not in reason and re.search(r"[\u4e00-\u9fff]", reason), (code, reason)
    for code in (errno.ENOENT, errno.ENOSPC, errno.EACCES, errno.ENOTDIR, errno.EISDIR, errno.EROFS):
        assert not re.search(r"[A-Za-z]", system_reason(OSError(code, "x"))), code
