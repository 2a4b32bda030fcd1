# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ocs_flows
short_description: The deployment's flows (catalogue rows in use) with their addresses
version_added: 0.1.0
description:
  - Returns every catalogue flow that the enabled features use and whose two endpoint classes are
    deployed (named in the topology, or an internet peer), with the media ranges filled in and the
    addresses of both ends. This is the deployment-wide port matrix, independent of any one host.
  - Fails with a message that names the bad value on any bad input.
options:
  _input:
    description: The topology, endpoint class to address, CIDR or list of them.
    type: dict
    required: true
extends_documentation_fragment:
  - ocs.firewall._deployment.product
  - ocs.firewall._deployment.features
  - ocs.firewall._deployment.media_ports
"""

EXAMPLES = r"""
- name: Write the port matrix as CSV
  ansible.builtin.copy:
    dest: build/port-matrix.csv
    content: "{{ ocs_topology | ocs.firewall.ocs_flows(features=ocs_features) | ocs.firewall.to_port_matrix('csv') }}"
    mode: "0644"
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
_value:
  description:
    - Flow records with C(id), C(product), C(from), C(to), C(from_addresses), C(to_addresses) (empty = any),
      C(protocol), C(ports), C(source_ports), C(purpose), C(features), C(any_features), C(ipsec_exempt), C(evidence),
      C(reference), C(reference_title), C(reference_url).
  type: list
  elements: dict
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import DEFAULT_PRODUCT
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import deployment_flows
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("ocs_flows")
def ocs_flows(topology, features=None, media_ports=None, product=DEFAULT_PRODUCT):
    return deployment_flows(product=product, topology=topology, features=features, media_ports=media_ports)


class FilterModule:
    def filters(self):
        return {"ocs_flows": ocs_flows}
