"""The login page, logging in and out, and the account page (plain HTML forms, no script)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import anyio
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from .sessions import SESSION_COOKIE

if TYPE_CHECKING:
    from .security import Door

LOGIN_FORM = 16 * 1024  # a name, a password, the token and where to go next
STYLE = """
body { margin: 0; font-family: "Microsoft YaHei", "微软雅黑", "Noto Sans CJK SC", sans-serif; background: #eee; }
header { background: #8b0000; color: #fff; padding: .6rem 1rem; }
header a { color: #fff; }
main { padding: 1rem; max-width: 28rem; margin: 2rem auto; background: #fff; }
label { display: block; margin: .8rem 0 .2rem; }
input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: .4rem; font-size: 1rem; }
button { margin-top: 1rem; padding: .4rem 1.2rem; font-size: 1rem; }
.error { color: #b00; border: 2px solid #b00; padding: .5rem; background: #fff3f3; }
"""


def _page(request: Request, title: str, body: str) -> str:
    root = escape(request.scope.get("root_path", "") + "/")
    return ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<meta name=\"csrf-token\" content=\"{escape(request.scope.get('typeset.csrf', ''))}\">"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
            f"<header><a href=\"{root}\">typeset 工作台</a> · {escape(title)}</header>"
            f"<main>{body}</main></body></html>")


def _next(request: Request, value: str | None) -> str:
    """Where to go after logging in: a path of this server only."""
    value = value or "/"
    if (not value.startswith("/") or value.startswith("//") or "\\" in value
            or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value)):
        value = "/"
    return request.scope.get("root_path", "") + value


def _csrf(request: Request) -> str:
    return f'<input type="hidden" name="csrf_token" value="{escape(request.scope.get("typeset.csrf", ""))}">'


def login_form(request: Request, message: str = "", name: str = "", next_path: str = "/") -> str:
    error = f'<p class="error" role="alert">{escape(message)}</p>' if message else ""
    action = escape(request.scope.get("root_path", "") + "/_login")
    return (f"<h1>登录</h1>{error}<form method=\"post\" action=\"{action}\">{_csrf(request)}"
            f"<input type=\"hidden\" name=\"next\" value=\"{escape(next_path)}\">"
            f"<label for=\"username\">用户名</label><input type=\"text\" id=\"username\" name=\"username\" "
            f"value=\"{escape(name)}\" autocomplete=\"username\" required autofocus>"
            "<label for=\"password\">密码</label><input type=\"password\" id=\"password\" name=\"password\" "
            "autocomplete=\"current-password\" required>"
            "<button type=\"submit\">登录</button></form>")


def logout_form(request: Request) -> str:
    """The 退出登录 button, for any page of a logged-in editor."""
    action = escape(request.scope.get("root_path", "") + "/_logout")
    return f'<form method="post" action="{action}">{_csrf(request)}<button type="submit">退出登录</button></form>'


def _minutes(seconds: float) -> int:
    return max(1, int(seconds // 60) + (1 if seconds % 60 else 0))


def routes(door: Door) -> list[Route]:
    async def login_page(request: Request) -> Response:
        if not door.login_required():
            return HTMLResponse(_page(request, "登录", "<p>本服务器没有设置账户，在本机使用无需登录。</p>"))
        if request.scope.get("typeset.user"):
            return RedirectResponse(_next(request, request.query_params.get("next")), 303)
        form = login_form(request, next_path=request.query_params.get("next", "/"))
        return HTMLResponse(_page(request, "登录", form), headers={"Cache-Control": "no-store"})

    async def login(request: Request) -> Response:
        raw = b""
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > LOGIN_FORM:
                return HTMLResponse(_page(request, "登录", login_form(request, "登录表单的内容太大：请重新输入")), 413,
                                    headers={"Cache-Control": "no-store"})
        form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace"), max_num_fields=20).items()}
        name, password = form.get("username", "").strip(), form.get("password", "")
        next_path = form.get("next", "/")
        address = request.client.host if request.client else ""

        def again(status: int, message: str) -> Response:
            return HTMLResponse(_page(request, "登录", login_form(request, message, name, next_path)), status,
                                headers={"Cache-Control": "no-store"})

        wait, kind = door.sessions.failures.wait(name, address)
        if wait:
            who = f"账户“{name}”" if kind == "account" else "这台电脑"
            return again(429, f"{who}登录失败的次数太多，暂时不能登录：请 {_minutes(wait)} 分钟后再试；"
                              "忘记密码时，请管理员用 typeset user passwd 用户名 重设")
        ok = await anyio.to_thread.run_sync(door.accounts.verify, name, password)
        if not ok:
            door.sessions.failures.failed(name, address)
            return again(401, "用户名或密码不对：请重新输入（注意大小写和输入法）")
        door.sessions.failures.succeeded(name)
        sid = door.sessions.start(name)
        response = RedirectResponse(_next(request, next_path), 303)
        response.set_cookie(SESSION_COOKIE, sid, path=request.scope.get("root_path", "") or "/", httponly=True,
                            samesite="strict", secure=request.url.scheme == "https")
        return response

    async def logout(request: Request) -> Response:
        door.sessions.end(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse(_next(request, "/_login") if door.login_required() else _next(request, "/"), 303)
        response.delete_cookie(SESSION_COOKIE, path=request.scope.get("root_path", "") or "/", httponly=True,
                               samesite="strict")
        return response

    async def account(request: Request) -> Response:
        user = request.scope.get("typeset.user")
        if user:
            body = f"<p>已登录：{escape(user)}</p>{logout_form(request)}"
        else:
            body = "<p>本服务器没有设置账户，在本机使用无需登录。</p>"
        return HTMLResponse(_page(request, "账户", body), headers={"Cache-Control": "no-store"})

    return [Route("/_login", login_page, methods=["GET"]), Route("/_login", login, methods=["POST"]),
            Route("/_logout", logout, methods=["POST"]), Route("/_account", account, methods=["GET"])]
