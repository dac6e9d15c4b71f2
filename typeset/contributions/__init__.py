"""Contributions: a Word file, an older office file, plain text or pasted text → an article
added to an issue file (`typeset add`).

    read(source, stdin) → Contribution         docx_source / office / text_source, then shape
    add(target_path, contribution, …) → Added  pictures written, the issue file edited (add.py)

A file is read by what it is, not by its name: a ZIP package with word/document.xml is
a .docx; an OLE compound file (.doc, .wps), RTF or any other package (.odt) goes through
LibreOffice first; anything else is plain text. Every file is untrusted (untrusted.py):
sizes unpacked, passwords and links are looked at before it is read.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import BinaryIO

from ..errors import TypesetError
from .model import Contribution
from .shape import shape
from .text_source import decode, read_text
from .untrusted import check_ole, check_package

STDIN = "-"
MAX_BYTES = 100_000_000  # a Word file with photos is a few MB
OFFICE = (".doc", ".wps", ".wpt", ".dot", ".rtf", ".odt", ".docm", ".dotx", ".wri")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read(source: str, stdin: BinaryIO | None = None) -> Contribution:
    """The contribution in file `source`, or on standard input when `source` is "-"."""
    from .docx_source import read_docx

    if source == STDIN:
        raw = stdin.read(MAX_BYTES + 1) if stdin is not None else b""
        text = decode(raw, "标准输入")
        if not text.strip():
            raise TypesetError("标准输入中没有文字：请把来稿粘贴进来，最后按 Ctrl+D（Windows 上按 Ctrl+Z 再回车）")
        return shape(read_text(text), "标准输入")
    path = Path(source)
    if not path.is_file():
        raise TypesetError(f"找不到来稿文件 {source}" if not path.exists() else f"{source} 不是文件")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise TypesetError(f"{source} 过大（{size / 1_000_000:.0f} MB）：请检查是否选错了文件")
    with path.open("rb") as f:
        head = f.read(8)
    kind = _kind(path, head, source)
    if kind == "docx":
        return shape(read_docx(path, source), source)
    if kind == "office":
        from .office import to_docx

        if head.startswith(_OLE):
            check_ole(path, source)
        with tempfile.TemporaryDirectory(prefix="typeset-add-") as tmp:
            converted = to_docx(path, source, Path(tmp))
            check_package(converted, source)
            return shape(read_docx(converted, source), source)
    return shape(read_text(decode(path.read_bytes(), source)), source)


def _kind(path: Path, head: bytes, shown: str) -> str:
    if head.startswith(b"PK"):
        check_package(path, shown)
        with zipfile.ZipFile(path) as z:
            if "word/document.xml" in z.namelist():
                return "docx"
        return "office"
    if head.startswith(_OLE) or head.startswith(b"{\\rtf") or path.suffix.lower() in OFFICE:
        return "office"
    if path.suffix.lower() in (".docx", ".docm", ".dotx", ".dotm", ".odt"):
        raise TypesetError(f"{shown} 已损坏或不是 Word 文件（扩展名是 {path.suffix}，内容却不是 Word 的格式）："
                           "请在 Word/WPS 中打开它，另存为 .docx 后再加入")
    return "text"


__all__ = ["read", "Contribution", "STDIN"]
