"""Several writers to one issue file at once — `typeset add`s, an add and a save, `calibrate
--write` — never lose a write: each lands whole or is refused with a message, and a command that
says it wrote has written what it says. Text that would make a file unreadable (an issue written
over series.yaml, another issue's text or settings) is refused before anything is written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .project import command, env, leftovers, make, typeset

ISSUE = "issues/2024/646.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make(tmp_path / "p")


def _contribution(root: Path, k: int) -> tuple[Path, str]:
    title = f"第{k}篇来稿：关于方志馆建设的报道"
    path = root / f"来稿{k}.txt"
    path.write_text(f"{title}\n\n这是第{k}篇来稿的正文，写了方志馆建设的进展。\n\n（市地方志办）\n", "utf-8")
    return path, title


def _titles(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text("utf-8"))
    return [a["title"] if isinstance(a["title"], str) else "".join(a["title"])
            for s in data["sections"] for a in s["articles"]]


@pytest.mark.parametrize("count", [2, 4])
def test_adds_at_once_all_land(project: Path, count: int) -> None:
    sources = [_contribution(project, k) for k in range(count)]
    before = _titles(project / ISSUE)
    procs = [subprocess.Popen(command("add", "646", p.name), cwd=project, env=env(), text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for p, _ in sources]
    outs = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    after = _titles(project / ISSUE)
    assert after[:len(before)] == before
    for (code, out, err), (_, title) in zip(outs, sources, strict=True):
        if code == 0:  # said so: it is there, once
            assert f"已把《{title}》加入" in out and after.count(title) == 1, err
        else:  # refused: said so, and it is not there
            assert "没有写入" in err and title not in after, err
    assert len(after) == len(before) + sum(1 for code, *_ in outs if code == 0)
    assert sum(1 for code, *_ in outs if code == 0) == count  # planned again, none had to be refused
    assert typeset(project, "check").returncode == 0
    assert leftovers(project / "issues") == []


# A save as the workbench makes it: the file read when the editor opened it, written later.
SAVE = """
import sys, time
from pathlib import Path
from typeset.source_files import save_source
from typeset.errors import TypesetError
path = Path(sys.argv[1])
read = path.read_bytes()
print("read", flush=True)
sys.stdin.readline()  # meanwhile another writer works
try:
    save_source(path, read, read.replace(b"copies: 21", b"copies: 35"), sys.argv[1])
except TypesetError as err:
    print(err, file=sys.stderr)
    sys.exit(1)
print("saved")
"""


def _saver(project: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", SAVE, ISSUE], cwd=project, env=env(), text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "read"
    return proc


def test_a_save_after_an_add_is_refused_not_lost(project: Path) -> None:
    saver = _saver(project)
    source, title = _contribution(project, 1)
    added = typeset(project, "add", "646", source.name)
    assert added.returncode == 0, added.stderr
    out, err = saver.communicate("go\n", timeout=60)
    assert saver.returncode == 1 and "在此期间被修改了" in err and "没有写入" in err
    text = (project / ISSUE).read_text("utf-8")
    assert title in _titles(project / ISSUE) and "copies: 21" in text  # the add kept, the stale save not


def test_an_add_after_a_save_plans_on_the_saved_text(project: Path) -> None:
    saver = _saver(project)
    out, err = saver.communicate("go\n", timeout=60)
    assert saver.returncode == 0 and "saved" in out, err
    source, title = _contribution(project, 2)
    added = typeset(project, "add", "646", source.name)
    assert added.returncode == 0, added.stderr
    text = (project / ISSUE).read_text("utf-8")
    assert "copies: 35" in text and title in _titles(project / ISSUE)  # both


# calibrate --write while an editor saves the file: the hook saves after calibrating, before writing.
CALIBRATE = """
import sys
from pathlib import Path
import typeset.official.calibrate_command as cc
real = cc.calibrate
mode, path = sys.argv[1], Path(sys.argv[3])
def meanwhile(*args, **kw):
    result = real(*args, **kw)
    if mode == "edit":
        path.write_text(path.read_text("utf-8") + "# 编辑在校准时加的注释\\n", "utf-8")
    return result
cc.calibrate = meanwhile
sys.argv = ["typeset", *sys.argv[2:]]
from typeset.cli import run
run()
"""


@pytest.fixture
def official(project: Path) -> Path:
    """645's own PDF, standing in for its official issue."""
    done = typeset(project, "build", "645", "--format", "pdf", "-o", "official")
    assert done.returncode == 0, done.stderr
    return project / "official" / "645.pdf"


@pytest.mark.parametrize("meanwhile", ["edit", "nothing"])
def test_calibrate_write_never_overwrites_a_save(project: Path, official: Path, meanwhile: str) -> None:
    target = project / "issues" / "2024" / "645.yaml"
    run = subprocess.run([sys.executable, "-c", CALIBRATE, meanwhile, "calibrate", str(target), str(official),
                          "--write"], cwd=project, env=env(), capture_output=True, text=True, timeout=300)
    text = target.read_text("utf-8")
    if meanwhile == "edit":
        assert run.returncode == 1 and "在此期间被修改了" in run.stderr and "已写入" not in run.stdout
        assert text.endswith("# 编辑在校准时加的注释\n")
    else:
        assert run.returncode == 0 and f"已写入 {target}" in run.stdout, run.stderr
        assert typeset(project, "check").returncode == 0  # its own settings (none differ): written, readable
    assert leftovers(target.parent) == []


@pytest.mark.parametrize("other", ["646", "647"])
def test_calibrate_write_refuses_another_issues_official(project: Path, official: Path, other: str) -> None:
    target = project / "issues" / "2024" / f"{other}.yaml"
    before = target.read_bytes()
    run = typeset(project, "calibrate", str(target), str(official), "--write")
    assert run.returncode == 1
    assert f"正式版 645.pdf 是总第 645 期，而 {other}.yaml 是总第 {other} 期" in run.stderr, run.stderr
    assert target.read_bytes() == before


@pytest.mark.parametrize(("target", "words"), [
    ("issues/series.yaml", "要写入的是一期简报的内容（有 date、sections），而 issues/series.yaml 是整个系列的设置"),
    ("issues/2024/646.yaml", "文件名是 646.yaml（总第 646 期），要写入的内容却是总第 645 期"),
    ("issues/2024/2024-04-09.yaml", None),  # a new file of its own name: written
])
def test_import_refuses_text_that_belongs_elsewhere(project: Path, official: Path, target: str, words) -> None:
    path = project / target
    before = path.read_bytes() if path.exists() else None
    if path.exists() is False and words is None:
        run = typeset(project, "import", str(official), "-o", target)
        assert run.returncode == 0 and f"已导入 {target}" in run.stdout, run.stderr
        path.unlink()
        return
    run = typeset(project, "import", str(official), "-o", target, "--force")
    assert run.returncode == 1 and f"{target}: 错误：{words}" in run.stderr, run.stderr
    assert "没有写入" in run.stderr and path.read_bytes() == before
    assert typeset(project, "check").returncode == 0


def test_import_over_another_issue_of_another_name(project: Path, official: Path) -> None:
    target = project / "issues" / "2024" / "第二期.yaml"
    target.write_bytes((project / ISSUE).read_bytes())
    (project / ISSUE).unlink()
    before = target.read_bytes()
    run = typeset(project, "import", str(official), "-o", str(target.relative_to(project)), "--force")
    assert run.returncode == 1, run.stderr
    assert "原来是 2024-04-02 出刊的总第 646 期，要写入的却是 2024-03-26 出刊的总第 645 期" in run.stderr
    assert target.read_bytes() == before


EDIT_COPY = """
import sys
from pathlib import Path
from typeset.source_files import save_source
path = Path(sys.argv[1])
read = path.read_bytes()
new = read.replace(b"2024-04-02", b"2024-04-16").replace(b"number: 41", b"number: 43")
new = new.replace(b"total: 646", b"total: 648")
save_source(path, read, new, sys.argv[1])
print("saved")
"""


def test_a_save_may_renumber_a_copied_issue(project: Path) -> None:
    """Last week's file copied and edited into this week's (date and numbers changed together):
    an edit of the file, written; only a writer replacing a file whole is held to its old issue."""
    copied = project / "issues" / "2024" / "648.yaml"
    copied.write_bytes((project / ISSUE).read_bytes())
    run = subprocess.run([sys.executable, "-c", EDIT_COPY, str(copied.relative_to(project))], cwd=project,
                         env=env(), capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "saved" in run.stdout, run.stderr
    assert "total: 648" in copied.read_text("utf-8")
    assert typeset(project, "check").returncode == 0
