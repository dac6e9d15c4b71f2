"""Every save a git commit in the series' project folder (the folder holding issues/).

The git command line does the work. A folder that is not inside a repository becomes one
on the first save (`git init`); a repository that exists is used as it is: nothing is
rewritten, and a commit holds the issue file alone (`git commit --only -- path`), whatever
else is changed or staged. A file changed outside the workbench since its last commit is
committed first, as it stood, so that no state of it is lost.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import TypesetError

FALLBACK = ("typeset 工作台", "typeset@localhost")
OUTSIDE = "在工作台以外的修改"
TIMEOUT = 60


@dataclass(frozen=True)
class Version:
    commit: str
    short: str
    author: str
    date: str  # ISO 8601
    message: str


def _git(cwd: Path, *args: str, env: dict[str, str] | None = None, data: bytes | None = None,
         check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, input=data,
                              capture_output=True, timeout=TIMEOUT, env={**os.environ, **(env or {}),
                                                                        "GIT_TERMINAL_PROMPT": "0"})
    except FileNotFoundError:
        raise TypesetError("找不到 git：保存的历史版本记在 git 中；请安装 git（Debian：apt-get install git）"
                           "后再保存") from None
    except subprocess.TimeoutExpired:
        raise TypesetError(f"git {args[0]} 超过 {TIMEOUT} 秒没有完成：请检查项目文件夹的 git 仓库") from None
    if check and done.returncode != 0:
        raise _failed(args[0], done)
    return done


def _failed(command: str, done: subprocess.CompletedProcess[bytes]) -> TypesetError:
    reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return TypesetError(f"git {command} 失败（{reason[-1] if reason else done.returncode}）："
                        "文件已保存，但没有记入历史版本；请检查项目文件夹的 git 仓库")


def top(folder: Path) -> Path | None:
    """The work tree holding `folder`, or None."""
    done = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        return None
    return Path(done.stdout.decode("utf-8").strip())


def _user(root: Path) -> tuple[str, str]:
    """git's user.name and user.email ("" where unset), as `git config --get` gives each (the
    last value), read in one call."""
    done = _git(root, "config", "-z", "--get-regexp", r"^user\.(name|email)$", check=False)
    found: dict[str, str] = {}
    if done.returncode == 0:
        for record in done.stdout.decode("utf-8", "replace").split("\0"):
            key, _, value = record.partition("\n")
            found[key.lower()] = value.strip()
    return found.get("user.name", ""), found.get("user.email", "")


def identity(root: Path, user: str | None) -> dict[str, str]:
    """Author: the logged-in account, else git's configured identity, else typeset 工作台."""
    name, email = _user(root)
    committer = (name or FALLBACK[0], email or FALLBACK[1])
    author = (user, email or FALLBACK[1]) if user else committer
    return {"GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
            "GIT_COMMITTER_NAME": committer[0], "GIT_COMMITTER_EMAIL": committer[1]}


class Repository:
    """The repository of a project folder (made on first use when `create`)."""

    def __init__(self, project_root: Path, create: bool = False, root: Path | None = None) -> None:
        """`root`: the work tree, when known (Repositories), else asked of git."""
        if root is None:
            root = top(project_root)
            if root is None and create:
                _git(project_root, "init", "-q")
                root = top(project_root)
        self.root = root

    def rel(self, path: Path) -> str:
        assert self.root is not None
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def pending(self, path: Path) -> bool:
        """The file differs from its last commit (or was never committed)."""
        return bool(self._status(self.rel(path)).strip())

    def _status(self, rel: str) -> str:
        assert self.root is not None
        return _git(self.root, "status", "--porcelain", "--untracked-files=all", "--", rel).stdout.decode(
            "utf-8", "replace")

    def commit(self, path: Path, message: str, user: str | None, tracked: bool = False) -> str:
        """Commit the file alone; the commit's id (the last one's when nothing changed).
        `tracked`: the caller knows git has the file and its bytes changed since its last
        commit, so git is asked only whether nothing changed for git after all (a filter) when
        the commit does not go through."""
        assert self.root is not None
        rel = self.rel(path)
        status = "" if tracked else self._status(rel)
        if tracked or status.strip():
            if not tracked and not _tracked(status):  # `commit --only` takes a file git knows
                _git(self.root, "add", "--", rel)
            done = _git(self.root, "commit", "-q", "--no-verify", "--only", "-m", message, "--", rel,
                        env=identity(self.root, user), check=False)
            if done.returncode != 0 and (not tracked or self._status(rel).strip()):
                raise _failed("commit", done)
        return self.head(path)

    def head(self, path: Path) -> str:
        assert self.root is not None
        done = _git(self.root, "log", "-1", "--format=%H", "--", self.rel(path), check=False)
        return done.stdout.decode().strip()

    def versions(self, path: Path, limit: int = 200) -> list[Version]:
        if self.root is None:
            return []
        done = _git(self.root, "log", f"-{limit}", "--format=%H%x1f%h%x1f%an%x1f%aI%x1f%s%x1e", "--",
                    self.rel(path), check=False)
        if done.returncode != 0:  # a repository without any commit yet
            return []
        out = []
        for record in done.stdout.decode("utf-8", "replace").split("\x1e"):
            fields = record.strip("\n").split("\x1f")
            if len(fields) == 5:
                out.append(Version(*fields))
        return out

    def contents(self, path: Path, commits: list[str]) -> dict[str, bytes | None]:
        """The file as it was at each commit (None where it did not exist), read in one go."""
        if self.root is None or not commits:
            return {}
        rel = self.rel(path)
        asked = "".join(f"{c}:{rel}\n" for c in commits).encode()
        done = _git(self.root, "cat-file", "--batch", data=asked)
        out: dict[str, bytes | None] = {}
        stream, pos = done.stdout, 0
        for c in commits:
            end = stream.index(b"\n", pos)
            head = stream[pos:end].decode("utf-8", "replace").split()
            pos = end + 1
            if len(head) == 3 and head[1] == "blob":
                size = int(head[2])
                out[c] = stream[pos:pos + size]
                pos += size + 1
            else:
                out[c] = None
        return out

    def resolve(self, path: Path, wanted: str) -> str:
        """A version as the editor gives it (full or short id) → the commit's id, among the file's."""
        wanted = wanted.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{4,64}", wanted):  # never an option, a path or a revision expression
            shown = wanted[:40].encode("unicode_escape").decode("ascii")
            raise TypesetError(f"“{shown}”没有这个版本（版本号由 4～64 位数字和字母 a～f 组成）："
                               "版本号见 typeset history 或工作台的“历史版本”")
        found = [v.commit for v in self.versions(path, limit=100_000)
                 if wanted and (v.commit.startswith(wanted))]
        if len(found) != 1:
            why = "没有这个版本" if not found else "有多个版本以此开头，请多写几位"
            raise TypesetError(f"“{wanted}”{why}：版本号见 typeset history 或工作台的“历史版本”")
        return found[0]


def _tracked(status: str) -> bool:
    """`git status --porcelain` of one file says it is in the index, changed (or added) and no
    more: committing it with `--only` needs no `git add` first."""
    lines = status.splitlines()
    return len(lines) == 1 and len(lines[0]) > 3 and lines[0][0] in " MA" and lines[0][1] in " M" \
        and lines[0][2] == " " and " -> " not in lines[0]


def repository(project_root: Path, create: bool = False) -> Repository:
    return Repository(project_root, create)


DISCOVERY = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM")


class Repositories:
    """repository(project_root) for one project folder, the work tree found remembered: git is
    asked again only when what its search looks at changed (a `.git` in the folder or in one
    above it appeared, went or changed kind; GIT_DIR and the like), or until one is found."""

    def __init__(self, project_root: Path) -> None:
        self.project_root = project_root
        self._found: tuple[Any, Path] | None = None

    def __call__(self, create: bool = False) -> Repository:
        found = self._found
        if found is not None and found[0] == _discovery(self.project_root):
            return Repository(self.project_root, root=found[1])
        repo = Repository(self.project_root, create)
        if repo.root is not None:
            self._found = (_discovery(self.project_root), repo.root)
        return repo


def _discovery(folder: Path) -> tuple[Any, ...]:
    """What `git rev-parse --show-toplevel` in `folder` depends on, as far as it can change while
    a server runs: the folder's place, the kind of `.git` in it and in each folder above it."""
    here = folder.resolve()
    kinds: list[int | None] = []
    for f in (here, *here.parents):
        try:
            kinds.append(stat.S_IFMT(os.stat(f / ".git").st_mode))
        except OSError:
            kinds.append(None)
    return here, tuple(kinds), tuple(os.environ.get(k) for k in DISCOVERY)


def commit_outside(repo: Repository, path: Path) -> None:
    """The file's state on disk committed if it differs from its last commit (an edit made in
    a text editor, by `typeset add`, or the file as it was before the first save)."""
    if path.exists() and repo.pending(path):
        known = bool(repo.head(path))
        repo.commit(path, f"{path.stem}：{OUTSIDE if known else '开始记录历史时的原样'}", None)
