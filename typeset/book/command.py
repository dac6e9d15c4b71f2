"""`typeset book 2024`: the command line of the year's volume."""

from __future__ import annotations

import sys

import click


@click.command()
@click.argument("span", required=False, metavar="年份|起..止")
@click.option("--all", "everything", is_flag=True, help="装订系列的所有期")
@click.option("-o", "--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="输出文件夹（相对于当前文件夹）；默认为项目文件夹中的 build")
@click.option("--jobs", type=click.IntRange(1), help="同时排版的进程数，默认为处理器核数")
@click.option("--strict", is_flag=True, help="字体缺字时报错而不只是警告")
@click.option("--force", is_flag=True, help="重新排版每一期，包括上次排好后没有改动的")
def book(span: str | None, everything: bool, out_dir: str | None, jobs: int | None, strict: bool,
         force: bool = False) -> None:
    """合订本：把一年（如 2024）、一段日期（如 2024-01-01..2024-06-30）或 --all 所有期
    装订成一个 PDF（封面、目录、书签），如 build/2024-合订本.pdf。只重新排版改动过的期
    （与 typeset build --all 共用记录：已排好且没有改动的期不再排版）。"""
    from ..build import Project
    from ..session import Session
    from ..usage import out_option
    from .make import make_book
    from .select import Span

    bar = None

    def planned(total: int, todo: int) -> None:
        nonlocal bar
        click.echo(f"共 {total} 期，需要排版 {todo} 期" + ("" if todo else "（都没有改动）"), err=True)
        if todo and sys.stderr.isatty():  # a bar only where it redraws; a log gets no stray “排版” line
            bar = click.progressbar(length=todo, label="排版", file=sys.stderr, show_pos=True)
            bar.__enter__()

    def progress(name: str) -> None:
        if bar is not None:
            bar.update(1)  # the bar shows counts, not names

    try:
        volume = make_book(Project.find(), Span.parse(span, everything),
                           out_option(click.get_current_context(), "out_dir", out_dir), strict=strict,
                           jobs=jobs, progress=progress, planned_count=planned, force=force,
                           session=Session())  # this command's reads and caches
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for w in volume.warnings:
        click.echo(w, err=True)
    click.echo(f"已生成 {volume.path}（{volume.issues} 期，共 {volume.front_pages + volume.pages} 页："
               f"封面和目录 {volume.front_pages} 页，正文 {volume.pages} 页；本次排版 {volume.built} 期）")
