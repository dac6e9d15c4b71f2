"""The workbench's figure for bench/run.py: from 保存 to the updated page images.

A real `typeset serve` in a throw-away copy of the project (its own git repository made
by the first save); the issue's preview is open and its event stream listened to, as the
issue page does. Each run saves a changed paragraph through POST /_api/issue/645/save and
waits until the preview's new version is announced, its live fragment fetched and every
page image it names that was not shown before downloaded. The median of the runs.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

from serving import Served

ROOT = Path(__file__).resolve().parent.parent
SAVE_TO_IMAGES_S = 0.5  # tracker: from 保存 to the updated page images of 645, median


class _Server(Served):
    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def call(self, method: str, path: str, body: object = None) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json"}
        if method != "GET":  # as the page sends it: the server's cookie, its CSRF token, the same Origin
            if not getattr(self, "token", ""):
                conn = self.connect()
                conn.request("GET", "/_account")
                r = conn.getresponse()
                self.cookie = (r.getheader("set-cookie") or "").split(";")[0]
                self.token = re.search(r'name="csrf-token" content="([^"]+)"', r.read().decode())[1]
                conn.close()
            headers.update({"Cookie": self.cookie, "X-CSRF-Token": self.token,
                            "Origin": f"http://127.0.0.1:{self.port}"})
        conn = self.connect()
        try:
            data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
            conn.request(method, urllib.parse.quote(path), data, headers)
            r = conn.getresponse()
            return r.status, r.read()
        finally:
            conn.close()

def _cpu(pid: int) -> float:
    """User + system seconds so far of the server and its worker processes (the drawers)."""
    from office import _cpu_s

    return _cpu_s(pid)


def save_to_images(work: Path, runs: int, target: str = "645") -> tuple[list[float], list[float]]:
    """Seconds from sending a save to having the updated page images, for each run: wall, and
    the server's CPU, its drawers' included (a busy machine stretches the wall time, not the CPU)."""
    project = work / "workbench"
    (project / "issues" / "2024").mkdir(parents=True)
    shutil.copy(ROOT / "issues" / "series.yaml", project / "issues" / "series.yaml")
    shutil.copy(ROOT / "issues" / "2024" / f"{target}.yaml", project / "issues" / "2024" / f"{target}.yaml")
    server = _Server(project)
    try:
        server.call("GET", f"/{target}")  # the preview open, built once
        events = server.connect()
        events.request("GET", f"/{target}/events")
        stream = events.getresponse()
        seen = _next_version(stream)
        shown = set(re.findall(r"/page/(\w+)\.png", server.call("GET", f"/{target}/live")[1].decode()))
        times, cpu = [], []
        for k in range(runs):
            issue = json.loads(server.call("GET", f"/_api/issue/{target}")[1])
            data = issue["data"]
            paragraphs = data["sections"][0]["articles"][0]["paragraphs"]
            paragraphs[1] = re.sub(r"（第\d+次）$", "", paragraphs[1]) + f"（第{k + 1}次）"
            start, start_cpu = time.perf_counter(), _cpu(server.proc.pid)
            status, body = server.call("POST", f"/_api/issue/{target}/save", {"base": issue["version"], "data": data})
            if status != 200:
                sys.exit(f"benchmark: save refused ({status}): {body.decode()[:500]}")
            while (version := _next_version(stream)) == seen:
                pass
            seen = version
            live = server.call("GET", f"/{target}/live")[1].decode()
            names = re.findall(r"/page/(\w+)\.png", live)
            for name in names:
                if name not in shown:
                    server.call("GET", f"/{target}/page/{name}.png")
            shown = set(names)
            times.append(time.perf_counter() - start)
            cpu.append(_cpu(server.proc.pid) - start_cpu)
        events.close()
        return times, cpu
    finally:
        server.close()


def _next_version(stream: http.client.HTTPResponse) -> str:
    while True:
        line = stream.readline().decode()
        if not line:
            sys.exit("benchmark: the preview's event stream ended")
        if line.startswith("data: "):
            return line[6:].strip()


def median(times: list[float]) -> float:
    return statistics.median(times)
