# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared option documentation (private to the collection): the deployment the port model is resolved
against. Each option is a fragment of its own, so a plugin extends exactly the options it takes
(ocs.firewall._deployment.features, ...) and the text is written once; the ocs_port_rules action takes
them all. The action's argument spec (_ocs_ports.spec) is tested against them."""

from __future__ import annotations


class ModuleDocFragment:
    PRODUCT = r"""
options:
  product:
    description:
      - The product whose port catalogue is used.
    type: str
    default: ocs2007r2
    choices: [ocs2007r2]
"""

    ROLES = r"""
options:
  roles:
    description:
      - With O(view=host), the OCS server roles this host holds. Valid roles are V(access_edge),
        V(webconf_edge), V(av_edge), V(front_end), V(director), V(av_conferencing), V(mediation),
        V(reverse_proxy), V(communicator_web_access), V(archiving), V(monitoring), V(back_end_sql),
        V(group_chat), V(xmpp_gateway), V(exchange_um) and V(client). A consolidated Edge is
        V([access_edge, webconf_edge, av_edge]).
      - With O(view=gateway), the firewall's place in a back-to-back perimeter,
        V(external_firewall) (between C(external) and C(perimeter)) and/or
        V(internal_firewall) (between C(perimeter) and C(internal)).
    type: list
    elements: str
    required: true
"""

    TOPOLOGY = r"""
options:
  topology:
    description:
      - Endpoint class to address, CIDR or list of them (the inventory's C(ocs_topology)).
      - Classes are C(remote_user), C(federated_partner), C(public_im_provider), C(internet_service)
        (DNS and CRL servers), C(xmpp_partner) (the internet, any address unless narrowed here),
        C(access_edge_external), C(webconf_edge_external), C(av_edge_external),
        C(access_edge_internal), C(webconf_edge_internal), C(av_edge_internal) (or the shared key
        C(edge_internal) for a consolidated Edge), C(xmpp_gateway), C(front_end), C(director),
        C(av_conferencing) (the Front End unless named), C(mediation), C(pstn_gateway),
        C(exchange_um), C(communicator_web_access), C(archiving), C(monitoring), C(back_end_sql),
        C(group_chat), C(internal_client), C(reverse_proxy).
      - An internal class the topology does not name, or names with an empty string or list, is
        taken as not deployed, and its flows are left out (so V(groups['director'] | default([]))
        works). Every class of a selected host role must be named.
    type: dict
    required: true
"""

    FEATURES = r"""
options:
  features:
    description:
      - Feature switches (the inventory's C(ocs_features)); unknown names fail.
      - V(remote_access) (default true), V(federation) (false), V(federation_legacy) (false; A/V
        federation with OCS 2007 R1 or earlier partners, 50000-59999 TCP and UDP both ways; needs
        V(federation) and V(av)), V(public_im) (false), V(web_conferencing) (true), V(av) (true),
        V(file_transfer) (true), V(enterprise_voice) (false), V(plain_transports) (false;
        SIP/TCP 5060 and HTTP 80 where TLS is not used), V(xmpp) (false; the R2 XMPP Gateway).
      - The Access Edge's TCP 443 and the reverse proxy serve remote users and external or anonymous
        conference participants, so they are open when V(remote_access) or V(web_conferencing) is on.
    type: dict
    default: {}
"""

    MEDIA_PORTS = r"""
options:
  media_ports:
    description:
      - The deployment's media port ranges (the inventory's C(ocs_media_ports), usually in
        C(group_vars/all)); each a port spec such as V(1024-65535) or V(50000-50999,51000). Each range
        belongs to one class and is what that class's peers open towards it.
      - Keys V(client) (default V(1024-65535)), V(av_edge) (V(50000-59999)),
        V(mediation) (V(60000-64000)), V(av_conferencing) (V(49152-65535)),
        V(pstn_gateway) (V(1024-65535), set by the gateway's vendor), V(exchange_um) (V(1024-65535)).
    type: dict
    default: {}
"""

    HOST_MEDIA_PORTS = r"""
options:
  host_media_ports:
    description:
      - In the host view, this host's own media ranges (the inventory's C(ocs_host_media_ports), a host
        variable), each within the deployment's range of the same key, for example a client whose
        C(PortRange) policy is V(20000-20099).
      - They apply only to the host's own end of a flow (its listening ports inbound, its source ports
        outbound), never to a peer's ports, and only to ranges of classes the host is.
    type: dict
    default: {}
"""

    VIEW = r"""
options:
  view:
    description:
      - V(host) gives the rules of a server filtering its own traffic (direction C(in)/C(out)).
      - V(gateway) gives the forwarding rules of a firewall between zones.
    type: str
    default: host
    choices: [host, gateway]
"""

    ZONES = r"""
options:
  zones:
    description:
      - With O(view=gateway), zone name (V(perimeter), V(internal), V(external)) to CIDRs.
        An address belongs to the most specific CIDR containing it; C(external) is everything
        in no other zone.
      - Only the internet peers (remote users, partners, public IM providers, internet services)
        may lie in no zone. An Edge internal address or an internal server or client address in no
        zone fails, since the firewall would take its traffic from the internet side; an Edge
        external address in no zone only warns.
    type: dict
    default: {}
"""
