"""ComposedIssue → DOCX bytes (python-docx, with raw WordprocessingML where it falls short).

    render(composed, layout) → bytes

The parts, each an "input → output" function over one frozen Context
(context.py): package.py (page set-up, settings, font table, properties),
roles.py (styles), masthead.py, body.py (sections, articles, pictures),
colophon.py, folios.py; runs.py sets text at the composer's advances and
fitting.py keeps the composer's line breaks. Every number comes from the
layout, from the composed pages, or from calibration.py.
"""

from __future__ import annotations

import io

import docx

from ...compose import ComposedIssue
from ...layout import Layout
from .body import body
from .colophon import colophon
from .context import context_of
from .folios import folios
from .masthead import masthead
from .package import package
from .roles import styles


def render(composed: ComposedIssue, layout: Layout) -> bytes:
    """ComposedIssue → DOCX bytes; `layout` with the issue's overrides applied (build.py)."""
    ctx = context_of(composed, layout)
    doc = docx.Document()
    package(doc, ctx)
    styles(doc, ctx)
    end = doc.element.body.sectPr
    for element in (*masthead(ctx), *body(ctx, doc), *colophon(ctx)):
        end.addprevious(element)
    if composed.series.page_numbers:
        folios(doc, ctx)
    out = io.BytesIO()
    doc.save(out)
    return _reproducible(out.getvalue(), max(composed.issue.date.timetuple()[:6], (1980, 1, 1, 0, 0, 0)))


def _reproducible(package: bytes, when: tuple[int, ...]) -> bytes:
    """The package with every part stamped with the issue's date (ZIP's earliest, 1980, at
    the least), not the time it was written: the same issue gives the same bytes
    (python-docx stamps the clock's time)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            stamped = zipfile.ZipInfo(item.filename, date_time=when)  # type: ignore[arg-type]
            stamped.compress_type, stamped.external_attr = item.compress_type, item.external_attr
            stamped.create_system = 3  # as written on Unix, wherever it is built
            new.writestr(stamped, old.read(item))
    return out.getvalue()
