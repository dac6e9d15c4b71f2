"""A deadline for each request's head (its request line and headers), which uvicorn lacks.

uvicorn's HTTP/1.1 protocol (h11) waits for a request's head as long as the client likes, and
any byte received cancels its keep-alive timer: a client that sends a header a byte at a time
(slowloris), or opens connections and sends nothing, keeps each connection and its file
descriptor for ever, until the server can accept no one. Here a connection must have sent a
whole head within `seconds` of opening, or of the end of its last answer; otherwise it is
closed. A request whose head arrived is not timed here (its body has its own limit, see
security.Guard; an answer may stream for long, as the preview's events do).

    uvicorn.Config(app, http=protocol(20.0))

Fence: uvicorn's H11Protocol must have the methods and attributes used below (uvicorn 0.29 to
0.55 have them); otherwise uvicorn's own protocol is used, as before.
"""

from __future__ import annotations

from typing import Any

NEEDED = ("connection_made", "data_received", "on_response_complete", "connection_lost", "handle_events")


def protocol(seconds: float) -> Any:
    """uvicorn's h11 protocol with a deadline of `seconds` for each request's head; "h11" (the
    plain protocol) where it does not have what this needs."""
    try:
        import h11
        from uvicorn.protocols.http.h11_impl import H11Protocol
    except ImportError:
        return "h11"
    if not all(callable(getattr(H11Protocol, name, None)) for name in NEEDED):
        return "h11"

    class Timely(H11Protocol):  # type: ignore[misc]
        _deadline: Any = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self._deadline is not None and getattr(self.conn, "their_state", h11.IDLE) is not h11.IDLE:
                self._disarm()  # the head is here

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing() and getattr(self.conn, "their_state", None) is h11.IDLE:
                self._arm()  # kept alive: the next request's head has the same time

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(seconds, self._late)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _late(self) -> None:
            self._deadline = None
            if getattr(self.conn, "their_state", None) is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

    return Timely
