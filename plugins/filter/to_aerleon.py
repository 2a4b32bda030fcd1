# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: to_aerleon
short_description: Render gateway view rules as an aerleon policy and its definitions
version_added: 0.3.0
description:
  - Turns gateway view rules (from M(ocs.firewall.ocs_port_rules) with O(ocs.firewall.ocs_port_rules#module:view=gateway))
    into the input of the multi-vendor ACL generator aerleon, as data; the filter does not need aerleon.
    Pass RV(_value.policy) and RV(_value.definitions) to aerleon's Generate API (or write them as its
    policy and definitions YAML files) to get Juniper SRX, Palo Alto, FortiGate, Cisco ASA, Cisco IOS,
    Juniper, Arista, Cisco NX-OS, nftables or iptables configuration.
  - One term per rule, and each term is one protocol with the rule's ports (aerleon crosses ports with
    protocols, so a term never mixes TCP and UDP); source ports become C(source-port). The term name is
    the flow's own name (the last part of its id) cut to fit and a digest of the rule name, at most 24
    characters (the iptables limit) and the same for every target; the term comment holds the rule
    name, its flows, purpose and reference.
  - Networks are named after the endpoint classes behind the addresses (V(FRONT_END), V(EDGE_INTERNAL), ...),
    services after their ports (V(TCP_443_5061)); a rule without addresses (any) leaves the term's
    address out.
  - Zone-based targets (V(srx), V(paloalto), V(fortigate)) get one filter per zone pair
    (C(from-zone ocs-external to-zone ocs-perimeter)); interface ACL targets (V(ciscoasa), V(cisco),
    V(juniper), V(arista), V(cisconx)) one inbound ACL per ingress zone (C(ocs-external-in)); host
    packet filters (V(nftables), V(iptables)) each one filter on the FORWARD hook with default drop for
    the whole gateway. nftables accepts the replies of allowed flows in its base chain; the iptables
    filter starts with one term C(allow-replies) (ESTABLISHED,RELATED), the only term that is not a rule.
  - Fails with a message that names the bad value for an unknown or no target, a rule with an address
    a chosen target cannot express (IPv6 for V(ciscoasa) or V(iptables); sources and destinations of
    different address families), two rules with one term name, or a bad zone, interface or policy name.
  - The output is deterministic (networks and services sorted by name).
positional: targets
options:
  _input:
    description: Gateway view rules of one firewall.
    type: list
    elements: dict
    required: true
  targets:
    description:
      - The aerleon targets to render for, any of V(srx), V(paloalto), V(fortigate), V(ciscoasa),
        V(cisco), V(juniper), V(arista), V(cisconx), V(nftables), V(iptables).
    type: list
    elements: str
    required: true
  name:
    description:
      - The policy's C(filename); aerleon names its output files after it (C(gw.srx), C(gw.xml), ...).
      - Letters, digits, C(_) and C(-), at most 63 characters.
    type: str
    default: gw
  zone_names:
    description:
      - Model zone (V(external), V(perimeter), V(internal)) to the zone name on the firewall, which is
        also the stem of the interface ACL names (C(<zone>-in)).
      - Defaults V(ocs-external), V(ocs-perimeter), V(ocs-internal).
    type: dict
  interfaces:
    description:
      - Model zone to the interface the host packet filters (V(nftables), V(iptables)) match each
        term's ingress and egress on. Without it those terms do not check the zones.
    type: dict
extends_documentation_fragment:
  - ocs.firewall._deployment.product
"""

EXAMPLES = r"""
- name: Resolve the rules of the external firewall
  ocs.firewall.ocs_port_rules:
    view: gateway
    roles: [external_firewall]
    topology: "{{ ocs_topology }}"
    zones: "{{ ocs_zones }}"
  register: gateway

- name: Write the aerleon policy and definitions
  vars:
    acl: "{{ gateway.rules | ocs.firewall.to_aerleon(['srx', 'ciscoasa'], name='fw_external',
                                                      zone_names={'perimeter': 'dmz'}) }}"
  ansible.builtin.copy:
    dest: "build/aerleon/{{ item.name }}"
    content: "{{ item.data | to_nice_yaml }}"
    mode: "0644"
  loop:
    - {name: policies/fw_external.yaml, data: "{{ acl.policy }}"}
    - {name: def/ocs.yaml, data: "{{ acl.definitions }}"}
"""

RETURN = r"""
_value:
  description: The input of aerleon's Generate API.
  type: dict
  contains:
    policy:
      description: An aerleon policy (PolicyDict) with C(filename) and C(filters), each a C(header) and C(terms).
      type: dict
    definitions:
      description: The networks and services the terms name, as aerleon's definitions files hold them.
      type: dict
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import DEFAULT_PRODUCT
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import aerleon
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("to_aerleon")
def to_aerleon(rules, targets, name="gw", zone_names=None, interfaces=None, product=DEFAULT_PRODUCT):
    return aerleon.aerleon_policy(rules, targets, name=name, zone_names=zone_names, interfaces=interfaces,
                                  product=product)


class FilterModule:
    def filters(self):
        return {"to_aerleon": to_aerleon}
