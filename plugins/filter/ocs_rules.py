# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ocs_rules
short_description: Resolve the OCS port model into firewall rules (filter form of ocs_port_rules)
version_added: 0.1.0
description:
  - The same computation as the M(ocs.firewall.ocs_port_rules) action, for templates and
    C(set_fact). The input is the topology (endpoint class to addresses); the result is the list of
    rules. See M(ocs.firewall.ocs_port_rules) for the meaning of each option and the rule fields.
  - Fails with a message that names the bad value on any bad input; the resolver's warnings (for
    example an Edge address that lies in no zone of a perimeter firewall) are shown as warnings.
positional: roles
options:
  _input:
    description: The topology, endpoint class to address, CIDR or list of them.
    type: dict
    required: true
extends_documentation_fragment:
  - ocs.firewall._deployment.product
  - ocs.firewall._deployment.roles
  - ocs.firewall._deployment.features
  - ocs.firewall._deployment.media_ports
  - ocs.firewall._deployment.host_media_ports
  - ocs.firewall._deployment.view
  - ocs.firewall._deployment.zones
"""

EXAMPLES = r"""
- name: Inbound external ports of this Edge, as a comma-separated list
  ansible.builtin.debug:
    msg: >-
      {{ ocs_topology | ocs.firewall.ocs_rules(ocs_server_roles, features=ocs_features)
         | selectattr('direction', '==', 'in') | selectattr('side', '==', 'external')
         | map(attribute='ports') | flatten | ocs.firewall.port_ranges | join(',') }}

- name: Rules for a client whose own media range is narrowed (its peers keep the deployment's range)
  ansible.builtin.set_fact:
    client_rules: "{{ ocs_topology | ocs.firewall.ocs_rules(['client'], host_media_ports={'client': '20000-20099'}) }}"
"""

RETURN = r"""
_value:
  description: The rules, with the fields described for M(ocs.firewall.ocs_port_rules).
  type: list
  elements: dict
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import DEFAULT_PRODUCT
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import resolve
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter, memoized, show_warnings

resolve_memoized = memoized(resolve)  # the same inputs on many hosts: resolved once a process


@core_filter("ocs_rules")
def ocs_rules(topology, roles, features=None, media_ports=None, view="host", zones=None, product=DEFAULT_PRODUCT,
              host_media_ports=None):
    resolved = resolve_memoized(product=product, roles=roles, topology=topology, features=features,
                                media_ports=media_ports, view=view, zones=zones, host_media_ports=host_media_ports)
    show_warnings("ocs_rules", resolved["warnings"])  # e.g. an Edge address in no zone of a perimeter firewall
    return resolved["rules"]


class FilterModule:
    def filters(self):
        return {"ocs_rules": ocs_rules}
