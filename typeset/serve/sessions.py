"""Logged-in sessions, CSRF tokens and the limit on failed logins (in memory, per server).

A session is a random id in an HttpOnly, SameSite=Strict cookie; the server keeps
who it belongs to and when it was last used, and forgets it after `idle` seconds
without a request, at logout, or when its account is removed or given a new
password. A CSRF token is an HMAC of the session id (logged in) or of a random
pre-login cookie (before login, and on a loopback server without accounts), so a
token is worth nothing without the cookie it belongs to.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
import unicodedata
from collections import deque
from dataclasses import dataclass

from ..accounts import Accounts

SESSION_COOKIE = "typeset_session"
ANON_COOKIE = "typeset_csrf"
COOKIE_VALUE = re.compile(r"[A-Za-z0-9_-]{32,64}")
MAX_SESSIONS = 2000  # the oldest are dropped beyond this


def new_id() -> str:
    return secrets.token_urlsafe(32)


@dataclass
class Login:
    user: str
    stamp: str  # the account's stored hash when the session began
    last: float


class Failures:
    """Failed logins in the last `window` seconds, per account and per address."""

    def __init__(self, window: float = 15 * 60, per_account: int = 5, per_address: int = 20) -> None:
        self.window, self.per_account, self.per_address = window, per_account, per_address
        self.seen: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self.seen.get(key) or deque()
        while q and q[0] <= now - self.window:
            q.popleft()
        return q

    def wait(self, name: str, address: str) -> tuple[float, str]:
        """(seconds until another try is allowed, which limit was hit: "account"/"address"), or (0, "")."""
        name = _key(name)
        now = time.monotonic()
        for key, limit, kind in ((f"u:{name}", self.per_account, "account"),
                                 (f"a:{address}", self.per_address, "address")):
            q = self._recent(key, now)
            if len(q) >= limit:
                return q[0] + self.window - now, kind
        return 0.0, ""

    def failed(self, name: str, address: str) -> None:
        name = _key(name)
        now = time.monotonic()
        if len(self.seen) > 10000:  # bounded: forget the keys with nothing recent
            self.seen = {k: q for k, q in self.seen.items() if self._recent(k, now)}
        for key in (f"u:{name}", f"a:{address}"):
            q = self._recent(key, now)
            q.append(now)
            self.seen[key] = q

    def succeeded(self, name: str) -> None:
        self.seen.pop(f"u:{_key(name)}", None)


def _key(name: str) -> str:
    """An account name as the accounts file matches it (NFC, no surrounding spaces): spellings of
    one name share one limit."""
    return unicodedata.normalize("NFC", name.strip())[:64]


class Sessions:
    def __init__(self, accounts: Accounts, idle: float) -> None:
        self.accounts = accounts
        self.idle = idle
        self.secret = secrets.token_bytes(32)
        self.logins: dict[str, Login] = {}
        self.failures = Failures()

    def token(self, key: str) -> str:
        return hmac.new(self.secret, key.encode(), "sha256").hexdigest()

    def user(self, sid: str | None) -> str | None:
        """The account of a live session (and the session kept alive), else None."""
        login = self.logins.get(sid or "")
        if login is None:
            return None
        now = time.monotonic()
        if now - login.last > self.idle or self.accounts.stamp_of(login.user) != login.stamp:
            del self.logins[sid or ""]
            return None
        login.last = now
        return login.user

    def start(self, user: str) -> str:
        if len(self.logins) >= MAX_SESSIONS:
            now = time.monotonic()
            self.logins = {k: v for k, v in self.logins.items() if now - v.last <= self.idle}
            while len(self.logins) >= MAX_SESSIONS:
                del self.logins[min(self.logins, key=lambda k: self.logins[k].last)]
        sid = new_id()
        self.logins[sid] = Login(user, self.accounts.stamp_of(user), time.monotonic())
        return sid

    def end(self, sid: str | None) -> None:
        self.logins.pop(sid or "", None)
