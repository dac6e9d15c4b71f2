"""The server's page cache: WeasyPrint's work kept between rebuilds of one issue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...fonts import faces
from ...session import font_identity
from .patches import font_config


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
