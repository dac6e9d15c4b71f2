"""Hostile contribution files, made here (zipfile, lxml, a small OLE writer): a ZIP bomb,
too many parts, XML nested too deep or too large, truncated packages, password-protected
Word files (an encrypted OOXML package and an encrypted .doc in OLE containers), and
documents that link to other files or to the network."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from docx import Document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def plain_docx() -> bytes:
    doc = Document()
    doc.add_paragraph("来稿标题")
    doc.add_paragraph("　　第一段正文。")
    doc.add_paragraph("（某地方志办）")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def rewritten(path: Path, replace: dict[str, bytes | None] | None = None, extra: dict[str, int] | None = None,
              extra_data: dict[str, bytes] | None = None) -> Path:
    """plain_docx() with parts replaced, and extra parts of `size` zero bytes written in chunks
    (the compressed file stays small, the memory of the writer too)."""
    with zipfile.ZipFile(io.BytesIO(plain_docx())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = (replace or {}).get(item.filename, src.read(item.filename))
            if data is not None:
                out.writestr(item, data)
        for name, size in (extra or {}).items():
            with out.open(name, "w", force_zip64=True) as f:
                chunk = b"\0" * 1_000_000
                for _ in range(size // len(chunk)):
                    f.write(chunk)
        for name, data in (extra_data or {}).items():
            out.writestr(name, data)
    return path


def document_xml(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<w:body>{body}</w:body></w:document>").encode()


def nested(depth: int) -> bytes:
    return document_xml("<w:p><w:r><w:t>标题</w:t></w:r></w:p>" + "<w:sdt><w:sdtContent>" * depth
                        + "<w:p/>" + "</w:sdtContent></w:sdt>" * depth)


def ole(streams: dict[str, bytes]) -> bytes:
    """A compound file (version 3, 512-byte sectors) holding these streams, each padded to
    4096 bytes so that none lives in the mini stream."""
    sector = 512
    names = list(streams)
    data = [streams[n].ljust(4096, b"\0") for n in names]
    first = 2  # sector 0: the FAT, sector 1: the directory
    fat = [0xFFFFFFFD, 0xFFFFFFFE]
    starts = []
    for d in data:
        count = len(d) // sector
        starts.append(len(fat))
        fat += [len(fat) + k + 1 for k in range(count - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))
    header = bytearray(sector)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0" if name else b""
        raw[0:len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 0x40, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 0x44, left, right, child)
        struct.pack_into("<II", raw, 0x74, start, size)
        return bytes(raw)

    none = 0xFFFFFFFF
    # siblings as a chain to the right, in the order the compound file compares names
    order = sorted(range(len(names)), key=lambda i: (len(names[i]), names[i].upper()))
    entries = [entry("Root Entry", 5, none, none, order[0] + 1, 0xFFFFFFFE, 0)]
    for i, name in enumerate(names):
        k = order.index(i)
        right = order[k + 1] + 1 if k + 1 < len(order) else none
        entries.append(entry(name, 2, none, right, none, first + starts[i] - 2, len(data[i])))
    directory = b"".join(entries).ljust(sector, b"\0")
    if len(directory) > sector:
        raise ValueError("at most three streams")
    return bytes(header) + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(data)


def encrypted_docx() -> bytes:
    """What Word saves for a .docx with a password: an OLE file, not a ZIP package."""
    return ole({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00<encryption/>",
                "EncryptedPackage": b"\x00\x10\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 8})


def encrypted_doc() -> bytes:
    """A Word 97–2003 file whose FIB says fEncrypted."""
    fib = bytearray(4096)
    struct.pack_into("<HHHHHH", fib, 0, 0xA5EC, 0xC1, 0, 0x0804, 0, 0x0100 | 0x0200)  # flags at 0x0A
    return ole({"WordDocument": bytes(fib), "1Table": b"\0" * 64})


def linked_docx(path: Path, url: str, local: str) -> Path:
    """A picture linked (not embedded) from the network and one from a file elsewhere on disk."""
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"'
            ' Target="styles.xml"/>'
            '<Relationship Id="rIdNet" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"'
            f' Target="{url}" TargetMode="External"/>'
            '<Relationship Id="rIdDisk" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"'
            f' Target="{local}" TargetMode="External"/></Relationships>')
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

    def drawing(rid: str) -> str:
        return (f'<w:r><w:drawing><wp:inline xmlns:wp="{wp}"><wp:extent cx="100" cy="100"/><wp:docPr id="1" name="p"/>'
                f'<a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}"><pic:blipFill>'
                f'<a:blip r:link="{rid}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline>'
                "</w:drawing></w:r>")

    body = ("<w:p><w:r><w:t>链接图片的来稿</w:t></w:r></w:p>"
            f"<w:p><w:r><w:t>　　第一段正文。</w:t></w:r>{drawing('rIdNet')}</w:p>"
            f"<w:p>{drawing('rIdDisk')}<w:r><w:t>　　第二段正文。</w:t></w:r></w:p>")
    return rewritten(path, {"word/document.xml": document_xml(body), "word/_rels/document.xml.rels": rels.encode()})


def linked_rtf(url: str, local: str) -> bytes:
    """An RTF whose pictures are fields that fetch a URL and a file elsewhere on disk."""
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 SimSun;}}\\uc1\n"
            "{\\pard\\qc \\u38142?\\u25509?\\u30340?\\u26469?\\u31295?\\par}\n"  # 链接的来稿
            "{\\pard \\u31532?\\u19968?\\u27573?\\u12290?\\par}\n"  # 第一段。
            f"{{\\field{{\\*\\fldinst INCLUDEPICTURE \"{url}\" \\\\d}}{{\\fldrslt }}}}\\par\n"
            f"{{\\field{{\\*\\fldinst INCLUDEPICTURE \"{local}\" \\\\d}}{{\\fldrslt }}}}\\par\n"
            "{\\pard \\u31532?\\u20108?\\u27573?\\u12290?\\par}\n"  # 第二段。
            "}").encode("ascii")


def lying_sizes(path: Path, part: str, size: int = 50_000_000) -> Path:
    """A part whose headers claim 1000 bytes while it unpacks to `size`: what a crafted bomb does
    to fool a check of the declared sizes."""
    rewritten(path, replace={part: None}, extra={part: size})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(part)
    local = info.header_offset
    extra_len = struct.unpack_from("<H", data, local + 28)[0]
    name_len = struct.unpack_from("<H", data, local + 26)[0]
    struct.pack_into("<I", data, local + 22, 1000)
    if extra_len:  # a zip64 extra field holds the real sizes: claim small there too
        struct.pack_into("<Q", data, local + 30 + name_len + 4, 1000)
    central = data.find(b"PK\x01\x02" + data[local + 4:local + 6])
    while central >= 0:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + name_len] == part.encode():
            struct.pack_into("<I", data, central + 24, 1000)
            extra_len = struct.unpack_from("<H", data, central + 30)[0]
            if extra_len:
                struct.pack_into("<Q", data, central + 46 + name_len + 4, 1000)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def entities(kind: str) -> bytes:
    """document.xml with a DTD: "laughs" expands entities a billion times, "external" names a file."""
    if kind == "laughs":
        dtd = '<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">' + "".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        text = "&j;"
    else:
        dtd = '<!ENTITY x SYSTEM "file:///etc/hostname">'
        text = "&x;"
    return (f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [{dtd}]>'
            f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>来稿标题</w:t></w:r></w:p>'
            f"<w:p><w:r><w:t>　　正文{text}。</w:t></w:r></w:p></w:body></w:document>").encode()


def encrypted_entries(path: Path) -> Path:
    """A package whose parts are marked encrypted (a ZIP password, as some tools set)."""
    rewritten(path)
    data = bytearray(path.read_bytes())
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            struct.pack_into("<H", data, at + flags, struct.unpack_from("<H", data, at + flags)[0] | 0x1)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path
