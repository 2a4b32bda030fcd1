# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: to_port_matrix_html
short_description: Render flows as a self-contained HTML page (the port matrix and the flow diagram)
version_added: 0.1.0
description:
  - Renders flow records (from P(ocs.firewall.ocs_flows#filter)) as one HTML page that loads nothing from
    anywhere, the drawn flow diagram inline (optional), the port matrix of P(ocs.firewall.to_port_matrix#filter)
    as a table with a filter box, and the cited sources.
  - The output is deterministic, the same input gives the same bytes. Every text is HTML-escaped; the SVG
    is inlined as it is.
options:
  _input:
    description: The flow records of the matrix; their C(reference_title) and C(reference_url) list the sources.
    type: list
    elements: dict
    required: true
  title:
    description: Title and heading of the page.
    type: str
    default: Port matrix
  svg:
    description:
      - The diagram drawn by Graphviz (C(dot -Tsvg)) as SVG text, inlined from its C(<svg) element on.
      - Omitted or V(null), the page has no diagram; a text without an C(<svg) element (such as V('')), the page
        says that the diagram is drawn on the next run.
    type: str
"""

EXAMPLES = r"""
- name: Write the HTML page with the diagram drawn before
  ansible.builtin.copy:
    dest: build/port-matrix.html
    content: >-
      {{ flows | ocs.firewall.to_port_matrix_html(title='OCS 2007 R2 port matrix',
                                                  svg=lookup('ansible.builtin.file', 'build/port-flows.svg')) }}
    mode: "0644"
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
_value:
  description: The page as HTML text.
  type: str
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import docs
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("to_port_matrix_html")
def to_port_matrix_html(flows, title="Port matrix", svg=None):
    return docs.to_html(title, docs.to_csv(flows), svg_text=svg, flows=flows)


class FilterModule:
    def filters(self):
        return {"to_port_matrix_html": to_port_matrix_html}
