"""Many issues at once (`typeset build --year/--all`): built by a pool of processes, one per
core, each issue's outcome brought back whole (its result, or its located problems), in
the order asked for. One issue that fails never stops the others."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from .build import Project, Result
from .catalog import Catalog, shown
from .errors import Problem, TypesetError
from .model import Origin


@dataclass(frozen=True)
class Outcome:
    path: Path
    result: Result | None  # None: it failed, `problems` say why
    problems: tuple[Problem, ...] = ()


_catalog: Catalog | None = None  # the scanned series, once per worker process


def _init(catalog: Catalog) -> None:
    global _catalog
    _catalog = catalog


def _one(path: Path, project: Project, formats: tuple[str, ...], out_dir: Path, strict: bool,
         catalog: Catalog | None = None) -> Outcome:
    from .build import build

    try:
        return Outcome(path, build(path, project, formats, out_dir, strict=strict, catalog=catalog or _catalog))
    except TypesetError as err:
        return Outcome(path, None, tuple(err.problems))
    except Exception as err:  # noqa: BLE001 - a bug in one issue is reported with the others
        return Outcome(path, None, (Problem(f"内部错误：{type(err).__name__}: {err}", Origin(shown(path))),))


def build_many(paths: list[Path], project: Project, catalog: Catalog, formats: tuple[str, ...],
               out_dir: Path, strict: bool, jobs: int | None = None,
               done: Callable[[Path], None] = lambda _: None) -> list[Outcome]:
    """Build every path; `jobs` processes (default: one per core; 1: in this process);
    `done(path)` is called as each issue finishes, in whatever order they finish."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    if jobs == 1:
        out = []
        for p in paths:
            out.append(_one(p, project, formats, out_dir, strict, catalog))
            done(p)
        return out
    outcomes: dict[Path, Outcome] = {}
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(catalog,)) as pool:
        futures = {pool.submit(_one, p, project, formats, out_dir, strict): p for p in paths}
        for future in as_completed(futures):
            p = futures[future]
            try:
                outcomes[p] = future.result()
            except BrokenProcessPool:  # a worker killed (out of memory, say)
                outcomes[p] = Outcome(p, None, (Problem(
                    "排版这一期的进程意外退出（内存不足？），这一期没有排版，原有的文件保持不变："
                    "请关闭其他程序后重试，或用 --jobs 1 只用一个进程", Origin(shown(p))),))
            done(p)
    return [outcomes[p] for p in paths]
