"""Set-up and start-up: the stand-in fonts are where the code looks, and the quick
commands (--help, check) never import the PDF engine."""

from __future__ import annotations

import subprocess
import sys

import pytest

from typeset.fonts import STAND_IN

STAND_INS = ("FandolFang-Regular.otf", "FandolSong-Bold.otf", "FandolSong-Regular.otf",
             "FandolHei-Regular.otf", "FandolKai-Regular.otf", "LiberationSerif-Regular.ttf")


@pytest.mark.parametrize("name", STAND_INS)
def test_stand_in_font_present(name: str) -> None:
    assert (STAND_IN / name).stat().st_size > 10_000, f"run scripts/setup.sh: {name} missing"


@pytest.mark.parametrize("args", [["--help"], ["check"]])
def test_quick_commands_do_not_import_weasyprint(args: list[str]) -> None:
    probe = (
        "import sys\n"
        "from typeset.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print('heavy:', *[m for m in ('weasyprint', 'docx', 'fontTools') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "heavy:", out.stdout
