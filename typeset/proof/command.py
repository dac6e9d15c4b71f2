"""`typeset proof`: the command line of proofreading (registered in cli.py)."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from ..errors import TypesetError

BOM = b"\xef\xbb\xbf"


@click.command()
@click.argument("targets", nargs=-1, metavar="[期号或文件]…")
@click.option("--fix", is_flag=True, help="自动改正有把握的问题（半角标点、引号、省略号和破折号、多余空格、全角数字），"
              "逐处列出；其余的仍列为问题")
@click.option("--dry-run", is_flag=True, help="只显示 --fix 将做的改动（差异），不改动任何文件")
def proof(targets: tuple[str, ...], fix: bool, dry_run: bool) -> None:
    """校对：列出各期正文中可能的标点、数字和粘贴痕迹问题（文件:行:列）。

    不写期号时校对所有期；期号可写总期号（如 645）、年份-期号（如 2024-40）或 YAML 文件路径，可写多个。"""
    from ..build import Project
    from ..catalog import resolve, shown
    from . import preferred_names

    project = Project.find()
    paths = [resolve(t, project.issues)[0] for t in targets] if targets else project.issue_files()
    preferred = preferred_names(project.issues)
    left = fixable = changed = 0
    for path in dict.fromkeys(paths):
        name = shown(path)
        if fix or dry_run:
            changed += _fix(path, name, preferred, dry_run)
        found = _findings(path, name, preferred)
        for f in found:
            click.echo(str(f))
        left += len(found)
        fixable += sum(1 for f in found if f.fix is not None)
    if dry_run:
        click.echo(f"（试运行：将改正 {changed} 处，没有改动任何文件）", err=True)
    elif fix:
        click.echo(f"已改正 {changed} 处", err=True)
    if left:
        more = f"，其中 {fixable} 处可用 typeset proof --fix 自动改正" if fixable and not fix else ""
        click.echo(f"校对：{len(paths)} 期共 {left} 处可能的问题{more}", err=True)
    else:
        click.echo(f"校对：{len(paths)} 期没有发现问题", err=True)


def count_line(paths: list[Path], folder: Path) -> None:
    """校对：N 处可能的问题 — the line `check` and `build` print (nothing when there is none)."""
    from . import summary

    line = summary(paths, folder)
    if line:
        click.echo(line, err=True)


def _read(path: Path, name: str) -> tuple[bytes, str]:
    try:
        raw = path.read_bytes()
    except OSError as err:
        from ..errors import system_reason

        raise TypesetError(f"无法读取 {name}：{system_reason(err)}") from None
    try:
        return raw, raw[len(BOM):].decode("utf-8") if raw.startswith(BOM) else raw.decode("utf-8")
    except UnicodeDecodeError:
        raise TypesetError(f"{name} 不是 UTF-8 编码，无法校对：请运行 typeset check 查看") from None


def _findings(path: Path, name: str, preferred: dict[str, tuple[str, ...]]):
    from . import findings

    _, text = _read(path, name)
    return findings(text.replace("\r\n", "\n"), name, preferred)


def _fix(path: Path, name: str, preferred: dict[str, tuple[str, ...]], dry_run: bool) -> int:
    from ..output import write_atomic
    from .fix import fix_source

    raw, text = _read(path, name)
    fixed = fix_source(text, preferred)
    if not fixed.changes:
        return 0
    if dry_run:
        diff = difflib.unified_diff(text.splitlines(keepends=True), fixed.source.splitlines(keepends=True),
                                    name, f"{name}（改正后）")
        for row in diff:
            click.echo(row.rstrip("\n"))
        return len(fixed.changes)
    if path.read_bytes() != raw:
        raise TypesetError(f"{name} 在校对的同时被修改了（可能在编辑器中保存过），没有改动：请保存好文件后再运行一次")
    write_atomic(path, (BOM if raw.startswith(BOM) else b"") + fixed.source.encode("utf-8"))
    for c in fixed.changes:
        new = f"“{c.new}”" if c.new else "删去"
        old = "空格" if not c.old.strip() else f"“{c.old}”"
        click.echo(f"{name}:{c.line}:{c.column}: 已改正：{c.category}：{old} → {new}")
    for where in fixed.refused:
        click.echo(f"{name}: 没有改正 {where}：这段文字的写法无法自动改写，请按下面列出的问题手工改正", err=True)
    return len(fixed.changes)
