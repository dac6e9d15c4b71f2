"""Plain data + JSON Schema → list of located problems, in Chinese.

Data found valid once is remembered by a hash of the schemas and the data
(in the user's cache folder, a few hundred entries): the same file read again
is known valid without loading jsonschema (a tenth of a cold build's imports).
Anything not remembered, and every invalid file, is validated in full.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import KEY_NAMES, Problem
from ..written import date_hint, number_hint
from .yaml_source import Located

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

REMEMBERED = 256  # valid data hashes kept

_TYPES = {
    "object": "几行“名称: 内容”（如 copies: 21）",
    "array": "列表（每项以“- ”开头）",
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "真假值（true 或 false）",
    "null": "空",
}


@cache
def _schema_texts() -> dict[str, str]:
    folder = resources.files("typeset") / "schema"
    return {name: (folder / f"{name}.schema.json").read_text("utf-8") for name in ("issue", "series", "layout")}


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    return {name: json.loads(text) for name, text in _schema_texts().items()}


@cache
def validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker, validators
    from referencing import Registry, Resource

    schemas = _schemas()
    registry = Registry().with_resources(
        (s["$id"].rsplit("/", 1)[-1], Resource.from_contents(s)) for s in schemas.values()
    ).with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    # an integer is written as one: 21.0 is a number with a decimal point, not 21 copies
    types = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, v: isinstance(v, int) and not isinstance(v, bool))
    strict = validators.extend(Draft202012Validator, type_checker=types)
    return strict(schemas[name], registry=registry, format_checker=FormatChecker())


def check(located: Located, schema: str) -> list[Problem]:
    """Validate located.data against the named schema ("issue", "series" or "layout")."""
    if not isinstance(located.data, dict):
        kind = "列表" if isinstance(located.data, list) else f"单个值“{_short(located.data)}”"
        return [Problem(f"文件的最外层应是键值表（每行“键: 值”，如 date: 2024-03-26、sections: …），"
                        f"而不是{kind}；请对照示例文件检查开头几行",
                        located.origin(()))]
    known = _valid_file()
    digest = _digest(schema, located.data)
    if digest in _remembered(known):
        return []
    problems = _problems(located, schema)
    if not problems:
        _remember(known, digest)
    return problems


def schema(name: str) -> dict[str, Any]:
    """The named schema, as JSON data."""
    return _schemas()[name]


def valid_data(data: Any, schema: str) -> bool:
    """Whether plain data keeps to the named schema (data found valid before is not checked again)."""
    known = _valid_file()
    digest = _digest(schema, data)
    if digest in _remembered(known):
        return True
    if not validator(schema).is_valid(data):
        return False
    _remember(known, digest)
    return True


def _problems(located: Located, schema: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[Any, ...]] = set()
    tops = sorted(validator(schema).iter_errors(located.data), key=_order)
    leaves = [e for top in tops for e in _leaves(top)]
    # a misspelt required key is one mistake: "未知的键 paragraph，是不是 paragraphs", not also "缺少 paragraphs"
    meant = {
        (tuple(e.absolute_path), _near(key, list(e.schema.get("properties", {}))))
        for e in leaves if e.validator == "additionalProperties"
        for key in e.instance if key not in e.schema.get("properties", {})
    }
    colon = {c.path: c.problem for e in tops + [e for e in leaves if e.validator == "type"]
             if (c := _colon_in_text(e, located))}
    problems.extend(colon.values())
    for error in leaves:
        if error.validator == "required" and (tuple(error.absolute_path), _missing(error)) in meant:
            continue
        if any(tuple(error.absolute_path)[:len(p)] == p for p in colon):
            continue
        for problem in _describe(error, located):
            key = (problem.origin, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    return sorted(problems, key=lambda p: (p.origin.line, p.origin.column) if p.origin else (0, 0))


@dataclass(frozen=True)
class _Colon:
    path: tuple[Any, ...]
    problem: Problem


def _valid_file() -> Path:
    from ..session import cache_folder

    return cache_folder() / "valid.json"


def _digest(schema: str, data: Any) -> str:
    """Of the schemas' text and the data (plain YAML values, whose repr tells types apart)."""
    texts = _schema_texts()
    return hashlib.sha256("\0".join((schema, "int-strict", *texts.values(), repr(data))).encode()).hexdigest()


def _remembered(path: Path) -> list[str]:
    try:
        got = json.loads(path.read_text("utf-8"))
        return [str(d) for d in got] if isinstance(got, list) else []
    except (OSError, ValueError):
        return []


def _remember(path: Path, digest: str) -> None:
    """Add a valid data hash (a failure to write only means validating again next time)."""
    kept = [d for d in _remembered(path) if d != digest][-(REMEMBERED - 1):] + [digest]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".valid.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(kept, f)
        os.replace(tmp, path)
    except OSError:
        pass


def _colon_in_text(error: ValidationError, located: Located) -> _Colon | None:
    """`- 3月27日: 召开会议` where a text belongs: YAML read the text as “key: value”.

    A table of one unknown key whose value stands on the key's line, where the schema
    also accepts (or only accepts) a text."""
    value = error.instance
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (key, inner), = value.items()
    if isinstance(inner, dict | list):
        return None
    path = tuple(error.absolute_path)
    at_key, at_value = located.keys.get(path + (key,)), located.values.get(path + (key,))
    if at_key is None or (inner is not None and (at_value is None or at_value[0] != at_key[0])):
        return None
    start = located.values.get(path)
    if start and located.lines and located.lines[start[0] - 1][start[1] - 1:].startswith("{"):
        return None  # written as a table on purpose
    here = len(path)
    alternatives = error.context if error.validator in ("oneOf", "anyOf") else [error]
    if not any(e.validator == "type" and "string" in e.validator_value and len(e.absolute_path) == here
               for e in alternatives or []):
        return None
    if any(key in e.schema.get("properties", {}) for e in alternatives or []):
        return None
    rest = "" if inner is None else str(inner)
    shown = _short(f"{key}: {rest}")
    return _Colon(path, Problem(
        f"这里应是一段文字，但“{shown}”里的半角冒号加空格“: ”让 YAML 把它读成了“键: 值”；"
        "请把冒号改成全角“：”，或给整段文字加引号",
        located.origin(path + (key,), key=True), field_name(path)))


def _order(error: ValidationError) -> tuple[Any, ...]:
    return tuple(str(p) for p in error.absolute_path)


def _leaves(error: ValidationError) -> list[ValidationError]:
    """For oneOf/anyOf, the errors of the alternative the author most likely meant.

    Alternatives that fail only on the value's type are set aside; of the rest, the
    one with the fewest unknown and missing keys wins (an object with `image:` is a
    picture, one with `text:` a paragraph). When every alternative fails on type,
    the oneOf error itself is described ("应为文字或列表").
    """
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    groups: dict[Any, list[ValidationError]] = {}
    for e in error.context:
        groups.setdefault(e.relative_schema_path[0] if e.relative_schema_path else 0, []).append(e)
    here = len(error.absolute_path)

    def mismatch(errors: list[ValidationError]) -> bool:
        return all(e.validator == "type" and len(e.absolute_path) == here for e in errors)

    def cost(errors: list[ValidationError]) -> int:
        n = 0
        for e in errors:
            if e.validator == "additionalProperties" and isinstance(e.instance, dict):
                n += sum(1 for k in e.instance if k not in e.schema.get("properties", {}))
            else:
                n += 1
        return n

    options = [(cost(g), k) for k, g in groups.items() if not mismatch(g)]
    if not options:
        return [error]
    best = groups[min(options, key=lambda o: (o[0], str(o[1])))[1]]
    return [leaf for e in best for leaf in _leaves(e)]


def field_name(path: Any) -> str:
    parts: list[str] = []
    for p in path:
        parts.append(f"[{p + 1}]" if isinstance(p, int) else ("." if parts else "") + str(p))
    return "".join(parts)


# Keys that authors write in Chinese, or misspell beyond difflib's reach.
_ALIASES = {
    "标题": "title", "题目": "title", "正文": "paragraphs", "段落": "paragraphs", "内容": "paragraphs",
    "来源": "source", "栏目": "sections", "栏目名": "name", "名称": "name", "文章": "articles",
    "日期": "date", "出刊日期": "date", "期号": "number", "总期号": "total", "增刊": "supplement",
    "图片": "image", "图": "image", "img": "image", "picture": "image", "photo": "image",
    "图题": "caption", "图注": "caption", "说明": "caption", "宽度": "width", "版记": "colophon",
    "paragraph": "paragraphs", "article": "articles", "section": "sections", "para": "paragraphs",
    "份数": "copies", "共印": "copies", "印数": "copies", "印发": "printer", "报": "to_superiors",
    "送": "to_peers", "发": "to_subordinates", "公开": "disclosure", "信息公开": "disclosure",
}

# Each key's own Chinese name (as errors name the place), read back: 共印份数 → copies.
_BY_NAME = {name.strip("“”"): key for key, name in KEY_NAMES.items()}

# What a required key holds, for the message that asks for it.
_REQUIRED_HINTS = {
    "date": "出刊日期，如 date: 2024-03-26",
    "sections": "栏目列表，每个栏目以“- name: 栏目名”开头",
    "name": "栏目名，如 name: 特别关注",
    "articles": "这一栏目的文章列表，每篇以“- title: 标题”开头",
    "title": "文章标题；多行标题写成列表",
    "paragraphs": "正文段落列表，每段以“- ”开头",
    "text": "段落文字",
    "image": "图片文件的路径，相对于系列文件夹（series.yaml 所在的文件夹）",
}

# An example line for a table left empty (`colophon:` with nothing under it).
_EXAMPLES = {"colophon": "copies: 21（共印份数）", "layout": "lines: 22", "anchor": "date: 2024-03-26",
             "sections": "name: 特别关注", "articles": "title: 标题", "paragraphs": "text: 一、总体情况"}

_YAML_WORDS = {True: "true（YAML 把 yes/no/on/off/true/false 读作真假值）",
               False: "false（YAML 把 yes/no/on/off/true/false 读作真假值）"}


def _near(key: str, allowed: list[str]) -> str | None:
    """The known key an unknown one most likely means."""
    bare = re.sub(r"[\s:：“”\"'「」]", "", key)  # `来 源：` as typed in a hurry
    for word in (key, key.lower(), bare):
        alias = _ALIASES.get(word) or _BY_NAME.get(word)
        if alias in allowed:
            return alias
    near = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.5)
    return near[0] if near else None


def _missing(error: ValidationError) -> str:
    return error.message.split("'")[1] if "'" in error.message else ""


def _suggest(key: str, allowed: list[str]) -> str:
    near = _near(key, allowed)
    if near:
        return f"，是不是“{near}”？请改正"
    return f"；这里可用的键：{'、'.join(allowed)}。请改正或删去这一行"


def _want(types: Any, path: tuple[Any, ...] = ()) -> str:
    words = [str(_TYPES.get(t, t)) for t in (types if isinstance(types, list) else [types])]
    keys = [p for p in path if isinstance(p, str)]
    example = _EXAMPLES.get(keys[-1]) if keys else None
    return "或".join(w.replace("copies: 21", example) if example and t == "object" else w
                    for t, w in zip(types if isinstance(types, list) else [types], words, strict=True))


def _describe(error: ValidationError, located: Located) -> list[Problem]:
    path = tuple(error.absolute_path)
    origin = located.origin(path)
    name = field_name(path)
    v, value, schema = error.validator, error.instance, error.schema
    if v == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        return [
            Problem(f"未知的键“{key}”{_suggest(key, allowed)}",
                    located.origin(path + (key,), key=True), field_name(path + (key,)))
            for key in value if key not in allowed
        ]
    if v == "required":
        missing = _missing(error)
        prop = schema.get("properties", {}).get(missing, {})
        hint = _REQUIRED_HINTS.get(missing) or prop.get("description", "")
        return [Problem(f"缺少必填项“{missing}”" + (f"（{hint}）" if hint else "") + "，请补上",
                        origin, name)]
    if schema.get("format") == "date" and v in ("type", "format"):
        return [Problem(f"日期“{_short(value)}”无效：{date_hint(value)}", origin, name)]
    if v in ("type", "oneOf", "anyOf"):
        if v == "type":
            want = _want(schema["type"], path)
        else:
            want = "或".join(dict.fromkeys(_want(e.schema.get("type", ""), path) for e in error.context or []))
        if value is None and schema.get("type") == "object" and schema.get("properties"):
            keys = list(schema["properties"])
            example = _EXAMPLES.get(path[-1] if path else "", f"{keys[0]}: …")
            return [Problem(f"冒号后面没有内容：请在下面各行缩进两格写上“名称: 内容”，如 {example}"
                            f"（可写：{'、'.join(keys)}）；不需要时删去这一行", origin, name)]
        if value is None:
            what = f"{schema['description']}（{want}）" if schema.get("description") and v == "type" else want
            return [Problem(f"没有填写内容：请在冒号后写上{what}，或删去这一行", origin, name)]
        hint = ""
        if isinstance(value, bool):
            shown = " " + _YAML_WORDS[value]
            hint = "；如果是文字，请加引号"
        elif isinstance(value, int | float):
            typed = located.written.get(path, str(value))
            shown = f"数字 {typed}" + (f"（YAML 读作 {value}）" if typed != str(value) else "")
            hint = f"；如果要写成文字，请加引号，如 \"{typed}\"" if "文字" in want else ""
            if isinstance(value, float) and value.is_integer() and "整数" in want:
                hint = f"；整数不带小数点，请写成 {int(value)}"
        else:
            shown = f"{_kind(value)}“{_short(value)}”"
            hint = number_hint(value) if "整数" in want or "数字" in want else ""
            wide = re.match(r"([A-Za-z_][A-Za-z0-9_]*)\s*[：﹕]", value) if isinstance(value, str) else None
            if wide and "键值表" in want:
                hint = (f"：键“{wide.group(1)}”后面用了全角冒号，YAML 只认半角冒号“:”（后跟一个空格）；"
                        f"请改成“{wide.group(1)}: ”")
        return [Problem(f"应为{want}，实际写的是{shown}{hint}", origin, name)]
    if v == "enum":
        return [Problem(f"“{_short(value)}”不是可选值，应为：{'、'.join(map(str, schema['enum']))}",
                        origin, name)]
    if v == "pattern" and isinstance(value, str) and value.strip() and schema.get("description"):
        return [Problem(f"“{_short(value)}”不合要求：{schema['description']}", origin, name)]
    if v in ("minLength", "pattern"):
        return [Problem("不能为空：请填写内容，或删去这一项", origin, name)]
    if v == "minItems":
        return [Problem("至少要有一项，不能为空：请在下面写上内容（每项以“- ”开头），或删去这一项",
                        origin, name)]
    if v in ("minimum", "exclusiveMinimum"):
        op = "大于" if v == "exclusiveMinimum" else "不小于"
        return [Problem(f"数值 {value} 太小（应{op} {error.validator_value}）", origin, name)]
    if v in ("maximum", "exclusiveMaximum"):
        op = "小于" if v == "exclusiveMaximum" else "不大于"
        return [Problem(f"数值 {value} 太大（应{op} {error.validator_value}）", origin, name)]
    return [Problem(f"不符合要求：{error.message}", origin, name)]


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "键值表"
    if isinstance(value, list):
        return "列表"
    return "文字"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 30 else text[:30] + "…"
