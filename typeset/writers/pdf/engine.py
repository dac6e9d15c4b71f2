"""Import WeasyPrint without ctypes' slow library search.

WeasyPrint loads Pango, HarfBuzz and fontconfig through cffi, trying names
such as 'libpango-1.0-0' before 'libpango-1.0.so.0'. For each name that
misses, cffi calls ctypes.util.find_library, which on Linux runs
`ldconfig -p` (and gcc, and ld) in subprocesses: about 0.2 s of a cold
build. On Linux the list always ends with the plain soname, which dlopen
finds itself, so during this one import find_library answers "not found"
and the soname is loaded directly, the way the system's own linker would.
"""

from __future__ import annotations

import ctypes.util
import sys
from types import ModuleType


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
