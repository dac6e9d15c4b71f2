"""WeasyPrint's private internals patched for speed, each behind a fence.

The patches are tested on the WeasyPrint range pyproject.toml pins (>=70,<71). Each is
applied only where what it needs exists, and otherwise left out: WeasyPrint then runs
plainly, slower, never broken. With TYPESET_PLAIN_WEASYPRINT=1 none is applied (the
test that compares the PDFs drawn with and without them uses it). `applied()` names the
patches in effect in this process.

1. import_weasyprint(): WeasyPrint loads Pango, HarfBuzz and fontconfig
   through cffi, trying names such as 'libpango-1.0-0' before
   'libpango-1.0.so.0'. For each name that misses, cffi calls
   ctypes.util.find_library, which on Linux runs `ldconfig -p` (and gcc, and
   ld) in subprocesses: about 0.2 s of a cold build. On Linux the list always
   ends with the plain soname, which dlopen finds itself, so during this one
   import find_library answers "not found" and the soname is loaded directly,
   the way the system's own linker would. ("libraries")
2. fontTools.subset: WeasyPrint imports it (and the variable-font instancer,
   which imports it) at module level, but subsets with HarfBuzz when the
   library has hb-subset (Debian's has); fontTools' subsetter is its fallback.
   While WeasyPrint is imported, both names stand for a deferring module whose
   every attribute is the real module's, imported on first use: 0.04 s of a
   cold build saved when nothing uses them, the same behaviour when something
   does. ("deferred")
3. C declarations: WeasyPrint's cffi declarations parsed once and kept (see
   declarations; Linux, 0.1 s of a cold build). A cdef() with options is
   parsed as cffi would. ("declarations")
4. User-agent stylesheet: parsed only when a document needs it, the print
   HTML drawn with the part of it that can apply (see sheets; 0.07 s). Fence:
   weasyprint.html must define the sheets and counter styles it rewrites, and
   HTML the two methods the print HTML overrides; else its sheets are parsed
   at once and every document drawn with the whole stylesheet. ("sheets")
5. font_configuration(): the print HTML's font files loaded in place (see
   fontfiles; 0.04 s). Fence: FontConfiguration must have the fontconfig
   configuration and font map it adds the files to. ("fonts in place")
   The Session keeps one configuration per set of font files (path, size and
   time), so a rebuild in the same process (a preview, a batch worker) skips
   fontconfig's scan; a changed or replaced file gets a fresh configuration.
6. A font's file copied out of its face only when it is used (see fontdata;
   a document copied each face's whole file once for every size it was set
   in). ("font data on use")
"""
from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from ...session import Session, current, font_identity

DEFERRED = ("fontTools.subset", "fontTools.varLib.instancer")
PLAIN = "TYPESET_PLAIN_WEASYPRINT"
_applied: set[str] = set()  # the patches in effect in this process (what they need was found)


def enabled() -> bool:
    """Whether the patches may be applied (not with TYPESET_PLAIN_WEASYPRINT=1)."""
    return os.environ.get(PLAIN, "") not in ("1", "yes", "true")


def applied() -> frozenset[str]:
    """The patches in effect in this process (see the module's docstring)."""
    from .sheets import active

    return frozenset(_applied | ({"sheets"} if active() else set()))


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
    if "weasyprint" in sys.modules or not enabled():
        import weasyprint

        _data_on_use()
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
        _applied.update({"libraries", "declarations"})
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
    _applied.add("deferred")
    _data_on_use()
    return weasyprint


def _data_on_use() -> None:
    from .fontdata import apply

    if enabled() and apply():
        _applied.add("font data on use")


def font_configuration() -> Any:
    """A fresh FontConfiguration: one that loads the print HTML's font files in place where
    WeasyPrint has what that needs (see fontfiles), else WeasyPrint's own."""
    from weasyprint.text.fonts import FontConfiguration

    if enabled():
        from .fontfiles import InPlaceFonts

        config = InPlaceFonts()
        if config.fits:
            _applied.add("fonts in place")
            return config
    return FontConfiguration()


def font_config(files: Iterable[Path], session: Session | None = None) -> Any:
    """The FontConfiguration for these font files, kept by the session (one, for the set of
    files last asked for: by their identity, path, size and time)."""
    files = list(files)
    return (session or current()).kept("font configuration", font_identity(files), font_configuration, files)
