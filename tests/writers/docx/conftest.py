"""DOCX test helpers: the files opened as XML, and LibreOffice's rendering of them.

LibreOffice needs the official faces the DOCX names. Where they are not
installed, a private fontconfig file shows it the stand-in files under the
official names (family renamed at scan time), as an office machine would have
them; each DOCX is converted once per session, all in one soffice run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from typeset.fonts import faces
from typeset.layout import load_layout

from ...conftest import FIXTURES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
# what the LibreOffice tests render: typeset's own target → reference text, if any
TARGETS = {
    "2021-07-16": FIXTURES / "2021-07-16.yaml",
    "2020-06-23": FIXTURES / "2020-06-23.yaml",
    "645": "645",
}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def part(docx: Path, name: str) -> etree._Element:
    """A part of the package, parsed: part(path, "word/styles.xml")."""
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(name))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def fontconfig(folder: Path) -> Path:
    """A fonts.conf under which the stand-ins carry the official names of their roles."""
    linked = folder / "fonts"
    linked.mkdir(parents=True, exist_ok=True)
    rules = []
    for role, face in faces(load_layout("briefing")).items():
        if face.official:
            continue  # installed under its own name already
        link = linked / f"{role}{face.path.suffix}"
        if not link.exists():
            link.symlink_to(face.path.resolve())
        rules.append(
            f'<match target="scan"><test name="file"><string>{link}</string></test>'
            f'<edit name="family" mode="assign_replace"><string>{face.name}</string></edit>'
            '<edit name="style" mode="assign_replace"><string>Regular</string></edit>'
            '<edit name="weight" mode="assign"><const>regular</const></edit></match>')
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"<cachedir>{folder / 'cache'}</cachedir>\n<dir>{linked}</dir>\n"
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        + "\n".join(rules) + "\n</fontconfig>\n", "utf-8")
    return conf


@pytest.fixture(scope="session")
def rendered(tmp_path_factory, built):
    """LibreOffice's PDF of each target's DOCX: rendered()["645"] → Path."""
    program = soffice()
    if program is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    work = tmp_path_factory.mktemp("libreoffice")
    docs = {}
    for name, target in TARGETS.items():
        src = built(target, "docx")
        docs[name] = work / f"{name}.docx"
        shutil.copy(src, docs[name])
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig(work / "fc"))}
    subprocess.run([program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), *map(str, docs.values())],
                   check=True, capture_output=True, env=env, timeout=300)
    pdfs = {name: work / f"{name}.pdf" for name in docs}
    missing = [name for name, pdf in pdfs.items() if not pdf.is_file()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return pdfs
