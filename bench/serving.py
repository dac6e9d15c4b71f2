"""A real `typeset serve` for the benchmarks: started on a free loopback port, its output read as
it comes (a full pipe would stop the server), stopped however it behaves."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from pathlib import Path


class Served:
    def __init__(self, project: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "typeset", "serve", "--port", "0"], cwd=project,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True)
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.close()
            sys.exit(f"benchmark: the server did not start: {line}")
        self.url, self.port = m[0], int(m[1])
        self.said: list[str] = []  # what it prints afterwards
        threading.Thread(target=lambda: self.said.extend(self.proc.stdout or ()), daemon=True).start()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()
