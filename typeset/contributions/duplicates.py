"""The same contribution added twice: found by its title and first paragraph (compared as
`typeset add` cleans them, without spaces), in the issue it goes into (refused)
and in the series' other issues (a warning).

    same_in(data, article) → (section, article) numbers, 1-based, or None
    elsewhere(files, article, skip) → [(file shown, section, article)]
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..proof import clean
from ..proof.traces import HASHTAG, emoji_spans

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _key(text: Any) -> str:
    if isinstance(text, list):
        text = "".join(str(t) for t in text)
    if isinstance(text, dict):
        text = text.get("text", "")
    if not text:
        return ""
    text = HASHTAG.sub("", str(text))
    for s, e in reversed(emoji_spans(text)):
        text = text[:s] + text[e:]
    return re.sub(r"\s+", "", clean(text)[0])


def fingerprint(article: dict[str, Any]) -> tuple[str, str]:
    paragraphs = [p for p in article.get("paragraphs") or [] if isinstance(p, str) or (
        isinstance(p, dict) and "text" in p)]
    return _key(article.get("title")), _key(paragraphs[0]) if paragraphs else ""


def same_in(data: Any, article: dict[str, Any]) -> tuple[int, int] | None:
    mine = fingerprint(article)
    if not mine[0] or not mine[1]:
        return None
    sections = data.get("sections") if isinstance(data, dict) else None
    for i, section in enumerate(sections if isinstance(sections, list) else [], 1):
        articles = section.get("articles") if isinstance(section, dict) else None
        for j, other in enumerate(articles if isinstance(articles, list) else [], 1):
            if isinstance(other, dict) and fingerprint(other) == mine:
                return i, j
    return None


def elsewhere(files: list[Path], article: dict[str, Any], skip: Path, shown) -> list[tuple[str, int, int]]:
    found = []
    for path in files:
        if path.resolve() == skip.resolve():
            continue
        try:
            data = yaml.load(path.read_text("utf-8-sig"), Loader=_Loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
            continue
        where = same_in(data, article)
        if where:
            found.append((shown(path), *where))
    return found
