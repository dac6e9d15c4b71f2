"""The workbench's HTML pages and the files they load (the bundle in static/, the UI fonts).

The pages are shells: the list of issues and an issue's live pages are drawn here (so they
show at once), the form, the YAML editor and everything else by the bundled browser code
(frontend/src, built into static/ by scripts/setup.sh). No inline script, no on*= attribute:
the Content-Security-Policy allows scripts from this server's files only. Files are served
from a listing of static/ and a fixed table of fonts: no request path becomes a file path.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from ..fonts import STAND_IN

STATIC = Path(__file__).resolve().parent / "static"
FONT_FILES = {"FandolHei-Regular.otf": STAND_IN / "FandolHei-Regular.otf",
              "FandolSong-Regular.otf": STAND_IN / "FandolSong-Regular.otf"}
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".map": "application/json; charset=utf-8", ".otf": "font/otf"}
NOT_BUILT = ("网页工作台的界面文件还没有生成，表单和 YAML 编辑器暂时不能用。"
             "请在项目文件夹中运行一次设置：bash scripts/setup.sh（或 make setup），然后重新启动 typeset serve。")
# Until the bundle's style sheet loads (or when it is missing): readable, CJK faces first.
BASE_STYLE = ("body{margin:0;font-family:\"Microsoft YaHei\",\"微软雅黑\",\"PingFang SC\",\"Noto Sans CJK SC\","
              "\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",\"Typeset UI\",sans-serif}"
              "@font-face{font-family:\"Typeset UI\";"
              "src:url(/_static/fonts/FandolHei-Regular.otf) format(\"opentype\");"
              "font-display:swap}.not-built{background:#fff3f3;border:2px solid #b00;padding:.6rem 1rem;margin:1rem}")


def built() -> bool:
    return (STATIC / "issue.js").is_file() and (STATIC / "list.js").is_file()


def _stamp() -> str:
    """Changes with each build, so browsers never keep an old bundle."""
    try:
        return str((STATIC / "issue.js").stat().st_mtime_ns)
    except OSError:
        return "0"


def page(request: Request, title: str, body: str, script: str, data: dict[str, str] | None = None) -> str:
    """A whole page: CSRF token in a meta tag, the bundle's style and module, `body` in <main>."""
    token = str(request.scope.get("typeset.csrf", ""))
    prefix = str(request.scope.get("root_path", ""))  # behind a reverse proxy: its path prefix
    root = escape(prefix)
    attrs = "".join(f' data-{k}="{escape(v)}"' for k, v in {**(data or {}), "root": prefix}.items())
    v = _stamp()
    head = (f'<link rel="stylesheet" href="{root}/_static/style.css?v={v}">'
            f'<script type="module" src="{root}/_static/{script}.js?v={v}"></script>') if built() else ""
    warning = "" if built() else f'<p class="not-built" role="alert">{escape(NOT_BUILT)}</p>'
    return ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f'<meta name="csrf-token" content="{escape(token)}">'
            f"<title>{escape(title)} · typeset 工作台</title>"
            f"<style>{BASE_STYLE.replace('/_static/', root + '/_static/')}</style>{head}</head>"
            f'<body{attrs}><header class="top"><a href="{root}/">typeset 工作台</a> · <span>{escape(title)}</span>'
            f'<span id="connection" role="status" aria-live="polite"></span><a href="{root}/_account">账户</a></header>'
            f"{warning}{body}</body></html>")


def index(request: Request, table: str) -> str:
    form = ('<form id="new-issue" class="new-issue" novalidate>'
            '<h2>新建一期</h2><label>出刊日期 <input type="date" name="date" id="new-date" required'
            ' aria-describedby="new-problems"></label> '
            '<div id="new-problems" class="problems-box" role="alert" hidden></div>'
            '<label><input type="checkbox" name="same_day" id="new-same-day"> 同一天再出一期</label> '
            '<label><input type="checkbox" name="supplement" id="new-supplement"> 增刊</label> '
            '<button type="submit">新建一期</button></form>')
    return page(request, "各期", f'<main class="list">{form}<h2>各期</h2><div id="issues">{table}</div></main>', "list")


def issue(request: Request, target: str, title: str, live: str) -> str:
    """The issue page: the editor (drawn by the bundle) beside the live pages."""
    body = ('<div class="bench">'
            '<section id="editor" class="editor" aria-label="编辑"><p class="loading">正在载入编辑器……</p></section>'
            f'<section id="preview" class="preview" aria-label="版面预览" tabindex="0">{live}</section></div>')
    return page(request, title, body, "issue", {"target": target})


async def static(request: Request) -> Response:
    files = {p.name: p for p in STATIC.iterdir() if p.is_file() and not p.name.startswith(".")} \
        if STATIC.is_dir() else {}
    path = files.get(request.path_params["name"])
    if path is None:
        return Response(status_code=404)
    return FileResponse(path, media_type=TYPES.get(path.suffix, "application/octet-stream"),
                        headers={"Cache-Control": "no-cache"})


async def font(request: Request) -> Response:
    path = FONT_FILES.get(request.path_params["name"])
    if path is None or not path.is_file():
        return Response(status_code=404)
    return FileResponse(path, media_type="font/otf", headers={"Cache-Control": "max-age=86400"})


def routes() -> list[Route]:
    return [Route("/_static/fonts/{name}", font), Route("/_static/{name}", static)]
