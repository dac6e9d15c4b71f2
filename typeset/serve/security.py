"""The server's guard: an ASGI middleware in front of every route, with or without accounts.

    Host      only the server's own names and addresses (DNS rebinding): 421
    methods   GET and HEAD change nothing; every other request needs a same-origin Origin (or
              Referer) and the CSRF token (header X-CSRF-Token, or field csrf_token of a plain
              form) of its session: 403. POST /_build from `typeset build` is the one exception:
              from a loopback address only, it proves itself with the handshake's HMAC.
    body      at most `max_upload` bytes (413); JSON, a form or multipart only (415)
    login     when accounts exist, or the server listens on a non-loopback address: every page,
              file and API answer needs a logged-in session (pages: to /_login; else 401)
    headers   Content-Security-Policy, nosniff, X-Frame-Options, Referrer-Policy on every answer

It puts into the scope: "typeset.csrf" (the token pages embed as <meta name="csrf-token">) and
"typeset.user" (the logged-in account, or None).
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
from dataclasses import dataclass
from html import escape
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from ..accounts import Accounts
from ..errors import TypesetError
from ..workbench.http import GuardRefusal
from .sessions import ANON_COOKIE, COOKIE_VALUE, SESSION_COOKIE, Sessions, new_id

MB = 1024 * 1024
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self'; connect-src 'self'; object-src 'self'; frame-src 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; form-action 'self'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin")]
SAFE = {"GET", "HEAD"}
BODY_TYPES = {"application/json", "multipart/form-data", "application/x-www-form-urlencoded"}
FORM_LIMIT = 64 * 1024  # a plain form read for its csrf_token
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
WILDCARD = {"0.0.0.0", "::", ""}
BARE = {404: "没有这个地址（或这一期还没有排好、页面已更新）：请从各期列表中选择"}
OPEN_PATHS = {"/_login"}  # answered without a login
HANDOVER = "/_build"


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Office:
    """The options of `typeset serve` that concern who may reach it and how."""

    host: str = "127.0.0.1"
    names: tuple[str, ...] = ()  # further names of this server (--allowed-host)
    max_upload: int = 50 * MB
    root_path: str = ""
    trusted_proxies: tuple[str, ...] = ()
    session_hours: float = 8.0
    body_seconds: float = 20.0  # the longest pause within a request's body before it is given up
    head_seconds: float = 20.0  # the longest a connection may take to send a request's head (heads.py)

    def check_bind(self, project_root: Path) -> None:
        """Refuse a non-loopback address while the project has no accounts (before binding)."""
        if is_loopback(self.host) or Accounts.of(project_root).exist():
            return
        raise TypesetError(
            f"不能在地址 {self.host} 上启动：这会让办公室网络上的其他电脑访问本系列，而本项目还没有账户。"
            "请先为每位编辑添加账户（typeset user add 张三，密码输入两次），再用 --host 启动；"
            "只在本机使用时不写 --host（默认 127.0.0.1，无需登录）")


class TooLarge(GuardRefusal):
    pass


class TooSlow(GuardRefusal):
    pass


def _header(scope: dict, name: bytes) -> str:
    for k, v in scope.get("headers", ()):
        if k == name:
            return v.decode("latin-1")
    return ""


_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(:[0-9]{1,5})?")


def _hostname(host: str) -> str:
    """The name in a Host header (lower case, without port, brackets or a trailing dot); "" when
    it is not a plain name, address or [IPv6] with an optional numeric port."""
    host = host.strip().lower()
    m = _HOST.fullmatch(host)
    if m is None:
        return ""
    return m[1][1:-1] if m[1].startswith("[") else m[1].rstrip(".")


def _netloc(scheme: str, netloc: str) -> str:
    netloc = netloc.lower()
    for s, port in (("http", ":80"), ("https", ":443")):
        if scheme == s and netloc.endswith(port):
            return netloc[: -len(port)]
    return netloc


class Door:
    """What the guard and the login routes share: options, accounts, sessions."""

    def __init__(self, project_root: Path, office: Office) -> None:
        self.office = office
        self.accounts = Accounts.of(project_root)
        self.sessions = Sessions(self.accounts, office.session_hours * 3600)
        self.open_bind = not is_loopback(office.host)
        self._local: dict[str, bool] = {}

    def login_required(self) -> bool:
        return self.open_bind or self.accounts.exist()

    def host_allowed(self, name: str) -> bool:
        bound = self.office.host.strip("[]").lower()
        if name in LOOPBACK_NAMES or name == bound or name in {n.lower() for n in self.office.names}:
            return True
        if bound not in WILDCARD:
            return False
        if name in {socket.gethostname().lower(), socket.getfqdn().lower()}:
            return True
        try:
            ip = ipaddress.ip_address(name)
        except ValueError:
            return False
        if name not in self._local:  # an address of this machine is one it can bind
            if len(self._local) > 256:
                self._local.clear()
            try:
                with socket.socket(socket.AF_INET6 if ip.version == 6 else socket.AF_INET) as s:
                    s.bind((name, 0))
                self._local[name] = True
            except OSError:
                self._local[name] = False
        return self._local[name]

    def middleware(self) -> list:
        from starlette.middleware import Middleware

        return [Middleware(Guard, door=self)]

    def routes(self) -> list:
        from .login import routes

        return routes(self)


def refusal(scope: dict, status: int, message: str, headers: list | None = None) -> tuple[int, list, bytes]:
    """A refusal as the client reads it: a small Chinese page for a browser's page request, else the
    problem object of the JSON API."""
    if scope.get("method") == "GET" and "text/html" in _header(scope, b"accept"):
        root = escape(scope.get("root_path", "") + "/")
        body = ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>无法访问</title></head>"
                f"<body><p>{escape(message)}</p><p><a href=\"{root}\">返回各期列表</a></p></body></html>").encode()
        kind = b"text/html; charset=utf-8"
    else:
        problem = {"message": message, "field": None, "warning": False, "origin": None}
        body = json.dumps({"message": message, "problems": [problem]}, ensure_ascii=False).encode()
        kind = b"application/json; charset=utf-8"
    return status, [(b"content-type", kind), (b"cache-control", b"no-store"), *(headers or [])], body


async def http_refusal(request: Any, exc: Any) -> Any:
    """Starlette's own refusals (no such address, a method not accepted) in Chinese, as the guard's."""
    from starlette.responses import Response

    status = getattr(exc, "status_code", 500)
    message = {404: "没有这个地址：请从各期列表中选择", 405: "这个地址不接受这种请求（例如用 GET 改动内容）",
               }.get(status, f"请求无法处理（{status}）")
    code, headers, body = refusal(request.scope, status, message)
    extra = {k.decode(): v.decode() for k, v in headers if k != b"content-type"}
    allow = (getattr(exc, "headers", None) or {}).get("Allow")
    if allow:
        extra["Allow"] = allow
    return Response(body, code, headers=extra, media_type=headers[0][1].decode())

class Guard:
    def __init__(self, app: Any, door: Door) -> None:
        self.app, self.door = app, door

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            return await self.app(scope, receive, send)
        if scope["type"] != "http":  # no websockets here
            return await send({"type": "websocket.close", "code": 1008})
        door, office = self.door, self.door.office
        path = scope["path"]
        if office.root_path and path.startswith(office.root_path + "/"):
            path = path[len(office.root_path):]
        method = scope["method"]
        extra: list[tuple[bytes, bytes]] = []

        async def answer(status: int, message: str, more: list | None = None) -> None:
            code, headers, body = refusal(scope, status, message, more)
            await send({"type": "http.response.start", "status": code, "headers": headers + HEADERS + extra})
            await send({"type": "http.response.body", "body": body})

        host = _hostname(_header(scope, b"host"))
        if not host:
            return await answer(400, "请求中缺少服务器地址（Host）：已拒绝")
        if not door.host_allowed(host):
            return await answer(421, f"“{host}”不是本服务器的名称或地址，已拒绝（防止其他网站冒用本机地址）。"
                                     "请用 http://127.0.0.1 或服务器的地址访问；"
                                     "服务器另有名称时，用 typeset serve --allowed-host 名称 启动")

        cookies = SimpleCookie()
        try:
            cookies.load(_header(scope, b"cookie"))
        except Exception:  # noqa: BLE001 - a malformed cookie header counts as none
            cookies = SimpleCookie()
        anon = cookies[ANON_COOKIE].value if ANON_COOKIE in cookies else ""
        sid = cookies[SESSION_COOKIE].value if SESSION_COOKIE in cookies else ""
        secure = "; Secure" if scope.get("scheme") == "https" else ""
        cookie_path = office.root_path or "/"
        if not COOKIE_VALUE.fullmatch(anon):
            anon = new_id()
            extra.append((b"set-cookie", f"{ANON_COOKIE}={anon}; Path={cookie_path}; HttpOnly; "
                                         f"SameSite=Lax{secure}".encode()))
        user = door.sessions.user(sid) if COOKIE_VALUE.fullmatch(sid) else None
        token = door.sessions.token(f"session:{sid}" if user else f"anon:{anon}")
        scope["typeset.csrf"], scope["typeset.user"] = token, user

        client = (scope.get("client") or ("", 0))[0]
        handover = path == HANDOVER and method == "POST" and is_loopback(client or "x")
        length = _header(scope, b"content-length")
        if length.isdigit() and int(length) > office.max_upload:
            return await answer(413, self._too_large())
        receive_now = receive
        if method not in SAFE and not handover:
            origin = _header(scope, b"origin") or _header(scope, b"referer")
            parts = urlsplit(origin) if origin and origin != "null" else None
            scheme = scope.get("scheme", "http")
            if (parts is None or parts.scheme != scheme
                    or _netloc(scheme, parts.netloc) != _netloc(scheme, _header(scope, b"host"))):
                return await answer(403, "这个请求来自别的网站（或没有说明来源），已拒绝：请在本服务器的页面上操作")
            kind = _header(scope, b"content-type").partition(";")[0].strip().lower()
            if kind and kind not in BODY_TYPES:
                return await answer(415, f"不接受这种内容（{kind}）：只接受 JSON、表单和文件上传（multipart）")
            sent = _header(scope, b"x-csrf-token")
            if not sent and kind == "application/x-www-form-urlencoded":
                body, receive_now = await _read_form(receive)
                if body is None:
                    return await answer(413, "表单内容太大：已拒绝")
                sent = (parse_qs(body.decode("utf-8", "replace")).get("csrf_token") or [""])[0]
            import hmac

            if not hmac.compare_digest(sent.encode(), token.encode()):
                return await answer(403, "页面已过期或缺少安全令牌（CSRF），操作没有执行：请刷新页面后再试")
        if door.login_required() and not user and path not in OPEN_PATHS and not handover:
            if method == "GET" and "text/html" in _header(scope, b"accept"):
                next_path = quote(path + (f"?{scope['query_string'].decode()}" if scope.get("query_string") else ""))
                where = f"{office.root_path}/_login?next={next_path}"
                await send({"type": "http.response.start", "status": 303,
                            "headers": [(b"location", where.encode()), *HEADERS, *extra]})
                return await send({"type": "http.response.body", "body": b""})
            return await answer(401, "请先登录（登录已过期或尚未登录）")
        await self._forward(scope, receive_now, send, extra)

    def _too_large(self) -> str:
        mb = self.door.office.max_upload / MB
        return (f"上传的内容太大（超过 {mb:g} MB），已拒绝：请压缩图片或分几次上传；"
                "确需更大时，用 typeset serve --max-upload 兆字节数 启动")

    async def _forward(self, scope: dict, receive: Any, send: Any, extra: list) -> None:
        limit, received, started, whole = self.door.office.max_upload, 0, False, False

        async def limited() -> dict:
            nonlocal received, whole
            if whole:  # the body is read: what follows is the disconnect, however late
                return await receive()
            import anyio

            try:
                with anyio.fail_after(self.door.office.body_seconds):
                    message = await receive()
            except TimeoutError:
                raise TooSlow from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise TooLarge
                whole = not message.get("more_body", False)
            else:
                whole = True
            return message

        replaced = False

        async def sending(message: dict) -> None:
            nonlocal started, replaced
            if replaced:  # the body of a bare refusal, already answered in words
                return
            if message["type"] == "http.response.start":
                started = True
                have = {k.lower() for k, _ in message.get("headers", [])}
                if message["status"] >= 400 and b"content-type" not in have:  # a bare 404 of a route
                    replaced = True
                    status = message["status"]
                    code, headers, body = refusal(scope, status, BARE.get(status, f"请求无法处理（{status}）"))
                    await send({"type": "http.response.start", "status": code, "headers": headers + HEADERS + extra})
                    return await send({"type": "http.response.body", "body": body})
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(h for h in HEADERS if h[0] not in have), *extra]}
            await send(message)

        try:
            await self.app(scope, limited, sending)
        except (TooLarge, TooSlow) as err:
            if started:
                return
            code, headers, body = (refusal(scope, 413, self._too_large()) if isinstance(err, TooLarge) else
                                   refusal(scope, 408, f"请求的内容超过 {self.door.office.body_seconds:g} 秒没有传完，"
                                                       "已放弃：请检查网络后再试"))
            await send({"type": "http.response.start", "status": code, "headers": headers + HEADERS + extra})
            await send({"type": "http.response.body", "body": body})
        except Exception as err:  # noqa: BLE001 - one line on the terminal, a Chinese answer, no traceback
            import sys

            print(f"typeset 服务器内部错误：{type(err).__name__}: {err}（{scope.get('method')} "
                  f"{scope.get('path')}）", file=sys.stderr)
            if started:
                return
            code, headers, body = refusal(scope, 500, f"服务器内部错误（{type(err).__name__}），操作没有完成："
                                                       "请刷新页面后再试；仍然出错时请告诉维护人员")
            await send({"type": "http.response.start", "status": code, "headers": headers + HEADERS + extra})
            await send({"type": "http.response.body", "body": body})


async def _read_form(receive: Any) -> tuple[bytes | None, Any]:
    """A plain form's body (at most FORM_LIMIT), and a receive that hands it on to the route."""
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > FORM_LIMIT:
            return None, receive
        more = message.get("more_body", False)
    body = b"".join(chunks)
    given = False

    async def replay() -> dict:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


UPLOAD_KINDS = {  # what an upload may be, told by its first bytes (never by its name alone)
    "png": (b"\x89PNG\r\n\x1a\n",), "jpeg": (b"\xff\xd8\xff",), "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",), "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
KIND_NAMES = {"png": "PNG 图片", "jpeg": "JPEG 图片", "pdf": "PDF", "docx": "Word 文档（.docx）",
              "doc": "Word 97-2003 文档（.doc/.wps）", "text": "纯文本"}


def upload_kind(data: bytes, filename: str, allowed: tuple[str, ...]) -> str:
    """The kind of an uploaded file among `allowed` (keys of UPLOAD_KINDS, or "text": UTF-8 or GBK
    text without control characters), told by its content; a Chinese refusal naming what is accepted otherwise."""
    for kind in allowed:
        if kind == "text":
            if b"\x00" not in data[:65536]:
                for codec in ("utf-8-sig", "gb18030"):
                    try:
                        text = data.decode(codec)
                    except UnicodeDecodeError:
                        continue
                    if not any(ord(c) < 32 and c not in "\t\r\n\f" for c in text):
                        return kind
                    break
        elif data.startswith(UPLOAD_KINDS[kind]):
            if kind == "docx" and b"word/" not in data[:65536] and b"[Content_Types].xml" not in data:
                continue
            return kind
    accepted = "、".join(KIND_NAMES[k] for k in allowed)
    raise TypesetError(f"文件“{filename}”不是可以接受的类型（只接受 {accepted}）：请另存为这些格式后再上传")
