"""typeset: 简报 from YAML to PDF, DOCX and an HTML web edition in the official format.

The stages run in one direction; each knows only what the one before it hands on:

    YAML ─reader─▶ model ─numbering─▶ numbered model ─compose─▶ composed issue ─writers─▶ PDF, DOCX, HTML

Every package and module, with its role (tests/test_architecture.py checks that this map
names each file under typeset/, and nothing that is not there):

    model.py                the document model: plain data, knowing nothing of YAML, HTML or Word
    errors.py               Problem and TypesetError: located messages for editors, in Chinese
    session.py              the Session: every cache of what is read, each keyed by its inputs
    layout.py               layouts/<name>/layout.yaml → Layout: every layout number, once
    layout_sections.py      the sections of layout.yaml as frozen dataclasses (layout.masthead.office_line)
    fonts.py                faces by role: which file draws each, what it covers; coverage warnings
    font_names.py           the family names in a font file (fontTools), for both font lookups
    faces_used.py           which face draws each role and where its file comes from (typeset check)
    windows.py              Windows seen from WSL: its font folders, the desktop shortcut's command line
    confined.py             reading a file that must stay inside the series folder (any stage)

    1. reader/              YAML → model: located loading, schema validation, model building
        yaml_source.py      YAML text → plain data with the location of every value
        validate.py         plain data + JSON Schema → located problems, in Chinese
        layout_file.py      layouts/<name>/layout.yaml read and checked against layout.schema.json
        pasted.py           what YAML does to text pasted as it is, recognised and explained
        pictures.py         picture paths → checked files inside the series folder
    2. numbering.py         the series' issues → each issue's numbers (第 N 期, 总第 M 期, 增刊第 N 期)
       catalog.py           the series' files → their numbers without reading them whole; an issue by name
       issue_name.py        an issue's name (645, 2024-40, 2024-增刊-1) and file name, written and read
       written.py           dates and integers as editors write them, with the reason when one is not
    3. compose/             numbered model + layout → composed issue: every line and page decided
        metrics.py          character classes and advances by the official metrics (no face)
        lines.py            paragraph text → lines: 避头尾, push-in, hanging, justification
        text.py             text helpers: settings, natural widths, baselines in a slot
        titles.py           title lines, centred; condensed like Word when too wide
        figures.py          pictures with their captions → whole grid slots
        pages.py            blocks → pages: the grid, masthead, sections, titles, colophon
        fit.py              the last check: nothing runs off the text block
        boxes.py            the composed issue: pages of lines, rules and pictures, each with its kind
        plan.py             the composed items grouped by model element (for writers that flow text)
    4. writers/             composed issue → output bytes; writers never import each other
        pdf/                composed issue → HTML (the layout's Jinja2 template) → PDF (WeasyPrint)
            render.py       the HTML and the PDF bytes
            patches.py      WeasyPrint loaded quickly and kept warm; its private internals patched behind fences
            pagecache.py    the server's page cache: WeasyPrint's work kept between rebuilds of one issue
            declarations.py WeasyPrint's C declarations parsed once
            sheets.py       the user-agent stylesheet cut to the rules that can apply
            fontfiles.py    font files given to fontconfig where they are
            fontdata.py     a font's file copied out of its face only when it is embedded
            fetch.py        the URL fetcher, confined to the project's folders (no network)
        docx/               composed issue → a Word file (python-docx and raw WordprocessingML)
            document.py     the entry: the parts put together
            context.py      what every part reads: the composed issue, its layout and plan
            roles.py        the layout's roles → one named paragraph style each
            styles.py       the styles part, generated from the layout
            masthead.py     the masthead → paragraphs of exact height
            body.py         sections, titles, paragraphs, pictures, sources → paragraphs
            colophon.py     the 版记 → a floating one-column table
            folios.py       page numbers: odd and even footers with a PAGE field
            runs.py         text → runs at the composer's advances
            fitting.py      the composer's line breaks carried over to a word processor's advances
            calibration.py  how Word and LibreOffice set a DOCX, measured once
            ooxml.py        WordprocessingML building blocks: elements in schema order, fields
            package.py      page set-up, settings, font table, properties
        html/               composed issue → the web edition: one self-contained page
            edition.py      the semantic, fluid, printable HTML
            printed.py      the one place it reads the composer's masthead and colophon rows
            style.py        its stylesheet: local faces only, a print variant
    5. build.py             the stages chained for one issue: prepare, render, commit; check_issue
       renderers.py         the ways of running a build's writers, behind one small protocol
       stamps.py            build stamps: an issue built again only when what it is made from changed
       output.py            the outputs of one build written together or not at all

Around the stages:

    cli.py                  the click command line: build, check, new, init, list, compare, import,
                            calibrate, serve (add and book registered lazily)
    __main__.py             `python -m typeset`
    source_files.py         the one way to replace a source file: compare-and-swap, misplaced content refused
    accounts.py             editors' accounts of a project: .typeset/users.json, scrypt hashes
    accounts_command.py     typeset user add|list|remove|passwd
    announce.py             what a build says it wrote: one line for each document
    guard.py                every failure of a command → a Chinese message and its exit code, once
    usage.py                click's usage errors and help in Chinese
    new_issue.py            typeset new: the next issue file, numbered, to fill
    init_series.py          typeset init: a new series' issues/series.yaml
    processes/              the processes a command runs in and starts
        console.py          the command's own made fit first: its standard streams open, signals as Ctrl+C
        interrupt.py        SIGINT, SIGTERM, SIGHUP handled alike; a commit never cut by a signal
        pdf_process.py      a cold build on two cores: WeasyPrint loaded in a forked process meanwhile
        pools.py            what every pool of worker processes shares
        many.py             build --year/--all: issues built by a pool of processes
    contributions/          typeset add: a contribution → an article added to an issue file
        model.py            what a contribution is made of, before and after its shape is found
        docx_source.py      a .docx → blocks, one per paragraph or table
        docx_numbering.py   Word's automatic numbering → the label the author sees
        office.py           .doc, .wps, .rtf, .odt … → .docx with LibreOffice headless
        text_source.py      plain or pasted text → blocks
        shape.py            blocks → title lines, body, source, captions, headings
        yaml_edit.py        the article put into the issue file, the rest kept as written
        add.py              the whole: pictures written, the file edited, checked before replaced
        cleanup.py          a contribution's text cleaned on the way in (proof's certain corrections)
        duplicates.py       the same contribution added twice, found by title and first paragraph
        untrusted.py        a contribution file looked at before anything reads it in full: bounds, passwords
        command.py          the command
    proof/                  typeset proof: punctuation, numbers and pasted-text traces in the printed texts
        __init__.py         findings of an issue file, the certain corrections, the line check/build print
        chars.py            character classes and the Hit every rule returns
        rules.py            every rule's hits on one text, in reading order
        marks.py            punctuation rules (GB/T 15834-2011 as the official issues print it)
        traces.py           pasted web text, date forms, a series' preferred names
        texts.py            the printed texts of an issue file, each character with its place
        fix.py              the certain corrections written back, everything else byte for byte
        command.py          the command
    official/               the tools for official issues printed before: import, compare, calibrate
        importer/           typeset import: an official issue (pdftotext text or PDF) → an issue file
            lines.py        official lines, cleaned, with their widths by the official metrics
            paragraphs.py   where paragraphs end, from the lines alone
            issue.py        the lines → the issue's data
            figures.py      the pictures of an official PDF, each with its caption, width and place
        compare.py          typeset compare: a built issue against an official one, line by line
        calibrate.py        typeset calibrate: the settings that compose an issue into the official lines
        calibrate_command.py the command: those settings as YAML, written into the issue file
    book/                   typeset book: the year's volume bound from the issues' own PDFs
        select.py           a year, a date range or --all → the issues
        issues.py           one issue built, and where its sections and articles start
        front.py            cover and contents (the layout's book.html.j2)
        merge.py            the PDFs bound with pypdf: outline, page labels, metadata
        make.py             the whole: plan, build the changed issues, bind, write
        command.py          the command
    serve/                  typeset serve: a live preview in the browser, builds in a warm process
        app.py              starlette routes, Server-Sent Events, the watcher that rebuilds
        preview.py          one issue kept built: what its preview page shows
        drawers.py          warm processes that compose and draw the previews, one per core
        rebuilds.py         which previews a change rebuilds; one build at a time each, changes coalesced
        views.py            the pages an editor sees (Chinese, no remote files)
        worker.py           a warm process for the DOCX writer of handed-over builds
        handover.py         the handshake that lets `typeset build` hand its build to the server
        run.py              bind, publish the handshake, watch, serve until stopped
        security.py         the guard in front of every route: Host, Origin, CSRF, sizes, headers, login
        heads.py            uvicorn's HTTP protocol with a deadline for each request's head (slowloris)
        sessions.py         logged-in sessions, CSRF tokens, the limit on failed logins
        login.py            the login page, logging in and out, the account page
    workbench/              the editors' workbench in the browser: the JSON API `typeset serve` mounts
        api.py              the routes: an issue read, checked, saved, restored; contributions, pictures
        http.py             JSON in and out, every failure a Chinese message
        document.py         an issue file as the workbench sees it: bytes, version, data, checks
        recent.py           the last few values by key, shared by threads (texts, checks, findings)
        roundtrip.py        form data applied onto an issue file, the rest kept byte for byte
        saving.py           a save checked, never over an unseen change, written whole, committed
        history.py          every save a git commit in the series' project folder
        changes.py          what changed between two versions, in the editor's words
        listing.py          the list of issues, a new issue, the schema, files changed on disk
        uploads.py          contributions and pictures sent from the browser
        proofing.py         proofreading findings beside each field; the certain corrections saved
        outputs.py          downloads with their page counts; the year's volume
        command.py          typeset history and typeset restore
        pages.py            the HTML pages and the files they load (the bundle in static/, the UI fonts)
        desktop.py          the address printed, and the browser opened on an editor's desktop
"""
