"""`typeset add`: the command line of contributions (registered in cli.py)."""

from __future__ import annotations

import sys

import click


@click.command()
@click.argument("target")
@click.argument("source")
@click.option("--section", metavar="栏目", help="加入这个栏目（没有则新建）；默认最后一个栏目")
@click.option("--dry-run", is_flag=True, help="只显示将加入的内容，不改动任何文件")
@click.option("--keep-text", is_flag=True,
              help="保留来稿文字原样：不改正标点、空格和全角数字，不删去话题标签和表情符号")
def add(target: str, source: str, section: str | None, dry_run: bool, keep_text: bool) -> None:
    """把来稿加入一期：TARGET 为总期号（如 646）、年份-期号（如 2024-41）或 YAML 文件路径；
    SOURCE 为 Word 文件（.docx、.doc、.wps）、文字文件（.txt），或 -（从标准输入粘贴）。"""
    from ..build import Project
    from ..catalog import resolve
    from . import read
    from .add import add as run

    project = Project.find()
    path, _ = resolve(target, project.issues)
    if source == "-" and sys.stdin.isatty():
        click.echo("请粘贴来稿（第一行是标题），粘贴完按 Ctrl+D（Windows：Ctrl+Z 再回车）", err=True)
    contribution = read(source, sys.stdin.buffer if source == "-" else None)
    tidied = None
    if not keep_text:
        from ..proof import preferred_names
        from .cleanup import tidy

        tidied = tidy(contribution, preferred_names(project.issues))
    added = run(path, contribution, project, section, dry_run)
    for note in contribution.notes:
        click.echo(f"警告：{note.message}", err=True)
    if tidied is not None and tidied.corrected:
        click.echo(f"已改正 {tidied.corrected} 处标点（半角标点、引号、省略号、破折号、多余空格、全角数字；"
                   "保留原样请用 --keep-text）", err=True)
    edit = added.edit
    where = f"{added.issue} 的【{edit.section or '（未填栏目名）'}】{'（新栏目）' if edit.new_section else ''}"
    title = "".join(contribution.title)
    if dry_run:
        click.echo(f"# 将作为第 {edit.position} 篇加入 {where}：")
        click.echo(edit.added)
        for rel, _caption in added.pictures:
            click.echo(f"# 将写出图片 {rel}")
    else:
        paragraphs = sum(1 for _ in contribution.body) - len(added.pictures)
        click.echo(f"已把《{title}》加入 {where}，第 {edit.position} 篇：{paragraphs} 段"
                   f"{f'，{len(added.pictures)} 张图片' if added.pictures else ''}"
                   f"{f'，来源“{contribution.source}”' if contribution.source else '，没有找到来源'}")
        for rel, caption in added.pictures:
            click.echo(f"  图片 {rel}{f'（图题：{caption}）' if caption else '（没有图题）'}")
    for problem in added.problems:
        click.echo(str(problem), err=True)
    errors = [p for p in added.problems if not p.warning]
    if errors:
        click.echo(f"{'加入后' if dry_run else '文章已加入，但'}本期还有 {len(errors)} 处需要改正（见上）："
                   "请在文件中改好后运行 typeset check", err=True)
    if not edit.section:
        click.echo("提示：这个栏目还没有栏目名：请在文件中填写，或加入时用 --section 指定，如 --section 市州动态",
                   err=True)
    if dry_run:
        click.echo("（试运行：没有改动任何文件）", err=True)
    if errors:
        sys.exit(1)
