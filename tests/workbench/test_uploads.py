"""Contributions (a Word file, pasted text) and pictures through the workbench: what was read
and left out is shown first, nothing is written until confirmed; then `typeset add`'s path
and a commit."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import parse_xml
from PIL import Image

from tests.contributions.offices import WECHAT, full_report

from .conftest import git

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def word_file(folder) -> bytes:
    """An office's report with a table and a picture, a comment and a deleted tracked change."""
    path, _ = full_report(folder)
    doc = Document(str(path))
    first = doc.paragraphs[2]
    doc.add_comment(first.runs, text="这句要不要删？", author="审稿人")
    first._p.append(parse_xml(f'<w:del {W} w:id="91" w:author="审稿人" w:date="2024-04-01T00:00:00Z">'
                              "<w:r><w:delText>已删去的句子。</w:delText></w:r></w:del>"))
    doc.save(str(path))
    return path.read_bytes()


def test_a_word_contribution_is_shown_then_added_and_committed(bench, tmp_path):
    root = bench.served.root
    status, got = bench.get("/_api/issue/645")
    before = bench.served.issue.read_bytes()
    raw = word_file(tmp_path)
    status, read = bench.multipart("/_api/issue/645/contribution", {"section": "市州动态"},
                                   {"file": ("乐山市来稿.docx", raw, "application/octet-stream")})
    assert status == 200, read
    assert read["read"]["title"] == ["乐山市地方志办", "扎实推进第三轮修志试点工作"]
    assert read["read"]["source"] == "乐山市地方志办公室"
    assert {"text": "一、总体情况", "level": 1} in read["read"]["paragraphs"]
    assert [p["caption"] for p in read["read"]["pictures"]] == ["图为第三轮修志试点工作推进会现场"]
    notes = "\n".join(read["notes"])
    assert "表格" in notes and "1 条批注" in notes and "1 处修订删除的文字" in notes
    assert read["section"] == "市州动态" and read["position"] == 2
    assert "扎实推进第三轮修志试点工作" in read["yaml"]
    assert "已删去的句子" not in str(read["read"])
    assert "/tmp" not in str(read)  # the temporary file is never named
    assert bench.served.issue.read_bytes() == before  # nothing written yet

    status, added = bench.post("/_api/issue/645/contribution/confirm",
                               {"token": read["token"], "section": "市州动态", "base": got["version"]})
    assert status == 200, added
    text = bench.served.issue.read_text("utf-8")
    assert "扎实推进第三轮修志试点工作" in text and "images/645-1.jpg" in text
    assert (root / "issues" / "images" / "645-1.jpg").is_file()
    assert before.decode() in text.replace(text[text.index("      - title:\n          - 乐山市地方志办"):
                                                text.index("colophon:")], "")  # only lines added
    assert git(root, "log", "-1", "--format=%s") == ("645：加入来稿《乐山市地方志办扎实推进第三轮修志试点工作》"
                                                     "（乐山市来稿.docx）\n")
    status, again = bench.post("/_api/issue/645/contribution/confirm",
                               {"token": read["token"], "section": "", "base": added["version"]})
    assert status == 400  # used once

    status, pasted = bench.post("/_api/issue/645/contribution", {"text": WECHAT, "section": ""})
    assert status == 200 and pasted["read"]["title"] == ["川渝共建方志馆联盟"]  # cleaned as `typeset add` does
    status, stale = bench.post("/_api/issue/645/contribution/confirm",
                               {"token": pasted["token"], "section": "", "base": got["version"]})
    assert status == 409 and bench.served.issue.read_text("utf-8") == text

    status, wrong = bench.multipart("/_api/issue/645/contribution", {},
                                    {"file": ("报告.pdf", b"%PDF-1.4", "application/pdf")})
    assert status == 400 and "不是可以加入的来稿" in wrong["message"]
    status, broken = bench.request("POST", "/_api/issue/645/contribution", raw=b"--x\r\nbroken",
                                   headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert status == 400 and "problems" in broken


def test_pictures_png_or_jpeg_only_under_a_new_name(bench):
    images = bench.served.root / "issues" / "images"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, "PNG")
    status, first = bench.multipart("/_api/issue/645/picture", {},
                                    {"file": ("../../../etc/passwd.png", buffer.getvalue(), "image/png")})
    assert status == 200 and first == {"image": "images/645-1.png"}
    assert (images / "645-1.png").read_bytes() == buffer.getvalue()
    jpeg = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 20, 20)).save(jpeg, "JPEG")
    status, second = bench.multipart("/_api/issue/645/picture", {}, {"file": ("photo.png", jpeg.getvalue(),
                                                                               "image/png")})
    assert status == 200 and second == {"image": "images/645-2.jpg"}
    gif = io.BytesIO()
    Image.new("RGB", (4, 3)).save(gif, "GIF")
    for name, raw in (("a.gif", gif.getvalue()), ("a.png", b"not a picture")):
        status, refused = bench.multipart("/_api/issue/645/picture", {}, {"file": (name, raw, "image/png")})
        assert status == 422 and "PNG 或 JPEG" in refused["problems"][0]["message"]
    status, big = bench.request("POST", "/_api/issue/645/picture", raw=b"x",
                                headers={"Content-Type": "multipart/form-data; boundary=x",
                                         "Content-Length": "1"})
    assert status == 400
    assert sorted(p.name for p in images.iterdir()) == ["645-1.png", "645-2.jpg"]
