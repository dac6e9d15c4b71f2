"""A contribution is a file from outside: looked at before anything reads it in full.

    check_package(path, shown)   a ZIP package (.docx, .odt …): size unpacked, parts, encryption
    check_ole(path, shown)       an OLE compound file (.doc, .wps, an encrypted .docx): a password
    office_command(workdir)      LibreOffice without network or the editor's files
    office_profile(profile)      a profile that runs no macro and follows no link

Limits (README: 来稿文件的限制): the file at most MAX_BYTES (contributions.MAX_BYTES); unpacked at
most MAX_UNPACKED in all and MAX_XML for one XML part, at most MAX_PARTS parts; XML nested
at most 256 deep (lxml's own limit); LibreOffice at most office.TIMEOUT seconds. Links to
other files or to the network are never followed: python-docx reads only the package's own
parts, and LibreOffice runs in namespaces of its own (when the system allows them: no
network, and of the disk only the system folders and its working folder), with links
blocked and a proxy that goes nowhere.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

from ..errors import TypesetError

MAX_UNPACKED = 200_000_000  # bytes, all parts of a package together
MAX_XML = 30_000_000  # bytes, one XML part (a 300-page report's text is a few MB)
MAX_PARTS = 2000
_AGAIN = "请让作者在 Word/WPS 中打开它，另存为 .docx（图片可先压缩）后再发来"


def check_package(path: Path, shown: str) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            items = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise TypesetError(f"{shown} 已损坏或不完整（像是 Word 文件，但其中的压缩包无法打开）：{_AGAIN}") from None
    if len(items) > MAX_PARTS:
        raise TypesetError(f"{shown} 中有 {len(items)} 个部件（上限 {MAX_PARTS}）：这不像一篇来稿，没有读取；{_AGAIN}")
    if any(item.flag_bits & 0x1 for item in items):
        raise TypesetError(f"{shown} 中的内容有密码保护，无法读取：请让作者取消密码后另存再发来")
    total = 0
    for item in items:
        total += item.file_size
        limit = MAX_XML if item.filename.lower().endswith((".xml", ".rels")) else MAX_UNPACKED
        if item.file_size > limit:
            raise TypesetError(
                f"{shown} 中的“{item.filename[:60]}”解压后有 {item.file_size / 1e6:.0f} MB"
                f"（上限 {limit / 1e6:.0f} MB）：这不像一篇来稿（可能是损坏或特意构造的文件），没有读取；{_AGAIN}")
        if total > MAX_UNPACKED:
            raise TypesetError(
                f"{shown} 解压后超过 {MAX_UNPACKED / 1e6:.0f} MB：这不像一篇来稿（可能是损坏或特意构造的文件），"
                f"没有读取；{_AGAIN}")


def check_ole(path: Path, shown: str) -> None:
    """Refuse, saying so, a password-protected Word or WPS file (never "damaged")."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
                raise TypesetError(_protected(shown))
            if ole.exists("WordDocument"):
                fib = ole.openstream("WordDocument").read(12)
                if len(fib) >= 12 and int.from_bytes(fib[10:12], "little") & 0x0100:  # fEncrypted
                    raise TypesetError(_protected(shown))
    except TypesetError:
        raise
    except Exception:  # an OLE file olefile cannot read: LibreOffice says what it can
        return


def _protected(shown: str) -> str:
    return (f"{shown} 有密码保护（用密码加密的 Word/WPS 文件），不用密码无法读取：请让作者取消密码"
            "（Word：文件 → 信息 → 保护文档 → 用密码进行加密，清空密码后保存）再发来，"
            "或由您在 Word/WPS 中输入密码打开后，另存为不加密的 .docx 再加入")


_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
{items}
</oor:items>
"""
_VALUES = (
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "2"),  # never update links
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "2"),
    ("/org.openoffice.Inet/Settings", "ooInetProxyType", "2"),  # a proxy that goes nowhere
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetFTPProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetFTPProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
)


def office_profile(profile: Path) -> None:
    """A fresh LibreOffice profile that runs no macro and fetches no linked file."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    items = "\n".join(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value>'
                      "</prop></item>" for path, name, value in _VALUES)
    (user / "registrymodifications.xcu").write_text(_SETTINGS.format(items=items), "utf-8")


# Inside its own user, mount and network namespaces the converter sees the system folders
# and the contribution's working folder (as /mnt/w) only: the editor's files, other
# documents and every home folder are empty there, and there is no network.
_SANDBOX = """set -e
mount -t tmpfs -o size=1m,mode=755 none /mnt
mkdir /mnt/w
mount --bind "$1" /mnt/w
shift
for d in /*; do
  case "$d" in /usr|/lib|/lib32|/lib64|/libx32|/bin|/sbin|/etc|/proc|/dev|/sys|/opt|/var|/run|/mnt) continue;; esac
  if [ -d "$d" ] && [ ! -L "$d" ]; then mount -t tmpfs -o size=1m,mode=755 none "$d"; fi
done
cd /mnt/w
exec "$@"
"""
INSIDE = Path("/mnt/w")


def office_command(workdir: Path) -> tuple[list[str], Path]:
    """How to run the converter on files in `workdir`: the command's prefix, and where
    `workdir` is as the converter sees it. Best: no network and nothing of the disk but the
    system and `workdir` (namespaces of its own, `unshare`); else no network; else as it is
    (the profile still blocks links)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return [], workdir
    sandbox = [unshare, "-rmn", "sh", "-c", _SANDBOX, "sh", str(workdir)]
    for prefix, inside in ((sandbox, INSIDE), ([unshare, "-rn"], workdir)):
        try:
            if subprocess.run([*prefix, "true"], capture_output=True, timeout=10).returncode == 0:
                return prefix, inside
        except (OSError, subprocess.SubprocessError):
            continue
    return [], workdir
