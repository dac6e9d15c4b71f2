"""Windows, seen from WSL: the fonts Windows already has, and the desktop shortcut's command line.

Inside WSL the Windows drive is /mnt/c: the faces installed for all users lie in
/mnt/c/Windows/Fonts, those installed for one user in
/mnt/c/Users/<name>/AppData/Local/Microsoft/Windows/Fonts. They are found by the face
names inside the files (as fonts/ is), never by file name. Reading the names of a few
hundred files through WSL's file bridge takes seconds, so the names of each file are kept
in the cache folder, keyed by the file's path, size and time, and read again only when
the file changed. TYPESET_WINDOWS_FONTS (folders separated by ":") names the folders
instead (an unusual installation, or a test).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .font_names import face_names
from .session import cache_folder

ENV = "TYPESET_WINDOWS_FONTS"
DRIVE = Path("/mnt/c")
SUFFIXES = {".otf", ".ttf", ".ttc", ".otc"}


def in_wsl() -> bool:
    try:
        return "microsoft" in Path("/proc/sys/kernel/osrelease").read_text().lower()
    except OSError:
        return False


def font_folders() -> tuple[Path, ...]:
    """The Windows font folders to look in, in order (none outside WSL unless named by ENV)."""
    named = os.environ.get(ENV)
    if named is not None:
        return tuple(Path(p) for p in named.split(os.pathsep) if p)
    if not in_wsl():
        return ()
    folders = [DRIVE / "Windows" / "Fonts", *sorted(DRIVE.glob("Users/*/AppData/Local/Microsoft/Windows/Fonts"))]
    return tuple(f for f in folders if f.is_dir())


def _cache_file() -> Path:
    return cache_folder() / "windows-fonts.json"



def faces(folders: tuple[Path, ...] | None = None) -> dict[str, Path]:
    """Face name → file, over the Windows font folders (the first file of a name wins). A file that
    cannot be read is passed over (Windows keeps some that are not fonts to fontTools)."""
    folders = font_folders() if folders is None else folders
    if not folders:
        return {}
    cache_path = _cache_file()
    try:
        cache = json.loads(cache_path.read_text("utf-8"))
        if not isinstance(cache, dict):
            cache = {}
    except (OSError, ValueError):
        cache = {}
    found: dict[str, Path] = {}
    fresh: dict[str, dict] = {}
    for folder in folders:
        try:
            files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)
        except OSError:
            continue
        for path in files:
            try:
                st = path.stat()
            except OSError:
                continue
            key, hit = f"{st.st_size}|{st.st_mtime_ns}", cache.get(str(path))
            if isinstance(hit, dict) and hit.get("key") == key and isinstance(hit.get("names"), list):
                names = [str(n) for n in hit["names"]]
            else:
                try:
                    names = face_names(path)
                except Exception:  # noqa: BLE001 - fontTools raises many kinds on a file it cannot read
                    names = []
            fresh[str(path)] = {"key": key, "names": names}
            for name in names:
                found.setdefault(name, path)
    if fresh != {k: cache.get(k) for k in fresh}:
        try:
            cache_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_path.with_name(f"{cache_path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({**cache, **fresh}, ensure_ascii=False), "utf-8")
            tmp.replace(cache_path)
        except OSError:
            pass
    return found


_SEEN: dict[tuple, dict[str, Path]] = {}  # by the folders and their times: a font added or removed is seen


def face(name: str) -> Path | None:
    """The Windows file of a face name, or None."""
    folders = font_folders()
    if not folders:
        return None
    stamp = tuple((str(f), f.stat().st_mtime_ns if f.is_dir() else 0) for f in folders)
    if stamp not in _SEEN:
        _SEEN.clear()
        _SEEN[stamp] = faces(folders)
    return _SEEN[stamp].get(name)


def shortcut(distro: str, project: str, port: int = 8645) -> tuple[str, str]:
    """The desktop shortcut 简报排版 as (program, arguments) of a Windows .lnk: start the workbench
    inside WSL in a window of its own, wait until it answers, then open Windows' browser at it.
    `project` is the project's folder inside WSL (e.g. /home/zhang/typeset). A .lnk hands its
    arguments to the program as they are (no cmd.exe in between), so only bash's quoting counts."""
    if not project.startswith("/") or any(c in project for c in "\"'`$\\\n\r"):
        raise ValueError(f"not a plain WSL path: {project!r}")
    if not distro or not all(c.isalnum() or c in "-._" for c in distro):
        raise ValueError(f"not a WSL distribution name: {distro!r}")
    url = f"http://localhost:{port}/"
    wait = f"until (exec 3<>/dev/tcp/127.0.0.1/{port}) 2>/dev/null; do sleep 1; done"
    inner = (f"cd '{project}' || exit 1; ({wait}; cmd.exe /c start {url} >/dev/null 2>&1) & "
             f"exec .venv/bin/typeset serve --port {port}")
    return "wsl.exe", f'-d {distro} --cd ~ -- bash -lc "{inner}"'


if __name__ == "__main__":  # python -m typeset.windows DISTRO PROJECT: the two lines the set-up script uses
    import sys

    for part in shortcut(sys.argv[1], sys.argv[2]):
        print(part)
