"""What a build says it wrote: one line for each document, never for a web edition's pictures."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def reported(outputs: Sequence[Path], pages: int) -> list[str]:
    """已生成 build/645.pdf（4 页） for each document; a web edition's pictures (645_files/) counted
    with its page, not listed as documents."""
    lines = []
    for p in (p for p in outputs if not p.parent.name.endswith("_files")):
        pictures = [q for q in outputs if q.parent.name == f"{p.stem}_files"] if p.suffix == ".html" else []
        extra = f"，图片 {len(pictures)} 个在 {p.parent / (p.stem + '_files')} 中" if pictures else ""
        lines.append(f"已生成 {p}（{pages} 页{extra}）")
    return lines
