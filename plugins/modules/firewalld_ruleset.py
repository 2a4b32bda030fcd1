#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: firewalld_ruleset
short_description: Apply a whole rendered rule set to firewalld in one call
version_added: 0.1.0
description:
  - Puts a rule set (custom services, zone bindings, rich rules, policies for forwarded traffic) on a
    host running firewalld, in one module call. Reads the current permanent configuration once,
    computes the wanted configuration in memory, and touches firewalld only when the two differ;
    C(changed) is true only then.
  - Every object the collection owns carries the C(ocs-) prefix; rich rules are owned when they name
    an C(ocs-) service. Objects without the prefix (built-in services, an admin's rules) are never
    changed, except that an interface listed under a zone is moved to that zone. Zones may swap
    interfaces (a zone gives up an interface before another takes it, as firewalld requires).
  - Permanent configuration is written first and the runtime follows with at most one reload. If
    writing fails midway, every permanent change already made is rolled back before the module fails.
  - Before anything is applied, the module checks that the SSH connection Ansible is using would
    still be accepted; if the rule set would cut it, the module fails and changes nothing.
  - The rule set is normally rendered on the controller with the P(ocs.firewall.to_firewalld#filter)
    filter, or applied through the P(ocs.firewall.firewalld#role) role.
author:
  - ocs.firewall contributors (!UNKNOWN)
requirements:
  - firewalld 0.9 or newer with its Python bindings (C(python3-firewall)) on the target; use the
    system Python as C(ansible_python_interpreter).
options:
  services: &services
    description: Custom services, each owned by the collection (name starts with C(ocs-)).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Service name; must start with C(ocs-).
        type: str
        required: true
      short:
        description: Short description.
        type: str
        default: ""
      description:
        description: Description; the renderer puts the catalogue flow ids here.
        type: str
        default: ""
      ports:
        description: Ports as V(PORT/PROTOCOL) or V(LOW-HIGH/PROTOCOL), protocol V(tcp) or V(udp).
        type: list
        elements: str
        required: true
  zones: &zones
    description:
      - Zone bindings. A zone whose name starts with C(ocs-) is created when missing; any other zone
        must exist.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Zone name; null means the default zone.
        type: str
      services:
        description: C(ocs-) services to bind to the zone (accept from any source to any local address).
        type: list
        elements: str
        default: []
      rich_rules:
        description: Rich rules; each must name an C(ocs-) service so that it can be told apart from others.
        type: list
        elements: str
        default: []
      interfaces:
        description: Interfaces to bind to this zone (moved from any other zone). Not given, bindings stay as they are.
        type: list
        elements: str
  policies: &policies
    description: Policies for forwarded traffic between zones; names start with C(ocs-) (at most 18 characters).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Policy name.
        type: str
        required: true
      description:
        description: Description.
        type: str
        default: ""
      ingress_zones:
        description: Zones the traffic comes from.
        type: list
        elements: str
        required: true
      egress_zones:
        description: Zones the traffic goes to.
        type: list
        elements: str
        required: true
      services:
        description: C(ocs-) services accepted from any source to any destination.
        type: list
        elements: str
        default: []
      rich_rules:
        description: Rich rules, each naming an C(ocs-) service.
        type: list
        elements: str
        default: []
      target:
        description: What happens to traffic no rule of the policy matched; V(CONTINUE) leaves it to the zones (rejected between zones).
        type: str
        default: CONTINUE
        choices: [CONTINUE, ACCEPT, REJECT, DROP]
  ruleset:
    description:
      - The whole rule set in one value, with the keys O(services), O(zones) and O(policies), as the
        P(ocs.firewall.to_firewalld#filter) filter renders it. Mutually exclusive with those three options.
    type: dict
    suboptions:
      services: *services
      zones: *zones
      policies: *policies
  state:
    description:
      - V(present) adds what is missing and removes nothing.
      - V(replaced) makes the collection's own objects (C(ocs-) services, policies, zones, bindings and rich rules)
        exactly the given rule set; nothing else is touched.
      - V(absent) removes the given objects; with an empty rule set, every object the collection owns.
      - V(gathered) (added in version 0.2.0) reads the collection's objects and returns them in RV(gathered);
        it writes nothing, reports no change and takes no rule set.
    type: str
    default: present
    choices: [present, replaced, absent, gathered]
  offline:
    description:
      - When firewalld is not running, write the permanent configuration with firewalld's offline
        interface instead of failing. When firewalld runs, the online interface is always used.
    type: bool
    default: false
  protect_management:
    description:
      - Fail, before anything is applied, when the SSH connection in use (from C(SSH_CONNECTION)) is
        accepted now and would not be accepted by the resulting configuration.
    type: bool
    default: true
  manage_service:
    description:
      - Start and enable firewalld first where it is installed but stopped or not enabled
        (C(systemctl enable --now)); in check mode, report that and read the permanent configuration offline.
      - Where firewalld is not installed (its Python bindings are missing), change nothing and return
        RV(service=not installed), not a failure, so that the caller can install the package and run again
        (the P(ocs.firewall.firewalld#role) role does).
      - A run where firewalld is enabled and running pays one D-Bus call to systemd for this check.
    type: bool
    default: false
    version_added: 0.3.0
attributes:
  check_mode:
    support: full
    description: Computes exactly the changes a real run makes, without writing.
  diff_mode:
    support: full
    description: Shows the collection's objects before and after.
  platform:
    support: full
    platforms: posix
    description: Runs on the Linux host whose firewalld it changes.
notes:
  - A reload makes the runtime equal to the permanent configuration, which drops runtime-only changes
    made by hand; the module reloads only when it changed something or when its own objects differ
    between runtime and permanent configuration.
seealso:
  - module: ansible.posix.firewalld
"""

EXAMPLES = r"""
- name: Apply the Edge rule set rendered on the controller
  ocs.firewall.firewalld_ruleset:
    services: "{{ ruleset.services }}"
    zones: "{{ ruleset.zones }}"
    policies: "{{ ruleset.policies }}"
    state: replaced

- name: A hand-written rule set
  ocs.firewall.firewalld_ruleset:
    services:
      - name: ocs-av-edge-stun
        description: "OCS 2007 R2 flows: av_edge.external.stun_udp_from_remote_user"
        ports: [3478/udp, 443/tcp]
    zones:
      - name: public
        rich_rules:
          - rule family="ipv4" destination address="203.0.113.12/32" service name="ocs-av-edge-stun" accept

- name: Read what the collection put in firewalld, changing nothing
  ocs.firewall.firewalld_ruleset:
    state: gathered
  register: ocs_objects

- name: Remove everything the collection put in firewalld
  ocs.firewall.firewalld_ruleset:
    state: absent
"""

RETURN = r"""
changes:
  description: What was (or, in check mode, would be) done, one line per change.
  returned: when O(state) is not V(gathered)
  type: list
  elements: str
  sample: ["create service ocs-av-edge-external-stun-udp-from-remote-user-in", "zone public: add rich_rule rule family=\"ipv4\" ..."]
before:
  description:
    - The collection's objects before the run, C(services), C(zones) and C(policies), each a dict by name.
    - A zone is listed when its name starts with C(ocs-) or it holds C(ocs-) services or rich rules; it shows
      those C(services), C(rich_rules) (normalised by firewalld) and all its C(interfaces).
  returned: when O(state) is not V(gathered)
  type: dict
  sample:
    services:
      ocs-av-edge-stun: {short: "", description: "OCS 2007 R2 flows: av_edge.external.stun_udp", ports: [3478/udp]}
    zones:
      public: {services: [], rich_rules: ['rule family="ipv4" service name="ocs-av-edge-stun" accept'], interfaces: [eth0]}
    policies: {}
after:
  description: The collection's objects after the run (predicted in check mode), in the form of RV(before).
  returned: when O(state) is not V(gathered)
  type: dict
gathered:
  description: The collection's objects as they are in the permanent configuration, in the form of RV(before).
  returned: when O(state) is V(gathered)
  type: dict
  version_added: 0.2.0
backend:
  description: V(online) (D-Bus) or V(offline).
  returned: always
  type: str
reloaded:
  description: Whether firewalld was reloaded to bring the runtime in step.
  returned: when O(state) is not V(gathered)
  type: bool
service:
  description:
    - With O(manage_service), what the module found; V(running) (nothing to do), V(started) (it started
      and/or enabled firewalld, or would in check mode) or V(not installed) (it did nothing else).
  returned: when O(manage_service) is true
  type: str
  sample: running
  version_added: 0.3.0
management:
  description:
    - What the check of the SSH connection in use (O(protect_management)) found, one line; V(not checked)
      when O(protect_management) is false.
  returned: when O(state) is not V(gathered)
  type: str
  sample: "SSH 192.0.2.1 -> 192.0.2.10:22 stays accepted in zone 'public'"
"""

import json
import os
import traceback

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.ocs.firewall.plugins.module_utils._firewalld.backends import open_backend
from ansible_collections.ocs.firewall.plugins.module_utils._firewalld.guard import check_management
from ansible_collections.ocs.firewall.plugins.module_utils._firewalld.service import ensure_running, installed
from ansible_collections.ocs.firewall.plugins.module_utils._firewalld.plan import (
    CurrentAndTarget,
    apply,
    describe,
    operations,
    plan_target,
    runtime_differs,
    validate,
    validate_rich_rules,
)
from ansible_collections.ocs.firewall.plugins.module_utils._firewalld.state import (
    RulesetError,
    owned_view,
    require_bindings,
)

RULE_OPTIONS = dict(type="list", elements="str", default=[])
RULESET_SPEC = dict(
    services=dict(type="list", elements="dict", default=[], options=dict(
        name=dict(type="str", required=True),
        short=dict(type="str", default=""),
        description=dict(type="str", default=""),
        ports=dict(type="list", elements="str", required=True),
    )),
    zones=dict(type="list", elements="dict", default=[], options=dict(
        name=dict(type="str"),
        services=dict(RULE_OPTIONS),
        rich_rules=dict(RULE_OPTIONS),
        interfaces=dict(type="list", elements="str"),
    )),
    policies=dict(type="list", elements="dict", default=[], options=dict(
        name=dict(type="str", required=True),
        description=dict(type="str", default=""),
        ingress_zones=dict(type="list", elements="str", required=True),
        egress_zones=dict(type="list", elements="str", required=True),
        services=dict(RULE_OPTIONS),
        rich_rules=dict(RULE_OPTIONS),
        target=dict(type="str", default="CONTINUE", choices=["CONTINUE", "ACCEPT", "REJECT", "DROP"]),
    )),
)
ARGUMENT_SPEC = dict(
    ruleset=dict(type="dict", options=RULESET_SPEC),
    state=dict(type="str", default="present", choices=["present", "replaced", "absent", "gathered"]),
    offline=dict(type="bool", default=False),
    protect_management=dict(type="bool", default=True),
    manage_service=dict(type="bool", default=False),
    **RULESET_SPEC,
)


def run(module, params):
    """validate -> open -> plan -> guard -> apply; returns the result."""
    service = {}
    if params["manage_service"] and not installed():
        return dict(changed=False, service="not installed", backend="none", changes=[], before={}, after={},
                    reloaded=False, management="not checked: firewalld is not installed")
    require_bindings()  # before anything is read: the clear message, not an import error later
    validate(params, rich_rules=False)
    service_changes = []
    if params["manage_service"]:
        service_changes = ensure_running(module.check_mode, module.run_command)
        service = dict(service="started" if service_changes else "running")
    # In check mode a firewalld that would be started is not running yet: read its files offline.
    backend = open_backend(params["offline"] or bool(module.check_mode and "start firewalld" in service_changes))
    states = CurrentAndTarget(backend, params)
    validate_rich_rules(params)  # after the read: rules firewalld already holds need no parsing
    if params["state"] == "gathered":
        return dict(changed=bool(service_changes), gathered=owned_view(states.current), backend=backend.name, **service)
    plan_target(states, params)
    ops = operations(states)
    management = "not checked"
    if params["protect_management"]:
        management = check_management(states, os.environ.get("SSH_CONNECTION", ""), module.run_command)
    before, after = owned_view(states.current), owned_view(states.target)
    changes = service_changes + [describe(states, op) for op in ops]
    reload_needed = bool(ops) and backend.name == "online"
    if not ops and backend.name == "online" and runtime_differs(states, after):
        changes.append("reload: the runtime differs from the permanent configuration")
        reload_needed = True
    if not module.check_mode:
        apply(states, ops)
        if reload_needed:
            backend.reload()
    result = dict(changed=bool(changes), changes=changes, before=before, after=after, backend=backend.name,
                  reloaded=reload_needed and not module.check_mode, management=management, **service)
    if module._diff:
        result["diff"] = dict(before=_diff_text(before), after=_diff_text(after))
    return result


def _diff_text(data):
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[("ruleset", "services"), ("ruleset", "zones"), ("ruleset", "policies")],
        supports_check_mode=True,
    )
    params = dict(module.params)
    if params["ruleset"]:  # one templated value instead of three (the role renders it in one go)
        params.update(params["ruleset"])
    try:
        result = run(module, params)
    except RulesetError as exc:
        module.fail_json(msg=str(exc))
    except Exception as exc:  # firewalld errors carry useful text; keep the trace for -vvv
        module.fail_json(msg=f"firewalld_ruleset: {exc}", exception=traceback.format_exc())
    module.exit_json(**result)


if __name__ == "__main__":
    main()
