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
    changed, except that an interface listed under a zone is moved to that zone.
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
    type: str
    default: present
    choices: [present, replaced, absent]
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

- name: Remove everything the collection put in firewalld
  ocs.firewall.firewalld_ruleset:
    state: absent
"""

RETURN = r"""
changes:
  description: What was (or, in check mode, would be) done, one line per change.
  returned: always
  type: list
  elements: str
  sample: ["create service ocs-av-edge-external-stun-udp-from-remote-user-in", "zone public: add rich rule ..."]
before:
  description: The collection's objects before the run (services, zone bindings, policies).
  returned: always
  type: dict
after:
  description: The collection's objects after the run (predicted in check mode).
  returned: always
  type: dict
backend:
  description: V(online) (D-Bus) or V(offline).
  returned: always
  type: str
reloaded:
  description: Whether firewalld was reloaded to bring the runtime in step.
  returned: always
  type: bool
"""

import copy
import functools
import ipaddress
import os
import re
import traceback

from ansible.module_utils.basic import AnsibleModule

PREFIX = "ocs-"
OWNED_RICH_RULE = re.compile(r'service name="?' + re.escape(PREFIX))
PORT_RE = re.compile(r"^(\d{1,5})(?:-(\d{1,5}))?/(tcp|udp)$")
KINDS = ("service", "zone", "policy")
ZONE_RICH = "rules_str"  # firewalld's key for a zone's rich rules ('rich_rules' in policies)

try:
    from firewall.core.rich import Rich_Rule

    HAS_FIREWALL = True
    FIREWALL_IMPORT_ERROR = None
except Exception:  # any import problem means: no usable firewalld bindings here
    HAS_FIREWALL = False
    FIREWALL_IMPORT_ERROR = traceback.format_exc()


class RulesetError(Exception):
    pass


# ---------------------------------------------------------------- backends
# D-Bus signatures of the list settings that are not lists of strings (for empty lists too).
TUPLE_SIGNATURES = {"ports": "(ss)", "source_ports": "(ss)", "forward_ports": "(ssss)"}
INT_SETTINGS = ("priority", "ingress_priority", "egress_priority")


class OnlineBackend:
    """firewalld running: permanent configuration over D-Bus.

    Talks to firewalld's D-Bus interfaces directly on proxies made without introspection; the
    client library introspects every object first, which was most of a no-op run's time.
    """

    name = "online"
    INTERFACES = {"service": "SERVICE", "zone": "ZONE", "policy": "POLICY"}

    def __init__(self, bus):
        import dbus
        from firewall import config
        from firewall.dbus_utils import dbus_to_python

        self.dbus, self.fwdbus, self.to_python = dbus, config.dbus, dbus_to_python
        self.bus = bus
        self.main = self._iface(config.dbus.DBUS_PATH, config.dbus.DBUS_INTERFACE)
        self.runtime_zone = self._iface(config.dbus.DBUS_PATH, config.dbus.DBUS_INTERFACE_ZONE)
        self.runtime_policy = self._iface(config.dbus.DBUS_PATH, config.dbus.DBUS_INTERFACE_POLICY)
        self.config = self._iface(config.dbus.DBUS_PATH_CONFIG, config.dbus.DBUS_INTERFACE_CONFIG)

    def _iface(self, path, interface):
        proxy = self.bus.get_object(self.fwdbus.DBUS_INTERFACE, path, introspect=False)
        return self.dbus.Interface(proxy, dbus_interface=interface)

    def _object(self, kind, name):
        by_name = {"service": "getServiceByName", "zone": "getZoneByName", "policy": "getPolicyByName"}[kind]
        path = getattr(self.config, by_name)(name)
        return self._iface(path, getattr(self.fwdbus, f"DBUS_INTERFACE_CONFIG_{self.INTERFACES[kind]}"))

    def _typed(self, settings):
        """Settings dict -> a{sv} with explicit types (no introspection to guess them from)."""
        dbus = self.dbus
        typed = {}
        for key, value in settings.items():
            if isinstance(value, bool):
                typed[key] = dbus.Boolean(value)
            elif key in INT_SETTINGS:
                typed[key] = dbus.Int32(value)
            elif isinstance(value, dict):
                typed[key] = dbus.Dictionary(value, signature="ss")
            elif isinstance(value, (list, tuple)):
                signature = TUPLE_SIGNATURES.get(key, "s")
                items = [dbus.Struct(v, signature=signature[1:-1]) for v in value] if signature != "s" else value
                typed[key] = dbus.Array(items, signature=signature)
            else:
                typed[key] = dbus.String(value)
        return dbus.Dictionary(typed, signature="sv")

    def default_zone(self):
        return self.to_python(self.main.getDefaultZone())

    def names(self, kind):
        method = {"service": "getServiceNames", "zone": "getZoneNames", "policy": "getPolicyNames"}[kind]
        return self.to_python(getattr(self.config, method)())

    def get(self, kind, name):
        obj = self._object(kind, name)
        return self.to_python(obj.getSettings() if kind == "policy" else obj.getSettings2())

    def create(self, kind, name, settings):
        method = {"service": "addService2", "zone": "addZone2", "policy": "addPolicy"}[kind]
        getattr(self.config, method)(name, self._typed(settings))

    def update(self, kind, name, settings):
        obj = self._object(kind, name)
        (obj.update if kind == "policy" else obj.update2)(self._typed(settings))

    def remove(self, kind, name):
        self._object(kind, name).remove()

    def reload(self):
        self.main.reload()

    def runtime_view(self):
        """Owned objects as the running firewall sees them: services, zone bindings, policies."""
        zones = {}
        for zone in self.to_python(self.runtime_zone.getZones()):
            settings = self.to_python(self.runtime_zone.getZoneSettings2(zone))
            zones[zone] = _owned_zone_items(settings, ZONE_RICH)
        policies = {}
        for policy in self.to_python(self.runtime_policy.getPolicies()):
            if policy.startswith(PREFIX):
                policies[policy] = _normal_policy(self.to_python(self.runtime_policy.getPolicySettings(policy)))
        services = sorted(s for s in self.to_python(self.main.listServices()) if s.startswith(PREFIX))
        return {"services": services, "zones": zones, "policies": policies}


class OfflineBackend:
    """firewalld stopped: firewalld's own offline interface writes the permanent files."""

    name = "offline"

    def __init__(self):
        from firewall.core.fw import Firewall

        self.fw = Firewall(offline=True)
        self.fw.start()
        self.config = self.fw.config

    def default_zone(self):
        return self.fw.get_default_zone()

    def names(self, kind):
        return {
            "service": self.config.get_services,
            "zone": self.config.get_zones,
            "policy": self.config.get_policy_objects,
        }[kind]()

    def _object(self, kind, name):
        return {
            "service": self.config.get_service,
            "zone": self.config.get_zone,
            "policy": self.config.get_policy_object,
        }[kind](name)

    def get(self, kind, name):
        getter = {
            "service": self.config.get_service_config_dict,
            "zone": self.config.get_zone_config_dict,
            "policy": self.config.get_policy_object_config_dict,
        }[kind]
        return copy.deepcopy(getter(self._object(kind, name)))

    def create(self, kind, name, settings):
        {
            "service": self.config.new_service_dict,
            "zone": self.config.new_zone_dict,
            "policy": self.config.new_policy_object_dict,
        }[kind](name, settings)

    def update(self, kind, name, settings):
        {
            "service": self.config.set_service_config_dict,
            "zone": self.config.set_zone_config_dict,
            "policy": self.config.set_policy_object_config_dict,
        }[kind](self._object(kind, name), settings)

    def remove(self, kind, name):
        {
            "service": self.config.remove_service,
            "zone": self.config.remove_zone,
            "policy": self.config.remove_policy_object,
        }[kind](self._object(kind, name))

    def reload(self):
        pass

    def runtime_view(self):
        return None


def open_backend(offline):
    if not HAS_FIREWALL:
        raise RulesetError(
            "firewalld's Python bindings are not importable by this Python; is firewalld installed "
            "(Debian/Ubuntu: apt install firewalld) and ansible_python_interpreter the system Python "
            "(/usr/bin/python3)?"
        )
    import dbus
    from firewall import config

    try:
        bus = dbus.SystemBus()
        proxy = bus.get_object(config.dbus.DBUS_INTERFACE, config.dbus.DBUS_PATH, introspect=False)
        dbus.Interface(proxy, dbus_interface=config.dbus.DBUS_INTERFACE).getDefaultZone()
        return OnlineBackend(bus)
    except dbus.exceptions.DBusException as exc:
        reason = exc.get_dbus_name() or str(exc)
    if offline:
        return OfflineBackend()
    raise RulesetError(
        f"firewalld is not running ({reason}); start it (systemctl start firewalld) or set offline: true "
        "to write the permanent configuration without it"
    )


# ---------------------------------------------------------------- normalisation
@functools.lru_cache(maxsize=None)  # the same rule is compared many times; parsing is the slow part
def normal_rich(rule):
    return str(Rich_Rule(rule_str=rule))


def _owned_rich(rules):
    return sorted(normal_rich(r) for r in rules if OWNED_RICH_RULE.search(r))


def _owned_zone_items(settings, rich_key):
    return {
        "services": sorted(s for s in settings.get("services", []) if s.startswith(PREFIX)),
        "rich_rules": _owned_rich(settings.get(rich_key, [])),
    }


def _normal_service(settings):
    return {
        "short": settings.get("short", ""),
        "description": settings.get("description", ""),
        "ports": sorted(f"{port}/{proto}" for port, proto in settings.get("ports", [])),
    }


def _normal_policy(settings):
    return {
        "description": settings.get("description", ""),
        "ingress_zones": sorted(settings.get("ingress_zones", [])),
        "egress_zones": sorted(settings.get("egress_zones", [])),
        "target": settings.get("target", "CONTINUE"),
        "services": sorted(settings.get("services", [])),
        "rich_rules": sorted(normal_rich(r) for r in settings.get("rich_rules", [])),
    }


def _normal_zone(settings):
    return {
        "services": sorted(settings.get("services", [])),
        "rich_rules": sorted(normal_rich(r) for r in settings.get(ZONE_RICH, [])),
        "interfaces": sorted(settings.get("interfaces", [])),
        "sources": sorted(settings.get("sources", [])),
        "target": settings.get("target", "default"),
        "ports": sorted(f"{p}/{proto}" for p, proto in settings.get("ports", [])),
    }


def _normal(kind, settings):
    return {"service": _normal_service, "zone": _normal_zone, "policy": _normal_policy}[kind](settings)


# ---------------------------------------------------------------- validation
def validate(params):
    """Check the wanted rule set before reading or touching anything."""
    for service in params["services"]:
        if not service["name"].startswith(PREFIX):
            raise RulesetError(f"service '{service['name']}' must start with '{PREFIX}'")
        if not service["ports"]:
            raise RulesetError(f"service '{service['name']}' has no ports")
        for port in service["ports"]:
            match = PORT_RE.match(port)
            low = int(match.group(1)) if match else 0
            high = int(match.group(2) or low) if match else 0
            if not match or not 1 <= low <= high <= 65535:
                raise RulesetError(f"service '{service['name']}': port '{port}' is not PORT[-PORT]/tcp|udp within 1-65535")
    for policy in params["policies"]:
        if not policy["name"].startswith(PREFIX) or len(policy["name"]) > 18:
            raise RulesetError(f"policy '{policy['name']}' must start with '{PREFIX}' and have at most 18 characters")
    for owner in params["zones"] + params["policies"]:
        what = f"zone '{owner.get('name') or '(default)'}'" if "ingress_zones" not in owner else f"policy '{owner['name']}'"
        for service in owner["services"]:
            if not service.startswith(PREFIX):  # binding a built-in service would be a change we do not own
                raise RulesetError(f"{what}: service '{service}' must start with '{PREFIX}'")
        for rule in owner["rich_rules"]:
            if not OWNED_RICH_RULE.search(rule):
                raise RulesetError(f"{what}: rich rule '{rule}' does not name an '{PREFIX}' service")
            try:
                normal_rich(rule)
            except Exception as exc:
                raise RulesetError(f"{what}: rich rule '{rule}' is not valid: {exc}") from None
    for zone in params["zones"]:
        for iface in zone.get("interfaces") or []:
            if not os.path.exists(f"/sys/class/net/{iface}"):
                raise RulesetError(f"zone '{zone.get('name') or '(default)'}': interface '{iface}' does not exist on this host")


# ---------------------------------------------------------------- planning
class Plan:
    """Current and target settings of every object the run may touch."""

    def __init__(self, backend):
        self.backend = backend
        self.current = {kind: {} for kind in KINDS}
        self.target = {kind: {} for kind in KINDS}
        self.names = {kind: set(backend.names(kind)) for kind in KINDS}
        self.default_zone = backend.default_zone()
        for zone in self.names["zone"]:
            self._load("zone", zone)
        for kind in ("service", "policy"):
            for name in self.names[kind]:
                if name.startswith(PREFIX):
                    self._load(kind, name)

    def _load(self, kind, name):
        settings = self.backend.get(kind, name)
        self.current[kind][name] = settings
        self.target[kind][name] = copy.deepcopy(settings)

    def settings(self, kind, name):
        if name not in self.target[kind] and name in self.names[kind]:
            self._load(kind, name)
        return self.target[kind].get(name)

    def zone_name(self, name):
        return name or self.default_zone


def _add(items, values):
    for value in values:
        if value not in items:
            items.append(value)


def _keep(items, predicate):
    items[:] = [item for item in items if predicate(item)]


def plan_present(plan, params, exact):
    """Fill plan.target with the wanted rule set. exact=True (replaced): our objects become exactly it."""
    wanted_services = {s["name"] for s in params["services"]}
    for service in params["services"]:
        settings = plan.target["service"].get(service["name"]) or {}
        settings = dict(settings)
        settings.update(
            short=service["short"],
            description=service["description"],
            ports=[tuple(p.split("/")) for p in service["ports"]],
        )
        plan.target["service"][service["name"]] = settings

    wanted_zone_items = {}
    for zone in params["zones"]:
        name = plan.zone_name(zone.get("name"))
        if name not in plan.target["zone"]:
            if not name.startswith(PREFIX):
                raise RulesetError(
                    f"zone '{name}' does not exist; existing zones: {', '.join(sorted(plan.names['zone']))}"
                )
            plan.target["zone"][name] = {"services": [], ZONE_RICH: [], "interfaces": [], "target": "default"}
        items = wanted_zone_items.setdefault(name, {"services": set(), "rich_rules": set()})
        items["services"].update(zone["services"])
        items["rich_rules"].update(normal_rich(r) for r in zone["rich_rules"])
        settings = plan.target["zone"][name]
        _add(settings.setdefault("services", []), zone["services"])
        have = {normal_rich(r) for r in settings.get(ZONE_RICH, [])}
        _add(settings.setdefault(ZONE_RICH, []), [r for r in zone["rich_rules"] if normal_rich(r) not in have])
        for iface in zone.get("interfaces") or []:
            for other, other_settings in plan.target["zone"].items():
                if other != name and iface in other_settings.get("interfaces", []):
                    other_settings["interfaces"].remove(iface)
            _add(settings.setdefault("interfaces", []), [iface])

    wanted_policies = set()
    for policy in params["policies"]:
        wanted_policies.add(policy["name"])
        for zone in policy["ingress_zones"] + policy["egress_zones"]:
            if zone not in plan.target["zone"] and zone not in ("HOST", "ANY"):
                raise RulesetError(f"policy '{policy['name']}': zone '{zone}' does not exist and is not in the rule set")
        settings = dict(plan.target["policy"].get(policy["name"]) or {})
        if exact or not settings:
            services, rich = list(policy["services"]), list(policy["rich_rules"])
        else:
            services = list(settings.get("services", []))
            _add(services, policy["services"])
            rich = list(settings.get("rich_rules", []))
            have = {normal_rich(r) for r in rich}
            _add(rich, [r for r in policy["rich_rules"] if normal_rich(r) not in have])
        settings.update(
            description=policy["description"],
            ingress_zones=list(policy["ingress_zones"]),
            egress_zones=list(policy["egress_zones"]),
            target=policy["target"],
            services=services,
            rich_rules=rich,
        )
        plan.target["policy"][policy["name"]] = settings

    if exact:
        _drop_owned(plan, wanted_services, wanted_zone_items, wanted_policies,
                    wanted_zones={plan.zone_name(z.get("name")) for z in params["zones"]})


def _drop_owned(plan, keep_services, keep_zone_items, keep_policies, wanted_zones):
    """Remove every owned object and binding not in the keep sets."""
    for name in list(plan.target["service"]):
        if name.startswith(PREFIX) and name not in keep_services:
            del plan.target["service"][name]
    for name in list(plan.target["policy"]):
        if name.startswith(PREFIX) and name not in keep_policies:
            del plan.target["policy"][name]
    for name in list(plan.target["zone"]):
        if name.startswith(PREFIX) and name not in wanted_zones:
            del plan.target["zone"][name]
            continue
        settings = plan.target["zone"][name]
        keep = keep_zone_items.get(name, {"services": set(), "rich_rules": set()})
        _keep(settings.setdefault("services", []), lambda s: not s.startswith(PREFIX) or s in keep["services"])
        _keep(
            settings.setdefault(ZONE_RICH, []),
            lambda r: not OWNED_RICH_RULE.search(r) or normal_rich(r) in keep["rich_rules"],
        )


def plan_absent(plan, params):
    if not (params["services"] or params["zones"] or params["policies"]):
        _drop_owned(plan, set(), {}, set(), set())
        return
    gone_services = {s["name"] for s in params["services"]}
    for name in gone_services:
        plan.target["service"].pop(name, None)
    for policy in params["policies"]:
        plan.target["policy"].pop(policy["name"], None)
    for zone in params["zones"]:
        name = plan.zone_name(zone.get("name"))
        if name.startswith(PREFIX):
            plan.target["zone"].pop(name, None)
    gone_rich = {normal_rich(r) for z in params["zones"] for r in z["rich_rules"]}

    def rich_rule_stays(rule):
        text = normal_rich(rule)
        return text not in gone_rich and not any(f'service name="{s}"' in text for s in gone_services)

    for settings in plan.target["zone"].values():
        _keep(settings.setdefault("services", []), lambda s: s not in gone_services)
        _keep(settings.setdefault(ZONE_RICH, []), rich_rule_stays)


def check_references(plan):
    """Every service a zone or policy names must exist in the target configuration."""
    services = set(plan.target["service"]) | plan.names["service"]
    services -= {s for s in plan.current["service"] if s not in plan.target["service"]}
    for kind, rich_key in (("zone", ZONE_RICH), ("policy", "rich_rules")):
        for name, settings in plan.target[kind].items():
            named = list(settings.get("services", []))
            for rule in settings.get(rich_key, []):
                match = re.search(r'service name="([^"]+)"', normal_rich(rule))
                if match:
                    named.append(match.group(1))
            for service in named:
                if service not in services:
                    raise RulesetError(f"{kind} '{name}' names service '{service}', which does not exist")


def operations(plan):
    """Ordered writes: create/update services, zones, policies; then removals in reverse order."""
    ops = []

    def differs(kind, name):
        return _normal(kind, plan.current[kind][name]) != _normal(kind, plan.target[kind][name])

    for kind in KINDS:
        creates = [n for n in sorted(plan.target[kind]) if n not in plan.current[kind]]
        updates = [n for n in sorted(plan.target[kind]) if n in plan.current[kind] and differs(kind, n)]
        if kind == "zone":
            # An interface lives in one zone: zones that release interfaces are written first,
            # then the ones that take them, then new zones.
            def interfaces_gained(n):
                return len(plan.target[kind][n].get("interfaces", [])) - len(plan.current[kind][n].get("interfaces", []))

            updates.sort(key=interfaces_gained)
            ops += [("update", kind, n) for n in updates] + [("create", kind, n) for n in creates]
        else:
            ops += [("create", kind, n) for n in creates] + [("update", kind, n) for n in updates]
    for kind in reversed(KINDS):
        ops += [("remove", kind, n) for n in sorted(plan.current[kind]) if n not in plan.target[kind]]
    return ops


def describe(plan, op):
    action, kind, name = op
    if action != "update":
        return f"{action} {kind} {name}"
    before, after = _normal(kind, plan.current[kind][name]), _normal(kind, plan.target[kind][name])
    parts = []
    for key in after:
        if before[key] != after[key]:
            if isinstance(after[key], list):
                added = [v for v in after[key] if v not in before[key]]
                removed = [v for v in before[key] if v not in after[key]]
                parts += [f"add {key[:-1] if key.endswith('s') else key} {v}" for v in added]
                parts += [f"remove {key[:-1] if key.endswith('s') else key} {v}" for v in removed]
            else:
                parts.append(f"set {key} {after[key]!r}")
    return f"{kind} {name}: " + "; ".join(parts)


def apply(plan, ops):
    """Write ops in order; on failure undo what was written, then re-raise."""
    done = []
    try:
        for action, kind, name in ops:
            if action == "create":
                plan.backend.create(kind, name, plan.target[kind][name])
            elif action == "update":
                plan.backend.update(kind, name, plan.target[kind][name])
            else:
                plan.backend.remove(kind, name)
            done.append((action, kind, name))
    except Exception as exc:
        failed_op = f"{action} {kind} {name}"
        undo_errors = []
        for action, kind, name in reversed(done):
            try:
                if action == "create":
                    plan.backend.remove(kind, name)
                elif action == "update":
                    plan.backend.update(kind, name, plan.current[kind][name])
                else:
                    plan.backend.create(kind, name, plan.current[kind][name])
            except Exception as undo_exc:  # keep undoing the rest
                undo_errors.append(f"{action} {kind} {name}: {undo_exc}")
        note = f"; rollback failed for: {'; '.join(undo_errors)}" if undo_errors else f"; rolled back {len(done)} change(s)"
        raise RulesetError(f"applying {failed_op} failed: {exc}{note}") from None


# ---------------------------------------------------------------- management access
def _interface_of(module, address):
    rc, out, _err = module.run_command(["ip", "-o", "addr", "show"])
    if rc != 0:
        return None
    for line in out.splitlines():
        fields = line.split()
        if len(fields) > 3 and fields[3].split("/")[0] == address:
            return fields[1].split("@")[0]
    return None


def _zone_of_connection(plan, state, client_ip, iface):
    client = ipaddress.ip_address(client_ip)
    for name, settings in state.items():
        for source in settings.get("sources", []):
            try:
                if client in ipaddress.ip_network(source, strict=False):
                    return name
            except ValueError:
                continue  # ipset: or MAC sources
    for name, settings in state.items():
        if iface in settings.get("interfaces", []):
            return name
    return plan.default_zone


def _accepts(plan, services_state, zone_settings, client_ip, port):
    if zone_settings.get("target") == "ACCEPT":
        return True

    def in_ports(ports):
        for p, proto in ports:
            low, _sep, high = str(p).partition("-")
            if proto == "tcp" and int(low) <= port <= int(high or low):
                return True
        return False

    if in_ports(zone_settings.get("ports", [])):
        return True
    for service in zone_settings.get("services", []):
        settings = services_state.get(service) or (plan.backend.get("service", service) if service in plan.names["service"] else {})
        if in_ports(settings.get("ports", [])):
            return True
    for rule in zone_settings.get(ZONE_RICH, []):
        parsed = Rich_Rule(rule_str=rule)
        if parsed.action is None or type(parsed.action).__name__ != "Rich_Accept":
            continue
        if parsed.source is not None and getattr(parsed.source, "addr", None):
            try:
                if ipaddress.ip_address(client_ip) not in ipaddress.ip_network(parsed.source.addr, strict=False):
                    continue
            except ValueError:
                continue
        element = parsed.element
        name = type(element).__name__
        if name == "Rich_Port" and in_ports([(element.port, element.protocol)]):
            return True
        if name == "Rich_Service":
            settings = services_state.get(element.name) or {}
            if in_ports(settings.get("ports", [])):
                return True
    return False


def check_management(module, plan):
    conn = os.environ.get("SSH_CONNECTION", "").split()
    if len(conn) != 4:
        return "not checked: no SSH connection"
    client_ip, server_ip, port = conn[0], conn[2], int(conn[3])
    iface = _interface_of(module, server_ip)

    def accepted(zones, services):
        zone = _zone_of_connection(plan, zones, client_ip, iface)
        return zone, _accepts(plan, services, zones.get(zone, {}), client_ip, port)

    _zone_before, before = accepted(plan.current["zone"], plan.current["service"])
    zone_after, after = accepted(plan.target["zone"], plan.target["service"])
    if before and not after:
        raise RulesetError(
            f"refusing to apply: the SSH connection from {client_ip} to {server_ip}:{port} (interface {iface}) "
            f"would land in zone '{zone_after}', which would not accept it; nothing was changed"
        )
    return f"SSH {client_ip} -> {server_ip}:{port} stays accepted in zone '{zone_after}'" if after else \
        f"SSH {client_ip} -> {server_ip}:{port} is not accepted by a zone rule now (other means); not checked"


# ---------------------------------------------------------------- views for before/after and runtime
def owned_view(plan, which):
    state = getattr(plan, which)
    zones = {}
    for name, settings in sorted(state["zone"].items()):
        items = _owned_zone_items(settings, ZONE_RICH)
        if name.startswith(PREFIX) or items["services"] or items["rich_rules"]:
            zones[name] = dict(items, interfaces=sorted(settings.get("interfaces", [])))
    return {
        "services": {n: _normal_service(s) for n, s in sorted(state["service"].items()) if n.startswith(PREFIX)},
        "zones": zones,
        "policies": {n: _normal_policy(s) for n, s in sorted(state["policy"].items()) if n.startswith(PREFIX)},
    }


def runtime_differs(plan, after):
    runtime = plan.backend.runtime_view()
    if runtime is None:
        return False
    if runtime["services"] != sorted(after["services"]):
        return True
    for zone, settings in plan.target["zone"].items():
        want = _owned_zone_items(settings, ZONE_RICH)
        if runtime["zones"].get(zone, {"services": [], "rich_rules": []}) != want:
            return True
    return runtime["policies"] != after["policies"]


def _diff_text(data):
    import json

    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def main():
    rule_options = dict(type="list", elements="str", default=[])
    ruleset_spec = dict(
        services=dict(type="list", elements="dict", default=[], options=dict(
            name=dict(type="str", required=True),
            short=dict(type="str", default=""),
            description=dict(type="str", default=""),
            ports=dict(type="list", elements="str", required=True),
        )),
        zones=dict(type="list", elements="dict", default=[], options=dict(
            name=dict(type="str"),
            services=dict(rule_options),
            rich_rules=dict(rule_options),
            interfaces=dict(type="list", elements="str"),
        )),
        policies=dict(type="list", elements="dict", default=[], options=dict(
            name=dict(type="str", required=True),
            description=dict(type="str", default=""),
            ingress_zones=dict(type="list", elements="str", required=True),
            egress_zones=dict(type="list", elements="str", required=True),
            services=dict(rule_options),
            rich_rules=dict(rule_options),
            target=dict(type="str", default="CONTINUE", choices=["CONTINUE", "ACCEPT", "REJECT", "DROP"]),
        )),
    )
    module = AnsibleModule(
        argument_spec=dict(
            ruleset=dict(type="dict", options=ruleset_spec),
            state=dict(type="str", default="present", choices=["present", "replaced", "absent"]),
            offline=dict(type="bool", default=False),
            protect_management=dict(type="bool", default=True),
            **ruleset_spec,
        ),
        mutually_exclusive=[("ruleset", "services"), ("ruleset", "zones"), ("ruleset", "policies")],
        supports_check_mode=True,
    )
    params = dict(module.params)
    if params["ruleset"]:  # one templated value instead of three (the role renders it in one go)
        params.update(params["ruleset"])
    try:
        if not HAS_FIREWALL:
            open_backend(params["offline"])  # raises the clear message
        validate(params)
        backend = open_backend(params["offline"])
        plan = Plan(backend)
        if params["state"] == "absent":
            plan_absent(plan, params)
        else:
            plan_present(plan, params, exact=params["state"] == "replaced")
        check_references(plan)
        ops = operations(plan)
        management = check_management(module, plan) if params["protect_management"] else "not checked"
        before, after = owned_view(plan, "current"), owned_view(plan, "target")
        changes = [describe(plan, op) for op in ops]
        reload_needed = bool(ops) and backend.name == "online"
        if not ops and backend.name == "online" and runtime_differs(plan, after):
            changes.append("reload: the runtime differs from the permanent configuration")
            reload_needed = True
        if not module.check_mode:
            apply(plan, ops)
            if reload_needed:
                backend.reload()
    except RulesetError as exc:
        module.fail_json(msg=str(exc))
    except Exception as exc:  # firewalld errors carry useful text; keep the trace for -vvv
        module.fail_json(msg=f"firewalld_ruleset: {exc}", exception=traceback.format_exc())

    result = dict(
        changed=bool(changes),
        changes=changes,
        before=before,
        after=after,
        backend=backend.name,
        reloaded=reload_needed and not module.check_mode,
        management=management,
    )
    if module._diff:
        result["diff"] = dict(before=_diff_text(before), after=_diff_text(after))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
