"""Character classes and the `Hit` every rule returns (shared by the rule modules)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Categories, in the order findings are listed for one place
HALF = "半角标点"
PAIRS = "成对标点"
REPEAT = "标点连用"
DASHES = "省略号与破折号"
SPACES = "多余空格"
WIDE_ALNUM = "全角字母数字"
DATES = "日期写法"
WEB = "网络用语与表情"
INVISIBLE = "不可见字符"
NAMES = "规范名称"
CATEGORIES = (HALF, PAIRS, REPEAT, DASHES, SPACES, WIDE_ALNUM, DATES, WEB, INVISIBLE, NAMES)

WIDE_MARKS = frozenset("，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕〖〗—…·～")
OPENING = "“‘（《〈【「『〔〖"
CLOSING = "”’）》〉】」』〕〗"
SPACE = " \u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
URL = re.compile(r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
                 r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


@dataclass(frozen=True)
class Hit:
    """What a rule found in a text: characters [start, end), and the correction when it is
    certain (`fix`) or a suggestion when it is not (`hint`)."""

    start: int
    end: int
    category: str
    message: str
    fix: str | None = None
    hint: str = ""


def han(ch: str) -> bool:
    if len(ch) != 1:
        return False
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3FFFF or ch == "〇")


def wide(ch: str) -> bool:
    """A Chinese character or a full-width mark: what makes the text around it Chinese."""
    if len(ch) != 1:
        return False
    o = ord(ch)
    return han(ch) or ch in WIDE_MARKS or 0xFF01 <= o <= 0xFF5E or 0x3001 <= o <= 0x303F


def latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def url_spans(text: str) -> set[int]:
    """Indexes of characters inside URLs and e-mail addresses (left as written)."""
    inside: set[int] = set()
    for m in URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)'":  # a sentence's mark after the URL
            end -= 1
        inside.update(range(m.start(), end))
    return inside
