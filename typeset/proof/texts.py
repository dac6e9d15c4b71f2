"""The printed texts of an issue file, each character with its place in the file.

    texts(source) → [Field]

The file is composed with libyaml (fast, no objects built). Each field that prints
(section names, title lines, paragraphs, captions, sources) becomes a `Field`: its text
as the reader sets it (lines of a multi-line value joined as the reader joins them) and,
for every character, where it stands in the file. Title lines are one field: a quote
may open on one line and close on the next. A file that does not parse gives no fields
(the reader reports it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..reader import pasted

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
WINDOW = 24  # how far past the last matched character a character may stand (escapes, folds)


@dataclass
class Piece:
    """One scalar of a field: its span in the joined text, its node, and where each of its
    characters stands in the file text (an index, or -1 when it has no character of its own
    there, as an escape or a folded line break)."""

    start: int
    end: int
    node: Any
    at: list[int]


@dataclass
class Field:
    path: str  # sections[1].articles[2].paragraphs[3] (1-based, as messages name it)
    text: str
    pieces: list[Piece] = field(default_factory=list)
    kind: str = "paragraph"  # name, title, paragraph, caption, source

    def index(self, i: int) -> int:
        """Where character i of the text stands in the file (an index into the file's text)."""
        for p in self.pieces:
            if p.start <= i < p.end:
                k = i - p.start
                while k >= 0 and p.at[k] < 0:
                    k -= 1
                return p.at[k] if k >= 0 else p.node.start_mark.index
        last = self.pieces[-1]
        return last.node.end_mark.index


def _value(node: Any, source: str) -> str:
    value = str(node.value)
    if node.start_mark.line != node.end_mark.line:
        joined, problem = pasted.fold_lines(node, source, "")
        if problem is None:
            value = joined
    return value.replace("\t", " ")


def _align(value: str, raw: str, offset: int) -> list[int]:
    at: list[int] = []
    j = 0
    for ch in value:
        k = raw.find(ch, j, j + WINDOW + 1)
        if k < 0:
            at.append(-1)
            continue
        at.append(offset + k)
        j = k + 1
    return at


def _field(path: str, nodes: list[Any], source: str, kind: str) -> Field | None:
    if not nodes or any(not (isinstance(n, yaml.ScalarNode) and n.tag == _STR) for n in nodes):
        return None
    pieces, text = [], ""
    for n in nodes:
        value = _value(n, source)
        raw = source[n.start_mark.index:n.end_mark.index]
        pieces.append(Piece(len(text), len(text) + len(value), n, _align(value, raw, n.start_mark.index)))
        text += value
    return Field(path, text, pieces, kind)


def _get(node: Any, key: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _items(node: Any) -> list[Any]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def texts(source: str) -> list[Field]:
    try:
        root = yaml.compose(source, Loader=_Loader)
    except (yaml.YAMLError, ValueError, RecursionError):
        return []
    out: list[Field] = []

    def put(f: Field | None) -> None:
        if f is not None and f.text.strip():
            out.append(f)

    for i, section in enumerate(_items(_get(root, "sections")), 1):
        here = f"sections[{i}]"
        name = _get(section, "name")
        if name is not None:
            put(_field(f"{here}.name", [name], source, "name"))
        for j, article in enumerate(_items(_get(section, "articles")), 1):
            at = f"{here}.articles[{j}]"
            title = _get(article, "title")
            if isinstance(title, yaml.SequenceNode):
                put(_field(f"{at}.title", _items(title), source, "title"))
            elif title is not None:
                put(_field(f"{at}.title", [title], source, "title"))
            for k, p in enumerate(_items(_get(article, "paragraphs")), 1):
                where = f"{at}.paragraphs[{k}]"
                if isinstance(p, yaml.ScalarNode):
                    put(_field(where, [p], source, "paragraph"))
                    continue
                text, caption = _get(p, "text"), _get(p, "caption")
                if text is not None:
                    put(_field(f"{where}.text", [text], source, "paragraph"))
                if caption is not None:
                    put(_field(f"{where}.caption", [caption], source, "caption"))
            src = _get(article, "source")
            if src is not None:
                put(_field(f"{at}.source", [src], source, "source"))
    return out


def line_column(source: str, index: int) -> tuple[int, int]:
    """1-based line and column of the character at index."""
    line = source.count("\n", 0, index) + 1
    return line, index - (source.rfind("\n", 0, index) + 1) + 1
