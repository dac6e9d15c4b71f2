"""Errors for editors: located, in Chinese, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Origin


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, where it stands and what to do."""

    message: str
    origin: Origin | None = None
    field: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        what = f"{self.field}：" if self.field else ""
        kind = "警告" if self.warning else "错误"
        return f"{where}{kind}：{what}{self.message}"


class TypesetError(Exception):
    """Raised with one or more problems; the CLI prints them and exits non-zero."""

    def __init__(self, problems: list[Problem] | Problem | str, origin: Origin | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems, origin)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InternalError(Exception):
    """A stage broke its contract with the next (never the author's input): the CLI
    reports it as an internal error, and tests catch it."""
