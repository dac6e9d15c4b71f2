"""The print HTML's font files loaded where they are: the PDF of WeasyPrint's copies byte for byte,
no temporary folder; a font the fetcher refuses is still refused."""

from __future__ import annotations

import pytest
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from typeset.fonts import faces
from typeset.writers.pdf import render, sheets
from typeset.writers.pdf.fetch import ConfinedFetcher
from typeset.writers.pdf.fontfiles import InPlaceFonts
from typeset.writers.pdf.render import html


def _drawn(prepared, config) -> bytes:
    table = faces(prepared.layout, prepared.composed.series.folder)
    fetcher = ConfinedFetcher(prepared.allowed + [f.path.parent for f in table.values()])
    page = html(prepared.composed, prepared.layout)
    return sheets.document(page, base_url=prepared.layout.folder.as_uri() + "/", url_fetcher=fetcher).write_pdf(
        custom_metadata=True, font_config=config)


@pytest.fixture(scope="module")
def prepared(project):
    from typeset.build import prepare
    from typeset.catalog import Catalog

    catalog = Catalog.scan(project.issues)
    return prepare(catalog.find("645"), project, catalog=catalog)


def test_fonts_in_place_draw_the_pdf_of_copied_fonts(prepared) -> None:
    copied, in_place = FontConfiguration(), InPlaceFonts()
    assert _drawn(prepared, in_place) == _drawn(prepared, copied)
    used = {f.path.resolve() for f in faces(prepared.layout, prepared.composed.series.folder).values()}
    assert in_place.in_place and in_place.in_place <= used
    assert in_place._folder is None and copied._folder is not None  # nothing copied


def test_a_font_outside_the_allowed_folders_is_still_refused(prepared) -> None:
    page = html(prepared.composed, prepared.layout).replace(
        "<style>", '<style>@font-face { font-family: "x"; src: url("file:///etc/hostname"); } '
                   'body { font-family: "x"; }', 1)
    fetcher = ConfinedFetcher(prepared.allowed)
    with pytest.raises(weasyprint.urls.FatalURLFetchingError):
        weasyprint.HTML(string=page, url_fetcher=fetcher).render(font_config=InPlaceFonts())
    assert fetcher.refused == ["file:///etc/hostname"]


def test_a_build_leaves_no_font_copies(prepared, tmp_path, monkeypatch) -> None:
    import tempfile

    from typeset.session import Session, using

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with using(Session()):  # a fresh session: a font configuration made here, in tmp_path
        assert render(prepared.composed, prepared.layout, prepared.allowed).startswith(b"%PDF-")
    assert list(tmp_path.iterdir()) == []
