"""Command line: typeset build / check / … (messages for editors in Chinese).

A command lets a TypesetError (or any other) go: the group (guard.GuardedGroup) turns
it into a message and an exit code, in one place."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .errors import TypesetError
from .guard import GuardedGroup

if TYPE_CHECKING:  # the commands import what they need when they run, to start quickly
    from .build import Project
    from .catalog import Catalog
    from .processes.pdf_process import PdfProcess
    from .session import Session


def _proof_line(paths: list[Path], folder: Path) -> None:
    from .proof.command import count_line

    count_line(paths, folder)


@click.group(name="typeset", cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="typeset", prog_name="typeset", message="%(prog)s %(version)s",
                      help="显示版本号并退出")
def main() -> None:
    """typeset：把 YAML 写成的简报排成正式格式的 PDF 和 DOCX。"""


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    """`--format pdf,docx` → ('pdf', 'docx'); an unknown or empty one is a usage error."""
    from .output import FORMATS  # not the build's imports: a cold build forks before them

    chosen = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"不支持的格式：{'、'.join(unknown) or '（空）'}；可选 {'、'.join(FORMATS)}，"
                                 "逗号分隔，如 --format pdf,docx", ctx, param)
    return chosen


@main.command()
@click.argument("target", required=False)
@click.option("--year", type=int, metavar="年份", help="排版这一年的所有期，如 --year 2024")
@click.option("--all", "all_issues", is_flag=True, help="排版系列的所有期")
@click.option("-o", "--out", "out_dir", default=None, metavar="文件夹", type=click.Path(file_okay=False),
              help="输出文件夹（相对于当前文件夹）；默认为项目文件夹中的 build（在项目的哪个文件夹中运行都一样）")
@click.option("--format", "formats", default="pdf,docx", show_default=True, metavar="格式",
              callback=_formats, help="输出格式：pdf、docx、html（网页版），逗号分隔")
@click.option("--strict", is_flag=True, help="字体缺字时报错而不只是警告")
@click.option("--jobs", type=click.IntRange(min=1), metavar="N",
              help="--year、--all 同时排版的进程数（默认每个处理器核心一个）")
@click.option("--force", is_flag=True, help="--year、--all 时重新排版每一期，包括上次排好后没有改动的")
def build(target: str | None, year: int | None, all_issues: bool, out_dir: str | None,
          formats: tuple[str, ...], strict: bool, jobs: int | None, force: bool = False) -> None:
    """排版：TARGET 为总期号（如 645）、年份-期号（如 2024-40）、年份-增刊-期号（如 2024-增刊-1）
    或 YAML 文件路径；或用 --year、--all 一次排版多期。"""
    from .usage import out_option

    out = out_option(click.get_current_context(), "out_dir", out_dir)
    single = target is not None and year is None and not all_issues
    served = None
    if single:
        from .serve.handover import advertised

        served = advertised(Path.cwd().resolve())
    engine = None
    if single and "pdf" in formats and served is None:  # the PDF engine loads in a forked process
        from .processes.pdf_process import PdfProcess  # meanwhile (pdf_process)

        engine = PdfProcess.start()
    try:
        if served is not None and target is not None and _handed_over(served, target, formats, out, strict):
            return
        _build(target, year, all_issues, out, formats, strict, engine, jobs, force)
    finally:
        if engine:
            engine.close()


def _build(target: str | None, year: int | None, all_issues: bool, out_dir: Path, chosen: tuple[str, ...],
           strict: bool, engine: PdfProcess | None, jobs: int | None = None, force: bool = False) -> None:
    from .build import Project
    from .build import build as run
    from .catalog import resolve

    if (target is not None) + (year is not None) + all_issues != 1:
        raise TypesetError("请指定要排版的一期（如 typeset build 645），或 --year 2024，或 --all（三者选一）")
    from .session import Session

    project = Project.find()
    session = Session()  # this command's reads and caches
    if target is None:
        _build_many(project, year, chosen, out_dir, strict, jobs, force, session)
        return
    path, catalog = resolve(target, project.issues)
    result = run(path, project, chosen, out_dir, strict=strict, catalog=catalog, engine=engine, session=session)
    for w in result.warnings:
        click.echo(str(w), err=True)
    _echo_outputs(result.outputs, result.pages)
    _proof_line([path], project.issues)


def _echo_outputs(outputs: Sequence[Path], pages: int) -> None:
    from .announce import reported

    for line in reported(outputs, pages):
        click.echo(line)


def _handed_over(served: dict, target: str, formats: tuple[str, ...], out_dir: Path, strict: bool) -> bool:
    """Whether the `typeset serve` of handshake `served`, running for this series, built the
    issue (warm; before the reader and the engines are even imported here)."""
    from .serve.handover import hand_over

    result = hand_over(served, target, formats, out_dir, strict)
    if result is None:
        return False
    click.echo("（由正在运行的 typeset serve 排版）", err=True)
    for w in result.warnings:
        click.echo(str(w), err=True)
    _echo_outputs([Path(p) for p in result.outputs], result.pages)
    return True


def _build_many(project: Project, year: int | None, formats: tuple[str, ...], out_dir: Path, strict: bool,
                jobs: int | None, force: bool = False, session: Session | None = None) -> None:
    """Build every issue (of a year) that changed since its last build, on every core (every
    issue: `force`): one failure does not stop the others; a summary at the end."""
    from .catalog import Catalog, shown
    from .errors import Problem
    from .new_issue import fresh_hints
    from .processes.many import build_many, interrupted

    catalog = Catalog.scan(project.issues)
    paths = [catalog.paths[i] for i in catalog.order(year)]
    failed: list[tuple[str, list[Problem]]] = []
    if year is None:  # files whose date cannot even be read fail too, each once
        for p in [*(q for _, q in catalog.skipped), *catalog.unreadable]:
            failed.append((p.origin.file if p.origin else "？", [p]))
    if not paths and not failed:
        raise TypesetError(f"{year} 年没有任何一期" if year else f"{shown(project.issues)} 中没有任何一期")
    with click.progressbar(length=len(paths), label="排版", file=sys.stderr, item_show_func=lambda s: s,
                           show_pos=True, hidden=not sys.stderr.isatty()) as bar:
        def finished(p: Path) -> None:
            bar.update(1, shown(p))

        try:
            outcomes = build_many(paths, project, catalog, formats, out_dir, strict, jobs, finished, force,
                                  session)
        except KeyboardInterrupt as err:  # Ctrl+C, SIGTERM: what was built, what was not
            for line, to_stderr in interrupted(err, paths):
                click.echo(line, err=to_stderr)
            raise
    done = [o.result for o in outcomes if o.result is not None]
    kept = [r for r in done if r.skipped]
    failed += [(shown(o.path), list(o.problems)) for o in outcomes if o.result is None]
    for result in done:
        for w in result.warnings:
            click.echo(str(w), err=True)
        if not result.skipped:
            _echo_outputs(result.outputs, result.pages)
    unchanged = f"（其中 {len(kept)} 期没有改动，沿用上次排好的文件；加 --force 全部重新排版）" if kept else ""
    click.echo(f"完成：成功 {len(done)} 期{unchanged}，失败 {len(failed)} 期")
    _proof_line(paths, project.issues)
    for file, problems in failed:
        click.echo(f"失败：{file}", err=True)
        for problem in problems:
            click.echo(f"  {problem}", err=True)
        for hint in fresh_hints(problems):
            click.echo(f"  {hint}", err=True)
    if failed:
        sys.exit(1)


@main.command()
def check() -> None:
    """检查所有期：每个文件的内容（按排版时的方式逐期排好各行各页，但不生成文件），以及全系列的期号
    （重复、缺期、年度期号、日期先后）。检查通过的期都能排版。"""
    from .session import Session, using

    with using(Session()):  # this check's reads and caches, its own
        _check()


def _check() -> None:
    from .build import Project, check_issue, series_layout
    from .catalog import Catalog
    from .errors import Problem
    from .fonts import faces_and_problems
    from .new_issue import far_ahead, fresh_hints
    from .reader import load_series

    project = Project.find()
    series = load_series(project.issues)
    layout = series_layout(series)
    catalog = Catalog.scan(project.issues, series)
    problems: list[Problem] = []
    bad: set[str] = set()
    problems += [p for _, p in catalog.skipped]
    skipped = {f for f, _ in catalog.skipped}
    for f in project.issue_files():
        if f in skipped:  # reported once, above
            continue
        issue, found = check_issue(f, project, catalog)
        problems.extend(found)
        if issue is None:
            bad.update(p.origin.file for p in found if p.origin)
            continue
        problems.extend(issue.notes)
    problems += far_ahead(catalog, warning=True) + list(faces_and_problems(layout, series.folder)[1])
    problems += [p for p in catalog.unreadable if not (p.origin and p.origin.file in bad)]
    problems += sorted(catalog.numbering.problems,
                       key=lambda p: (p.origin.file, p.origin.line) if p.origin else ("", 0))
    for p in problems:
        click.echo(str(p), err=True)
    for hint in fresh_hints(problems):
        click.echo(hint, err=True)
    _proof_line(project.issue_files(), project.issues)
    errors = [p for p in problems if not p.warning]
    if errors:
        click.echo(f"发现 {len(errors)} 处错误", err=True)
        sys.exit(1)
    from .faces_used import report  # which face draws each role, and where from

    click.echo("\n".join(report(series_layout(series), project.issues)))
    click.echo(f"检查通过：{len(catalog.entries)} 期{_span(catalog)}")


def _span(catalog: Catalog) -> str:
    """（总第 101–164 期，增刊 3 期）"""
    totals = [n.total for n in catalog.numbering.numbers if n and n.total]
    supplements = sum(1 for e in catalog.entries if e.supplement)
    parts = ([f"总第 {min(totals)}–{max(totals)} 期"] if totals else []) + (
        [f"增刊 {supplements} 期"] if supplements else [])
    return f"（{'，'.join(parts)}）" if parts else ""


@main.command()
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="出刊日期，默认今天")
@click.option("--supplement", is_flag=True, help="新建增刊（单独编号，不占正刊期号）")
@click.option("--same-day", is_flag=True, help="与最近一期同一天出刊时确认再出一期")
def new(date_text: str | None, supplement: bool, same_day: bool) -> None:
    """新建下一期：按日期顺序推算期号，写出待填写的 YAML 文件。"""
    import datetime as dt

    from .build import Project
    from .catalog import Catalog, shown
    from .new_issue import create, plan
    from .written import parse_date

    try:
        date = parse_date(date_text) if date_text else dt.date.today()
    except ValueError as err:
        raise TypesetError(str(err)) from None
    project = Project.find()
    planned = plan(Catalog.scan(project.issues), date, supplement, date_given=date_text is not None,
                   same_day=same_day)
    path = create(planned)
    click.echo(f"已新建 {shown(path)}：{planned.describe()}")
    click.echo("请填写栏目、标题、正文和版记，然后运行 typeset check 检查。")


@main.command()
@click.argument("folder", default=".", metavar="[文件夹]")
@click.option("--title", default=None, metavar="名称", help="报头名称，默认“四川省地方志工作简报”")
@click.option("--office", default=None, metavar="名称", help="编发机关，默认“四川省地方志工作办公室”")
@click.option("--printer", default=None, metavar="名称", help="版记中的印发机关，默认同编发机关")
@click.option("--anchor", default=None, metavar="日期,期号,总期号",
              help="已知期号的一期，如 2024-03-26,40,645；不写时第一期为第 1 期（总第 1 期）")
@click.option("--copies", type=click.IntRange(min=1), default=None, metavar="份数", help="共印份数的默认值")
def init(folder: str, title: str | None, office: str | None, printer: str | None, anchor: str | None,
         copies: int | None) -> None:
    """新建一个系列：在文件夹（默认当前文件夹）中写出 issues/series.yaml（各期共用的设置）。"""
    from .catalog import shown
    from .init_series import OFFICE, TITLE, create_series, parse_anchor

    try:
        fixed = parse_anchor(anchor) if anchor is not None else None
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--anchor") from None
    title = TITLE if title is None else title
    office = OFFICE if office is None else office
    path = create_series(Path(folder), title, office, printer, fixed, copies)
    click.echo(f"已新建系列 {shown(path)}：{title.strip()}，{office.strip()}")
    go = "" if Path(folder).resolve() == Path.cwd() else f"cd {folder}，"
    click.echo(f"下一步：{go}运行 typeset new --date YYYY-MM-DD 新建第一期（不写 --date 为今天），"
               "填写后运行 typeset check 和 typeset build")


@main.command(name="list")
@click.option("--year", type=int, metavar="年份", help="只列出这一年")
def list_issues(year: int | None) -> None:
    """列出各期：总期号、年度期号、日期、文章标题。"""
    from .build import Project
    from .catalog import Catalog, article_titles

    project = Project.find()
    catalog = Catalog.scan(project.issues)
    order = catalog.order(year)
    rows = [("总期号", "期号", "日期", "文章")]
    for i in order:
        e, n = catalog.entries[i], catalog.numbering.numbers[i]
        total = str(n.total) if n and n.total else ("-" if e.supplement else "?")
        label = "?" if n is None else n.text(e.supplement, with_total=False)
        titles = article_titles(catalog.paths[i]) or ["（没有文章）"]
        rows.append((total, label, str(e.date), titles[0]))
        rows += [("", "", "", t) for t in titles[1:]]
    widths = [max(_width(r[c]) for r in rows) for c in range(3)]
    for r in rows:
        cells = [_pad(r[0], widths[0], right=True), _pad(r[1], widths[1]), _pad(r[2], widths[2]), r[3]]
        click.echo("  ".join(cells).rstrip())
    for p in catalog.problems:
        click.echo(str(p), err=True)
    if not order and catalog.unreadable:
        click.echo(f"有 {len({p.origin.file for p in catalog.unreadable if p.origin})} 个文件读不出日期或期号"
                   "（见上），改正后才会列出", err=True)
    elif not order:
        click.echo(f"{year} 年没有任何一期" if year else "还没有任何一期", err=True)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


@main.command(name="compare")
@click.argument("built", type=click.Path(dir_okay=False))
@click.argument("official", type=click.Path(dir_okay=False))
@click.option("--show", "show_lines", is_flag=True, help="列出不一致的各行和缺失的文字")
def compare_issue(built: str, official: str, show_lines: bool) -> None:
    """把排好的 PDF 与正式版逐行比较：OFFICIAL 为正式版 PDF，或其 pdftotext 文本（.txt）。"""
    from .official.compare import compare_files, show

    figures = compare_files(Path(built), Path(official))
    for row in show(figures) if show_lines else []:
        click.echo(row)
    click.echo(figures.summary_zh())


@main.command(name="import")
@click.argument("official", type=click.Path(dir_okay=False))
@click.option("-o", "--out", "target", required=True, type=click.Path(dir_okay=False), help="写出的一期 YAML 文件")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="正式版没有日期行时，给出出刊日期")
@click.option("--force", is_flag=True, help="覆盖已有的文件")
def import_issue(official: str, target: str, date_text: str | None, force: bool) -> None:
    """把正式版（PDF，或其 pdftotext 文本 .txt）导入为一期的 YAML 文件：栏目、标题分行、段落、来源、版记。"""
    from .official.importer import run

    for row in run(Path(official), Path(target), date_text, force):
        click.echo(row)


@main.command(name="calibrate")
@click.argument("issue", type=click.Path(dir_okay=False, exists=True))
@click.argument("official", type=click.Path(dir_okay=False, exists=True))
@click.option("--write", "write_back", is_flag=True, help="把找到的设置写入这一期的 YAML 文件（保留注释）")
@click.option("--paragraphs", is_flag=True, help="也为正式版中手工紧缩过的段落找出各段的紧缩值")
def calibrate_issue(issue: str, official: str, write_back: bool, paragraphs: bool) -> None:
    """按正式版校准：找出使这一期排得和正式版逐行、逐页一致的版式与排版设置，并给出每个值的余量。"""
    from .official.calibrate_command import run

    run(Path(issue), Path(official), write_back, paragraphs, click.echo)


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8645, show_default=True, help="端口；0 表示任选空闲端口")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="地址；默认只允许本机访问。其他地址（如 0.0.0.0）要先用 typeset user add 添加账户")
@click.option("--allowed-host", "names", multiple=True, metavar="名称", help="本服务器的其他名称（可写多次）")
@click.option("--max-upload", type=click.IntRange(min=1), default=50, show_default=True, metavar="兆字节",
              help="上传内容的大小上限（兆字节）")
@click.option("--root-path", default="", metavar="/路径", help="在反向代理后的路径前缀，如 /jianbao")
@click.option("--trusted-proxy", "proxies", multiple=True, metavar="地址",
              help="信任其转发头（X-Forwarded-For/-Proto）的反向代理地址（可写多次）")
@click.option("--session-hours", type=click.FloatRange(min=0, min_open=True), default=8.0, show_default=True,
              metavar="小时", help="登录后多久不操作就要重新登录")
@click.option("--open/--no-open", "open_browser", default=None, help="启动后打开浏览器（默认：在桌面的终端中启动时）")
def serve(port: int, host: str, names: tuple[str, ...], max_upload: int, root_path: str,
          proxies: tuple[str, ...], session_hours: float, open_browser: bool | None) -> None:
    """工作台：在浏览器中新建、编辑、预览、保存和下载各期（改动即时重新排版）。"""
    from .build import Project
    from .serve.run import serve as run
    from .serve.security import Office
    from .workbench.desktop import announce

    office = Office(host, names, max_upload * 1024 * 1024, root_path.rstrip("/"), proxies, session_hours)
    run(Project.find(), host, port, announce(open_browser), office)


def run() -> None:
    """The `typeset` command: main(), then exit without the interpreter's teardown.

    Freeing every object of a build one by one (WeasyPrint's boxes, fonts, cffi
    handles) took about a tenth of a second of each cold build and helps nobody:
    the atexit handlers run (temporary font folders are removed), both streams are
    flushed, then the process ends at once."""
    import atexit
    import os

    from .processes.console import prepare

    prepare()  # closed stdout (a scheduled job), SIGTERM and SIGHUP as Ctrl+C
    try:
        main()
        code = 0
    except SystemExit as err:
        if err.code is None or isinstance(err.code, int):
            code = err.code or 0
        else:
            click.echo(err.code, err=True)
            code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 1
    os._exit(code)


# Imported when asked for (`typeset add …`, a help page), not by every command's start.
main.lazy = {"add": "typeset.contributions.command:add", "book": "typeset.book.command:book",
             "user": "typeset.accounts_command:user",
             "history": "typeset.workbench.command:history", "restore": "typeset.workbench.command:restore",
             "proof": "typeset.proof.command:proof"}
