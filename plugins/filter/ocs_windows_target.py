# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ocs_windows_target
short_description: Check the Windows roles' settings and say what the target Windows can do
version_added: 0.1.0
description:
  - The first check of the C(ocs.firewall.windows_firewall) and C(ocs.firewall.ipsec_exemptions) roles,
    before anything is applied or written.
  - V(2008) is Windows Server 2008 SP2 (x64), V(2008r2) Windows Server 2008 R2 SP1, V(2012) Windows
    Server 2012 or later. Ansible needs PowerShell 5.1 on the host, which Server 2008 SP2 never gets
    (WMF 3.0 at most), so apply mode on V(2008) fails and names render mode; 2008 R2 SP1 needs WMF 5.1.
    The NetSecurity cmdlets (the .ps1 scripts) need V(2012). The netsh syntax of V(2008) takes one
    port or C(any) in connection security rules.
  - Rule group names must be literal (no C(*), C(?), C([), C(]), backtick, no leading C(@)), because the
    removal scripts select rules with C(Get-NetFirewallRule -Group), which accepts wildcards.
  - Fails with a message that names the bad value.
positional: mode
options:
  _input:
    description: The target Windows, V(2008), V(2008r2) or V(2012).
    type: str
    required: true
  mode:
    description: V(apply) or V(render).
    type: str
    default: apply
    choices: [apply, render]
  groups:
    description: Rule group names to check.
    type: list
    elements: str
    default: []
  prefix:
    description: Rule name prefix to check.
    type: str
    default: OCS 2007 R2
"""

EXAMPLES = r"""
- name: Check the settings before anything is written
  ansible.builtin.set_fact:
    ocs_windows_target: "{{ ocs_windows_os | ocs.firewall.ocs_windows_target('render', groups=[ocs_windows_firewall_group]) }}"
"""

RETURN = r"""
_value:
  description:
    - C(windows_os), C(title), C(netsh_syntax) (V(2008) or V(2008r2)), C(powershell) (true when the
      NetSecurity scripts apply, V(2012)), C(apply) (false for V(2008)).
  type: dict
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import windows
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("ocs_windows_target")
def ocs_windows_target(windows_os, mode="apply", groups=None, prefix=windows.DEFAULT_PREFIX):
    return windows.windows_target(windows_os, mode=mode, groups=groups or [], prefix=prefix)


class FilterModule:
    def filters(self):
        return {"ocs_windows_target": ocs_windows_target}
