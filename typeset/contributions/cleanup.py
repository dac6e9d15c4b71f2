"""A contribution's text cleaned on the way in (`typeset add`, unless --keep-text).

    tidy(contribution, preferred) → Tidied

WeChat topic tags (#话题#) and emoji are removed, each noted; then every text (title lines,
paragraphs, captions, the source) gets the certain corrections of `typeset proof`
(half-width marks in Chinese text, quotes, ellipsis and dash forms, spaces, full-width
digits). What is not certain is left for `typeset proof` to list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..proof import clean
from ..proof.traces import HASHTAG, emoji_spans
from .model import Contribution, Note, Para, Picture


@dataclass
class Tidied:
    corrected: int = 0  # marks, spaces and digits corrected
    tags: list[str] = field(default_factory=list)  # #话题# removed
    emoji: int = 0


def _strip_web(text: str, tidied: Tidied) -> str:
    for m in HASHTAG.finditer(text):
        tidied.tags.append(m.group())
    text = HASHTAG.sub("", text)
    spans = emoji_spans(text)
    tidied.emoji += len(spans)
    for s, e in reversed(spans):
        text = text[:s] + text[e:]
    return re.sub(r"^[ \u3000]+|[ \u3000]+$", "", text)


def _clean(text: str, tidied: Tidied, preferred: dict[str, tuple[str, ...]] | None) -> str:
    text = _strip_web(text, tidied)
    fixed, applied = clean(text, preferred)
    tidied.corrected += len(applied)
    return fixed.strip(" \u3000")


def tidy(c: Contribution, preferred: dict[str, tuple[str, ...]] | None = None) -> Tidied:
    """Clean `c` in place; what was done, for the report."""
    tidied = Tidied()
    title = [_clean(line, tidied, preferred) for line in c.title]
    c.title = tuple(line for line in title if line) or c.title
    body: list[Para | Picture] = []
    for item in c.body:
        if isinstance(item, Para):
            text = _clean(item.text, tidied, preferred)
            if text:
                body.append(Para(text, item.level))
        else:
            caption = _clean(item.caption, tidied, preferred) if item.caption else item.caption
            body.append(Picture(item.image, caption or None, item.place))
    c.body[:] = body
    if c.source:
        c.source = _clean(c.source, tidied, preferred) or None
    if tidied.tags or tidied.emoji:
        what = []
        if tidied.tags:
            what.append(f"话题标签 {'、'.join(dict.fromkeys(tidied.tags))}")
        if tidied.emoji:
            what.append(f"{tidied.emoji} 个表情符号")
        c.notes.append(Note(f"删去了{' 和 '.join(what)}（正式文稿不用，印出来会是方框或空白）", "", -1))
    return tidied
