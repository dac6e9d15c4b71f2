"""What YAML does to text pasted as it is, recognised and explained to the editor.

Pasted texts meet YAML's own syntax: a ` #` starts a comment (a WeChat hashtag
`#方志进校园#` silently ends the text), a text that starts with a quote is read
as a quoted text followed by stray words, a full-width colon after a key is not
a key at all, and several pasted lines of one list item are folded into one
paragraph. These functions look at the source lines around a value or a YAML
error and say what happened and what to do.
"""

from __future__ import annotations

import re

import yaml

from ..errors import Problem
from ..model import Origin

# a line ending like this, followed by another line of the same item, ends a paragraph
_SENTENCE_END = "。！？!?"
_WIDE_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*[：﹕]")


def comment_after_text(node: yaml.ScalarNode, lines: list[str], file: str) -> Problem | None:
    """A plain text value followed by ` #…` on its line: YAML drops the rest of the line.

    A comment set off by two spaces and starting with `# ` is taken as meant (as in
    the files `typeset new` writes); anything else — a hashtag, a single space — is text
    the author would lose."""
    if node.style or node.end_mark.line >= len(lines):
        return None
    line = lines[node.end_mark.line]
    rest = line[node.end_mark.column:]
    stripped = rest.lstrip(" \t")
    if not stripped.startswith("#"):
        return None
    gap = rest[: len(rest) - len(stripped)]
    meant = len(stripped) == 1 or stripped[1] in " \t#"
    if node.value == "" and meant:
        return None  # `key:  # 注释` on an empty value; `- #话题# 活动` is text
    if (len(gap) >= 2 or "\t" in gap) and meant:
        return None
    column = node.end_mark.column + len(gap) + 1
    lost = stripped if len(stripped) <= 30 else stripped[:30] + "…"
    return Problem(
        f"“{lost}”被当作注释，不会印出（YAML 中空格后的“#”开始注释）；如果这是正文"
        "（如话题标签“#…#”），请给整段文字加引号，如 '开展 #方志进校园# 相关话题活动'；"
        "如果是注释，请与文字隔开两个空格，写成“  # 注释”，或写在单独一行",
        Origin(file, node.end_mark.line + 1, column))


def fold_lines(node: yaml.ScalarNode, text: str, file: str) -> tuple[str, Problem | None]:
    """A plain or quoted text written over several lines: its lines joined as the engine
    joins line breaks (nothing between Chinese, a space between Latin words — YAML itself
    puts a space everywhere, a visible gap in Chinese), or a problem when the lines look
    like several pasted paragraphs (one ends a sentence, or the next starts with a
    full-width indent, or a blank line stands between them)."""
    source = text[node.start_mark.index:node.end_mark.index]
    pieces = [p.strip(" \t") for p in source.split("\n")]
    if node.style in ("|", ">"):  # a block: its lines follow the indicator's line
        pieces = pieces[1:]
        while pieces and not pieces[-1]:
            pieces.pop()
        while pieces and not pieces[0]:
            pieces.pop(0)
        if not pieces:
            return node.value, None
    elif node.style:
        pieces[0], pieces[-1] = pieces[0][1:], pieces[-1][:-1]  # the quotes
    for k in range(1, len(pieces)):
        prev, here = pieces[k - 1], pieces[k]
        if not node.style and (here.startswith(("- ", "-\t")) or here == "-"):
            line = node.start_mark.line + k
            return "", Problem(
                "这一行以“- ”开头，像是新的一项，但它比上一项缩进得深，YAML 因此把它读成了上一项文字的接续，"
                "两项会连成一段；如果这是新的一项，请让这一行的“- ”与上一项的“- ”左对齐",
                Origin(file, line + 1, _indent(text, line) + 1))
        if not prev or here.startswith("\u3000") or (prev[-1] in _SENTENCE_END and here):
            line = node.start_mark.line + k + (node.style in ("|", ">"))
            return "", Problem(
                f"这一项写成了 {len(pieces)} 行，排版时会连成一段；看起来是几段文字粘贴在一起"
                "（上一行以句号结束，或这一行以全角空格缩进，或中间有空行）。如果是几段，请每段另起一项，"
                "以“- ”开头；如果确是一段，请把它写在一行里",
                Origin(file, line + 1, _indent(text, line) + 1))
    if node.style == '"' and any(_escaped_break(p) for p in pieces[:-1]):
        return node.value, None  # a break escaped with “\\”: YAML's own rule
    joined = pieces[0]
    for piece in pieces[1:]:
        if joined and piece and joined[-1].isascii() and piece[0].isascii():
            joined += " "
        joined += piece
    if node.style in ("|", ">"):
        return joined, None
    if node.style == "'":
        return joined.replace("''", "'"), None
    if node.style == '"':
        try:
            return str(yaml.safe_load('"' + joined + '"')), None
        except yaml.YAMLError:
            return node.value, None
    return joined, None


def _escaped_break(piece: str) -> bool:
    return (len(piece) - len(piece.rstrip("\\"))) % 2 == 1


def _indent(text: str, line: int) -> int:
    lines = text.split("\n")
    if line >= len(lines):
        return 0
    return len(lines[line]) - len(lines[line].lstrip(" \t"))


def diagnose(text: str, err: yaml.MarkedYAMLError, file: str) -> Problem | None:
    """A YAML error that pasted text causes, explained at its real place; else None."""
    mark = err.problem_mark or err.context_mark
    if mark is None:
        return None
    lines = text.split("\n")
    unclosed = _unclosed_quote(text, mark, lines, file)
    if unclosed:
        return unclosed
    first = err.context_mark.line if err.context_mark else mark.line
    for n in range(min(mark.line, len(lines) - 1), max(-1, min(first, mark.line) - 3), -1):
        m = _WIDE_KEY.match(lines[n])
        if m:
            key = m.group(2)
            return Problem(
                f"键“{key}”后面用了全角冒号“{lines[n][m.end() - 1]}”：YAML 只认半角冒号“:”"
                f"（后跟一个空格），这一行因此不是“键: 值”；请改成“{key}: ”",
                Origin(file, n + 1, m.end()))
    if mark.line < len(lines):
        problem = _quote_start(lines[mark.line], mark.line, mark.column, file)
        if problem:
            return problem
    return None


_STRUCTURE = re.compile(r"\s*(?:- |-$|[A-Za-z_][A-Za-z0-9_]*:(?: |$))")


def _unclosed_quote(text: str, mark: yaml.Mark, lines: list[str], file: str) -> Problem | None:
    """`- "会上，双方…` with no closing quote: YAML reads on to the next quote of the same kind,
    lines later, and fails after it. Found as the last quoted text before the error that spans
    lines which look like YAML's own (`- `, `key: `), reported where its quote opens."""
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                last = token
    except yaml.YAMLError:
        pass
    if last is None or last.start_mark.line == last.end_mark.line:
        return None
    inner = lines[last.start_mark.line + 1:last.end_mark.line + 1]
    if not any(_STRUCTURE.match(line) for line in inner):
        return None
    q = "双" if last.style == '"' else "单"
    line, column = last.start_mark.line + 1, last.start_mark.column + 1
    return Problem(
        f"第 {line} 行的{q}引号“{last.style}”没有闭合：YAML 一直读到第 {last.end_mark.line + 1} 行的下一个"
        f"{q}引号，把中间各行都当作了这一段的文字，后面因此读错。请在第 {line} 行的文字末尾补上“{last.style}”，"
        f"或删去开头的“{last.style}”（文字里本来就有引号时，整段改用另一种引号）",
        Origin(file, line, column))


_VALUE_START = re.compile(r"^(\s*(?:-\s+)*(?:[^\s\"'#][^:#]*:\s+)?)([\"'\[{])")
_CLOSING = {"[": "]", "{": "}"}


def _quote_start(line: str, n: int, column: int, file: str) -> Problem | None:
    """`- "十四五"规划…`: the opening quote makes YAML read `"十四五"` as the whole text."""
    m = _VALUE_START.match(line)
    if not m:
        return None
    quote, start = m.group(2), m.end() - 1
    close = line.find(_CLOSING.get(quote, quote), start + 1)
    if close < 0 or close >= column or not line[close + 1:].strip():
        return None
    value = line[start:].rstrip()
    shown = value if len(value) <= 20 else value[:20] + "…"
    if quote in _CLOSING:
        return Problem(
            f"这一行的文字以“{quote}”开头（{shown}）：YAML 把“{quote}…{_CLOSING[quote]}”读作"
            f"{'列表' if quote == '[' else '键值表'}，后面的文字就接不上了；如果这是正文，请给整段文字加引号，"
            f"如 '{value[:12]}…'，或改用中文括号“【】”",
            Origin(file, n + 1, start + 1))
    other = "'" if quote == '"' else '"'
    return Problem(
        f"这一行的文字以引号开头（{shown}）：YAML 把开头的引号当作整段文字的引号，"
        f"引号后面的文字就接不上了；请给整段文字再加一层{'单' if other == chr(39) else '双'}引号，"
        f"如 {other}{value[:12]}…{other}，或改用中文引号“”",
        Origin(file, n + 1, start + 1))


# Characters YAML reads as a line end (U+2028, U+2029, U+0085) or, at a line's start, as a
# stray mark (U+FEFF): invisible in an editor, they shift every line and indent after them.
_YAML_MARKS = {
    "\u2028": ("行分隔符", "LINE SEPARATOR"),
    "\u2029": ("段分隔符", "PARAGRAPH SEPARATOR"),
    "\x85": ("下一行符", "NEL"),
    "\ufeff": ("字节顺序标记", "BOM"),
}
_MARK = re.compile("[\u2028\u2029\x85]|^[ \t]*\ufeff", re.MULTILINE)


def invisible_breaks(text: str, file: str) -> list[Problem]:
    """Every character YAML would read as a line end, or a BOM where it changes the indent or
    a key, at its own line and column (lines counted as editors count them, at "\\n")."""
    problems = []
    for m in _MARK.finditer(text):
        ch, at = m.group()[-1], m.end() - 1
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        name, english = _YAML_MARKS[ch]
        effect = ("YAML 把它当作换行，这一行和后面各行会被读错" if ch != "\ufeff" else
                  "YAML 把它当作一个字，这一行的缩进或键会被读错")
        problems.append(Problem(
            f"这里有一个看不见的“{name}”（U+{ord(ch):04X} {english}，常见于从网页、Word 或微信粘贴的文字）：{effect}。"
            "请在编辑器中把光标移到这里删除它" + ("（要分段请另起一项“- ”）" if ch != "\ufeff" else ""),
            Origin(file, line, column)))
    return problems
