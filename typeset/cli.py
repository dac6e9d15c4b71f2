"""Command line: typeset build / check / … (messages for editors in Chinese)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import TypesetError


def _fail(err: TypesetError) -> None:
    for problem in err.problems:
        click.echo(str(problem), err=True)
    sys.exit(1)


def _resolve(target: str, project) -> Path:
    """645 → the issue file with that total; a path → that file."""
    path = Path(target)
    if target.endswith((".yaml", ".yml")) or path.exists():
        if not path.is_file():
            raise TypesetError(f"找不到文件 {target}")
        return path
    if target.isdigit():
        for f in project.issue_files():
            if f.stem == target:
                return f
        raise TypesetError(f"找不到总第 {target} 期的文件（在 {project.issues} 下）")
    raise TypesetError(f"看不懂“{target}”：请写总期号（如 645）或文件路径")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """typeset：把 YAML 写成的简报排成正式格式的 PDF 和 DOCX。"""


@main.command()
@click.argument("target")
@click.option("-o", "--out", "out_dir", default="build", show_default=True,
              type=click.Path(file_okay=False), help="输出文件夹")
@click.option("--format", "formats", default="pdf,docx", show_default=True,
              help="输出格式：pdf、docx，逗号分隔")
@click.option("--strict", is_flag=True, help="字体缺字时报错而不只是警告")
def build(target: str, out_dir: str, formats: str, strict: bool) -> None:
    """排版一期：TARGET 为总期号（如 645）或 YAML 文件路径。"""
    from .build import FORMATS, Project
    from .build import build as run

    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    try:
        if unknown or not chosen:
            raise TypesetError(f"不支持的格式：{'、'.join(unknown) or '（空）'}；可选 pdf、docx")
        project = Project.find()
        path = _resolve(target, project)
        result = run(path, project, chosen, Path(out_dir), strict=strict)
    except TypesetError as err:
        _fail(err)
        return
    for w in result.warnings:
        click.echo(str(w), err=True)
    for p in result.outputs:
        click.echo(f"已生成 {p}（{result.pages} 页）")


@main.command()
def check() -> None:
    """检查所有期的 YAML 文件。"""
    from .build import Project
    from .reader import load_issue, load_series

    try:
        project = Project.find()
        series = load_series(project.issues)
    except TypesetError as err:
        _fail(err)
        return
    problems = []
    files = project.issue_files()
    for f in files:
        try:
            load_issue(f, series)
        except TypesetError as err:
            problems.extend(err.problems)
    for p in problems:
        click.echo(str(p), err=True)
    if problems:
        sys.exit(1)
    click.echo(f"检查通过：{len(files)} 期")
