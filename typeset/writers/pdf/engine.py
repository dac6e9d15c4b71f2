"""Former name of patches (WeasyPrint loaded quickly, its private internals patched behind fences)."""

from .patches import font_config, import_weasyprint

__all__ = ["font_config", "import_weasyprint"]
