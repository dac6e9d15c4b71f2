"""Form data applied onto an issue file, everything not edited kept byte for byte.

    apply(text, old, new) → text

`old` is what the project's reader reads from `text`, `new` the data the form sends.
ruamel.yaml loads `text` (round-trip: comments, key order, quoting kept), the values that
differ between `old` and `new` are replaced in its tree (list items matched by content
first, so that a moved article keeps its comments), and the tree is dumped twice, before
and after. Only the lines that differ between those two dumps are put into the original
text, at the places the unchanged dump's lines have in it; every other line — and its own
line end, CRLF or LF — is the original's. The caller reads the result back and refuses it
unless it holds exactly `new`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from typing import Any

from ..contributions.yaml_edit import scalar, text_layout
from ..errors import TypesetError

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")
_NEWLINE = re.compile(r"\r\n|\n|\r")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MISSING = object()


def lines_of(text: str) -> tuple[list[str], list[str]]:
    """Each line without its end, and each line's own end ("" for a last line without one)."""
    parts = _LINE.findall(text)
    lines = [p.rstrip("\r\n") for p in parts]
    return lines, [p[len(line):] for p, line in zip(parts, lines, strict=True)]


def newline_of(text: str) -> str:
    m = _NEWLINE.search(text)
    return m.group(0) if m else "\n"


def same(a: Any, b: Any) -> bool:
    """Equal as JSON data (True is not 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b if not isinstance(a, int | float) else a == b


def apply(text: str, old: Any, new: Any) -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    reader = YAML()
    reader.preserve_quotes = True
    try:
        doc = reader.load(text)
    except YAMLError as err:
        raise TypesetError(f"文件无法解析（{err}），没有改动：请改在 YAML 视图中修改") from None
    lines, ends = lines_of(text)
    layout = text_layout(doc, lines) if hasattr(doc, "get") else None
    before = _dump(doc, layout)
    doc = _merge(doc, old, new, ())
    after = [_comment_gap(line) for line in _dump(doc, layout)]
    return _spliced(lines, ends, before, after, newline_of(text))


_KEY = r"[A-Za-z_][A-Za-z0-9_]*:\s"
_PLAIN_ITEM = re.compile(rf"^(\s*(?:-\s+)*(?:{_KEY}+)?)((?!-\s|{_KEY})[^\s\"'\[{{|>#&*!%@`].*)$")


def _comment_gap(line: str) -> str:
    """`- 新的正文 # 注释`: a text grown past its comment's column keeps two spaces before the
    comment, as the reader asks (one space reads as text lost to a comment)."""
    m = _PLAIN_ITEM.match(line)
    if not m:
        return line
    at = m.group(2).find(" #")
    if at <= 0 or m.group(2)[at - 1] == " ":
        return line
    cut = m.end(1) + at
    return line[:cut] + " " + line[cut:]


def _dump(doc: Any, layout: Any) -> list[str]:
    from ruamel.yaml import YAML

    writer = YAML()
    writer.width = 1_000_000  # never fold a paragraph
    if layout is not None:
        writer.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    buffer = io.StringIO()
    writer.dump(doc, buffer)
    return buffer.getvalue().split("\n")[:-1]


def _merge(node: Any, old: Any, new: Any, path: tuple[Any, ...]) -> Any:
    """`node` (ruamel's) changed from holding `old` to holding `new`: as little replaced as can be."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if old is not _MISSING and same(old, new):
        return node
    if isinstance(new, dict) and isinstance(node, CommentedMap):
        before = old if isinstance(old, dict) else {}
        for key in [k for k in node if k not in new]:
            del node[key]
        for key, value in new.items():
            if key in node:
                merged = _merge(node[key], before.get(key, _MISSING), value, path + (key,))
                if merged is not node[key]:
                    _comment_apart(node.ca.items.get(key), 2)
                node[key] = merged
            else:
                node[key] = _build(value, path + (key,), node.get(key))
        return node
    if isinstance(new, list) and isinstance(node, CommentedSeq) and isinstance(old, list) \
            and len(old) == len(node) and not node.fa.flow_style():
        return _merge_list(node, old, new, path)
    return _build(new, path, node)


def _merge_list(node: Any, old: list[Any], new: list[Any], path: tuple[Any, ...]) -> Any:
    """Items equal to an old one keep that one's node (and its comments); the others are
    paired in order with the old items left over, or written anew."""
    used: set[int] = set()
    match: list[int | None] = []
    for value in new:
        found = next((i for i, o in enumerate(old) if i not in used and same(o, value)), None)
        if found is not None:
            used.add(found)
        match.append(found)
    spare = [i for i in range(len(old)) if i not in used]
    for j, found in enumerate(match):
        if found is None and spare and isinstance(new[j], dict) == isinstance(old[spare[0]], dict):
            match[j] = spare.pop(0)
    items, comments = [], {}
    for j, (value, i) in enumerate(zip(new, match, strict=True)):
        if i is None:
            items.append(_build(value, path + (j,), None))
            continue
        items.append(_merge(node[i], old[i], value, path + (j,)))
        if i in node.ca.items:
            comments[j] = node.ca.items[i]
            if items[-1] is not node[i]:
                _comment_apart(comments[j], 0)
    node.clear()
    node.extend(items)
    node.ca.items.clear()
    node.ca.items.update(comments)
    return node


def _comment_apart(entry: Any, index: int) -> None:
    """The comment after a value that is written anew starts two spaces after it, even where
    the longer value pushes it past its column (one space before “#” reads as text to the reader)."""
    token = entry[index] if isinstance(entry, list) and len(entry) > index else None
    value = getattr(token, "value", None)
    if token is not None and isinstance(value, str) and value.startswith("#"):
        token.value = " " + value


def _build(value: Any, path: tuple[Any, ...], was: Any) -> Any:
    """A new node for `value`: texts plain where YAML reads them back unchanged, else quoted;
    paragraph objects in flow style, as `typeset add` writes them."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import PlainScalarString, ScalarString

    in_paragraphs = len(path) >= 2 and path[-2] == "paragraphs"
    flow = len(path) >= 3 and path[-3] == "paragraphs"
    if isinstance(value, str):
        if _DATE.fullmatch(value) and (isinstance(was, dt.date) or path[-1:] in (("date",), ("print_date",))):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        written = scalar(value, flow=flow)
        if type(written) is str and isinstance(was, ScalarString) and not str(was):
            return PlainScalarString(written)  # a placeholder "" filled in: no quotes left over
        return written
    if isinstance(value, dict):
        out = CommentedMap((k, _build(v, path + (k,), None)) for k, v in value.items())
        if in_paragraphs or flow or (isinstance(was, CommentedMap) and was.fa.flow_style()):
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_build(v, path + (i,), None) for i, v in enumerate(value))
        if flow or (isinstance(was, CommentedSeq) and was.fa.flow_style()) or _inside_flow(path):
            seq.fa.set_flow_style()
        return seq
    return value


def _inside_flow(path: tuple[Any, ...]) -> bool:
    return any(p == "paragraphs" for p in path[:-2]) or (len(path) >= 2 and path[-2] in ("add", "remove"))


def _spliced(lines: list[str], ends: list[str], before: list[str], after: list[str], newline: str) -> str:
    """`lines` with the changes from `before` to `after` put in; `before` is ruamel's dump of
    the unchanged file, matched against `lines` line by line."""
    inserted: dict[int, list[str]] = {}  # new lines put in before line i of `before`
    kept: set[int] = set()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            kept.update(range(i1, i2))
        elif j2 > j1:
            inserted.setdefault(i1, []).extend(after[j1:j2])
    out: list[tuple[str, str]] = []
    done: set[int] = set()

    def put_new(at: int) -> None:
        if at not in done:
            done.add(at)
            out.extend((line, newline) for line in inserted.get(at, ()))

    matcher = difflib.SequenceMatcher(None, before, lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                put_new(i1 + k)
                if i1 + k in kept:
                    out.append((lines[j1 + k], ends[j1 + k]))
        elif tag == "insert":  # lines the dump leaves out: kept as they are
            out.extend(zip(lines[j1:j2], ends[j1:j2], strict=True))
        else:
            untouched = all(i in kept for i in range(i1, i2)) and not any(i in inserted for i in range(i1 + 1, i2))
            if untouched:
                put_new(i1)
                out.extend(zip(lines[j1:j2], ends[j1:j2], strict=True))
            else:
                for i in range(i1, i2):
                    put_new(i)
                    if i in kept:
                        out.append((before[i], newline))
    put_new(len(before))
    if out:
        out[:-1] = [(line, end or newline) for line, end in out[:-1]]
        if ends and ends[-1] and not out[-1][1]:
            out[-1] = (out[-1][0], newline)
    return "".join(line + end for line, end in out)
