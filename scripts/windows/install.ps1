# 简报排版：在 Windows 10/11 上装好 typeset（WSL + Debian），并在桌面放一个“简报排版”快捷方式。
#
# 用法（在项目文件夹中，右键 scripts\windows\install.ps1 →“使用 PowerShell 运行”，或在 PowerShell 中）：
#   powershell -ExecutionPolicy Bypass -File scripts\windows\install.ps1
# 可选：-Repository <git 地址>（从 git 克隆而不是复制本文件夹），-Distro Debian，-Port 8645
#
# 它做的事（每一步先检查，已做过的跳过，可以重复运行）：
#   1. 没有 WSL 或 Debian 时安装（这一步需要管理员权限，装完要重启电脑，重启后再运行本脚本）；
#   2. 把项目复制（或克隆）到 Debian 中的 ~/typeset；
#   3. 在 Debian 中运行 scripts/setup.sh（安装软件包、字体和 Python 环境，约 10–20 分钟，
#      其间会请您输入 Debian 用户的密码）；
#   4. 在桌面创建快捷方式“简报排版”：双击即启动工作台并打开浏览器。
# 本脚本没有在真正的 Windows 上测试过（开发环境没有 Windows）；快捷方式的命令行由
# typeset/windows.py 生成，那部分有测试。
param(
    [string]$Repository = "",
    [string]$Distro = "Debian",
    [int]$Port = 8645
)
$ErrorActionPreference = "Stop"
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8

function Say($text) { Write-Host "[简报排版] $text" }
function Fail($text) { Write-Host "[简报排版] $text" -ForegroundColor Red; Read-Host "按回车键关闭"; exit 1 }

$IsAdmin = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole(
    [Security.Principal.WindowsBuiltInRole]::Administrator)

# 1. WSL and Debian
$wsl = Get-Command wsl.exe -ErrorAction SilentlyContinue
$distros = @()
if ($wsl) {
    $distros = (& wsl.exe --list --quiet 2>$null) -replace "`0", "" | Where-Object { $_.Trim() -ne "" } |
        ForEach-Object { $_.Trim() }
}
if (-not $wsl -or -not ($distros -contains $Distro)) {
    if (-not $IsAdmin) {
        Fail ("这台电脑还没有 WSL 或 $Distro。安装它需要管理员权限：请在开始菜单中右键“Windows PowerShell”→" +
              "“以管理员身份运行”，再运行本脚本；或请单位的 IT 人员代为安装（命令：wsl --install -d $Distro）。")
    }
    Say "正在安装 WSL 和 $Distro（需要联网，约 5–15 分钟）……"
    & wsl.exe --install -d $Distro
    if ($LASTEXITCODE -ne 0) { Fail "安装 WSL 没有成功（代码 $LASTEXITCODE）：请把上面的信息发给 IT 人员。" }
    Say "安装完成。请重启电脑；重启后会出现 Debian 窗口，按提示设置 Debian 的用户名和密码（请记住密码），"
    Say "然后再运行一次本脚本。"
    Read-Host "按回车键关闭"
    exit 0
}

function InDebian([string]$command) {
    & wsl.exe -d $Distro --cd "~" -- bash -lc $command
    if ($LASTEXITCODE -ne 0) { Fail "在 $Distro 中运行“$command”没有成功（代码 $LASTEXITCODE）。" }
}

$HomeDir = (& wsl.exe -d $Distro -- bash -lc 'printf %s "$HOME"')
if (-not $HomeDir) { Fail "无法进入 $Distro：请先在开始菜单中打开一次 $Distro，设置好用户名和密码。" }
$Project = "$HomeDir/typeset"

# 2. The project inside Debian (its own disk: much faster than working on C:)
$exists = (& wsl.exe -d $Distro -- bash -lc "test -f '$Project/pyproject.toml' && echo yes")
if ($exists -ne "yes") {
    if ($Repository) {
        Say "正在从 $Repository 克隆项目……"
        InDebian "sudo apt-get update -qq && sudo apt-get install -y -qq git && git clone '$Repository' '$Project'"
    } else {
        $Here = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
        $Source = (& wsl.exe -d $Distro -- wslpath -a ($Here -replace "\\", "/"))
        Say "正在把 $Here 复制到 $Distro 的 ~/typeset ……"
        InDebian "mkdir -p '$Project' && cp -r '$Source/.' '$Project/' && rm -rf '$Project/.venv'"
    }
} else {
    Say "$Distro 中已有 ~/typeset，跳过复制。"
}

# 3. The set-up (packages, stand-in fonts, the Python environment)
Say "正在运行安装程序 scripts/setup.sh（第一次约 10–20 分钟；要求输入密码时，输入 Debian 用户的密码）……"
InDebian "cd '$Project' && bash scripts/setup.sh"

# 4. The desktop shortcut 简报排版: its command line comes from typeset/windows.py (tested there)
$lines = @(& wsl.exe -d $Distro -- bash -lc "cd '$Project' && .venv/bin/python -m typeset.windows '$Distro' '$Project'")
if ($lines.Count -lt 2) { Fail "无法生成快捷方式的命令行。" }
$Desktop = [Environment]::GetFolderPath("Desktop")
$Shell = New-Object -ComObject WScript.Shell
$Link = $Shell.CreateShortcut((Join-Path $Desktop "简报排版.lnk"))
$Link.TargetPath = (Get-Command $lines[0]).Source
$Link.Arguments = $lines[1]
$Link.Description = "启动简报排版工作台并打开浏览器"
$Link.Save()
Say "完成。桌面上的“简报排版”：双击后会打开一个黑色窗口（工作台在其中运行，用完关闭它即可），"
Say "几秒后浏览器自动打开 http://localhost:$Port/ 。"
Read-Host "按回车键关闭"
