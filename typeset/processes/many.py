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
from typing import TYPE_CHECKING

from .. import stamps
from ..build import Project, Result
from ..catalog import Catalog, shown
from ..errors import Problem, TypesetError
from ..issue_name import issue_name
from ..model import Origin
from . import pools
from .interrupt import held, note_finished

if TYPE_CHECKING:
    from ..session import Session


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
         catalog: Catalog | None = None, stamp: str | None = None) -> Outcome:
    from ..build import build

    try:
        return Outcome(path, build(path, project, formats, out_dir, strict=strict, catalog=catalog or _catalog,
                                   stamp=stamp))
    except TypesetError as err:
        return Outcome(path, None, tuple(err.problems))
    except OSError as err:  # disk full, no permission, TMPDIR full: as the guard says it
        from .console import system_trouble

        return Outcome(path, None, (Problem(system_trouble(err), Origin(shown(path))),))
    except Exception as err:  # noqa: BLE001 - a bug in one issue is reported with the others
        return Outcome(path, None, (pools.internal_problem(err, path),))


def crashed(path: Path) -> Problem:
    return Problem("排版这一期的进程意外退出（内存不足？），这一期没有排版，原有的文件保持不变："
                   "请关闭其他程序后重试，或用 --jobs 1 只用一个进程", Origin(shown(path)))


def planned(paths: list[Path], catalog: Catalog, session: Session | None = None) -> dict[Path, tuple[str, str]]:
    """Each issue's output name and key (stamps.py), for the files the series numbers."""
    from ..build import series_layout

    series = catalog.series
    layout = series_layout(series).with_overrides(series.layout_overrides)
    common = stamps.common_key_of(Path(series.folder), layout, session)
    index = {p.resolve(): i for i, p in enumerate(catalog.paths)}
    out: dict[Path, tuple[str, str]] = {}
    for path in paths:
        i = index.get(path.resolve())
        numbers = catalog.numbering.numbers[i] if i is not None else None
        if i is None or numbers is None or catalog.numbering.problems_of(i):
            continue  # built, never skipped: the build says what is wrong
        e = catalog.entries[i]
        stem = issue_name(numbers, e.date.year, e.supplement) or path.stem  # as build.output_stem names it
        out[path] = stem, stamps.issue_key(common, path, numbers, stem)
    return out



def build_many(paths: list[Path], project: Project, catalog: Catalog, formats: tuple[str, ...],
               out_dir: Path, strict: bool, jobs: int | None = None,
               done: Callable[[Path], None] = lambda _: None, force: bool = False,
               session: Session | None = None) -> list[Outcome]:
    """Build every path that changed since its last build into out_dir (every path: `force`);
    `jobs` processes (default: one per core; 1: in this process); `done(path)` is called as
    each issue finishes, in whatever order they finish. `session`: this process's (the keys;
    each worker process has its own)."""
    keys = planned(paths, catalog, session)
    outcomes: dict[Path, Outcome] = {}
    if not force:
        for p, (stem, key) in keys.items():
            hit = stamps.up_to_date(out_dir, stem, key, formats)
            if hit is not None and not (strict and hit.warnings):  # --strict: built, so the warning stops it
                wanted = tuple(o for o in hit.outputs if o.suffix.lstrip(".") in formats
                               or ("html" in formats and o.parent.name == f"{stem}_files"))
                outcomes[p] = Outcome(p, Result(wanted, hit.warnings, hit.built.pages, hit.built, skipped=True))
                done(p)
    todo = [p for p in paths if p not in outcomes]
    stamp = {p: keys[p][1] if p in keys else None for p in todo}
    workers = pools.worker_count(jobs, len(todo))
    if workers == 1:
        try:
            for p in todo:
                with held():  # a signal lets the issue under way finish, as the pool's workers do
                    outcomes[p] = _one(p, project, formats, out_dir, strict, catalog, stamp[p])
                    done(p)
        except KeyboardInterrupt as err:  # Ctrl+C, SIGTERM: which issues were built goes with it
            note_finished(err, [outcomes[p] for p in paths if p in outcomes])
            raise
        return [outcomes[p] for p in paths]
    lost: list[Path] = []
    executor = pools.pool(workers, keep_catalog, (catalog,))
    futures: dict[Future, Path] = {}
    try:
        futures.update({executor.submit(_one, p, project, formats, out_dir, strict, None, stamp[p]): p
                        for p in todo})
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
    except KeyboardInterrupt as err:  # Ctrl+C, SIGTERM: nothing more started, the running issues
        running = [f for f, p in futures.items() if p not in outcomes and not f.cancel()]  # finish
        try:  # (a second Ctrl+C: not waited for), so what is said to be built is what was written
            for future in as_completed(running):
                if future.exception() is None:
                    outcomes[futures[future]] = future.result()
                    done(futures[future])
        except KeyboardInterrupt:
            pass
        finally:
            pools.stop(executor)
        note_finished(err, [outcomes[p] for p in paths if p in outcomes])
        raise
    except BaseException:
        pools.stop(executor)
        raise
    executor.shutdown()
    for p in sorted(lost, key=paths.index):
        outcomes[p] = _alone(p, project, catalog, formats, out_dir, strict, stamp[p])
        done(p)
    return [outcomes[p] for p in paths]


def _alone(path: Path, project: Project, catalog: Catalog, formats: tuple[str, ...], out_dir: Path,
           strict: bool, stamp: str | None) -> Outcome:
    """One issue in a worker of its own: a crash there is that issue's."""
    with pools.pool(1, keep_catalog, (catalog,)) as executor:
        try:
            return executor.submit(_one, path, project, formats, out_dir, strict, None, stamp).result()
        except BrokenProcessPool:
            return Outcome(path, None, (crashed(path),))
        except Exception as err:  # noqa: BLE001
            return Outcome(path, None, (pools.internal_problem(err, path),))


def interrupted(err: KeyboardInterrupt, paths: list[Path]) -> list[tuple[str, bool]]:
    """A many-issue build stopped (Ctrl+C, SIGTERM): the lines to print — (text, to stderr) —
    for the issues built, as usual, then those not built; what `err` then says (interrupt.tell)."""
    from .interrupt import finished, tell

    built = [o for o in finished(err) or [] if o.result is not None]
    lines = [(f"已生成 {out}（{o.result.pages} 页）", False) for o in built if o.result for out in o.result.outputs]
    left = [p for p in paths if p not in {o.path for o in built}]
    lines += [(f"未排版：{shown(p)}", True) for p in left]
    if built:
        tell(err, f"：已排好 {len(built)} 期（文件见上），未排版 {len(left)} 期（其原有的文件保持不变）；"
                  "再次运行即可排完")
    return lines
