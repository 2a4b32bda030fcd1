# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: to_firewalld
short_description: Render OCS rules as a firewalld rule set for ocs.firewall.firewalld_ruleset
version_added: 0.1.0
description:
  - Host view rules (from M(ocs.firewall.ocs_port_rules)) become one C(ocs-) custom service per
    inbound rule, bound to the zone of the rule's side, with rich rules that restrict it to the
    rule's local and remote addresses. Outbound rules are not rendered (firewalld filters inbound).
  - Gateway view rules become services and one policy per zone pair (C(ocs-ext-perim), ...),
    forwarding exactly the modelled flows between the zones of a back-to-back perimeter.
  - The output is deterministic and is the input of M(ocs.firewall.firewalld_ruleset).
positional: view
options:
  _input:
    description: Rules of one host or firewall.
    type: list
    elements: dict
    required: true
  view:
    description: V(host) or V(gateway); must match the rules.
    type: str
    default: host
    choices: [host, gateway]
  zones:
    description:
      - Host view, a rule's side (V(external), V(internal), V(none)) to a firewalld zone; a side not
        given uses the default zone.
      - Gateway view, a model zone (V(external), V(perimeter), V(internal)) to a firewalld zone;
        defaults V(ocs-external), V(ocs-perimeter), V(ocs-internal), created by the module.
    type: dict
  interfaces:
    description: Firewalld zone name to the interfaces to bind to it.
    type: dict
  title:
    description:
      - What service descriptions start with; when not given, the product catalogue's title
        (V(OCS 2007 R2) for V(ocs2007r2)).
    type: str
  product:
    description: The product catalogue whose title names the services when O(title) is not given.
    type: str
    default: ocs2007r2
    version_added: 0.2.0
"""

EXAMPLES = r"""
- name: Render and apply a host's rules
  vars:
    ruleset: "{{ edge.rules | ocs.firewall.to_firewalld('host', zones={'external': 'public', 'internal': 'internal'}) }}"
  ocs.firewall.firewalld_ruleset:
    services: "{{ ruleset.services }}"
    zones: "{{ ruleset.zones }}"
    policies: "{{ ruleset.policies }}"
"""

RETURN = r"""
_value:
  description: A dict with C(services), C(zones) and C(policies), the options of M(ocs.firewall.firewalld_ruleset).
  type: dict
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import DEFAULT_PRODUCT
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import firewalld
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter, memoized


@core_filter("to_firewalld")
def to_firewalld(rules, view="host", zones=None, interfaces=None, title=None, product=DEFAULT_PRODUCT):
    return _render(rules, view, zones, interfaces, None if title is None else str(title), product)


@memoized  # the same rules on many hosts: rendered once a process
def _render(rules, view, zones, interfaces, title, product):
    if view == "host":
        return firewalld.host_ruleset(rules, zones, interfaces, title, product)
    if view == "gateway":
        return firewalld.gateway_ruleset(rules, zones, interfaces, title, product)
    raise OcsModelError(f"unknown view '{view}'; valid views: gateway, host")


class FilterModule:
    def filters(self):
        return {"to_firewalld": to_firewalld}
