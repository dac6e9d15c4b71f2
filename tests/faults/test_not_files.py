"""Something that is not an issue file where one is expected — a folder named 648.yaml, a pipe,
a link to nothing, a file nobody may read — is reported once, at its own name, and the other
issues are still numbered and built; a folder given as the build target is said to be one."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .project import issue, leftovers, make, outputs, typeset


def _folder(p: Path) -> str:
    p.mkdir()
    (p / "notes.txt").write_text("x", "utf-8")
    return "这是一个文件夹，不是一期的 YAML 文件"


def _pipe(p: Path) -> str:
    os.mkfifo(p)
    return "这不是普通文件（是管道、设备或套接字）"


def _dangling(p: Path) -> str:
    p.symlink_to(p.parent / "gone" / "648.yaml")
    return "这是一个失效的链接"


KINDS: dict[str, Callable[[Path], str]] = {"folder": _folder, "pipe": _pipe, "dangling link": _dangling}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make(tmp_path / "p")


def _stray(root: Path, kind: str) -> str:
    """issues/2024/648.yaml made a thing of `kind`; the words that name it."""
    return KINDS[kind](root / "issues" / "2024" / "648.yaml")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_check_names_it_once_at_its_place(project: Path, kind: str) -> None:
    words = _stray(project, kind)
    run = typeset(project, "check", timeout=60)
    assert run.returncode == 1
    lines = [line for line in run.stderr.splitlines() if "648.yaml" in line]
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("issues/2024/648.yaml: 错误：" + words), run.stderr
    assert "没有计入各期" in lines[0] and "Traceback" not in run.stderr
    assert "发现 1 处错误" in run.stderr  # 645 and 647 are fine


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_other_issues_still_build(project: Path, kind: str) -> None:
    words = _stray(project, kind)
    one = typeset(project, "build", "647", "--format", "docx", timeout=120)
    assert one.returncode == 0, one.stderr
    assert "已生成 build/647.docx" in one.stdout and "648" not in one.stderr
    every = typeset(project, "build", "--all", "--format", "docx", "--jobs", "1", timeout=300)
    assert every.returncode == 1
    assert "完成：成功 3 期，失败 1 期" in every.stdout
    assert every.stderr.count("失败：issues/2024/648.yaml") == 1, every.stderr
    assert every.stderr.count(words) == 1 and "？" not in every.stderr
    assert outputs(project / "build") == ["645.docx", "646.docx", "647.docx"]
    assert leftovers(project / "build") == []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_it_as_the_build_target(project: Path, kind: str) -> None:
    words = _stray(project, kind)
    run = typeset(project, "build", "issues/2024/648.yaml", timeout=60)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.startswith("issues/2024/648.yaml: 错误：" + words), run.stderr
    assert "无法排版" in run.stderr and "找不到" not in run.stderr
    assert not (project / "build").exists()


@pytest.mark.parametrize("target", ["issues/2024", "issues", "issues/2024/"])
def test_a_folder_as_the_build_target(project: Path, target: str) -> None:
    run = typeset(project, "build", target, timeout=60)
    assert run.returncode == 1
    assert f"错误：{target} 是文件夹，不是一期的文件" in run.stderr, run.stderr
    assert "--year" in run.stderr and "找不到" not in run.stderr
    assert not (project / "build").exists()


def test_a_missing_file_is_still_missing(project: Path) -> None:
    run = typeset(project, "build", "issues/2024/699.yaml", timeout=60)
    assert run.returncode == 1 and "错误：找不到文件 issues/2024/699.yaml" in run.stderr


@pytest.fixture
def open_project() -> Iterator[Path]:
    """A project every user may enter (for a command run as nobody)."""
    root = Path(tempfile.mkdtemp(prefix="typeset-perm-"))
    try:
        make(root / "p")
        for folder, dirs, files in os.walk(root):
            for name in [*dirs, *files, "."]:
                os.chmod(Path(folder) / name, 0o777 if name in (*dirs, ".") else 0o666)
        yield root / "p"
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="runs the command as nobody")
def test_a_file_nobody_may_read(open_project: Path) -> None:
    """chmod 000 binds everyone but root: the command is run as the user nobody."""
    stray = open_project / "issues" / "2024" / "648.yaml"
    stray.write_text(issue("2024-04-16", 43, 648), "utf-8")
    stray.chmod(0)
    home = open_project.parent / "home"
    home.mkdir(mode=0o777)
    from .project import env

    as_nobody = {"user": "nobody", "group": "nogroup", "env": env(HOME=str(home), TMPDIR=str(home))}
    check = typeset(open_project, "check", timeout=60, **as_nobody)
    assert check.returncode == 1
    assert check.stderr.count("648.yaml") == 1, check.stderr
    assert check.stderr.startswith("issues/2024/648.yaml: 错误：无法打开这个文件（没有权限"), check.stderr
    every = typeset(open_project, "build", "--all", "--format", "docx", "--jobs", "1", **as_nobody)
    assert "完成：成功 3 期，失败 1 期" in every.stdout, every.stderr
    assert every.stderr.count("没有权限") == 1
