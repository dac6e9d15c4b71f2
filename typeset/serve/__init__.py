"""`typeset serve`: a live preview of the series in the browser, builds in a warm process.

    preview.py   one issue kept built: pages as images, problems, the three outputs
    app.py       the web application (starlette): routes, Server-Sent Events, watching
    views.py     the pages the editor sees (Chinese)
    handover.py  the handshake file that lets `typeset build` hand its job to the server

Nothing here is imported by a cold `typeset build` except handover.py, which
uses the standard library only.
"""
