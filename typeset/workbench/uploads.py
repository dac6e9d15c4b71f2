"""Contributions and pictures sent from the browser.

    POST …/contribution           a Word/office/text file (multipart, field `file`) or pasted
                                  text → what `typeset add` read, cleaned as it cleans (unless
                                  `keep_text`), what it leaves out; kept under a token, nothing written
    POST …/contribution/confirm   the kept contribution added by `typeset add`'s code, committed
    POST …/picture                a PNG or JPEG → issues/images/<issue>-<n>.<ext> (a new name)

An upload is read from a temporary file of its own; its name is used only for messages
and to tell an office file by its extension. No name from a request becomes a path.
"""

from __future__ import annotations

import io
import re
import secrets
import tempfile
import time
import zipfile
from collections import OrderedDict
from pathlib import Path, PurePath
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from ..errors import TypesetError
from .document import as_json
from .http import BadRequest, answer, body, inside, text_field, user

MAX_CONTRIBUTION = 50_000_000  # a Word file with photos is a few MB
MAX_PICTURE = 20_000_000
KEPT = 32  # contributions waiting for their confirmation
KEPT_SECONDS = 3600
SUFFIXES = (".docx", ".doc", ".wps", ".wpt", ".dot", ".rtf", ".odt", ".docm", ".dotx", ".wri", ".txt")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


async def _form(request: Request, limit: int) -> tuple[UploadFile, dict[str, str]]:
    from starlette.exceptions import HTTPException
    from starlette.formparsers import MultiPartException

    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise BadRequest("上传的请求缺少长度（Content-Length）：请用工作台页面上传")
    if int(length) > limit:
        raise BadRequest(f"文件过大（{int(length) / 1_000_000:.0f} MB，上限 {limit // 1_000_000} MB）："
                         "请检查是否选错了文件")
    try:
        form = await request.form(max_files=1, max_fields=8)
    except (MultiPartException, HTTPException, ValueError, KeyError, AssertionError):
        raise BadRequest("上传的内容无法读取：请重新选择文件上传") from None
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise BadRequest("上传的内容中没有文件（表单项 file）：请选择文件后再上传")
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return upload, fields


def _name(upload: UploadFile) -> str:
    """The file's own name as the editor chose it, for messages only."""
    name = PurePath((upload.filename or "").replace("\\", "/")).name
    return re.sub(r"[\x00-\x1f\x7f]", "", name)[:120] or "上传的文件"


async def contribution(wb: Any, request: Request) -> Response:
    path = await wb.thread(wb.path_of, request.path_params["target"])
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        upload, fields = await _form(request, MAX_CONTRIBUTION)
        name = _name(upload)
        suffix = PurePath(name).suffix.lower()
        if suffix not in SUFFIXES:
            raise BadRequest(f"“{name}”不是可以加入的来稿：请上传 Word 文件（.docx、.doc、.wps）、.rtf、.odt "
                             "或文字文件（.txt），或把文字粘贴进来")
        raw = await upload.read()
        section = fields.get("section", "")
        keep = fields.get("keep_text", "").strip().lower() in ("1", "true", "on", "yes")
        read = await wb.thread(_read_file, raw, suffix, name)
    else:
        data = await body(request)
        text = text_field(data, "text")
        section = text_field(data, "section", required=False)
        keep = data.get("keep_text") is True
        if not text.strip():
            raise BadRequest("没有粘贴文字：请把来稿粘贴进来（第一行是标题）")
        name = "粘贴的文字"
        read = await wb.thread(_read_text, text)
    found, notes = read
    corrected = 0 if keep else await wb.thread(_tidy, wb, found, notes)
    preview = await wb.thread(_dry_run, wb, path, found, section)
    token = secrets.token_urlsafe(16)
    kept: OrderedDict[str, Any] = wb.contributions
    now = time.monotonic()
    for old in [k for k, v in kept.items() if now - v[3] > KEPT_SECONDS]:
        del kept[old]
    kept[token] = (path, found, name, now)
    while len(kept) > KEPT:
        kept.popitem(last=False)
    return answer({"token": token, "name": name, "read": _described(found), **preview, "corrected": corrected,
                   "keep_text": keep, "notes": notes + [n.message for n in found.notes]})


def _tidy(wb: Any, found: Any, notes: list[str]) -> int:
    """`found` cleaned in place as `typeset add` cleans it (unless --keep-text); what was
    corrected is noted first."""
    from ..contributions.cleanup import tidy

    tidied = tidy(found, wb.preferred())
    if tidied.corrected:
        notes.insert(0, f"已改正 {tidied.corrected} 处标点（半角标点、引号、省略号、破折号、多余空格、全角数字；"
                        "要保留来稿原样，请选择保留原文后重新加入）")
    return tidied.corrected


def _read_file(raw: bytes, suffix: str, name: str) -> tuple[Any, list[str]]:
    from ..contributions import read

    with tempfile.TemporaryDirectory(prefix="typeset-upload-") as tmp:
        temp = Path(tmp) / f"来稿{suffix}"
        temp.write_bytes(raw)
        try:
            found = read(str(temp))
        except TypesetError as err:
            raise TypesetError([_renamed(p, str(temp), name) for p in err.problems]) from None
    found.source_name = name
    found.notes[:] = [_renamed(n, str(temp), name) for n in found.notes]
    return found, _word_notes(raw)


def _read_text(text: str) -> tuple[Any, list[str]]:
    from ..contributions.shape import shape
    from ..contributions.text_source import read_text

    return shape(read_text(text), "粘贴的文字"), []


def _renamed(item: Any, temp: str, name: str) -> Any:
    from dataclasses import replace

    return replace(item, message=item.message.replace(temp, name))


def _word_notes(raw: bytes) -> list[str]:
    """What a Word file holds that is not added as text: comments and deleted tracked changes
    (inserted ones are added, as if accepted)."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = set(z.namelist())
            document = etree.fromstring(z.read("word/document.xml")) if "word/document.xml" in names else None
            comments = etree.fromstring(z.read("word/comments.xml")) if "word/comments.xml" in names else None
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError):
        return []
    notes = []
    if comments is not None and (n := len(comments.findall(f"{_W}comment"))):
        notes.append(f"文中有 {n} 条批注，没有加入")
    if document is not None:
        deleted = len(document.findall(f".//{_W}del"))
        inserted = len(document.findall(f".//{_W}ins"))
        if deleted:
            notes.append(f"文中有 {deleted} 处修订删除的文字，没有加入（按接受修订处理）")
        if inserted:
            notes.append(f"文中有 {inserted} 处修订插入的文字，已作为正文加入（按接受修订处理）")
    return notes


def _described(found: Any) -> dict[str, Any]:
    from ..contributions.model import Para

    paragraphs: list[dict[str, Any]] = []
    pictures: list[dict[str, Any]] = []
    for item in found.body:
        if isinstance(item, Para):
            paragraphs.append({"text": item.text, "level": item.level})
        else:
            pictures.append({"caption": item.caption, "format": item.image.format, "after": len(paragraphs),
                             "place": item.place, "bytes": len(item.image.data)})
    return {"title": list(found.title), "paragraphs": paragraphs, "source": found.source, "pictures": pictures}


def _dry_run(wb: Any, path: Path, found: Any, section: str) -> dict[str, Any]:
    """Where `typeset add --dry-run` would put it, the lines it would add, what a check would report."""
    from ..contributions.add import add

    added = add(path, found, wb.project, section.strip() or None, dry_run=True)
    return {"section": added.edit.section, "new_section": added.edit.new_section,
            "position": added.edit.position, "yaml": added.edit.added,
            "problems": [as_json(p) for p in added.problems]}


async def confirm(wb: Any, request: Request) -> Response:
    data = await body(request)
    token, base = text_field(data, "token"), text_field(data, "base")
    section = text_field(data, "section", required=False)
    path = await wb.thread(wb.path_of, request.path_params["target"])
    kept = wb.contributions
    if token not in kept or kept[token][0] != path:
        raise BadRequest("这份来稿已过期或不属于这一期：请重新加入来稿")
    _, found, name, _ = kept[token]

    def write() -> None:
        from ..contributions.add import add

        add(path, found, wb.project, section.strip() or None)

    title = "".join(found.title)
    saved = await wb.thread(wb.saver.written, path, base, write, user(request), f"加入来稿《{title}》（{name}）")
    kept.pop(token, None)
    return wb.saved(path, saved)


async def picture(wb: Any, request: Request) -> Response:
    path = await wb.thread(wb.path_of, request.path_params["target"])
    upload, _ = await _form(request, MAX_PICTURE)
    raw = await upload.read()
    return answer({"image": await wb.thread(_store_picture, wb, path, raw, _name(upload))})


def _store_picture(wb: Any, path: Path, raw: bytes, name: str) -> str:
    from PIL import Image as Pil

    from ..contributions.add import PICTURES, picture_names, write_picture
    from ..contributions.model import Contribution, Image, Picture

    try:
        with Pil.open(io.BytesIO(raw)) as im:
            kind = im.format
            im.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a file that is not a picture
        kind = None
    if kind not in ("PNG", "JPEG"):
        raise TypesetError(f"“{name}”不是 PNG 或 JPEG 图片：请在画图或其他软件中另存为 .jpg 或 .png 后再上传")
    one = Contribution(name, (), [Picture(Image(raw, kind))])
    folder = wb.project.issues / PICTURES
    if (folder.exists() or folder.is_symlink()) and not inside(folder, wb.project.issues):
        raise TypesetError(f"图片文件夹 {PICTURES} 链接到系列文件夹以外，没有保存图片：请把它换成普通文件夹")
    with wb.saver.lock:
        rel = picture_names(wb.project.issues / PICTURES, path.stem, one)[0]
        write_picture(wb.project.issues / rel, one.body[0])  # type: ignore[arg-type]
    return rel
