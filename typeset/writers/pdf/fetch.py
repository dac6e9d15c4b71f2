"""WeasyPrint URL fetcher confined to the project's own folders: no network, no other file."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint.urls import URLFetcher


class ConfinedFetcher(URLFetcher):
    """Fetches file: URLs below the allowed folders only; anything else stops the build."""

    def __init__(self, allowed: list[Path]):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
        self.roots = [p.resolve() for p in allowed]
        self.refused: list[str] = []

    def permitted(self, url: str) -> Path | None:
        """The file a URL names, if it may be read (below an allowed folder)."""
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()  # resolves .. and symbolic links
            if any(path.is_relative_to(root) for root in self.roots):
                return path
        return None

    def fetch(self, url: str, headers=None):
        if self.permitted(url) is not None:
            return super().fetch(url, headers)
        self.refused.append(url)
        raise PermissionError(f"refused: {url}")
