"""Work per edit is bounded: one rebuild per changed issue, whatever the tabs and the
spellings of its name; a save is rebuilt once (not again when the watcher sees it)."""

from __future__ import annotations

import http.client
import re
import time
import urllib.parse

WAIT = 60  # seconds a rebuild may take on a busy machine
SETTLE = 1.5  # seconds after which a second rebuild would have been seen


def version(bench, target: str) -> int:
    status, live = bench.get(f"/{target}/live")
    assert status == 200
    return int(re.search(rb'data-version="(\d+)"', live)[1])


def until(bench, target: str, wanted: int) -> None:
    deadline = time.monotonic() + WAIT
    while version(bench, target) < wanted:
        assert time.monotonic() < deadline, f"{target} never reached version {wanted}"
        time.sleep(0.05)


def test_one_rebuild_per_change_whatever_the_tabs_and_spellings(bench):
    served = bench.served
    assert bench.get("/645")[0] == 200
    first = version(bench, "645")
    url = urllib.parse.urlsplit(served.url)
    tabs = []
    for _ in range(6):  # tabs listening to the same issue, some closed in the middle of a rebuild
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        conn.request("GET", "/645/events")
        conn.getresponse().readline()
        tabs.append(conn)
    served.edit("copies: 21", "copies: 22")
    for conn in tabs[:3]:
        conn.close()
    until(bench, "645", first + 1)
    assert bench.get("/2024-40")[0] == 200  # another spelling: the same preview, not built again
    assert version(bench, "2024-40") == first + 1
    served.edit("copies: 22", "copies: 23")
    until(bench, "645", first + 2)
    time.sleep(SETTLE)
    assert version(bench, "645") == version(bench, "2024-40") == first + 2

    status, got = bench.get("/_api/issue/645")
    status, saved = bench.post("/_api/issue/2024-40/save", {"base": got["version"],
                                                            "yaml": got["yaml"].replace("copies: 23", "copies: 24")})
    assert status == 200
    until(bench, "645", first + 3)
    time.sleep(SETTLE)
    assert version(bench, "645") == first + 3  # the watcher did not build the save again
    for conn in tabs[3:]:
        conn.close()
    assert bench.get("/_api/issues")[0] == 200
