"""An article added to an issue file, the rest of the file kept as the editor wrote it.

    plan_add(text, shown, article, notes, section) → Edit   (nothing written)

The file is read with ruamel.yaml's round-trip loader, which knows where every key and
item stands; the new article is rendered by ruamel.yaml in the file's own indentation
and put in at the end of its section (before the comments that introduce what
follows), so that every other line — comments, blank lines, quoting, flow style —
stays byte for byte. A section placeholder left by `typeset new` (name "" and articles
whose title and paragraphs are "") is filled instead of kept. Every text is written
plain when YAML reads it back unchanged, else in single quotes (`#`, `: `, quotes,
brackets, 【】, words YAML reads as numbers, dates or booleans …). `Edit.expected` is
what the project's reader must find in the new text: the caller checks it.
"""

from __future__ import annotations

import copy
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..errors import TypesetError

_RISKY = set("#:'\"{}[],&*!|>%@`\\【】")
_NEWLINE = re.compile(r"\r\n|\n|\r")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")


@dataclass(frozen=True)
class Edit:
    text: str  # the whole new file
    added: str  # the lines put in, as the file will show them (for --dry-run)
    section: str  # the section's name
    new_section: bool
    position: int  # the article's place in its section, 1-based
    expected: Any  # the plain data the reader must find in `text`


def scalar(text: str, flow: bool = False) -> Any:
    """`text` as ruamel.yaml should write it: plain when that reads back unchanged, in a
    block or, with `flow`, inside a flow mapping `{key: text}` (where `,[]{}?` end it)."""
    import yaml
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    plain = bool(text) and text == text.strip() and not (set(text) & _RISKY) and text[0] not in "-?~"
    if plain:
        try:
            plain = yaml.safe_load(text) == text and (not flow or yaml.safe_load(f"{{k: {text}}}") == {"k": text})
        except yaml.YAMLError:
            plain = False
    return text if plain else SingleQuotedScalarString(text)


def plan_add(original: str, shown: str, article: dict[str, Any], notes: dict[int, list[str]],
             section: str | None, expected_before: Any) -> Edit:
    """`article`: plain data {title, paragraphs, source?}; `notes`: comment lines to put before
    paragraph i (i == len: after the last); `expected_before`: the reader's data of `original`."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError

    try:
        doc = YAML().load(original)
    except YAMLError as err:
        raise TypesetError(f"{shown} 无法解析（{err}），没有改动：请先改正这个文件（typeset check 可检查）") from None
    sections = doc.get("sections") if isinstance(doc, CommentedMap) else None
    if not isinstance(sections, CommentedSeq) or not sections or sections.fa.flow_style():
        raise TypesetError(f"{shown} 中没有逐项写出的栏目列表（sections:，每个栏目一项“- name: …”），没有改动："
                           "请先改正这个文件")
    parts = _LINE.findall(original)
    lines = [part.rstrip("\r\n") for part in parts]
    ends = [part[len(line):] for part, line in zip(parts, lines, strict=True)]  # each line keeps its own
    newline = m.group(0) if (m := _NEWLINE.search(original)) else "\n"
    layout = text_layout(doc, lines)
    names = [_name(s) for s in sections]
    want = section.strip().strip("【】").strip() if section else None
    expected = copy.deepcopy(expected_before)
    ops: list[tuple[int, int, list[str]]] = []  # (first line, end line, new lines)
    renamed = False
    if want is not None and want in names:
        index = names.index(want)
    elif want is not None and _placeholder_section(sections[-1]) and not names[-1]:
        index = len(sections) - 1
        ops.append(_rename(sections[index], lines, want))
        renamed = True
        expected["sections"][index]["name"] = want
    elif want is None:
        index = len(sections) - 1
    else:
        index = -1
    if index < 0:  # a new section at the end
        assert want is not None
        new = CommentedMap([("name", scalar(want)), ("articles", CommentedSeq([_article(article)]))])
        dash = _dash(lines, *sections.lc.item(len(sections) - 1))
        end = _end(doc, lines, ("sections",), sections.lc.item(len(sections) - 1)[0], dash[1])
        fragment = _render(new, layout, dash[1])
        fragment = _with_notes(fragment, notes, (0, "articles", 0))
        blank = _spaced(lines, [sections.lc.item(i)[0] for i in range(len(sections))])
        ops.append((end, end, ([""] if blank else []) + fragment))
        expected["sections"].append({"name": want, "articles": [article]})
        position, new_section, name = 1, True, want
    else:
        target = sections[index]
        articles = target.get("articles") if isinstance(target, CommentedMap) else None
        if not isinstance(articles, CommentedSeq) or not articles or articles.fa.flow_style():
            raise TypesetError(f"{shown} 中栏目“{names[index] or '（未填栏目名）'}”的文章没有逐项写出"
                               "（articles: 下每篇一项“- title: …”），没有改动：请先改正这个文件")
        path = ("sections", index, "articles")
        last_line, last_col = articles.lc.item(len(articles) - 1)
        dash = _dash(lines, last_line, last_col)
        end = _end(doc, lines, path, last_line, dash[1])
        fragment = _with_notes(_render(CommentedSeq([_article(article)]), layout, dash[1], seq=True), notes, (0,))
        if all(_placeholder(a) for a in articles):
            first = _dash(lines, *articles.lc.item(0))[0]
            ops.append((first, end, fragment))
            expected["sections"][index]["articles"] = [article]
            position = 1
        else:
            blank = _spaced(lines, [articles.lc.item(i)[0] for i in range(len(articles))])
            ops.append((end, end, ([""] if blank else []) + fragment))
            expected["sections"][index]["articles"].append(article)
            position = len(articles) + 1
        new_section, name = False, names[index] if want is None or not renamed else want
    for first, end, new_lines in sorted(ops, reverse=True):
        lines[first:end] = new_lines
        ends[first:end] = [newline] * len(new_lines)
    ends[:-1] = [e or newline for e in ends[:-1]]  # a last line without its line break is last no more
    text = "".join(line + end for line, end in zip(lines, ends, strict=True))
    return Edit(text, _dedent(ops[-1][2]), name, new_section, position, expected)


def _name(section: Any) -> str:
    value = section.get("name") if hasattr(section, "get") else None
    return str(value).strip().strip("【】").strip() if isinstance(value, str) else ""


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(_blank(v) for v in value)
    return False


def _placeholder(article: Any) -> bool:
    """An article as `typeset new` leaves it: title, paragraphs and source all empty."""
    return hasattr(article, "get") and all(_blank(article.get(k)) for k in ("title", "paragraphs", "source"))


def _placeholder_section(section: Any) -> bool:
    articles = section.get("articles") if hasattr(section, "get") else None
    return isinstance(articles, list) and all(_placeholder(a) for a in articles)


def _article(article: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    title = article["title"]
    out = CommentedMap()
    out["title"] = scalar(title) if isinstance(title, str) else CommentedSeq(scalar(t) for t in title)
    paragraphs = CommentedSeq()
    for p in article["paragraphs"]:
        if isinstance(p, str):
            paragraphs.append(scalar(p))
            continue
        item = CommentedMap((k, scalar(v, flow=True) if isinstance(v, str) else v) for k, v in p.items())
        item.fa.set_flow_style()
        paragraphs.append(item)
    out["paragraphs"] = paragraphs
    if article.get("source"):
        out["source"] = scalar(article["source"])
    return out


@dataclass(frozen=True)
class _Layout:
    sequence: int  # item text, columns in from its key
    offset: int  # the dash, columns in from its key
    mapping: int


def text_layout(doc: Any, lines: list[str]) -> _Layout:
    """The indentation of lists in this file, read off an article's paragraphs; else the
    project's own (`typeset new`): dash 2 and text 4 columns in from the key."""
    from ruamel.yaml.comments import CommentedSeq

    for section in doc.get("sections") or []:
        for article in (section.get("articles") or []) if hasattr(section, "get") else []:
            paragraphs = article.get("paragraphs") if hasattr(article, "get") else None
            if not isinstance(paragraphs, CommentedSeq) or not paragraphs or paragraphs.fa.flow_style():
                continue
            key_col = article.lc.key("paragraphs")[1]
            line, col = paragraphs.lc.item(0)
            dash = _dash(lines, line, col)
            if dash[0] == line and dash[1] >= key_col and col - dash[1] >= 2:
                return _Layout(col - key_col, dash[1] - key_col, 2)
    return _Layout(4, 2, 2)


def _dash(lines: list[str], line: int, col: int) -> tuple[int, int]:
    """Where the `-` of the list item whose value starts at (line, col) stands."""
    text = lines[line][:col] if line < len(lines) else ""
    i = text.rstrip().rfind("-")
    if i >= 0 and not text[:i].strip():
        return line, i
    for j in range(line - 1, -1, -1):
        stripped = lines[j].rstrip()
        if stripped.endswith("-"):
            return j, len(stripped) - 1
        if stripped.strip():
            break
    return line, max(0, col - 2)


def _starts(node: Any, path: tuple[Any, ...], out: list[tuple[int, tuple[Any, ...]]]) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        for key, value in node.items():
            out.append((node.lc.key(key)[0], path + (key,)))
            _starts(value, path + (key,), out)
    elif isinstance(node, CommentedSeq):
        for i, value in enumerate(node):
            out.append((node.lc.item(i)[0], path + (i,)))
            _starts(value, path + (i,), out)


def _end(doc: Any, lines: list[str], inside: tuple[Any, ...], after: int, column: int) -> int:
    """The line where what `inside` holds ends (exclusive): the next key or item outside it,
    less the blank lines and comments before that which are indented less than `column`
    (they introduce what follows)."""
    starts: list[tuple[int, tuple[Any, ...]]] = []
    _starts(doc, (), starts)
    end = min((line for line, path in starts if line > after and path[: len(inside)] != inside),
              default=len(lines))
    while end - 1 > after:
        text = lines[end - 1]
        stripped = text.lstrip()
        if not stripped or (stripped.startswith("#") and len(text) - len(stripped) < column):
            end -= 1
            continue
        break
    return end


def _spaced(lines: list[str], item_lines: list[int]) -> bool:
    """Items of this list separated by blank lines."""
    return len(item_lines) > 1 and all(i > 0 and not lines[i - 1].strip() for i in item_lines[1:])


def _render(node: Any, layout: _Layout, column: int, seq: bool = False) -> list[str]:
    """`node` as ruamel.yaml writes it, as one list item whose dash stands at `column`."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedSeq

    writer = YAML()
    writer.width = 1_000_000  # never fold a paragraph
    writer.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    buffer = io.StringIO()
    writer.dump(node if seq else CommentedSeq([node]), buffer)
    rendered = buffer.getvalue().rstrip("\n").split("\n")
    first = len(rendered[0]) - len(rendered[0].lstrip())
    return [" " * column + line[first:] if line.strip() else "" for line in rendered]


def _with_notes(fragment: list[str], notes: dict[int, list[str]], article: tuple[Any, ...]) -> list[str]:
    """Comment lines put in before paragraph i of the rendered article (or after the last)."""
    if not notes:
        return fragment
    from ruamel.yaml import YAML

    doc = YAML().load("\n".join(fragment))
    node = doc
    for step in article:
        node = node[step]
    paragraphs = node["paragraphs"]
    dash_col = _dash(fragment, *paragraphs.lc.item(0))[1]
    out = list(fragment)
    count = len(paragraphs)
    for i in sorted(notes, reverse=True):
        if i < count:
            at = _dash(fragment, *paragraphs.lc.item(i))[0]
        elif "source" in node:
            at = node.lc.key("source")[0]
        else:
            at = len(fragment)
        out[at:at] = [" " * dash_col + "# " + text for text in notes[i]]
    return out


def _rename(section: Any, lines: list[str], name: str) -> tuple[int, int, list[str]]:
    """The placeholder `name: ""` of a section given its name, the rest of the line kept."""
    line, col = section.lc.value("name")
    text = lines[line]
    token = text[col:col + 2]
    if token not in ('""', "''"):
        raise TypesetError("栏目名的写法无法自动改写：请手工填写栏目名，或用 --section 另指一个栏目")
    value = scalar(name)
    shown = value if type(value) is str else "'" + value.replace("'", "''") + "'"
    rest = text[col + 2:]
    if "#" in rest and not rest[: rest.index("#")].strip():  # keep a comment after it where it stood
        room = rest.index("#") - 1
        wide = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in shown)
        rest = " " * max(1, room - (wide - 2) + 1) + rest[rest.index("#"):] if room >= 1 else rest
    return line, line + 1, [text[:col] + shown + rest]


def _dedent(fragment: list[str]) -> str:
    body = [line for line in fragment if line.strip()]
    cut = min((len(line) - len(line.lstrip()) for line in body), default=0)
    return "\n".join(line[cut:] for line in fragment).strip("\n")
