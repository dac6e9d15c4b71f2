"""`typeset serve` on an editor's desktop: the address printed, and the browser opened on it."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable

import click


def on_desktop() -> bool:
    """A person at a screen started the server: a terminal, and a desktop to show a browser on."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("WSL_DISTRO_NAME"):  # in WSL the desktop shortcut opens Windows' own browser
        return False
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def announce(open_browser: bool | None) -> Callable[[str], None]:
    """What `serve` calls once it listens: print the address, then open it if wanted (None: on a desktop)."""
    wanted = on_desktop() if open_browser is None else open_browser

    def ready(url: str) -> None:
        click.echo(f"工作台地址：{url}（按 Ctrl+C 停止）")
        if wanted:
            import webbrowser

            # in a thread: a browser that is slow to start must not hold up the server
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()

    return ready
