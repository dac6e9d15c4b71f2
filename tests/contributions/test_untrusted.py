"""`typeset add` of hostile files: each refused (exit 1) with a Chinese message saying what
is wrong with the file and what to do — never an internal error, never "damaged" for a
password — in bounded memory and time, the issue file untouched; links to the network or
to other files on disk never followed (a local server counts the requests: none)."""

from __future__ import annotations

import http.server
import resource
import threading

import pytest

from ..conftest import needs
from ..editor_project import BASE, ISSUE
from . import hostile

MEMORY_MB = 600  # far below what reading a 250 MB bomb into memory would take


@pytest.fixture
def office(editor):
    editor.write(BASE, ISSUE)
    return editor


def refused(office, path, *words: str):
    before = (office.root / ISSUE).read_bytes()
    run = office.run("add", ISSUE, str(path))
    assert run.code == 1, run.text
    assert run.exception is None, run.exception
    assert "内部错误" not in run.text and "Traceback" not in run.text
    for word in words:
        assert word in run.stderr, run.stderr
    assert (office.root / ISSUE).read_bytes() == before
    return run.stderr


def test_a_zip_bomb_is_refused_without_being_unpacked(office, tmp_path):
    path = hostile.rewritten(tmp_path / "炸弹.docx", extra={"word/media/image9.png": 250_000_000})
    assert path.stat().st_size < 2_000_000
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    text = refused(office, path, "解压后", "上限", "这不像一篇来稿")
    assert "image9.png" in text
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < MEMORY_MB * 1024


def test_a_huge_xml_part_and_too_many_parts(office, tmp_path):
    huge = hostile.rewritten(tmp_path / "大.docx", extra={"word/header9.xml": 40_000_000})
    refused(office, huge, "word/header9.xml", "上限 30 MB")
    many = hostile.rewritten(tmp_path / "多.docx", extra_data={f"word/media/x{i}.bin": b"x" for i in range(2100)})
    refused(office, many, "个部件", "上限 2000")


@pytest.mark.parametrize("depth", [300, 20_000])
def test_xml_nested_too_deep(office, tmp_path, depth):
    path = hostile.rewritten(tmp_path / "深.docx", {"word/document.xml": hostile.nested(depth)})
    refused(office, path, "嵌套过深", "另存为")


@pytest.mark.parametrize("cut", [0.3, 0.7, 0.97])
def test_a_truncated_package(office, tmp_path, cut):
    data = hostile.plain_docx()
    path = tmp_path / "半截.docx"
    path.write_bytes(data[: int(len(data) * cut)])
    text = refused(office, path, "另存为")
    assert "损坏" in text or "不完整" in text


def test_not_a_word_file_at_all(office, tmp_path):
    path = tmp_path / "乱码.docx"
    path.write_bytes(bytes(range(256)) * 40)
    refused(office, path, "不是 Word 文件")
    other = tmp_path / "乱码.txt"
    other.write_bytes(b"\x00\x01\x02" * 1000)
    refused(office, other, "不是文字文件")


@pytest.mark.parametrize("name, make", [("加密.docx", hostile.encrypted_docx), ("加密.doc", hostile.encrypted_doc),
                                        ("加密.wps", hostile.encrypted_doc)])
def test_a_password_protected_file_is_said_to_be_so(office, tmp_path, name, make):
    path = tmp_path / name
    path.write_bytes(make())
    text = refused(office, path, "有密码保护", "取消密码", "另存为不加密的 .docx")
    assert "损坏" not in text


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        _Counter.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Counter.hits = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_links_to_the_network_and_to_the_disk_are_never_followed(office, tmp_path, server):
    secret = tmp_path / "elsewhere" / "secret.png"
    secret.parent.mkdir()
    from PIL import Image

    Image.new("RGB", (40, 40), (200, 0, 0)).save(secret)
    path = hostile.linked_docx(tmp_path / "链接.docx", f"{server}/picture.png", secret.as_uri())
    run = office.run("add", ISSUE, str(path))
    assert run.code in (0, 1) and run.exception is None, run.text
    assert run.stderr.count("链接到外部的图片") == 2
    assert _Counter.hits == []
    assert not (office.root / "issues" / "images").exists()  # nothing taken from elsewhere on disk


@needs("soffice")
def test_libreoffice_fetches_nothing(office, tmp_path, server):
    secret = tmp_path / "elsewhere" / "secret.png"
    secret.parent.mkdir()
    from PIL import Image

    Image.new("RGB", (40, 40), (0, 200, 0)).save(secret)
    path = tmp_path / "链接.rtf"
    path.write_bytes(hostile.linked_rtf(f"{server}/picture.png", str(secret)))
    run = office.run("add", ISSUE, str(path))
    assert run.exception is None and "内部错误" not in run.text, run.text
    assert _Counter.hits == []
    images = office.root / "issues" / "images"
    assert not images.exists() or not any(images.iterdir()), run.text


def test_a_bomb_that_lies_about_its_size(office, tmp_path):
    """zipfile unpacks no more than a part's headers claim and then finds its checksum wrong."""
    path = hostile.lying_sizes(tmp_path / "说谎.docx", "word/document.xml")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    text = refused(office, path, "另存为")
    assert "损坏" in text or "不完整" in text
    unused = hostile.lying_sizes(tmp_path / "说谎2.docx", "word/media/image7.png")  # never read at all
    assert office.run("add", ISSUE, str(unused)).code == 0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < MEMORY_MB * 1024


@pytest.mark.parametrize("kind", ["laughs", "external"])
def test_entities_are_never_expanded_nor_fetched(office, tmp_path, kind):
    path = hostile.rewritten(tmp_path / f"{kind}.docx", {"word/document.xml": hostile.entities(kind)})
    before = (office.root / ISSUE).read_bytes()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run = office.run("add", ISSUE, str(path))
    assert run.exception is None and "内部错误" not in run.text, run.text
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < MEMORY_MB * 1024
    after = (office.root / ISSUE).read_text("utf-8")
    assert "哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈" not in after
    from pathlib import Path

    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    assert not hostname or hostname not in after.replace(BASE, "")
    if run.code != 0:
        assert (office.root / ISSUE).read_bytes() == before


def test_a_package_with_a_zip_password(office, tmp_path):
    text = refused(office, hostile.encrypted_entries(tmp_path / "密码.docx"), "有密码保护", "取消密码")
    assert "损坏" not in text
