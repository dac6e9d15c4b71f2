"""The server serves nothing outside its builds; `typeset build` hands its job to it."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
from urllib.parse import urlparse

from typeset.serve.handover import handshake_file


def _get(url: str, path: str) -> tuple[int, bytes]:
    u = urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    conn.request("GET", path)  # sent as written: no client-side normalisation
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, body


def test_nothing_outside_is_served(served, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密 root:x:0:0", "utf-8")
    os.symlink(secret, served.root / "issues" / "link.png")
    os.symlink("/etc/passwd", served.root / "issues" / "passwd.png")
    from PIL import Image

    Image.new("RGB", (300, 200), "blue").save(served.root / "issues" / "photo.png")
    served.edit("          - 会上，", "          - {image: photo.png, caption: 图为会场}\n          - 会上，")
    assert _get(served.url, "/645")[0] == 200
    status, web = _get(served.url, "/645.html")
    assert status == 200 and b'src="645_files/1.png"' in web
    assert _get(served.url, "/645_files/1.png") == (200, (served.root / "issues" / "photo.png").read_bytes())
    for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "/etc/passwd",
                 "/645_files/..%2f..%2fsecret.txt", "/645_files/../../secret.txt", "/645/page/..%2f645.png",
                 "/issues/series.yaml", "/series.yaml", "/2024/645.yaml", "/645_files/link.png",
                 "/645_files/passwd.png", "/645_files/%2fetc%2fpasswd", "/645.yaml", "/645.pdf/../secret.txt",
                 "/link.png", f"/{secret}"):
        status, body = _get(served.url, path)
        assert status in (400, 404), path
        assert b"root:x" not in body and "机密".encode() not in body, path


def test_build_hands_over_to_the_server(served):
    out = served.root / "out"
    hs = handshake_file(served.root)
    assert hs.is_file() and oct(hs.stat().st_mode & 0o777) == "0o600"
    done = subprocess.run([sys.executable, "-m", "typeset", "build", "645", "-o", str(out), "--format",
                           "pdf,docx,html"], cwd=served.root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "typeset serve" in done.stderr
    assert {p.name for p in out.iterdir()} >= {"645.pdf", "645.docx", "645.html"}
    assert (out / "645.pdf").read_bytes()[:4] == b"%PDF"
    # an error found by the server is the editor's usual located message
    served.edit("date: 2024-03-26", "date: 2024-03-26\ntitel: x")
    bad = subprocess.run([sys.executable, "-m", "typeset", "build", "645", "-o", str(out)], cwd=served.root,
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "645.yaml:3:1" in bad.stderr and "titel" in bad.stderr


def test_a_stale_or_forged_handshake_means_a_cold_build(served):
    hs = handshake_file(served.root)
    info = json.loads(hs.read_text("utf-8"))
    served.stop()
    assert not hs.exists()  # the server withdrew it
    out = served.root / "out"
    for forged in ({**info, "pid": info["pid"]}, {**info, "pid": os.getpid(), "token": "0" * 32}):
        hs.write_text(json.dumps(forged), "utf-8")
        start = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "typeset", "build", "645", "-o", str(out), "--format", "pdf"],
                              cwd=served.root, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "typeset serve" not in done.stderr and (out / "645.pdf").is_file()
        assert time.monotonic() - start < 30
