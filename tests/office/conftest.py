"""A real `typeset serve` with its options, and a small HTTP client that keeps cookies (loopback only)."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-1"


def make_project(folder: Path) -> Path:
    (folder / "issues" / "2024").mkdir(parents=True)
    shutil.copy(ROOT / "issues" / "series.yaml", folder / "issues" / "series.yaml")
    shutil.copy(ROOT / "issues" / "2024" / "645.yaml", folder / "issues" / "2024" / "645.yaml")
    return folder


def typeset(cwd: Path, *args: str, stdin: str = "", timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "typeset", *args], cwd=cwd, input=stdin, text=True,
                          capture_output=True, timeout=timeout)


def add_user(cwd: Path, name: str, password: str = PASSWORD) -> None:
    done = typeset(cwd, "user", "add", name, stdin=f"{password}\n{password}\n")
    assert done.returncode == 0, done.stderr


class Server:
    def __init__(self, root: Path, *options: str):
        self.root = root
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "typeset", "serve", "--port", "0", *options],
                                     cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://[^/]+:(\d+)/", line)
        assert m, f"server did not start: {line}{self.proc.stdout.read() if self.proc.poll() is not None else ''}"
        self.port = int(m[1])
        self.url = f"http://127.0.0.1:{self.port}/"  # whatever it is bound to, tests talk to loopback only

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()


class Client:
    """One browser's worth of HTTP: its cookies, its Origin, to 127.0.0.1 only."""

    def __init__(self, port: int, host: str | None = None):
        self.port = port
        self.host = host or f"127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | str | None = None, headers: dict | None = None,
                html: bool = True, origin: str | None = "same") -> tuple[int, dict[str, str], str, list[str]]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        h = {"Host": self.host, "Accept": "text/html" if html else "application/json"}
        if origin == "same":
            h["Origin"] = f"http://{self.host}"
        elif origin:
            h["Origin"] = origin
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(headers or {})
        conn.request(method, path, body=body.encode() if isinstance(body, str) else body, headers=h)
        r = conn.getresponse()
        if (r.getheader("content-type") or "").startswith("text/event-stream"):  # never ends: its first event
            data = r.fp.readline().decode("utf-8", "replace")
        else:
            data = r.read().decode("utf-8", "replace")
        set_cookies = r.headers.get_all("set-cookie") or []
        for raw in set_cookies:
            c = SimpleCookie()
            c.load(raw)
            for k, morsel in c.items():
                if morsel.value:
                    self.cookies[k] = morsel.value
                else:
                    self.cookies.pop(k, None)
        conn.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data, set_cookies

    def get(self, path: str, html: bool = True):
        return self.request("GET", path, html=html, origin=None)

    def token(self, path: str = "/_login") -> str:
        status, _, body, _ = self.get(path)
        m = re.search(r'<meta name="csrf-token" content="([^"]*)"', body)
        assert m, (status, body[:300])
        return m[1]

    def form(self, path: str, fields: dict[str, str], token: str | None = None, origin: str | None = "same"):
        from urllib.parse import urlencode

        body = urlencode({**({"csrf_token": token} if token is not None else {}), **fields})
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"},
                            origin=origin)

    def login(self, name: str, password: str = PASSWORD):
        return self.form("/_login", {"username": name, "password": password}, self.token())


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "简报 项目")


@pytest.fixture
def start(project):
    servers: list[Server] = []

    def run(*options: str) -> Server:
        servers.append(Server(project, *options))
        return servers[-1]

    yield run
    for s in servers:
        s.stop()
