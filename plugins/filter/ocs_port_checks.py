# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ocs_port_checks
short_description: The reachability checks to make from one probe place, derived from the model
version_added: 0.1.0
description:
  - Takes the deployment's flows (P(ocs.firewall.ocs_flows#filter)) and a probe place (the endpoint
    class or classes a probe host stands for, for example V(remote_user) for a host on the internet or
    V(front_end) for a Front End server) and returns what must be proven from there.
  - Expected open, every flow from the probe place to a single concrete address, one check per
    address, protocol and port (a port range is probed at its first port).
  - Expected closed, each probe port of O(closed_probes) at every concrete address of the deployment,
    unless the model opens it from the probe place to that address.
  - The probe place also covers the classes whose addresses contain the probe's (a Front End inside
    the internal client network), classes collocated on the same addresses (A/V Conferencing
    on the Front End) and, for a probe on the internet, every internet peer. The probe's own address
    is never a target.
  - UDP 3478 is checked with a STUN Binding Request (RFC 5389), other UDP ports with a datagram that a
    lab listener echoes, TCP ports with a connection.
  - Fails with a message that names the bad value on any bad input.
positional: probe_from
options:
  closed_probes:
    description:
      - Probe ports to prove closed wherever the model opens nothing from the probe place, as
        V(tcp/135) strings or C({protocol, port}) mappings; V([]) for none.
      - When not given, the product catalogue's probe ports; for V(ocs2007r2) V(tcp/135), V(tcp/443),
        V(tcp/5061), V(tcp/5062), V(tcp/8057), V(tcp/8080), V(tcp/50000), V(udp/3478) and V(udp/50000).
    type: list
    elements: raw
extends_documentation_fragment:
  - ocs.firewall._probe.place
  - ocs.firewall._deployment.product
"""

EXAMPLES = r"""
- name: What a host on the internet must and must not reach
  ansible.builtin.debug:
    msg: >-
      {{ ocs_topology | ocs.firewall.ocs_flows(features=ocs_features)
         | ocs.firewall.ocs_port_checks('remote_user')
         | map(attribute='id') | list }}

- name: From one server of the Front End pool, only towards the Edge's internal interface
  ansible.builtin.set_fact:
    fe_checks: >-
      {{ ocs_topology | ocs.firewall.ocs_flows(features=ocs_features)
         | ocs.firewall.ocs_port_checks('front_end', probe_address='10.1.0.10', targets=['access_edge_internal']) }}
"""

RETURN = r"""
_value:
  description:
    - One record per check, open ones first, each group sorted by address, protocol and port.
    - C(id) (V(open:203.0.113.12:udp/3478)), C(flow) (the first catalogue flow id, none for a closed
      probe), C(flows), C(from) (the probe place), C(to) (endpoint classes at the address), C(host),
      C(protocol), C(port), C(ports) (the flows' port spec), C(expect) (V(open) or V(closed)) and
      C(method) (V(tcp), V(stun) or V(udp)).
  type: list
  elements: dict
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import DEFAULT_PRODUCT
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.checks import plan_checks
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("ocs_port_checks")
def ocs_port_checks(flows, probe_from, probe_address=None, closed_probes=None, targets=None, product=DEFAULT_PRODUCT):
    return plan_checks(flows, probe_from, probe_address=probe_address or None,
                       closed_probes=closed_probes,
                       targets=targets or None, product=product)


class FilterModule:
    def filters(self):
        return {"ocs_port_checks": ocs_port_checks}
