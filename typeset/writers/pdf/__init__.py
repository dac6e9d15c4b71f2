"""PDF writer: ComposedIssue → HTML (the layout's Jinja2 template) → PDF (WeasyPrint).

The composer has decided every line and page; this writer only draws: each
line becomes absolutely placed runs of glyphs, each rule a filled box.
"""

from __future__ import annotations

from .patches import import_weasyprint

import_weasyprint()  # first, so that WeasyPrint loads its libraries quickly (see patches)

from .render import render  # noqa: E402

__all__ = ["render"]
