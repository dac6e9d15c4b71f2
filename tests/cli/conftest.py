"""A generated series in a temporary project folder, and the real CLI run inside it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from typeset.cli import main

from .series import Made, make_series


@pytest.fixture
def series(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Made]:
    """60+ issues over 2023–2025 with supplements, stating their numbers; cwd = the project."""
    made = make_series(tmp_path)
    monkeypatch.chdir(tmp_path)
    return made


@pytest.fixture
def typeset() -> Callable[..., Result]:
    """typeset(*args) → click Result (exit_code, stdout, stderr), run in the current folder."""
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, list(args), catch_exceptions=False)

    return run
