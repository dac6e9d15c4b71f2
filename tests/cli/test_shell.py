"""`typeset` typed at an interactive bash or zsh prompt after `source .venv/bin/activate` runs the
tool (README); the shell's own typeset builtin keeps working exactly, locals in functions too.

Each shell runs on a real pseudo-terminal (pexpect) with no start-up files, and the lines are
typed as an editor types them. After every line the shell's prompt hook prints the exit status."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from ..editor_project import BASE

ACTIVATE = Path(sys.prefix) / "bin" / "activate"
TOOL = Path(sys.prefix) / "bin" / "typeset"
SHELLS = ["bash", "zsh"]


class Prompt:
    """An interactive shell on a pty: run(line) → (what it printed, exit status)."""

    def __init__(self, shell: str, cwd: Path):
        assert shutil.which(shell), f"{shell} is not installed: run scripts/setup.sh"
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PROMPT_COMMAND", "BASH_ENV", "ENV")}
        env.update(HOME=str(cwd), TERM="dumb", LANG="C.UTF-8", LC_ALL="C.UTF-8",
                   PATH=os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                        if Path(p).resolve() != TOOL.parent.resolve()))
        args = ["--norc", "--noprofile", "-i"] if shell == "bash" else ["-f", "-i"]
        self.shell = shell
        self.child = pexpect.spawn(shell, args, cwd=str(cwd), env=env, encoding="utf-8", timeout=120,
                                   dimensions=(40, 400))
        hook = ("PROMPT_COMMAND='printf \"\\n<<%s>>\\n\" $?'" if shell == "bash"
                else "precmd() { printf '\\n<<%s>>\\n' $? }")
        self.child.sendline(hook)
        self.child.expect(r"<<(\d+)>>")

    def run(self, line: str) -> tuple[str, int]:
        self.child.sendline(line)
        self.child.expect(r"<<(\d+)>>")
        return self.child.before.replace("\r", ""), int(self.child.match[1])

    def close(self) -> None:
        self.child.sendline("exit")
        self.child.expect(pexpect.EOF)
        self.child.close()


@pytest.fixture(params=SHELLS)
def prompt(request, editor):
    text = ACTIVATE.read_text("utf-8")
    assert "scripts/shell/typeset.sh; fi" in text and "__typeset_shell_off" in text, "run scripts/setup.sh"
    editor.write(BASE)
    shell = Prompt(request.param, editor.root)
    out, code = shell.run(f"source {ACTIVATE}")
    assert code == 0, out
    yield shell
    shell.close()


def test_documented_commands_run_the_tool(prompt, editor) -> None:
    out, code = prompt.run("typeset check")
    assert code == 0 and "检查通过：1 期（总第 645–645 期）" in out, out
    out, code = prompt.run("typeset build 645")
    assert code == 0 and "已生成 build/645.pdf" in out and "已生成 build/645.docx" in out, out
    assert (editor.out / "645.pdf").read_bytes().startswith(b"%PDF-")
    editor.write(BASE, "路径/某期.yaml")
    out, code = prompt.run("echo 中文; typeset build 路径/某期.yaml -o 输出文件夹 --format pdf")
    assert code == 0 and "中文\n" in out and "已生成 输出文件夹/645.pdf" in out, out
    out, code = prompt.run("typeset --help")
    assert code == 0 and "用法：typeset [选项] 命令" in out, out
    out, code = prompt.run("typeset list")
    assert code == 0 and "第 40 期" in out, out
    out, code = prompt.run("typeset new --date 2024-04-02")
    assert code == 0 and "已新建 issues/2024/646.yaml" in out, out
    out, code = prompt.run("typeset --version")
    assert code == 0 and "typeset 0." in out, out
    out, code = prompt.run("TYPESET_DEBUG=1 typeset list --year 2024 && typeset check; echo after=$?")
    assert "646" in out and "发现" in out and "after=1" in out, out  # 646 is not filled in yet


def test_a_misspelt_command_reaches_the_tool(prompt) -> None:
    out, code = prompt.run("typeset bild 645")
    assert code == 64 and "是不是“build”" in out, out


def test_the_builtin_is_untouched(prompt) -> None:
    out, code = prompt.run('typeset -i n=1; n=n+4; echo "n=$n"')
    assert code == 0 and "n=5\n" in out, out
    out, code = prompt.run('f() { typeset check=inner; typeset -i k=2; echo "in=$check,$k"; }; '
                           'check=outer; f; echo "out=$check,${k-unset}"')
    assert "in=inner,2\n" in out and "out=outer,unset\n" in out, out
    out, code = prompt.run("typeset -f f")
    assert code == 0 and "typeset check=inner" in out.replace("typeset check=inner", "typeset check=inner"), out
    out, code = prompt.run('typeset -p check')
    assert code == 0 and "check" in out and "outer" in out, out
    out, code = prompt.run("type typeset")
    assert code == 0 and ("builtin" in out or "reserved word" in out) and "function" not in out, out
    out, code = prompt.run("false")
    assert code == 1
    out, code = prompt.run('echo "status=$?"')
    assert "status=1\n" in out, out
    # a file sourced in the shell is not typed: `typeset check` there is the builtin
    Path(prompt.child.cwd, "script.sh").write_text('typeset check\ncheck=declared\necho "script=$check"\n')
    out, code = prompt.run("source script.sh")
    assert code == 0 and "script=declared" in out and "检查" not in out, out


def test_deactivate_gives_the_shell_back(prompt) -> None:
    out, code = prompt.run("deactivate")
    assert code == 0, out
    out, code = prompt.run('typeset check; check=builtin; echo "v=$check"')
    assert code == 0 and "v=builtin" in out and "检查通过" not in out, out
    if prompt.shell == "bash":
        out, _ = prompt.run("bind -p | grep -F 'C-m'; bind -X")
        assert '"\\C-m": accept-line' in out and "__typeset" not in out, out
    else:
        out, _ = prompt.run('echo "widget=${widgets[accept-line]}"')
        assert "widget=builtin" in out, out
    out, _ = prompt.run("typeset -f | grep -c __typeset; echo done")
    assert "\n0\n" in out, out
    out, code = prompt.run(f"source {ACTIVATE}")
    out, code = prompt.run("typeset check")
    assert code == 0 and "检查通过" in out, out
