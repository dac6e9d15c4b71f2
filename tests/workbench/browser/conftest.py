"""The workbench in a browser: a real `typeset serve` in a throw-away project that is a real git
repository, driven in Debian's Chromium by role and label."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.serve.conftest import ROOT, Served, browser  # noqa: F401 - the one Chromium of the session

BUNDLE = ROOT / "typeset" / "workbench" / "static" / "issue.js"
expect.set_options(timeout=20_000)  # a check or a save on a machine shared with other builds


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def bench(tmp_path):
    if not BUNDLE.is_file():
        pytest.skip("the workbench's browser code is not built (scripts/setup.sh builds it)")
    (tmp_path / "issues" / "2024").mkdir(parents=True)
    shutil.copy(ROOT / "issues" / "series.yaml", tmp_path / "issues" / "series.yaml")
    shutil.copy(ROOT / "issues" / "2024" / "645.yaml", tmp_path / "issues" / "2024" / "645.yaml")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.name", "编辑甲")
    git(tmp_path, "config", "user.email", "editor@example.org")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "start")
    s = Served(tmp_path)
    s.start()
    yield s
    s.stop()


@pytest.fixture
def page(browser):  # noqa: F811 - the session's Chromium, imported above
    """A laptop screen; errors of the page's own code fail the test."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)  # a rebuild on a busy machine
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, errors
