"""DOCX test helpers: the files opened as XML, and LibreOffice's rendering of them.

LibreOffice needs the official faces the DOCX names. Where they are not
installed, a private fontconfig file shows it the stand-ins under the official
names, as an office machine would have them: each a copy whose name table
carries the official name (LibreOffice tells faces apart by the name table, so
FandolSong-Bold, the title's stand-in, and FandolSong-Regular, 宋体's, would
otherwise be one family and the title drawn in the Regular), renamed at scan
time too; each DOCX is converted once per session, all in one soffice run.
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
# ... and, rendered unedited only (its source stands on its own line: nothing to crowd)
RENDERED = {**TARGETS, "2023-02": FIXTURES / "2023-02.yaml"}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def part(docx: Path, name: str) -> etree._Element:
    """A part of the package, parsed: part(path, "word/styles.xml")."""
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(name))


def soffice() -> str | None:
    """The LibreOffice to render with: $TYPESET_SOFFICE if set (another version beside the
    system's), else the system's soffice."""
    chosen = os.environ.get("TYPESET_SOFFICE")
    if chosen:
        return chosen
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
            _renamed(face.path, link, face.name, role)
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


def convert(docs: list[Path], work: Path) -> dict[str, Path]:
    """LibreOffice's PDF of each DOCX (one headless soffice run, a private profile and
    fontconfig under `work`), by file stem; skips the test where LibreOffice is missing."""
    program = soffice()
    if program is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig(work / "fc"))}
    subprocess.run([program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), *map(str, docs)],
                   check=True, capture_output=True, env=env, timeout=600)
    pdfs = {doc.stem: work / f"{doc.stem}.pdf" for doc in docs}
    missing = [name for name, pdf in pdfs.items() if not pdf.is_file()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return pdfs


def _renamed(src: Path, dst: Path, family: str, role: str) -> None:
    """A copy of a font file whose name table names it `family` (unique full and
    PostScript names per role)."""
    from fontTools.ttLib import TTFont

    font = TTFont(src)
    names = font["name"]
    for rec in list(names.names):
        if rec.nameID in (1, 16) and rec.platformID == 3:  # Windows names, Unicode
            names.setName(family, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID in (1, 3, 4, 6, 16):
            names.setName(f"Typeset-{role}", rec.nameID, rec.platformID, rec.platEncID, rec.langID)
    font.save(dst)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory, built):
    """LibreOffice's PDF of each target's DOCX: rendered()["645"] → Path."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    work = tmp_path_factory.mktemp("libreoffice")
    docs = []
    for name, target in RENDERED.items():
        docs.append(work / f"{name}.docx")
        shutil.copy(built(target, "docx"), docs[-1])
    return convert(docs, work)
