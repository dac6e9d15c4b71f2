"""The volume: plan, build the issues whose inputs changed (a process pool on both cores),
bind, and write the file atomically; any issue that does not build stops the book."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from .. import stamps
from ..build import Project
from ..catalog import Catalog, shown
from ..errors import Problem, TypesetError
from ..model import Numbers
from ..processes import pools
from ..processes.many import keep_catalog
from ..processes.many import planned as planned_keys
from ..session import Session
from . import front, merge
from .issues import Built, Job, build_one
from .select import Span, day_text

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Planned:
    index: int
    path: Path
    stem: str
    date: dt.date
    numbers: Numbers
    supplement: bool
    key: str


@dataclass(frozen=True)
class Volume:
    path: Path
    issues: int
    built: int  # issues built this time (the others were up to date)
    front_pages: int
    pages: int  # issue pages
    warnings: tuple[str, ...]


def _plan(project: Project, span: Span, session: Session | None) -> tuple[Catalog, list[Planned]]:
    catalog = Catalog.scan(project.issues)
    chosen = span.chosen(catalog)
    problems = list(catalog.unreadable)
    for i in chosen:
        problems += [p for p in catalog.numbering.problems_of(i) if not p.warning and p not in problems]
    if problems:
        raise TypesetError([*problems, Problem("期号有问题，合订本没有生成：请先改正以上各处"
                                               "（typeset check 可再次检查）")])
    if not chosen:
        raise TypesetError("所选范围内没有任何一期：请检查年份或日期范围（typeset list 列出各期）")
    keys = planned_keys([catalog.paths[i] for i in chosen], catalog, session)
    planned = []
    for i in chosen:
        e, n, path = catalog.entries[i], catalog.numbering.numbers[i], catalog.paths[i]
        if n is None or path not in keys:  # the numbering reports why; this only guards
            raise TypesetError(f"无法确定 {shown(path)} 的期号：请运行 typeset check 查看原因")
        stem, key = keys[path]
        planned.append(Planned(i, path, stem, e.date, n, e.supplement, key))
    return catalog, planned


class _Pool:
    """The worker processes, started on first use: everything that draws with WeasyPrint
    (the issues, the front matter) runs in them, so the binding process stays small."""

    def __init__(self, jobs: int, catalog: Catalog) -> None:
        self.jobs, self.catalog = jobs, catalog
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, fn: Callable, *args: object) -> Future:
        if self.pool is None:
            self.pool = pools.pool(self.jobs, keep_catalog, (self.catalog,))
        return self.pool.submit(fn, *args)

    def close(self, interrupted: bool = False) -> None:
        if self.pool is not None:
            if interrupted:  # Ctrl+C: the running jobs are not waited for
                pools.stop(self.pool)
            else:
                self.pool.shutdown(cancel_futures=True)
            self.pool = None


def _build(project: Project, pool: _Pool, todo: list[Planned], out_dir: Path, strict: bool,
           progress: Progress) -> tuple[dict[str, Built], list[Problem]]:
    done: dict[str, Built] = {}
    failed: list[Problem] = []
    futures = {pool.submit(build_one, Job(str(p.path), str(project.root), str(out_dir), p.stem, strict, p.key)): p
               for p in todo}
    for future in as_completed(futures):
        p = futures[future]
        try:
            outcome = future.result()
        except BrokenProcessPool:  # a worker killed (out of memory, say): nothing to locate
            raise TypesetError(f"排版 {shown(p.path)} 的进程意外退出（内存不足？），合订本没有生成："
                               "请关闭其他程序后重试，或用 --jobs 1 只用一个进程") from None
        progress(shown(p.path))
        if isinstance(outcome, Built):  # stamped by its build
            done[p.stem] = outcome
        else:
            stamps.forget(out_dir, p.stem)
            failed.extend(outcome)
    return done, failed


def make_book(project: Project, span: Span, out_dir: Path, strict: bool = False, jobs: int | None = None,
              progress: Progress | None = None, planned_count: Callable[[int, int], None] | None = None,
              now: dt.datetime | None = None, force: bool = False, session: Session | None = None) -> Volume:
    """Build the volume of `span` into out_dir, each issue only if it changed since its last build
    (every issue: `force`); TypesetError (and the previous volume left as it was) when the
    numbering has problems or any issue does not build."""
    catalog, planned = _plan(project, span, session)
    ready = {p.stem: hit.built for p in planned if not force and (hit := stamps.up_to_date(out_dir, p.stem, p.key))
             and not (strict and hit.warnings)}  # --strict: built again, so that the warning stops it
    todo = [p for p in planned if p.stem not in ready]
    if planned_count:
        planned_count(len(planned), len(todo))
    pool = _Pool(pools.worker_count(jobs, len(todo)), catalog)
    try:
        built, failed = _build(project, pool, todo, out_dir, strict, progress or (lambda _: None))
    except BaseException:
        pool.close(interrupted=True)
        raise
    pool.close()
    if failed:
        raise TypesetError([*failed, Problem("以上各期没有排版成功，合订本没有生成"
                                             "（上次的合订本原样保留）：请改正后再运行")])
    ready.update(built)
    book = _Book(catalog, span, planned, ready, out_dir, now, session)
    drawer = _Pool(1, catalog)  # a fresh worker: the builders have gone, and their memory with them
    try:
        front_pdf, front_pages = book.front(drawer)
    finally:
        drawer.close()
    target = out_dir / f"{book.name}.pdf"
    if target.is_dir():
        raise TypesetError(f"无法写出 {target}：那里已有一个同名文件夹，请删去或改名")
    merge.bind(front_pdf, front_pages, book.bound, book.meta, target)
    warnings = tuple(w for p in planned for w in ready[p.stem].warnings)  # the unchanged issues' too
    return Volume(target, len(planned), len(todo), front_pages, sum(b.built.pages for b in book.bound), warnings)


class _Book:
    """The volume's parts once every issue is built: contents entries, bookmarks, metadata."""

    def __init__(self, catalog: Catalog, span: Span, planned: list[Planned], ready: dict[str, Built],
                 out_dir: Path, now: dt.datetime | None, session: Session | None = None) -> None:
        from ..fonts import faces
        from ..layout import load_layout

        series = catalog.series
        self.layout = layout = load_layout(series.layout, session=session)
        self.faces = faces(layout, series.folder, session)
        self.out_dir = out_dir
        spec = layout["book"]
        dates = [p.date for p in planned]
        words = span.words(spec["span"], spec["date"], dates)
        self.listed: list[front.Listed] = []
        self.bound: list[merge.Bound] = []
        page = 1
        for p in planned:
            b = ready[p.stem]
            number = (spec["number"]["supplement"] if p.supplement else spec["number"]["issue"]).format(
                number=p.numbers.year_number, total=p.numbers.total)
            head = f"{number}\u3000{day_text(p.date, spec['date'])}"
            articles = tuple(front.Line(a.text, page + a.page) for part in b.parts for a in part.articles)
            self.listed.append(front.Listed(head, page, articles))
            self.bound.append(merge.Bound(p.date.year, head, out_dir / f"{p.stem}.pdf", b))
            page += b.pages
        volume = spec["cover"]["volume"]["text"].format(span=words)
        self.title = f"{series.title} {volume}"
        held = _held(planned, spec)
        self.cover = front.Cover(series.title, volume, held, series.office)
        self.name = f"{span.stem(dates)}-合订本"
        self.meta = merge.Meta(self.title, series.office, f"{series.title}，{words}，{held}",
                               (series.title, words, "合订本", series.office),
                               now or dt.datetime.now(dt.UTC).astimezone())

    def front(self, pool: _Pool) -> tuple[bytes, int]:
        """Cover and contents: as drawn last time if nothing in them changed, else drawn in a worker."""
        document = front.html(self.layout, self.faces, self.cover, self.listed, self.title)
        want, name = front.key(document, self.faces), f"front-{self.name}"
        drawn = front.cached(self.out_dir, name, want)
        if drawn is None:
            pool.submit(front.draw, document, self.layout.folder.as_uri() + "/", self.out_dir, name, want).result()
            drawn = front.cached(self.out_dir, name, want)
        if drawn is None:
            raise TypesetError(f"无法读回刚生成的封面和目录（{self.out_dir}）：请检查输出文件夹能否写入")
        return drawn


def _held(planned: list[Planned], spec: dict) -> str:
    """第1—30期（总第113—142期），增刊2期: what the volume holds."""
    main = [p.numbers for p in planned if not p.supplement]
    extra = sum(1 for p in planned if p.supplement)
    parts = []
    years = {p.date.year for p in planned if not p.supplement}
    if main and len(years) > 1:  # yearly numbers restart each January: the running totals alone
        parts.append(f"总第{main[0].total}—{main[-1].total}期")
    elif main:
        first, last = main[0], main[-1]
        parts.append(f"第{first.year_number}—{last.year_number}期（总第{first.total}—{last.total}期）"
                     if len(main) > 1 else spec["number"]["issue"].format(number=first.year_number,
                                                                          total=first.total))
    if extra:
        parts.append(f"增刊{extra}期")
    return "，".join(parts)
