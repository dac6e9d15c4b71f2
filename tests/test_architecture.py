"""The stages keep to their places: checked on the source, so a shortcut fails here.

Writers import the composer only through `typeset.compose` and never the reader or
each other; no module imports or uses another's private (`_name`) names; no circle of
imports between modules (at their top or inside functions); no file under typeset/ over
450 lines (RULES).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "typeset"
MAX_LINES = 450


def _sources() -> list[Path]:
    """The package's Python files (not what npm installs for the browser code)."""
    return sorted(p for p in PACKAGE.rglob("*.py") if "node_modules" not in p.parts)


def _modules() -> dict[str, Path]:
    out = {}
    for path in _sources():
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _modules()


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The nodes inside `if TYPE_CHECKING:` blocks: imports that never run."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out |= {id(n) for part in node.body for n in ast.walk(part)}
    return out


def _imports(name: str, path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """(imported module, [(name, bound as)]) of each import in a module, at its top or inside
    a function, made absolute; those for the type checker only left out."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = _type_checking_only(tree)
    out = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.append((target, [(a.name, a.asname or a.name) for a in node.names]))
    return out


def _graph() -> dict[str, set[str]]:
    """Module → the modules of typeset it imports (`from package import module` counts as
    the module; `from package import name` as the package)."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        edges = set()
        for target, names in _imports(name, path):
            subs = {f"{target}.{n}" for n, _ in names if f"{target}.{n}" in MODULES}
            edges |= subs
            if len(subs) < len(names) or not names:
                edges.add(target)
        graph[name] = {e for e in edges if e in MODULES and e != name}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The groups of more than one module that reach each other (Tarjan's strongly
    connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(frozenset(group))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@pytest.mark.parametrize("name", [n for n in MODULES if n.startswith("typeset.writers.")])
def test_writers_import_the_composer_only_through_its_surface(name):
    writer = name.split(".")[2] if name.count(".") >= 2 else ""
    for target, _names in _imports(name, MODULES[name]):
        assert not target.startswith("typeset.reader"), f"{name} imports the reader ({target})"
        assert not target.startswith("typeset.compose."), f"{name} imports {target}: use typeset.compose"
        if target.startswith("typeset.writers.") and writer:
            assert target.split(".")[2] == writer, f"{name} imports another writer ({target})"


@pytest.mark.parametrize("name", [n for n in MODULES if n.startswith("typeset.compose")])
def test_the_composer_works_without_faces(name):
    """The composer sets from the official metrics, not the installed faces (so the composed
    golden text holds on any machine), and knows nothing of the reader or the writers."""
    for target, _names in _imports(name, MODULES[name]):
        assert not target.startswith(("typeset.fonts", "typeset.writers", "typeset.reader")), f"{name} imports {target}"


@pytest.mark.parametrize("name", list(MODULES))
def test_no_private_name_crosses_modules(name):
    """Neither `from typeset.x import _y` nor `from typeset import x` … `x._y`: what another
    module needs is public."""
    bound: set[str] = set()  # local names of imported typeset modules
    for target, names in _imports(name, MODULES[name]):
        if not target.startswith("typeset"):
            continue
        assert not any(_private(part) for part in target.split(".")), f"{name} imports {target}"
        private = [n for n, _ in names if _private(n)]
        assert not private, f"{name} imports {private} from {target}"
        bound |= {local for n, local in names if f"{target}.{n}" in MODULES}
    used = sorted({f"{node.value.id}.{node.attr}" for node in ast.walk(ast.parse(MODULES[name].read_text("utf-8")))
                   if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                   and node.value.id in bound and _private(node.attr)})
    assert not used, f"{name} uses private names of other modules: {used}"


def test_no_import_circle():
    """No circle of imports between modules, at their top or inside functions."""
    circles = [" ↔ ".join(sorted(c)) for c in _circles(_graph())]
    assert not circles, circles


def test_the_circle_finder_finds_circles():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset("abc")]
    assert _circles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []
    graph = _graph()
    assert "typeset.reader" in graph["typeset.catalog"]  # a top-level import
    assert "typeset.new_issue" in graph["typeset.guard"]  # one inside a function


def _mapped() -> set[str]:
    """The files typeset/__init__.py's map names: `name.py` and `package/` entries, nested
    by the column their name starts at."""
    import re

    out: set[str] = set()
    stack: list[tuple[int, str]] = []
    for line in (ast.get_docstring(ast.parse((PACKAGE / "__init__.py").read_text("utf-8"))) or "").splitlines():
        m = re.match(r"(\s+(?:\d+\.\s+)?)([\w.]+(?:\.py|/))(?:\s|$)", line)
        if not m:
            continue
        column, entry = len(m[1]), m[2]
        while stack and stack[-1][0] >= column:
            stack.pop()
        path = "".join(name for _, name in stack) + entry
        out.add(path + "__init__.py" if entry.endswith("/") else path)
        if entry.endswith("/"):
            stack.append((column, entry))
    return out


def test_the_map_names_every_file():
    """typeset/__init__.py names every package and module with its role, in its package."""
    files = {p.relative_to(PACKAGE).as_posix() for p in _sources()} - {"__init__.py"}
    mapped = _mapped()
    assert not files - mapped, f"not in typeset/__init__.py's map: {sorted(files - mapped)}"
    assert not mapped - files, f"in the map but not under typeset/: {sorted(mapped - files)}"


@pytest.mark.parametrize("name", list(MODULES))
def test_no_file_over_the_limit(name):
    lines = MODULES[name].read_text("utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines"
