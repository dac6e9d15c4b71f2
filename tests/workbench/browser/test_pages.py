"""The pages and files the workbench serves: fixed tables, no path from the request, no inline
script; the message when the browser code is not built; the browser opened on a desktop."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

from starlette.requests import Request

from typeset.workbench import pages


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as err:
        return err.code, "", b""


def test_only_the_bundle_and_the_two_ui_faces_are_served(bench):
    status, kind, body = get(bench.url + "_static/issue.js")
    assert status == 200 and "javascript" in kind and len(body) > 100_000
    status, kind, body = get(bench.url + "_static/fonts/FandolHei-Regular.otf")
    assert status == 200 and kind == "font/otf" and body[:4] == b"OTTO"
    for path in ("_static/fonts/FandolKai-Regular.otf", "_static/..%2Fpages.py", "_static/%2E%2E/pages.py",
                 "_static/fonts/..%2F..%2F..%2Fpyproject.toml", "_static/", "_static/.stamp"):
        assert get(bench.url + path)[0] == 404, path


def test_the_pages_carry_the_token_and_no_inline_script(bench):
    for path in ("", "645"):
        status, _, body = get(bench.url + path)
        text = body.decode()
        assert status == 200
        assert re.search(r'<meta name="csrf-token" content="[^"]*">', text)
        assert "<script>" not in text and not re.search(r"<script(?![^>]*\ssrc=)", text)
        assert not re.search(r"\son[a-z]+=", text)
        assert re.search(r'<script type="module" src="/_static/(list|issue)\.js\?v=\d+"></script>', text)


def test_without_the_bundle_the_page_says_to_run_the_set_up(tmp_path, monkeypatch):
    monkeypatch.setattr(pages, "STATIC", tmp_path / "static")  # as before scripts/setup.sh ran
    request = Request({"type": "http", "method": "GET", "path": "/645", "headers": [], "typeset.csrf": "t0k"})
    html = pages.issue(request, "645", "总第 645 期", '<div id="live"></div>')
    assert "bash scripts/setup.sh" in html and "还没有生成" in html
    assert "<script" not in html and '<div id="live"></div>' in html  # the live pages still show
    assert '<meta name="csrf-token" content="t0k">' in html


def test_serve_opens_the_browser_when_asked(tmp_path, bench):
    opened = tmp_path / "opened.txt"
    script = tmp_path / "browser.py"
    script.write_text(f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n", "utf-8")
    env = {**os.environ, "BROWSER": f"{sys.executable} {script} %s"}
    proc = subprocess.Popen([sys.executable, "-m", "typeset", "serve", "--port", "0", "--open"], cwd=bench.root,
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url and "工作台地址" in line, line
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened.read_text("utf-8") == url[0]
    finally:
        proc.terminate()
        proc.wait(30)
        proc.stdout.close()


def test_the_bundle_is_built_from_the_sources_as_they_are():
    """scripts/setup.sh stamps the bundle with a hash of what it was built from: a source changed
    since (a bundle that would not show the change) fails here, until the set-up runs again."""
    import hashlib

    frontend = pages.STATIC.parent / "frontend"
    parts = [frontend / "package.json", frontend / "package-lock.json", frontend / "build.mjs",
             *sorted((p for p in (frontend / "src").rglob("*") if p.is_file()), key=lambda p: p.as_posix())]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in parts)).hexdigest()
    stamp = pages.STATIC / ".stamp"
    assert stamp.is_file() and stamp.read_text().strip() == digest, "run scripts/setup.sh (make setup)"
