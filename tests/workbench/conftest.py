"""A real `typeset serve` in a throw-away copy of the project, and a small JSON client."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.serve.conftest import ROOT, Served

TIMEOUT = 120  # a first build on a busy machine


class Client:
    """Requests as the workbench's pages send them: the server's cookie, and on every POST the page's
    CSRF token (X-CSRF-Token) and the same Origin (typeset/serve/security.py)."""

    def __init__(self, served: Served) -> None:
        self.served = served
        self.cookie = ""
        self.token = ""

    def _credentials(self) -> dict[str, str]:
        if not self.token:
            with urllib.request.urlopen(self.served.url + "_account", timeout=TIMEOUT) as r:
                self.cookie = r.headers.get("Set-Cookie", "").split(";")[0]
                self.token = re.search(r'name="csrf-token" content="([^"]+)"', r.read().decode())[1]
        return {"Cookie": self.cookie, "X-CSRF-Token": self.token, "Origin": self.served.url.rstrip("/")}

    def request(self, method: str, path: str, data: Any = None, raw: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, Any]:
        body = raw if raw is not None else (json.dumps(data, ensure_ascii=False).encode() if data is not None else None)
        head = {"Content-Type": "application/json", **(self._credentials() if method != "GET" else {}),
                **(headers or {})}
        req = urllib.request.Request(self.served.url.rstrip("/") + urllib.parse.quote(path), body, head, method=method)
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
                status, payload, kind = r.status, r.read(), r.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            status, payload, kind = err.code, err.read(), err.headers.get("Content-Type", "")
        if kind.startswith("application/json"):
            return status, json.loads(payload)
        return status, payload

    def get(self, path: str) -> tuple[int, Any]:
        return self.request("GET", path)

    def post(self, path: str, data: Any = None, **kw: Any) -> tuple[int, Any]:
        return self.request("POST", path, data, **kw)

    def multipart(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[int, Any]:
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content, kind) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f"Content-Type: {kind}\r\n\r\n".encode() + content + b"\r\n")
        raw = b"".join(parts) + f"--{boundary}--\r\n".encode()
        kind = f"multipart/form-data; boundary={boundary}"
        return self.request("POST", path, raw=raw, headers={"Content-Type": kind})


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def project(tmp_path: Path) -> Path:
    (tmp_path / "issues" / "2024").mkdir(parents=True)
    shutil.copy(ROOT / "issues" / "series.yaml", tmp_path / "issues" / "series.yaml")
    shutil.copy(ROOT / "issues" / "2024" / "645.yaml", tmp_path / "issues" / "2024" / "645.yaml")
    return tmp_path


@pytest.fixture
def bench(tmp_path):
    s = Served(project(tmp_path))
    s.start()
    yield Client(s)
    s.stop()
