"""Hostile and careless requests against a real server: every answer a Chinese 4xx with the
security headers, never a 500, an English page or a traceback on the terminal."""

from __future__ import annotations

import json
import re

from tests.office.conftest import Client

CJK = re.compile(r"[\u4e00-\u9fff]")


def _json_client(server) -> tuple[Client, dict[str, str]]:
    c = Client(server.port)
    token = c.token("/_account")
    return c, {"X-CSRF-Token": token, "Content-Type": "application/json"}


def _refused_in_chinese(status: int, headers: dict[str, str], body: str, *allowed: int) -> None:
    assert 400 <= status < 500, (status, body[:300])
    if allowed:
        assert status in allowed, (status, body[:300])
    assert "content-security-policy" in headers and "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers.get("x-content-type-options") == "nosniff"
    assert "charset=utf-8" in headers.get("content-type", ""), headers
    assert CJK.search(body), body[:300]
    assert "Internal Server Error" not in body and "Not Found" not in body and "Traceback" not in body


def _terminal(server) -> str:
    """What the server printed, once it has stopped."""
    server.proc.terminate()
    server.proc.wait(20)
    out = server.proc.stdout.read()
    server.stop()
    return out


def test_hostile_addresses_get_a_chinese_refusal(project, start):
    server = start()
    c = Client(server.port)
    for path in ["/..%2f..%2fetc%2fpasswd", "/645.pdf/x", "/645_files/..%2f645.yaml", "/_static/..%2fapi.py",
                 "/_static/%2e%2e", "/645/page/nothing.png", "/nothing/live", "/%00", "/645%00.pdf",
                 "/" + "x" * 4000, "/_book/0000.pdf", "/_book/..%2f..%2fetc.pdf", "/_api/issue/..%2f645",
                 "/_api/issue/%E2%80%AE645", "/_api/issue/645%00", "/_logout"]:
        for html in (True, False):
            status, headers, body, _ = c.request("GET", path, html=html, origin=None)
            _refused_in_chinese(status, headers, body)
            if headers["content-type"].startswith("application/json"):
                data = json.loads(body)
                assert CJK.search(data.get("message") or data["problems"][0]["message"])
    c.token("/_account")
    status, headers, body, _ = c.request("POST", "/645", "{}", {"Content-Type": "application/json",
                                                                "X-CSRF-Token": c.token("/_account")}, html=False)
    _refused_in_chinese(status, headers, body, 405)
    assert "Traceback" not in _terminal(server)


def test_an_issue_under_its_alias_spellings(project, start):
    server = start()
    c = Client(server.port)
    for alias in ["645", "0645", "2024-40", "2024-040"]:
        status, headers, body, _ = c.request("GET", f"/_api/issue/{alias}", html=False, origin=None)
        assert status == 200, (alias, body[:200])
        assert json.loads(body)["file"] == "issues/2024/645.yaml"
        assert headers["content-type"] == "application/json; charset=utf-8"
        assert headers["cache-control"] == "no-store"
    for alias in ["0", "646", "2024-0", "2024-99", "1999-1", "2024-增刊-9", "99999999999999999999"]:
        status, headers, body, _ = c.request("GET", f"/_api/issue/{alias}".encode().decode("latin-1")
                                             if alias.isascii() else "/_api/issue/" + _quote(alias),
                                             html=False, origin=None)
        _refused_in_chinese(status, headers, body, 404)
    assert "Traceback" not in _terminal(server)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


def test_malformed_json_is_a_400_in_chinese(project, start):
    server = start()
    c, head = _json_client(server)
    deep_list = "[" * 100_000 + "]" * 100_000
    deep_object = '{"a":' * 5000 + "1" + "}" * 5000
    deep_data = '{"base": "x", "data": ' + '{"a":' * 200 + "1" + "}" * 200 + "}"
    bodies = ["", "[]", "{", "1", "null", '"text"', '{"base": 1, "yaml": 2}', '{"base": "x", "data": []}',
              '{"yaml": ["a"]}', deep_list, deep_object, deep_data, '{"commit": 5, "base": "x"}',
              '{"token": {}, "base": "x"}', '{"text": 12}']
    for endpoint in ["save", "check", "restore", "contribution", "contribution/confirm", "proof/fix"]:
        for raw in bodies:
            status, headers, body, _ = c.request("POST", f"/_api/issue/645/{endpoint}", raw, head, html=False)
            _refused_in_chinese(status, headers, body, 400, 409, 422)
            assert headers.get("cache-control") == "no-store"
    for raw in ["[]", '{"date": 5}', '{"date": ["2024-01-01"]}', deep_list]:
        status, headers, body, _ = c.request("POST", "/_api/issues", raw, head, html=False)
        _refused_in_chinese(status, headers, body, 400, 422)
    assert "Traceback" not in _terminal(server)


def test_multipart_without_a_file_or_with_too_many_fields(project, start):
    server = start()
    c, head = _json_client(server)
    kind = {**head, "Content-Type": "multipart/form-data; boundary=XX"}
    field = '--XX\r\nContent-Disposition: form-data; name="{}"\r\n\r\n{}\r\n'
    many = "".join(field.format(f"f{i}", "v") for i in range(3000)) + "--XX--\r\n"
    not_png = field.format('file"; filename="../../x.png', "not a png") + "--XX--\r\n"
    for raw in [field.format("a", "b") + "--XX--\r\n", "garbage", many, not_png]:
        for endpoint in ["picture", "contribution"]:
            status, headers, body, _ = c.request("POST", f"/_api/issue/645/{endpoint}", raw, kind, html=False)
            _refused_in_chinese(status, headers, body, 400, 422)
    assert not (project / "x.png").exists() and not (project / "issues" / "x.png").exists()
    status, headers, body, _ = c.request("POST", "/_api/issue/645/picture", "x",
                                         {**head, "Content-Type": "multipart/form-data"}, html=False)
    _refused_in_chinese(status, headers, body, 400)
    assert "Traceback" not in _terminal(server)


def test_a_broken_handover_body_is_refused_without_a_traceback(project, start):
    server = start()
    c = Client(server.port)
    for raw in ["{", "[]", "5"]:
        status, headers, body, _ = c.request("POST", "/_build", raw, {"Content-Type": "application/json"},
                                             html=False, origin=None)
        assert status == 400, (status, body)
        assert "content-security-policy" in headers
    assert "Traceback" not in _terminal(server)


def test_a_body_too_large_or_too_slow_for_an_api_route(project, start):
    import http.client
    import socket
    import time

    server = start("--max-upload", "1")
    c, head = _json_client(server)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    conn.request("POST", "/_api/issue/645/check", body=iter([b'{"yaml": "'] + [b"y" * 65536] * 40 + [b'"}']),
                 headers={**head, "Host": c.host, "Origin": f"http://{c.host}",
                          "Cookie": "; ".join(f"{k}={v}" for k, v in c.cookies.items())}, encode_chunked=True)
    r = conn.getresponse()
    text = r.read().decode()
    assert r.status == 413 and "太大" in text, (r.status, text)
    conn.close()
    # slowloris: a body that stops half-way is given up after a pause, with a message
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as s:
        cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
        s.sendall(f"POST /_api/issue/645/check HTTP/1.1\r\nHost: {c.host}\r\nOrigin: http://{c.host}\r\n"
                  f"Cookie: {cookie}\r\nX-CSRF-Token: {head['X-CSRF-Token']}\r\n"
                  "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"yaml\": \"".encode())
        began = time.monotonic()
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
        waited = time.monotonic() - began
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert "秒没有传完" in answer.decode("utf-8", "replace")
    assert 10 < waited < 50
    assert "Traceback" not in _terminal(server)


def test_a_request_head_sent_too_slowly_is_given_up_and_a_long_answer_is_not(project, start):
    """slowloris on the request line and headers: a connection that sends nothing, or a header
    a byte at a time, is closed after the head's deadline (20 s); an event stream open meanwhile
    stays open, and the server answers as before."""
    import contextlib
    import socket
    import threading
    import time

    server = start()
    c = Client(server.port)
    assert c.request("GET", "/645")[0] == 200  # the issue page: its preview opened
    cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
    events = socket.create_connection(("127.0.0.1", server.port), timeout=60)
    events.sendall(f"GET /645/events HTTP/1.1\r\nHost: {c.host}\r\nCookie: {cookie}\r\n\r\n".encode())
    assert events.recv(65536).startswith(b"HTTP/1.1 200")
    silent = socket.create_connection(("127.0.0.1", server.port), timeout=60)
    dribbling = socket.create_connection(("127.0.0.1", server.port), timeout=60)
    began = time.monotonic()
    head = f"GET / HTTP/1.1\r\nHost: {c.host}\r\nX-Slow: {'a' * 100}".encode()

    def dribble() -> None:  # a byte every half second: each would reset uvicorn's own keep-alive timer
        for byte in head:
            try:
                dribbling.sendall(bytes([byte]))
            except OSError:
                return
            time.sleep(0.5)

    threading.Thread(target=dribble, daemon=True).start()
    closed: dict[str, float] = {}
    for name, conn in (("silent", silent), ("dribbling", dribbling)):
        conn.settimeout(45)
        with contextlib.suppress(ConnectionResetError):
            assert conn.recv(65536) == b"", name  # closed by the server, nothing answered
        closed[name] = time.monotonic() - began
    assert all(15 < t < 40 for t in closed.values()), closed
    events.setblocking(False)
    with contextlib.suppress(BlockingIOError):
        assert events.recv(65536) != b""  # a keep-alive comment, or nothing yet: still open
    events.close()
    status, _, body, _ = c.request("GET", "/")
    assert status == 200
    silent.close()
    dribbling.close()
    assert "Traceback" not in _terminal(server)
