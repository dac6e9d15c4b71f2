"""A throw-away project for tests that act as an editor: issues/series.yaml, one issue,
the real CLI run in it (click's CliRunner, in process), and what it printed and wrote."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from typeset.cli import main

ROOT = Path(__file__).resolve().parent.parent
ISSUE = "issues/2024/645.yaml"

# A small valid issue: 2024-03-26 is 第 40 期（总第 645 期）by the series anchor.
BASE = """\
date: 2024-03-26
number: 40
total: 645
sections:
  - name: 特别关注
    articles:
      - title: 川渝地方志携手助力“双圈”建设
        paragraphs:
          - 3月25日，四川省地方志工作办公室到重庆市地方志办公室座谈交流。
          - 会上，双方就全书编纂思路进行沟通交流。
        source: 省地方志办
colophon:
  copies: 21
"""


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    @property
    def text(self) -> str:
        return self.stdout + self.stderr


class EditorProject:
    """issues/series.yaml copied from the real series; files written by the test."""

    def __init__(self, root: Path):
        self.root = root
        self.issues = root / "issues"
        (self.issues / "2024").mkdir(parents=True)
        shutil.copy(ROOT / "issues" / "series.yaml", self.issues / "series.yaml")
        self.out = root / "build"

    def write(self, content: str | bytes, name: str = ISSUE) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
        return path

    def run(self, *args: str, env: dict[str, str] | None = None) -> Run:
        """The CLI in this project's folder (the caller has chdir'ed there)."""
        result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=True)
        exception = result.exception
        if isinstance(exception, SystemExit):
            exception = None
        return Run(result.exit_code, result.stdout, result.stderr, exception)

    def build(self, *extra: str, target: str = ISSUE, env: dict[str, str] | None = None) -> Run:
        return self.run("build", target, "--format", "pdf", "-o", str(self.out), *extra, env=env)

    def written(self) -> list[Path]:
        return sorted(self.out.rglob("*")) if self.out.exists() else []
