"""The process a command runs in, made fit before anything else: its three standard streams
open, and SIGTERM and SIGHUP handled as Ctrl+C (typeset.interrupt).

A scheduled job may start the command with stdout, stdin or even stderr closed (`>&-`). Python
then has no sys.stdout, and — worse — the next file opened takes the free descriptor 1, so that
anything written "to stdout" (by this process or a child) would land in that file. A closed
descriptor is therefore opened again first: stdout onto stderr (what the command reports still
reaches the log), stdin and a closed stderr onto the null device."""

from __future__ import annotations

import contextlib
import errno
import os
import sys


def _closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def open_streams() -> None:
    """Reopen closed standard descriptors (see above) and give Python a stream for each."""
    for fd in (0, 1, 2):
        if not _closed(fd):
            continue
        if fd == 1 and not _closed(2):
            os.dup2(2, 1)
            continue
        null = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    for name, fd, mode in (("stdin", 0, "r"), ("stdout", 1, "w"), ("stderr", 2, "w")):
        if getattr(sys, name) is None:
            with contextlib.suppress(OSError):
                setattr(sys, name, open(fd, mode, encoding="utf-8", errors="backslashreplace",  # noqa: SIM115
                                        closefd=False, buffering=1 if mode == "w" else -1))


def prepare() -> None:
    """Everything a command's process needs before it starts: streams, then signals."""
    from .interrupt import handle_as_interrupt

    open_streams()
    handle_as_interrupt()


def system_trouble(err: OSError) -> str:
    """The editor's words for a system error (disk full, no permission …): the file and the
    system's reason; in the temporary folder (TMPDIR full, not writable, missing) that folder,
    named as such, and what to do."""
    import tempfile

    from ..errors import system_reason

    folder = os.environ.get("TMPDIR") or tempfile.gettempdir()
    where = str(err.filename or "")
    nowhere = "temporary directory" in str(err)  # tempfile: no usable folder at all
    # in the temporary folder, not in the project (which may lie in /tmp too), and full,
    # read-only, forbidden or gone
    inside = (bool(where) and _below(where, folder) and not _below(where, os.getcwd())
              and err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOENT))
    if inside or nowhere:
        return (f"临时文件夹 {folder} 无法使用（{system_reason(err)}）：排版时要在那里写临时文件。"
                "请清理该文件夹、确认它存在并可写入，或把环境变量 TMPDIR 设为空间足够的文件夹后再运行；"
                "原有的文件保持不变")
    return (f"无法读写文件{f' {where}' if where else ''}：{system_reason(err)}。"
            "请检查文件夹是否存在、是否有写入权限、磁盘是否已满")


def _below(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([os.path.abspath(path), os.path.abspath(folder)]) == os.path.abspath(folder)
    except ValueError:
        return False
