"""Build: the stages chained, and outputs written safely.

    build(issue_path, project, formats, out_dir) → written paths

A build is prepare() (read, number, compose → Prepared), renderers.render() (every output
drawn, by the ways of running renderers.py names) and the atomic commit of all outputs
(output.write_together), then the stamp (stamps.py) when a key is given.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .catalog import Catalog, in_series
from .errors import Problem, TypesetError
from .model import Issue, Origin, Series
from .numbering import keep_stated
from .output import tidy, write_atomic, write_together  # noqa: F401 - write_atomic: for typeset add
from .reader import SERIES_FILE, load_issue, load_series
from .renderers import Prepared
from .session import Session, using

if TYPE_CHECKING:
    from .compose import ComposedIssue
    from .layout import Layout
    from .stamps import Built


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def issues(self) -> Path:
        return self.root / "issues"

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project whose issues/series.yaml is at or above `start` (the working folder).
        Never any other: outside a project every command refuses and says where a series must be."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            series = folder / "issues" / SERIES_FILE
            if series.is_file():
                return cls(folder)
            if series.exists() or series.is_symlink():
                raise TypesetError(f"{series} 不是文件（是文件夹或失效的快捷方式）：系列的设置必须是文件 "
                                   f"issues/{SERIES_FILE}；请改正，或另建系列（typeset init）")
        raise TypesetError(
            f"找不到 issues/{SERIES_FILE}：{here} 及其上级文件夹都不是简报项目。请进入项目文件夹"
            f"（其中有 issues/{SERIES_FILE}，各期文件在 issues/年份/ 下）再运行；"
            "要开始一个新的系列，运行 typeset init")

    def issue_files(self) -> list[Path]:
        return sorted(p for p in self.issues.rglob("*.yaml") if p.name != SERIES_FILE)


@dataclass(frozen=True)
class Result:
    outputs: tuple[Path, ...]
    warnings: tuple[Problem, ...]
    pages: int
    built: Built | None = None  # the issue's outline (what a stamp keeps)
    skipped: bool = False  # up to date: nothing built, the outputs are the last build's


def numbered(issue: Issue, issue_path: Path, project: Project, series: Series,
             catalog: Catalog | None = None) -> Issue:
    """An issue with its numbers: derived from the series for a file under issues/,
    as the file states them for any other file (a test fixture, say)."""
    if not in_series(issue_path, project.issues):
        return keep_stated(issue)
    catalog = catalog or Catalog.scan(project.issues, series)
    numbers = catalog.with_issue(issue_path, issue).numbers_of(issue_path)
    return replace(issue, numbers=numbers)


def output_stem(issue: Issue, issue_path: Path) -> str:
    """645 for 总第 645 期, 2024-增刊-1 for a supplement; else the file's own name."""
    from .issue_name import issue_name

    return issue_name(issue.numbers, issue.date.year, issue.supplement) or issue_path.stem


def series_layout(series: Series) -> Layout:
    """The series' layout; an unknown one is reported at the `layout:` line of series.yaml."""
    from .layout import LAYOUTS
    from .reader.layout_file import load_layout

    if not (LAYOUTS / series.layout / "layout.yaml").is_file():
        known = sorted(p.name for p in LAYOUTS.iterdir() if (p / "layout.yaml").is_file())
        raise TypesetError(Problem(
            f"没有“{series.layout}”这个版式：layout 写的是 layouts/ 下一个版式文件夹的名字；"
            f"现有版式：{'、'.join(known) or '无'}。请改正", _key_origin(series, "layout"), "layout"))
    return load_layout(series.layout)


def _key_origin(series: Series, key: str) -> Origin | None:
    """Where a top-level key's value stands in series.yaml."""
    origin = series.origin
    if origin is None:
        return None
    try:
        text = Path(origin.file).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return origin
    for number, line in enumerate(text.splitlines(), 1):
        m = re.match(rf"{key}[ \t]*:[ \t]*", line)
        if m:
            return Origin(origin.file, number, m.end() + 1)
    return origin


def compose_issue(issue: Issue, series: Series) -> tuple[ComposedIssue, Layout]:
    """A numbered issue composed as the writers get it (every line and page decided), or the
    located errors that stop it: what `build` renders and `check` verifies."""
    from .compose import compose

    layout = series_layout(series).with_overrides(issue.layout_overrides)
    return compose(issue, series, layout), layout


def check_issue(path: Path, project: Project, catalog: Catalog) -> tuple[Issue | None, list[Problem]]:
    """Everything `build` checks before rendering, for one file: reading, numbers, composing,
    and the composer's and the fonts' warnings. Numbering problems are left to the catalog
    (reported once for the series)."""
    from . import reader

    try:
        issue = reader.load_issue(path, catalog.series)
    except TypesetError as err:
        return None, list(err.problems)
    try:
        with_numbers = numbered(issue, path, project, catalog.series, catalog)
    except TypesetError:
        return issue, []
    try:
        composed, layout = compose_issue(with_numbers, catalog.series)
    except TypesetError as err:
        return issue, list(err.problems)
    from .fonts import coverage, faces  # what build warns of, said by check too

    return issue, [*composed.warnings, *coverage(composed, faces(layout, composed.series.folder))]


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Python's cyclic garbage collector paused for one build. A build allocates
    hundreds of thousands of objects that all live until it ends; each full
    collection walks them all, so the collector alone made build time grow with
    the square of the page count (74 against 51 ms a page at 34 pages).
    Reference counting still frees everything else at once; cycles are
    collected after the build, as soon as the collector runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def prepare(issue_path: Path, project: Project, stem: str | None = None, strict: bool = False,
            catalog: Catalog | None = None, session: Session | None = None) -> Prepared:
    """YAML file → composed issue (no writer run yet), read through `session` (else the current
    one); TypesetError for bad input."""
    with using(session) as current_session:
        return _prepare(issue_path, project, stem, strict, catalog, current_session)


def _prepare(issue_path: Path, project: Project, stem: str | None, strict: bool, catalog: Catalog | None,
             session: Session) -> Prepared:
    from .fonts import coverage, faces_and_problems

    series = catalog.series if catalog else load_series(project.issues)
    issue = numbered(load_issue(issue_path, series), issue_path, project, series, catalog)
    composed, layout = compose_issue(issue, series)
    table, font_problems = faces_and_problems(layout, composed.series.folder, session)
    warnings = [*issue.notes, *composed.warnings, *font_problems, *coverage(composed, table)]
    if strict and warnings:
        raise TypesetError([Problem(w.message, w.origin, w.field) for w in warnings])
    return Prepared(composed, layout, [layout.folder, Path(series.folder)], tuple(warnings),
                    stem or output_stem(issue, issue_path))


def build(issue_path: Path, project: Project, formats: tuple[str, ...], out_dir: Path,
          stem: str | None = None, strict: bool = False, catalog: Catalog | None = None,
          pdf: Callable[..., bytes] | None = None, engine: Any = None, docx: Any = None,
          session: Session | None = None, stamp: str | None = None) -> Result:
    """YAML file → PDF/DOCX/HTML in out_dir. Everything is rendered before anything is written.

    `catalog`: the series already scanned (building many issues scans once); `pdf`: the PDF
    renderer to use instead of the writer's (a warm server passes its page cache's); `engine`:
    a forked process that draws the PDF while this one composes and writes the rest
    (pdf_process.PdfProcess, started and closed by the caller: a cold single build); `docx`:
    a warm process that draws the DOCX while this one draws the PDF (serve.worker.DocxWorker,
    started by the caller: a server's build); `session`: whose reads and caches (else the
    current one); `stamp`: the issue's key (stamps.py), recorded with the outputs."""
    from . import stamps
    from .renderers import render, renderers

    tidy(out_dir)  # a killed build's leftovers go even if this one fails
    with using(session), without_cycle_collection():
        p = prepare(issue_path, project, stem, strict, catalog)
        rendered = render(p, formats, renderers(pdf, engine, docx, issue_path), out_dir)
        built = stamps.built(p.composed, p.warnings)
        outputs = tuple(rendered)
        if stamp is not None and rendered:  # committed with the outputs
            path, data = stamps.stamp_file(out_dir, p.stem, stamp, rendered, p.warnings, built)
            rendered[path] = data
        write_together(rendered)
    return Result(outputs, p.warnings, len(p.composed.pages), built)
