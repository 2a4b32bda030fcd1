# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ocs_consec_plan
short_description: Plan how to converge a Windows host's IPsec exemptions with netsh advfirewall consec
version_added: 0.2.0
description:
  - The two controller-side steps the C(ocs.firewall.ipsec_exemptions) role converges a host with, for IPsec
    exemption rows (from P(ocs.firewall.ocs_ipsec_exemptions#filter)) as connection security rules that do
    not authenticate (C(action=noauthentication)).
  - V(read) gives the rule names to read on the host with C(netsh advfirewall consec show rule name=<name> verbose);
    they are the desired rules, and with V(replaced) or V(absent) every name the catalogue can produce.
  - V(plan) compares those outputs (O(current)) with the desired rules and gives the netsh commands to run, in order.
    A rule is kept when exactly one rule of its name exists and its description carries the fingerprint of the
    desired settings (netsh's labels are localised, the fingerprint is not); it is replaced (deleted, then added)
    when it differs or is duplicated, and added when missing.
  - Only names the catalogue can produce are ever deleted; other connection security rules are never touched.
  - The commands use the netsh syntax of Windows Server 2008 R2 and later (apply mode; Ansible cannot manage
    Server 2008). P(ocs.firewall.to_netsh#filter) renders the same rules as a command file.
  - Fails with a message that names the bad value on any bad input.
positional: mode
options:
  _input:
    description: IPsec exemption rows; with O(state=absent) they may be an empty list.
    type: list
    elements: dict
    required: true
  mode:
    description: V(read) (the rule names to read) or V(plan) (what to delete and add, given what was read).
    type: str
    required: true
    choices: [read, plan]
  state:
    description:
      - V(present) adds and repairs the desired exemptions, V(replaced) also deletes the collection's exemptions
        that are no longer desired, V(absent) deletes all of them.
    type: str
    default: present
    choices: [present, replaced, absent]
  current:
    description:
      - With V(plan), the output of C(netsh advfirewall consec show rule name=<name> verbose) for every name
        V(read) gave, as a mapping of name to text or a list of dictionaries with C(name) and C(text).
    type: raw
  prefix:
    description: Start of every rule name.
    type: str
    default: OCS 2007 R2
  product:
    description: The product catalogue whose exemption names V(read) and V(plan) consider.
    type: str
    default: ocs2007r2
"""

EXAMPLES = r"""
- name: List the connection security rules to read
  ansible.builtin.set_fact:
    consec_names: "{{ exemptions | ocs.firewall.ocs_consec_plan('read', state='replaced') }}"

- name: Read them on the host (read-only)
  ansible.windows.win_command:
    argv: [netsh, advfirewall, consec, show, rule, "name={{ item }}", verbose]
  loop: "{{ consec_names }}"
  register: consec_read
  changed_when: false

- name: Plan the netsh deletes and adds
  ansible.builtin.set_fact:
    consec_plan: >-
      {{ exemptions | ocs.firewall.ocs_consec_plan('plan', state='replaced',
                                                   current=consec_read.results | items2dict(key_name='item', value_name='stdout')) }}
"""

RETURN = r"""
_value:
  description:
    - V(read), the list of rule names to read.
    - V(plan), the list of actions, each with C(name), C(action) (V(add), V(replace) or V(delete)),
      C(reason) and C(commands) (netsh argument lists, without C(netsh) itself); empty when the host
      already has exactly the desired rules.
  type: list
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import DEFAULT_PRODUCT
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.converge import consec
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import windows
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter

MODES = ("read", "plan")


@core_filter("ocs_consec_plan")
def ocs_consec_plan(rows, mode, state="present", current=None, prefix=windows.DEFAULT_PREFIX,
                    product=DEFAULT_PRODUCT):
    if mode not in MODES:
        raise OcsModelError(f"unknown mode {mode!r}; valid modes: {', '.join(MODES)}")
    if windows.detect_kind(rows, "ipsec" if not rows else "auto") != "ipsec":
        raise OcsModelError("the input is host-view rules; this filter is for IPsec exemption rows "
                            "(from ocs_ipsec_exemptions)")
    if mode == "read":
        return consec.consec_read_names(rows, state=state, prefix=prefix, product=product)
    return consec.consec_plan(rows, current, state=state, prefix=prefix, product=product)


class FilterModule:
    def filters(self):
        return {"ocs_consec_plan": ocs_consec_plan}
