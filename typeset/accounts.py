"""Editors' accounts of a series' project: .typeset/users.json (standard library only).

Each account keeps only a salted scrypt hash of its password (the parameters stored
with it, so they can be raised later). The file is readable by its owner only and
written atomically; a server re-reads it when it changes on disk, so an account added,
removed or given a new password counts at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import TypesetError

FOLDER = ".typeset"
FILE = "users.json"
# scrypt: 2**15 × 8 × 128 bytes = 32 MiB and about 0.1 s per hash (OWASP's minimum is 2**17 × 8 × 1
# at 128 MiB; 2**15 keeps twenty logins at once within the memory of a small office machine).
N, R, P = 2**15, 8, 1
MAXMEM = 64 * 1024 * 1024
MIN_PASSWORD = 8
MAX_NAME = 32


def users_file(project_root: Path) -> Path:
    return project_root / FOLDER / FILE


# Hashes made at once, at most: more than the cores finish no sooner, and each holds 32 MiB while
# it runs (twenty editors logging in together would otherwise take 640 MiB for a moment).
_HASHING = threading.BoundedSemaphore(max(2, os.cpu_count() or 1))


def _hash(password: str, salt: bytes, n: int = N, r: int = R, p: int = P) -> bytes:
    with _HASHING:
        return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=MAXMEM, dklen=32)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    b64 = base64.b64encode
    return f"scrypt${N}${R}${P}${b64(salt).decode()}${b64(_hash(password, salt)).decode()}"


def _verify(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = _hash(password, base64.b64decode(salt), int(n), int(r), int(p))
        return hmac.compare_digest(got, base64.b64decode(digest))
    except (ValueError, TypeError):
        return False


_DUMMY = f"scrypt${N}${R}${P}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


def check_name(name: str) -> str:
    """An account name as typed, normalised (NFC, no surrounding spaces), or a Chinese refusal."""
    name = unicodedata.normalize("NFC", name.strip())
    if not name:
        raise TypesetError("用户名不能为空")
    if len(name) > MAX_NAME:
        raise TypesetError(f"用户名“{name}”太长：最多 {MAX_NAME} 个字")
    if any(unicodedata.category(c)[0] in "CZ" and c != " " for c in name) or any(c in '<>&"\'/\\' for c in name):
        raise TypesetError(f"用户名“{name}”中有不能用的字符（控制符、换行或 < > & \" ' / \\）：请用姓名或拼音")
    return name


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise TypesetError(f"密码太短：至少 {MIN_PASSWORD} 个字符")


@dataclass
class Accounts:
    """The accounts of one project; `load()` re-reads the file only when it changed."""

    path: Path

    def __post_init__(self) -> None:
        self._stamp: tuple[int, int, int] | None = None
        self._users: dict[str, str] = {}

    @classmethod
    def of(cls, project_root: Path) -> Accounts:
        return cls(users_file(project_root))

    def load(self) -> dict[str, str]:
        """name → stored hash (empty when there is no file)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            self._stamp, self._users = None, {}
            return self._users
        stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        if stamp != self._stamp:
            try:
                data = json.loads(self.path.read_text("utf-8"))
                users = {str(k): str(v["hash"]) for k, v in data.get("users", {}).items()}
            except (ValueError, AttributeError, KeyError, TypeError):
                raise TypesetError(f"账户文件 {self.path} 已损坏，无法读取：请从备份恢复，"
                                   "或删除它后用 typeset user add 重新添加账户") from None
            self._stamp, self._users = stamp, users
        return self._users

    def names(self) -> list[str]:
        return sorted(self.load())

    def exist(self) -> bool:
        return bool(self.load())

    def stamp_of(self, name: str) -> str:
        """What changes when the account's password changes (its stored hash), or "" when gone."""
        return self.load().get(name, "")

    def verify(self, name: str, password: str) -> bool:
        """Whether the password is right; as slow for an unknown name as for a known one."""
        stored = self.load().get(unicodedata.normalize("NFC", name.strip()))
        ok = _verify(password, stored or _DUMMY)
        return ok and stored is not None

    def set(self, name: str, password: str) -> None:
        users = dict(self.load())
        users[name] = hash_password(password)
        self._write(users)

    def remove(self, name: str) -> None:
        users = dict(self.load())
        if name not in users:
            raise TypesetError(f"没有账户“{name}”：现有账户见 typeset user list")
        del users[name]
        self._write(users)

    def _write(self, users: dict[str, str]) -> None:
        self.path.parent.mkdir(mode=0o700, exist_ok=True)
        tmp = self.path.with_name(f"{FILE}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"users": {k: {"hash": v} for k, v in sorted(users.items())}}, f, ensure_ascii=False,
                      indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)
        self._stamp = None
