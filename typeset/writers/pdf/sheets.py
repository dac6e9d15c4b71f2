"""WeasyPrint's user-agent stylesheet: for the print HTML, only the rules that can apply to it.

WeasyPrint parses its whole HTML user-agent stylesheet (every element of HTML:
tables, forms, lists, headings…) and the presentational hints at import,
about 0.07 s of each cold build. The print HTML uses nine elements, no
presentational attributes and no counters, so:

- while WeasyPrint is imported, those module-level sheets are made lazy
  (parsed on first use: any other document WeasyPrint draws in this process,
  a volume's cover say, gets them whole, as before);
- the print HTML is drawn with PRINT_UA, the rules of that stylesheet that
  can match its elements (the same text, fewer rules), provided it uses only
  those elements and attributes (checked on each document; anything else is
  drawn with the whole stylesheet).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import re
import sys
from functools import cache
from typing import Any

NEEDED_SHEETS = ("UA_STYLESHEET", "UA_FORM_STYLESHEET")  # weasyprint.html's, made lazy
OVERRIDDEN = ("_ua_stylesheets", "_ua_counter_style")  # HTML's methods that PrintHTML overrides
_active = False  # set once weasyprint.html was imported with the lazy sheets

ELEMENTS = frozenset({"html", "head", "meta", "title", "style", "body", "div", "span", "img"})
ATTRIBUTES = frozenset({"lang", "charset", "name", "content", "class", "style", "alt", "src"})

# From WeasyPrint's html5_ua.css: every rule whose selector can match ELEMENTS with ATTRIBUTES,
# every rule of a pseudo-element of any element, @page and the basic counter styles.
PRINT_UA = """
head, meta, style, title { display: none }
body, div, html { display: block }
body { margin: 8px }
html { color-scheme: light }
::marker { font-variant-numeric: tabular-nums; white-space: pre; text-transform: none }
img { overflow: hidden }
::footnote-call { content: counter(footnote); vertical-align: super; font-size: smaller; line-height: inherit }
::footnote-marker { content: counter(footnote) ". " }
::note-call { content: counter(note); vertical-align: super; font-size: smaller; line-height: inherit }
::note-marker { content: counter(note) ". " }
::note-callback { content: " ↩" }
@page {
  margin: 75px;
  @footnote            { margin-top: 1em }
  @note-area           { content: element(note, all-once) }
  @top-left-corner     { text-align: right;  vertical-align: middle }
  @top-left            { text-align: left;   vertical-align: middle }
  @top-center          { text-align: center; vertical-align: middle }
  @top-right           { text-align: right;  vertical-align: middle }
  @top-right-corner    { text-align: left;   vertical-align: middle }
  @left-top            { text-align: center; vertical-align: top    }
  @left-middle         { text-align: center; vertical-align: middle }
  @left-bottom         { text-align: center; vertical-align: bottom }
  @right-top           { text-align: center; vertical-align: top    }
  @right-middle        { text-align: center; vertical-align: middle }
  @right-bottom        { text-align: center; vertical-align: bottom }
  @bottom-left-corner  { text-align: right;  vertical-align: middle }
  @bottom-left         { text-align: left;   vertical-align: middle }
  @bottom-center       { text-align: center; vertical-align: middle }
  @bottom-right        { text-align: right;  vertical-align: middle }
  @bottom-right-corner { text-align: left;   vertical-align: middle }
}
@counter-style disc { system: cyclic; symbols: •; suffix: " " }
@counter-style circle { system: cyclic; symbols: ◦; suffix: " " }
@counter-style square { system: cyclic; symbols: ▪; suffix: " " }
@counter-style decimal { system: numeric; symbols: "0" "1" "2" "3" "4" "5" "6" "7" "8" "9" }
"""

_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"([^\s=/]+)\s*(?:=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")


def fits(html: str) -> bool:
    """Whether PRINT_UA styles this document as the whole stylesheet would: only ELEMENTS,
    only ATTRIBUTES."""
    for tag, rest in _TAG.findall(html):
        if tag.lower() not in ELEMENTS:
            return False
        if any(name.lower() not in ATTRIBUTES for name in _ATTRIBUTE.findall(rest.rstrip("/"))):
            return False
    return True


class _Lazy:
    """A stylesheet made on first use."""

    def __init__(self, make: Any, args: tuple, kwargs: dict) -> None:
        self._make, self._args, self._kwargs, self._sheet = make, args, kwargs, None

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") or attr in ("_make", "_args", "_kwargs", "_sheet"):
            raise AttributeError(attr)
        if self._sheet is None:
            self._sheet = self._make(*self._args, **self._kwargs)
        return getattr(self._sheet, attr)


class _LazyLoader(importlib.abc.Loader):
    """Runs weasyprint/html.py with its CSS(...) made lazy."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: Any) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        global _active
        package: Any = sys.modules["weasyprint"]
        real = package.CSS
        package.CSS = lambda *args, **kwargs: _Lazy(real, args, kwargs)
        try:
            self.loader.exec_module(module)
        finally:
            package.CSS = real
        module.CSS = real
        counters = getattr(module, "UA_COUNTER_STYLE", None)  # filled by parsing the stylesheets
        sheets: list[Any] = [getattr(module, name, None) for name in NEEDED_SHEETS]
        if counters is None or not hasattr(counters, "copy") or any(not isinstance(s, _Lazy) for s in sheets):
            _plain(module)  # not the WeasyPrint this was written for: its sheets made now, as it would
            return

        class Counters(type(counters)):  # type: ignore[misc]
            def copy(self) -> Any:
                for sheet in sheets:
                    sheet.matcher  # noqa: B018 - made now
                return super().copy()

        counters.__class__ = Counters
        _active = True


def _plain(module: Any) -> None:
    """Every lazy sheet of the module made now, in the order the module made them."""
    for name, value in list(vars(module).items()):
        if isinstance(value, _Lazy):
            setattr(module, name, value._make(*value._args, **value._kwargs))


def active() -> bool:
    """Whether the lazy sheets and PRINT_UA are in effect (WeasyPrint had what they need)."""
    return _active and _overridable()


class LazySheets(importlib.abc.MetaPathFinder):
    """Put on sys.meta_path while WeasyPrint is imported (see patches.import_weasyprint)."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "weasyprint.html":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _LazyLoader(spec.loader)
        return spec


@cache
def _print_sheet() -> tuple[Any, Any]:
    from weasyprint import CSS
    from weasyprint.css.counters import CounterStyle

    counters = CounterStyle()
    return CSS(string=PRINT_UA, counter_style=counters), counters


@cache
def _overridable() -> bool:
    """Whether weasyprint.HTML has the methods PrintHTML overrides (else the whole stylesheet)."""
    import weasyprint

    return all(callable(getattr(weasyprint.HTML, name, None)) for name in OVERRIDDEN)


@cache
def _print_html() -> type:
    import weasyprint

    class PrintHTML(weasyprint.HTML):
        """The print HTML, drawn with PRINT_UA."""

        def _ua_stylesheets(self, forms: bool = False) -> list:
            return [_print_sheet()[0]]

        def _ua_counter_style(self) -> list:
            return [_print_sheet()[1].copy()]

    return PrintHTML


def document(html: str, **options: Any) -> Any:
    """weasyprint.HTML(string=html, **options), with PRINT_UA where it fits."""
    if _active and _overridable() and fits(html):
        return _print_html()(string=html, **options)
    import weasyprint

    return weasyprint.HTML(string=html, **options)
