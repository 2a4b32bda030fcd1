"""From the wanted rule set to the ordered writes that make firewalld hold it, and their application.

CurrentAndTarget reads the current settings once; plan_present / plan_absent turn a copy of them into
the target; operations() lists the writes that lead from one to the other (releases of interfaces another zone
takes, creates and updates, then removals); apply() makes them, and undoes the ones made when a later
one fails.
"""

import copy
import os
import re

from .state import (
    KINDS,
    MAX_POLICY_NAME,
    OWNED_RICH_RULE,
    PREFIX,
    ZONE_RICH,
    RulesetError,
    normal,
    normal_rich,
    known_canonical,
    owned_zone_items,
)

PORT_RE = re.compile(r"^(\d{1,5})(?:-(\d{1,5}))?/(tcp|udp)$")


def validate(params, rich_rules=True):
    """Check the wanted rule set before reading or touching anything. rich_rules=False leaves the
    parse of the rich rules to validate_rich_rules, once firewalld's own rules are known (a rule
    string-equal to one of them is valid and needs no parsing)."""
    if params["state"] == "gathered" and (params["services"] or params["zones"] or params["policies"]):
        raise RulesetError("state gathered reads the collection's objects and takes no rule set "
                           "(services, zones, policies or ruleset)")
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
        if not policy["name"].startswith(PREFIX) or len(policy["name"]) > MAX_POLICY_NAME:
            raise RulesetError(f"policy '{policy['name']}' must start with '{PREFIX}' and have at most {MAX_POLICY_NAME} characters")
    for owner in params["zones"] + params["policies"]:
        what = _owner(owner)
        for service in owner["services"]:
            if not service.startswith(PREFIX):  # binding a built-in service would be a change we do not own
                raise RulesetError(f"{what}: service '{service}' must start with '{PREFIX}'")
        for rule in owner["rich_rules"]:
            if not OWNED_RICH_RULE.search(rule):
                raise RulesetError(f"{what}: rich rule '{rule}' does not name an '{PREFIX}' service")
    for zone in params["zones"]:
        for iface in zone.get("interfaces") or []:
            if not os.path.exists(f"/sys/class/net/{iface}"):
                raise RulesetError(f"zone '{zone.get('name') or '(default)'}': interface '{iface}' does not exist on this host")
    if rich_rules:
        validate_rich_rules(params)


def _owner(owner):
    return f"zone '{owner.get('name') or '(default)'}'" if "ingress_zones" not in owner else f"policy '{owner['name']}'"


def validate_rich_rules(params):
    """Every wanted rich rule parses (firewalld's parser), unless firewalld holds it already."""
    for owner in params["zones"] + params["policies"]:
        for rule in owner["rich_rules"]:
            try:
                normal_rich(rule)
            except Exception as exc:
                raise RulesetError(f"{_owner(owner)}: rich rule '{rule}' is not valid: {exc}") from None


class CurrentAndTarget:
    """Current and target settings of every object the run may touch."""

    def __init__(self, backend, params=None):
        self.backend = backend
        self.current = {kind: {} for kind in KINDS}
        self.target = {kind: {} for kind in KINDS}
        self._others = {}  # settings of services that are not ours, read when the guard asks
        self.names = {kind: set(backend.names(kind)) for kind in KINDS}
        self.default_zone = backend.default_zone()
        # The zones named by the rule set, the default zone, and those the backend says may hold
        # ours, an interface or a source; the others cannot change a run's outcome.
        named = {self.zone_name(z.get("name")) for z in (params or {}).get("zones", [])}
        for policy in (params or {}).get("policies", []):
            named.update(policy["ingress_zones"] + policy["egress_zones"])
        zones = set(backend.zones_worth_reading(sorted(self.names["zone"])))
        zones |= (named | {self.default_zone}) & self.names["zone"]
        for zone in sorted(zones):
            self._load("zone", zone)
        for kind in ("service", "policy"):
            for name in self.names[kind]:
                if name.startswith(PREFIX):
                    self._load(kind, name)

    def _load(self, kind, name):
        settings = self.backend.get(kind, name)
        known_canonical(settings.get("rich_rules" if kind == "policy" else ZONE_RICH, []))
        self.current[kind][name] = settings
        self.target[kind][name] = copy.deepcopy(settings)

    def zone_name(self, name):
        return name or self.default_zone

    def service(self, name):
        """A service's current settings: ours as read, another (a built-in) read once when asked; {} if none."""
        if name not in self.current["service"] and name not in self._others:
            self._others[name] = self.backend.get("service", name) if name in self.names["service"] else {}
        return self.current["service"].get(name, self._others.get(name))


def _add(items, values):
    for value in values:
        if value not in items:
            items.append(value)


def _keep(items, predicate):
    items[:] = [item for item in items if predicate(item)]


def plan_target(states, params):
    """Fill states.target for params["state"] (present, replaced or absent); fails, before anything
    is written, when the target would name a service that does not exist."""
    if params["state"] == "absent":
        plan_absent(states, params)
    else:
        plan_present(states, params, exact=params["state"] == "replaced")
    check_references(states)


def plan_present(states, params, exact):
    """Fill states.target with the wanted rule set. exact=True (replaced): our objects become exactly it."""
    wanted_services = {s["name"] for s in params["services"]}
    for service in params["services"]:
        settings = states.target["service"].get(service["name"]) or {}
        settings = dict(settings)
        settings.update(
            short=service["short"],
            description=service["description"],
            ports=[tuple(p.split("/")) for p in service["ports"]],
        )
        states.target["service"][service["name"]] = settings

    wanted_zone_items = {}
    for zone in params["zones"]:
        name = states.zone_name(zone.get("name"))
        if name not in states.target["zone"]:
            if not name.startswith(PREFIX):
                raise RulesetError(
                    f"zone '{name}' does not exist; existing zones: {', '.join(sorted(states.names['zone']))}"
                )
            states.target["zone"][name] = {"services": [], ZONE_RICH: [], "interfaces": [], "target": "default"}
        items = wanted_zone_items.setdefault(name, {"services": set(), "rich_rules": set()})
        items["services"].update(zone["services"])
        items["rich_rules"].update(normal_rich(r) for r in zone["rich_rules"])
        settings = states.target["zone"][name]
        _add(settings.setdefault("services", []), zone["services"])
        have = {normal_rich(r) for r in settings.get(ZONE_RICH, [])}
        _add(settings.setdefault(ZONE_RICH, []), [r for r in zone["rich_rules"] if normal_rich(r) not in have])
        for iface in zone.get("interfaces") or []:
            for other, other_settings in states.target["zone"].items():
                if other != name and iface in other_settings.get("interfaces", []):
                    other_settings["interfaces"].remove(iface)
            _add(settings.setdefault("interfaces", []), [iface])

    wanted_policies = set()
    for policy in params["policies"]:
        wanted_policies.add(policy["name"])
        for zone in policy["ingress_zones"] + policy["egress_zones"]:
            if zone not in states.target["zone"] and zone not in ("HOST", "ANY"):
                raise RulesetError(f"policy '{policy['name']}': zone '{zone}' does not exist and is not in the rule set")
        settings = dict(states.target["policy"].get(policy["name"]) or {})
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
        states.target["policy"][policy["name"]] = settings

    if exact:
        _drop_owned(states, wanted_services, wanted_zone_items, wanted_policies,
                    wanted_zones={states.zone_name(z.get("name")) for z in params["zones"]})


def _drop_owned(states, keep_services, keep_zone_items, keep_policies, wanted_zones):
    """Remove every owned object and binding not in the keep sets."""
    for name in list(states.target["service"]):
        if name.startswith(PREFIX) and name not in keep_services:
            del states.target["service"][name]
    for name in list(states.target["policy"]):
        if name.startswith(PREFIX) and name not in keep_policies:
            del states.target["policy"][name]
    for name in list(states.target["zone"]):
        if name.startswith(PREFIX) and name not in wanted_zones:
            del states.target["zone"][name]
            continue
        settings = states.target["zone"][name]
        keep = keep_zone_items.get(name, {"services": set(), "rich_rules": set()})
        _keep(settings.setdefault("services", []), lambda s: not s.startswith(PREFIX) or s in keep["services"])
        _keep(
            settings.setdefault(ZONE_RICH, []),
            lambda r: not OWNED_RICH_RULE.search(r) or normal_rich(r) in keep["rich_rules"],
        )


def plan_absent(states, params):
    if not (params["services"] or params["zones"] or params["policies"]):
        _drop_owned(states, set(), {}, set(), set())
        return
    gone_services = {s["name"] for s in params["services"]}
    for name in gone_services:
        states.target["service"].pop(name, None)
    for policy in params["policies"]:
        states.target["policy"].pop(policy["name"], None)
    for zone in params["zones"]:
        name = states.zone_name(zone.get("name"))
        if name.startswith(PREFIX):
            states.target["zone"].pop(name, None)
    gone_rich = {normal_rich(r) for z in params["zones"] for r in z["rich_rules"]}

    def rich_rule_stays(rule):
        text = normal_rich(rule)
        return text not in gone_rich and not any(f'service name="{s}"' in text for s in gone_services)

    for settings in states.target["zone"].values():
        _keep(settings.setdefault("services", []), lambda s: s not in gone_services)
        _keep(settings.setdefault(ZONE_RICH, []), rich_rule_stays)


def check_references(states):
    """Every service a zone or policy names must exist in the target configuration."""
    services = set(states.target["service"]) | states.names["service"]
    services -= {s for s in states.current["service"] if s not in states.target["service"]}
    for kind, rich_key in (("zone", ZONE_RICH), ("policy", "rich_rules")):
        for name, settings in states.target[kind].items():
            named = list(settings.get("services", []))
            for rule in settings.get(rich_key, []):
                match = re.search(r'service name="([^"]+)"', normal_rich(rule))
                if match:
                    named.append(match.group(1))
            for service in named:
                if service not in services:
                    raise RulesetError(f"{kind} '{name}' names service '{service}', which does not exist")


def operations(states):
    """Ordered writes from states.current to states.target."""
    return _writes(states.current, states.target)


def _interfaces_only_in(settings, other):
    """The interfaces a zone's settings hold and other's (None: no zone) do not."""
    return set((settings or {}).get("interfaces", [])) - set((other or {}).get("interfaces", []))


def _writes(before, after):
    """Ordered writes that lead from before to after ({kind: {name: settings}}): creates and updates
    by kind (services, zones, policies), then removals in reverse order, so that every write names
    only objects that exist.

    An interface lives in one zone, and firewalld refuses a zone that takes one another zone holds.
    So a zone that gives up an interface another zone takes is written first: by its own update
    when it takes none itself, else by a "release" (its current settings without the interfaces it
    gives up), as when two zones swap interfaces or a zone to be removed gives its interface away.
    """
    ops = []
    taken = set()
    for name, settings in after["zone"].items():
        taken |= _interfaces_only_in(settings, before["zone"].get(name))
    for kind in KINDS:
        creates = [n for n in sorted(after[kind]) if n not in before[kind]]
        updates = [n for n in sorted(after[kind])
                   if n in before[kind] and normal(kind, before[kind][n]) != normal(kind, after[kind][n])]
        if kind == "zone":
            def gains(name):
                return bool(_interfaces_only_in(after["zone"][name], before["zone"][name]))

            for name in sorted(before["zone"]):
                given_up = _interfaces_only_in(before["zone"][name], after["zone"].get(name))
                if given_up & taken and (name not in after["zone"] or gains(name)):
                    ops.append(("release", kind, name))
            updates.sort(key=gains)  # stable: by name within each group
            ops += [("update", kind, n) for n in updates] + [("create", kind, n) for n in creates]
        else:
            ops += [("create", kind, n) for n in creates] + [("update", kind, n) for n in updates]
    for kind in reversed(KINDS):
        ops += [("remove", kind, n) for n in sorted(before[kind]) if n not in after[kind]]
    return ops


def _released(before, after):
    """A zone's settings before, without the interfaces it gives up on the way to after (None: removed)."""
    settings = copy.deepcopy(before)
    given_up = _interfaces_only_in(before, after)
    settings["interfaces"] = [i for i in before.get("interfaces", []) if i not in given_up]
    return settings


def _settings(before, after, op):
    """What op writes on the way from before to after (None for a removal)."""
    action, kind, name = op
    if action == "release":
        return _released(before[kind][name], after[kind].get(name))
    return None if action == "remove" else after[kind][name]


def describe(states, op):
    action, kind, name = op
    if action == "release":
        given_up = sorted(_interfaces_only_in(states.current[kind][name], states.target[kind].get(name)))
        return f"{kind} {name}: release interface {', '.join(given_up)} first (another zone takes it)"
    if action != "update":
        return f"{action} {kind} {name}"
    before, after = normal(kind, states.current[kind][name]), normal(kind, states.target[kind][name])
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


def _write(backend, present, before, after, op):
    """Make one write on the backend and record it in present (what the host now holds)."""
    action, kind, name = op
    settings = _settings(before, after, op)
    if action == "create":
        backend.create(kind, name, settings)
    elif action == "remove":
        backend.remove(kind, name)
    else:
        backend.update(kind, name, settings)
    if settings is None:
        present[kind].pop(name, None)
    else:
        present[kind][name] = copy.deepcopy(settings)


def apply(states, ops):
    """Write ops in order; on failure undo what was written, then re-raise.

    The undo is planned like any other change, from what the host holds after the writes made back
    to what it held before, so it releases interfaces in the right order too."""
    present = copy.deepcopy(states.current)
    done = 0
    try:
        for op in ops:
            _write(states.backend, present, states.current, states.target, op)
            done += 1
    except Exception as exc:
        failed_op = " ".join(ops[done])
        written = copy.deepcopy(present)
        undo_errors = []
        for op in _writes(written, states.current):
            try:
                _write(states.backend, present, written, states.current, op)
            except Exception as undo_exc:  # keep undoing the rest
                undo_errors.append(f"{' '.join(op)}: {undo_exc}")
        note = f"; the rollback failed at: {'; '.join(undo_errors)}" if undo_errors else f"; rolled back {done} change(s)"
        raise RulesetError(f"applying {failed_op} failed: {exc}{note}") from None


def runtime_differs(states, after):
    # Every zone: the runtime may hold ours where the permanent configuration does not.
    runtime = states.backend.runtime_view(zones=sorted(states.names["zone"] | set(states.target["zone"])))
    if runtime is None:
        return False
    if runtime["services"] != sorted(after["services"]):
        return True
    nothing = {"services": [], "rich_rules": []}
    for zone in set(states.target["zone"]) | set(runtime["zones"]):
        settings = states.target["zone"].get(zone)
        want = owned_zone_items(settings, ZONE_RICH) if settings is not None else nothing
        if runtime["zones"].get(zone, nothing) != want:
            return True
    return runtime["policies"] != after["policies"]
