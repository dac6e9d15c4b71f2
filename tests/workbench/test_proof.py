"""Proofreading in the workbench, over HTTP against a real server and a real git repository:
findings of the unsaved text at their fields, the certain corrections saved and committed,
and contributions cleaned as `typeset add` cleans them (unless keep_text)."""

from __future__ import annotations

import re

import yaml

from tests.contributions.offices import WECHAT

from .conftest import ROOT, git

ORIGINAL = (ROOT / "issues" / "2024" / "645.yaml").read_text("utf-8")
# 645 as printed (no findings) with comments of an editor's own, which the corrections must keep
BASE = ORIGINAL.replace("          - 座谈会上，",
                        "          # 第二段：座谈的内容（这条注释要原样留下）\n          - 座谈会上，", 1) \
               .replace("        source: 省地方志办\n", "        source: 省地方志办  # 来稿单位\n", 1)
# what editors get wrong, each a certain correction: (as printed, as typed)
SEEDS = [("助力“双圈”建设", '助力"双圈"建设'), ("座谈会上，双方", "座谈会上,双方"),
         ("检查督导编纂工作。", "检查督导  编纂工作。"), ("提出要求：一要", "提出要求:一要"),
         ("3月19日，阿坝州", "３月１９日，阿坝州")]
SEEDED = BASE
for _printed, _typed in SEEDS:
    assert SEEDED.count(_printed) == 1
    SEEDED = SEEDED.replace(_printed, _typed)
PASTED = WECHAT.replace("来源：",
                        "活动现场气氛热烈🎉，大家纷纷表示收获满满...\n\n２０２４年还将举办“方志讲堂” 。\n\n来源:")
CLEANED = ["4月1日，“川渝方志馆联盟”在重庆成立。【重要】联盟成员单位达32家。",
           "“方志+文旅”成为新亮点：多地推出“跟着方志去旅行”线路。",
           "‘存史、育人、资政’是地方志的基本功能。",
           "下一步，联盟将围绕“共建、共享、共赢”开展合作。",
           "活动现场气氛热烈，大家纷纷表示收获满满……",
           "2024年还将举办“方志讲堂”。"]


def value_at(data, field: str):
    """The value a 1-based field path (sections[1].articles[2].title) names in the data."""
    for name, index in re.findall(r"(\w+)(?:\[(\d+)\])?", field):
        data = data[name]
        if index:
            data = data[int(index) - 1]
    return data


def article(text: str, title: str) -> tuple[str, dict]:
    data = yaml.safe_load(text)
    for i, section in enumerate(data["sections"], 1):
        for j, a in enumerate(section["articles"], 1):
            if (a["title"] if isinstance(a["title"], str) else "".join(a["title"])) == title:
                return f"sections[{i}].articles[{j}]", a
    raise AssertionError(f"no article {title}")


def test_findings_of_the_unsaved_text_stand_at_their_fields(bench):
    status, got = bench.get("/_api/issue/645")
    assert status == 200 and got["proof"] == []  # the official issue is the house style
    status, checked = bench.post("/_api/issue/645/check", {"yaml": ORIGINAL})
    assert status == 200 and checked["proof"] == []

    before = bench.served.issue.read_bytes()
    status, checked = bench.post("/_api/issue/645/check", {"yaml": SEEDED})
    assert status == 200, checked
    assert bench.served.issue.read_bytes() == before  # nothing written
    found = checked["proof"]
    assert {(f["field"], f["chars"], f["fix"], f["category"]) for f in found} == {
        ("sections[1].articles[1].title", '"', "“", "半角标点"),
        ("sections[1].articles[1].title", '"', "”", "半角标点"),
        ("sections[1].articles[1].paragraphs[1]", "  ", "", "多余空格"),
        ("sections[1].articles[1].paragraphs[2]", ",", "，", "半角标点"),
        ("sections[2].articles[1].paragraphs[1]", "３", "3", "全角字母数字"),
        ("sections[2].articles[1].paragraphs[1]", "１", "1", "全角字母数字"),
        ("sections[2].articles[1].paragraphs[1]", "９", "9", "全角字母数字"),
        ("sections[2].articles[1].paragraphs[2]", ":", "：", "半角标点")}
    lines = SEEDED.split("\n")
    data = yaml.safe_load(SEEDED)
    for f in found:
        assert set(f) >= {"message", "field", "line", "column", "chars", "category", "fix"}
        assert lines[f["line"] - 1][f["column"] - 1:][:len(f["chars"])] == f["chars"]  # where the editor typed it
        assert f["chars"] in value_at(data, f["field"])  # the field a problem of that path names
        assert f["message"].startswith(f"校对：{f['category']}：")
        assert (f"改为“{f['fix']}”" if f["fix"] else "删去") in f["message"]
    assert not any(p["message"].startswith("校对") for p in checked["problems"])  # a list of their own

    # the form's data is proofread as the text saving it would write
    status, got = bench.get("/_api/issue/645")
    data = got["data"]
    data["sections"][0]["articles"][0]["paragraphs"][1] = data["sections"][0]["articles"][0]["paragraphs"][1] \
        .replace("座谈会上，", "座谈会上,")
    status, checked = bench.post("/_api/issue/645/check", {"data": data})
    assert status == 200
    assert [(f["field"], f["chars"]) for f in checked["proof"]] == [("sections[1].articles[1].paragraphs[2]", ",")]
    f = checked["proof"][0]
    assert checked["yaml"].split("\n")[f["line"] - 1][f["column"] - 1] == ","


def test_the_certain_corrections_are_saved_and_committed(bench):
    root = bench.served.root
    bench.served.issue.write_text(SEEDED, "utf-8")  # typed in a text editor
    status, got = bench.get("/_api/issue/645")
    assert len(got["proof"]) == 8
    status, fixed = bench.post("/_api/issue/645/proof/fix", {"base": got["version"]})
    assert status == 200, fixed
    assert bench.served.issue.read_bytes() == BASE.encode("utf-8")  # comments, every other line, byte for byte
    assert fixed["fixed"] == 8 and fixed["proof"] == [] and fixed["yaml"] == BASE
    assert {(c["field"], c["old"], c["new"]) for c in fixed["changes"]} >= {
        ("sections[1].articles[1].paragraphs[2]", ",", "，"), ("sections[1].articles[1].paragraphs[1]", "  ", "")}
    assert git(root, "log", "-1", "--format=%H") == fixed["commit"] + "\n"
    assert git(root, "log", "-1", "--format=%s").startswith("645：校对：自动改正 8 处（")
    assert git(root, "show", "HEAD:issues/2024/645.yaml") == BASE
    assert git(root, "show", "HEAD~1:issues/2024/645.yaml") == SEEDED  # the editor's text kept as a version

    status, again = bench.post("/_api/issue/645/proof/fix", {"base": got["version"]})  # an old base
    assert status == 409 and again["conflict"] and again["version"] == fixed["version"]
    status, again = bench.post("/_api/issue/645/proof/fix", {"base": fixed["version"]})
    assert status == 200 and again["fixed"] == 0 and again["commit"] == fixed["commit"]
    assert bench.served.issue.read_bytes() == BASE.encode("utf-8")


def test_a_file_with_crlf_and_a_bom_keeps_them(bench):
    bom = b"\xef\xbb\xbf"
    bench.served.issue.write_bytes(bom + SEEDED.replace("\n", "\r\n").encode("utf-8"))
    status, got = bench.get("/_api/issue/645")
    assert [(f["line"], f["column"]) for f in got["proof"]][:1] == [(8, 33)]
    status, fixed = bench.post("/_api/issue/645/proof/fix", {"base": got["version"]})
    assert status == 200 and fixed["fixed"] == 8
    assert bench.served.issue.read_bytes() == bom + BASE.replace("\n", "\r\n").encode("utf-8")


def test_a_pasted_contribution_is_cleaned_unless_kept_as_written(bench):
    status, got = bench.get("/_api/issue/645")
    status, read = bench.post("/_api/issue/645/contribution", {"text": PASTED, "section": ""})
    assert status == 200, read
    assert read["read"]["title"] == ["川渝共建方志馆联盟"] and read["read"]["source"] == "省地方志办"
    assert [p["text"] for p in read["read"]["paragraphs"]] == CLEANED
    assert read["corrected"] == 13 and read["keep_text"] is False
    assert read["notes"][0].startswith("已改正 13 处标点")
    assert any("#四川方志#、#地方志#" in n and "1 个表情符号" in n for n in read["notes"])
    assert "“方志+文旅”成为新亮点：" in read["yaml"] and '"方志+文旅"' not in read["yaml"]
    status, added = bench.post("/_api/issue/645/contribution/confirm",
                               {"token": read["token"], "section": "", "base": got["version"]})
    assert status == 200, added
    text = bench.served.issue.read_text("utf-8")
    _, written = article(text, "川渝共建方志馆联盟")
    assert written["paragraphs"] == CLEANED and written["source"] == "省地方志办"
    status, got = bench.get("/_api/issue/645")
    assert got["proof"] == []

    # another one (the same would be refused as added twice)
    other = PASTED.replace("# 川渝共建方志馆联盟", "# 川渝方志馆联盟成立")
    status, kept = bench.post("/_api/issue/645/contribution", {"text": other, "section": "", "keep_text": True})
    assert status == 200, kept
    assert kept["corrected"] == 0 and kept["keep_text"] is True
    assert kept["read"]["title"] == ["#四川方志# 川渝方志馆联盟成立"]
    assert not any(n.startswith("已改正") for n in kept["notes"])
    status, added = bench.post("/_api/issue/645/contribution/confirm",
                               {"token": kept["token"], "section": "", "base": got["version"]})
    assert status == 200, added
    where, written = article(bench.served.issue.read_text("utf-8"), "#四川方志# 川渝方志馆联盟成立")
    assert written["paragraphs"][1] == '"方志+文旅"成为新亮点: 多地推出“跟着方志去旅行”线路。'
    assert written["paragraphs"][4] == "活动现场气氛热烈🎉，大家纷纷表示收获满满..."
    status, got = bench.get("/_api/issue/645")
    assert f"{where}.paragraphs[2]" in {f["field"] for f in got["proof"]}  # left for the editor to see

    third = PASTED.replace("# 川渝共建方志馆联盟", "# 方志馆联盟来稿").encode("utf-8")  # a file, as uploaded
    status, upload = bench.multipart("/_api/issue/645/contribution", {"section": "", "keep_text": "1"},
                                     {"file": ("来稿.txt", third, "text/plain")})
    assert status == 200, upload
    assert upload["read"]["title"] == ["#四川方志# 方志馆联盟来稿"] and upload["corrected"] == 0
    status, upload = bench.multipart("/_api/issue/645/contribution", {"section": ""},
                                     {"file": ("来稿.txt", third, "text/plain")})
    assert status == 200 and [p["text"] for p in upload["read"]["paragraphs"]] == CLEANED
    assert upload["read"]["title"] == ["方志馆联盟来稿"] and upload["corrected"] == 13
