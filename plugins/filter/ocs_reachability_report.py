# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ocs_reachability_report
short_description: One reachability report and verdict for every probe host of a run
version_added: 0.2.0
description:
  - Gathers what each probe host of the port_check role recorded (its check results, its sweep of the
    whole port space, why it could not probe or sweep) and what each host with temporary listeners
    recorded (why they could not start) into one report with its verdict.
  - The per-host options are lists in the order of the probe hosts (or of O(listener_hosts)), one
    value per host; V(null) (or an omitted list) means the host recorded nothing.
  - A probe host with an error is named in C(errors), with its results left out; one without results
    and without an error is named as having no result (it failed or was unreachable before probing).
  - The verdict is the message to fail with, empty when every probed observation agrees with the model
    and nothing failed. A planned check (check mode) and a sweep that was not made differ from nothing.
  - Fails with a message that names the bad value on any bad input.
positional: results, errors, sweeps, sweep_errors, listener_hosts, listener_errors
options:
  _input:
    description: The probe hosts, in the order to report them.
    type: list
    elements: str
    required: true
  results:
    description: Each probe host's check results (the role's C(ocs_port_check_results)), or V(null).
    type: list
    elements: raw
  errors:
    description: Each probe host's error (the role's C(ocs_port_check_error)), empty or V(null) for none.
    type: list
    elements: raw
  sweeps:
    description: Each probe host's sweep result (the role's C(ocs_port_check_sweep_result)), or V(null).
    type: list
    elements: raw
  sweep_errors:
    description: Each probe host's sweep error (the role's C(ocs_port_check_sweep_error)), or V(null).
    type: list
    elements: raw
  listener_hosts:
    description: The hosts with temporary listeners.
    type: list
    elements: str
  listener_errors:
    description: Each listener host's error (the role's C(ocs_port_check_listener_error)), or V(null).
    type: list
    elements: raw
"""

EXAMPLES = r"""
- name: One report for every probe host of the earlier plays
  ansible.builtin.set_fact:
    reachability: >-
      {{ groups['probes'] | ocs.firewall.ocs_reachability_report(
           results=groups['probes'] | map('extract', hostvars, 'ocs_port_check_results') | map('default', none) | list,
           errors=groups['probes'] | map('extract', hostvars, 'ocs_port_check_error') | map('default', none) | list) }}
  run_once: true

- name: Fail with the verdict
  ansible.builtin.assert:
    that: reachability.verdict | length == 0
    fail_msg: "{{ reachability.verdict }}"
  run_once: true
"""

RETURN = r"""
_value:
  description:
    - C(results), every probed host's results in the order of the probe hosts.
    - C(probed), the probe hosts whose results are in C(results).
    - >-
      C(errors), one C(host: why) for each probe host that failed, each one without a result, each listener
      host that failed and each sweep that failed, in that order.
    - C(sweeps), the sweeps that were made (their summary names no error).
    - C(verdict), empty, or the errors, the mismatching checks (probe host and check id) and the probe
      hosts whose sweep differs from the model.
  type: dict
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError, shown
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.report import reachability_report
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


def _per_host(hosts, what, options):
    """Parallel lists, one value per host ({option: (record key, list or None)}) -> one record per host."""
    if not isinstance(hosts, list):
        raise OcsModelError(f"{what} must be a list of host names, not {shown(hosts)}")
    columns = {}
    for option, (key, given) in options.items():
        if given is None:
            continue
        if not isinstance(given, list) or len(given) != len(hosts):
            raise OcsModelError(f"{option} must be a list with one value per host of {what} ({len(hosts)}), "
                                f"not {shown(given)}")
        columns[key] = given
    return [dict({"host": host}, **{key: column[i] for key, column in columns.items()}) for i, host in enumerate(hosts)]


@core_filter("ocs_reachability_report")
def ocs_reachability_report(probe_hosts, results=None, errors=None, sweeps=None, sweep_errors=None,
                            listener_hosts=None, listener_errors=None):
    probes = _per_host(probe_hosts, "the probe hosts", {
        "results": ("results", results), "errors": ("error", errors), "sweeps": ("sweep", sweeps),
        "sweep_errors": ("sweep_error", sweep_errors)})
    listeners = _per_host(listener_hosts or [], "listener_hosts", {"listener_errors": ("error", listener_errors)})
    return reachability_report(probes, listeners)


class FilterModule:
    def filters(self):
        return {"ocs_reachability_report": ocs_reachability_report}
