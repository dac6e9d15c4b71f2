"""Damaged fonts never stop a build: a corrupt, truncated or empty file in fonts/ is named and passed
over (the stand-in draws its role), a font cache of the wrong shape is rebuilt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from typeset.fonts import STAND_IN
from typeset.layout import load_layout

from ..editor_project import BASE, ISSUE

OFFICIAL = load_layout("briefing")["fonts"]["body"]["faces"][0]  # 仿宋_GB2312


def _licensed_copy() -> bytes:
    """A stand-in renamed to the official body face, as an office's licensed file would be named."""
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(STAND_IN / "FandolKai-Regular.otf")
    names = font["name"]
    names.names = [rec for rec in names.names if rec.platformID == 3]
    for rec in names.names:
        if rec.nameID in (1, 4, 16):
            rec.string = OFFICIAL
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _build(editor, fonts: Path, cache: Path) -> subprocess.CompletedProcess:
    """`typeset build` in a real process whose fonts/ folder is `fonts` and cache folder `cache`."""
    probe = (
        "from pathlib import Path\nimport typeset.fonts as f\n"
        f"f.FONTS = Path({str(fonts)!r})\n"
        "from typeset.cli import main\n"
        f"main(['build', {ISSUE!r}, '-o', 'build'])\n"
    )
    return subprocess.run([sys.executable, "-c", probe], cwd=editor.root, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(cache), "LANG": "C.UTF-8"})


@pytest.mark.parametrize("damage", ["empty", "truncated", "corrupt"])
def test_a_damaged_font_file_is_named_and_the_stand_in_used(editor, tmp_path, damage) -> None:
    editor.write(BASE)
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    good = _licensed_copy()
    data = {"empty": b"", "truncated": good[: len(good) // 3],
            "corrupt": good[:12] + bytes(b ^ 0x5A for b in good[12:4000]) + good[4000:]}[damage]
    (fonts / "仿宋_GB2312.ttf").write_bytes(data)
    done = _build(editor, fonts, tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    assert "内部错误" not in done.stderr and "Traceback" not in done.stderr
    assert f"字体文件 {fonts / '仿宋_GB2312.ttf'} 无法读取" in done.stderr and "警告" in done.stderr, done.stderr
    assert "已生成 build/645.pdf" in done.stdout and "已生成 build/645.docx" in done.stdout
    assert (editor.out / "645.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("cache", ['[1, 2, 3]', '{"x": 1}', "not json {", "ENTRIES", "STALE"])
def test_a_font_cache_of_the_wrong_shape_is_rebuilt(editor, tmp_path, cache) -> None:
    from typeset import fonts

    editor.write(BASE)
    folder = tmp_path / "cache" / "typeset" / "faces"
    folder.mkdir(parents=True)
    entries = []
    used = sorted({face.path for face in fonts.faces(load_layout("briefing")).values()})
    for i, f in enumerate(used):
        st = f.stat()
        key = f"{f.resolve()}|{st.st_mtime_ns}|{st.st_size}"
        entry = folder / fonts._cache_entry(f).name
        entries.append(entry)
        if cache == "ENTRIES":  # the right keys with values of the wrong shape
            text = json.dumps({"key": key, "family": 1, "chars": "abc"} if i % 2 else [])
        elif cache == "STALE":  # the right shape for an older file at the same place: other code points
            text = json.dumps({"key": f"{f.resolve()}|1|{st.st_size}", "family": "X", "ascent": 0.8,
                               "descent": 0.2, "chars": [65]})
        else:
            text = cache
        entry.write_text(text, "utf-8")
    done = _build(editor, tmp_path / "no-fonts", tmp_path / "cache")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    for entry in entries:
        table = json.loads(entry.read_text("utf-8"))
        assert isinstance(table, dict) and isinstance(table["chars"], list) and len(table["chars"]) > 1000
    assert done.stderr.strip() == "", done.stderr  # nothing to say: the cache is the tool's own business
