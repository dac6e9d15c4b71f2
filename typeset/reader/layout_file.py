"""layouts/<name>/layout.yaml read and checked against layout.schema.json: load_layout.

The layout is read as YAML gives it (integer keys such as `heading: {1: …}` stay integers) and
validated; a layout found valid before (the same data) is not validated again (validate's
cache of valid data). A layout with a mistake is read again with the reader's located loader,
so that each mistake is reported at its file, line and column, with the key's path, in words
(unknown key, with the key meant; wrong type; value out of range).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, TypesetError
from ..layout import LAYOUTS, Layout
from ..model import Origin
from ..session import Session, content_key, current
from . import validate
from .yaml_source import load

# libyaml's safe loader where PyYAML has it: the same data (YAML's types, integer keys), in a
# third of the time of the pure-Python one
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SHORTHANDS = ("lines", "line_pitch")  # layout.SHORTHANDS
ADVICE = "版式文件 {file} 有误，没有排版：请按以上提示改正（各项的含义见 typeset/schema/layout.schema.json）"


def _strings(value: Any) -> Any:
    """Mapping keys as the schema names them (`heading: {1: …}` → "1")."""
    if isinstance(value, dict):
        return {str(k): _strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strings(v) for v in value]
    return value


def load_layout(name: str, root: Path = LAYOUTS, session: Session | None = None) -> Layout:
    """layouts/<name>/layout.yaml, validated, kept by the session while the file's content is
    the same (layouts are small: read and hashed each time, which a change within a clock
    tick cannot fool)."""
    folder = root / name
    path = folder / "layout.yaml"
    return (session or current()).kept(("layout", str(path)), content_key(path),
                                       lambda: read_layout(name, root), [path, folder])


def read_layout(name: str, root: Path = LAYOUTS) -> Layout:
    """Read and validate layouts/<name>/layout.yaml (each time: load_layout keeps it)."""
    folder = root / name
    path = folder / "layout.yaml"
    if not path.is_file():
        known = "、".join(sorted(p.name for p in root.iterdir() if (p / "layout.yaml").is_file()))
        raise TypesetError(f"找不到版式“{name}”（{path}）；现有版式：{known or '无'}")
    return Layout(name, folder, read_spec(path))


def read_spec(path: Path) -> dict[str, Any]:
    """The layout's settings, valid by the schema; TypesetError with located problems otherwise."""
    try:
        spec = yaml.load(path.read_text("utf-8"), Loader=FAST_LOADER)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, UnicodeDecodeError):
        spec = None
    if isinstance(spec, dict) and valid(spec):
        absent = _absent(_strings(spec), validate.schema("layout"), ())
        if not absent:
            return spec
        located = load(path)
        raise TypesetError([*(Problem(f"缺少“{key[-1]}”" + (f"（{what}）" if what else "")
                                      + "：版式文件要写全每一项，请从原来的 layout.yaml 抄回这一项",
                                      located.origin(key[:-1], key=True) if key[:-1] else Origin(str(path), 1, 1),
                                      validate.field_name(key))
                              for key, what in absent), Problem(ADVICE.format(file=path))])
    located = load(path)  # the located reading: its own errors (syntax, encoding) are located
    problems = validate.check(located, "layout")
    if not problems:  # the YAML reads differently than the located reader reads it
        problems = [Problem("版式文件的写法无法识别：请对照原来的 layout.yaml 检查这一处", Origin(str(path), 1, 1))]
    raise TypesetError([*problems, Problem(ADVICE.format(file=path))])


def valid(spec: dict[str, Any]) -> bool:
    """Whether settings (a layout, or a part of one) keep to layout.schema.json."""
    return validate.valid_data(_strings(spec), "layout")


def _absent(spec: Any, schema: dict[str, Any], path: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
    """Keys the schema names that a whole layout lacks (an override may leave any out; a layout
    file may not: the composer and writers read every one), with the schema's description."""
    out: list[tuple[tuple[str, ...], str]] = []
    if not isinstance(spec, dict):
        return out
    for key, sub in schema.get("properties", {}).items():
        if not path and key in SHORTHANDS:  # `lines:` for `grid: {lines:}`, in overrides only
            continue
        if key not in spec:
            out.append((path + (key,), sub.get("description", "")))
        else:
            out += _absent(spec[key], sub, path + (key,))
    return out
