"""The environment a scheduled job gives a command: a small, full, read-only or missing TMPDIR
(nothing a build needs depends on it; where something does, the folder is named), and stdout —
or every standard stream — closed (builds work, and report on stderr)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .project import command, env, leftovers, make, outputs, typeset


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make(tmp_path / "p")


def _mount(folder: Path, options: str) -> None:
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("mounting a small tmpfs is not permitted here")


@pytest.fixture(params=["small", "full", "read-only", "missing"])
def tmpdir(request, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """TMPDIR as a scheduled job may find it: 64 KB, full, read-only, or not there at all."""
    folder = tmp_path / "scratch"
    kind = request.param
    if kind != "missing":
        _mount(folder, "size=64k" + (",ro" if kind == "read-only" else ""))
    try:
        if kind == "full":
            fd = os.open(folder / "fill", os.O_WRONLY | os.O_CREAT)
            try:
                with pytest.raises(OSError):
                    while True:
                        os.write(fd, b"\0" * 4096)
            finally:
                os.close(fd)
        yield kind, folder
    finally:
        if kind != "missing":
            subprocess.run(["umount", str(folder)], check=False)


def test_builds_do_not_need_the_temporary_folder(project: Path, tmpdir: tuple[str, Path]) -> None:
    kind, folder = tmpdir
    before = sorted(os.listdir(folder)) if folder.exists() else None
    one = typeset(project, "build", "645", env=env(TMPDIR=str(folder)))
    assert one.returncode == 0, one.stderr
    assert [s.split("（")[0] for s in one.stdout.splitlines()] == ["已生成 build/645.pdf", "已生成 build/645.docx"]
    every = typeset(project, "build", "--all", "--format", "pdf,docx,html", "--jobs", "2",
                    env=env(TMPDIR=str(folder)))
    assert every.returncode == 0, every.stderr
    assert "完成：成功 3 期，失败 0 期" in every.stdout
    assert len(list((project / "build").glob("64?.*"))) == 9 and leftovers(project / "build") == []
    assert (sorted(os.listdir(folder)) if folder.exists() else None) == before  # nothing left there


NO_TEMPORARY_FOLDER = """
import sys, tempfile
tempfile._candidate_tempdir_list = lambda: [sys.argv[1]]  # every candidate unusable
sys.argv = ["typeset", *sys.argv[2:]]
from typeset.cli import run
run()
"""

GIVEN_TEMPORARY_FOLDER = """
import sys, tempfile
tempfile.tempdir = sys.argv[1]  # chosen while it still had room
sys.argv = ["typeset", *sys.argv[2:]]
from typeset.cli import run
run()
"""


def test_no_usable_temporary_folder_at_all(project: Path, tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-c", NO_TEMPORARY_FOLDER, str(tmp_path / "none"), "build", "645"],
                         cwd=project, capture_output=True, text=True, timeout=300, env=env())
    assert run.returncode == 0, run.stderr
    assert outputs(project / "build") == ["645.docx", "645.pdf"]


@pytest.mark.parametrize("tmpdir", ["full", "read-only"], indirect=True)
def test_what_needs_the_temporary_folder_names_it(project: Path, tmpdir: tuple[str, Path]) -> None:
    """`typeset add` checks the new text in the temporary folder: a full one is named, and the
    issue is left as it was."""
    kind, folder = tmpdir
    (project / "来稿.txt").write_text("关于召开志书编纂工作会议的通知\n\n会议定于下周召开。\n", "utf-8")
    issue = project / "issues" / "2024" / "646.yaml"
    before = issue.read_bytes()
    run = subprocess.run([sys.executable, "-c", GIVEN_TEMPORARY_FOLDER, str(folder), "add", "646", "来稿.txt"],
                         cwd=project, capture_output=True, text=True, timeout=300, env=env())
    assert run.returncode == 1, run.stderr
    assert f"错误：临时文件夹 {folder} 无法使用（" in run.stderr and "TMPDIR" in run.stderr, run.stderr
    assert ("磁盘已满" if kind == "full" else "只读") in run.stderr
    assert issue.read_bytes() == before


def _shell(project: Path, line: str) -> subprocess.CompletedProcess:
    """`line` run by sh, with `typeset` the real command (the streams closed as the line says)."""
    typeset_command = " ".join(command())
    return subprocess.run(["sh", "-c", line.replace("typeset", typeset_command, 1)], cwd=project,
                          capture_output=True, text=True, timeout=300, env=env())


@pytest.mark.parametrize("closed", [">&-", ">&- <&-", "<&- >&-"])
def test_stdout_closed(project: Path, closed: str) -> None:
    one = _shell(project, f"exec typeset build 645 {closed}")
    assert one.returncode == 0, one.stderr
    assert "已生成 build/645.pdf（" in one.stderr and "内部错误" not in one.stderr
    every = _shell(project, f"exec typeset build --all --format docx {closed}")
    assert every.returncode == 0 and "完成：成功 3 期，失败 0 期" in every.stderr, every.stderr
    check = _shell(project, f"exec typeset check {closed}")
    assert check.returncode == 0 and "检查通过：3 期" in check.stderr
    assert outputs(project / "build") == ["645.docx", "645.pdf", "646.docx", "647.docx"]


def test_stdout_closed_and_an_error(project: Path) -> None:
    path = project / "issues" / "2024" / "646.yaml"
    path.write_text(path.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    run = _shell(project, "exec typeset build 646 >&-")
    assert run.returncode == 1
    assert "issues/2024/646.yaml:" in run.stderr and "titel" in run.stderr and "内部错误" not in run.stderr


def test_every_stream_closed(project: Path) -> None:
    run = _shell(project, "exec typeset build 645 >&- 2>&- <&-")
    assert run.returncode == 0 and run.stdout == run.stderr == ""
    assert outputs(project / "build") == ["645.docx", "645.pdf"]
    assert leftovers(project / "build") == []
