"""Plain data + JSON Schema → list of located problems, in Chinese."""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from ..errors import Problem
from .yaml_source import Located

_TYPES = {
    "object": "键值表（key: value）",
    "array": "列表（每项以“- ”开头）",
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
}


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    folder = resources.files("typeset") / "schema"
    return {
        name: json.loads((folder / f"{name}.schema.json").read_text("utf-8"))
        for name in ("issue", "series")
    }


@cache
def validator(name: str) -> Draft202012Validator:
    schemas = _schemas()
    registry = Registry().with_resources(
        (s["$id"].rsplit("/", 1)[-1], Resource.from_contents(s)) for s in schemas.values()
    ).with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return Draft202012Validator(schemas[name], registry=registry, format_checker=FormatChecker())


def check(located: Located, schema: str) -> list[Problem]:
    """Validate located.data against the named schema ("issue" or "series")."""
    if not isinstance(located.data, dict):
        kind = "列表" if isinstance(located.data, list) else "单个值"
        return [Problem(f"文件的最外层应是键值表（如 date: …、sections: …），而不是{kind}",
                        located.origin(()))]
    problems = []
    seen: set[tuple[Any, ...]] = set()
    for error in sorted(validator(schema).iter_errors(located.data), key=_order):
        error = _deepest(error)
        problem = _describe(error, located)
        key = (problem.origin, problem.message)
        if key not in seen:
            seen.add(key)
            problems.append(problem)
    return problems


def _order(error: ValidationError) -> tuple[Any, ...]:
    return tuple(str(p) for p in error.absolute_path)


def _deepest(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf, the alternative that went furthest explains best."""
    while error.validator in ("oneOf", "anyOf") and error.context:
        candidates = [e for e in error.context if e.validator != "type"] or list(error.context)
        error = max(candidates, key=lambda e: (len(e.absolute_path), e.validator != "type"))
    return error


def field_name(path: Any) -> str:
    parts = []
    for p in path:
        parts.append(f"[{p + 1}]" if isinstance(p, int) else ("." if parts else "") + str(p))
    return "".join(parts) or "（文件）"


def _describe(error: ValidationError, located: Located) -> Problem:
    path = tuple(error.absolute_path)
    origin = located.origin(path)
    name = field_name(path)
    v, value, schema = error.validator, error.instance, error.schema
    if v == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        extra = [k for k in value if k not in allowed]
        key = extra[0] if extra else ""
        near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
        hint = f"，是不是“{near[0]}”？" if near else f"；可用的键：{'、'.join(allowed)}"
        return Problem(f"未知的键“{key}”{hint}", located.origin(path + (key,), key=True), name)
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        return Problem(f"缺少必填项“{missing}”", origin, name)
    if v == "type":
        want = schema["type"]
        want_text = "或".join(_TYPES.get(t, t) for t in (want if isinstance(want, list) else [want]))
        return Problem(f"应为{want_text}，实际写的是“{_short(value)}”", origin, name)
    if v == "format" and schema.get("format") == "date":
        return Problem(f"日期“{value}”无效，应写成 YYYY-MM-DD 且是真实存在的日期，如 2024-03-26",
                       origin, name)
    if v == "enum":
        return Problem(f"“{value}”不是可选值，应为：{'、'.join(map(str, schema['enum']))}",
                       origin, name)
    if v in ("minLength", "pattern"):
        return Problem("不能为空", origin, name)
    if v == "minItems":
        return Problem("至少要有一项，不能为空", origin, name)
    if v in ("minimum", "exclusiveMinimum"):
        return Problem(f"数值 {value} 太小（应不小于 {error.validator_value}）", origin, name)
    if v in ("maximum", "exclusiveMaximum"):
        return Problem(f"数值 {value} 太大（应不大于 {error.validator_value}）", origin, name)
    if v == "oneOf":
        return Problem(f"写法不对：“{_short(value)}”", origin, name)
    return Problem(f"不符合要求：{error.message}", origin, name)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 30 else text[:30] + "…"
