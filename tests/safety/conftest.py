from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/: editor_project

from editor_project import EditorProject  # noqa: E402


@pytest.fixture
def editor(tmp_path, monkeypatch) -> EditorProject:
    project = EditorProject(tmp_path)
    monkeypatch.chdir(tmp_path)
    return project
