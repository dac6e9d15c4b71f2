"""`typeset user add|list|remove|passwd`: the editors' accounts of the project."""

from __future__ import annotations

import sys

import click

from .errors import TypesetError


def _accounts():
    from .accounts import Accounts
    from .build import Project

    project = Project.find()
    return Accounts.of(project.root)


def _new_password(name: str) -> str:
    """The password typed twice: hidden at a terminal (getpass); from two lines of standard
    input when it is not a terminal (a set-up script). Never from the command line."""
    from .accounts import check_password

    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass(f"为“{name}”设置密码（输入时不显示）：")
        second = getpass.getpass("再输入一次：")
    else:
        first, second = sys.stdin.readline().rstrip("\r\n"), sys.stdin.readline().rstrip("\r\n")
    if first != second:
        raise TypesetError("两次输入的密码不一样：没有改动，请重新运行")
    check_password(first)
    return first


@click.group(name="user")
def user() -> None:
    """编辑的账户：有了账户，typeset serve 才能让办公室的其他电脑访问（每人登录后使用）。"""


@user.command(name="add")
@click.argument("name", metavar="用户名")
def add(name: str) -> None:
    """添加账户，如 typeset user add 张三；密码输入两次，不显示、不写在命令行上。"""
    from .accounts import check_name

    accounts = _accounts()
    name = check_name(name)
    if name in accounts.load():
        raise TypesetError(f"已有账户“{name}”：要改密码请用 typeset user passwd {name}")
    accounts.set(name, _new_password(name))
    click.echo(f"已添加账户“{name}”（保存在 {accounts.path}，只有本用户可读）")


@user.command(name="list")
def list_users() -> None:
    """列出所有账户。"""
    names = _accounts().names()
    if not names:
        click.echo("还没有账户：用 typeset user add 姓名 添加")
    for n in names:
        click.echo(n)


@user.command(name="remove")
@click.argument("name", metavar="用户名")
def remove(name: str) -> None:
    """删除账户；此人已登录的浏览器随即退出登录。"""
    from .accounts import check_name

    accounts = _accounts()
    name = check_name(name)
    accounts.remove(name)
    click.echo(f"已删除账户“{name}”")


@user.command(name="passwd")
@click.argument("name", metavar="用户名")
def passwd(name: str) -> None:
    """为账户设置新密码；此人已登录的浏览器随即退出登录。"""
    from .accounts import check_name

    accounts = _accounts()
    name = check_name(name)
    if name not in accounts.load():
        raise TypesetError(f"没有账户“{name}”：现有账户见 typeset user list")
    accounts.set(name, _new_password(name))
    click.echo(f"已为“{name}”设置新密码")
