"""Web edition: ComposedIssue → one self-contained HTML page, pictures beside it.

The page is built from the model (sections, titles, paragraphs, pictures,
sources); the masthead and colophon rows are taken as the composer printed
them, so the web text is the PDF's text. It shares nothing with the PDF
writer's print HTML and never imports another writer or the reader.
"""

from __future__ import annotations

from .edition import WebEdition, render

__all__ = ["WebEdition", "render"]
