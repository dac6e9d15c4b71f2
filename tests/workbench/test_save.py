"""Reading, checking and saving an issue over HTTP against a real `typeset serve`, with a real
git repository: round-trip form saves, conflicts, refusals, malformed requests."""

from __future__ import annotations

import copy
import hashlib
import subprocess

import pytest

from tests.serve.conftest import Served

from .conftest import Client, git, project

# 645.yaml dressed as editors leave files: CRLF line ends, comments, quoted texts, a BOM.
DRESSED = [
    ("date: 2024-03-26", "date: 2024-03-26   # 出刊日期"),
    ("  - name: 市州动态", "  # 下面是市州的来稿\r\n  - name: '市州动态'"),
    ("        source: 省地方志办", '        source: "省地方志办"   # 来源'),
]


def dress(served: Served) -> bytes:
    text = served.issue.read_text("utf-8")
    for old, new in DRESSED:
        assert old in text
        text = text.replace(old, new)
    raw = b"\xef\xbb\xbf" + text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
    served.issue.write_bytes(raw)
    return raw


def start(tmp_path, fresh: bool = True) -> Client:
    s = Served(project(tmp_path) if fresh else tmp_path)
    s.start()
    return Client(s)


@pytest.fixture
def client(tmp_path):
    c = start(tmp_path)
    yield c
    c.served.stop()


def test_form_save_keeps_every_untouched_byte_and_commits_the_file_alone(client):
    served = client.served
    root = served.root
    raw = dress(served)
    (root / "notes.txt").write_text("not part of any save\n", "utf-8")
    status, got = client.get("/_api/issue/2024-40")  # another spelling of 645
    assert status == 200 and got["target"] == "2024-40" and got["file"] == "issues/2024/645.yaml"
    assert got["version"] == hashlib.sha256(raw).hexdigest() and got["problems"] == []
    assert got["data"]["date"] == "2024-03-26" and got["data"]["sections"][1]["name"] == "市州动态"
    assert "省委，省人大常委会，省人民政府，政协四川省委。" in got["defaults"]["to_superiors"]

    data = copy.deepcopy(got["data"])
    data["sections"][1]["articles"][0]["title"] = "王树明一行到省地方志办交流: 对接工作"
    data["sections"][0]["articles"][0]["paragraphs"].insert(2, "新加的一段。")
    status, saved = client.post("/_api/issue/645/save", {"base": got["version"], "data": data})
    assert status == 200, saved
    after = served.issue.read_bytes()
    assert saved["version"] == hashlib.sha256(after).hexdigest()
    assert after.startswith(b"\xef\xbb\xbf")
    old_lines, new_lines = raw.split(b"\r\n"), after.split(b"\r\n")
    assert b"\n" not in after.replace(b"\r\n", b"")  # every line end still CRLF
    removed = [line for line in old_lines if line not in new_lines]
    added = [line for line in new_lines if line not in old_lines]
    assert [line.decode() for line in removed] == ["      - title: 王树明率队赴省地方志办交流对接工作"]
    assert [line.decode() for line in added] == ["          - 新加的一段。",
                                                 "      - title: '王树明一行到省地方志办交流: 对接工作'"]
    for _, dressed in DRESSED:  # comments and quoting as they were
        for line in dressed.split("\r\n"):
            assert line.encode() in new_lines

    status, again = client.get("/_api/issue/645")
    assert again["data"] == data and again["version"] == saved["version"]
    log = git(root, "log", "--format=%H %s", "--name-only")
    assert "notes.txt" not in log
    assert saved["commit"] == git(root, "rev-parse", "HEAD").strip()
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == ["issues/2024/645.yaml"]
    assert subprocess.run(["git", "show", "HEAD:issues/2024/645.yaml"], cwd=root, capture_output=True,
                          check=True).stdout == after
    assert len(git(root, "log", "--format=%H").split()) == 2  # the file as it was, then the save
    assert "??" in git(root, "status", "--porcelain", "notes.txt")


def test_check_writes_nothing_and_a_text_that_does_not_read_is_refused(client):
    served = client.served
    before = served.issue.read_bytes()
    status, got = client.get("/_api/issue/645")
    broken = got["yaml"].replace("copies: 21", "copies: 二十一")
    status, checked = client.post("/_api/issue/645/check", {"yaml": broken})
    assert status == 200
    assert [(p["field"], p["origin"][0], p["origin"][1]) for p in checked["problems"]] == [
        ("colophon.copies", "issues/2024/645.yaml", 26)]
    assert "整数" in checked["problems"][0]["message"]
    long_title = got["data"]
    long_title["sections"][0]["articles"][0]["title"] = "很长的标题" * 12
    long_title["sections"][1]["articles"][0].pop("source")
    status, checked = client.post("/_api/issue/645/check", {"data": long_title})
    assert status == 200 and "很长的标题很长的标题" in checked["yaml"]
    fields = {p["field"] for p in checked["problems"]}
    assert "sections[1].articles[1].title" in fields, checked["problems"]
    assert served.issue.read_bytes() == before

    status, refused = client.post("/_api/issue/645/save", {"base": got["version"], "yaml": broken})
    assert status == 422 and refused["problems"][0]["field"] == "colophon.copies"
    status, refused = client.post("/_api/issue/645/save", {"base": got["version"], "yaml": "sections: [\n"})
    assert status == 422 and refused["problems"][0]["origin"][0] == "issues/2024/645.yaml"
    tabbed = copy.deepcopy(got["data"])
    tabbed["sections"][0]["name"] = "特别\t关注"  # the reader makes the tab a space: would not read back
    status, refused = client.post("/_api/issue/645/save", {"base": got["version"], "data": tabbed})
    assert status == 422 and refused["problems"][0]["field"] == "sections[1].name"
    assert "第1个栏目的栏目名" in refused["problems"][0]["message"]
    assert served.issue.read_bytes() == before
    assert not (served.root / ".git").exists()  # nothing saved, nothing committed


def test_a_save_based_on_an_older_version_overwrites_nothing(client):
    served = client.served
    status, got = client.get("/_api/issue/645")
    served.edit("copies: 21", "copies: 25")  # a text editor, meanwhile
    outside = served.issue.read_bytes()
    mine = got["yaml"].replace("disclosure: 主动公开", "disclosure: 依申请公开")
    status, conflict = client.post("/_api/issue/645/save", {"base": got["version"], "yaml": mine})
    assert status == 409 and conflict["conflict"] is True
    assert conflict["version"] == hashlib.sha256(outside).hexdigest()
    assert conflict["yaml"] == outside.decode()
    assert "-  copies: 21" in conflict["diff"] and "+  copies: 25" in conflict["diff"]
    assert conflict["changes"] == ["版记的共印份数：21 → 25"]
    assert served.issue.read_bytes() == outside
    status, saved = client.post("/_api/issue/645/save", {"base": conflict["version"], "yaml": mine.replace(
        "copies: 21", "copies: 25")})
    assert status == 200
    subjects = git(served.root, "log", "--format=%s").splitlines()
    assert subjects[0] == "645：版记的信息公开选项：“主动公开” → “依申请公开”"
    assert len(subjects) == 2  # the outside edit kept as its own version before the save


def test_an_existing_repository_is_used_as_it_is(tmp_path, monkeypatch):
    root = project(tmp_path)
    git(root, "init", "-q")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")  # no identity: the workbench's own
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    ident = ["-c", "user.name=办公室", "-c", "user.email=office@example.org"]
    git(root, *ident, "add", "issues")
    git(root, *ident, "commit", "-q", "-m", "first")
    first = git(root, "rev-parse", "HEAD").strip()
    (root / "draft.txt").write_text("staged, not the workbench's\n", "utf-8")
    git(root, "add", "draft.txt")
    client = start(tmp_path, fresh=False)
    try:
        status, got = client.get("/_api/issue/645")
        status, saved = client.post("/_api/issue/645/save", {
            "base": got["version"], "yaml": got["yaml"].replace("copies: 21", "copies: 22")})
        assert status == 200, saved
    finally:
        client.served.stop()
    assert git(root, "rev-parse", "HEAD~1").strip() == first  # history only grows
    assert git(root, "log", "-1", "--format=%an <%ae>") == "typeset 工作台 <typeset@localhost>\n"
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == ["issues/2024/645.yaml"]
    assert git(root, "diff", "--cached", "--name-only").split() == ["draft.txt"]  # still staged


def test_malformed_requests_and_a_broken_series_get_chinese_answers(client):
    served = client.served
    status, got = client.get("/_api/issue/645")
    for raw in (b"{not json", b"\xff\xfe", b"[1, 2]", b""):
        status, answer = client.post("/_api/issue/645/save", raw=raw)
        assert status == 400 and "JSON" in answer["message"], (raw, answer)
    status, answer = client.post("/_api/issue/645/save", {"base": got["version"], "yaml": 5})
    assert status == 400 and "yaml" in answer["message"]
    status, answer = client.post("/_api/issue/645/save", {"base": got["version"], "data": [1]})
    assert status == 400
    assert client.get("/_api/issue/645/save")[0] == 405
    assert client.post("/_api/issue/645")[0] == 405
    assert client.get("/_api/no/such/thing")[0] == 404
    status, answer = client.get("/_api/issue/999")
    assert status == 404 and "999" in answer["problems"][0]["message"]
    status, answer = client.get("/_api/issue/..%2F..%2Fetc%2Fpasswd")
    assert status == 404

    series = served.root / "issues" / "series.yaml"
    series.write_text(series.read_text("utf-8").replace("office: ", "office: [", 1), "utf-8")
    for method, path, body in (("GET", "/_api/issues", None), ("GET", "/_api/issue/645", None),
                               ("POST", "/_api/issue/645/check", {"yaml": got["yaml"]}),
                               ("GET", "/_api/issue/645/history", None)):
        status, answer = client.request(method, path, body)
        assert isinstance(answer, dict), (path, answer)
        origins = [p["origin"] for p in answer["problems"] if p["origin"]]
        assert any(o[0].endswith("series.yaml") and o[1] >= 4 for o in origins), (path, answer)
        assert any("方括号" in p["message"] for p in answer["problems"])


def test_a_yaml_save_from_the_browser_keeps_the_files_line_ends(client):
    served = client.served
    raw = dress(served)
    status, got = client.get("/_api/issue/645")
    assert "\r\n" in got["yaml"] and not got["yaml"].startswith("\ufeff")
    typed = got["yaml"].replace("\r\n", "\n")  # as a browser sends it
    typed = typed.replace("copies: 21", "copies: 24\n  printer: 综合处")
    status, saved = client.post("/_api/issue/645/save", {"base": got["version"], "yaml": typed})
    assert status == 200, saved
    after = served.issue.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    assert after == raw.replace(b"copies: 21", "copies: 24\r\n  printer: 综合处".encode())
