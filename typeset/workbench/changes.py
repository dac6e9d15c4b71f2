"""What changed between two versions of an issue, in the editor's words (not a YAML diff):

    第1个栏目第2篇文章的标题：旧 → 新
    新增第2个栏目第1篇文章第3段：……
    删去第2个栏目“市州动态”

Lists (sections, articles, paragraphs, names) are matched by content, so an article put in
reads as one article added, not as every later one changed.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

from ..errors import place_in_words
from .roundtrip import same

CONTEXT = 8  # characters kept either side of a change inside a long text
SHORT = 40


def compare(old: Any, new: Any) -> list[str]:
    out: list[str] = []
    _compare(old, new, (), out)
    return out


def _field(path: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for p in path:
        parts.append(f"[{p + 1}]" if isinstance(p, int) else ("." if parts else "") + str(p))
    return "".join(parts)


def words(path: tuple[Any, ...]) -> str:
    field = _field(path)
    return place_in_words(field) or field or "整个文件"


def _compare(old: Any, new: Any, path: tuple[Any, ...], out: list[str]) -> None:
    if same(old, new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old:
            if key not in new:
                out.append(f"删去{words(path + (key,))}：{describe(old[key])}")
        for key, value in new.items():
            if key not in old:
                out.append(f"新增{words(path + (key,))}：{describe(value)}")
            else:
                _compare(old[key], value, path + (key,), out)
        return
    if isinstance(old, list) and isinstance(new, list):
        _lists(old, new, path, out)
        return
    if isinstance(old, str) and isinstance(new, str):
        a, b = _around(old, new)
        out.append(f"{words(path)}：{a} → {b}")
        return
    out.append(f"{words(path)}：{describe(old)} → {describe(new)}")


def _lists(old: list[Any], new: list[Any], path: tuple[Any, ...], out: list[str]) -> None:
    keys = [json.dumps(x, ensure_ascii=False, sort_keys=True) for x in old]
    keys_new = [json.dumps(x, ensure_ascii=False, sort_keys=True) for x in new]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, keys, keys_new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            _compare(old[i1 + k], new[j1 + k], path + (j1 + k,), out)
        for i in range(i1 + paired, i2):
            out.append(f"删去{words(path + (i,))}：{describe(old[i])}")
        for j in range(j1 + paired, j2):
            out.append(f"新增{words(path + (j,))}：{describe(new[j])}")


def describe(value: Any) -> str:
    """A value in a few words: a section by its name, an article by its title, a text shortened."""
    if isinstance(value, dict):
        for key in ("name", "title", "text", "image"):
            if key in value:
                return describe(value[key])
        return "……"
    if isinstance(value, list):
        return "“" + "".join(v if isinstance(v, str) else describe(v) for v in value)[:SHORT] + "”" \
            if all(isinstance(v, str) for v in value) else f"{len(value)} 项"
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return "（空）"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return f"“{text if len(text) <= SHORT else text[:SHORT] + '……'}”"


def _around(old: str, new: str) -> tuple[str, str]:
    """The two texts cut to the part that changed, with a little context."""
    if len(old) <= SHORT and len(new) <= SHORT:
        return f"“{old}”", f"“{new}”"
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    lead = max(0, start - CONTEXT)

    def cut(text: str) -> str:
        stop = len(text) - max(0, end - CONTEXT)
        middle = text[lead:stop]
        if len(middle) > SHORT * 2:
            middle = middle[:SHORT] + "……" + middle[-SHORT // 2:]
        return f"“{'……' if lead else ''}{middle}{'……' if stop < len(text) else ''}”"

    return cut(old), cut(new)
