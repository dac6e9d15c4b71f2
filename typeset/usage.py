"""click in Chinese: usage errors (a misspelt command, an unknown option, a bad value) and help.

    usage_message(err) → the Chinese message for one of click's errors
    ChineseContext    help pages with Chinese headings (用法、选项、命令)

Usage errors exit with USAGE_EXIT (64, as sysexits' EX_USAGE), apart from wrong
input (1) and internal errors (2). click builds its messages in English; the
structured errors (unknown command or option) are worded here from their fields,
the rest from click's English wording, and anything unrecognised keeps it behind
a Chinese lead.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path

import click

USAGE_EXIT = 64

_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
_USAGE_WORDS = (("[OPTIONS]", "[选项]"), ("COMMAND", "命令"), ("[ARGS]...", "[参数]..."))
_HELP_EXTRA = ((re.compile(r"\[default: (.*?)\]"), r"[默认：\1]"), (re.compile(r"\[required\]"), "[必填]"),
               (re.compile(r"Show this message and exit\."), "显示本帮助并退出"),
               (re.compile(r"(-?[\d.]+)<=?x<=?(-?[\d.]+)"), r"\1 到 \2 之间"),
               (re.compile(r"x>=(-?[\d.]+)"), r"至少为 \1"), (re.compile(r"x<=(-?[\d.]+)"), r"至多为 \1"),
               (re.compile(r"x>(-?[\d.]+)"), r"大于 \1"), (re.compile(r"x<(-?[\d.]+)"), r"小于 \1"),
               (re.compile(r"(\[默认：[^\]]*?); "), r"\1；"))
# click's metavariables and the commands' argument names (in usage lines, option lists, help texts)
_METAVARS = {"INTEGER RANGE": "整数", "FLOAT RANGE": "数字", "INTEGER": "整数", "FLOAT": "数字", "TEXT": "文字",
             "DIRECTORY": "文件夹", "FILE": "文件", "PATH": "路径", "BOOLEAN": "是否", "TARGET": "期号或文件",
             "SOURCE": "来稿", "OFFICIAL": "正式版", "ISSUE": "一期的文件", "BUILT": "排好的PDF", "SPAN": "年份|起..止",
             "FOLDER": "文件夹", "N": "进程数"}
_METAVAR = re.compile(r"(?<![A-Za-z])(" + "|".join(sorted(_METAVARS, key=len, reverse=True)) + r")(?![A-Za-z])")


def chinese_words(text: str) -> str:
    """click's and the commands' upper-case metavariables (TARGET, DIRECTORY, INTEGER RANGE) in Chinese."""
    return _METAVAR.sub(lambda m: _METAVARS[m.group(1)], text)

# click's English wording of a bad value → Chinese ("{0}": the value)
_VALUES = [
    (re.compile(r"'(.*)' is not a valid integer( range)?\."), "“{0}”不是整数"),
    (re.compile(r"'(.*)' is not a valid float( range)?\."), "“{0}”不是数字"),
    (re.compile(r"'(.*)' is not a valid boolean\..*"), "“{0}”不是是否值（应为 true 或 false）"),
    (re.compile(r"'(.*)' is not one of (.*)\."), "“{0}”不是可选值，可选：{1}"),
    (re.compile(r"(.*) is not in the range x>=(\S+)\."), "{0} 太小（至少为 {1}）"),
    (re.compile(r"(.*) is not in the range x<=(\S+)\."), "{0} 太大（至多为 {1}）"),
    (re.compile(r"(.*) is not in the range (\S+)<=x<=(\S+)\."), "{0} 超出范围（应在 {1} 到 {2} 之间）"),
    (re.compile(r"(.*) is not in the range (.*)\."), "{0} 超出范围（应在 {1}）"),
    (re.compile(r"(?:File|Directory|Path) '(.*)' does not exist\."), "“{0}”不存在"),
    (re.compile(r"(?:File|Directory|Path) '(.*)' is a directory\."), "“{0}”是一个文件夹，这里应写文件"),
    (re.compile(r"(?:File|Directory|Path) '(.*)' is a file\."), "“{0}”是一个文件，这里应写文件夹"),
    (re.compile(r"(?:File|Directory|Path) '(.*)' is not (?:readable|writable)\."), "“{0}”没有读写权限"),
]
_USAGE = [
    (re.compile(r"Got unexpected extra arguments? \((.*)\)"), "多余的参数：{0}"),
    (re.compile(r"Option '(.*)' requires an argument\."), "选项 {0} 后面要写一个值，如 {0} 2024"),
    (re.compile(r"Option '(.*)' does not take a value\."), "选项 {0} 后面不能写值"),
    (re.compile(r"Missing command\."), "缺少命令"),
]


def _chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def _by_table(text: str, table: list[tuple[re.Pattern[str], str]]) -> str | None:
    for pattern, template in table:
        m = pattern.fullmatch(text.strip())
        if m:
            return template.format(*m.groups())
    return None


def _near(word: str, choices: list[str]) -> str:
    near = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return f"，是不是“{near[0]}”？" if near else "。"


def usage_message(err: click.ClickException) -> str:
    """One of click's errors, for an editor: what is wrong, what was meant, where help is."""
    ctx = getattr(err, "ctx", None)
    path = ctx.command_path if ctx else "typeset"
    if isinstance(err, click.exceptions.NoArgsIsHelpError):
        return err.message
    if isinstance(err, click.exceptions.NoSuchCommand):
        commands = sorted(ctx.command.list_commands(ctx)) if ctx and isinstance(ctx.command, click.Group) else []
        what = f"没有“{err.command_name}”这个命令{_near(err.command_name, commands)}"
        if commands:
            what += f"可用的命令：{'、'.join(commands)}"
    elif isinstance(err, click.exceptions.NoSuchOption):
        options = sorted({o for p in (ctx.command.params if ctx else []) for o in p.opts if o.startswith("-")})
        what = f"没有选项“{err.option_name}”{_near(err.option_name, options)}"
    elif isinstance(err, click.exceptions.MissingParameter):
        name = err.param_hint or (err.param.opts[0] if isinstance(err.param, click.Option) and err.param.opts
                                  else err.param.human_readable_name if err.param else "")
        what = f"缺少{'选项' if isinstance(err.param, click.Option) else '参数'} {_hint(name)}"
    elif isinstance(err, click.exceptions.BadParameter):
        name = _hint(err.param_hint or (err.param.opts[0] if err.param and err.param.opts else ""))
        said = _by_table(err.message, _VALUES) or err.message
        what = f"{name} 的值无效：{said}"
        if ctx and err.param and err.param.name and (
                ctx.get_parameter_source(err.param.name) == click.core.ParameterSource.DEFAULT):
            what += f"（这是 {name} 的默认值：请把它改名或移走，或用 {name} 另外指定）"
    elif isinstance(err, click.exceptions.UsageError):
        what = _by_table(err.message, _USAGE) or (err.message if _chinese(err.message)
                                                   else f"命令写得不对：{err.message}")
    elif isinstance(err, click.exceptions.FileError):
        what = f"无法打开文件“{err.ui_filename}”：{err.message}"
    else:
        what = err.format_message()
    return f"错误：{what}\n运行“{path} --help”查看用法和全部{'命令' if path == 'typeset' else '选项'}"


def _hint(name: str | Sequence[str]) -> str:
    if not isinstance(name, str):
        name = " / ".join(name)
    return chinese_words(name.replace("'", "").replace('"', ""))


class ChineseFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, chinese in _USAGE_WORDS:
            args = args.replace(english, chinese)
        super().write_usage(prog, chinese_words(args), prefix="用法：")

    def write_text(self, text: str) -> None:
        super().write_text(chinese_words(text))

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        def chinese(text: str) -> str:
            for pattern, replacement in _HELP_EXTRA:
                text = pattern.sub(replacement, text)
            return text

        super().write_dl([(chinese_words(a), chinese_words(chinese(b))) for a, b in rows], col_max, col_spacing)


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


class ChineseCommand(click.Command):
    """A command whose --help option says what it does in Chinese."""

    context_class = ChineseContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示本帮助并退出"
        return option


def out_option(ctx: click.Context, name: str, given: str | None) -> Path:
    """The output folder of option `name` (output.out_folder: the project's build/ by default);
    a default taken by a file is a usage error, said as for a value given."""
    from .output import out_folder

    folder = out_folder(given)
    if given is None and folder.exists() and not folder.is_dir():
        param = next(p for p in ctx.command.params if p.name == name)
        raise click.BadParameter(f"“{folder}”是一个文件", ctx=ctx, param=param)
    return folder
