# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: to_port_sweep_table
short_description: Render sweeps of the whole port space as a text table of ranges
version_added: 0.2.0
description:
  - Renders the port_check role's sweep results (C(ocs_port_check_sweep_result) per probe host, or the
    C(sweeps) of P(ocs.firewall.ocs_reachability_report#filter)) as a fixed-width text table with one
    row per target address and protocol (from, to, protocol, swept, gets through, expected, result,
    flows) and one line of figures per sweep.
  - Port lists stay ranges; a list longer than about 40 characters is cut at a range and shows how many
    ports and ranges it has. At most five extra and five missing ranges are named per row.
  - The output is deterministic, the same sweeps give the same bytes.
  - Fails with a message that names the bad value on any bad input.
positional: title
options:
  _input:
    description:
      - Sweep results, each C({probe, rows, summary}) with the verdict rows and the figures of
        P(ocs.firewall.ocs_port_sweep_verdict#filter) (the figures with C(name) and C(seconds)).
    type: list
    elements: dict
    required: true
  title:
    description: The first line of the text (one line of printable text); none when omitted.
    type: str
"""

EXAMPLES = r"""
- name: The table of this probe host's sweep
  ansible.builtin.debug:
    msg: "{{ ([ocs_port_check_sweep_result] | ocs.firewall.to_port_sweep_table('Port sweep from ' ~ inventory_hostname)).splitlines() }}"
"""

RETURN = r"""
_value:
  description:
    - The title (if any), the header, a line of dashes, one line per verdict row, an empty line and one
      line of figures per sweep, each ending in a newline.
  type: str
  sample: |-
    from                    to                               protocol  swept  gets through  expected  result  flows
    ----------------------  -------------------------------  --------  -----  ------------  --------  ------  ------------------------------------------
    internet (remote_user)  203.0.113.12 (av_edge_external)  udp       65535  3478          3478      ok      av_edge.external.stun_udp_from_remote_user

    sweep from internet (remote_user): 65,535 address/port pairs over 1 address(es), exactly 1 get through, all modelled in 4.2 s
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render.report import sweep_table
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("to_port_sweep_table")
def to_port_sweep_table(sweeps, title=None):
    return sweep_table(sweeps, title or None)


class FilterModule:
    def filters(self):
        return {"to_port_sweep_table": to_port_sweep_table}
