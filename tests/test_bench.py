"""The benchmark's generated issues stay valid as the schema and numbering evolve."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from typeset.build import Project, build
from typeset.cli import main

from .conftest import load_script

BENCH = Path(__file__).resolve().parent.parent / "bench" / "run.py"


@pytest.fixture(scope="module")
def bench():
    return load_script("bench_run", BENCH)


def test_generated_series_is_valid(bench, tmp_path, monkeypatch) -> None:
    root = bench.temp_project(tmp_path / "p")
    docs = bench.fixtures()
    for k in range(1, 4):
        name, data = bench.numbered(docs[k % len(docs)], k)
        bench.write_issue(root / "issues" / "batch" / name, data)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output


def test_repeated_articles_fill_pages(bench, tmp_path) -> None:
    root = bench.temp_project(tmp_path / "p")
    docs = bench.fixtures()
    articles = [a for d in docs for s in d["sections"] for a in s["articles"]]
    name, base = bench.numbered(docs[0], 1)
    path = bench.write_issue(root / "issues" / name, bench.repeated(base, articles, 12))
    assert build(path, Project(root), (), tmp_path / "out").pages >= 4


def test_process_tree_memory_is_read(bench) -> None:
    import os

    assert bench.tree_pss_mb(os.getpid()) > 10  # this pytest process alone


def test_the_batch_row_runs_typeset_build_all(bench, tmp_path) -> None:
    root = bench.temp_project(tmp_path / "p")
    seconds, cpu, pages = bench.batch(root, 3, ("pdf",), tmp_path / "out")
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 3 and pages >= 3
    assert seconds > 0 and cpu > 0
