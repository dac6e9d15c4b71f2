"""Pictures with a caption (FORMAT §5) → blocks of whole grid slots.

    figure_blocks(ref, figure, article, last, issue, layout) → [(items, slots)]

A picture is drawn at the figure's width (a fraction of the text width, or
the layout's default), centred, keeping its aspect ratio. It takes as many
grid slots as its height (plus the layout's padding) needs, and is centred
in them vertically; the caption follows, one slot a line, centred. Picture
and caption form one block that never splits: when it does not fit the room
left on a page, it goes to the next. A picture taller than a page is scaled
down to fit one. When the picture ends its article, the source follows in
the same block on a line of its own, flush right.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ..layout import Layout
from ..model import Article, Figure, Issue
from .boxes import Item, Kind, Picture, Ref, TextLine
from .lines import break_paragraph
from .text import baseline, bracketed, settings_for
from .text import width as width_of


def figure_blocks(ref: Ref, figure: Figure, article: Article, last: bool, issue: Issue,
                  layout: Layout) -> list[tuple[tuple[Item, ...], int]]:
    """The figure's block: picture, caption lines and (when it ends an article) the source.
    `ref`: the figure's place in the model (its section, article and item)."""
    spec = layout.figure  # every layout has one (reader/layout_file.py checks)
    p, measure, lines = layout.line_pitch, layout.text_width, layout.lines
    cap = spec.caption
    caption: list[TextLine] = []
    if figure.caption:
        s = settings_for(layout, cap.size, issue.composition)
        for i, box in enumerate(break_paragraph(figure.caption, s, measure, 0)):
            x = 0.0 if box.justified else max(0.0, (measure - box.end) / 2)
            caption.append(TextLine(x, 0.0, box.units, cap.font, cap.size, Kind.CAPTION,
                                    origin=figure.origin, ref=replace(ref, line=i)))
    room = max(1, lines - len(caption) - (1 if last and article.source else 0))  # on an empty page
    pad = spec.padding
    px_w, px_h = figure.pixels
    width = measure * (figure.width if figure.width is not None else spec.width)
    height = width * px_h / px_w
    if height + pad > room * p:  # taller than a page: scale down to fit one
        height = max(1.0, room * p - pad)
        width = height * px_w / px_h
    slots = min(room, max(1, math.ceil((height + pad) / p - 1e-9)))
    picture = Picture((measure - width) / 2, (slots * p - height) / 2, width, height,
                      figure.path, figure.format, figure.origin, ref)
    items: list[Item] = [picture]
    for i, line in enumerate(caption):
        items.append(replace(line, baseline=baseline((slots + i) * p, p, cap.size)))
    rows = slots + len(caption)
    if last and article.source:  # the source stays with the picture that ends its article
        size = layout.body.size
        units = bracketed(article.source, settings_for(layout, size, issue.composition))
        items.append(TextLine(measure - width_of(units), baseline(rows * p, p, size), units,
                              layout.body.font, size, Kind.SOURCE,
                              origin=article.source_origin or article.origin,
                              ref=Ref(ref.section, ref.article)))
        rows += 1
    return [(tuple(items), rows)]
