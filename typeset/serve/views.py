"""The pages the editor sees: the list of issues and one issue's preview (Chinese, no remote files)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..errors import Problem

STYLE = """
body { margin: 0; font-family: "Microsoft YaHei", "微软雅黑", "Noto Sans CJK SC", sans-serif; background: #eee; }
header { background: #8b0000; color: #fff; padding: .6rem 1rem; }
header a { color: #fff; }
main { padding: 1rem; max-width: 1000px; margin: 0 auto; }
table { border-collapse: collapse; background: #fff; width: 100%; }
td, th { border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; vertical-align: top; }
.ok { color: #060; } .bad { color: #b00; }
.problems { background: #fff3f3; border: 2px solid #b00; padding: .5rem 1rem; margin-bottom: 1rem; }
.problems.warn { background: #fffbe6; border-color: #c90; }
.problems pre { background: #fff; margin: .2rem 0 .6rem; padding: .3rem; overflow-x: auto; }
.page { display: block; width: 100%; max-width: 900px; margin: 0 auto 1rem; background: #fff;
        box-shadow: 0 1px 4px rgba(0,0,0,.4); }
.status { margin: 0 0 1rem; }
details.text { max-width: 900px; margin: -0.5rem auto 1rem; color: #444; }
"""

def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
            f"<header><a href=\"/\">typeset 工作台</a> · {escape(title)} · <a href=\"/_account\">账户</a></header>"
            f"<main>{body}</main></body></html>")


def table(rows: list[dict]) -> str:
    """The list of issues; rows: total, label, date, titles, target, ok (bool), problem (str)."""
    out = ["<table><thead><tr><th>总期号</th><th>期号</th><th>日期</th><th>文章</th><th>检查</th></tr></thead><tbody>"]
    for r in rows:
        link = f'<a href="/{escape(r["target"])}">{escape(r["total"])}</a>' if r["target"] else escape(r["total"])
        titles = "<br>".join(escape(t) for t in r["titles"])
        check = ('<span class="ok">通过</span>' if r["ok"]
                 else f'<span class="bad">有错误</span>：{escape(r["problem"])}')
        out.append(f"<tr><td>{link}</td><td>{escape(r['label'])}</td><td>{escape(r['date'])}</td>"
                   f"<td>{titles}</td><td>{check}</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _source_line(problem: Problem, allowed: list[Path]) -> str:
    """The YAML line a problem points at, read only from files inside the allowed folders."""
    o = problem.origin
    if not o or not o.line:
        return ""
    path = Path(o.file).resolve()
    if not any(path.is_relative_to(a.resolve()) for a in allowed) or not path.is_file():
        return ""
    lines = path.read_text("utf-8", "replace").splitlines()
    if not 0 < o.line <= len(lines):
        return ""
    return f"<pre>第 {o.line} 行：{escape(lines[o.line - 1])}</pre>"


def problems(items: list[Problem], allowed: list[Path], warn: bool = False, kept: bool = False) -> str:
    if not items:
        return ""
    head = "警告" if warn else f"本次排版失败{'，下面仍是上一次排好的版面' if kept else ''}。错误"
    lis = "".join(f"<li>{escape(str(p))}{_source_line(p, allowed)}</li>" for p in items)
    cls = "problems warn" if warn else "problems"
    return f'<div class="{cls}"><strong>{head}（{len(items)} 处）：</strong><ul>{lis}</ul></div>'


def live(preview, allowed: list[Path]) -> str:
    """The part of the issue page that updates itself after each rebuild."""
    good = preview.good
    parts = [f'<div id="live" data-version="{preview.version}">']
    if preview.problems:
        parts[0] = parts[0].replace('">', '" data-state="failed">', 1)
        parts.append(problems(preview.problems, allowed, kept=good is not None))
    if good is not None:
        t = escape(preview.target)
        parts.append(f'<p class="status">共 {len(good.pages)} 页 · 排版用时 {good.seconds:.2f} 秒 · '
                     f'下载：<a href="/{t}.pdf">PDF</a> · <a href="/{t}.docx">Word（DOCX）</a> · '
                     f'<a href="/{t}.html">网页版</a></p>')
        parts.append(problems(list(good.warnings), allowed, warn=True))
        texts = good.drawn.texts
        for n, name in enumerate(good.pages, 1):
            parts.append(f'<img class="page" alt="第 {n} 页" src="/{t}/page/{name}.png">'
                         f'<details class="text"><summary>第 {n} 页的文字（可用 Ctrl+F 查找）</summary>'
                         f'{"".join(f"<div>{escape(line)}</div>" for line in texts[n - 1])}</details>')
    parts.append("</div>")
    return "".join(parts)


def title(target: str) -> str:
    return f"总第 {target} 期" if target.isdigit() else target


def missing(what: str) -> str:
    return _page("找不到", f"<p>{escape(what)}</p><p><a href=\"/\">返回各期列表</a></p>")
