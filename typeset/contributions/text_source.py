"""Plain text (a .txt file, or text pasted from WeChat on standard input) → blocks.

    decode(raw, shown) → str        UTF-8 (with or without BOM), UTF-16 with BOM, else GBK
    read_text(text) → [Block]

Each line is a paragraph, except that a hard-wrapped line (nearly as long as the
longest line, not ending a sentence) runs on into the next line when that is not
indented and not a heading. The title is the first line; when the text separates
paragraphs with empty lines, the lines before the first empty line (up to four short
ones) are the title lines as the author broke them.
"""

from __future__ import annotations

import re

from ..errors import TypesetError
from .model import Block
from .shape import LEVELS, SENTENCE_END, SOURCE_LABEL, TITLE_STOPS, tail_line

INDENT = " \u3000\t\u00a0"
_BREAKS = re.compile(r"\r\n|\r|\u2028|\x85")
MAX_BYTES = 2_000_000
TITLE_LINE = 30  # characters


def decode(raw: bytes, shown: str) -> str:
    if len(raw) > MAX_BYTES:
        raise TypesetError(f"{shown} 过大（{len(raw) / 1_000_000:.1f} MB）：一篇来稿通常只有几 KB，"
                           "请检查是否选错了文件")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise TypesetError(f"{shown} 的编码无法识别：请在记事本中另存为 UTF-8 编码") from None
    if b"\x00" in raw[:65536]:  # no text has NUL bytes (UTF-16 without its BOM, or not text at all)
        raise TypesetError(f"{shown} 不是文字文件（含有二进制内容），也不是能识别的 Word 文件：可能已损坏或选错了文件；"
                           "请在 Word/WPS 中打开它另存为 .docx，或把文字另存为 UTF-8 编码的 .txt 再加入")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")  # what Notepad on a Chinese Windows calls ANSI
    except UnicodeDecodeError:
        raise TypesetError(f"{shown} 既不是 UTF-8 也不是 GBK 编码的文字：请在记事本中另存为 UTF-8 编码"
                           "（或确认这是文字文件）") from None


def read_text(text: str) -> list[Block]:
    text = _BREAKS.sub("\n", text).replace("\u2029", "\n\n")
    lines = [line.rstrip(INDENT) for line in text.split("\n")]
    while lines and not lines[0].strip(INDENT):
        lines.pop(0)
    blocks: list[Block] = []
    if not lines:
        return blocks
    title_end = _title_end(lines)
    blocks.append(Block(tuple(x.strip(INDENT) for x in lines[:title_end])))
    widest = max((len(x.strip(INDENT)) for x in lines[title_end:]), default=0)
    current: list[str] = []
    indented = False
    number = 1
    for line in lines[title_end:]:
        body = line.strip(INDENT)
        if not body:
            if current:
                blocks.append(Block(tuple(current), indented=indented, number=number))
                number += 1
                current = []
            continue
        starts_new = (not current or _is_indented(line) or _heading(body) or not _runs_on(current[-1], widest)
                      or _stands_alone(body))
        if starts_new and current:
            blocks.append(Block(tuple(current), indented=indented, number=number))
            number += 1
            current = []
        if not current:
            indented = _is_indented(line)
        current.append(body)
    if current:
        blocks.append(Block(tuple(current), indented=indented, number=number))
    return blocks


def _title_end(lines: list[str]) -> int:
    """How many lines make the title: those before the first empty line when the text uses
    empty lines between paragraphs and they are few and short; else the first line."""
    if "" not in lines:
        return 1
    end = lines.index("")
    head = [x.strip(INDENT) for x in lines[:end]]
    if end <= 4 and all(len(x) <= TITLE_LINE and not x.endswith(TITLE_STOPS) for x in head):
        return end
    return 1


def _is_indented(line: str) -> bool:
    return line.startswith(("\u3000", "  ", "\t", "\u00a0"))


def _heading(text: str) -> bool:
    return any(p.match(text) for _, p in LEVELS) and len(text) <= 30


_URL_END = re.compile(r"(?:https?://|www\.)\S+$")
_ALONE = re.compile(rf"[（(]?\s*{SOURCE_LABEL}|(?:https?://|www\.)")


def _stands_alone(line: str) -> bool:
    """A line that is never the rest of the line before: a source line, a URL, a WeChat tail."""
    return bool(_ALONE.match(line)) or tail_line(line)


def _runs_on(line: str, widest: int) -> bool:
    """A hard-wrapped line: nearly as long as the longest, not the end of a sentence (nor a URL,
    a source line or a WeChat tail, which never run on into the next line)."""
    if _URL_END.search(line) or _stands_alone(line):
        return False
    return len(line) >= max(15, 0.8 * widest) and widest < 200 and not line.endswith(
        SENTENCE_END + ("！", "？", "”", "」", "…", "!", "?", "）"))
