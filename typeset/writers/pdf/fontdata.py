"""A font's file read only when it is used (patch 6 of patches.py, "font data on use").

WeasyPrint's pdf.fonts.Font copies its face's whole font file into a bytes object when it
is made: once for every face and size a document uses (a page of the briefing: 6–10 copies
of 5–7 MB Chinese fonts), although only the first font of each face is subset and embedded
(and subsetting makes its data from the face itself). Here a Font made by WeasyPrint holds
a marker instead, and `file_content` reads the face's data on first use: the same bytes,
read at most once a font, not at all for a font that is never embedded.

Fence: pdf.fonts must define Font and the module-level get_hb_object_data its __init__
calls, and Font must keep file_content as a plain instance attribute; otherwise nothing is
changed. The marker is given only inside Font.__init__ of the calling thread (a context
variable), so a subset's data (and every other caller) reads as before.
"""

from __future__ import annotations

import contextvars
import inspect
from typing import Any

_MAKING = contextvars.ContextVar("typeset_font_making", default=False)


class _Unread:
    __slots__ = ("face",)

    def __init__(self, face: Any) -> None:
        self.face = face


def apply() -> bool:
    """Patch WeasyPrint (imported) when the fence holds; whether it is patched now."""
    from weasyprint.pdf import fonts

    font: Any = getattr(fonts, "Font", None)
    read: Any = getattr(fonts, "get_hb_object_data", None)
    if getattr(font, "typeset_data_on_use", False):
        return True
    if font is None or read is None or "file_content" in vars(font):
        return False
    try:
        source = inspect.getsource(font.__init__)
    except (OSError, TypeError):
        return False
    if "self.file_content = get_hb_object_data(self.hb_face)" not in source:
        return False
    made = font.__init__

    def get_hb_object_data(hb_object: Any, ot_color: Any = None, glyph: Any = None) -> Any:
        if ot_color is None and glyph is None and _MAKING.get():
            return _Unread(hb_object)
        return read(hb_object, ot_color, glyph)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        token = _MAKING.set(True)
        try:
            made(self, *args, **kwargs)
        finally:
            _MAKING.reset(token)

    class FileContent:
        def __get__(self, instance: Any, owner: Any = None) -> Any:
            if instance is None:
                return self
            data = instance.__dict__["typeset_file_content"]
            if isinstance(data, _Unread):
                data = instance.__dict__["typeset_file_content"] = read(data.face)
            return data

        def __set__(self, instance: Any, value: Any) -> None:
            instance.__dict__["typeset_file_content"] = value

    fonts.get_hb_object_data = get_hb_object_data
    font.__init__ = __init__
    font.file_content = FileContent()
    font.typeset_data_on_use = True
    return True
