# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: port_ranges
short_description: Normalise and merge port specifications
version_added: 0.1.0
description:
  - Parses port specs (numbers, V(443), V(50000-59999), V(443,5061), or a list of them), checks each
    port is within 1-65535 and each range is not reversed, merges overlapping and adjacent ranges
    and returns canonical strings, never expanding a range port by port.
  - Symbolic service names (V(https)) are rejected.
positional: subtract
options:
  _input:
    description: A port spec or a list of port specs.
    type: raw
    required: true
  subtract:
    description: Port specs to remove from the result.
    type: raw
"""

EXAMPLES = r"""
- name: Merge ranges  # ['80-82', '443']
  ansible.builtin.debug:
    msg: "{{ ['443', 80, '81-82'] | ocs.firewall.port_ranges }}"

- name: Client media range without the file transfer ports  # ['1024-6890', '6902-65535']
  ansible.builtin.debug:
    msg: "{{ '1024-65535' | ocs.firewall.port_ranges(subtract='6891-6901') }}"

- name: One string for a firewall that takes comma-separated ports  # '443,5061'
  ansible.builtin.debug:
    msg: "{{ '5061,443' | ocs.firewall.port_ranges | join(',') }}"
"""

RETURN = r"""
_value:
  description: Sorted, merged, canonical port strings (V(443) or V(50000-59999)).
  type: list
  elements: str
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.ranges import PortSet
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("port_ranges")
def port_ranges(spec, subtract=None):
    ports = PortSet.parse(spec)
    if subtract is not None:
        ports = ports - PortSet.parse(subtract)
    return ports.to_strings()


class FilterModule:
    def filters(self):
        return {"port_ranges": port_ranges}
