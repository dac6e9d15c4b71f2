"""The year's volume (合订本): every issue of a year (a date range, or the whole series)
bound into one PDF with a cover, contents, bookmarks, page labels and metadata.

    select.py   `2024` / `2024-01-01..2024-06-30` / --all → the issues, in numbering order
    issues.py   one issue built (its own build) and where its sections and articles start
    front.py    cover and contents, drawn with the layout's book.html.j2
    merge.py    the issues' PDFs bound with pypdf: outline, page labels, info and XMP
    make.py     the whole: plan, build the changed issues on a process pool (typeset/stamps.py,
                shared with `build --all`), bind, write
    command.py  `typeset book`

Nothing here is imported until the command runs.
"""
