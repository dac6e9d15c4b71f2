"""The command line never shows a traceback: every failure becomes a short Chinese message.

    GuardedGroup: a click group whose commands' exceptions are turned into
    messages and exit codes —
      TypesetError       its problems (and a hint for a file typeset new made and nobody
                         filled yet), exit 1 (the author's input is wrong)
      OSError            the file and the system's reason, exit 1 (disk full, no permission …)
      KeyboardInterrupt  “已中断”, exit 130 (SIGTERM, SIGHUP too: 143, 129; typeset.processes.interrupt)
      anything else      “内部错误”, exit 2; the traceback only with TYPESET_DEBUG=1
    and click's own errors (a misspelt command, an unknown option, a bad value) in
    Chinese (typeset/usage.py), exit 64.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any

import click

from .errors import TypesetError
from .usage import USAGE_EXIT, ChineseCommand, ChineseContext, usage_message

DEBUG_VARIABLE = "TYPESET_DEBUG"


def debugging() -> bool:
    return os.environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0", "false", "no")


def report(err: BaseException) -> int:
    """Print what went wrong for an editor; return the exit code."""
    if isinstance(err, TypesetError):
        from .new_issue import fresh_hints

        for problem in err.problems:
            click.echo(str(problem), err=True)
        for hint in fresh_hints(err.problems):
            click.echo(hint, err=True)
        return 1
    if isinstance(err, KeyboardInterrupt):  # Ctrl+C, SIGTERM, SIGHUP (typeset.processes.interrupt)
        from .processes.interrupt import exit_code, how, written

        click.echo(how(err) + written(err), err=True)
        return exit_code(err)
    if debugging():
        traceback.print_exception(err, file=sys.stderr)
    if isinstance(err, OSError) and _cwd_gone():
        click.echo("错误：当前文件夹已不存在（可能已被删除、移走或改名）：请进入项目文件夹（cd 到其中）后再运行",
                   err=True)
        return 1
    if isinstance(err, OSError):
        from .processes.console import system_trouble  # a full TMPDIR named as such

        click.echo(f"错误：{system_trouble(err)}", err=True)
        return 1
    click.echo(
        f"内部错误（{type(err).__name__}）：排版程序遇到了意外情况，已停止，没有写出任何文件。"
        "这通常不是您文件的问题：请把所用命令和 YAML 文件发给维护人员"
        f"（设置环境变量 {DEBUG_VARIABLE}=1 再运行，可看到详细的出错位置）",
        err=True,
    )
    return 2


def _cwd_gone() -> bool:
    try:
        os.getcwd()
    except FileNotFoundError:
        return True
    return False


class GuardedGroup(click.Group):
    """A click group that reports every exception of its commands with report(), and
    click's own errors in Chinese with their own exit code."""

    context_class = ChineseContext
    command_class = ChineseCommand
    lazy: dict[str, str] = {}  # command name → "module:attribute", imported when first asked for

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            import importlib

            module, _, attr = self.lazy[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """A command made elsewhere (click.command) gets the Chinese help page too."""
        if cmd.context_class is click.Context:
            cmd.context_class = ChineseContext
        super().add_command(cmd, name)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示本帮助并退出"
        return option

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as err:  # `typeset` alone: the help page
            click.echo(usage_message(err))
            sys.exit(0)
        except click.exceptions.UsageError as err:
            click.echo(usage_message(err), err=True)
            sys.exit(USAGE_EXIT)
        except click.exceptions.ClickException as err:
            click.echo(usage_message(err), err=True)
            sys.exit(1)
        except click.exceptions.Abort:
            click.echo("已中断（没有写出任何文件）", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                SystemExit):
            raise
        except (Exception, KeyboardInterrupt) as err:  # noqa: BLE001 - the point of the guard
            ctx.exit(report(err))
