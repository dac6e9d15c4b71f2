"""Numbering: issue → issue with its numbers (第 N 期, 总第 M 期).

    number(issue) → Issue
"""

from __future__ import annotations

import dataclasses

from .errors import Problem, TypesetError
from .model import Issue


def number(issue: Issue) -> Issue:
    """Take the numbers the file states."""
    if issue.stated is None:
        raise TypesetError(Problem("没有写期号（number、total）", issue.origin))
    return dataclasses.replace(issue, numbers=issue.stated)
