"""Windows seen from WSL: the faces Windows has (a simulated font folder), files saved on Windows
(BOM, CRLF, GBK, spaces and Chinese in paths), and the desktop shortcut's command line run for real."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from .conftest import ROOT, make_project

STAND_IN = ROOT / "fonts" / "stand-in"


def _renamed(source: Path, target: Path, family: str, postscript: str) -> None:
    """A copy of a stand-in whose name table says it is `family` (what Windows' file would say)."""
    font = TTFont(source)
    table = font["name"]
    table.names = [r for r in table.names if r.platformID == 3 and r.nameID not in (1, 4, 6, 16, 17)]
    for lang in (0x409, 0x804):
        for name_id in (1, 4, 16):
            table.setName(family, name_id, 3, 1, lang)
        table.setName(postscript, 6, 3, 1, lang)
    if "CFF " in font:
        font["CFF "].cff.fontNames = [postscript]
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)


@pytest.fixture
def windows_fonts(tmp_path):
    machine = tmp_path / "c" / "Windows" / "Fonts"
    user = tmp_path / "c" / "Users" / "张 三" / "AppData" / "Local" / "Microsoft" / "Windows" / "Fonts"
    _renamed(STAND_IN / "FandolFang-Regular.otf", machine / "仿宋 GB2312.otf", "仿宋_GB2312", "FangSong_GB2312")
    _renamed(STAND_IN / "FandolKai-Regular.otf", user / "KAI_GB2312.otf", "楷体_GB2312", "KaiTi_GB2312")
    (machine / "broken.ttf").write_bytes(b"not a font")  # Windows keeps odd files: passed over
    return machine, user


def _run(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "typeset", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def _pdf_fonts(path: Path) -> set[str]:
    """The family names inside the font programs a PDF embeds (the PDF's own font names are the roles)."""
    import io

    from pypdf import PdfReader

    names = set()
    for page in PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"].get_object()
            for key in ("/FontFile2", "/FontFile3"):
                if key in descriptor:
                    names.add(TTFont(io.BytesIO(descriptor[key].get_object().get_data()))["name"].getBestFamilyName())
    return names


def test_the_faces_windows_has_come_before_the_stand_ins(tmp_path, windows_fonts):
    machine, user = windows_fonts
    project = make_project(tmp_path / "简报 项目")
    env = {"TYPESET_WINDOWS_FONTS": f"{machine}:{user}", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = _run(project, "check", env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    body = next(x for x in lines if x.startswith("字体（正文）"))
    assert f"仿宋_GB2312 ← {machine / '仿宋 GB2312.otf'}（Windows 已安装的字体）" in body
    kai = next(x for x in lines if x.startswith("字体（楷体）"))
    assert f"楷体_GB2312 ← {user / 'KAI_GB2312.otf'}" in kai and "Windows" in kai
    title = next(x for x in lines if x.startswith("字体（报头）"))
    assert "代替“方正小标宋简体”" in title and "开源替代字体" in title
    assert len([x for x in lines if x.startswith("字体（")]) == 6  # one line per role
    # the build draws with them
    done = _run(project, "build", "645", "--format", "pdf", env=env)
    assert done.returncode == 0, done.stderr
    fonts = _pdf_fonts(project / "build" / "645.pdf")
    assert {"仿宋_GB2312", "楷体_GB2312"} <= fonts and not any(f.startswith("FandolFang") for f in fonts), fonts
    # the names were read once and kept: a second look needs no font file opened
    assert (tmp_path / "cache" / "typeset" / "windows-fonts.json").is_file()
    # without the Windows folders: the stand-ins, and check says so
    plain = {"TYPESET_WINDOWS_FONTS": "", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = _run(project, "check", env=plain)
    assert "FandolFang（代替“仿宋_GB2312”" in done.stdout
    done = _run(project, "build", "645", "--format", "pdf", "-o", "plain", env=plain)
    fonts = _pdf_fonts(project / "plain" / "645.pdf")
    assert not {"仿宋_GB2312", "楷体_GB2312"} & fonts and {"FandolFang R", "FandolKai"} <= fonts, fonts


def test_outside_wsl_no_windows_folder_is_looked_at(monkeypatch):
    from typeset import windows

    monkeypatch.delenv("TYPESET_WINDOWS_FONTS", raising=False)
    if windows.in_wsl():
        pytest.skip("this machine is WSL")
    assert windows.font_folders() == ()


def test_files_saved_on_windows_build_check_and_take_contributions(tmp_path):
    """A project under a folder with spaces and Chinese (like OneDrive's), an issue saved by Notepad
    (BOM, CRLF), a contribution in GBK with CRLF: as on Linux; the file keeps its BOM and line ends."""
    project = make_project(tmp_path / "OneDrive - 四川省地方志办" / "简报 项目")
    issue = project / "issues" / "2024" / "645.yaml"
    issue.write_bytes(b"\xef\xbb\xbf" + issue.read_bytes().replace(b"\n", b"\r\n"))
    done = _run(project, "check")
    assert done.returncode == 0 and "检查通过：1 期" in done.stdout, done.stderr
    source = tmp_path / "OneDrive - 四川省地方志办" / "来稿 文件夹" / "成都 来稿（1）.txt"
    source.parent.mkdir()
    source.write_bytes("关于开展方志进校园活动的报道\r\n\r\n4月1日，成都市地方志办公室开展方志进校园活动，"
                       "向学生赠送地方志书籍。\r\n\r\n（成都市地方志办公室）\r\n".encode("gbk"))
    done = _run(project, "add", "645", str(source), "--section", "市州动态")
    assert done.returncode == 0, done.stderr
    raw = issue.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\n") == raw.count(b"\r\n")
    assert "向学生赠送地方志书籍" in raw.decode("utf-8-sig")
    out = project / "输出 文件夹"
    done = _run(project, "build", str(issue), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "645.pdf").read_bytes()[:4] == b"%PDF" and (out / "645.docx").read_bytes()[:2] == b"PK"
    # a GBK issue file (Notepad's "ANSI") is not guessed at: it is named, with what to do
    (project / "issues" / "2024" / "646.yaml").write_bytes(
        issue.read_bytes().decode("utf-8-sig").replace("date: 2024-03-26", "date: 2024-04-02").encode("gbk"))
    done = _run(project, "check")
    assert done.returncode == 1 and "646.yaml" in done.stderr and "另存为 UTF-8" in done.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_shortcut_command_line_starts_the_workbench_and_opens_the_browser(tmp_path):
    """The .lnk's arguments as wsl.exe hands them to bash, run here with a stand-in for cmd.exe."""
    from typeset.windows import shortcut

    project = make_project(tmp_path / "简报 项目")
    (project / ".venv").symlink_to(ROOT / ".venv")
    port = _free_port()
    program, arguments = shortcut("Debian", str(project), port)
    assert program == "wsl.exe"
    words = shlex.split(arguments)  # how wsl.exe and the default shell split them
    assert words[:5] == ["-d", "Debian", "--cd", "~", "--"] and words[5:7] == ["bash", "-lc"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    opened = tmp_path / "opened.txt"
    (bin_dir / "cmd.exe").write_text(f'#!/bin/sh\necho "$@" > "{opened}"\n')
    (bin_dir / "cmd.exe").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    proc = subprocess.Popen(["bash", "-c", words[7]], env=env, cwd=tmp_path, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        end = time.monotonic() + 120
        while not opened.exists() and time.monotonic() < end and proc.poll() is None:
            time.sleep(0.5)
        assert opened.read_text().split() == ["/c", "start", f"http://localhost:{port}/"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as r:
            assert "各期" in r.read().decode()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


@pytest.mark.parametrize("bad", ["relative/path", "/home/x/it's", "/home/x/$(rm)", "/home/x/a\"b"])
def test_the_shortcut_refuses_paths_it_cannot_quote(bad):
    from typeset.windows import shortcut

    with pytest.raises(ValueError):
        shortcut("Debian", bad)


def test_the_setup_script_takes_the_shortcut_from_python():
    """Not run here (no Windows): what can be checked is that Windows PowerShell 5.1 reads it as UTF-8
    (a BOM), with Windows line ends, and that the shortcut comes from typeset.windows."""
    raw = (ROOT / "scripts" / "windows" / "install.ps1").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\n") == raw.count(b"\r\n")
    script = raw.decode("utf-8-sig")
    assert "-m typeset.windows" in script and "简报排版.lnk" in script
    assert "以管理员身份运行" in script and "wsl.exe --install -d $Distro" in script
    assert "scripts/setup.sh" in script
