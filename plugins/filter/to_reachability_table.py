# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: to_reachability_table
short_description: Render reachability check results as a text table
version_added: 0.2.0
description:
  - Renders the results of reachability checks (the C(results) of the port_check role, or of
    P(ocs.firewall.ocs_reachability_report#filter)) as a fixed-width text table with the columns flow,
    from, to, protocol/port, expected, observed, result and how, and a summary line (how many checks
    from how many probe places, how many open and closed as expected, how many mismatches).
  - A planned check that was not sent (the output of P(ocs.firewall.ocs_port_checks#filter), or check
    mode) shows as V(planned); a table of only planned checks says that none was probed.
  - The output is deterministic, the same results give the same bytes.
  - Fails with a message that names the bad value on any bad input.
positional: title
options:
  _input:
    description:
      - Check results, each a planned check with C(probe) (the probe host), C(observed), C(how) and
        C(ok), or planned checks.
    type: list
    elements: dict
    required: true
  title:
    description: The first line of the text (one line of printable text); none when omitted.
    type: str
"""

EXAMPLES = r"""
- name: The table of what this probe host observed
  ansible.builtin.debug:
    msg: "{{ (ocs_port_check_results | ocs.firewall.to_reachability_table('Reachability from ' ~ inventory_hostname)).splitlines() }}"

- name: The checks a host on the internet would make, as a table (nothing is sent)
  ansible.builtin.copy:
    dest: build/planned-checks.txt
    content: >-
      {{ ocs_topology | ocs.firewall.ocs_flows(features=ocs_features)
         | ocs.firewall.ocs_port_checks('remote_user') | ocs.firewall.to_reachability_table }}
    mode: "0644"
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
_value:
  description:
    - The title (if any), the header, a line of dashes, one line per result, an empty line and the
      summary line, each ending in a newline.
  type: str
  sample: |-
    flow      from                    to                          protocol/port  expected  observed  result  how
    --------  ----------------------  --------------------------  -------------  --------  --------  ------  ---------
    edge.sip  internet (remote_user)  203.0.113.10 (access_edge)  tcp/443        open      open      ok      connected

    1 checks from 1 probe place(s): 1 open as expected, 0 closed as expected, 0 mismatches
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render.report import reachability_table
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("to_reachability_table")
def to_reachability_table(results, title=None):
    return reachability_table(results, title or None)


class FilterModule:
    def filters(self):
        return {"to_reachability_table": to_reachability_table}
