"""The preview's event stream: every version announced to every listener, however often the
listeners' waits time out and other listeners go away meanwhile (a wait cut off, or a stream
closed while it waits, never leaves the server unable to announce)."""

from __future__ import annotations

import asyncio
import re
import shutil
import threading
from pathlib import Path

from typeset.build import Project
from typeset.serve.app import Server
from typeset.serve.preview import IssuePreview

ROOT = Path(__file__).resolve().parents[2]
VERSIONS = 300


class _Request:
    def __init__(self, target: str, done: asyncio.Event) -> None:
        self.path_params = {"target": target}
        self.done = done

    async def is_disconnected(self) -> bool:
        return self.done.is_set()


def test_every_version_reaches_every_listener(tmp_path):
    (tmp_path / "issues" / "2024").mkdir(parents=True)
    shutil.copy(ROOT / "issues" / "series.yaml", tmp_path / "issues" / "series.yaml")
    shutil.copy(ROOT / "issues" / "2024" / "645.yaml", tmp_path / "issues" / "2024" / "645.yaml")
    server = Server(Project(tmp_path))
    preview = IssuePreview(server.project, tmp_path / "issues" / "2024" / "645.yaml", "645")
    server.previews["645"] = preview
    server.keep_alive = 0.001  # waits time out all the time, as quiet streams do every 10 s

    async def scene() -> list[list[int]]:
        done = asyncio.Event()
        seen: list[list[int]] = []

        async def listen() -> None:
            versions: list[int] = []
            seen.append(versions)
            response = await server.events(_Request("645", done))
            async for chunk in response.body_iterator:
                m = re.match(r"data: (\d+)", str(chunk))
                if m:
                    versions.append(int(m[1]))
                if versions and versions[-1] == VERSIONS:
                    return

        listeners = [asyncio.create_task(listen()) for _ in range(20)]
        leaving = [asyncio.create_task(listen()) for _ in range(20)]  # browsers closed while waiting
        for k in range(VERSIONS):
            await asyncio.sleep(0.0005 * (k % 3))
            preview.version += 1
            server.announce()
            if k % 10 == 5 and leaving:
                leaving.pop().cancel()
        await asyncio.wait_for(asyncio.gather(*listeners), 60)
        done.set()
        return seen

    out: list[list[list[int]]] = []  # in a thread of its own: a browser test may hold this thread's loop
    runner = threading.Thread(target=lambda: out.append(asyncio.run(scene())))
    runner.start()
    runner.join(120)
    (seen,) = out
    assert len(seen) == 40
    for versions in seen[:20]:
        assert versions[-1] == VERSIONS and versions == sorted(set(versions))
