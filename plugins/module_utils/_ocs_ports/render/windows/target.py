"""The target Windows: which versions OCS 2007 R2 runs on, what each can do, and the Windows roles'
first check (``windows_target``)."""

from ...errors import OcsModelError
from .quoting import DEFAULT_PREFIX, check_group, check_label

# The Windows versions OCS 2007 R2 runs on, and what each can do (reference/windows-platforms.md):
# 2008 is Server 2008 SP2 x64 (PowerShell 2.0, WMF 3.0 at most: no Ansible, render mode only, the
# Vista SP1 netsh syntax); 2008r2 is Server 2008 R2 SP1 (apply mode after WMF 5.1; netsh consec takes
# port ranges); 2012 is Server 2012 or later (apply mode; the NetSecurity cmdlets exist).
WINDOWS_OS = ("2008", "2008r2", "2012")
DEFAULT_OS = "2008r2"
OS_TITLES = {
    "2008": "Windows Server 2008 SP2 (x64)",
    "2008r2": "Windows Server 2008 R2 SP1",
    "2012": "Windows Server 2012 or later",
}
# netsh syntax of each target: the 2008 one (Vista SP1) or the one of 2008 R2 and later.
NETSH_SYNTAX = {"2008": "2008", "2008r2": "2008r2", "2012": "2008r2"}
NETSH_TARGET = {
    "2008": "Windows Server 2008 SP2 (x64), netsh syntax of Server 2008 (consec rules: one port or any)",
    "2008r2": "Windows Server 2008 R2 SP1 and later, netsh syntax of 2008 R2 (not for Server 2008: consec port ranges)",
}
MODES = ("apply", "render")


def check_windows_os(value):
    """The target Windows: '2008', '2008r2' or '2012' (YAML may give 2008 or 2012 as numbers)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or value.lower() not in WINDOWS_OS:
        raise OcsModelError(f"unknown Windows version {value!r}; valid versions: {', '.join(WINDOWS_OS)} "
                            "(2012 means Windows Server 2012 or later)")
    return value.lower()


def windows_target(windows_os=DEFAULT_OS, mode="apply", groups=(), prefix=DEFAULT_PREFIX):
    """Checks the Windows roles' settings before anything is applied or written, and says what the
    target can do: {windows_os, title, netsh_syntax, powershell (write the NetSecurity .ps1),
    apply (Ansible can manage it)}. Apply mode on Server 2008 fails: Ansible needs PowerShell 5.1,
    and WMF 3.0 is the last Server 2008 SP2 gets."""
    windows_os = check_windows_os(windows_os)
    if mode not in MODES:
        raise OcsModelError(f"unknown mode {mode!r}; valid modes: {', '.join(MODES)}")
    check_label(prefix, "rule name prefix")
    if isinstance(groups, str) or not isinstance(groups, (list, tuple)):
        raise OcsModelError(f"groups must be a list of rule group names, not {groups!r}")
    for group in groups:
        check_group(group)
    if mode == "apply" and windows_os == "2008":
        raise OcsModelError(
            "Windows version '2008': Ansible cannot manage Windows Server 2008 SP2 (it needs PowerShell 5.1, and "
            "WMF 3.0 is the last that 2008 SP2 gets); use render mode (set ocs_windows_render_dir) and run the "
            ".cmd files on the host"
        )
    return {
        "windows_os": windows_os,
        "title": OS_TITLES[windows_os],
        "netsh_syntax": NETSH_SYNTAX[windows_os],
        "powershell": windows_os == "2012",
        "apply": windows_os != "2008",
    }
