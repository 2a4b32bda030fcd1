# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ocs_port_sweep_verdict
short_description: Compare a sweep of the whole port space with what the model opens
version_added: 0.1.0
description:
  - Takes a sweep plan (P(ocs.firewall.ocs_port_sweep#filter)) and what the sweep observed (the
    C(results) of the port_check role's sweep, per target address and protocol the ports that got
    through) and returns one verdict row per address and protocol, with the figures of the place.
  - A port that gets through without a flow is extra and named V((not in the model)); a modelled port
    that is blocked is missing and named with its flows. Either is a mismatch.
  - Fails with a message that names the bad value on any bad input.
positional: observed
options:
  _input:
    description: The sweep plan, from P(ocs.firewall.ocs_port_sweep#filter).
    type: list
    elements: dict
    required: true
  observed:
    description:
      - >-
        The observations, a list of C({host, tcp: {through, states}, udp: {...}}) (or C({host, skipped})
        for an address that was not swept, C({host, error}) for one that failed), or a mapping with them
        under C(results).
    type: raw
    required: true
  place:
    description: The name of the probe place in the figures (default the plan's probe place).
    type: str
"""

EXAMPLES = r"""
- name: The verdict of a sweep
  ansible.builtin.set_fact:
    sweep_verdict: "{{ sweep_plan | ocs.firewall.ocs_port_sweep_verdict(sweep_observed.results) }}"
"""

RETURN = r"""
_value:
  description:
    - C(rows), one per target address and protocol, C(host), C(to), C(from), C(protocol), C(swept) (how
      many ports), C(expected), C(observed) (port ranges), C(states) (nmap states and their counts),
      C(extra) and C(missing) (lists of C({ports, flows})), C(modelled) (what got through as modelled),
      C(ok), and C(skipped) or C(error) when the address was not swept.
    - C(summary), the figures, C(from), C(addresses), C(pairs) (address/port pairs swept), C(through),
      C(modelled), C(extra), C(missing) (port counts), C(skipped), C(errors) and C(ok).
  type: dict
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.sweep import compare_sweep, sweep_summary
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("ocs_port_sweep_verdict")
def ocs_port_sweep_verdict(plan, observed, place=None):
    rows = compare_sweep(plan, observed)
    return {"rows": rows, "summary": sweep_summary(rows, place or None)}


class FilterModule:
    def filters(self):
        return {"ocs_port_sweep_verdict": ocs_port_sweep_verdict}
