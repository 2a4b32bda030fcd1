# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: to_netsh
short_description: Render Windows Firewall rules or IPsec exemptions as netsh advfirewall commands
version_added: 0.1.0
description:
  - Renders host-view rules (from M(ocs.firewall.ocs_port_rules)) as C(netsh advfirewall firewall)
    commands, or IPsec exemption rows (from P(ocs.firewall.ocs_ipsec_exemptions#filter)) as
    C(netsh advfirewall consec) connection security rules with C(action=noauthentication) (the
    Permit filter action of the OCS 2007 R2 IPsec exceptions table), in the syntax of O(windows_os).
    netsh is what Windows Server 2008 and 2008 R2 have (the NetSecurity cmdlets need 2012).
  - V(script) is a command file (.cmd) that deletes each rule by name and adds it again, so it can be
    run again; V(removal) deletes the rules by name. Both are deterministic (same input, same bytes),
    ASCII with CRLF line endings, with names and descriptions in double quotes (a double quote in free
    text becomes a single quote, C(%) is doubled). netsh cannot set a rule group (C(add rule) has no
    C(group=)).
  - To converge a host's exemptions (read, compare, then delete and add), use
    P(ocs.firewall.ocs_consec_plan#filter).
  - Fails with a message that names the bad value on any bad input.
positional: format
options:
  windows_os:
    description:
      - The Windows the command file is for. V(2008) (Server 2008 SP2) uses the Server 2008 syntax, where a
        connection security rule takes one port or C(any) per endpoint (KB949856), so an exemption with a port
        range or list (the Clients row) fails there, naming V(2008r2), as C(any) would exempt far more than the
        table asks. V(2008r2) (Server 2008 R2 SP1) and V(2012)
        (Server 2012 or later) take ranges and lists. The header names the target.
    type: str
    default: "2008r2"
    choices: ["2008", "2008r2", "2012"]
extends_documentation_fragment:
  - ocs.firewall._windows_naming.script
  - ocs.firewall._windows_naming.profiles
  - ocs.firewall._windows_naming.prefix
"""

EXAMPLES = r"""
- name: Write the netsh command files of this host
  ansible.builtin.copy:
    dest: "build/windows/{{ inventory_hostname }}/{{ item.file }}"
    content: "{{ item.content }}"
    mode: "0644"
  loop:
    - file: windows-firewall.cmd
      content: "{{ resolved.rules | ocs.firewall.to_netsh(host=inventory_hostname) }}"
    - file: windows-firewall-remove.cmd
      content: "{{ resolved.rules | ocs.firewall.to_netsh('removal', host=inventory_hostname) }}"
    - file: ipsec-exemptions.cmd
      content: "{{ ocs_topology | ocs.firewall.ocs_ipsec_exemptions(ocs_server_roles) | ocs.firewall.to_netsh(kind='ipsec') }}"
  loop_control:
    label: "{{ item.file }}"
  delegate_to: localhost
"""

RETURN = r"""
_value:
  description: The command file as text.
  type: str
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import windows
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter

FORMATS = ("script", "removal")


@core_filter("to_netsh")
def to_netsh(data, format="script", kind="auto", profiles=windows.PROFILES, prefix=windows.DEFAULT_PREFIX,
             host=None, windows_os=windows.DEFAULT_OS):
    if format not in FORMATS:
        raise OcsModelError(f"unknown format {format!r}; valid formats: {', '.join(FORMATS)}")
    if windows.detect_kind(data, kind) == "firewall":
        render = windows.netsh_firewall_script if format == "script" else windows.netsh_firewall_removal
        return render(data, prefix=prefix, profiles=profiles, host=host, windows_os=windows_os)
    render = windows.netsh_consec_script if format == "script" else windows.netsh_consec_removal
    return render(data, prefix=prefix, host=host, windows_os=windows_os)


class FilterModule:
    def filters(self):
        return {"to_netsh": to_netsh}
