"""Form data applied round-trip: whatever the texts and the edit, the file reads back as the
data sent, and every line the edit does not touch keeps its bytes and line end."""

from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeset.reader.yaml_source import load
from typeset.workbench.roundtrip import apply

from .conftest import ROOT

SAMPLE = (ROOT / "issues" / "2024" / "645.yaml").read_text("utf-8")
# texts as editors type them: Chinese, YAML's special characters, numbers, dates, quotes
TEXTS = st.text(alphabet=st.sampled_from(list("川渝地方志：:#'\"[]{},&*!|>%@`-?【】（）0123456789 yes no")),
                min_size=1, max_size=30).map(str.strip).filter(bool)


def read(tmp: Path, text: str) -> object:
    path = tmp / "issue.yaml"
    path.write_bytes(text.encode("utf-8"))
    return load(path, "issue.yaml").data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXTS, paragraph=TEXTS, source=TEXTS, crlf=st.booleans(), move=st.booleans())
def test_any_edit_reads_back_and_leaves_the_rest_alone(tmp_path, title, paragraph, source, crlf, move):
    original = SAMPLE.replace("copies: 21", "copies: 21   # 份数").replace("\n", "\r\n" if crlf else "\n")
    old = read(tmp_path, original)
    new = copy.deepcopy(old)
    article = new["sections"][1]["articles"][0]
    article["title"] = title
    article["paragraphs"].insert(1, paragraph)
    article["source"] = source
    if move:
        new["sections"].reverse()
    text = apply(original, old, new)
    assert read(tmp_path, text) == new
    lines = original.splitlines(keepends=True)
    kept = text.splitlines(keepends=True)
    untouched = [line for line in lines if "王树明" not in line and "阿坝州地方志办公室" not in line]
    assert all(line in kept for line in untouched)
    assert all(line.endswith("\r\n" if crlf else "\n") for line in kept)
    assert apply(original, old, copy.deepcopy(old)) == original
