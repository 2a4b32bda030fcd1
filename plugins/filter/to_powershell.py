# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: to_powershell
short_description: Render Windows Firewall rules or IPsec exemptions as a NetSecurity PowerShell script
version_added: 0.1.0
description:
  - Renders host-view rules (from M(ocs.firewall.ocs_port_rules)) as a C(New-NetFirewallRule) script,
    or IPsec exemption rows (from P(ocs.firewall.ocs_ipsec_exemptions#filter)) as a C(New-NetIPsecRule)
    script with C(-InboundSecurity None -OutboundSecurity None) (rules that exempt the traffic from
    IPsec). The NetSecurity cmdlets need Windows Server 2012 or later (or a GPO edited there); for
    Server 2008 and 2008 R2 use P(ocs.firewall.to_netsh#filter).
  - V(script) removes every rule of the group from the policy store and creates the rules in it, so the
    group ends up exactly the model; V(removal) removes every rule of the group. Rules outside the group
    are never touched. The script takes C(-PolicyStore) (default C(PersistentStore); a GPO as
    C(domain\GPO name)) and C(-WhatIf).
  - Deterministic (same input, same bytes), UTF-8 with a byte order mark (Windows PowerShell 5.1 reads
    files without one as ANSI), CRLF line endings; every string in single quotes with single-quote
    characters doubled.
  - Fails with a message that names the bad value on any bad input.
positional: format
options:
  windows_os:
    description: The Windows the script is for; only V(2012) (Windows Server 2012 or later) has the NetSecurity cmdlets, the others fail.
    type: str
    default: "2012"
    choices: ["2008", "2008r2", "2012"]
extends_documentation_fragment:
  - ocs.firewall._windows_naming.script
  - ocs.firewall._windows_naming.profiles
  - ocs.firewall._windows_naming.prefix
  - ocs.firewall._windows_naming.group
"""

EXAMPLES = r"""
- name: Write the PowerShell scripts of this host (Windows Server 2012 or later, or a GPO)
  ansible.builtin.copy:
    dest: "build/windows/{{ inventory_hostname }}/{{ item.file }}"
    content: "{{ item.content }}"
    mode: "0644"
  loop:
    - file: windows-firewall.ps1
      content: "{{ resolved.rules | ocs.firewall.to_powershell(host=inventory_hostname) }}"
    - file: windows-firewall-remove.ps1
      content: "{{ resolved.rules | ocs.firewall.to_powershell('removal', host=inventory_hostname) }}"
  loop_control:
    label: "{{ item.file }}"
  delegate_to: localhost
"""

RETURN = r"""
_value:
  description: The PowerShell script as text.
  type: str
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import windows
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter

FORMATS = ("script", "removal")


@core_filter("to_powershell")
def to_powershell(data, format="script", kind="auto", group=windows.DEFAULT_GROUP, profiles=windows.PROFILES,
                  prefix=windows.DEFAULT_PREFIX, host=None, windows_os="2012"):
    if not windows.windows_target(windows_os, "render")["powershell"]:
        raise OcsModelError(f"Windows version '{windows_os}' has no NetSecurity cmdlets (they need Windows Server "
                            "2012 or later); use to_netsh")
    if format not in FORMATS:
        raise OcsModelError(f"unknown format {format!r}; valid formats: {', '.join(FORMATS)}")
    if windows.detect_kind(data, kind) == "firewall":
        render = windows.powershell_firewall_script if format == "script" else windows.powershell_firewall_removal
        return render(data, group=group, profiles=profiles, prefix=prefix, host=host)
    render = windows.powershell_ipsec_script if format == "script" else windows.powershell_ipsec_removal
    return render(data, group=group, prefix=prefix, host=host)


class FilterModule:
    def filters(self):
        return {"to_powershell": to_powershell}
