"""The stages keep to their places: checked on the source, so a shortcut fails here.

Writers import the composer only through `typeset.compose` and never the reader or
each other; no module of theirs imports another's private (`_name`) names; no import circle
inside the composer; no file under typeset/ over 450 lines (RULES).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "typeset"
MAX_LINES = 450


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, list[str]]]:
    """(imported module, names) of each import in a module, made absolute."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.append((target, [a.name for a in node.names]))
    return out


@pytest.mark.parametrize("name", [n for n in MODULES if n.startswith("typeset.writers.")])
def test_writers_import_the_composer_only_through_its_surface(name):
    writer = name.split(".")[2] if name.count(".") >= 2 else ""
    for target, _names in _imports(name, MODULES[name]):
        assert not target.startswith("typeset.reader"), f"{name} imports the reader ({target})"
        assert not target.startswith("typeset.compose."), f"{name} imports {target}: use typeset.compose"
        if target.startswith("typeset.writers.") and writer:
            assert target.split(".")[2] == writer, f"{name} imports another writer ({target})"


@pytest.mark.parametrize("name", [n for n in MODULES if n.startswith(("typeset.compose", "typeset.writers"))])
def test_no_private_name_crosses_modules(name):
    for target, names in _imports(name, MODULES[name]):
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        assert not (target.startswith("typeset") and private), f"{name} imports {private} from {target}"


def test_no_import_circle_in_the_composer():
    graph = {n: {t for t, _ in _imports(n, p) if t in MODULES and t.startswith("typeset.compose.")}
             for n, p in MODULES.items() if n.startswith("typeset.compose.")}

    def visit(node: str, path: tuple[str, ...]) -> None:
        for nxt in graph.get(node, ()):
            assert nxt not in path, " → ".join((*path, nxt))
            visit(nxt, (*path, nxt))

    for start in graph:
        visit(start, (start,))


@pytest.mark.parametrize("name", list(MODULES))
def test_no_file_over_the_limit(name):
    lines = MODULES[name].read_text("utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines"
