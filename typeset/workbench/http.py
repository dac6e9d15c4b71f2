"""The workbench's answers: JSON in and out, every failure a Chinese message.

A handler raises `BadRequest` (400: a malformed body), `TypesetError` (422: located
problems), `Refused` (422), `Conflict` (409); anything else becomes a 500 with a Chinese
message, never a traceback or starlette's English page.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import Problem, TypesetError
from .document import as_json
from .saving import Conflict, Refused

MAX_JSON = 4_000_000  # an issue is a few tens of KB
MAX_DEPTH = 64  # nesting of a request's JSON (an issue's data is a handful of levels deep)
JSON = "application/json; charset=utf-8"
PICTURES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
            ".svg": "image/svg+xml", ".webp": "image/webp"}


class BadRequest(Exception):
    pass


class GuardRefusal(Exception):
    """Raised by the server's guard inside a route's reading of its body (too large, too slow):
    handed on untouched, for the guard to answer."""


class NotFound(TypesetError):
    """No issue of that name (404)."""


def answer(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status, media_type=JSON,
                    headers={"Cache-Control": "no-store"})


def disposition(name: str, kind: str = "inline") -> str:
    """A Content-Disposition naming a download: an ASCII fallback, and the name itself RFC 5987-encoded."""
    from urllib.parse import quote

    plain = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in name) or "download"
    return f"{kind}; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def picture_type(path: Any) -> str:
    from pathlib import PurePath

    return PICTURES.get(PurePath(str(path)).suffix.lower(), "application/octet-stream")


def inside(path: Any, folder: Any) -> bool:
    """Whether `path`, links followed, lies inside `folder`."""
    from pathlib import Path

    try:
        return Path(path).resolve().is_relative_to(Path(folder).resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def _depth(value: Any, limit: int) -> bool:
    """Whether `value` nests at most `limit` levels (without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            if level > limit:
                return False
            stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return True


def problems(items: list[Problem] | tuple[Problem, ...], status: int = 422, **extra: Any) -> Response:
    return answer({"problems": [as_json(p) for p in items], **extra}, status)


async def body(request: Request) -> dict[str, Any]:
    """The request's JSON object; BadRequest when it is not one."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_JSON:
        raise BadRequest("请求的内容过大")
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_JSON:
            raise BadRequest("请求的内容过大")
    if _brackets(raw) > MAX_DEPTH:
        raise BadRequest(f"请求的 JSON 嵌套太深（超过 {MAX_DEPTH} 层）：请刷新页面后再试")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest("请求的内容不是有效的 JSON：请刷新页面后再试") from None
    if not isinstance(data, dict):
        raise BadRequest("请求的内容应是一个 JSON 对象（{…}）")
    if not _depth(data, MAX_DEPTH):
        raise BadRequest(f"请求的 JSON 嵌套太深（超过 {MAX_DEPTH} 层）：请刷新页面后再试")
    return data


def _brackets(raw: bytes) -> int:
    """An upper bound of the nesting of a JSON text, found without parsing it: the count of
    opening brackets (when that is small, so is the depth; exact only when it matters)."""
    opened = raw.count(b"[") + raw.count(b"{")
    if opened <= MAX_DEPTH:
        return opened
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def text_field(data: dict[str, Any], key: str, required: bool = True) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise BadRequest(f"请求中缺少文字项“{key}”")
    return value


def user(request: Request) -> str | None:
    name = request.scope.get("typeset.user")
    return name if isinstance(name, str) and name else None


Handler = Callable[[Request], Awaitable[Response]]


def guarded(handler: Handler, series_problems: Callable[[], list[Problem]]) -> Handler:
    """`handler` with every failure answered as JSON, and a broken series.yaml's located
    problems added to every answer that does not hold them already."""

    async def run(request: Request) -> Response:
        try:
            response = await handler(request)
        except GuardRefusal:
            raise
        except BadRequest as err:
            response = answer({"message": str(err), "problems": [as_json(Problem(str(err)))]}, 400)
        except Conflict as err:
            response = answer({"conflict": True, "yaml": err.current.text, "version": err.current.version,
                               "diff": err.diff, "changes": err.changes,
                               "message": "文件在你打开之后被修改过（另一个窗口、文字编辑器或加入来稿），"
                                          "没有保存：请看对方的修改，重新载入后再改，或手工合并"}, 409)
        except Refused as err:
            response = problems(err.problems)
        except TypesetError as err:
            response = problems(err.problems, 404 if isinstance(err, NotFound) else 422)
        except RecursionError:
            response = answer({"message": "请求的内容嵌套太深，无法处理：请刷新页面后再试",
                               "problems": [as_json(Problem("请求的内容嵌套太深，无法处理"))]}, 400)
        except Exception as err:  # noqa: BLE001 - the editor gets a message, never a traceback
            print(f"typeset 工作台内部错误：{type(err).__name__}: {err}", file=sys.stderr)
            response = problems([Problem(f"内部错误（{type(err).__name__}）：{err}；请把这一期的文件发给维护人员")],
                                500)
        if response.media_type == JSON:
            return _with_series(response, series_problems)
        return response

    return run


def _with_series(response: Response, series_problems: Callable[[], list[Problem]]) -> Response:
    found = series_problems()
    if not found:
        return response
    data = json.loads(bytes(response.body))
    if not isinstance(data, dict):
        return response
    listed = data.setdefault("problems", [])
    messages = {p.get("message") for p in listed if isinstance(p, dict)}
    listed[:0] = [as_json(p) for p in found if p.message not in messages]
    response.body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    response.headers["content-length"] = str(len(response.body))
    return response
