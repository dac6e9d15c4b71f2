"""Downloads with their page counts, and the year's volume built by `typeset book`'s code.

    GET /_api/issue/{target}/outputs → {"pdf": {"pages", "url"}, "docx": {…, "bytes"}, "html": {…}, "book": {…}}
                                       (bytes: null until the file is made: by a download, or once the
                                       editors paused; the page counts are known from the preview)
    GET /_book/{year}.pdf            the volume of that year (issues built again only when changed)
"""

from __future__ import annotations

import re
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import Response

from ..errors import TypesetError
from .document import as_json
from .http import NotFound, answer

BOOK_FOLDER = "build"  # as `typeset book` writes it, in the project folder


async def outputs(wb: Any, request: Request) -> Response:
    target = request.path_params["target"]
    await wb.thread(wb.path_of, target)  # a located message when the issue or series cannot be read
    preview = await wb.server.preview(target)
    if preview is None:
        raise NotFound(f"没有“{target}”这一期：请从各期列表中选择")
    good = preview.good  # the page counts are the preview's; sizes once the files are made (downloads)
    problems = [as_json(p) for p in preview.problems]
    if good is None:
        return answer({"problems": problems, "version": preview.version}, 422)
    pages = len(good.pages)
    year = good.drawn.year
    volume = wb.volumes.get(year)
    quoted = re.sub(r"[^\w-]", "", target)
    return answer({
        "version": preview.version,
        "pdf": {"pages": pages, "url": f"/{quoted}.pdf"},
        "docx": {"pages": pages, "url": f"/{quoted}.docx", "bytes": _size(good, "docx")},
        "html": {"pages": None, "url": f"/{quoted}.html", "bytes": _size(good, "html")},
        "book": {"year": year, "url": f"/_book/{year}.pdf",
                 "pages": volume.front_pages + volume.pages if volume else None,
                 "issues": volume.issues if volume else None},
        "problems": problems,
    })


def _size(good: Any, fmt: str) -> int | None:
    """The file's size in bytes once made (a download asked for it, or the editors paused), else None."""
    data = good.extra.get(fmt)
    return None if data is None else len(data)


async def book(wb: Any, request: Request) -> Response:
    year = request.path_params["year"]
    if not re.fullmatch(r"\d{4}", year) or int(year) < 1:
        raise NotFound(f"没有“{year}”年的合订本：地址应是 /_book/年份.pdf，如 /_book/2024.pdf")
    async with wb.book_lock:  # one volume at a time; a second request waits and reuses its issues
        volume = await anyio.to_thread.run_sync(_make, wb, year)
    wb.volumes[int(year)] = volume
    return Response(volume.path.read_bytes(), media_type="application/pdf",
                    headers={"Cache-Control": "no-store",
                             "Content-Disposition": f"inline; filename=\"{year}.pdf\"",
                             "X-Pages": str(volume.front_pages + volume.pages)})


def _make(wb: Any, year: str) -> Any:
    from ..book.make import make_book
    from ..book.select import Span

    out = wb.project.root / BOOK_FOLDER
    try:
        return make_book(wb.project, Span.parse(year, False), out, jobs=1)
    except TypesetError:
        raise
    except OSError as err:
        raise TypesetError(f"无法写出合订本：{err}") from None
