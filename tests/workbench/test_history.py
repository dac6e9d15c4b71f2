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


def test_the_identity_is_what_git_config_get_says(tmp_path, monkeypatch):
    """user.name and user.email read in one call, each as `git config --get` gives it."""
    from typeset.workbench.history import identity

    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "global"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (tmp_path / "global").write_text("[user]\n\temail = global@example.org\n", "utf-8")
    (tmp_path / "more").write_text("[USER]\n\tNAME = 包含的名字\n", "utf-8")
    configs = ["", "[user]\n\tname = 办公室 \n", "[user]\n\tname = 甲\n\tname = 乙\n\temail = a@b\n",
               "[user]\n\tname = 甲\n[User]\n\tName = 丙\n", "[user]\n\tname\n", "[user]\n\tname = \"\"\n",
               "[include]\n\tpath = ../../more\n", "[user]\n\tname = 甲\n[include]\n\tpath = ../../more\n"]
    base = (repo / ".git" / "config").read_text("utf-8")
    for extra in configs:
        (repo / ".git" / "config").write_text(base + extra, "utf-8")
        said = {}
        for key in ("user.name", "user.email"):
            done = subprocess.run(["git", "config", "--get", key], cwd=repo, capture_output=True)
            said[key] = done.stdout.decode().strip() if done.returncode == 0 else ""
        got = identity(repo, None)
        assert (got["GIT_COMMITTER_NAME"], got["GIT_COMMITTER_EMAIL"]) == (
            said["user.name"] or "typeset 工作台", said["user.email"] or "typeset@localhost"), extra


def test_a_commit_holds_the_file_alone_however_git_knew_it(tmp_path, monkeypatch):
    """New, changed, staged or added: the commit holds the file as it is on disk, and nothing else
    staged; the index then holds that file as committed."""
    from typeset.workbench.history import Repository

    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(tmp_path, "init", "-q")
    issue, other = tmp_path / "645.yaml", tmp_path / "other.yaml"
    other.write_text("a: 1\n", "utf-8")
    git(tmp_path, "add", "other.yaml")
    repo = Repository(tmp_path)

    def committed(content: str, before=lambda: None) -> None:
        issue.write_text(content, "utf-8")
        before()
        commit = repo.commit(issue, "消息", "张编辑")
        assert commit == git(tmp_path, "rev-parse", "HEAD").strip()
        assert git(tmp_path, "show", "--format=", "--name-only", commit).split() == ["645.yaml"]
        assert git(tmp_path, "show", f"{commit}:645.yaml") == content
        assert git(tmp_path, "log", "-1", "--format=%an|%s") == "张编辑|消息\n"
        assert git(tmp_path, "diff", "--cached", "--name-only", "--", "645.yaml") == ""
        assert git(tmp_path, "diff", "--cached", "--name-only") == "other.yaml\n"  # still staged, not committed
        assert not repo.pending(issue)

    committed("date: 1\n")  # never known to git
    committed("date: 2\n")  # changed
    committed("date: 3\n", lambda: git(tmp_path, "add", "645.yaml"))  # the change staged
    committed("date: 4\n", lambda: (issue.write_text("date: 4 staged\n", "utf-8"), git(tmp_path, "add", "645.yaml"),
                                    issue.write_text("date: 4\n", "utf-8")))  # staged, then changed again
    git(tmp_path, "rm", "-q", "--cached", "645.yaml")
    committed("date: 5\n")  # its removal staged, the file still there
    assert repo.commit(issue, "无", None) == git(tmp_path, "rev-parse", "HEAD").strip()  # nothing to commit
    assert git(tmp_path, "log", "-1", "--format=%s") == "消息\n"
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    git(fresh, "init", "-q")
    issue = fresh / "645.yaml"
    repo = Repository(fresh)
    issue.write_text("a: 1\n", "utf-8")
    git(fresh, "add", "645.yaml")  # added, never committed
    assert repo.commit(issue, "消息", None) and git(fresh, "show", "HEAD:645.yaml") == "a: 1\n"


def test_the_work_tree_is_asked_of_git_again_only_when_a_git_folder_came_or_went(tmp_path, monkeypatch):
    import shutil

    from typeset.workbench import history

    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_DIR", raising=False)
    asked: list[str] = []
    real = history._git
    monkeypatch.setattr(history, "_git", lambda cwd, *args, **kw: asked.append(args[0]) or real(cwd, *args, **kw))
    outer = tmp_path / "outer"
    project = outer / "project"
    project.mkdir(parents=True)
    repos = history.Repositories(project)
    assert repos().root is None and repos().root is None  # none yet: asked each time
    assert asked == ["rev-parse", "rev-parse"]
    first = repos(create=True)
    assert first.root == project.resolve() and asked[2:] == ["rev-parse", "init", "rev-parse"]
    asked.clear()
    assert repos(create=True).root == first.root and repos().root == first.root and asked == []
    shutil.rmtree(project / ".git")  # gone: found (made) again
    assert repos().root is None and repos(create=True).root == project.resolve()
    assert (project / ".git").is_dir()
    shutil.rmtree(project / ".git")
    git(outer, "init", "-q")  # a repository above the folder
    assert repos().root == outer.resolve()
    asked.clear()
    assert repos().root == outer.resolve() and asked == []
    git(project, "init", "-q")  # one of its own, nearer
    assert repos().root == project.resolve()
    monkeypatch.setenv("GIT_DIR", str(outer / ".git"))  # git's search told where the repository is
    monkeypatch.setenv("GIT_WORK_TREE", str(outer))
    assert repos().root == outer.resolve() == history.top(project)
