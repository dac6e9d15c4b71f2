"""Many issues at once (`typeset build --year/--all`): built by a pool of processes, one per
core, each issue's outcome brought back whole (its result, or its located problems), in
the order asked for. One issue that fails never stops the others; the issues a crashed
worker took with it are built again, each alone, and only one that crashes again is
reported so."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from . import pools
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


def keep_catalog(catalog: Catalog) -> None:
    """Pool initializer: the scanned series, once per worker."""
    global _catalog
    _catalog = catalog


def kept_catalog() -> Catalog | None:
    return _catalog


def _one(path: Path, project: Project, formats: tuple[str, ...], out_dir: Path, strict: bool,
         catalog: Catalog | None = None) -> Outcome:
    from .build import build

    try:
        return Outcome(path, build(path, project, formats, out_dir, strict=strict, catalog=catalog or _catalog))
    except TypesetError as err:
        return Outcome(path, None, tuple(err.problems))
    except Exception as err:  # noqa: BLE001 - a bug in one issue is reported with the others
        return Outcome(path, None, (pools.internal_problem(err, path),))


def crashed(path: Path) -> Problem:
    return Problem("排版这一期的进程意外退出（内存不足？），这一期没有排版，原有的文件保持不变："
                   "请关闭其他程序后重试，或用 --jobs 1 只用一个进程", Origin(shown(path)))


def build_many(paths: list[Path], project: Project, catalog: Catalog, formats: tuple[str, ...],
               out_dir: Path, strict: bool, jobs: int | None = None,
               done: Callable[[Path], None] = lambda _: None) -> list[Outcome]:
    """Build every path; `jobs` processes (default: one per core; 1: in this process);
    `done(path)` is called as each issue finishes, in whatever order they finish."""
    workers = pools.worker_count(jobs, len(paths))
    if workers == 1:
        out: list[Outcome] = []
        for p in paths:
            out.append(_one(p, project, formats, out_dir, strict, catalog))
            done(p)
        return out
    outcomes: dict[Path, Outcome] = {}
    lost: list[Path] = []
    executor = pools.pool(workers, keep_catalog, (catalog,))
    try:
        futures: dict[Future, Path] = {executor.submit(_one, p, project, formats, out_dir, strict): p
                                       for p in paths}
        for future in as_completed(futures):
            p = futures[future]
            try:
                outcomes[p] = future.result()
            except BrokenProcessPool:  # a worker died (out of memory, say): built again below
                lost.append(p)
                continue
            except Exception as err:  # noqa: BLE001 - what came back could not be read
                outcomes[p] = Outcome(p, None, (pools.internal_problem(err, p),))
            done(p)
    except BaseException:  # Ctrl+C
        pools.stop(executor)
        raise
    executor.shutdown()
    for p in sorted(lost, key=paths.index):
        outcomes[p] = _alone(p, project, catalog, formats, out_dir, strict)
        done(p)
    return [outcomes[p] for p in paths]


def _alone(path: Path, project: Project, catalog: Catalog, formats: tuple[str, ...], out_dir: Path,
           strict: bool) -> Outcome:
    """One issue in a worker of its own: a crash there is that issue's."""
    with pools.pool(1, keep_catalog, (catalog,)) as executor:
        try:
            return executor.submit(_one, path, project, formats, out_dir, strict).result()
        except BrokenProcessPool:
            return Outcome(path, None, (crashed(path),))
        except Exception as err:  # noqa: BLE001
            return Outcome(path, None, (pools.internal_problem(err, path),))
