"""Host-view rules and IPsec exemption rows -> Windows artefacts, in the netsh syntax of the target
Windows (``windows_os``: 2008, 2008r2 or 2012) or as NetSecurity PowerShell (2012+).

- quoting.py: validation and quoting (labels, groups, profiles, free text, netsh/cmd/PowerShell);
- records.py: which kind a list holds (host-view rules or IPsec rows; the model reads their fields);
- target.py: what each target Windows can do, and the Windows roles' first check;
- scripts.py: the frame (header, error counting, exit code) every script shares;
- firewall.py: Windows Firewall rules (win_firewall_rule arguments, netsh and PowerShell scripts);
- ipsec.py: IPsec exemptions as connection security rules that do not authenticate.

Convergence of a host (read, compare, delete/add) is not rendering: it lives in converge/consec.py.

Pure functions, no Ansible imports: same input, same bytes out. This package re-exports the names
the filters and tests use, so ``render.windows.<name>`` is the public surface.
"""

from ...model import PROTOCOLS
from .firewall import (
    firewall_rule_name,
    firewall_rules,
    netsh_firewall_removal,
    netsh_firewall_script,
    powershell_firewall_removal,
    powershell_firewall_script,
    win_firewall_rule_args,
)
from .ipsec import (
    FINGERPRINT_TAG,
    consec_add_argv,
    consec_delete_argv,
    consec_show_argv,
    fingerprint,
    ipsec_rule_name,
    ipsec_rules,
    netsh_consec_removal,
    netsh_consec_script,
    powershell_ipsec_removal,
    powershell_ipsec_script,
)
from .quoting import (
    CMD_MAX_LINE,
    DEFAULT_GROUP,
    DEFAULT_PREFIX,
    PROFILES,
    check_group,
    check_profiles,
    clean_text,
    cmd_line,
    cmd_quote,
    netsh_text,
    ps_quote,
)
from .records import KINDS, detect_kind
from .target import (
    DEFAULT_OS,
    MODES,
    NETSH_SYNTAX,
    NETSH_TARGET,
    OS_TITLES,
    WINDOWS_OS,
    check_windows_os,
    windows_target,
)

__all__ = [
    "CMD_MAX_LINE", "DEFAULT_GROUP", "DEFAULT_OS", "DEFAULT_PREFIX", "FINGERPRINT_TAG", "KINDS", "MODES",
    "NETSH_SYNTAX", "NETSH_TARGET", "OS_TITLES", "PROFILES", "PROTOCOLS", "WINDOWS_OS",
    "check_group", "check_profiles", "check_windows_os", "clean_text", "cmd_line", "cmd_quote",
    "consec_add_argv", "consec_delete_argv", "consec_show_argv", "detect_kind", "fingerprint",
    "firewall_rule_name", "firewall_rules", "ipsec_rule_name", "ipsec_rules", "netsh_consec_removal",
    "netsh_consec_script", "netsh_firewall_removal", "netsh_firewall_script", "netsh_text",
    "powershell_firewall_removal", "powershell_firewall_script", "powershell_ipsec_removal",
    "powershell_ipsec_script", "ps_quote", "win_firewall_rule_args", "windows_target",
]
