"""Reading a file that must stay inside a folder (the series folder): for any stage.

    read_confined(path, folder) → bytes (a picture turned upright by its EXIF orientation)

The reader checks every picture when it builds the model; a writer that embeds
a file itself (the DOCX) reads it through here, never through the reader.
"""

from __future__ import annotations

import io
from pathlib import Path

from .errors import Problem, TypesetError

MAX_BYTES = 30_000_000  # a photo for a briefing is a few MB
ORIENTATION = 0x0112  # the EXIF tag: how the camera held the picture


def read_confined(path: str | Path, folder: str | Path) -> bytes:
    """The bytes of a checked file below `folder`.

    Resolves the path again at the moment of reading, so a file swapped for a symbolic
    link after the reader checked it still cannot bring in a file from outside the folder."""
    real = Path(path).resolve()
    root = Path(folder).resolve()
    if not real.is_relative_to(root) or not real.is_file():
        raise TypesetError(Problem(f"拒绝读取系列文件夹以外的图片：{path}；请把图片文件放进系列文件夹（{root}）"))
    size = real.stat().st_size
    if size > MAX_BYTES:
        raise TypesetError(Problem(f"图片过大：{path}"))
    return oriented(real.read_bytes())


def orientation_of(image) -> int:
    """The EXIF orientation of an open Pillow image (1–8; 1 when absent or not a valid value)."""
    try:
        value = image.getexif().get(ORIENTATION, 1)
    except (OSError, SyntaxError, ValueError, TypeError):
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def oriented(data: bytes) -> bytes:
    """The picture as it is seen: a photo with an EXIF orientation (a portrait taken with a
    phone) turned upright and saved without it, so that no program turns it again; a JPEG
    that Word's and python-docx's readers do not take (CMYK from print software, or no
    JFIF/EXIF header) saved again as an RGB JPEG; any other picture unchanged, byte for byte."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        kind = image.format
        odd = kind == "JPEG" and (image.mode not in ("RGB", "L")
                                  or not data.startswith((b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1")))
        if orientation_of(image) == 1 and not odd:
            return data
        upright = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        extra = {"icc_profile": image.info["icc_profile"]} if image.info.get("icc_profile") else {}
        if kind == "JPEG" and upright.mode not in ("RGB", "L"):
            upright, extra = upright.convert("RGB"), {}  # a CMYK profile would not fit the RGB data
        if kind == "JPEG":
            upright.save(out, "JPEG", quality=95, subsampling=0, **extra)
        else:
            upright.save(out, "PNG", **extra)
        return out.getvalue()
