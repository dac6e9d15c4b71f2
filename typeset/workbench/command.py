"""`typeset history 646` and `typeset restore 646 VERSION`: an issue's saved versions on the
command line (registered in cli.py), the same as the workbench's 历史版本."""

from __future__ import annotations

import click

from ..errors import TypesetError


@click.command()
@click.argument("target")
@click.option("--limit", type=click.IntRange(min=1), default=30, show_default=True, metavar="数目",
              help="最多列出多少个版本")
def history(target: str, limit: int) -> None:
    """列出一期的历史版本（每次在工作台保存、恢复或加入来稿都记为一个版本）：版本号、时间、作者和改动。
    TARGET 为总期号（如 646）、年份-期号（如 2024-41）或 YAML 文件路径。"""
    from ..build import Project
    from ..cli import _fail, _resolve
    from .api import versions

    try:
        project = Project.find()
        path, _ = _resolve(target, project)
        found = versions(project, path, limit)
    except TypesetError as err:
        _fail(err)
        return
    if not found:
        click.echo(f"{path.name} 还没有历史版本：在工作台（typeset serve）中保存一次后就有了")
        return
    for v in found:
        when = v["date"].replace("T", " ")[:16]
        click.echo(f"版本 {v['short']}  {when}  {v['author']}")
        for line in v["changes"]:
            click.echo(f"    {line}")
    click.echo(f"共 {len(found)} 个版本（最新的在前）；恢复某个版本：typeset restore {target} 版本号")


@click.command()
@click.argument("target")
@click.argument("version", metavar="VERSION")
def restore(target: str, version: str) -> None:
    """把一期恢复到某个历史版本：恢复也记为一个新版本，此前的各个版本都保留，可以再恢复回来。
    TARGET 为总期号（如 646）、年份-期号或 YAML 文件路径；VERSION 为 typeset history 列出的版本号。"""
    from ..build import Project
    from ..cli import _fail, _resolve
    from .document import Text
    from .saving import Conflict, Saver

    try:
        project = Project.find()
        path, _ = _resolve(target, project)
        saver = Saver(project)
        try:
            saved = saver.restore(path, version, Text.read(path).version, None)
        except Conflict:
            raise TypesetError(f"{path.name} 正在被修改，没有恢复：请稍后再试") from None
    except TypesetError as err:
        _fail(err)
        return
    click.echo(f"已把 {path.name} 恢复到版本 {version.strip()[:7]}，记为新版本 {saved.commit[:7]}"
               "（原来的内容仍在历史版本中）")
    for problem in saved.problems:
        click.echo(str(problem), err=True)
