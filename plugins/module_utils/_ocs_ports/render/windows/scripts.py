"""The frame every Windows script shares, written once: the .cmd files' header, error counting and
exit code, and the .ps1 files' header.

Scripts use CRLF line endings; .cmd files are ASCII (cmd.exe reads them in the OEM code page),
.ps1 files are UTF-8 with a byte order mark (Windows PowerShell 5.1 reads BOM-less files as ANSI).
"""

from .quoting import cmd_comment, ps_comment, ps_quote
from .target import NETSH_SYNTAX, NETSH_TARGET

NEWLINE = "\r\n"
BOM = "\ufeff"
RENDERED = "Rendered by ocs.firewall from the OCS port model; re-render instead of editing."
CMD_SETLOCAL = "setlocal EnableExtensions DisableDelayedExpansion"
CMD_RESET_ERRORS = "set OCS_ERRORS=0"
# After each add: count a failure. ('|| set ...' would do the same in cmd.exe; the tree-sitter
# batch grammar the tests parse the files with takes only this form.)
CMD_COUNT_FAILURE = "if errorlevel 1 set /a OCS_ERRORS+=1"
CMD_QUIET = " >nul 2>&1"


def script_text(lines):
    return NEWLINE.join(lines) + NEWLINE


def _cmd_opening(title, host, what, count, windows_os, notes):
    return [
        "@echo off",
        cmd_comment(f"{title} for host {host}" if host else title),
        cmd_comment(f"{count} {what}. {RENDERED}"),
        cmd_comment(f"For {NETSH_TARGET[NETSH_SYNTAX[windows_os]]}."),
        cmd_comment("Run from an elevated command prompt."),
        *(cmd_comment(note) for note in notes),
        CMD_SETLOCAL,
    ]


def cmd_recreate_file(title, host, what, windows_os, notes, blocks):
    """A .cmd file that runs each block (comment, netsh delete line, netsh add line): the delete may
    fail (the rule is not there yet), a failed add is counted, and the exit code is the count."""
    lines = _cmd_opening(title, host, what, len(blocks), windows_os, notes) + [CMD_RESET_ERRORS]
    for comment, delete, add in blocks:
        lines += ["", cmd_comment(comment), delete + CMD_QUIET, add, CMD_COUNT_FAILURE]
    lines += [
        "",
        'if not "%OCS_ERRORS%"=="0" echo %OCS_ERRORS% netsh command^(s^) failed. 1>&2',
        "exit /b %OCS_ERRORS%",
    ]
    return script_text(lines)


def cmd_delete_file(title, host, what, windows_os, deletes, reset_errors=False):
    """A .cmd file that runs each netsh delete line and exits 0: a rule that is already gone is not
    an error. reset_errors keeps the (unused) 'set OCS_ERRORS=0' the firewall removal file has."""
    lines = _cmd_opening(title, host, what, len(deletes), windows_os, ["A rule that is already gone is not an error."])
    if reset_errors:
        lines.append(CMD_RESET_ERRORS)
    lines.append("")
    lines += [delete + CMD_QUIET for delete in deletes]
    return script_text(lines + ["", "exit /b 0"])


def ps_header(title, host, what, count, group):
    """The first lines of a NetSecurity script: requirements, comments, -PolicyStore and -WhatIf
    parameters, stop on the first error, and the rule group."""
    return [
        BOM + "#Requires -Version 3.0",
        "#Requires -Modules NetSecurity",
        ps_comment(f"{title} for host {host}" if host else title),
        ps_comment(f"{count} {what}. {RENDERED}"),
        ps_comment("Needs Windows Server 2012 or later (NetSecurity module); run elevated."),
        ps_comment("-PolicyStore: PersistentStore (this computer, the default) or a GPO, 'domain.example\\GPO name'."),
        ps_comment("-WhatIf shows what would change."),
        "[CmdletBinding(SupportsShouldProcess = $true)]",
        "param(",
        "    [string]$PolicyStore = 'PersistentStore'",
        ")",
        "$ErrorActionPreference = 'Stop'",
        f"$group = {ps_quote(group)}",
    ]
