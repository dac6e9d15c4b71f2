"""What a contribution is made of, before and after its structure is recognised.

Readers of each format turn a file into `Block`s (one per paragraph of the
source, in order); `shape.py` turns the blocks into a `Contribution`: title
lines, body items and source, ready to be written into an issue file.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Image:
    """A picture found in the source: its bytes and their format ("PNG", "JPEG", …)."""

    data: bytes
    format: str
    name: str = ""  # the name inside the source file (word/media/image1.png), for messages


@dataclass(frozen=True)
class Block:
    """One paragraph of the source as written: its lines (split at soft line breaks,
    leading indentation already removed) and what the author did to it."""

    lines: tuple[str, ...]
    centred: bool = False
    right: bool = False  # aligned right (a source line is often set so)
    bold: bool = False  # every character of the text is bold
    indented: bool = False  # the text began with spaces or the paragraph has a first-line indent
    style: str = ""  # the paragraph style's name, lower case ("title", "heading 1", "标题 1" …)
    images: tuple[Image, ...] = ()
    table: str = ""  # not empty: this block is a table, described for the editor ("3 行 × 2 列")
    number: int = 0  # the source's own count of text paragraphs up to here (for messages)
    comments: tuple[str, ...] = ()  # reviewers' comments on this paragraph (作者：文字)
    footnotes: tuple[str, ...] = ()  # footnotes and endnotes referred to here, their text
    revisions: tuple[int, int, int] = (0, 0, 0)  # tracked insertions, deletions, moves in it

    @property
    def text(self) -> str:
        return join_lines(self.lines)


def join_lines(lines: tuple[str, ...] | list[str]) -> str:
    """Soft line breaks inside a paragraph joined: nothing between Chinese text, one
    space between two Latin words (the reader joins line breaks inside a value the same way)."""
    out = ""
    for line in lines:
        line = line.strip(" \u3000")
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out


@dataclass(frozen=True)
class Para:
    text: str
    level: int = 0  # 1–4 for the headings 一、（一）1.（1）


@dataclass(frozen=True)
class Picture:
    image: Image
    caption: str | None = None
    place: str = ""  # where it stood in the source, for messages


@dataclass(frozen=True)
class Note:
    """Something in the source that is not added (a table, an unreadable picture): reported
    to the editor and left as a comment in the issue file at its place."""

    message: str  # for the editor, with the place in words
    comment: str  # one line, written as a YAML comment where the item stood
    after: int  # the number of body items before it in the article


@dataclass
class Contribution:
    source_name: str  # the file as the editor named it, or 标准输入
    title: tuple[str, ...]
    body: list[Para | Picture] = field(default_factory=list)
    source: str | None = None
    notes: list[Note] = field(default_factory=list)
