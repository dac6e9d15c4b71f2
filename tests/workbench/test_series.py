"""The list of issues, a new issue as `typeset new` makes it, the schema, and the stream of
files changed on disk."""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse

from .conftest import git

NEW = "/_api/issues"


def test_new_issue_with_the_rules_and_messages_of_typeset_new(bench):
    root = bench.served.root
    status, made = bench.post(NEW, {"date": "2024-04-02", "same_day": False, "supplement": False})
    assert status == 200, made
    assert made["target"] == "646" and made["file"] == "issues/2024/646.yaml"
    assert (root / "issues" / "2024" / "646.yaml").is_file()
    assert git(root, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "646：新建", "2024", "年第", "41", "期（总第", "646", "期），2024-04-02", "issues/2024/646.yaml"]
    status, again = bench.post(NEW, {"date": "2024-04-02"})
    assert status == 422 and "已有一期" in again["problems"][0]["message"]
    status, same = bench.post(NEW, {"date": "2024-04-02", "same_day": True})
    assert status == 200 and same["target"] == "647"  # confirmed: a second issue that day
    status, early = bench.post(NEW, {"date": "2024-01-02"})
    assert status == 422 and "早于最近一期" in early["problems"][0]["message"]
    status, bad = bench.post(NEW, {"date": "2024-13-45"})
    assert status == 422 and bad["problems"][0]["message"] == "日期“2024-13-45”无效，应写成 YYYY-MM-DD，如 2024-03-26"
    status, far = bench.post(NEW, {"date": "2099-01-01"})
    assert status == 422 and "一年以后" in far["problems"][0]["message"]
    status, sup = bench.post(NEW, {"date": "2024-04-03", "supplement": True})
    assert status == 200 and sup["target"] == "2024-增刊-1" and sup["file"] == "issues/2024/增刊-1.yaml"
    assert bench.post(NEW, {"date": 20240405})[0] == 400
    assert bench.post(NEW, {"date": "2024-04-09", "supplement": "yes"})[0] == 400

    status, listed = bench.get(NEW)
    assert status == 200
    rows = {r["target"]: r for r in listed["issues"]}
    assert set(rows) == {"645", "646", "647", "2024-增刊-1"}
    assert rows["645"]["ok"] and rows["645"]["date"] == "2024-03-26" and rows["645"]["label"] == "第 40 期"
    assert not rows["646"]["ok"] and rows["646"]["problem"]  # a new issue is still to be filled
    status, fresh = bench.get("/_api/issue/646")
    assert status == 200 and fresh["data"]["number"] == 41

    status, schema = bench.get("/_api/schema")
    assert status == 200 and "sections" in schema["properties"]


def test_files_changed_on_disk_are_announced_at_once(bench):
    served = bench.served
    url = urllib.parse.urlsplit(served.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    conn.request("GET", "/_api/events")
    response = conn.getresponse()
    assert response.status == 200 and response.headers["Content-Type"].startswith("text/event-stream")
    assert response.readline().startswith(b": connected")
    try:
        served.edit("copies: 21", "copies: 23")
        start = time.monotonic()
        seen = []
        while time.monotonic() - start < 20:
            line = response.readline().decode("utf-8").strip()
            if line.startswith("data: "):
                seen.append(json.loads(line[6:]))
                if seen[-1]["file"] == "issues/2024/645.yaml":
                    break
        status, now = bench.get("/_api/issue/645")
        assert seen and seen[-1] == {"file": "issues/2024/645.yaml", "version": now["version"]}
        assert time.monotonic() - start < 5
    finally:
        conn.close()


def test_a_new_issue_filled_in_the_form_and_saved(bench):
    status, made = bench.post(NEW, {"date": "2024-04-02"})
    status, fresh = bench.get(f"/_api/issue/{made['target']}")
    assert {p["field"] for p in fresh["problems"]} >= {"sections[1].name", "sections[1].articles[1].title"}
    data = fresh["data"]
    section = data["sections"][0]
    section["name"] = "工作动态"
    section["articles"][0] = {"title": "省地方志办召开专题会议", "paragraphs": ["4月1日，省地方志办召开会议。"],
                              "source": "省地方志办"}
    section["articles"].append({"title": ["第二篇文章", "分两行"], "paragraphs": [
        {"text": "一、总体情况", "level": 1}, "正文一段。"]})
    data["colophon"]["copies"] = 30
    status, saved = bench.post(f"/_api/issue/{made['target']}/save", {"base": fresh["version"], "data": data})
    assert status == 200, saved
    assert [p for p in saved["problems"] if not p["warning"]] == []
    text = saved["yaml"]
    assert "# 栏目名，如 特别关注、工作动态、市州动态" in text  # the comments of typeset new stay
    assert "  - name: 工作动态" in text and "  copies: 30" in text
    status, again = bench.get(f"/_api/issue/{made['target']}")
    assert again["data"] == data
    # the second article has no source: a warning at that article, nothing else
    assert [(p["field"], p["warning"]) for p in again["problems"]] == [("sections[1].articles[2]", True)]
