"""YAML text → plain data with the location of every value.

Loads with PyYAML's safe composer only (no tag constructs an object), turns
dates back into their text so the schema checks them, and refuses files that
are too large, not UTF-8, or that expand anchors beyond a fixed budget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, TypesetError
from ..model import Origin

MAX_BYTES = 1_000_000  # an issue is a few tens of KB; 1 MB is far beyond any real one
MAX_NODES = 100_000  # values after alias expansion (stops "billion laughs")

Path_ = tuple[str | int, ...]

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

    def origin(self, path: Path_, key: bool = False) -> Origin:
        """Where the value (or, with key=True, its key) at path stands; else its nearest parent."""
        table = self.keys if key else self.values
        p = tuple(path)
        while p:
            if p in table:
                return Origin(self.file, *table[p])
            if not key and p in self.keys:
                return Origin(self.file, *self.keys[p])
            p = p[:-1]
        line, col = self.values.get((), (1, 1))
        return Origin(self.file, line, col)


def read_text(path: Path, shown: str) -> str:
    """Read a file as UTF-8 with clear messages for the usual mistakes."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise TypesetError(f"找不到文件 {shown}") from None
    except OSError as err:
        raise TypesetError(f"无法读取文件 {shown}：{err.strerror}") from None
    if size > MAX_BYTES:
        raise TypesetError(
            f"文件过大（{size // 1024} KB，上限 {MAX_BYTES // 1024} KB），请检查是否误放了其他文件",
            Origin(shown),
        )
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = "，看起来是 GBK/GB2312 编码（常见于从旧文件粘贴的文字）；请在编辑器中另存为 UTF-8"
        except UnicodeDecodeError:
            hint = "；请在编辑器中另存为 UTF-8"
        raise TypesetError(
            Problem(f"文件不是 UTF-8 编码{hint}", Origin(shown, line, col))
        ) from None


def load(path: Path, shown: str | None = None) -> Located:
    """Parse one YAML file into Located data; raise TypesetError with its location."""
    shown = shown or str(path)
    text = read_text(path, shown)
    if not text.strip():
        raise TypesetError(Problem("文件是空的", Origin(shown, 1, 1)))
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        origin = Origin(shown, mark.line + 1, mark.column + 1) if mark else Origin(shown)
        raise TypesetError(Problem(_yaml_message(err), origin)) from None
    except yaml.YAMLError as err:
        raise TypesetError(Problem(f"YAML 格式错误：{err}", Origin(shown))) from None
    if node is None:
        raise TypesetError(Problem("文件是空的", Origin(shown, 1, 1)))
    located = Located(None, shown)
    budget = [MAX_NODES]
    located.data = _build(node, (), located, budget)
    return located


def _yaml_message(err: yaml.MarkedYAMLError) -> str:
    problem = (err.problem or "").lower()
    context = (err.context or "").lower()
    if "\\t" in problem or "tab" in problem:
        return "YAML 格式错误：行首不能用制表符（Tab）缩进，请改用空格"
    if "found unexpected end of stream" in problem or "quoted scalar" in context:
        return "YAML 格式错误：引号没有闭合，请检查这一行的引号是否成对"
    if "mapping values are not allowed" in problem:
        return "YAML 格式错误：此处不能出现冒号“:”；如果文字里有半角冒号，请给整段文字加引号，或缩进有误"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return "YAML 格式错误：缩进不一致，请检查这一行与上一行的缩进"
    if "found character" in problem and "cannot start any token" in problem:
        return "YAML 格式错误：这一行以 YAML 的特殊字符开头（如 @ ` %），请给整段文字加引号"
    if "found undefined alias" in problem:
        return "YAML 格式错误：引用了未定义的锚点（*别名）"
    if "duplicate" in problem:
        return "YAML 格式错误：同一个键写了两次"
    return f"YAML 格式错误：{err.problem or err.context}"


def _build(node: yaml.Node, path: Path_, out: Located, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise TypesetError(
            Problem("文件展开后过大（锚点与别名嵌套过多），已拒绝处理", out.origin(path))
        )
    mark = node.start_mark
    out.values[path] = (mark.line + 1, mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise TypesetError(
                    Problem("不支持这种写法的键（只能是普通文字）", _origin(out.file, key_node))
                )
            key = str(key_node.value)
            if key in result:
                raise TypesetError(
                    Problem(f"键“{key}”写了两次", _origin(out.file, key_node))
                )
            out.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(value_node, path + (key,), out, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), out, budget) for i, item in enumerate(node.value)]
    kind = _PLAIN_TAGS.get(node.tag)
    if kind is None:
        raise TypesetError(Problem(f"不支持的 YAML 标签 {node.tag}", _origin(out.file, node)))
    if kind is str:
        return node.value
    return yaml.SafeLoader.yaml_constructors[node.tag](_CONSTRUCTOR, node)


_CONSTRUCTOR = yaml.SafeLoader("")


def _origin(file: str, node: yaml.Node) -> Origin:
    return Origin(file, node.start_mark.line + 1, node.start_mark.column + 1)
