"""A check remembered (document.Checks) is never older than what it read: series.yaml, the
other issues' dates and numbers."""

from __future__ import annotations

from tests.workbench.conftest import project
from typeset.build import Project
from typeset.workbench.document import Checks, check


def messages(checked) -> list[str]:
    return [p.message for p in checked.problems]


def test_a_remembered_check_follows_its_inputs(tmp_path):
    root = project(tmp_path)
    issue = root / "issues" / "2024" / "645.yaml"
    text = issue.read_text("utf-8")
    checks = Checks(Project(root))
    first = checks(issue, text)
    assert messages(first) == messages(check(issue, text, Project(root)))
    again = checks(issue, text)
    assert messages(again) == messages(first) and again.data == first.data
    again.data["date"] = "changed"  # what a caller does with the answer is not remembered
    assert checks(issue, text).data == first.data

    # another file states the same numbers: 645's numbers are in question now
    (root / "issues" / "2024" / "other.yaml").write_text(text, "utf-8")
    twin = checks(issue, text)
    assert messages(twin) == messages(check(issue, text, Project(root)))
    assert messages(twin) != messages(first)
    (root / "issues" / "2024" / "other.yaml").unlink()
    assert messages(checks(issue, text)) == messages(first)

    series = root / "issues" / "series.yaml"
    series.write_text(series.read_text("utf-8").replace("layout: ", "layout: nowhere-", 1), "utf-8")
    broken = checks(issue, text)
    assert messages(broken) == messages(check(issue, text, Project(root)))
    assert messages(broken) != messages(first)
