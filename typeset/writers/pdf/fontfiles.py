"""Font files given to fontconfig where they are, not copied for each build.

For every @font-face, WeasyPrint reads the font through the URL fetcher,
writes it into a temporary folder and has fontconfig load the copy: 35 MB for
the stand-in faces, about 0.04 s of each cold build (fontconfig's own scan of
the files takes a few milliseconds). The print HTML's @font-face rules name a
family and one file inside the folders the build may read; such a file is
registered with fontconfig in place, under the same rules WeasyPrint writes
for its copy (the family prepended to the file's own). Any other rule (a
second rule for the same file, a style or weight, a WOFF font, a file the
fetcher refuses) is WeasyPrint's to handle, as before. A rule met again (the next build in
a process that keeps its configuration) is already loaded: nothing is copied into TMPDIR.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from weasyprint.text.ffi import ffi, fontconfig, pangoft2
from weasyprint.text.fonts import FontConfiguration

from .fetch import ConfinedFetcher

_HEADER = b'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'


def _rules(path: Path, family: str) -> bytes:
    """What WeasyPrint writes for a copied font (text/fonts.py), for the file itself."""
    root = Element("fontconfig")
    for target in ("scan", "font"):
        match = SubElement(root, "match", target=target)
        test = SubElement(match, "test", name="file", compare="eq")
        SubElement(test, "string").text = path.as_posix()
        if target == "scan":
            edit = SubElement(match, "edit", name="family", mode="prepend")
            SubElement(edit, "string").text = family
    return _HEADER + tostring(root, encoding="utf-8")


class InPlaceFonts(FontConfiguration):
    """A FontConfiguration that loads the print HTML's font files where they are."""

    def __init__(self) -> None:
        super().__init__()
        self.in_place: set[Path] = set()
        self.registered: set[tuple[Path, str]] = set()  # (file, family) rules given to fontconfig
        # what loading in place needs of WeasyPrint's configuration; without it, WeasyPrint's own way
        self.fits = hasattr(self, "_config") and hasattr(self, "font_map") and all(
            hasattr(lib, name) for lib, name in ((fontconfig, "FcConfigParseAndLoadFromMemory"),
                                                 (fontconfig, "FcConfigAppFontAddFile"),
                                                 (pangoft2, "pango_fc_font_map_config_changed")))

    def _file(self, descriptors: dict, fetcher: Any) -> Path | None:
        """The font file to load in place, if this rule is one of the print HTML's."""
        if set(descriptors) != {"src", "font_family"} or not isinstance(fetcher, ConfinedFetcher):
            return None
        sources = descriptors["src"]
        if len(sources) != 1 or sources[0][0] != "external" or not sources[0][1]:
            return None
        path = fetcher.permitted(sources[0][1])
        if path is None or not path.is_file():
            return None
        with path.open("rb") as f:
            if f.read(3) == b"wOF":  # WOFF: WeasyPrint decodes it into its copy
                return None
        return path

    def add_font_face(self, rule_descriptors: dict, url_fetcher: Any) -> Any:
        path = self._file(rule_descriptors, url_fetcher) if self.fits else None
        if path is not None and (path, rule_descriptors["font_family"]) in self.registered:
            return None  # the next build in this process (the configuration is kept): loaded already
        if path is None or path in self.in_place:  # another family for a file: WeasyPrint's copy
            return super().add_font_face(rule_descriptors, url_fetcher)
        fontconfig.FcConfigParseAndLoadFromMemory(self._config, _rules(path, rule_descriptors["font_family"]), True)
        if not fontconfig.FcConfigAppFontAddFile(self._config, str(path).encode()):
            return super().add_font_face(rule_descriptors, url_fetcher)
        self.in_place.add(path)
        self.registered.add((path, rule_descriptors["font_family"]))
        return pangoft2.pango_fc_font_map_config_changed(ffi.cast("PangoFcFontMap *", self.font_map))
