"""DOCX writer: ComposedIssue → a Word file for official circulation (python-docx).

The same issue as the PDF, editable: named styles per role generated from the
layout, the official face names, the page set-up and grid of the layout, the
composer's page and line decisions where a word processor would decide
otherwise. It never imports the PDF writer.
"""

from __future__ import annotations

from .document import render

__all__ = ["render"]
