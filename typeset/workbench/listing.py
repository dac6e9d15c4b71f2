"""The series in the workbench: the list of issues, a new issue (`typeset new`'s rules and
messages), the issue schema, and the stream of files changed on disk."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ..errors import TypesetError
from .document import as_json
from .http import JSON, BadRequest, answer, body, user

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "issue.schema.json"
KEEP_ALIVE = 10  # seconds between comments that keep an idle stream open


async def issues(wb: Any, request: Request) -> Response:
    try:
        rows = await wb.thread(wb.server._rows)
    except TypesetError as err:
        return answer({"issues": [], "problems": [as_json(p) for p in err.problems]})
    return answer({"issues": rows})


async def new(wb: Any, request: Request) -> Response:
    data = await body(request)
    text = data.get("date") or dt.date.today().isoformat()
    if not isinstance(text, str):
        raise BadRequest("出刊日期应写成 YYYY-MM-DD，如 2024-03-26")
    flags = {k: data.get(k, False) for k in ("same_day", "supplement")}
    if any(not isinstance(v, bool) for v in flags.values()):
        raise BadRequest("same_day、supplement 应是 true 或 false")
    return answer(await wb.thread(_create, wb, text.strip(), flags["supplement"], flags["same_day"],
                                  user(request)))


def _create(wb: Any, text: str, supplement: bool, same_day: bool, who: str | None) -> dict[str, Any]:
    from ..catalog import Catalog
    from ..new_issue import create, plan
    from .history import repository

    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise TypesetError(f"日期“{text}”无效，应写成 YYYY-MM-DD，如 2024-03-26") from None
    with wb.saver.lock:
        planned = plan(Catalog.scan(wb.project.issues), date, supplement, date_given=True, same_day=same_day)
        path = create(planned)
        n = planned.numbers
        target = f"{date.year}-增刊-{n.year_number}" if supplement else str(n.total)
        answer_: dict[str, Any] = {"target": target, "file": wb.file(path), "problems": []}
        try:
            answer_["commit"] = repository(wb.project.root, create=True).commit(
                path, f"{path.stem}：新建 {planned.describe()}", who)
        except TypesetError as err:  # the file is there; only its history is missing
            answer_["problems"] = [as_json(p) for p in err.problems]
    return answer_


async def schema(wb: Any, request: Request) -> Response:
    return Response(SCHEMA.read_bytes(), media_type=JSON, headers={"Cache-Control": "no-store"})


async def events(wb: Any, request: Request) -> Response:
    """Server-Sent Events: `data: {"file": "issues/2024/646.yaml", "version": sha256 or null}`
    for every file of the project changed, added or removed on disk."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    wb.listeners.add(queue)

    async def stream() -> Any:
        try:
            yield ": connected\n\n"
            while not await request.is_disconnected():
                try:
                    message = await asyncio.wait_for(queue.get(), KEEP_ALIVE)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                yield f"data: {message}\n\n"
        finally:
            wb.listeners.discard(queue)

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})
