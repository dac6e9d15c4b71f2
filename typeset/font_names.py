"""The family names in a font file, in every language it gives them (fontTools), shared by the
project's font folders (fonts.py) and Windows' (windows.py)."""

from __future__ import annotations

from pathlib import Path


def face_names(path: Path) -> list[str]:
    """Family names (name IDs 1, 4, 16; all languages) in a font file or collection."""
    from fontTools.ttLib import TTCollection, TTFont

    fonts = TTCollection(path, lazy=True).fonts if path.suffix.lower() in {".ttc", ".otc"} else [
        TTFont(path, lazy=True)
    ]
    names: list[str] = []
    for font in fonts:
        for rec in font["name"].names:
            if rec.nameID in (1, 4, 16):
                try:
                    names.append(rec.toUnicode())
                except UnicodeDecodeError:
                    continue
    return names
