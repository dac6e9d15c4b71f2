"""The handshake between `typeset serve` and `typeset build` (standard library only).

A running server writes build/.typeset-serve.json in the project (port, a
random token, its process id, the series folder; readable by its owner only).
`typeset build` reads it, sends the job with the token and a fresh nonce, and
accepts the answer only when it proves the token (an HMAC of the nonce) and
names the same series; anything else — no file, a stale one, no answer within
a moment — means a cold build.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from ..errors import Problem, TypesetError
from ..model import Origin

NAME = ".typeset-serve.json"


def handshake_file(project_root: Path) -> Path:
    return project_root / "build" / NAME


def publish(project_root: Path, issues: Path, port: int) -> tuple[Path, str]:
    """Write the handshake file; returns it and the token."""
    token = secrets.token_hex(16)
    path = handshake_file(project_root)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{NAME}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"port": port, "token": token, "pid": os.getpid(), "series": str(issues.resolve())}, f)
    os.replace(tmp, path)
    return path, token


def withdraw(path: Path, token: str) -> None:
    """Remove the handshake file if it is still this server's."""
    try:
        if json.loads(path.read_text("utf-8")).get("token") == token:
            path.unlink()
    except (OSError, ValueError):
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def hand_over(project_root: Path, issues: Path, path: Path, formats: tuple[str, ...], out_dir: Path,
              strict: bool) -> Any | None:
    """The build done by a running server for this series (a build.Result), or None to build here."""
    hs = handshake_file(project_root)
    try:
        info = json.loads(hs.read_text("utf-8"))
        port, token, pid = int(info["port"]), str(info["token"]), int(info["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if info.get("series") != str(issues.resolve()) or not _alive(pid):
        return None
    import http.client

    nonce = secrets.token_hex(16)
    job = {"token": token, "nonce": nonce, "path": str(path.resolve()), "formats": list(formats),
           "out": str(out_dir.resolve()), "strict": strict}
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.connect()
        conn.sock.settimeout(60)  # connected: the build itself may take a while
        conn.request("POST", "/_build", json.dumps(job), {"Content-Type": "application/json"})
        response = conn.getresponse()
        answer = json.loads(response.read())
        conn.close()
    except (OSError, ValueError, http.client.HTTPException):
        return None
    expected = hmac.new(token.encode(), nonce.encode(), "sha256").hexdigest()
    if not hmac.compare_digest(str(answer.get("proof", "")), expected) or answer.get("series") != info["series"]:
        return None
    if "problems" in answer:
        raise TypesetError([_problem(p) for p in answer["problems"]])
    from ..build import Result

    return Result(tuple(Path(p) for p in answer["outputs"]), tuple(_problem(p) for p in answer["warnings"]),
                  int(answer["pages"]))


def _problem(d: dict) -> Problem:
    o = d.get("origin")
    return Problem(d["message"], Origin(o[0], o[1], o[2]) if o else None, d.get("field", ""),
                   bool(d.get("warning")))
