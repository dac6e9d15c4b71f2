"""A real `typeset serve` in a throw-away project, and a real browser (Debian's Chromium)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


class Served:
    def __init__(self, root: Path):
        self.root = root
        self.issue = root / "issues" / "2024" / "645.yaml"
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def start(self) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "typeset", "serve", "--port", "0"], cwd=self.root,
                                     env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert m, f"server did not start: {line}{self.proc.stdout.read() if self.proc.poll() is not None else ''}"
        self.url = m[0]

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc and self.proc.stdout:
            self.proc.stdout.close()

    def edit(self, old: str, new: str) -> None:
        text = self.issue.read_text("utf-8")
        assert old in text
        self.issue.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def served(tmp_path):
    (tmp_path / "issues" / "2024").mkdir(parents=True)
    shutil.copy(ROOT / "issues" / "series.yaml", tmp_path / "issues" / "series.yaml")
    shutil.copy(ROOT / "issues" / "2024" / "645.yaml", tmp_path / "issues" / "2024" / "645.yaml")
    s = Served(tmp_path)
    s.start()
    yield s
    s.stop()


_chromium: dict = {}  # one Playwright and one Chromium per process, whichever conftests import `browser`


@pytest.fixture(scope="session")
def browser():
    """The session's Chromium. Other folders import this fixture; each import is a fixture of its
    own to pytest, so they share one browser here (a second sync Playwright would refuse to start)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/setup.sh installs it)")
    if not _chromium:
        from playwright.sync_api import sync_playwright

        p = sync_playwright().start()
        _chromium.update(playwright=p, browser=p.chromium.launch(executable_path=CHROMIUM, args=ARGS), users=0)
    _chromium["users"] += 1
    yield _chromium["browser"]
    _chromium["users"] -= 1
    if not _chromium["users"]:
        _chromium["browser"].close()
        _chromium["playwright"].stop()
        _chromium.clear()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(90_000)  # a rebuild on a busy machine
    yield page
    context.close()
