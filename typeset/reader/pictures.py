"""Picture paths in an issue → checked files inside the series folder.

A picture is named by a path relative to the series folder (where
series.yaml stands). It must stay inside that folder — no absolute path, no
URL, no `..`, no symbolic link that leads out — and be a whole PNG or JPEG
image, which is decoded here once so that a broken file is reported with its
location instead of silently missing from the PDF.
"""

from __future__ import annotations

import difflib
import re
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..confined import MAX_BYTES, orientation_of
from ..errors import Problem, TypesetError, system_reason
from ..model import Origin

FORMATS = {"PNG": "PNG", "JPEG": "JPEG"}  # what both the PDF and the DOCX writers can embed
MAX_PIXELS = 60_000_000  # decoded size; beyond it, a decompression bomb or a scan far too large

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


TURNED = (5, 6, 7, 8)  # orientations that swap width and height
# XMP metadata from photo software can decompress to several MB; Pillow refuses a text
# chunk above 1 MB as a decompression bomb. The total stays bounded by MAX_TEXT_MEMORY.
TEXT_CHUNK = 64_000_000


@dataclass(frozen=True)
class Checked:
    path: Path  # resolved, inside the series folder
    pixels: tuple[int, int]  # as the picture is seen: its EXIF orientation applied
    format: str
    orientation: int = 1


def check_picture(written: str, folder: Path, shown_folder: str, origin: Origin,
                  field: str) -> Checked:
    """The picture file that `written` names below `folder`, or a located TypesetError."""

    def fail(message: str) -> TypesetError:
        return TypesetError(Problem(message, origin, field))

    text = written.strip().replace("\\", "/")
    if _URL.match(text) and not re.match(r"^[A-Za-z]:/", text):
        raise fail(f"图片“{written}”是网址：排版不访问网络，请把图片文件下载后放进系列文件夹"
                   f"（{shown_folder}），再写相对于它的路径")
    rel = PurePosixPath(text)
    if rel.is_absolute() or re.match(r"^[A-Za-z]:/", text) or text.startswith("~"):
        raise fail(f"图片路径“{written}”是绝对路径；请把图片放进系列文件夹（{shown_folder}），"
                   "再写相对于它的路径，如 images/645-1.jpg")
    if ".." in rel.parts:
        raise fail(f"图片路径“{written}”用“..”跳出了系列文件夹（{shown_folder}）；"
                   "出于安全，只能使用系列文件夹里的图片，请把图片复制进去")
    root = folder.resolve()
    candidate = root.joinpath(*rel.parts)
    if not candidate.exists() and not candidate.is_symlink():
        raise fail(f"找不到图片文件“{written}”（在系列文件夹 {shown_folder} 下找）{_nearby(candidate)}")
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        raise fail(f"图片“{written}”是一个指向不存在文件的符号链接，请换成图片文件本身") from None
    if not real.is_relative_to(root):
        raise fail(f"图片“{written}”是指向系列文件夹以外的符号链接（{real}）；出于安全不予读取，"
                   f"请把图片文件本身复制到系列文件夹（{shown_folder}）中")
    if not real.is_file():
        raise fail(f"“{written}”不是文件（是文件夹或设备），请写图片文件的路径")
    try:
        size = real.stat().st_size
    except OSError as err:
        raise fail(f"无法读取图片“{written}”：{system_reason(err)}") from None
    if size == 0:
        raise fail(f"图片文件“{written}”是空的（0 字节），请重新导出图片")
    if size > MAX_BYTES:
        raise fail(f"图片“{written}”过大（{size / 1_000_000:.0f} MB，上限 {MAX_BYTES // 1_000_000} MB），"
                   "请缩小后再用（简报图片宽度约 2000 像素已足够）")
    return _decode(real, written, fail)


def _decode(real: Path, written: str, fail) -> Checked:
    from PIL import Image, ImageFile, PngImagePlugin, UnidentifiedImageError

    # process-wide on purpose: the PDF writer's Pillow decodes the same file again
    PngImagePlugin.MAX_TEXT_CHUNK = max(PngImagePlugin.MAX_TEXT_CHUNK, TEXT_CHUNK)
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint turns this on for the whole process
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(real, formats=None) as image:
                kind = image.format or ""
                if kind not in FORMATS:
                    raise fail(f"图片“{written}”是 {kind or '未知'} 格式，不支持；请另存为 PNG 或 JPEG")
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise fail(f"图片“{written}”的像素太多（{width}×{height}），请缩小到 {MAX_PIXELS // 1_000_000} "
                               "百万像素以内")
                image.load()  # a truncated or corrupt file fails here, not silently in the writer
                orientation = orientation_of(image)
    except TypesetError:
        raise
    except UnidentifiedImageError:
        raise fail(f"“{written}”不是图片文件（无法识别为 PNG 或 JPEG）；请检查文件是否损坏、"
                   "扩展名是否写错") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise fail(f"图片“{written}”解码后过大，请缩小后再用") from None
    except (OSError, SyntaxError, ValueError):
        raise fail(f"图片“{written}”已损坏或不完整（无法完整解码），请重新导出或另存图片") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    if width < 1 or height < 1:
        raise fail(f"图片“{written}”的尺寸无效（{width}×{height}）")
    if orientation in TURNED:
        width, height = height, width
    return Checked(real, (width, height), FORMATS[kind], orientation)


THIN_MM = 1.0  # a picture printed thinner than this is a line, not a picture


def thin_picture(pixels: tuple[int, int], width: float | None, layout_name: str) -> str:
    """How thin a picture of these proportions prints at `width` of the text width (held
    within the text block's height), in words; "" when both sides print visibly."""
    from .layout_file import load_layout

    try:
        layout = load_layout(layout_name)
    except TypesetError:
        return ""  # the build reports an unknown layout
    w = layout.text_width * (width if width is not None else layout.figure.width)
    h = w * pixels[1] / pixels[0]
    if h > layout.text_height:
        w, h = w * layout.text_height / h, layout.text_height
    side = min(w, h) / 72 * 25.4
    if side >= THIN_MM:
        return ""
    size = f"{side:.2f} 毫米" if side >= 0.01 else "不到 0.01 毫米"
    return f"按版心排印只有 {size}{'高' if h < w else '宽'}"


def _nearby(candidate: Path) -> str:
    """A hint when a file of a similar name stands in the same folder."""
    try:
        names = [p.name for p in candidate.parent.iterdir()] if candidate.parent.is_dir() else []
    except OSError:
        return "；请检查路径和文件名"
    near = difflib.get_close_matches(candidate.name, names, n=1, cutoff=0.6)
    if near:
        return f"；同一文件夹里有“{near[0]}”，是不是这个？"
    return "；请检查路径和文件名（区分大小写和扩展名）"
