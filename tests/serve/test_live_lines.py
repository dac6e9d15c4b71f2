"""The live part of an issue page: each page's text made once per build and shown as made afresh."""

from __future__ import annotations

import gc
import shutil
from dataclasses import replace
from html import escape

from tests.serve.conftest import ROOT
from typeset.build import Project, prepare
from typeset.serve import views
from typeset.serve.app import Server
from typeset.serve.preview import Good, IssuePreview


def test_the_pages_text_is_made_once_per_build(tmp_path):
    shutil.copytree(ROOT / "issues", tmp_path / "issues")
    project = Project(tmp_path)
    path = tmp_path / "issues" / "2024" / "645.yaml"
    prepared = prepare(path, project)
    texts = views.page_texts(prepared.composed)
    assert len(texts) >= 2 and all(texts)
    good = Good(prepared, [f"p{n}" for n in range(len(texts))], (), 1.0, len(texts), len(texts), {})
    preview = IssuePreview(project, path, "645", version=3, good=good)
    server = Server(project)
    allowed = server.allowed()
    fresh = views.live(preview, allowed)
    assert views.live(preview, allowed, server.page_lines) == fresh
    assert all(f"<div>{escape(line)}</div>" in fresh for page in texts for line in page)
    assert server.page_lines(good) is server.page_lines(good)  # made once for this build

    other = replace(good, prepared=replace(prepared, composed=replace(prepared.composed,
                                                                       pages=prepared.composed.pages[:1])),
                    pages=["p0"])
    preview.good = other
    assert views.live(preview, allowed, server.page_lines) == views.live(preview, allowed)
    assert len(server.page_lines(other)) == 1 and len(server.page_lines(good)) == len(texts)

    del good
    preview.good = None
    gc.collect()
    third = replace(other, seconds=2.0)
    server.page_lines(third)  # the next build made: what a build gone kept goes with it
    assert sorted(len(v[1]) for v in server.lines.values()) == [1, 1]
