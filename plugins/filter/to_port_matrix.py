# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: to_port_matrix
short_description: Render flows as a port matrix (Markdown or CSV)
version_added: 0.1.0
description:
  - Renders flow records (from P(ocs.firewall.ocs_flows#filter) or the C(flows) of
    M(ocs.firewall.ocs_port_rules)) as a port matrix with the columns flow, from, from_addresses,
    to, to_addresses, protocol, ports, purpose, evidence and source.
  - The output is deterministic, the same flows give the same bytes.
positional: format
options:
  _input:
    description: Flow records; each needs its C(purpose), C(evidence) and C(reference) besides the flow itself.
    type: list
    elements: dict
    required: true
  format:
    description: V(markdown) (a table plus the cited sources) or V(csv).
    type: str
    default: markdown
    choices: [markdown, csv]
  title:
    description: Heading of the Markdown document.
    type: str
    default: Port matrix
"""

EXAMPLES = r"""
- name: Port matrix as Markdown
  ansible.builtin.copy:
    dest: build/port-matrix.md
    content: "{{ ocs_topology | ocs.firewall.ocs_flows(features=ocs_features) | ocs.firewall.to_port_matrix }}"
    mode: "0644"
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
_value:
  description: The matrix as Markdown or CSV text.
  type: str
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import docs
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("to_port_matrix")
def to_port_matrix(flows, format="markdown", title="Port matrix"):
    if format == "markdown":
        return docs.to_markdown(flows, title=title)
    if format == "csv":
        return docs.to_csv(flows)
    raise OcsModelError(f"unknown format '{format}'; valid formats: csv, markdown")


class FilterModule:
    def filters(self):
        return {"to_port_matrix": to_port_matrix}
