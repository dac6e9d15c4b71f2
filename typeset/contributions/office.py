"""Older office files (.doc, .wps, .rtf, .odt …) → .docx, with LibreOffice headless.

    to_docx(path, shown, workdir) → path of the converted .docx in workdir

LibreOffice runs as an office machine would run it (`soffice --headless --convert-to
docx`), with its own throw-away profile (so that a LibreOffice the editor has open, or a
broken profile, does not matter; it runs no macro and follows no link), without network
(untrusted.office_command) and with a time limit; the whole process group is ended
when the limit passes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from ..errors import TypesetError
from .untrusted import office_command, office_profile

TIMEOUT = 120  # seconds; a contribution converts in a few
PROGRAMS = ("soffice", "libreoffice")


MAX_WRITTEN = 300_000_000  # bytes: no file LibreOffice writes may grow larger


def _bounded() -> None:
    """In the converter's process, before it starts: a ceiling on the size of any file it writes."""
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_WRITTEN, MAX_WRITTEN))


def find_soffice() -> str | None:
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def to_docx(path: Path, shown: str, workdir: Path, timeout: float = TIMEOUT) -> Path:
    program = find_soffice()
    if program is None:
        raise TypesetError(f"读取 {shown} 需要 LibreOffice（把 {path.suffix or '该'} 文件转换为 .docx），"
                           "本机没有安装：请安装 LibreOffice，或在 Word/WPS 中把来稿另存为 .docx 后再加入")
    source = workdir / f"contribution{path.suffix.lower() or '.doc'}"
    shutil.copyfile(path, source)  # an ASCII name: no surprise from the file name's characters
    out = workdir / "out"
    profile = workdir / "profile"
    office_profile(profile)
    prefix, inside = office_command(workdir)
    seen = inside / profile.relative_to(workdir)
    cmd = [*prefix, program, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={seen.as_uri()}",
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(inside / out.relative_to(workdir)),
           str(inside / source.relative_to(workdir))]
    env = {**os.environ, "HOME": str(inside), "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
           "ftp_proxy": "http://127.0.0.1:9", "no_proxy": ""}
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                start_new_session=True, preexec_fn=_bounded)
    except OSError as err:
        raise TypesetError(f"无法启动 LibreOffice（{program}）：{err.strerror or err}") from None
    try:
        _, err_text = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise TypesetError(f"LibreOffice 转换 {shown} 超过 {timeout:g} 秒仍未完成，已停止：文件可能损坏或过大；"
                           "请在 Word/WPS 中打开它，另存为 .docx 后再加入") from None
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    result = out / (source.stem + ".docx")
    if proc.returncode != 0 or not result.is_file():
        reason = err_text.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"退出码 {proc.returncode}"]
        raise TypesetError(f"LibreOffice 无法转换 {shown}（{reason[0]}）：文件可能损坏，或不是 Word/WPS 文档；"
                           "请在 Word/WPS 中打开它，另存为 .docx 后再加入")
    return result
