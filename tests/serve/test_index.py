"""The list of issues (`/`) reads an issue in full only when its file or series.yaml changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from typeset.build import Project
from typeset.serve.app import Server

ROOT = Path(__file__).resolve().parents[2]


def test_listing_rereads_only_changed_files(tmp_path):
    (tmp_path / "issues" / "2024").mkdir(parents=True)
    shutil.copy(ROOT / "issues" / "series.yaml", tmp_path / "issues" / "series.yaml")
    issue = tmp_path / "issues" / "2024" / "645.yaml"
    shutil.copy(ROOT / "issues" / "2024" / "645.yaml", issue)
    text = issue.read_text("utf-8")
    other = issue.with_name("646.yaml")
    other.write_text(text.replace("date: 2024-03-26\nnumber: 40\ntotal: 645", "date: 2024-04-02"), "utf-8")
    server = Server(Project(tmp_path))
    first = server._rows()
    assert [r["ok"] for r in first] == [True, True]
    kept = dict(server.listing)
    assert server._rows() == first
    assert all(server.listing[k] is kept[k] for k in kept)  # nothing read again
    other.write_text(other.read_text("utf-8").replace("sections:", "titel: x\nsections:"), "utf-8")
    rows = server._rows()
    assert server.listing[str(issue)] is kept[str(issue)] and server.listing[str(other)] is not kept[str(other)]
    assert [r["ok"] for r in rows] == [True, False] and "titel" in rows[1]["problem"]
    series = tmp_path / "issues" / "series.yaml"
    series.write_text(series.read_text("utf-8") + "\n", "utf-8")  # series changed: every issue read again
    server._rows()
    assert server.listing[str(issue)] is not kept[str(issue)]
