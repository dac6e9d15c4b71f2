"""The workbench's JSON API (docs: README, “Workbench API”), mounted by serve/app.py.

    Workbench(server).routes() → starlette routes under /_api/ and /_book/

Issues are found by their name through the catalog (645, 2024-40, 2024-增刊-1); no part of
an address or a body is ever turned into a path. Every handler runs the file work in a
worker thread; saves of one issue take turns, their git commits all take turns (saving.Saver).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from pathlib import Path
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import Problem, TypesetError
from ..issue_name import parse
from . import listing, outputs, proofing, uploads
from .changes import compare
from .document import Text, as_json, check
from .history import repository
from .http import BadRequest, NotFound, answer, body, guarded, inside, text_field, user
from .recent import Recent
from .roundtrip import apply
from .saving import Refused, Saved, Saver

PROOFS = 16  # texts whose proofreading findings are kept


class Workbench:
    def __init__(self, server: Any) -> None:
        self.server = server
        self.project = server.project
        self.saver = Saver(self.project)
        self.listeners: set[asyncio.Queue[str]] = set()
        self._series: tuple[Any, list[Problem]] = (None, [])
        self._preferred: tuple[Any, dict[str, tuple[str, ...]]] = (None, {})
        self.contributions: OrderedDict[str, Any] = OrderedDict()  # token → a contribution read, not added
        self.volumes: dict[int, Any] = {}  # year → the last volume built here
        self.book_lock = asyncio.Lock()
        self.handled: dict[str, str] = {}  # file → the last version written and rebuilt here (the watcher skips it)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.saver.written_hook = self.written
        self.proofs: Recent[tuple[str, str], tuple[Any, list[dict[str, Any]]]] = Recent(PROOFS)

    # ------------------------------------------------------------------ shared

    def _stamp(self) -> Any:
        try:
            st = (self.project.issues / "series.yaml").stat()
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def series_problems(self) -> list[Problem]:
        """The located problems of series.yaml (and its layout), read again only when it changed."""
        from ..build import series_layout
        from ..reader import load_series

        stamp = self._stamp()
        if stamp is None or stamp != self._series[0]:
            found: list[Problem] = []
            try:
                series_layout(load_series(self.project.issues))
            except TypesetError as err:
                found = list(err.problems)
            self._series = (stamp, found)
        return self._series[1]

    def preferred(self) -> dict[str, tuple[str, ...]]:
        """The series' preferred names (proofreading), read again only when series.yaml changed."""
        from ..proof import preferred_names

        stamp = self._stamp()
        if stamp is None or stamp != self._preferred[0]:
            self._preferred = (stamp, preferred_names(self.project.issues))
        return self._preferred[1]

    def proof(self, text: str, file: str) -> list[dict[str, Any]]:
        """proofing.found(text, file, the series' preferred names), remembered for the last few
        texts (each editor with the issue open reads the same version)."""
        preferred = self.preferred()
        kept = self.proofs.get((text, file))
        if kept is None or kept[0] != preferred:
            kept = (preferred, proofing.found(text, file, preferred))
            self.proofs.put((text, file), kept)
        return [dict(f) for f in kept[1]]

    def path_of(self, target: str) -> Path:
        from ..catalog import Catalog

        if parse(target) is None:
            raise NotFound(f"没有“{target}”这一期：请从各期列表中选择")
        catalog = Catalog.scan(self.project.issues)
        try:
            path = catalog.find(target)
        except TypesetError as err:
            raise NotFound(err.problems) from None
        if not inside(path, self.project.issues):
            raise NotFound(f"“{target}”这一期的文件链接到系列文件夹以外，工作台不打开它："
                           "请把文件本身放进 issues 文件夹")
        return path

    def file(self, path: Path) -> str:
        return self.saver.check.name(path)  # document.shown, the project folder resolved once

    async def thread(self, fn: Any, *args: Any) -> Any:
        return await anyio.to_thread.run_sync(fn, *args)

    def saved_data(self, path: Path, saved: Saved) -> dict[str, Any]:
        return {"version": saved.version, "commit": saved.commit, "yaml": saved.yaml,
                "file": self.file(path), "problems": [as_json(p) for p in saved.problems]}

    def saved(self, path: Path, saved: Saved) -> Response:
        return answer(self.saved_data(path, saved))

    def written(self, path: Path, written: str) -> None:
        """A save wrote `path` (in a worker thread): the open previews of that issue are rebuilt
        at once, not after the watcher's pause, and the watcher does not rebuild them again."""
        key = str(path.resolve())
        self.handled[key] = written
        self.server.reset([path])  # what was kept of it (a catalog scan) goes at once
        if self.loop is not None:
            self.loop.call_soon_threadsafe(lambda: self.loop and self.loop.create_task(self.refresh(key)))

    async def refresh(self, key: str) -> None:
        """The saved issue's preview, and those of other issues whose numbers the save moved
        (serve/rebuilds.py)."""
        await self.server.rebuilds.changed([Path(key)])

    def changed(self, changes: Any) -> list[Path]:
        """Called by the server's watcher with watchfiles' changes: tell every /_api/events
        listener; the changed files left to rebuild (not a save already rebuilt)."""
        import json

        from .document import version

        root = self.project.root.resolve()
        left: list[Path] = []
        for _, name in sorted(set(changes), key=lambda c: c[1]):
            path = Path(name)
            if path.name.startswith("."):
                continue  # a temporary file of an atomic write, a lock, an editor's swap file
            try:
                current: str | None = version(path.read_bytes()) if path.is_file() else None
            except OSError:
                current = None
            key = str(path.resolve())
            if current is None or self.handled.get(key) != current:  # else: as saved here, and rebuilt
                left.append(path)
            try:
                rel = path.resolve().relative_to(root).as_posix()
            except ValueError:
                continue
            message = json.dumps({"file": rel, "version": current}, ensure_ascii=False)
            for queue in list(self.listeners):
                if queue.qsize() < 200:
                    queue.put_nowait(message)
        return left

    # ------------------------------------------------------------------ routes

    def routes(self) -> list[Route]:
        """Each address a route per method (GET/HEAD reads, POST changes; never both in one), then
        the catch-all: a wrong method answered 405, an unknown address 404, both in Chinese."""
        made: list[Route] = []

        def r(path: str, get: Any = None, post: Any = None) -> None:
            for methods, handler in ((["GET", "HEAD"], get), (["POST"], post)):
                if handler is not None:
                    made.append(Route(path, guarded(self._on_loop(handler), self.series_problems),
                                      methods=methods))

        r("/_api/issues", lambda q: listing.issues(self, q), lambda q: listing.new(self, q))
        r("/_api/schema", lambda q: listing.schema(self, q))
        r("/_api/events", lambda q: listing.events(self, q))
        r("/_api/issue/{target}", self.get_issue)
        r("/_api/issue/{target}/check", post=self.check)
        r("/_api/issue/{target}/save", post=self.save)
        r("/_api/issue/{target}/proof/fix", post=lambda q: proofing.fix(self, q))
        r("/_api/issue/{target}/history", self.history)
        r("/_api/issue/{target}/restore", post=self.restore)
        r("/_api/issue/{target}/contribution", post=lambda q: uploads.contribution(self, q))
        r("/_api/issue/{target}/contribution/confirm", post=lambda q: uploads.confirm(self, q))
        r("/_api/issue/{target}/picture", post=lambda q: uploads.picture(self, q))
        r("/_api/issue/{target}/outputs", lambda q: outputs.outputs(self, q))
        r("/_book/{year}.pdf", lambda q: outputs.book(self, q))
        known = list(made)

        async def unknown(request: Request) -> Response:
            path, root = request.scope["path"], request.scope.get("root_path", "")
            path = path[len(root):] if root and path.startswith(root) else path
            allowed = sorted({m for route in known if route.path_regex.match(path)
                              for m in route.methods or ()} - {"HEAD"})
            if allowed:
                return answer({"message": f"这个地址只接受 {'、'.join(allowed)} 请求", "problems": []}, 405)
            return answer({"message": "没有这个地址", "problems": []}, 404)

        for prefix in ("/_api/{rest:path}", "/_book/{rest:path}"):
            r(prefix, unknown, unknown)
        return made

    def _on_loop(self, handler: Any) -> Any:
        async def run(request: Request) -> Response:
            self.loop = self.loop or asyncio.get_running_loop()
            return await handler(request)

        return run

    async def get_issue(self, request: Request) -> Response:
        path = await self.thread(self.path_of, request.path_params["target"])
        return answer(await self.thread(self._issue, request.path_params["target"], path))

    def _issue(self, target: str, path: Path) -> dict[str, Any]:
        from ..reader import load_series

        text = self.saver.current(path)
        checked = self.saver.check(path, text.text)
        defaults: dict[str, Any] = {}
        try:
            d = load_series(self.project.issues).colophon_defaults
            defaults = {k: d.get(k) or ([] if k.startswith("to_") else None)
                        for k in ("to_superiors", "to_peers", "to_subordinates", "copies", "disclosure",
                                  "printer")}
        except TypesetError:
            pass
        return {"target": target, "file": self.file(path), "yaml": text.text, "version": text.version,
                "data": checked.data, "problems": [as_json(p) for p in checked.problems], "defaults": defaults,
                "proof": self.proof(text.text, self.file(path))}

    async def check(self, request: Request) -> Response:
        data = await body(request)
        path = await self.thread(self.path_of, request.path_params["target"])
        return answer(await self.thread(self._check, path, data))

    def _check(self, path: Path, data: dict[str, Any]) -> dict[str, Any]:
        if "data" in data:
            current = self.saver.current(path)
            old = self.saver.check.read(path, current.text)
            if old.data is None:
                return {"problems": [as_json(p) for p in old.problems], "yaml": current.text, "proof": []}
            text = apply(current.text, old.data, _object(data, "data"))
        else:
            text = text_field(data, "yaml")
        checked = self.saver.check(path, text)
        return {"problems": [as_json(p) for p in checked.problems], "yaml": text,
                "proof": self.proof(text, self.file(path))}

    async def save(self, request: Request) -> Response:
        data = await body(request)
        base = text_field(data, "base")
        path = await self.thread(self.path_of, request.path_params["target"])
        if "data" in data:
            saved = await self.thread(self.saver.save_data, path, base, _object(data, "data"), user(request))
        else:
            saved = await self.thread(self.saver.save_text, path, base, text_field(data, "yaml"), user(request))
        return self.saved(path, saved)

    async def restore(self, request: Request) -> Response:
        data = await body(request)
        path = await self.thread(self.path_of, request.path_params["target"])
        saved = await self.thread(self.saver.restore, path, text_field(data, "commit"), text_field(data, "base"),
                                  user(request))
        return self.saved(path, saved)

    async def history(self, request: Request) -> Response:
        path = await self.thread(self.path_of, request.path_params["target"])
        return answer({"versions": await self.thread(versions, self.project, path)})


def versions(project: Any, path: Path, limit: int = 200) -> list[dict[str, Any]]:
    """The file's versions, newest first, each with what it changed in the editor's words."""
    repo = repository(project.root)
    found = repo.versions(path, limit + 1)
    texts = repo.contents(path, [v.commit for v in found])
    data: dict[str, Any] = {}
    for commit, raw in texts.items():
        checked = check(path, Text.of(raw).text, project, compose=False) if raw is not None else None
        data[commit] = checked.data if checked is not None else None
    out = []
    for i, v in enumerate(found[:limit]):
        before = data.get(found[i + 1].commit) if i + 1 < len(found) else None
        now = data.get(v.commit)
        if now is None:
            changes = ["这一版无法读取（YAML 有错误或文件被删去）"]
        elif i + 1 >= len(found):
            changes = ["最早的版本"] if len(found) <= limit else ["（更早的版本未列出）"]
        elif before is None:
            changes = ["整个文件（上一版无法读取）"]
        else:
            changes = compare(before, now) or ["内容未变（只改了写法、注释或格式）"]
        out.append({"commit": v.commit, "short": v.short, "author": v.author, "date": v.date,
                    "message": v.message, "changes": changes})
    return out


def _object(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise BadRequest(f"请求中的“{key}”应是一个 JSON 对象")
    return value


__all__ = ["Workbench", "Refused"]
