"""Behind a reverse proxy: a path prefix (--root-path) and forwarded headers from trusted proxies only."""

from __future__ import annotations

from .conftest import PASSWORD, Client, add_user

FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.10"}


def test_behind_a_trusted_proxy_with_tls_and_a_prefix(project, start):
    add_user(project, "张三")
    s = start("--root-path", "/jianbao", "--trusted-proxy", "127.0.0.1", "--allowed-host", "jianbao.example.cn")
    c = Client(s.port, "jianbao.example.cn")
    # the proxy strips /jianbao and forwards the rest; the server names its own addresses with the prefix
    status, headers, _, cookies = c.request("GET", "/645", headers=FORWARDED, origin=None)
    assert status == 303 and headers["location"] == "/jianbao/_login?next=/645"
    assert any("Secure" in x and "Path=/jianbao" in x for x in cookies)
    status, _, body, cookies = c.request("GET", "/_login", headers=FORWARDED, origin=None)
    assert status == 200 and 'action="/jianbao/_login"' in body
    token = body.split('name="csrf-token" content="')[1].split('"')[0]
    form = f"csrf_token={token}&username=%E5%BC%A0%E4%B8%89&password={PASSWORD}&next=/645"
    plain = {"Content-Type": "application/x-www-form-urlencoded"}
    # the browser's origin is https://… (TLS ends at the proxy)
    status = c.request("POST", "/_login", form, {**plain, **FORWARDED}, origin="http://jianbao.example.cn")[0]
    assert status == 403
    status, headers, _, cookies = c.request("POST", "/_login", form, {**plain, **FORWARDED},
                                            origin="https://jianbao.example.cn")
    assert status == 303 and headers["location"] == "/jianbao/645"
    session = next(x for x in cookies if x.startswith("typeset_session="))
    assert "Secure" in session and "Path=/jianbao" in session and "HttpOnly" in session


def test_forwarded_headers_from_anyone_else_count_for_nothing(project, start):
    s = start()  # no --trusted-proxy: X-Forwarded-* are ignored
    c = Client(s.port)
    status, _, body, cookies = c.request("GET", "/_account", headers=FORWARDED, origin=None)
    assert status == 200 and not any("Secure" in x for x in cookies)
    token = body.split('name="csrf-token" content="')[1].split('"')[0]
    headers = {"Content-Type": "application/json", "X-CSRF-Token": token, **FORWARDED}
    assert c.request("POST", "/_logout", "{}", headers, origin=f"https://127.0.0.1:{s.port}")[0] == 403
    assert c.request("POST", "/_logout", "{}", headers)[0] == 303
