"""The guard on a loopback server without accounts: Host, Origin, CSRF, sizes, types, headers, no
state change on GET, the hand-over from `typeset build` (a real server, real HTTP to 127.0.0.1)."""

from __future__ import annotations

import hashlib
import http.client
import re
import socket
from pathlib import Path

from .conftest import Client, typeset

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self'; connect-src 'self'; object-src 'self'; frame-src 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; form-action 'self'")


def test_a_foreign_host_is_refused_and_the_own_names_are_served(project, start):
    s = start()
    for host in ("evil.example", f"evil.example:{s.port}", "127.0.0.1.nip.io", "192.0.2.7", "localhost.evil"):
        status, headers, body, _ = Client(s.port, host).get("/")
        assert status == 421, host
        assert "不是本服务器的名称或地址" in body and "--allowed-host" in body
    for host in (f"127.0.0.1:{s.port}", f"localhost:{s.port}", f"[::1]:{s.port}", "LOCALHOST."):
        assert Client(s.port, host).get("/")[0] == 200, host


def test_an_allowed_name_is_served(project, start):
    s = start("--allowed-host", "jianbao.office.lan")
    assert Client(s.port, "jianbao.office.lan").get("/")[0] == 200
    assert Client(s.port, "other.office.lan").get("/")[0] == 421


def test_every_answer_carries_the_security_headers(project, start):
    s = start()
    c = Client(s.port)
    for path in ("/", "/nothing-here", "/_login", "/_static/issue.js", "/645"):
        status, headers, _, _ = c.get(path)
        assert status in (200, 404), path
        assert headers["content-security-policy"] == CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"
    # the pages hold no inline script: every <script> names a file of this server
    body = c.get("/645")[2]
    assert "<script>" not in body and re.search(r'<script type="module" src="/_static/issue\.js\?v=\d+">', body)
    assert not re.search(r"\son[a-z]+=", body)


def test_a_post_needs_the_same_origin_and_the_token_of_its_cookie(project, start):
    s = start()
    c = Client(s.port)
    token = c.token("/_account")
    assert len(token) == 64 and "typeset_csrf" in c.cookies
    # foreign origin, missing origin, null origin, another scheme: refused even with the right token
    for origin in ("http://evil.example", f"http://evil.example:{s.port}", None, "null",
                   f"https://127.0.0.1:{s.port}"):
        status, _, body, _ = c.form("/_logout", {}, token, origin=origin)
        assert status == 403 and "别的网站" in body, origin
    # a Referer of the same origin stands in for a missing Origin
    status = c.request("POST", "/_logout", f"csrf_token={token}",
                       {"Content-Type": "application/x-www-form-urlencoded",
                        "Referer": f"http://127.0.0.1:{s.port}/645"}, origin=None)[0]
    assert status == 303
    # same origin, no token or a wrong one
    status, _, body, _ = c.form("/_logout", {})
    assert status == 403 and "安全令牌" in body
    assert c.form("/_logout", {}, "0" * 64)[0] == 403
    # the token of another browser (another cookie) is worth nothing here
    other = Client(s.port)
    other.get("/")
    assert other.form("/_logout", {}, token)[0] == 403
    # the header works as the form field does (what the workbench's fetch sends)
    status = c.request("POST", "/_logout", "{}", {"Content-Type": "application/json", "X-CSRF-Token": token})[0]
    assert status == 303
    # a JSON client learns why, in the problem shape of the API
    status, headers, body, _ = c.request("POST", "/_logout", "{}", {"Content-Type": "application/json"},
                                         html=False)
    assert status == 403 and headers["content-type"].startswith("application/json") and '"problems"' in body


def test_an_oversized_or_untyped_body_is_refused_with_a_message(project, start):
    s = start("--max-upload", "1")
    c = Client(s.port)
    token = c.token("/_account")
    big = b"x" * (1024 * 1024 + 10)
    # declared too large: refused before anything is read
    status, _, body, _ = c.request("POST", "/_logout", big, {"Content-Type": "multipart/form-data; boundary=b",
                                                             "X-CSRF-Token": token}, html=False)
    assert status == 413 and "太大" in body and "1 MB" in body
    # streamed (chunked, no length) past the limit into a route that reads its body
    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=60)
    conn.request("POST", "/_login", body=iter([b"username=a&password="] + [b"y" * 65536] * 20),
                 headers={"Host": f"127.0.0.1:{s.port}", "Origin": f"http://127.0.0.1:{s.port}",
                          "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": token,
                          "Cookie": "; ".join(f"{k}={v}" for k, v in c.cookies.items())},
                 encode_chunked=True)
    r = conn.getresponse()
    assert r.status == 413 and "太大" in r.read().decode()
    conn.close()
    # a body of another kind than JSON, a form or multipart
    status, _, body, _ = c.request("POST", "/_logout", "<x/>", {"Content-Type": "text/xml", "X-CSRF-Token": token})
    assert status == 415 and "不接受" in body


def _snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "build" not in p.relative_to(root).parts}


def _routes(app) -> list:
    out = []
    for r in app.routes:
        out += _routes(r) if hasattr(r, "routes") and not hasattr(r, "endpoint") else [r]
    return out


def test_no_route_changes_anything_on_get(project, start):
    """Every route that answers GET, asked by GET with and without parameters: the project's files (its
    git repository included) are byte for byte what they were."""
    from typeset.build import Project
    from typeset.serve.app import Server

    app = Server(Project(project)).app()
    routes = _routes(app)
    values = {"target": "645", "name": "645", "key": "x", "file": "1.jpg", "year": "2024", "path": "x"}
    gets = []
    for r in routes:
        methods = getattr(r, "methods", None) or {"GET"}
        if "GET" in methods:
            gets.append(re.sub(r"\{(\w+)(:\w+)?\}", lambda m: values.get(m[1], "x"), r.path))
    assert {"/", "/_login", "/_account", "/{name}"} <= {r.path for r in routes}
    s = start()
    c = Client(s.port)
    c.get("/645")  # the issue built once, so that its routes have something to answer with
    before = _snapshot(project)
    query = "?yaml=x&commit=HEAD&base=0&data=%7B%7D&username=a&password=b&csrf_token=x"
    for path in gets + [p + query for p in gets]:
        assert c.get(path)[0] < 500, path
    assert _snapshot(project) == before
    # GET on the state-changing routes is not a way round
    for path in ("/_logout", "/_build"):
        assert c.get(path)[0] in (404, 405)


def test_build_hands_over_to_the_server_without_a_browser_origin(project, start):
    s = start()
    assert Client(s.port).get("/")[0] == 200
    done = typeset(project, "build", "645", "--format", "pdf")
    assert done.returncode == 0, done.stderr
    assert "由正在运行的 typeset serve 排版" in done.stderr
    assert (project / "build" / "645.pdf").read_bytes()[:4] == b"%PDF"
    # the same path from a browser is refused: it has no token of the hand-over
    c = Client(s.port)
    status = c.request("POST", "/_build", '{"token": "x"}', {"Content-Type": "application/json"},
                       origin="http://evil.example")[0]
    assert status == 403


def test_a_websocket_upgrade_reaches_nothing(project, start):
    s = start()
    with socket.create_connection(("127.0.0.1", s.port), timeout=10) as sock:
        sock.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{s.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
        answer = sock.recv(200).decode("latin-1")
    assert " 101 " not in answer.split("\r\n")[0]
