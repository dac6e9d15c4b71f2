"""WeasyPrint's C declarations parsed once, not in every process.

At import WeasyPrint declares Pango, HarfBuzz and fontconfig to cffi
(`ffi.cdef`, some 450 lines of C), which parses them with pycparser every
time: about 0.1 s of a cold build, pycparser's own import included. cffi can
write parsed declarations out as a Python module ("out-of-line ABI mode",
no compiler involved) that loads in a millisecond. While WeasyPrint is
imported, `cffi.FFI` stands for CachedFFI: its cdef() loads that module from
the cache, writing it first when it is not there; the module's name is a hash
of everything it is made from (the declarations' text, the cffi and Python
versions), so a changed declaration is parsed and written anew, never
answered from an old file. Everything else is the loaded FFI's own.

Linux only (import_weasyprint uses it there): the loaded FFI's dlopen takes a
library name as it is, without cffi's find_library search, which on Linux
import_weasyprint has answer "not found" anyway.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import cffi

REAL_FFI = cffi.FFI  # the real class, also while CachedFFI stands for it


def cache_folder() -> Path:
    from ...session import cache_folder as typeset_cache

    return typeset_cache() / "cffi"


def module_name(source: str) -> str:
    key = "\0".join((source, cffi.__version__, sys.version, sys.platform))
    return "_typeset_cffi_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def _load(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ffi


def _write(source: str, name: str, path: Path) -> None:
    """The parsed declarations as a module at `path` (whole or not at all)."""
    from cffi.recompiler import make_py_source

    builder = REAL_FFI()
    builder.cdef(source)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        make_py_source(builder, name, tmp)  # what ffi.emit_python_code writes, silently
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def compiled(source: str) -> Any:
    """An FFI that knows `source`'s declarations, from the cache when it holds them."""
    name = module_name(source)
    path = cache_folder() / f"{name}.py"
    try:
        return _load(name, path)
    except Exception:  # noqa: BLE001 - absent, damaged or unreadable: parse and write it anew
        pass
    try:
        _write(source, name, path)
        return _load(name, path)
    except Exception:  # noqa: BLE001 - a cache that cannot be written: parse in this process
        ffi = REAL_FFI()
        ffi.cdef(source)
        return ffi


class CachedFFI:
    """cffi.FFI for WeasyPrint's cdef(): the declarations from the cache; everything else the
    loaded FFI's (WeasyPrint declares once, with no options)."""

    def __init__(self) -> None:
        self._sources: list[str] = []
        self._ffi: Any = None
        self._plain = False  # declarations with options: a real FFI, parsed in this process

    def cdef(self, source: str, **options: Any) -> None:
        for cached in [k for k in vars(self) if not k.startswith("_")]:
            delattr(self, cached)
        self._sources.append(source)
        if options or self._plain:  # not what the cache was written for: parsed as cffi would
            if not self._plain:
                self._ffi = REAL_FFI()
                for earlier in self._sources[:-1]:
                    self._ffi.cdef(earlier)
                self._plain = True
            self._ffi.cdef(source, **options)
            return
        self._ffi = compiled("\n".join(self._sources))

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_") or self._ffi is None:
            raise AttributeError(attr)
        value = getattr(self._ffi, attr)
        if attr != "errno":  # the rest never change: looked up once
            setattr(self, attr, value)
        return value
