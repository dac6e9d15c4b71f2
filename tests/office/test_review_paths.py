"""No path from a request: history ids passed to git, links out of the series folder, downloads'
names, Host spellings; login's redirect and limits (a real server on 127.0.0.1)."""

from __future__ import annotations

import json
import os
import re
import shutil
from urllib.parse import quote, unquote

from tests.office.conftest import Client, add_user
from typeset.workbench.http import disposition

CJK = re.compile(r"[\u4e00-\u9fff]")


def _post(c: Client, path: str, data: dict, token: str) -> tuple[int, dict]:
    status, _, body, _ = c.request("POST", path, json.dumps(data, ensure_ascii=False),
                                   {"X-CSRF-Token": token, "Content-Type": "application/json"}, html=False)
    return status, json.loads(body)


def test_a_history_id_is_a_hex_sha_never_an_option_or_a_path(project, start, tmp_path):
    server = start()
    c = Client(server.port)
    token = c.token("/_account")
    _, _, body, _ = c.request("GET", "/_api/issue/645", html=False, origin=None)
    issue = json.loads(body)
    status, saved = _post(c, "/_api/issue/645/save", {"base": issue["version"], "yaml": issue["yaml"] + "\n"}, token)
    assert status == 200 and saved["commit"], saved
    before = (project / "issues" / "2024" / "645.yaml").read_bytes()
    trap = tmp_path / "written-by-git"
    for commit in [f"--output={trap}", "HEAD:../../etc/passwd", "HEAD", "HEAD~1", "-p", "--all", "..", "",
                   saved["commit"][:7] + ":issues/series.yaml", saved["commit"] + "\x00", "x" * 5000,
                   "ａｂｃｄｅｆ", saved["commit"][:3]]:
        status, answer = _post(c, "/_api/issue/645/restore", {"commit": commit, "base": saved["version"]}, token)
        assert status in (400, 422), (commit, status, answer)
        assert CJK.search(answer["problems"][0]["message"])
    assert not trap.exists()
    assert (project / "issues" / "2024" / "645.yaml").read_bytes() == before
    status, answer = _post(c, "/_api/issue/645/restore", {"commit": saved["commit"][:10].upper(),
                                                          "base": saved["version"]}, token)
    assert status == 200, answer  # a real id, as the editor may type it
    server.proc.terminate()
    server.proc.wait(20)
    assert "Traceback" not in server.proc.stdout.read()


def test_an_issue_linked_from_outside_the_series_is_not_opened(project, start, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    real = project / "issues" / "2024" / "645.yaml"
    shutil.move(real, outside / "645.yaml")
    os.symlink(outside / "645.yaml", real)
    server = start()
    c = Client(server.port)
    token = c.token("/_account")
    for path in ["/_api/issue/645", "/_api/issue/645/history", "/645", "/645.pdf"]:
        status, headers, body, _ = c.request("GET", path, html=False, origin=None)
        assert status == 404, (path, status, body[:200])
        assert CJK.search(body) and "content-security-policy" in headers
    status, answer = _post(c, "/_api/issue/645/save", {"base": "x", "yaml": "a: 1\n"}, token)
    assert status == 404, answer
    assert (outside / "645.yaml").read_text("utf-8").startswith("# yaml-language-server")


def test_pictures_are_not_written_through_a_linked_folder(project, start, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.symlink(outside, project / "issues" / "images")
    server = start()
    c = Client(server.port)
    token = c.token("/_account")
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
           b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND"
           b"\xaeB`\x82")
    raw = (b'--XX\r\nContent-Disposition: form-data; name="file"; filename="../../\xe5\x9b\xbe.png"\r\n'
           b"Content-Type: image/png\r\n\r\n" + png + b"\r\n--XX--\r\n")
    status, _, body, _ = c.request("POST", "/_api/issue/645/picture", raw,
                                   {"X-CSRF-Token": token, "Content-Type": "multipart/form-data; boundary=XX"},
                                   html=False)
    assert status == 422, body
    assert CJK.search(body)
    assert list(outside.iterdir()) == []


def test_downloads_name_their_file_safely():
    header = disposition("2024-增刊-1.pdf")
    assert header.startswith('inline; filename="2024-')
    assert header.isascii()
    name = re.search(r"filename\*=UTF-8''(\S+)$", header)[1]
    assert unquote(name) == "2024-增刊-1.pdf"
    evil = disposition('a";\r\nSet-Cookie: x=1.pdf')
    assert "\r" not in evil and "\n" not in evil and evil.count('"') == 2


def test_a_download_carries_its_name_and_the_headers(project, start):
    server = start()
    c = Client(server.port)
    c.get("/645")
    status, headers, _, _ = c.request("GET", "/645.pdf", html=False, origin=None)
    assert status == 200
    assert headers["content-disposition"] == "inline; filename=\"645.pdf\"; filename*=UTF-8''645.pdf"
    assert headers["content-type"] == "application/pdf"
    assert headers["cache-control"] == "no-store"
    assert "content-security-policy" in headers and headers["x-content-type-options"] == "nosniff"


def test_host_spellings(project, start):
    server = start()
    p = server.port
    for host, expected in [(f"127.0.0.1:{p}", 200), (f"LOCALHOST:{p}", 200), (f"localhost.:{p}", 200),
                           (f"[::1]:{p}", 200), (f"127.0.0.1:{p}@evil.example", 400),
                           (f"evil.example:{p}", 421), (f"127.0.0.1.evil.example:{p}", 421),
                           (f"[::ffff:7f00:1]:{p}", 421), (f"127.0.0.1:{p}:{p}", 400), ("127.0.0.1:x", 400)]:
        c = Client(p, host=host)
        status, headers, body, _ = c.request("GET", "/_api/issues", html=False, origin=None)
        assert status == expected, (host, status, body[:200])
        if status != 200:
            assert CJK.search(body) and "content-security-policy" in headers


def test_login_redirects_only_inside_and_cannot_be_fixed_or_spoofed(project, start):
    add_user(project, "张三")
    server = start()
    for evil in ["/\t/evil.example", "/\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example"]:
        c = Client(server.port)
        c.cookies["typeset_session"] = "A" * 43  # planted by someone else
        status, headers, _, _ = c.form("/_login", {"username": "张三", "password": "correct-horse-1",
                                                    "next": evil}, c.token())
        assert status == 303 and headers["location"] == "/", (evil, headers.get("location"))
        assert c.cookies["typeset_session"] != "A" * 43
    sid = c.cookies["typeset_session"]
    token = c.token("/_account")
    status, _, _, _ = c.form("/_logout", {}, token)
    assert status == 303
    again = Client(server.port)
    again.cookies["typeset_session"] = sid  # the old cookie, kept by a careless browser
    status, _, body, _ = again.request("GET", "/_api/issues", html=False, origin=None)
    assert status == 401 and CJK.search(body)
    # Failures counted per account whatever X-Forwarded-For says (no trusted proxy here)
    bad = Client(server.port)
    for i in range(5):
        status, *_ = bad.request("POST", "/_login", f"csrf_token={bad.token()}&username={quote('张三')}&password=wrong",
                                 {"Content-Type": "application/x-www-form-urlencoded",
                                  "X-Forwarded-For": f"10.0.0.{i}"})
        assert status == 401
    status, _, body, _ = bad.request("POST", "/_login", f"csrf_token={bad.token()}&username={quote(' 张三 ')}"
                                     "&password=correct-horse-1",
                                     {"Content-Type": "application/x-www-form-urlencoded",
                                      "X-Forwarded-For": "10.9.9.9"})
    assert status == 429 and "分钟后再试" in body


def test_static_files_and_fonts_carry_the_headers(project, start):
    server = start()
    c = Client(server.port)
    for path, kind in [("/_static/fonts/FandolHei-Regular.otf", "font/otf"), ("/_static/nothing.js", None)]:
        status, headers, body, _ = c.request("GET", path, html=False, origin=None)
        assert "content-security-policy" in headers and headers["x-content-type-options"] == "nosniff", path
        if kind:
            assert status == 200 and headers["content-type"] == kind
        else:
            assert status == 404 and CJK.search(body) and "charset=utf-8" in headers["content-type"]


def test_a_huge_login_form_is_refused_unread(project, start):
    add_user(project, "张三")
    server = start()
    c = Client(server.port)
    token = c.token()
    body = f"csrf_token={token}&username=x&password=" + "a" * 200_000
    status, headers, text, _ = c.request("POST", "/_login", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                                  "X-CSRF-Token": token})
    assert status == 413 and CJK.search(text) and "content-security-policy" in headers
    status, *_ = c.login("张三")
    assert status == 303
