#!/usr/bin/env bash
# Set-up for a Debian 12 machine: system packages, open stand-in fonts, the virtualenv.
#
# Idempotent and quick when everything is in place: each step checks first
# (dpkg status, files, a stamp of pyproject.toml) and does nothing if done.
# Runs as root, or as a user with sudo; never asks questions.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# System packages: PDF reading for tests, WeasyPrint's libraries (harfbuzz-subset
# makes font subsetting 2.7 s → 0.1 s), fontconfig, LibreOffice for DOCX → PDF
# checks, python3-venv, make for the Makefile, Chromium for the preview server's browser tests,
# zsh for the tests of scripts/shell/typeset.sh.
PACKAGES=(
    poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
    fonts-liberation2 libreoffice-writer-nogui python3-venv make chromium zsh git
)
STAND_IN="$ROOT/fonts/stand-in"
FANDOL=(FandolFang-Regular.otf FandolSong-Bold.otf FandolSong-Regular.otf FandolHei-Regular.otf
        FandolKai-Regular.otf)
LIBERATION=/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf
VENV="$ROOT/.venv"
# Debian's own Python (the one python3-venv belongs to; built with PGO/LTO, about a fifth
# faster than a plain source build such as pyenv's), not whatever python3 is first on PATH.
PYTHON="${TYPESET_PYTHON:-/usr/bin/python3}"
STAMP="$VENV/.typeset-setup"

say() { printf '[setup] %s\n' "$*"; }

SUDO=()
if [[ $EUID -ne 0 ]]; then
    if command -v sudo >/dev/null; then
        SUDO=(sudo -n)
    fi
fi

apt_updated=0
apt_update() {
    if [[ $apt_updated -eq 0 ]]; then
        say "apt-get update"
        "${SUDO[@]}" apt-get update -qq
        apt_updated=1
    fi
}

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# 1. System packages.
missing=()
for pkg in "${PACKAGES[@]}"; do
    installed "$pkg" || missing+=("$pkg")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $EUID -ne 0 && ${#SUDO[@]} -eq 0 ]]; then
        echo "需要安装系统软件包：${missing[*]}；请用 root 身份运行，或先安装 sudo。" >&2
        exit 1
    fi
    apt_update
    say "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" </dev/null
fi

# 2. Open stand-in fonts (FORMAT.md §3): the Fandol faces from Debian's
#    texlive-lang-chinese .deb, unpacked only (TeX is not installed).
need_fandol=0
for f in "${FANDOL[@]}"; do
    [[ -s "$STAND_IN/$f" ]] || need_fandol=1
done
mkdir -p "$STAND_IN"
if [[ $need_fandol -eq 1 ]]; then
    apt_update
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    say "fetching the Fandol fonts (texlive-lang-chinese, unpacked, not installed)"
    (cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root texlive-lang-chinese)
    dpkg-deb --fsys-tarfile "$tmp"/texlive-lang-chinese_*.deb \
        | tar -x -C "$tmp" --wildcards '*/fonts/opentype/public/fandol/Fandol*.otf'
    for f in "${FANDOL[@]}"; do
        src="$(find "$tmp" -name "$f" -print -quit)"
        if [[ -z "$src" ]]; then
            echo "texlive-lang-chinese 中没有 $f" >&2
            exit 1
        fi
        cp "$src" "$STAND_IN/$f"
    done
fi
if [[ ! -s "$STAND_IN/$(basename "$LIBERATION")" ]]; then
    cp "$LIBERATION" "$STAND_IN/"
fi

# 3. The virtualenv with the package and its development tools; reinstalled
#    only when pyproject.toml changes. An existing, working .venv is kept as it is.
if [[ ! -x "$VENV/bin/python" ]]; then
    say "creating $VENV"
    "$PYTHON" -m venv --clear "$VENV"  # --clear: a .venv left by a Python that is gone
fi
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [[ ! -x "$VENV/bin/typeset" || "$(cat "$STAMP" 2>/dev/null)" != "$want" ]]; then
    say "pip install -e '.[dev]'"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[dev]'
    echo "$want" >"$STAMP"
fi

# 4. `typeset` typed at an interactive bash/zsh prompt runs the tool, though typeset is
#    a shell builtin: activate sources scripts/shell/typeset.sh, deactivate undoes it.
ACTIVATE="$VENV/bin/activate"
SHELL_HOOK="$ROOT/scripts/shell/typeset.sh"
if ! grep -qF "$SHELL_HOOK" "$ACTIVATE"; then
    say "bin/activate: typeset commands at the bash/zsh prompt"
    tmp_activate="$(mktemp "$ACTIVATE.XXXXXX")"
    sed '/^deactivate () {$/a\
    # typeset: undo scripts/shell/typeset.sh\
    if type __typeset_shell_off >/dev/null 2>&1; then __typeset_shell_off; fi' "$ACTIVATE" >"$tmp_activate"
    printf '\n# typeset: the tool'"'"'s commands typed at an interactive bash/zsh prompt\nif [ -f %q ]; then . %q; fi\n' \
        "$SHELL_HOOK" "$SHELL_HOOK" >>"$tmp_activate"
    chmod --reference="$ACTIVATE" "$tmp_activate"
    mv "$tmp_activate" "$ACTIVATE"
fi

# 5. The workbench's browser code (CodeMirror etc. from the npm registry, bundled by esbuild into
#    typeset/workbench/static/): rebuilt only when the lock file, the sources or the build script change.
#    Node.js and npm from Debian when there are none (any node ≥ 18 already present is used).
FRONTEND="$ROOT/typeset/workbench/frontend"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    if [[ $EUID -ne 0 && ${#SUDO[@]} -eq 0 ]]; then
        echo "需要安装 nodejs 和 npm（用来生成网页工作台的界面）；请用 root 身份运行，或先安装 sudo。" >&2
        exit 1
    fi
    apt_update
    say "apt-get install nodejs npm"
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends nodejs npm </dev/null
fi
BUNDLE="$ROOT/typeset/workbench/static"
want_js="$(cd "$FRONTEND" && cat package.json package-lock.json build.mjs $(find src -type f | LC_ALL=C sort) | sha256sum | cut -d' ' -f1)"
if [[ ! -s "$BUNDLE/issue.js" || "$(cat "$BUNDLE/.stamp" 2>/dev/null)" != "$want_js" ]]; then
    say "npm ci + build of the workbench's browser code"
    (cd "$FRONTEND" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
    echo "$want_js" >"$BUNDLE/.stamp"
fi
