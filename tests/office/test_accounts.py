"""Accounts: the user commands, the refusal of an open address without them, logging in and out,
limits on failed logins, expiry (a real server; requests to 127.0.0.1 only)."""

from __future__ import annotations

import json
import os
import pty
import select
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import PASSWORD, Client, add_user, typeset

CHROMIUM = "/usr/bin/chromium"


def test_user_commands_keep_only_a_slow_salted_hash(project):
    add_user(project, "张三")
    add_user(project, "李四", "another-pass-2")
    path = project / ".typeset" / "users.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text("utf-8")
    assert PASSWORD not in text and "another-pass-2" not in text
    hashes = {k: v["hash"] for k, v in json.loads(text)["users"].items()}
    assert set(hashes) == {"张三", "李四"}
    kind, n, r, p, salt, digest = hashes["张三"].split("$")
    assert kind == "scrypt" and int(n) >= 2**15 and int(r) >= 8 and salt != hashes["李四"].split("$")[4]
    assert typeset(project, "user", "list").stdout.split() == ["张三", "李四"]
    # the same name twice, two different passwords, a short one: refused, file unchanged
    for args, stdin, words in ((["add", "张三"], f"{PASSWORD}\n{PASSWORD}\n", "已有账户"),
                               (["passwd", "张三"], "abcdefgh1\nabcdefgh2\n", "两次输入的密码不一样"),
                               (["passwd", "张三"], "short\nshort\n", "密码太短"),
                               (["remove", "王五"], "", "没有账户“王五”")):
        done = typeset(project, "user", *args, stdin=stdin)
        assert done.returncode == 1 and words in done.stderr and "Traceback" not in done.stderr
    assert path.read_text("utf-8") == text
    assert typeset(project, "user", "passwd", "张三", stdin="new-password-3\nnew-password-3\n").returncode == 0
    assert json.loads(path.read_text("utf-8"))["users"]["张三"]["hash"] != hashes["张三"]
    assert typeset(project, "user", "remove", "李四").returncode == 0
    assert typeset(project, "user", "list").stdout.split() == ["张三"]


def test_the_password_is_asked_twice_at_a_terminal_and_never_shown(project):
    """At a real terminal (a pseudo-terminal), getpass hides what is typed."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command at a terminal
        os.chdir(project)
        os.execv(sys.executable, [sys.executable, "-m", "typeset", "user", "add", "王五"])
    seen = b""

    def until(words: str, timeout: float = 60) -> None:
        nonlocal seen
        end = time.monotonic() + timeout
        while words.encode() not in seen and time.monotonic() < end:
            if select.select([fd], [], [], 0.5)[0]:
                try:
                    seen += os.read(fd, 1024)
                except OSError:
                    break

    until("设置密码")
    os.write(fd, b"terminal-secret-9\n")
    until("再输入一次")
    os.write(fd, b"terminal-secret-9\n")
    until("已添加账户")
    os.waitpid(pid, 0)
    os.close(fd)
    text = seen.decode("utf-8", "replace")
    assert "已添加账户“王五”" in text
    assert "terminal-secret-9" not in text
    from typeset.accounts import Accounts

    assert Accounts.of(project).verify("王五", "terminal-secret-9")


def test_an_open_address_is_refused_until_accounts_exist(project):
    done = typeset(project, "serve", "--host", "0.0.0.0", "--port", "0", timeout=60)
    assert done.returncode == 1
    assert "还没有账户" in done.stderr and "typeset user add" in done.stderr and "Traceback" not in done.stderr
    assert not (project / "build" / ".typeset-serve.json").exists()  # refused before binding


def test_with_accounts_every_answer_needs_a_login(project, start):
    add_user(project, "张三")
    s = start("--host", "0.0.0.0")  # bound to every address; spoken to on 127.0.0.1 only
    c = Client(s.port)
    status, headers, _, _ = c.get("/645")
    assert status == 303 and headers["location"] == "/_login?next=/645"
    for path in ("/", "/645.pdf", "/645/live", "/_api/issues", "/_static/issue.js", "/_account"):
        assert c.get(path, html=False)[0] == 401, path
    status, _, body, _ = c.get("/_login")
    assert status == 200 and "用户名" in body and "密码" in body and "登录" in body
    # a wrong password, then the right one
    status, _, body, _ = c.login("张三", "wrong-password")
    assert status == 401 and "用户名或密码不对" in body and "typeset_session" not in c.cookies
    status, _, body, _ = c.login("无此人", PASSWORD)
    assert status == 401 and "用户名或密码不对" in body
    status, headers, _, cookies = c.form("/_login", {"username": "张三", "password": PASSWORD, "next": "/645"},
                                         c.token())
    assert status == 303 and headers["location"] == "/645"
    session = next(x for x in cookies if x.startswith("typeset_session="))
    assert "HttpOnly" in session and "SameSite=strict" in session.replace("Strict", "strict")
    assert "Max-Age" not in session and "expires" not in session.lower()  # the server decides when it ends
    assert c.get("/")[0] == 200 and c.get("/645.pdf", html=False)[0] == 200
    assert "已登录：张三" in c.get("/_account")[2]
    # the token of the login session, not the one from before it
    status = c.form("/_logout", {}, c.token("/_account"))[0]
    assert status == 303
    assert c.get("/")[0] == 303 and c.get("/_account", html=False)[0] == 401
    # an outside next is not followed
    status, headers, _, _ = c.form("/_login", {"username": "张三", "password": PASSWORD,
                                               "next": "//evil.example/"}, c.token())
    assert status == 303 and headers["location"] == "/"


def test_failed_logins_are_limited_per_account_and_per_address(project, start):
    add_user(project, "张三")
    add_user(project, "李四")
    s = start()  # loopback, with accounts: login required too
    c = Client(s.port)
    for _ in range(5):
        assert c.login("张三", "wrong-password")[0] == 401
    status, _, body, _ = c.login("张三", PASSWORD)  # even the right password waits now
    assert status == 429 and "张三" in body and "次数太多" in body and "分钟后再试" in body
    assert "typeset_session" not in c.cookies
    assert c.login("李四", PASSWORD)[0] == 303  # another account is not locked
    c.form("/_logout", {}, c.token("/_account"))
    for n in range(15):  # 5 + 15 = 20 failures from this address
        assert c.login(f"猜测{n}", "wrong-password")[0] == 401
    status, _, body, _ = c.login("李四", PASSWORD)
    assert status == 429 and "这台电脑" in body


def test_a_session_ends_when_idle_and_when_the_password_changes(project, start):
    add_user(project, "张三")
    s = start("--session-hours", "0.001")  # 3.6 seconds
    c = Client(s.port)
    assert c.login("张三")[0] == 303
    for _ in range(3):  # used: kept alive
        time.sleep(1)
        assert c.get("/")[0] == 200
    time.sleep(4.5)
    assert c.get("/")[0] == 303 and c.get("/", html=False)[0] == 401
    s.stop()
    s = start()
    c = Client(s.port)
    assert c.login("张三")[0] == 303 and c.get("/")[0] == 200
    assert typeset(project, "user", "passwd", "张三", stdin="changed-pass-4\nchanged-pass-4\n").returncode == 0
    assert c.get("/")[0] == 303
    assert c.login("张三", "changed-pass-4")[0] == 303
    add_user(project, "李四")
    assert typeset(project, "user", "remove", "张三").returncode == 0
    assert c.get("/")[0] == 303
    # the last account removed: a loopback server is open again, as without accounts
    assert typeset(project, "user", "remove", "李四").returncode == 0
    assert c.get("/")[0] == 200


def test_login_and_logout_in_a_real_browser(project, start):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/setup.sh installs it)")
    add_user(project, "张三")
    s = start()
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("browser_login.py")), s.url, "张三",
                           PASSWORD], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert "/_login?next=/645" in seen["first"]
    assert "用户名或密码不对" in seen["wrong"]
    assert seen["after"].endswith("/645") and seen["pages"] == 4
    assert seen["cookie"] == {"httpOnly": True, "sameSite": "Strict"} and not seen["script_sees_cookie"]
    assert "已登录：张三" in seen["account"]
    assert "/_login" in seen["after_logout"]
    assert not [e for e in seen["console"] if "Content Security Policy" in e], seen["console"]
