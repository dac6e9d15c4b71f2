"""Which open previews a change rebuilds, and one rebuild task per preview at a time.

    Rebuilds(server).changed(paths)    files changed (a save, the watcher): rebuild what depends on them

An issue file changed: its own preview, and another open issue only when its numbers (第 N 期,
总第 M 期, derived from the whole series) are no longer those it was built with, or when its last
build failed (the change may mend it). Any other file (series.yaml, a layout, a font, a picture):
every open preview. A change that arrives while a preview is rebuilding marks it dirty: it is
built once more afterwards, from the files as they are then, however many changes came. The
print PDFs and DOCX files are made ahead of a download once no preview has been rebuilt for
QUIET seconds (the editors paused): never one for each of many saves in a row, never in a
drawer's way while editors wait for their pages.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio

from ..errors import TypesetError

QUIET = 2.0  # seconds without a rebuild before the print PDFs and DOCX files are made

if TYPE_CHECKING:
    from .preview import IssuePreview


class Rebuilds:
    def __init__(self, server: Any) -> None:
        self.server = server
        self.dirty: set[int] = set()  # id() of the previews to build (again)
        self.running: dict[int, asyncio.Task[None]] = {}
        self.unfinished: dict[int, IssuePreview] = {}  # built, the print PDF not made yet
        self.timer: asyncio.TimerHandle | None = None  # when the print PDFs are made

    def open(self) -> list[IssuePreview]:
        """The open previews, each once (an issue asked for under two spellings is one preview)."""
        return list({id(p): p for p in self.server.previews.values()}.values())

    async def changed(self, paths: Iterable[Path]) -> None:
        """Rebuild the open previews that depend on the changed files (see the module's docstring)."""
        paths = list(paths)
        if not paths:
            return
        previews = self.open()
        wanted = await anyio.to_thread.run_sync(self.affected, previews, paths)
        wanted.sort(key=lambda p: p.path.resolve() not in {q.resolve() for q in paths})  # the changed first
        for preview in wanted:
            self.schedule(preview)

    def affected(self, previews: list[IssuePreview], paths: list[Path]) -> list[IssuePreview]:
        """The previews among `previews` that the changed `paths` rebuild (in a worker thread)."""
        from ..catalog import Catalog

        issues = self.server.project.issues.resolve()
        changed = {p.resolve() for p in paths}
        if any(not _issue_file(p, issues) for p in changed):
            return previews  # a shared input: series.yaml, a layout, a font, a picture
        own = [p for p in previews if p.path.resolve() in changed]
        others = [p for p in previews if p not in own]
        if not others:
            return own
        try:
            catalog = Catalog.scan(self.server.project.issues)
        except TypesetError:
            return previews  # series.yaml unreadable: every preview shows why
        return own + [p for p in others if _renumbered(p, catalog)]

    def schedule(self, preview: IssuePreview) -> None:
        """Build `preview` soon: now if idle, else once more after the build under way."""
        key = id(preview)
        self.dirty.add(key)
        if key not in self.running:
            self.running[key] = asyncio.get_running_loop().create_task(self._run(preview))

    async def _run(self, preview: IssuePreview) -> None:
        key = id(preview)
        try:
            while key in self.dirty:
                self.dirty.discard(key)
                await self.server.rebuild(preview)
        finally:
            self.running.pop(key, None)
        self.built(preview)

    def built(self, preview: IssuePreview) -> None:
        """`preview` was rebuilt: its print PDF and DOCX are made once no rebuild is due for QUIET
        seconds."""
        self.unfinished[id(preview)] = preview
        if self.timer is not None:
            self.timer.cancel()
        loop = asyncio.get_running_loop()
        self.timer = loop.call_later(QUIET, lambda: loop.create_task(self._finish()))

    async def _finish(self) -> None:
        """The print PDFs and DOCX files of the latest builds, each only while no rebuild is due
        (a download asked for sooner makes its own, preview.output)."""
        while self.unfinished and not self.running:
            _, preview = self.unfinished.popitem()
            await self.server.finish(preview)


def _issue_file(path: Path, issues: Path) -> bool:
    from ..reader import SERIES_FILE

    return path.suffix == ".yaml" and path.name != SERIES_FILE and path.is_relative_to(issues)


def _renumbered(preview: IssuePreview, catalog: Any) -> bool:
    """True when the preview's numbers in the series now differ from those it was built with,
    or when its last build failed (or none succeeded yet)."""
    good = preview.good
    if good is None or preview.problems:
        return True
    try:
        now = catalog.numbers_of(preview.path)
    except TypesetError:
        return True
    return bool(now != good.drawn.numbers)
