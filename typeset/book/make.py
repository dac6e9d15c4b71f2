"""The volume: plan, build the issues whose inputs changed (a process pool on both cores),
bind, and write the file atomically; any issue that does not build stops the book."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from ..build import Project, write_atomic
from ..catalog import Catalog, shown
from ..errors import Problem, TypesetError
from ..model import Numbers
from ..reader import SERIES_FILE
from . import front, merge, stamps
from .issues import Built, Job, build_one, init_worker
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


def stem_of(numbers: Numbers, date: dt.date, supplement: bool) -> str:
    """The file name an issue's own build gives it: 645, 2024-增刊-1."""
    return f"{date.year}-增刊-{numbers.year_number}" if supplement else str(numbers.total)


def _plan(project: Project, span: Span) -> tuple[Catalog, list[Planned], str]:
    from ..fonts import faces
    from ..layout import load_layout

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
    layout = load_layout(catalog.series.layout)
    common = stamps.common_key(project.issues / SERIES_FILE, layout.folder,
                               [f.path for f in faces(layout).values()])
    planned = []
    for i in chosen:
        e, n, path = catalog.entries[i], catalog.numbering.numbers[i], catalog.paths[i]
        assert n is not None  # numbering problems were reported above
        stem = stem_of(n, e.date, e.supplement)
        planned.append(Planned(i, path, stem, e.date, n, e.supplement, stamps.issue_key(common, path, n, stem)))
    return catalog, planned, common


def _build(project: Project, catalog: Catalog, todo: list[Planned], out_dir: Path, strict: bool,
           jobs: int, progress: Progress) -> tuple[dict[str, Built], list[Problem]]:
    done: dict[str, Built] = {}
    failed: list[Problem] = []

    def take(p: Planned, outcome: Built | list[Problem]) -> None:
        progress(shown(p.path))
        if isinstance(outcome, Built):
            stamps.record(out_dir, p.stem, p.key, outcome)
            done[p.stem] = outcome
        else:
            stamps.forget(out_dir, p.stem)
            failed.extend(outcome)

    work = {p.stem: Job(str(p.path), str(project.root), str(out_dir), p.stem, strict) for p in todo}
    if jobs <= 1 or len(todo) <= 1:
        for p in todo:
            take(p, build_one(work[p.stem], catalog))
        return done, failed
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=init_worker,
                             initargs=(catalog,)) as pool:
        futures = {pool.submit(build_one, work[p.stem]): p for p in todo}
        for future in as_completed(futures):
            take(futures[future], future.result())
    return done, failed


def make_book(project: Project, span: Span, out_dir: Path, strict: bool = False, jobs: int | None = None,
              progress: Progress | None = None, planned_count: Callable[[int, int], None] | None = None,
              now: dt.datetime | None = None) -> Volume:
    """Build the volume of `span` into out_dir; TypesetError (and the previous volume left as it
    was) when the numbering has problems or any issue does not build."""
    from ..fonts import faces
    from ..layout import load_layout

    catalog, planned, _ = _plan(project, span)
    ready: dict[str, Built] = {}
    for p in planned:
        hit = stamps.up_to_date(out_dir, p.stem, p.key)
        if hit is not None:
            ready[p.stem] = hit
    todo = [p for p in planned if p.stem not in ready]
    if planned_count:
        planned_count(len(planned), len(todo))
    built, failed = _build(project, catalog, todo, out_dir, strict, jobs or os.cpu_count() or 2,
                           progress or (lambda _: None))
    if failed:
        raise TypesetError([*failed, Problem("以上各期没有排版成功，合订本没有生成"
                                             "（上次的合订本原样保留）：请改正后再运行")])
    ready.update(built)

    series = catalog.series
    layout = load_layout(series.layout)
    spec = layout["book"]
    dates = [p.date for p in planned]
    words = span.words(spec["span"], spec["date"], dates)
    listed, bound, page = [], [], 1
    for p in planned:
        b = ready[p.stem]
        number = (spec["number"]["supplement"] if p.supplement else spec["number"]["issue"]).format(
            number=p.numbers.year_number, total=p.numbers.total)
        head = f"{number}　{day_text(p.date, spec['date'])}"
        articles = tuple(front.Line(a.text, page + a.page) for part in b.parts for a in part.articles)
        listed.append(front.Listed(head, page, articles))
        bound.append(merge.Bound(p.date.year, head, out_dir / f"{p.stem}.pdf", b))
        page += b.pages
    volume = spec["cover"]["volume"]["text"].format(span=words)
    title = f"{series.title} {volume}"
    held = _held(planned, spec)
    table = faces(layout)
    document = front.html(layout, table, front.Cover(series.title, volume, held, series.office), listed, title)
    name = f"{span.stem(dates)}-合订本"
    front_pdf, front_pages = front.render(document, layout, table, out_dir, f"front-{name}")
    meta = merge.Meta(title, series.office, f"{series.title}，{words}，{held}",
                      (series.title, words, "合订本", series.office),
                      now or dt.datetime.now(dt.UTC).astimezone())
    data = merge.bind(front_pdf, front_pages, bound, meta)
    target = out_dir / f"{name}.pdf"
    write_atomic(target, data)
    warnings = tuple(w for p in todo for w in ready[p.stem].warnings)
    return Volume(target, len(planned), len(todo), front_pages, page - 1, warnings)


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
