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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem, TypesetError

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


def project_root(start: Path) -> Path | None:
    """The folder at or above `start` whose issues/series.yaml makes it a project."""
    for folder in (start, *start.parents):
        if (folder / "issues" / "series.yaml").is_file():
            return folder
    return None


@dataclass(frozen=True)
class Handed:
    outputs: tuple[str, ...]
    warnings: tuple[Problem, ...]
    pages: int


def advertised(start: Path) -> dict[str, Any] | None:
    """The handshake of a live server running for the series of the project at or above
    `start` (a file read, no connection), or None."""
    root = project_root(start)
    if root is None:
        return None
    try:
        info = json.loads(handshake_file(root).read_text("utf-8"))
        int(info["port"]), str(info["token"]), int(info["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if info.get("series") != str((root / "issues").resolve()) or not _alive(int(info["pid"])):
        return None
    return info


def hand_over(info: dict[str, Any], target: str, formats: tuple[str, ...], out_dir: Path,
              strict: bool) -> Handed | None:
    """The build done by the server of handshake `info` (advertised()), or None to build here.

    `target` as typed (645, 2024-40, a file); the server resolves a number itself."""
    port, token = int(info["port"]), str(info["token"])
    import http.client

    nonce = secrets.token_hex(16)
    job: dict[str, Any] = {"token": token, "nonce": nonce, "formats": list(formats), "strict": strict,
                           "out": str(out_dir.resolve())}
    as_file = Path(target)
    if target.endswith((".yaml", ".yml")) or "/" in target or os.sep in target or as_file.exists():
        job["path"] = str(as_file.resolve())
    else:
        job["target"] = target
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.connect()
        conn.sock.settimeout(60)  # connected: the build itself may take a while
        conn.request("POST", "/_build", json.dumps(job), {"Content-Type": "application/json"})
        answer = json.loads(conn.getresponse().read())
        conn.close()
    except (OSError, ValueError, http.client.HTTPException):
        return None
    expected = hmac.new(token.encode(), nonce.encode(), "sha256").hexdigest()
    if not hmac.compare_digest(str(answer.get("proof", "")), expected) or answer.get("series") != info["series"]:
        return None
    if answer.get("refused"):  # e.g. a format the server does not know: the usual path says why
        return None
    if "problems" in answer:
        raise TypesetError([Problem.from_json(p) for p in answer["problems"]])
    return Handed(tuple(_shown(p, out_dir) for p in answer["outputs"]),
                  tuple(Problem.from_json(p) for p in answer["warnings"]), int(answer["pages"]))


def _shown(path: str, out_dir: Path) -> str:
    """An output as a cold build names it: below the -o folder as the editor typed it."""
    p = Path(path)
    try:
        return str(out_dir / p.relative_to(out_dir.resolve()))
    except ValueError:
        return path
