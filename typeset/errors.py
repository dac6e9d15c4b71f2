"""Errors for editors: located, in Chinese, never a traceback."""

from __future__ import annotations

import errno
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .model import Origin


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, where it stands and what to do."""

    message: str
    origin: Origin | None = None
    field: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        what = ""
        if self.field:
            words = place_in_words(self.field)
            what = f"{words}（{self.field}）：" if words else f"{self.field}："
        kind = "警告" if self.warning else "错误"
        return visible(f"{where}{kind}：{what}{self.message}")

    def as_json(self) -> dict[str, Any]:
        """The problem as JSON data (a build handed over to `typeset serve` answers with it)."""
        o = self.origin
        return {"message": self.message, "field": self.field, "warning": self.warning,
                "origin": [o.file, o.line, o.column] if o else None}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Problem:
        """The problem as_json() gave."""
        o = d.get("origin")
        return cls(d["message"], Origin(o[0], o[1], o[2]) if o else None, d.get("field", ""),
                   bool(d.get("warning")))


class TypesetError(Exception):
    """Raised with one or more problems; the CLI prints them and exits non-zero."""

    def __init__(self, problems: list[Problem] | Problem | str, origin: Origin | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems, origin)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self) -> tuple:  # pickled with its problems (an error sent from another process)
        return (type(self), (self.problems,))


class InternalError(Exception):
    """A stage broke its contract with the next (never the author's input): the CLI
    reports it as an internal error, and tests catch it."""


def visible(text: str) -> str:
    """Text safe to print on a terminal: control, format and non-characters (an escape
    sequence, a bidi override, U+FFFE) are shown as <U+001B> instead of acting."""
    if text.isprintable():
        return text
    return "".join(f"<U+{ord(ch):04X}>" if _hidden(ch) else ch for ch in text)


def _hidden(ch: str) -> bool:
    if ch == "\n":
        return False
    o = ord(ch)
    return (unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")
            or 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE)


# The place a field path names, as the editor counts (1-based, as the paths are).
_ITEMS = {"sections": "第{}个栏目", "articles": "第{}篇文章", "paragraphs": "第{}段", "title": "标题第{}行",
          "add": "增加的第{}项", "remove": "删去的第{}项", "to_superiors": "“报”的第{}项",
          "to_peers": "“送”的第{}项", "to_subordinates": "“发”的第{}项"}
KEY_NAMES = {"name": "栏目名", "title": "标题", "source": "来源", "text": "文字", "level": "小标题层级",
         "image": "图片", "caption": "图题", "width": "图片宽度", "colophon": "版记", "copies": "共印份数",
         "printer": "印发机关", "print_date": "印发日期", "disclosure": "信息公开选项",
         "to_superiors": "“报”", "to_peers": "“送”", "to_subordinates": "“发”", "add": "增加",
         "remove": "删去", "date": "出刊日期", "number": "期号", "total": "总期号", "mark": "报头标记",
         "supplement": "增刊", "composition": "排版设置", "layout": "版式设置", "sections": "栏目",
         "articles": "文章", "paragraphs": "正文", "anchor": "锚点"}
_PART = re.compile(r"\.?([^\W\d]\w*)((?:\[\d+\])*)")


def place_in_words(field: str) -> str:
    """sections[2].articles[1].paragraphs[2].image → 第2个栏目第1篇文章第2段的图片; "" when
    the path holds a key this table does not know."""
    words: list[str] = []
    pos = 0
    while pos < len(field):
        m = _PART.match(field, pos)
        if words and field[pos] == "." and (not m or m.end() < len(field) and field[m.end()] not in ".["):
            return "".join(words) + f"的“{field[pos + 1:]}”"  # a key the editor wrote, of any characters
        if not m or m.start() != pos:
            return ""
        key, indexes = m.group(1), [int(i) for i in re.findall(r"\d+", m.group(2))]
        if indexes:
            if key not in _ITEMS or len(indexes) > 1:
                return ""
            words.append(_ITEMS[key].format(indexes[0]))
        elif key in KEY_NAMES:
            words.append(("的" if words else "") + KEY_NAMES[key])
        elif words and m.end() == len(field):
            words.append(f"的“{key}”")  # a key the editor wrote, unknown to the schema
        else:
            return ""
        pos = m.end()
    return "".join(words)


_REASONS = {
    errno.ENOSPC: "磁盘已满", errno.EDQUOT: "超出磁盘配额", errno.EFBIG: "文件超过系统允许的大小",
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EROFS: "磁盘是只读的",
    errno.ENOENT: "文件或文件夹不存在", errno.ENOTDIR: "路径中有一项是文件，不是文件夹",
    errno.EISDIR: "这是文件夹，不是文件", errno.EEXIST: "已有同名的文件", errno.EIO: "磁盘读写出错",
    errno.ENAMETOOLONG: "文件名太长", errno.EMFILE: "打开的文件太多", errno.ENFILE: "打开的文件太多",
    errno.EBUSY: "文件正被占用", errno.EXDEV: "不能跨磁盘移动文件", errno.ENOTEMPTY: "文件夹不是空的",
    errno.ELOOP: "快捷方式（符号链接）层层相连，无法打开", errno.ETXTBSY: "文件正被运行，无法改写",
    errno.ENXIO: "设备不存在", errno.ENODEV: "设备不存在", errno.EINVAL: "参数无效",
    errno.EAGAIN: "资源暂时不可用，请稍后再试", errno.ENOMEM: "内存不足", errno.EPIPE: "输出已被关闭",
    errno.ETIMEDOUT: "超时", errno.ESTALE: "网络文件已失效，请重新打开文件夹",
    errno.ECONNREFUSED: "连接被拒绝", errno.EADDRINUSE: "端口已被占用", errno.EADDRNOTAVAIL: "地址不可用",
    errno.ENOSYS: "系统不支持这项操作", errno.EOPNOTSUPP: "系统不支持这项操作",
}


def system_reason(err: OSError) -> str:
    """The system's reason in Chinese; an error without a Chinese wording gives its error number."""
    words = _REASONS.get(err.errno or 0)
    if words:
        return words
    code = errno.errorcode.get(err.errno or 0)
    return f"系统错误（错误码 {code}）" if code else "系统错误"
