"""What an upload may be is told by its content, not its name."""

from __future__ import annotations

import io
import zipfile

import pytest

from typeset.errors import TypesetError
from typeset.serve.security import upload_kind


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def test_kinds_are_told_by_their_first_bytes():
    assert upload_kind(b"\x89PNG\r\n\x1a\n" + b"0" * 20, "图.png", ("png", "jpeg")) == "png"
    assert upload_kind(b"\xff\xd8\xff\xe0" + b"0" * 20, "照片 1.JPG", ("png", "jpeg")) == "jpeg"
    assert upload_kind(_docx(), "来稿.docx", ("docx", "doc", "text")) == "docx"
    assert upload_kind("来稿正文\r\n第二段".encode("gbk"), "来稿.txt", ("docx", "text")) == "text"
    assert upload_kind("\ufeff来稿正文".encode(), "来稿.txt", ("text",)) == "text"


@pytest.mark.parametrize("data, name", [
    (b"<svg onload=alert(1)>", "图.png"),  # a script named as a picture
    (b"MZ\x90\x00\x03", "来稿.docx"),  # a program named as a document
    (b"\x89PNG\r\n\x1a\n", "图.txt"),
])
def test_anything_else_is_refused_in_chinese(data, name):
    with pytest.raises(TypesetError) as err:
        upload_kind(data, name, ("png", "jpeg") if name.endswith("png") else ("docx", "text"))
    assert name in str(err.value) and "只接受" in str(err.value)
