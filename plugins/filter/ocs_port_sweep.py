# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ocs_port_sweep
short_description: What must get through from one probe place, over the whole port space, derived from the model
version_added: 0.1.0
description:
  - Takes the deployment's flows (P(ocs.firewall.ocs_flows#filter)) and a probe place (as for
    P(ocs.firewall.ocs_port_checks#filter)) and returns, for every concrete target address, the exact
    set of TCP and UDP ports that must get through from there (the target host itself answers), with
    the flows that open each port.
  - Every port of the swept range outside that set must be blocked (a firewall rejects or drops it).
  - A flow's source ports do not narrow it (a firewalld service's source port is an OR, so firewalld
    opens such a flow for any source port; a sweep sends from ordinary source ports).
  - Ports are ranges (V(443,5061), V(49152-65535)), never lists of single ports.
  - Fails with a message that names the bad value on any bad input.
positional: probe_from
options:
  protocols:
    description: The protocols swept.
    type: list
    elements: str
    default: [tcp, udp]
  ports:
    description: The part of the port space swept.
    type: str
    default: 1-65535
extends_documentation_fragment:
  - ocs.firewall._probe.place
  - ocs.firewall._deployment.product
"""

EXAMPLES = r"""
- name: What must get through from the internet, port by port range
  ansible.builtin.debug:
    msg: >-
      {{ ocs_topology | ocs.firewall.ocs_flows(features=ocs_features)
         | ocs.firewall.ocs_port_sweep('remote_user')
         | map(attribute='tcp.through') | list }}
"""

RETURN = r"""
_value:
  description:
    - One record per target address, sorted by address. C(host), C(to) (endpoint classes at the
      address), C(from) (the probe place), C(ports) (the swept ports) and, per protocol, C(through)
      (the ports that must get through, V('') for none) and C(flows) (a list of C({ports, flows}),
      which flows open which ports).
  type: list
  elements: dict
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import DEFAULT_PRODUCT
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.sweep import (
    WHOLE_SPACE,
    plan_sweep,
)
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("ocs_port_sweep")
def ocs_port_sweep(flows, probe_from, probe_address=None, targets=None, protocols=None, ports=WHOLE_SPACE,
                   product=DEFAULT_PRODUCT):
    return plan_sweep(flows, probe_from, probe_address=probe_address or None, targets=targets or None,
                      protocols=protocols or None, ports=ports, product=product)


class FilterModule:
    def filters(self):
        return {"ocs_port_sweep": ocs_port_sweep}
