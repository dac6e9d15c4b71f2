"""Two editors logged in save the same issue: the second is shown the conflict, nothing is lost, and
each commit carries its editor's name (real server with accounts, real git)."""

from __future__ import annotations

import json
import subprocess

from .conftest import Client, add_user


def _issue(c: Client) -> dict:
    status, _, body, _ = c.get("/_api/issue/645", html=False)
    assert status == 200, body[:300]
    return json.loads(body)


def _save(c: Client, base: str, data: dict) -> tuple[int, dict]:
    token = c.token("/_account")
    status, _, body, _ = c.request("POST", "/_api/issue/645/save", json.dumps({"base": base, "data": data}),
                                   {"Content-Type": "application/json", "X-CSRF-Token": token}, html=False)
    return status, json.loads(body)


def test_two_editors_save_the_same_issue(project, start):
    add_user(project, "张三")
    add_user(project, "李四")
    s = start()
    zhang, li = Client(s.port), Client(s.port)
    assert zhang.login("张三")[0] == 303 and li.login("李四")[0] == 303
    a, b = _issue(zhang), _issue(li)
    assert a["version"] == b["version"]

    a["data"]["sections"][0]["articles"][0]["title"] = "张三改的标题"
    status, saved = _save(zhang, a["version"], a["data"])
    assert status == 200, saved

    first = b["data"]["sections"][0]["articles"][0]["paragraphs"]
    first[0] = first[0] + "李四补充的一句。"
    status, conflict = _save(li, b["version"], b["data"])  # from the version before 张三's save
    assert status == 409 and conflict["conflict"] and "张三改的标题" in conflict["yaml"]

    fresh = _issue(li)  # 李四 reloads, makes the change again, saves
    fresh["data"]["sections"][0]["articles"][0]["paragraphs"][0] += "李四补充的一句。"
    status, saved = _save(li, fresh["version"], fresh["data"])
    assert status == 200, saved

    text = (project / "issues" / "2024" / "645.yaml").read_text("utf-8")
    assert "张三改的标题" in text and text.count("李四补充的一句。") == 1
    authors = subprocess.run(["git", "log", "--format=%an", "--", "issues/2024/645.yaml"], cwd=project,
                             capture_output=True, text=True, check=True).stdout.split()
    assert authors[:2] == ["李四", "张三"]
    # without a session, the API answers nothing and saves nothing
    stranger = Client(s.port)
    status, _, _, _ = stranger.request("POST", "/_api/issue/645/save", "{}", {"Content-Type": "application/json",
                                       "X-CSRF-Token": stranger.token()}, html=False)
    assert status == 401
