"""A save rebuilds only the previews whose inputs changed: its own issue's, and another issue's
only when its numbers moved; saves that arrive during a rebuild are built once, the newest."""

from __future__ import annotations

import re
import time

from tests.serve.conftest import ROOT, Served
from tests.workbench.conftest import Client
from tests.workbench.test_bounded import SETTLE, until, version

TEXT = (ROOT / "issues" / "2024" / "645.yaml").read_text("utf-8")
HEAD = "date: 2024-03-26\nnumber: 40\ntotal: 645"
LINE = "          - 会上，双方就全书编纂思路"


def three_issues(tmp_path) -> Client:
    folder = tmp_path / "issues" / "2024"
    folder.mkdir(parents=True)
    (tmp_path / "issues" / "series.yaml").write_text((ROOT / "issues" / "series.yaml").read_text("utf-8"), "utf-8")
    (folder / "645.yaml").write_text(TEXT, "utf-8")
    for name, date in (("b", "2024-04-02"), ("c", "2024-04-09")):  # numbered 646, 647 by the series
        (folder / f"{name}.yaml").write_text(TEXT.replace(HEAD, f"date: {date}"), "utf-8")
    served = Served(tmp_path)
    served.start()
    return Client(served)


def save(bench: Client, target: str, old: str, new: str) -> None:
    status, got = bench.get(f"/_api/issue/{target}")
    assert status == 200 and old in got["yaml"], got
    status, saved = bench.post(f"/_api/issue/{target}/save", {"base": got["version"],
                                                              "yaml": got["yaml"].replace(old, new, 1)})
    assert status == 200, saved


def versions(bench: Client) -> dict[str, int]:
    return {t: version(bench, t) for t in ("645", "646", "647")}


def page_text(bench: Client, target: str) -> str:
    live = bench.get(f"/{target}/live")[1].decode()
    return re.sub(r"\s+", "", "".join(re.findall(r"<div>([^<]*)</div>", live)))


def test_a_save_rebuilds_its_issue_and_those_it_renumbers(tmp_path):
    bench = three_issues(tmp_path)
    try:
        for target in ("645", "646", "647"):
            assert bench.get(f"/{target}")[0] == 200
        time.sleep(SETTLE)
        before = versions(bench)

        save(bench, "646", "copies: 21", "copies: 22")  # nothing of the others' numbers moves
        until(bench, "646", before["646"] + 1)
        time.sleep(SETTLE)
        assert versions(bench) == {**before, "646": before["646"] + 1}

        save(bench, "645", "copies: 21", "copies: 23")  # the same for the first issue of the series
        until(bench, "645", before["645"] + 1)
        time.sleep(SETTLE)
        assert versions(bench) == {"645": before["645"] + 1, "646": before["646"] + 1, "647": before["647"]}

        # 646 moves after 647: the two swap their numbers, 645 keeps its own
        save(bench, "646", "date: 2024-04-02", "date: 2024-04-20")
        until(bench, "647", before["647"] + 1)
        time.sleep(SETTLE)
        now = versions(bench)
        assert now["645"] == before["645"] + 1
        assert now["647"] == before["647"] + 1
        assert now["646"] == before["646"] + 2
        assert "总第647期" in page_text(bench, "646") and "总第646期" in page_text(bench, "647")
    finally:
        bench.served.stop()


def marked(text: str, i: int) -> str:
    line = next(x for x in text.splitlines() if x.startswith(LINE))
    return text.replace(line, re.sub(r"〔第\d+次〕$", "", line) + f"〔第{i}次〕")


def shown(bench: Client, marker: str) -> None:
    deadline = time.monotonic() + 60
    while marker not in page_text(bench, "645"):
        assert time.monotonic() < deadline, f"{marker} never reached the preview"
        time.sleep(0.1)


def test_rapid_changes_are_built_once_more_with_the_newest_text(tmp_path):
    bench = three_issues(tmp_path)
    try:
        assert bench.get("/645")[0] == 200
        time.sleep(SETTLE)
        first = version(bench, "645")
        status, got = bench.get("/_api/issue/645")
        base, text = got["version"], got["yaml"]
        for i in range(10):  # ten saves, each sent as soon as the last one is answered
            status, saved = bench.post("/_api/issue/645/save", {"base": base, "yaml": marked(text, i)})
            assert status == 200, saved
            base, text = saved["version"], saved["yaml"]
        shown(bench, "〔第9次〕")
        time.sleep(SETTLE)
        second = version(bench, "645")
        assert 1 <= second - first <= 10  # at most one a save: the watcher built none of them again

        issue = bench.served.root / "issues" / "2024" / "645.yaml"
        for i in range(10, 20):  # ten changes on disk, quicker than a rebuild
            issue.write_text(marked(issue.read_text("utf-8"), i), "utf-8")
            time.sleep(0.06)
        shown(bench, "〔第19次〕")
        time.sleep(SETTLE)
        assert "〔第19次〕" in page_text(bench, "645")
        assert 1 <= version(bench, "645") - second <= 8, "a rebuild for each change, not the newest once"
    finally:
        bench.served.stop()
