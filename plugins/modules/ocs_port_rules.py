#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# Documentation only: the work is done by the action plugin of the same name, on the controller.

from __future__ import annotations

DOCUMENTATION = r"""
module: ocs_port_rules
short_description: Resolve the OCS 2007 R2 port model into firewall rules for one host or firewall
version_added: 0.1.0
description:
  - Turns the product's port catalogue, the deployment's topology, the host's server roles, the
    enabled features and the media port ranges into concrete firewall rules.
  - The host view gives the rules of a server that filters its own traffic (Edge, Front End,
    Director, Mediation, reverse proxy, client), each rule C(in) or C(out), bound to the host's
    own addresses and restricted to the peers the topology names.
  - The gateway view gives the forwarding rules of a firewall between zones of a back-to-back
    perimeter (external firewall, internal firewall).
  - Runs on the controller and never connects to the host; works for Windows and Linux targets.
    Any bad input fails with a message that names the bad value, before any host is touched.
  - Rules that share direction, protocol and addresses are merged, so the rule count stays small;
    port ranges are never expanded port by port.
author:
  - ocs.firewall contributors (!UNKNOWN)
extends_documentation_fragment:
  - ocs.firewall._deployment.product
  - ocs.firewall._deployment.roles
  - ocs.firewall._deployment.topology
  - ocs.firewall._deployment.features
  - ocs.firewall._deployment.media_ports
  - ocs.firewall._deployment.host_media_ports
  - ocs.firewall._deployment.view
  - ocs.firewall._deployment.zones
attributes:
  check_mode:
    support: full
    description: Computes only; nothing changes in either mode.
  diff_mode:
    support: none
    description: Returns no diff; it changes nothing.
  platform:
    support: full
    platforms: all
    description: Runs on the controller, for Windows and Linux targets alike.
seealso:
  - name: IPsec exceptions and ports and protocols for OCS 2007 R2
    description: The Microsoft tables the catalogue encodes.
    link: https://technet.microsoft.com/en-us/library/dd425238(office.13).aspx
notes:
  - Every catalogue row carries an evidence level (V verbatim Microsoft text, S third-party copy of
    a Microsoft table, I inferred from Lync 2010/2013 tables) and its source; see RV(flows).
"""

EXAMPLES = r"""
- name: Rules for a consolidated Edge
  ocs.firewall.ocs_port_rules:
    roles: [access_edge, webconf_edge, av_edge]
    topology:
      access_edge_external: 203.0.113.10
      webconf_edge_external: 203.0.113.11
      av_edge_external: 203.0.113.12
      edge_internal: 172.16.10.10
      front_end: [10.1.0.10, 10.1.0.11]
      internal_client: [10.0.0.0/8]
    features: {remote_access: true, federation: true, federation_legacy: false, av: true}
  register: edge

- name: Show inbound external rules
  ansible.builtin.debug:
    msg: "{{ edge.rules | selectattr('direction', '==', 'in') | selectattr('side', '==', 'external') }}"

- name: Forwarding rules of the external firewall of a back-to-back perimeter, from inventory variables
  ocs.firewall.ocs_port_rules:
    roles: [external_firewall]
    view: gateway
    topology: "{{ ocs_topology }}"
    features: "{{ ocs_features }}"
    media_ports: "{{ ocs_media_ports }}"
    zones:
      perimeter: [203.0.113.0/24, 172.16.10.0/24]
      internal: [10.0.0.0/8]
  register: external_firewall
"""

RETURN = r"""
rules:
  description:
    - The rules. Host view fields are C(name), C(flow), C(flows), C(direction), C(protocol), C(ports),
      C(source_ports), C(local_addresses), C(remote_addresses), C(side), C(ipsec_exempt), C(purpose),
      C(reference).
    - Gateway view fields are C(name), C(flow), C(flows), C(protocol), C(ports), C(source_ports),
      C(source_addresses), C(destination_addresses), C(ingress_zone), C(egress_zone),
      C(ipsec_exempt), C(purpose), C(reference).
    - Address lists are CIDR strings; an empty list means any address. C(ports) are destination
      ports as canonical strings (V(443), V(50000-59999)); for C(in) the local port, for C(out) the
      remote port.
  returned: success
  type: list
  elements: dict
  sample:
    - name: access_edge.external.sip_tls_from_remote_user.in
      flow: access_edge.external.sip_tls_from_remote_user
      flows: [access_edge.external.sip_tls_from_remote_user, access_edge.external.sip_mtls_from_remote_user,
              access_edge.external.sip_mtls_from_partner]
      direction: in
      protocol: tcp
      ports: ["443", "5061"]
      source_ports: []
      local_addresses: [203.0.113.10/32]
      remote_addresses: []
      side: external
      ipsec_exempt: false
      purpose: >-
        SIP/TLS remote user access and anonymous conference participants; SIP/MTLS remote user access
        (Phone Edition tries sipexternal:5061 before 443); SIP/MTLS federation (inbound; APExternalFederationPort)
      reference: TN-dd441361, R1-PORTS, SDK-dd146596
flows:
  description:
    - The catalogue rows the rules come from, with the media ranges filled in; fields C(id),
      C(product), C(from), C(to), C(protocol), C(ports), C(source_ports), C(purpose), C(features),
      C(any_features) (at least one of them must be on),
      C(ipsec_exempt), C(evidence), C(reference), C(reference_title), C(reference_url).
  returned: success
  type: list
  elements: dict
"""
