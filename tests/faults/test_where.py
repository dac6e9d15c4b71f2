"""Wherever in the project a command is run (issues/2024/, issues/, a folder of pictures), its
outputs go to the project's build/ and the paths it prints lead there from where the editor
stands; an `-o` folder stays relative to where the editor stands."""

from __future__ import annotations

from pathlib import Path

import pytest

from .project import leftovers, make, outputs, typeset


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make(tmp_path / "p")
    (root / "issues" / "2024" / "images").mkdir()
    return root


def _said(stdout: str) -> list[str]:
    return [line.removeprefix("已生成 ").split("（")[0] for line in stdout.splitlines() if line.startswith("已生成 ")]


@pytest.mark.parametrize(("where", "target"), [
    ("issues/2024", "645"), ("issues/2024", "645.yaml"), ("issues", "2024/645.yaml"),
    ("issues/2024/images", "2024-40"), (".", "645")])
def test_outputs_go_to_the_projects_build(project: Path, where: str, target: str) -> None:
    cwd = project / where
    run = typeset(cwd, "build", target, "--format", "docx")
    assert run.returncode == 0, run.stderr
    assert outputs(project / "build") == ["645.docx"]
    said = _said(run.stdout)
    assert len(said) == 1 and (cwd / said[0]).resolve() == (project / "build" / "645.docx").resolve()
    assert not (cwd / "build").exists() or cwd == project
    assert leftovers(project / "build") == []


def test_build_all_from_inside_issues(project: Path) -> None:
    cwd = project / "issues" / "2024"
    run = typeset(cwd, "build", "--all", "--format", "docx", "--jobs", "1")
    assert run.returncode == 0, run.stderr
    assert outputs(project / "build") == ["645.docx", "646.docx", "647.docx"]
    assert all((cwd / s).is_file() for s in _said(run.stdout)) and not (cwd / "build").exists()


@pytest.mark.parametrize("out", ["out", "../../out", "nested/deeper"])
def test_a_relative_out_stays_where_the_editor_stands(project: Path, out: str) -> None:
    cwd = project / "issues" / "2024"
    run = typeset(cwd, "build", "645", "--format", "docx", "-o", out)
    assert run.returncode == 0, run.stderr
    assert (cwd / out / "645.docx").is_file()
    assert _said(run.stdout) == [f"{out}/645.docx"]
    assert not (project / "build").exists()


def test_an_absolute_out(project: Path, tmp_path: Path) -> None:
    run = typeset(project / "issues", "build", "645", "--format", "docx", "-o", str(tmp_path / "abs"))
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "abs" / "645.docx").is_file() and not (project / "build").exists()


def test_the_volume_too(project: Path) -> None:
    cwd = project / "issues" / "2024"
    run = typeset(cwd, "book", "2024")
    assert run.returncode == 0, run.stderr
    assert (project / "build" / "2024-合订本.pdf").is_file() and not (cwd / "build").exists()
