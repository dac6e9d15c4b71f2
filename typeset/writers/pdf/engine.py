"""WeasyPrint, loaded quickly and kept warm: the PDF writer's two speed measures.

1. import_weasyprint(): WeasyPrint loads Pango, HarfBuzz and fontconfig
   through cffi, trying names such as 'libpango-1.0-0' before
   'libpango-1.0.so.0'. For each name that misses, cffi calls
   ctypes.util.find_library, which on Linux runs `ldconfig -p` (and gcc, and
   ld) in subprocesses: about 0.2 s of a cold build. On Linux the list always
   ends with the plain soname, which dlopen finds itself, so during this one
   import find_library answers "not found" and the soname is loaded directly,
   the way the system's own linker would.
2. font_config(files): WeasyPrint copies every @font-face file into a
   temporary folder and has fontconfig scan it, once per FontConfiguration
   (35 MB for the stand-in faces, about 0.07 s). One configuration is kept
   per set of font files (path, size and time), so a rebuild in the same
   process (a preview, a batch worker) skips that; a changed or replaced
   file gets a fresh configuration.
"""

from __future__ import annotations

import atexit
import ctypes.util
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any


def import_weasyprint() -> ModuleType:
    """`import weasyprint`, with the library search above on Linux."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = find_library
    return weasyprint


_configs: dict[tuple[tuple[str, int, int], ...], Any] = {}
atexit.register(_configs.clear)  # its temporary font folder goes with it


def font_config(files: Iterable[Path]) -> Any:
    """The FontConfiguration for these font files, made once per process."""
    from weasyprint.text.fonts import FontConfiguration

    key = tuple(sorted({(str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in files}))
    if key not in _configs:
        _configs.clear()
        _configs[key] = FontConfiguration()
    return _configs[key]


class PageCache:
    """Laid-out WeasyPrint pages kept between rebuilds, keyed by what each page draws.

    A preview rebuild lays out only the pages whose drawing changed (one
    document holding just those pages) and combines them with the kept ones;
    drawing, subsetting and writing the PDF still cover every page."""

    def __init__(self) -> None:
        self._pages: dict[str, Any] = {}
        self._keep: list[Any] = []  # documents whose pages are in use (they own the boxes)
        self.laid_out = 0  # pages laid out by the last render
        self.keys: list[str] = []  # what each page of the last render draws

    def render(self, composed: Any, layout: Any, allowed: list[Path], compress: bool = True) -> bytes:
        """The PDF; `compress=False` spares the streams' compression (for a preview's page images)."""
        from dataclasses import replace

        import weasyprint

        from ...fonts import faces
        from .fetch import ConfinedFetcher
        from .render import html

        table = faces(layout)
        # A page's key is the whole document WeasyPrint would be given for it alone: what it
        # draws, the faces it uses, the page size and the title.
        keys = [html(replace(composed, pages=(p,)), layout) for p in composed.pages]
        missing = [i for i, k in enumerate(keys) if k not in self._pages]
        fetcher = ConfinedFetcher(allowed + [f.path.parent for f in table.values()])
        config = font_config(f.path for f in table.values())
        document = None
        if missing:
            subset = replace(composed, pages=tuple(composed.pages[i] for i in missing))
            document = weasyprint.HTML(string=html(subset, layout), base_url=layout.folder.as_uri() + "/",
                                       url_fetcher=fetcher).render(font_config=config)
            for i, page in zip(missing, document.pages, strict=True):
                self._pages[keys[i]] = page
            self._keep.append(document)
        self.laid_out = len(missing)
        self.keys = keys
        used = set(keys)
        self._pages = {k: v for k, v in self._pages.items() if k in used}
        self._keep = self._keep[-8:]
        base = document or self._keep[-1]
        combined = base.copy([self._pages[k] for k in keys])
        return combined.write_pdf(custom_metadata=True, font_config=config, uncompressed_pdf=not compress)
