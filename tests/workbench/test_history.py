"""History in the editor's words and restoring a version, over HTTP and on the command line."""

from __future__ import annotations

import subprocess
import sys

from .conftest import git


def cli(root, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "typeset", *args], cwd=root, capture_output=True, text=True,
                          timeout=120)


def test_versions_in_words_and_a_restore_that_destroys_nothing(bench):
    root = bench.served.root
    status, got = bench.get("/_api/issue/645")
    data = got["data"]
    data["sections"][0]["articles"][0]["title"] = "川渝地方志携手助力“双圈”建设"
    data["sections"][1]["articles"][0]["paragraphs"][1] += "（完）"
    status, first = bench.post("/_api/issue/645/save", {"base": got["version"], "data": data})
    assert status == 200
    data["sections"][1]["articles"][0]["paragraphs"].append("新的第三段。")
    del data["sections"][0]["articles"][0]["source"]
    status, second = bench.post("/_api/issue/645/save", {"base": first["version"], "data": data})
    assert status == 200

    status, history = bench.get("/_api/issue/2024-40/history")
    assert status == 200
    versions = history["versions"]
    assert [v["commit"] for v in versions] == git(root, "log", "--format=%H").split()
    assert len(versions) == 3 and all(v["author"] and v["date"] and v["short"] for v in versions)
    assert versions[0]["changes"] == ["删去第1个栏目第1篇文章的来源：“省地方志办”",
                                      "新增第2个栏目第1篇文章第3段：“新的第三段。”"]
    assert versions[1]["changes"][0] == ("第1个栏目第1篇文章的标题：“唱好“双城记” 川渝地方志携手助力“双圈”建设”"
                                         " → “川渝地方志携手助力“双圈”建设”")
    assert versions[1]["changes"][1].startswith("第2个栏目第1篇文章第2段：“……")
    assert versions[1]["changes"][1] == "第2个栏目第1篇文章第2段：“……好阿坝扶贫故事。” → “……好阿坝扶贫故事。（完）”"
    assert versions[2]["changes"] == ["最早的版本"]

    original = git(root, "show", f"{versions[2]['commit']}:issues/2024/645.yaml")
    status, stale = bench.post("/_api/issue/645/restore", {"commit": versions[2]["commit"], "base": got["version"]})
    assert status == 409  # based on an old version: nothing restored
    status, restored = bench.post("/_api/issue/645/restore", {"commit": versions[2]["short"],
                                                               "base": second["version"]})
    assert status == 200, restored
    assert bench.served.issue.read_text("utf-8") == original == restored["yaml"]
    assert len(git(root, "log", "--format=%H").split()) == 4  # a new version; the others all kept
    status, history = bench.get("/_api/issue/645/history")
    assert history["versions"][0]["message"].startswith("645：恢复到 ")
    assert "新增第1个栏目第1篇文章的来源：“省地方志办”" in history["versions"][0]["changes"]

    listed = cli(root, "history", "645")
    assert listed.returncode == 0, listed.stderr
    assert f"版本 {versions[1]['short']}" in listed.stdout
    assert "    删去第1个栏目第1篇文章的来源：“省地方志办”" in listed.stdout
    back = cli(root, "restore", "2024-40", versions[0]["short"])
    assert back.returncode == 0, back.stderr
    assert "已把 645.yaml 恢复到版本" in back.stdout
    assert bench.served.issue.read_text("utf-8") == second["yaml"]
    assert len(git(root, "log", "--format=%H").split()) == 5
    wrong = cli(root, "restore", "645", "zzzz")
    assert wrong.returncode == 1 and "没有这个版本" in wrong.stderr


def test_the_author_is_the_account_else_git_else_the_workbench(tmp_path, monkeypatch):
    from typeset.workbench.history import identity

    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(tmp_path, "init", "-q")
    assert identity(tmp_path, None)["GIT_AUTHOR_NAME"] == "typeset 工作台"
    assert identity(tmp_path, "张编辑")["GIT_AUTHOR_NAME"] == "张编辑"
    git(tmp_path, "config", "user.name", "办公室")
    git(tmp_path, "config", "user.email", "office@example.org")
    assert identity(tmp_path, None)["GIT_AUTHOR_NAME"] == "办公室"
    mine = identity(tmp_path, "张编辑")
    assert (mine["GIT_AUTHOR_NAME"], mine["GIT_COMMITTER_NAME"]) == ("张编辑", "办公室")
