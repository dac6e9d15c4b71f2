"""WeasyPrint, loaded quickly and kept warm: the PDF writer's two speed measures.

1. import_weasyprint(): WeasyPrint loads Pango, HarfBuzz and fontconfig
   through cffi, trying names such as 'libpango-1.0-0' before
   'libpango-1.0.so.0'. For each name that misses, cffi calls
   ctypes.util.find_library, which on Linux runs `ldconfig -p` (and gcc, and
   ld) in subprocesses: about 0.2 s of a cold build. On Linux the list always
   ends with the plain soname, which dlopen finds itself, so during this one
   import find_library answers "not found" and the soname is loaded directly,
   the way the system's own linker would.
2. fontTools.subset: WeasyPrint imports it (and the variable-font instancer,
   which imports it) at module level, but subsets with HarfBuzz when the
   library has hb-subset (Debian's has); fontTools' subsetter is its fallback.
   While WeasyPrint is imported, both names stand for a deferring module whose
   every attribute is the real module's, imported on first use: 0.04 s of a
   cold build saved when nothing uses them, the same behaviour when something does.
3. C declarations: WeasyPrint's cffi declarations parsed once and kept (see
   declarations; Linux, 0.1 s of a cold build).
4. User-agent stylesheet: parsed only when a document needs it, the print
   HTML drawn with the part of it that can apply (see sheets; 0.07 s).
5. font_config(files): WeasyPrint copies every @font-face file into a
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

DEFERRED = ("fontTools.subset", "fontTools.varLib.instancer")


class _Deferred(ModuleType):
    """Stands for a module during WeasyPrint's import; imports the real one on first use.

    A name taken from it while it stands in (`from m import f`) is a function that
    calls the real one (WeasyPrint takes only functions from these modules so)."""

    standing_in = True

    def __getattr__(self, attr: str) -> Any:
        import importlib

        if attr.startswith("__"):
            raise AttributeError(attr)
        if self.standing_in:
            name = self.__name__

            def deferred(*args: Any, **kwargs: Any) -> Any:
                return getattr(importlib.import_module(name), attr)(*args, **kwargs)

            return deferred
        return getattr(importlib.import_module(self.__name__), attr)


def import_weasyprint() -> ModuleType:
    """`import weasyprint`, with the library search, the deferred modules, the kept
    declarations and the lazy stylesheets above."""
    if "weasyprint" in sys.modules:
        import weasyprint

        return weasyprint
    stand_ins = {name: _Deferred(name) for name in DEFERRED if name not in sys.modules}
    sys.modules.update(stand_ins)
    find_library = ctypes.util.find_library
    linux = sys.platform.startswith("linux")
    if linux:
        import cffi

        from .declarations import CachedFFI

        ctypes.util.find_library = lambda name: None
        cffi.FFI = CachedFFI  # type: ignore[misc]
    from .sheets import LazySheets

    lazy = LazySheets()
    sys.meta_path.insert(0, lazy)
    try:
        import weasyprint
    finally:
        sys.meta_path.remove(lazy)
        ctypes.util.find_library = find_library
        if linux:
            from .declarations import REAL_FFI

            cffi.FFI = REAL_FFI  # type: ignore[misc]
        for name, module in stand_ins.items():  # a later import gets the real module
            module.standing_in = False
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return weasyprint


_configs: dict[tuple[tuple[str, int, int], ...], Any] = {}
atexit.register(_configs.clear)  # its temporary font folder goes with it


def font_identity(files: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """What tells a set of font files from another: each file's path, size and time."""
    return tuple(sorted({(str(p.resolve()), (st := p.stat()).st_size, st.st_mtime_ns) for p in files}))


def font_config(files: Iterable[Path]) -> Any:
    """The FontConfiguration for these font files, made once per process (loading the
    print HTML's font files in place, see fontfiles)."""
    from .fontfiles import InPlaceFonts

    key = font_identity(files)
    if key not in _configs:
        _configs.clear()
        _configs[key] = InPlaceFonts()
    return _configs[key]


class PageCache:
    """WeasyPrint's work kept between rebuilds, keyed by what each page draws.

    A page's key is the whole document WeasyPrint would be given for that page
    alone (what it draws, the faces, the page size, the title) and the font
    files' identity. Two products share the laid-out pages:

    - preview(): each page as a PDF of its own (what the preview's page images
      are drawn from), made only for a page whose key is new; nothing else is
      redrawn, nothing assembled. Each carries its own font subsets.
    - render(): the print PDF, one WeasyPrint document (one subset per face),
      laying out only pages not laid out before; drawing and writing cover
      every page.
    """

    def __init__(self) -> None:
        self._laid: dict[str, tuple[Any, Any]] = {}  # key → (laid-out page, its document, which owns the boxes)
        self._bytes: dict[str, bytes] = {}  # key → that page's own PDF
        self.laid_out = 0  # pages laid out by the last call
        self.keys: list[str] = []  # the key of each page of the last call
        self.fresh: list[int] = []  # pages (0-based) whose own PDF the last preview() made

    def _prepare(self, composed: Any, layout: Any, allowed: list[Path]) -> tuple[list[str], list[str], Any, Any]:
        """Each page's key and its document alone (the key without the font stamp)."""
        from dataclasses import replace

        from ...fonts import faces
        from .fetch import ConfinedFetcher
        from .render import html

        table = faces(layout, composed.series.folder)
        files = sorted({f.path for f in table.values()})
        stamp = repr(font_identity(files))
        alone = [html(replace(composed, pages=(p,)), layout) for p in composed.pages]
        fetcher = ConfinedFetcher(allowed + [f.parent for f in files])
        return [stamp + a for a in alone], alone, fetcher, font_config(files)

    def _lay_out(self, composed: Any, layout: Any, keys: list[str], wanted: list[int], fetcher: Any,
                 config: Any, alone: list[str] | None = None) -> None:
        """Lay out the wanted pages: in one document, or (given each page's document alone)
        each in a document of its own."""
        from dataclasses import replace

        from .render import html
        from .sheets import document

        groups = [[i] for i in wanted] if alone is not None else [wanted] if wanted else []
        for group in groups:
            source = alone[group[0]] if alone is not None else html(
                replace(composed, pages=tuple(composed.pages[i] for i in group)), layout)
            drawn = document(source, base_url=layout.folder.as_uri() + "/",
                             url_fetcher=fetcher).render(font_config=config)
            for i, page in zip(group, drawn.pages, strict=True):
                self._laid[keys[i]] = (page, drawn)

    def _forget(self, keys: list[str]) -> None:
        used = set(keys)
        for table in (self._laid, self._bytes):
            for k in [k for k in table if k not in used]:
                del table[k]

    def render(self, composed: Any, layout: Any, allowed: list[Path], compress: bool = True) -> bytes:
        """The print PDF; `compress=False` spares the streams' compression."""
        keys, _, fetcher, config = self._prepare(composed, layout, allowed)
        missing = [i for i, k in enumerate(keys) if k not in self._laid]
        self._lay_out(composed, layout, keys, missing, fetcher, config)
        self.laid_out, self.keys = len(missing), keys
        self._forget(keys)
        base = self._laid[keys[0]][1]
        combined = base.copy([self._laid[k][0] for k in keys])
        return combined.write_pdf(custom_metadata=True, uncompressed_pdf=not compress)  # fonts: at render

    def preview(self, composed: Any, layout: Any, allowed: list[Path]) -> list[int]:
        """Each page as a PDF of its own, made anew only where the page changed (see above);
        returns the pages (0-based) made anew."""
        keys, alone, fetcher, config = self._prepare(composed, layout, allowed)
        fresh = [i for i, k in enumerate(keys) if k not in self._bytes]
        missing = [i for i in fresh if keys[i] not in self._laid]
        self._lay_out(composed, layout, keys, missing, fetcher, config, alone)
        for i in fresh:
            page, document = self._laid[keys[i]]
            self._bytes[keys[i]] = document.copy([page]).write_pdf(custom_metadata=True, uncompressed_pdf=True)
        self.laid_out, self.keys, self.fresh = len(missing), keys, fresh
        self._forget(keys)
        return fresh

    def page_pdf(self, index: int) -> bytes:
        """Page `index` (0-based) of the last preview() as a PDF of its own."""
        return self._bytes[self.keys[index]]
