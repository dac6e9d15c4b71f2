"""YAML text → plain data with the location of every value.

Loads with PyYAML's safe composer only (no tag constructs an object), turns
dates back into their text so the schema checks them, and refuses files that
are too large, not UTF-8, nested too deeply, or that expand anchors beyond a
fixed budget. Text values are cleaned: invisible format characters pasted
from web pages (U+200B, U+FEFF, bidi controls …) are dropped, a tab becomes a
space, line breaks inside a value are joined; control characters, lone
surrogates, numbers too long to read and NaN/infinity are refused with their
location.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, TypesetError, system_reason
from ..model import Origin
from . import pasted

MAX_BYTES = 1_000_000  # an issue is a few tens of KB; 1 MB is far beyond any real one
MAX_NODES = 100_000  # values after alias expansion (stops "billion laughs")
MAX_DEPTH = 50  # nesting of lists and tables; a real issue needs about 8
MAX_DIGITS = 30  # an integer longer than this is a mistake (and Python refuses 4300+)

Path_ = tuple[str | int, ...]

_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")  # an integer as editors write one

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": bool,
    "tag:yaml.org,2002:null": type(None),
    "tag:yaml.org,2002:timestamp": str,
}


@dataclass
class Located:
    """Parsed data and a map from each value's path to where it stands."""

    data: Any
    file: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    written: dict[Path_, str] = field(default_factory=dict)  # a number or true/false as typed
    text: str = field(default="", repr=False)
    lines: list[str] = field(default_factory=list, repr=False)

    def origin(self, path: Path_, key: bool = False) -> Origin:
        """Where the value (or, with key=True, its key) at path stands; else its nearest parent."""
        table = self.keys if key else self.values
        p = tuple(path)
        name = _field(p)
        while p:
            if p in table:
                return Origin(self.file, *table[p], name)
            if not key and p in self.keys:
                return Origin(self.file, *self.keys[p], name)
            p = p[:-1]
        line, col = self.values.get((), (1, 1))
        return Origin(self.file, line, col, name)


def _field(path: tuple) -> str:
    """sections[1].articles[2].source: the field as messages name it (1-based)."""
    parts: list[str] = []
    for p in path:
        parts.append(f"[{p + 1}]" if isinstance(p, int) else ("." if parts else "") + str(p))
    return "".join(parts)


def read_text(path: Path, shown: str) -> str:
    """Read a file as UTF-8 with clear messages for the usual mistakes."""
    try:
        if not path.is_file():
            if path.exists():
                raise TypesetError(f"{shown} 不是普通文件（是文件夹或设备），请给出 YAML 文件的路径")
            raise TypesetError(f"找不到文件 {shown}")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TypesetError(
                f"文件过大（{size / 1_000_000:.1f} MB，上限 {MAX_BYTES / 1_000_000:g} MB）；"
                "一期简报通常只有几十 KB，请检查是否误放了其他文件",
                Origin(shown),
            )
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as err:
        raise TypesetError(f"无法读取文件 {shown}：{system_reason(err)}") from None
    if len(raw) > MAX_BYTES:
        raise TypesetError(f"文件过大（超过 {MAX_BYTES / 1_000_000:g} MB），请检查是否误放了其他文件",
                           Origin(shown))
    return _decoded(raw, shown)


def _decoded(raw: bytes, shown: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TypesetError(Problem("文件是 UTF-16 编码（记事本的“Unicode”），请在编辑器中另存为 UTF-8",
                                   Origin(shown, 1, 1)))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        start = raw.rfind(b"\n", 0, err.start) + 1
        line = raw[: err.start].count(b"\n") + 1
        col = len(raw[start : err.start].decode("utf-8", errors="replace")) + 1
        gbk = _as_gbk(raw, err.start)
        if gbk:
            hint = (f"：从这里起的“{gbk}”看起来是 GBK/GB2312 编码（常见于从旧文件粘贴的文字）；"
                    "请在编辑器中把文件另存为 UTF-8 编码（或把这段文字重新输入）")
        else:
            hint = "；请在编辑器中把文件另存为 UTF-8 编码"
        raise TypesetError(
            Problem(f"文件不是 UTF-8 编码{hint}", Origin(shown, line, col))
        ) from None


def _as_gbk(raw: bytes, start: int) -> str:
    """The text of the non-UTF-8 bytes at `start` read as GBK (GB18030), up to where plain
    UTF-8 text resumes on that line; "" if they are not GBK."""
    eol = raw.find(b"\n", start)
    eol = len(raw) if eol < 0 else eol
    for stop in range(start + 2, min(eol, start + 120) + 1):
        try:
            text = raw[start:stop].decode("gb18030")
            rest = raw[stop:eol].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if (all(ch.isascii() or _chinese(ch) for ch in text + rest)
                and not text[0].isascii() and not text[-1].isascii()):
            return text[:12]
    return ""


def _chinese(text: str) -> bool:
    """Only Chinese characters and the marks of Chinese text."""
    return all("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
               or "\u2010" <= ch <= "\u2027" for ch in text)


def load(path: Path, shown: str | None = None) -> Located:
    """Parse one YAML file into Located data; raise TypesetError with its location."""
    shown = shown or str(path)
    return _parsed(read_text(path, shown), shown)


def load_text(text: str, shown: str) -> Located:
    """`text` parsed as load() parses a file named `shown` holding it (UTF-8): the same data,
    problems and messages, with no file written or read."""
    return load_raw(text.encode("utf-8"), shown)


def load_raw(raw: bytes, shown: str) -> Located:
    """The bytes of a regular file named `shown`, parsed as load() parses that file."""
    if len(raw) > MAX_BYTES:
        raise TypesetError(
            f"文件过大（{len(raw) / 1_000_000:.1f} MB，上限 {MAX_BYTES / 1_000_000:g} MB）；"
            "一期简报通常只有几十 KB，请检查是否误放了其他文件",
            Origin(shown),
        )
    return _parsed(_decoded(raw, shown), shown)


def _parsed(text: str, shown: str) -> Located:
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise TypesetError(Problem(f"文件是空的（没有任何内容，或只有注释），{_fill(shown)}", Origin(shown, 1, 1)))
    marks = pasted.invisible_breaks(text, shown)
    if marks:
        raise TypesetError(marks)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        if err.context_mark and any(w in (err.context or "") for w in ("quoted scalar", "alias", "flow ")):
            mark = err.context_mark  # where the quote, alias or bracket begins, not where reading failed
        origin = Origin(shown, mark.line + 1, mark.column + 1) if mark else Origin(shown)
        explained = pasted.diagnose(text, err, shown)
        raise TypesetError(explained or Problem(_yaml_message(err) + _comment_hint(text, mark), origin)) from None
    except yaml.reader.ReaderError as err:
        raise TypesetError(Problem(_reader_message(err), _position(text, shown, err.position))) from None
    except yaml.YAMLError:
        raise TypesetError(Problem("YAML 格式错误，请检查文件的写法（缩进、冒号和引号）", Origin(shown))) from None
    except _Refused as err:
        raise TypesetError(Problem(err.args[0], Origin(shown, err.mark.line + 1, err.mark.column + 1))) from None
    except RecursionError:
        raise TypesetError(Problem(
            "文件的层次嵌套过深（列表或键值表套了几千层），一期简报最多需要约十层；请检查是否多写了“[”或“{”",
            Origin(shown, 1, 1))) from None
    if node is None:
        raise TypesetError(Problem(f"文件是空的（没有任何内容，或只有注释），{_fill(shown)}", Origin(shown, 1, 1)))
    located = Located(None, shown, text=text, lines=text.split("\n"))
    budget = [MAX_NODES]
    located.data = _build(node, (), located, budget)
    return located


def _fill(shown: str) -> str:
    if Path(shown).name == "series.yaml":
        return "请写入系列的设置（报头名称 title、编发机关 office 等；typeset init 可写出一份完整的 series.yaml）"
    return "请写入这一期的内容"


class _Refused(Exception):
    """A YAML construct that would silently drop an editor's text, with where it stands."""

    def __init__(self, message: str, mark: Any) -> None:  # yaml's Mark (pure or C), never None here
        super().__init__(message)
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing an anchor (`&a`) or an explicit tag (`!`, `!!str`) on a text:
    YAML reads `- &a 文字` as the text 文字 named a, so the `&a ` an author typed would vanish."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                raise _Refused(
                    f"“&{event.anchor}”在 YAML 中表示锚点（给这一项起名，供“*{event.anchor}”引用），"
                    f"不会印出；如果这是正文里的字符，请给整段文字加引号，如 '&{event.anchor} {event.value[:10]}'",
                    event.start_mark)
            if event.tag is not None:
                raise _Refused(_tag_message(event.tag) if event.tag != "!" else
                               "“!”在 YAML 中表示标签，不会印出；如果这是正文里的字符，请给整段文字加引号，"
                               f"如 '! {event.value[:10]}'", event.start_mark)
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


def _comment_hint(text: str, mark: yaml.Mark | None) -> str:
    """A hashtag inside a flow collection ({text: 开展 #话题# 活动}) cuts off its closing bracket."""
    if mark is None:
        return ""
    lines = text.split("\n")
    for n in range(max(0, mark.line - 3), min(mark.line + 1, len(lines))):
        line = lines[n]
        body = line.lstrip(" \t")
        if " #" in body and not body.startswith("#") and ("{" in body or "[" in body):
            return (f"；第 {n + 1} 行的“ #”之后被 YAML 当作注释，连同后面的括号一起被略去了："
                    "如果那是正文，请给这段文字加引号")
    return ""


def _position(text: str, shown: str, position: int) -> Origin:
    before = text[:position]
    return Origin(shown, before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1)


def _reader_message(err: yaml.reader.ReaderError) -> str:
    char = err.character
    code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
    if isinstance(char, int) and noncharacter(chr(char)):
        return f"文件含有非字符 {code}（不是任何文字，无法排印，常见于损坏的文件），请删除这个字符后重新保存"
    return (f"文件含有不可见的控制字符 {code}（常见于从网页或 Word 粘贴的文字），"
            "请删除这个字符后重新保存")


def _yaml_message(err: yaml.MarkedYAMLError) -> str:
    problem = (err.problem or "").lower()
    context = (err.context or "").lower()
    if "\\t" in problem or "tab" in problem:
        return "YAML 格式错误：行首不能用制表符（Tab）缩进，请改用空格"
    if "found unexpected end of stream" in problem or "quoted scalar" in context:
        if "unknown escape" in problem:
            return ("YAML 格式错误：双引号里的反斜杠“\\”后跟了不认识的字符；"
                    "请改用单引号，或把“\\”写成“\\\\”")
        return "YAML 格式错误：引号没有闭合，请检查这一行的引号是否成对"
    if "expected a single document" in context or "another document" in problem:
        return "YAML 格式错误：一个文件只能写一期（只能有一个 YAML 文档），请删去多余的“---”及其后的内容"
    if "mapping values are not allowed" in problem:
        return "YAML 格式错误：此处不能出现冒号“:”；如果文字里有半角冒号，请给整段文字加引号，或缩进有误"
    if "could not find expected ':'" in problem:
        return "YAML 格式错误：这一行缺少“键: 值”中的冒号，或上一行的文字换行后缩进不对；请检查缩进和冒号"
    if "flow sequence" in context:
        return "YAML 格式错误：方括号“[”没有闭合，或其中的项没有用逗号分开"
    if "flow mapping" in context:
        return "YAML 格式错误：花括号“{”没有闭合，或其中的项没有用逗号分开"
    if "did not find expected key" in problem or "expected <block end>" in problem or "document start" in problem:
        return "YAML 格式错误：缩进不一致，请检查这一行与上一行的缩进（同一层的键必须左对齐，用空格缩进）"
    if "block collection" in context or "block mapping" in context:
        return "YAML 格式错误：缩进不一致，或列表项“- ”与键值“键: 值”混在同一层；请检查这一行的缩进"
    if "found character" in problem and "cannot start any token" in problem:
        return "YAML 格式错误：这一行以 YAML 的特殊字符开头（如 @ ` %），请给整段文字加引号"
    if "tag" in context:
        return ("YAML 格式错误：文字以“!”开头，YAML 把“!”当作标签；如果这是正文里的字符，"
                "请给整段文字加引号，如 '!重要 通知'")
    if "block scalar" in context:
        return ("YAML 格式错误：“|”或“>”在 YAML 中表示多行文字块的开始，同一行后面不能再写文字；"
                "如果这是正文里的字符，请给整段文字加引号，如 '> 引用的话'")
    if "expected the node content" in problem:
        return ("YAML 格式错误：这一行的文字以 YAML 的特殊字符（如 , ] }）开头；"
                "如果这是正文里的字符，请给整段文字加引号")
    if "alias" in context or "anchor" in context:
        return ("YAML 格式错误：“*”或“&”在 YAML 中表示锚点和引用；如果这是正文里的字符，"
                "请给整段文字加引号")
    if "found undefined alias" in problem:
        return "YAML 格式错误：引用了未定义的锚点（*别名）；请删去“*”或先用“&”定义它"
    if "duplicate" in problem:
        return "YAML 格式错误：同一个键写了两次"
    return ("YAML 格式错误：请检查这一行的缩进、冒号和引号；如果这一行的文字以符号开头，"
            "请给整段文字加引号")



def _build(node: yaml.Node, path: Path_, out: Located, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise TypesetError(
            Problem("文件展开后过大（锚点“&”与别名“*”层层引用，展开后超过十万项），已拒绝处理；"
                    "请不要用锚点复制大段内容", out.origin(path))
        )
    if len(path) > MAX_DEPTH:
        raise TypesetError(Problem(
            f"层次嵌套过深（超过 {MAX_DEPTH} 层），一期简报最多需要约十层；请检查缩进和括号",
            _origin(out.file, node)))
    mark = node.start_mark
    out.values[path] = (mark.line + 1, mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        if node.tag not in ("tag:yaml.org,2002:map",):
            raise TypesetError(Problem(_tag_message(node.tag), _origin(out.file, node)))
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise TypesetError(
                    Problem("不支持这种写法的键（只能是普通文字，不能用“<<”合并或“? ”复杂键）",
                            _origin(out.file, key_node))
                )
            key = clean_text(str(key_node.value), _origin(out.file, key_node), key=True)
            if key in result:
                raise TypesetError(
                    Problem(f"键“{key}”写了两次，请删去或合并其中一个", _origin(out.file, key_node))
                )
            out.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(value_node, path + (key,), out, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise TypesetError(Problem(_tag_message(node.tag), _origin(out.file, node)))
        return [_build(item, path + (i,), out, budget) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    kind = _PLAIN_TAGS.get(node.tag)
    if kind is type(None) and node.value == "":
        cut = pasted.comment_after_text(node, out.lines, out.file)
        if cut:
            raise TypesetError(cut)
    if kind is None:
        raise TypesetError(Problem(_tag_message(node.tag), _origin(out.file, node)))
    if kind is str:
        value = node.value
        problem = pasted.comment_after_text(node, out.lines, out.file)
        if problem is None and node.start_mark.line != node.end_mark.line:
            value, problem = pasted.fold_lines(node, out.text, out.file)
        if problem:
            raise TypesetError(problem)
        return clean_text(value, _origin(out.file, node), plain=not node.style)
    if kind is int and not _DECIMAL.fullmatch(node.value) or kind is float and ":" in node.value:
        return node.value  # 040, 0x28, 1:20, 4_0: kept as typed (YAML 1.1 would read 32, 40, 80, 40)
    if kind is int and len(node.value.replace("_", "").lstrip("+-")) > MAX_DIGITS:
        raise TypesetError(Problem(f"数字“{node.value[:20]}…”太长（超过 {MAX_DIGITS} 位），请检查这个数字是否写错",
                                   _origin(out.file, node)))
    out.written[path] = node.value
    value = yaml.SafeLoader.yaml_constructors[node.tag](_CONSTRUCTOR, node)
    if kind is float and not math.isfinite(value):
        raise TypesetError(Problem(f"“{node.value}”不是有限的数字，请写一个普通数字", _origin(out.file, node)))
    return value


def _tag_message(tag: str) -> str:
    short = tag.replace("tag:yaml.org,2002:", "!!")
    return (f"不支持 YAML 标签“{short}”：简报文件只能写文字、数字、列表和键值表；"
            "请删去“!”开头的标签（如果这是正文，请给整段文字加引号）")


# Invisible characters that pasted text brings along (zero-width spaces, BOMs,
# soft hyphens, bidi controls): dropped, they would print as blank cells or
# reorder the text without showing it.
def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf"


_BREAKS = re.compile(r"[ \t]*[\n\r\u2028\u2029\x85]+[ \t]*")


def noncharacter(ch: str) -> bool:
    """U+FDD0–U+FDEF and the last two code points of every plane: never text (and not XML)."""
    o = ord(ch)
    return 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE


def clean_text(text: str, origin: Origin, plain: bool = False, key: bool = False) -> str:
    """A text value (or key) as the engine sets it; refuse characters that cannot be printed.

    `plain`: the text stands as written on one line (no quotes), so a character's column
    is the value's column plus its index."""
    what = "键" if key else "文字"
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        if cat == "Cs":
            raise TypesetError(Problem(
                f"{what}中有无效的字符编码 U+{ord(ch):04X}（孤立的代理项），请删除它", _at(origin, text, i, plain)))
        if cat == "Cc" and ch not in "\t\n\r\x85":
            raise TypesetError(Problem(
                f"{what}中有不可见的控制字符 U+{ord(ch):04X}（常见于从网页或 Word 粘贴的文字，"
                "或双引号里的“\\”转义），请删除它", _at(origin, text, i, plain)))
        if noncharacter(ch):
            raise TypesetError(Problem(
                f"{what}中有非字符 U+{ord(ch):04X}（不是任何文字，无法排印，常见于损坏的文件或"
                "双引号里的“\\u”转义），请删除它", _at(origin, text, i, plain)))
    if any(_invisible(ch) for ch in text):
        text = "".join(ch for ch in text if not _invisible(ch))
    if "\t" in text:
        text = text.replace("\t", " ")
    return _BREAKS.sub(_join, text) if _BREAKS.search(text) else text


def _at(origin: Origin, text: str, i: int, plain: bool) -> Origin:
    if plain and origin.line and "\n" not in text[:i]:
        return Origin(origin.file, origin.line, origin.column + i)
    return origin


def _join(m: re.Match[str]) -> str:
    """A line break inside a value: nothing between Chinese text, a space between Latin words."""
    s, i, j = m.string, m.start(), m.end()
    if i == 0 or j == len(s):
        return ""
    return " " if s[i - 1].isascii() and s[j].isascii() else ""


_CONSTRUCTOR = yaml.SafeLoader("")


def _origin(file: str, node: yaml.Node) -> Origin:
    return Origin(file, node.start_mark.line + 1, node.start_mark.column + 1)
