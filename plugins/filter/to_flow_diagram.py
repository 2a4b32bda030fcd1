# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: to_flow_diagram
short_description: Render flows as a Graphviz (DOT) diagram between zones and server roles
version_added: 0.1.0
description:
  - Renders flow records (from P(ocs.firewall.ocs_flows#filter)) as a Graphviz DOT graph, to draw with
    C(dot -Tsvg). One cluster per zone (internet, perimeter, internal), one node per endpoint class with
    its addresses, one arrow per pair of classes from the side that opens the connection to the side that
    accepts it, labelled with protocol and destination ports; the same ports both ways make one arrow with
    two heads. Blue is TCP, green UDP, purple both; dashed arrows rest only on inferred facts (evidence I).
  - Which endpoint classes a server role is, which classes are collocated on another (A/V Conferencing on
    the Front End unless the topology names it) and which roles are perimeter firewalls come from the
    product's catalogue.
  - The output is deterministic, the same input gives the same bytes.
  - Fails with a message that names the bad value on any bad input.
options:
  _input:
    description: Flow records with at least C(id), C(from), C(to), C(protocol) and C(ports), and the addresses of both ends.
    type: list
    elements: dict
    required: true
  title:
    description: Title of the diagram.
    type: str
    default: OCS flows
  zones:
    description:
      - Zone name (V(external), V(perimeter), V(internal)) to CIDRs, as the C(zones) option of
        M(ocs.firewall.ocs_port_rules). Each endpoint class is drawn in the zone of its first address (the zone
        of the most specific CIDR that contains it; V(external) when in none).
      - Without zones, the Edge's interfaces and the classes that face the internet (the reverse proxy) are drawn in
        the perimeter and every other class with addresses inside.
    type: dict
  hosts:
    description:
      - Inventory host to its server roles (C(ocs_server_roles)), to name the servers on the nodes, box a server
        with several interfaces in a zone (a consolidated Edge), and name the perimeter's firewalls (gateway roles).
    type: dict
extends_documentation_fragment:
  - ocs.firewall._deployment.product
"""

EXAMPLES = r"""
- name: Write the diagram's source, then draw it with Graphviz (dot -Tsvg -o flows.svg flows.dot)
  ansible.builtin.copy:
    dest: build/flows.dot
    content: >-
      {{ ocs_topology | ocs.firewall.ocs_flows(features=ocs_features, media_ports=ocs_media_ports)
         | ocs.firewall.to_flow_diagram(title='OCS 2007 R2 flows', zones=ocs_zones,
                                        hosts={'edge1': ['access_edge', 'webconf_edge', 'av_edge']}) }}
    mode: "0644"
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
_value:
  description: The diagram as Graphviz DOT text.
  type: str
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import DEFAULT_PRODUCT
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import diagram
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("to_flow_diagram")
def to_flow_diagram(flows, title="OCS flows", zones=None, hosts=None, product=DEFAULT_PRODUCT):
    return diagram.to_dot(flows, title, zones=zones, hosts=hosts, product=product)


class FilterModule:
    def filters(self):
        return {"to_flow_diagram": to_flow_diagram}
