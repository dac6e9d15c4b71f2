"""Downloads with their page counts, and the year's volume, from a real server."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.writers.docx.conftest import convert


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_page_counts_are_those_of_the_files_downloaded(bench, tmp_path):
    status, out = bench.get("/_api/issue/2024-40/outputs")
    assert status == 200, out
    status, pdf = bench.get(out["pdf"]["url"])
    assert status == 200 and out["pdf"]["pages"] == pages(pdf) >= 2
    status, docx = bench.get(out["docx"]["url"])
    assert status == 200 and out["docx"]["bytes"] in (None, len(docx))  # made on the way, or before
    assert bench.get("/_api/issue/2024-40/outputs")[1]["docx"]["bytes"] == len(docx)  # made now: its size
    status, html = bench.get(out["html"]["url"])
    assert status == 200 and b"<html" in html
    (tmp_path / "645.docx").write_bytes(docx)
    rendered = convert([tmp_path / "645.docx"], tmp_path / "libreoffice")  # the stand-ins as Word names them
    assert out["docx"]["pages"] == pages(rendered["645"].read_bytes())


def test_the_years_volume(bench):
    status, volume = bench.get("/_book/2024.pdf")
    assert status == 200 and volume.startswith(b"%PDF")
    status, out = bench.get("/_api/issue/645/outputs")
    assert out["book"]["url"] == "/_book/2024.pdf" and out["book"]["issues"] == 1
    assert out["book"]["pages"] == pages(volume) > out["pdf"]["pages"]
    status, missing = bench.get("/_book/1999.pdf")
    assert status == 422 and missing["problems"][0]["message"]
    assert bench.get("/_book/abc.pdf")[0] == 404
