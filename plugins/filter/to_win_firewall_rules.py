# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: to_win_firewall_rules
short_description: Render host-view rules as arguments for community.windows.win_firewall_rule
version_added: 0.1.0
description:
  - Turns host-view rules (from M(ocs.firewall.ocs_port_rules) or P(ocs.firewall.ocs_rules#filter))
    into one argument dictionary per rule for M(community.windows.win_firewall_rule), the module the
    C(ocs.firewall.windows_firewall) role applies them with (apply mode needs Windows Server 2008 R2 SP1
    with WMF 5.1, or 2012 and later; Ansible needs PowerShell 5.1).
  - Each rule gets a stable, unique name derived from its catalogue flow id, such as
    "OCS 2007 R2 - av_edge.external.stun_udp_from_remote_user (in, udp)", and goes into one rule
    group. For an C(in) rule the rule's ports are the local port, for an C(out) rule the remote port;
    ports and addresses are comma-joined canonical strings (ranges stay ranges), V(any) when the rule
    does not restrict them.
  - Fails with a message that names the bad value on any bad input (a gateway-view rule, a bad port,
    address or profile, a prefix with unsafe characters, two rules with one name).
options:
  _input:
    description: Host-view rules.
    type: list
    elements: dict
    required: true
extends_documentation_fragment:
  - ocs.firewall._windows_naming.profiles
  - ocs.firewall._windows_naming.prefix
  - ocs.firewall._windows_naming.group
"""

EXAMPLES = r"""
- name: Resolve the rules of this host
  ocs.firewall.ocs_port_rules:
    roles: "{{ ocs_server_roles }}"
    topology: "{{ ocs_topology }}"
  register: resolved

- name: Apply them one by one
  community.windows.win_firewall_rule:
    name: "{{ item.name }}"
    group: "{{ item.group }}"
    description: "{{ item.description }}"
    direction: "{{ item.direction }}"
    action: "{{ item.action }}"
    protocol: "{{ item.protocol }}"
    localport: "{{ item.localport }}"
    remoteport: "{{ item.remoteport }}"
    localip: "{{ item.localip }}"
    remoteip: "{{ item.remoteip }}"
    profiles: "{{ item.profiles }}"
    enabled: "{{ item.enabled }}"
    state: "{{ item.state }}"
  loop: "{{ resolved.rules | ocs.firewall.to_win_firewall_rules(profiles=['domain']) }}"
  loop_control:
    label: "{{ item.name }}"
"""

RETURN = r"""
_value:
  description:
    - One dictionary per rule with the options C(name), C(group), C(description), C(direction),
      C(action) (V(allow)), C(protocol), C(localport), C(remoteport), C(localip), C(remoteip),
      C(profiles), C(enabled) (V(true)) and C(state) (V(present)) of M(community.windows.win_firewall_rule).
  type: list
  elements: dict
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import windows
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("to_win_firewall_rules")
def to_win_firewall_rules(rules, group=windows.DEFAULT_GROUP, profiles=windows.PROFILES, prefix=windows.DEFAULT_PREFIX):
    return windows.win_firewall_rule_args(rules, group=group, profiles=profiles, prefix=prefix)


class FilterModule:
    def filters(self):
        return {"to_win_firewall_rules": to_win_firewall_rules}
