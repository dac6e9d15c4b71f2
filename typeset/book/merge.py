"""Binding: the front matter and the issues' own PDFs merged with pypdf, with the outline
(year → issue → section → article), page labels (front matter i, ii…, then 1, 2…) and the
document's metadata in both the info dictionary and an XMP packet."""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from .issues import Built


@dataclass(frozen=True)
class Bound:
    """One issue as the volume binds it."""

    year: int
    title: str  # its bookmark: 第N期（总第M期）　date
    pdf: Path
    built: Built


@dataclass(frozen=True)
class Meta:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    created: dt.datetime  # aware


def _pdf_date(t: dt.datetime) -> str:
    offset = t.strftime("%z") or "+0000"
    return t.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


def xmp(meta: Meta) -> bytes:
    when = meta.created.isoformat(timespec="seconds")
    e = escape
    keywords = "; ".join(meta.keywords)
    subjects = "".join(f"<rdf:li>{e(k)}</rdf:li>" for k in meta.keywords)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{e(meta.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.subject)}</rdf:li></rdf:Alt></dc:description>
<dc:subject><rdf:Bag>{subjects}</rdf:Bag></dc:subject>
<pdf:Keywords>{e(keywords)}</pdf:Keywords>
<pdf:Producer>typeset</pdf:Producer>
<xmp:CreatorTool>typeset</xmp:CreatorTool>
<xmp:CreateDate>{when}</xmp:CreateDate>
<xmp:ModifyDate>{when}</xmp:ModifyDate>
<xmp:MetadataDate>{when}</xmp:MetadataDate>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def bind(front: bytes, front_pages: int, issues: list[Bound], meta: Meta, target: Path) -> None:
    """Write the volume to `target`, atomically: streamed into a temporary file beside it
    (the whole volume is never held as one string), then renamed over the old one."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.constants import PageLabelStyle
    from pypdf.generic import IndirectObject, NameObject, StreamObject

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(front)).pages:
        writer.add_page(page)
    starts: list[int] = []
    for issue in issues:
        starts.append(len(writer.pages))
        reader = PdfReader(issue.pdf)
        if len(reader.pages) != issue.built.pages:
            raise ValueError(f"{issue.pdf}: {len(reader.pages)} pages, composed {issue.built.pages}")
        for page in reader.pages:
            writer.add_page(page)
    year_items: dict[int, IndirectObject] = {}
    for issue, start in zip(issues, starts, strict=True):
        if issue.year not in year_items:
            year_items[issue.year] = writer.add_outline_item(title=f"{issue.year}年", page_number=start)
        item = writer.add_outline_item(title=issue.title, page_number=start, parent=year_items[issue.year],
                                       is_open=False)
        for part in issue.built.parts:
            parent = item
            if part.section.text:
                parent = writer.add_outline_item(title=part.section.text, page_number=start + part.section.page,
                                                 parent=item)
            for article in part.articles:
                writer.add_outline_item(title=article.text, page_number=start + article.page, parent=parent)
    total = len(writer.pages)
    if front_pages:
        writer.set_page_label(0, front_pages - 1, style=PageLabelStyle.LOWERCASE_ROMAN, start=1)
    if total > front_pages:
        writer.set_page_label(front_pages, total - 1, style=PageLabelStyle.DECIMAL, start=1)
    writer.add_metadata({
        "/Title": meta.title, "/Author": meta.author, "/Subject": meta.subject,
        "/Keywords": "; ".join(meta.keywords), "/Creator": "typeset", "/Producer": "typeset",
        "/CreationDate": _pdf_date(meta.created), "/ModDate": _pdf_date(meta.created),
    })
    stream = StreamObject()
    stream.set_data(xmp(meta))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer.root_object[NameObject("/Metadata")] = writer._add_object(stream)
    writer.page_mode = "/UseOutlines"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            if hasattr(os, "fchmod"):  # the usual permissions, not mkstemp's private 0600
                os.fchmod(f.fileno(), 0o666 & ~_umask())
            writer.write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
