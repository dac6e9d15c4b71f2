"""`typeset serve`: bind, publish the handshake, watch, serve until stopped."""

from __future__ import annotations

import asyncio
import socket
from contextlib import asynccontextmanager

from ..build import Project
from ..session import Session, activate
from .handover import publish, withdraw
from .heads import protocol
from .security import Office


def serve(project: Project, host: str, port: int, announce, office: Office | None = None) -> None:
    """Serve the project's series on host:port (0: a free port) until interrupted."""
    import uvicorn

    office = office or Office(host=host)
    office.check_bind(project.root)  # a non-loopback address only once accounts exist

    from ..writers.pdf import patches

    patches.import_weasyprint()  # the engines loaded once, before the first request
    from ..writers import docx, html, pdf  # noqa: F401
    from .app import Server
    from .drawers import Drawers
    from .worker import DocxWorker

    worker = DocxWorker().start()  # the DOCX writer's warm process, for handed-over builds
    drawers = Drawers().start()  # the previews' drawing processes
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)  # connections wait in the backlog until uvicorn accepts them
    port = sock.getsockname()[1]
    handshake, token = publish(project.root, project.issues, port)
    session = Session(keeps_scans=True)  # catalog scans reused while issues/ stays the same
    activate(session)  # the previews' and hand-overs' reads, reset by the watcher (Server.watch)
    server = Server(project, token, office, session)
    server.worker, server.drawers = worker, drawers
    app = server.app()

    @asynccontextmanager
    async def lifespan(_app):
        watcher = asyncio.create_task(server.watch())
        announce(f"http://{host}:{port}/")  # ready: uvicorn handles Ctrl+C and SIGTERM from here on
        try:
            yield
        finally:
            watcher.cancel()
            withdraw(handshake, token)  # here: uvicorn re-raises SIGTERM once it has stopped

    app.router.lifespan_context = lifespan
    config = uvicorn.Config(app, http=protocol(office.head_seconds), log_level="warning",
                            timeout_graceful_shutdown=1, lifespan="on",
                            root_path=office.root_path, proxy_headers=bool(office.trusted_proxies),
                            forwarded_allow_ips=list(office.trusted_proxies) or None)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        withdraw(handshake, token)
        sock.close()
        worker.close()
        drawers.close()
