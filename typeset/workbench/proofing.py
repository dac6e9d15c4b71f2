"""Proofreading in the workbench: `typeset proof`'s findings beside each field, and its
certain corrections saved like any save.

    found(text, file, preferred) → [JSON]   the findings of a text (…/check, GET …/issue)
    fix(wb, request)                        POST …/proof/fix {"base"}: `typeset proof --fix`'s
                                            corrections written, committed; save's conflict rules

A finding is `{"message", "field", "line", "column", "chars", "category", "fix", "hint"}`:
`field` names the field as a problem's `field` does (sections[1].articles[2].title), line
and column count in the text as the YAML view shows it (LF line ends).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import visible
from ..proof import Finding, findings
from ..proof.fix import Change, fix_source
from .http import answer, body, text_field, user


def as_json(f: Finding) -> dict[str, Any]:
    shown = "空格" if f.chars and not f.chars.strip() else f"“{f.chars}”"
    if f.fix is not None:
        todo = (f"；改为“{f.fix}”" if f.fix else "；删去") + "（可自动改正）"
    else:
        todo = f"；建议：{f.hint}" if f.hint else ""
    return {"message": visible(f"校对：{f.category}：{shown}——{f.message}{todo}"), "field": f.field,
            "line": f.line, "column": f.column, "chars": f.chars, "category": f.category, "fix": f.fix,
            "hint": f.hint or None}


def found(text: str, file: str, preferred: dict[str, tuple[str, ...]]) -> list[dict[str, Any]]:
    """The findings of `text` (an issue file's content, saved or not); none when it does not read."""
    return [as_json(f) for f in findings(text.replace("\r\n", "\n"), file, preferred)]


def _change(c: Change) -> dict[str, Any]:
    return {"line": c.line, "column": c.column, "field": c.field, "old": c.old, "new": c.new,
            "category": c.category}


async def fix(wb: Any, request: Request) -> Response:
    data = await body(request)
    base = text_field(data, "base")
    path = await wb.thread(wb.path_of, request.path_params["target"])
    return answer(await wb.thread(_fix, wb, path, base, user(request)))


def _fix(wb: Any, path: Path, base: str, account: str | None) -> dict[str, Any]:
    preferred = wb.preferred()
    done: dict[str, Any] = {}

    def change(text: str) -> tuple[str, str | None]:
        fixed = fix_source(text, preferred)
        done["fixed"] = fixed
        kinds = "、".join(k for k, _ in Counter(c.category for c in fixed.changes).most_common())
        return fixed.source, f"校对：自动改正 {len(fixed.changes)} 处（{kinds}）" if fixed.changes else None

    saved = wb.saver.save_changed(path, base, change, account)
    fixed = done["fixed"]
    return {**wb.saved_data(path, saved), "fixed": len(fixed.changes),
            "changes": [_change(c) for c in fixed.changes], "refused": list(fixed.refused),
            "proof": found(saved.yaml, wb.file(path), preferred)}
