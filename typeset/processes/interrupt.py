"""Signals that end a command, handled as Ctrl+C is.

Ctrl+C (SIGINT), SIGTERM (a scheduled job cancelled, systemd stopping a service, CI) and
SIGHUP (the terminal closed) all stop a command the same way:

  in the command's own process   the signal becomes `Interrupted` (a KeyboardInterrupt), so
                                 every clean-up a Ctrl+C runs — temporaries removed, workers
                                 ended — runs; the exit code is 128 + the signal's number
                                 (130 for Ctrl+C, 143 for SIGTERM, 129 for SIGHUP)
  in a pool's worker             ignored: the parent lets the running issues finish, then
                                 stops its workers (SIGUSR1: unfinished temporaries removed)

A commit (output.write_together renaming its files into place) is never cut in two: a signal
that arrives while one is `held()` takes effect as soon as the last rename is done.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

ENDING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
_NAMES = {signal.SIGINT: "Ctrl+C", **{s: s.name for s in ENDING}}


class Interrupted(KeyboardInterrupt):
    """A command stopped by a signal other than Ctrl+C (handled wherever Ctrl+C is)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def exit_code(err: BaseException) -> int:
    return 128 + (err.signum if isinstance(err, Interrupted) else signal.SIGINT)


def how(err: BaseException) -> str:
    """已中断（SIGTERM） / 已中断"""
    return f"已中断（收到 {_NAMES.get(err.signum, err.signum)}）" if isinstance(err, Interrupted) else "已中断"


_state: dict[str, Any] = {"holding": 0, "pending": None, "act": None}


def _on_signal(signum: int, _frame: Any) -> None:
    if _state["holding"]:
        _state["pending"] = signum  # acted on when the commit under way is complete
        return
    _state["act"](signum)


def _raise(signum: int) -> None:
    for s in ENDING:  # a second signal does not cut the clean-up the first one started
        signal.signal(s, signal.SIG_IGN)
    raise KeyboardInterrupt if signum == signal.SIGINT else Interrupted(signum)


def _install(act: Callable[[int], None], signals: tuple[int, ...]) -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    _state["act"] = act
    for s in signals:
        signal.signal(s, _on_signal)


def handle_as_interrupt() -> None:
    """In a command's process: SIGTERM and SIGHUP stop it as Ctrl+C does (and Ctrl+C waits
    for a commit under way)."""
    _install(_raise, (signal.SIGINT, *ENDING))


def end_quietly_in_worker(discard: Callable[[], None]) -> None:
    """In a pool's worker (which ignores Ctrl+C, SIGTERM and SIGHUP: its parent handles them):
    SIGUSR1, how the parent stops it (pools.stop), removes its temporaries (`discard`) and ends it."""
    def end(signum: int) -> None:
        discard()
        os._exit(128 + signum)

    if hasattr(signal, "SIGUSR1"):
        _install(end, (signal.SIGUSR1,))


@contextlib.contextmanager
def held() -> Iterator[None]:
    """A stretch no signal cuts: one arriving meanwhile takes effect at its end (the end of the
    outermost stretch, when they are nested)."""
    _state["holding"] += 1
    try:
        yield
    finally:
        _state["holding"] -= 1
        if not _state["holding"]:
            pending, _state["pending"] = _state["pending"], None
            if pending is not None and _state["act"] is not None:
                _state["act"](pending)


def finished(err: BaseException) -> list[Any] | None:
    """The outcomes a many-issue build had when it was interrupted (note_finished)."""
    return getattr(err, "finished", None)


def note_finished(err: BaseException, outcomes: list[Any]) -> None:
    err.finished = outcomes  # type: ignore[attr-defined]


def tell(err: BaseException, what: str) -> None:
    """What was written before the interruption, said after 已中断 (default: nothing was)."""
    err.written = what  # type: ignore[attr-defined]


def written(err: BaseException) -> str:
    return getattr(err, "written", "（没有写出任何文件）")
