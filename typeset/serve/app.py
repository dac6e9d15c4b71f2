"""The preview server: starlette routes, Server-Sent Events, a watcher that rebuilds.

Everything served comes from builds held in memory, or from a file that the
issue's own model names (a picture) and that lies inside the series folder;
no address is ever turned into a path.
"""

from __future__ import annotations

import asyncio
import hmac
import json
from pathlib import Path
from typing import TYPE_CHECKING

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from ..build import Project
from ..errors import TypesetError
from ..issue_name import issue_name, parse
from ..session import Session, using
from ..workbench import pages
from ..workbench.http import disposition, inside, picture_type
from ..writers.pdf.pagecache import PageCache
from . import views
from .drawers import Drawers
from .preview import IssuePreview
from .rebuilds import Rebuilds
from .security import Door, Office, http_refusal

if TYPE_CHECKING:
    from ..workbench.api import Workbench
    from .worker import DocxWorker

TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


class Server:
    """The state shared by the routes: the project, its open previews, the build lock."""

    def __init__(self, project: Project, token: str = "", office: Office | None = None,
                 session: Session | None = None) -> None:
        from ..fonts import font_folders
        from ..layout import LAYOUTS

        self.project = project
        self.session = session or Session()  # every read and cache; reset on each change seen
        self.token = token
        self.door = Door(project.root, office or Office())  # Host, Origin, CSRF, logins: security.py
        self.previews: dict[str, IssuePreview] = {}
        self.bumped = asyncio.Event()  # set (and replaced) whenever a preview's version changes
        self.keep_alive = 10.0  # seconds between keep-alive comments of a quiet event stream
        self.build_lock = anyio.Lock()
        self.watched = [project.issues, LAYOUTS, *font_folders(project.issues)]
        self.caches: dict[str, PageCache] = {}  # laid-out pages of handed-over builds, by issue file
        self.worker: DocxWorker | None = None  # a started DocxWorker (run.py), for handed-over builds
        self.drawers = Drawers(0)  # the previews' drawing processes (run.py starts them); none: drawn here
        self.listing: dict[str, tuple[tuple, list[str], list[str]]] = {}  # file → (stamp, problems, titles)
        self.workbench: Workbench | None = None  # the workbench's API (typeset/workbench), made by app()
        self.rebuilds = Rebuilds(self)  # which previews a change rebuilds; one build at a time each
        self.fragments: dict[int, tuple[tuple, str]] = {}  # id(preview) → ((version, allowed), its /live)

    def allowed(self) -> list[Path]:
        return [p for p in self.watched if p.exists()]

    def opened(self, target: str) -> IssuePreview | None:
        """The open preview of a name in any spelling (0645 is 645, 2024-040 is 2024-40)."""
        name = parse(target)
        return self.previews.get(str(name)) if name is not None else None

    async def preview(self, target: str) -> IssuePreview | None:
        name = parse(target)
        if name is None:
            return None
        target = str(name)  # one entry per issue and way of naming it, whatever the zeros
        if target not in self.previews:
            from ..catalog import Catalog

            try:
                path = Catalog.scan(self.project.issues).find(target)
            except TypesetError:
                return None
            if not inside(path, self.project.issues):  # a link out of the series folder
                return None
            same = [p for p in self.previews.values() if p.path.resolve() == path.resolve()]
            if same:  # another spelling of an open issue (645, 2024-40): one preview, one rebuild
                self.previews[target] = same[0]
                return same[0]
            self.previews[target] = IssuePreview(self.project, path, target, self.drawers.assign())
            await self.rebuild(self.previews[target])
            self.rebuilds.built(self.previews[target])
        return self.previews[target]

    async def rebuild(self, preview: IssuePreview) -> None:
        """Build one preview again (previews of other issues build meanwhile, each in its drawer)."""
        await anyio.to_thread.run_sync(preview.rebuild)
        self.announce()

    def announce(self) -> None:
        """A preview's version changed: every event stream waiting wakes up and looks at its own."""
        self.bumped.set()
        self.bumped = asyncio.Event()

    async def finish(self, preview: IssuePreview) -> None:
        await anyio.to_thread.run_sync(preview.finish)  # the print PDF and DOCX, after the preview

    def reset(self, paths: list[Path]) -> None:
        """Files changed: what this process and the drawers kept of them goes."""
        self.session.reset(paths)
        self.drawers.reset([str(p) for p in paths])

    async def watch(self) -> None:
        """Rebuild the open previews that depend on a changed file of the series, layout or fonts
        (serve/rebuilds.py); not an issue the workbench saved and rebuilt already."""
        from watchfiles import awatch

        # The folders that exist, and the project's own folder for one created later (a fonts/
        # folder an office makes while the server runs); only changes inside `watched` count.
        watched = [p.resolve() for p in self.watched]
        roots = dict.fromkeys(p for p in [self.project.root.resolve(), *watched] if p.exists())
        roots = dict.fromkeys(p for p in roots if not any(p != q and p.is_relative_to(q) for q in roots))

        def inside(_change: object, path: str) -> bool:
            return any(Path(path).is_relative_to(w) for w in watched)

        async for changes in awatch(*roots, watch_filter=inside, debounce=50, step=20):
            self.reset([Path(path) for _, path in changes])
            if self.workbench is not None:
                paths = self.workbench.changed(changes)
            else:
                paths = [Path(name) for _, name in changes if not Path(name).name.startswith(".")]
            await self.rebuilds.changed(paths)

    # ------------------------------------------------------------------ routes

    async def index(self, request: Request) -> Response:
        rows = await anyio.to_thread.run_sync(self._rows)
        return HTMLResponse(pages.index(request, views.table(rows)))

    def _rows(self) -> list[dict]:
        from ..catalog import Catalog, article_titles
        from ..reader import load_issue

        catalog = Catalog.scan(self.project.issues)
        series = _stamp(self.project.issues / "series.yaml")
        rows = []
        listing = {}
        for i in catalog.order():
            e, n, path = catalog.entries[i], catalog.numbering.numbers[i], catalog.paths[i]
            # An issue is read in full only when it or series.yaml changed since the last listing.
            stamp = (_stamp(path), series)
            known = self.listing.get(str(path))
            if known is None or known[0] != stamp:
                read: list[str] = []
                try:
                    load_issue(path, catalog.series)
                except TypesetError as err:
                    read = [str(p) for p in err.problems]
                known = (stamp, read, article_titles(path))
            listing[str(path)] = known
            problems = known[1] + [str(p) for p in catalog.numbering.problems_of(i)]
            if e.supplement:
                target = issue_name(n, e.date.year, True)
                total, label = "增刊", f"增刊第 {n.year_number} 期" if n else "?"
            else:
                target = issue_name(n, e.date.year, False)
                total, label = target or "?", f"第 {n.year_number} 期" if n else "?"
            rows.append({"total": total, "label": label, "date": str(e.date), "target": target,
                         "titles": known[2], "ok": not problems,
                         "problem": problems[0] if problems else ""})
        self.listing = listing
        return rows

    async def named(self, request: Request) -> Response:
        """/645 (the preview), /645.pdf, /645.docx, /645.html."""
        name = request.path_params["name"]
        target, _, fmt = name.partition(".")
        preview = await self.preview(target)
        if preview is None or (fmt and fmt not in TYPES):
            return HTMLResponse(views.missing(f"没有“{name}”：请从各期列表中选择"), 404)
        if not fmt:
            return HTMLResponse(pages.issue(request, target, views.title(target), self.fragment(preview)))
        data = await anyio.to_thread.run_sync(preview.output, fmt)
        if data is None:
            return HTMLResponse(views.missing("这一期还没有排版成功：请先改正错误"), 404)
        return Response(data, media_type=TYPES[fmt],
                        headers={"Cache-Control": "no-store", "Content-Disposition": disposition(name)})

    async def live(self, request: Request) -> Response:
        preview = self.opened(request.path_params["target"])
        if preview is None:
            return Response(status_code=404)
        return HTMLResponse(self.fragment(preview), headers={"Cache-Control": "no-store"})

    def fragment(self, preview: IssuePreview) -> str:
        """views.live of the preview, made once per version (every editor with the issue open
        asks for it after each rebuild)."""
        key = (preview.version, tuple(self.allowed()))
        known = self.fragments.get(id(preview))
        if known is None or known[0] != key:
            known = self.fragments[id(preview)] = (key, views.live(preview, list(key[1])))
        return known[1]

    async def page_image(self, request: Request) -> Response:
        preview = self.opened(request.path_params["target"])
        data = preview.images.get(request.path_params["key"]) if preview else None
        if data is None:
            return Response(status_code=404)
        return Response(data, media_type="image/png", headers={"Cache-Control": "max-age=86400, immutable"})

    async def picture(self, request: Request) -> Response:
        """A picture of the web edition (/645_files/1.jpg): only files its model names, inside the series."""
        preview = self.opened(request.path_params["target"])
        if preview is None or preview.good is None:
            return Response(status_code=404)
        wanted = f"{request.path_params['target']}_files/{request.path_params['file']}"
        source = preview.web().files.get(wanted)
        if source is None or not Path(source).resolve().is_relative_to(self.project.issues.resolve()):
            return Response(status_code=404)
        return Response(Path(source).read_bytes(), media_type=picture_type(source))

    async def events(self, request: Request) -> Response:
        preview = self.opened(request.path_params["target"])
        if preview is None:
            return Response(status_code=404)

        async def stream():
            seen = None
            while not await request.is_disconnected():
                if preview.version != seen:
                    seen = preview.version
                    yield f"data: {seen}\n\n"
                    continue
                bumped = self.bumped  # taken after the version was compared: no change is missed
                try:
                    await asyncio.wait_for(bumped.wait(), self.keep_alive)  # an Event: safely cut off
                except TimeoutError:
                    yield ": keep-alive\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})

    async def hand_over(self, request: Request) -> Response:
        """POST /_build from `typeset build`: the job built here, in the warm process."""
        try:
            job = json.loads(await request.body())
        except ValueError:
            job = None
        if not isinstance(job, dict):
            return JSONResponse({"error": "json"}, 400)
        if not self.token or not hmac.compare_digest(str(job.get("token", "")), self.token):
            return JSONResponse({"error": "token"}, 403)
        proof = hmac.new(self.token.encode(), str(job.get("nonce", "")).encode(), "sha256").hexdigest()
        answer: dict = {"series": str(self.project.issues.resolve()), "proof": proof}
        from ..output import FORMATS

        formats = tuple(job.get("formats") or ())
        if not formats or any(f not in FORMATS for f in formats):
            answer["refused"] = "formats"
        else:
            try:
                async with self.build_lock:  # WeasyPrint in this process: one build at a time
                    result = await anyio.to_thread.run_sync(self._build_job, job, formats)
                answer.update(outputs=[str(p) for p in result.outputs], pages=result.pages,
                              warnings=[p.as_json() for p in result.warnings])
            except TypesetError as err:
                answer["problems"] = [p.as_json() for p in err.problems]
        return Response(json.dumps(answer, ensure_ascii=False), media_type="application/json; charset=utf-8")

    def _build_job(self, job: dict, formats: tuple[str, ...]):
        from ..build import build
        from ..catalog import Catalog

        catalog = None
        if "path" in job:
            path = Path(job["path"])
            if not path.is_file():
                raise TypesetError(f"找不到文件 {path}")
        else:
            catalog = Catalog.scan(self.project.issues)
            path = catalog.find(str(job["target"]))
        cache = self.caches.setdefault(str(path.resolve()), PageCache())
        stamp = None
        if catalog is not None:  # stamped as build --all and book stamp it (stamps.py)
            from ..processes.many import planned

            with using(self.session):
                stamp = planned([path], catalog, self.session).get(path, (None, None))[1]
        with self.drawers.local:  # not while a preview is drawn in this process
            return build(path, self.project, formats, Path(job["out"]), strict=bool(job.get("strict")),
                         catalog=catalog, pdf=cache.render, docx=self.worker, session=self.session, stamp=stamp)

    def app(self) -> Starlette:
        from ..workbench.api import Workbench

        workbench = self.workbench = Workbench(self)
        routes = [
            *self.door.routes(),
            *workbench.routes(),
            Route("/", self.index),
            Route("/_build", self.hand_over, methods=["POST"]),
            *pages.routes(),
            Route("/{target}/events", self.events),
            Route("/{target}/live", self.live),
            Route("/{target}/page/{key}.png", self.page_image),
            Route("/{target}_files/{file}", self.picture),
            Route("/{name}", self.named),
        ]
        return Starlette(routes=routes, middleware=self.door.middleware(),
                         exception_handlers={HTTPException: http_refusal})


def _stamp(path: Path) -> tuple[int, int, int]:
    """What tells a changed file: inode, size and modification time (ns)."""
    st = path.stat()
    return st.st_ino, st.st_size, st.st_mtime_ns
