"""Confinement: YAML builds no objects, author text is text, rendering reads nothing outside
the layouts, the fonts and the series folder and reaches no network."""

from __future__ import annotations

import dataclasses
import http.server
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from PIL import Image

from typeset.compose import compose
from typeset.compose.boxes import Picture
from typeset.errors import TypesetError
from typeset.layout import LAYOUTS, load_layout
from typeset.reader import load_issue, load_series
from typeset.writers.pdf import render
from typeset.writers.pdf.fetch import ConfinedFetcher
from typeset.writers.pdf.render import html

from ..editor_project import BASE, ISSUE

HOSTILE = {
    "title": '</h1><img src="file:///etc/passwd">',
    "paragraph": "<script>alert(1)</script>&amp;&lt;",
    "section": "<style>*{display:none}</style>",
    "source": '"><iframe src=x>',
}


def hostile_issue() -> str:
    def q(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    return (BASE.replace("川渝地方志携手助力“双圈”建设", q(HOSTILE["title"]))
            .replace("会上，双方就全书编纂思路进行沟通交流。", q(HOSTILE["paragraph"]))
            .replace("name: 特别关注", "name: " + q(HOSTILE["section"]))
            .replace("source: 省地方志办", "source: " + q(HOSTILE["source"])))


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_author_text_prints_literally_in_the_pdf(editor):
    editor.write(hostile_issue())
    run = editor.build()
    assert run.code == 0, run.text
    pdf = editor.out / "645.pdf"
    text = squeeze(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    for value in HOSTILE.values():
        assert squeeze(value) in text, value
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    assert len(images.splitlines()) == 2  # the header only: no picture was loaded
    assert b"/JavaScript" not in pdf.read_bytes() and b"/JS" not in pdf.read_bytes()


def test_author_text_is_escaped_in_the_html(editor):
    editor.write(hostile_issue())
    series = load_series(editor.issues)
    issue = load_issue(editor.root / ISSUE, series)
    issue = dataclasses.replace(issue, numbers=issue.stated)
    page = html(compose(issue, series, load_layout(series.layout)), load_layout(series.layout))
    assert "<script" not in page and "<iframe" not in page and "<img src=\"file" not in page
    assert "&lt;script&gt;" in page


def test_author_text_prints_literally_in_the_docx(editor):
    import docx

    editor.write(hostile_issue())
    run = editor.run("build", ISSUE, "--format", "docx", "-o", str(editor.out))
    assert run.code == 0, run.text
    document = docx.Document(str(editor.out / "645.docx"))
    text = squeeze("".join(p.text for p in document.paragraphs)
                   + "".join(c.text for t in document.tables for r in t.rows for c in r.cells))
    for value in HOSTILE.values():
        assert squeeze(value) in text, value


# ---------------------------------------------------------------- the fetcher

@pytest.fixture
def fetcher(tmp_path) -> ConfinedFetcher:
    (tmp_path / "allowed").mkdir()
    return ConfinedFetcher([tmp_path / "allowed"])


def _refused(fetcher: ConfinedFetcher, url: str) -> bool:
    try:
        fetcher.fetch(url)
    except PermissionError:
        return True
    return False


def test_fetcher_reads_inside_the_allowed_folder(tmp_path, fetcher):
    (tmp_path / "allowed" / "a.css").write_text("p{}", "utf-8")
    assert not _refused(fetcher, (tmp_path / "allowed" / "a.css").as_uri())


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://127.0.0.1:9/x.png",
    "https://example.com/x.css",
    "ftp://example.com/x",
    "data:text/css,p%7Bcolor:red%7D",
    "file:///{allowed}/../secret.txt",
    "file:///{allowed}/%2e%2e/secret.txt",
])
def test_fetcher_refuses_everything_else(tmp_path, fetcher, url):
    (tmp_path / "secret.txt").write_text("secret", "utf-8")
    url = url.replace("/{allowed}", str(tmp_path / "allowed"))
    assert _refused(fetcher, url)
    assert url in fetcher.refused


def test_fetcher_refuses_a_symbolic_link_out(tmp_path, fetcher):
    (tmp_path / "secret.txt").write_text("secret", "utf-8")
    (tmp_path / "allowed" / "link.txt").symlink_to(tmp_path / "secret.txt")
    assert _refused(fetcher, (tmp_path / "allowed" / "link.txt").as_uri())


# ---------------------------------------------------------------- whole renders

def _composed(editor):
    editor.write(BASE)
    series = load_series(editor.issues)
    issue = load_issue(editor.root / ISSUE, series)
    issue = dataclasses.replace(issue, numbers=issue.stated)
    layout = load_layout(series.layout)
    return series, layout, compose(issue, series, layout)


def _with_picture(composed, path: str):
    page = composed.pages[0]
    page = dataclasses.replace(page, items=page.items + (Picture(0, 0, 40, 40, path, "PNG"),))
    return dataclasses.replace(composed, pages=(page, *composed.pages[1:]))


@pytest.mark.parametrize("where", ["outside", "dotdot", "etc"])
def test_picture_outside_the_series_folder_fails_at_render(editor, where):
    """Even a model that skipped the reader's checks cannot make the writer read outside."""
    series, layout, composed = _composed(editor)
    Image.new("RGB", (8, 8)).save(editor.root / "outside.png")
    path = {"outside": str(editor.root / "outside.png"),
            "dotdot": str(editor.issues / ".." / "outside.png"),
            "etc": "/etc/passwd"}[where]
    with pytest.raises(TypesetError) as caught:
        render(_with_picture(composed, path), layout, [layout.folder, Path(series.folder)])
    assert "拒绝读取" in str(caught.value) and "系列文件夹" in str(caught.value)


def test_picture_swapped_for_a_link_after_reading_fails_at_render(editor):
    series, layout, composed = _composed(editor)
    Image.new("RGB", (8, 8)).save(editor.root / "outside.png")
    (editor.issues / "late.png").symlink_to(editor.root / "outside.png")
    with pytest.raises(TypesetError):
        render(_with_picture(composed, str(editor.issues / "late.png")), layout,
               [layout.folder, Path(series.folder)])


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the handler's API
        _Recorder.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.hits = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize("snippet", [
    '<link rel="stylesheet" href="{server}/style.css">',
    '<img src="{server}/pixel.png">',
    '<style>@import url("{server}/import.css");</style>',
    '<link rel="stylesheet" href="file:///etc/passwd">',
    '<img src="file:///etc/hostname">',
    '<style>@font-face {{ font-family: x; src: url("{server}/font.otf"); }} p {{ font-family: x; }}</style><p>x</p>',
])
def test_crafted_layout_reaches_no_network_and_no_file(editor, tmp_path, server, snippet):
    series, _, composed = _composed(editor)
    root = tmp_path / "layouts"
    shutil.copytree(LAYOUTS / series.layout, root / "crafted")
    template = root / "crafted" / "page.html.j2"
    text = template.read_text("utf-8")
    template.write_text(text.replace("<body>", "<body>" + snippet.format(server=server), 1), "utf-8")
    layout = load_layout("crafted", root)
    with pytest.raises(TypesetError) as caught:
        render(composed, layout, [layout.folder, Path(series.folder)])
    assert "拒绝读取" in str(caught.value)
    assert _Recorder.hits == []
