# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ocs_ipsec_exemptions
short_description: The OCS 2007 R2 IPsec exceptions table with the deployment's addresses
version_added: 0.1.0
description:
  - Returns the rows of the IPsec exceptions table (TechNet dd425136, Table 1, every filter action
    Permit) whose features are enabled and whose endpoint classes the topology names, with their
    addresses filled in, for P(ocs.firewall.to_netsh#filter) and P(ocs.firewall.to_powershell#filter)
    or the C(ocs.firewall.ipsec_exemptions) role.
  - Without O(roles), every row of the deployment. With O(roles), only the rows that concern a host
    with those server roles, plus the rows whose ends are both Any.
  - The Clients row is UDP with the source port range set to the client media range.
  - Fails with a message that names the bad value on any bad input.
positional: roles
options:
  _input:
    description: The topology, endpoint class to address, CIDR or list of them.
    type: dict
    required: true
  roles:
    description: Server roles of one host; omit for the whole deployment.
    type: list
    elements: str
  host_media_ports:
    description:
      - This host's own media ranges, narrower than the deployment's O(media_ports) (for example a client whose
        C(PortRange) policy is C(20000-20099)). They apply only to the host's own end of a flow (its listening
        ports inbound, its source ports outbound), never to a peer's ports, and only to ranges of classes the
        host is. Needs O(roles); the Clients row then carries this client's own range.
    type: dict
extends_documentation_fragment:
  - ocs.firewall._deployment.product
  - ocs.firewall._deployment.features
  - ocs.firewall._deployment.media_ports
"""

EXAMPLES = r"""
- name: The exemptions this host needs
  ansible.builtin.debug:
    msg: "{{ ocs_topology | ocs.firewall.ocs_ipsec_exemptions(ocs_server_roles, features=ocs_features, media_ports=ocs_media_ports) }}"

- name: The whole table of the deployment, as a netsh command file
  ansible.builtin.copy:
    dest: build/ipsec-exemptions.cmd
    content: "{{ ocs_topology | ocs.firewall.ocs_ipsec_exemptions(features=ocs_features) | ocs.firewall.to_netsh(kind='ipsec') }}"
    mode: "0644"
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
_value:
  description:
    - Rows with C(id) (stable, like C(ipsec.av_edge_internal_in)), C(name) (the table's rule name),
      C(source_addresses) and C(destination_addresses) (CIDRs; empty = Any), C(protocols),
      C(source_ports) (empty = any), C(reference) and C(evidence).
  type: list
  elements: dict
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import DEFAULT_PRODUCT
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import resolve_ipsec_exemptions
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("ocs_ipsec_exemptions")
def ocs_ipsec_exemptions(topology, roles=None, features=None, media_ports=None, product=DEFAULT_PRODUCT,
                         host_media_ports=None):
    return resolve_ipsec_exemptions(product=product, topology=topology, media_ports=media_ports, roles=roles or None,
                                    features=features, host_media_ports=host_media_ports)


class FilterModule:
    def filters(self):
        return {"ocs_ipsec_exemptions": ocs_ipsec_exemptions}
