"""Rules -> a firewalld rule set (the input of the firewalld_ruleset module).

Every object we create carries the 'ocs-' prefix: custom services (ports of one rule, flow ids in
the description), rich rules that reference those services (so any rich rule naming an ocs-
service is ours), policies for forwarded traffic, and zones we create for a perimeter firewall.
Host view: firewalld filters inbound traffic, so only 'in' rules are rendered.
A rule's source_ports are not rendered: a firewalld service's source-port opens that source port
on its own (an OR with the service's ports, not an AND), which would open far more than the flow.
firewalld's connection tracking lets the replies back, so the flow works from any source port.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..._firewalld.state import MAX_POLICY_NAME, MAX_ZONE_NAME, PREFIX  # one truth with the firewalld_ruleset module
from ..catalogue import DEFAULT_PRODUCT, get_catalogue
from ..errors import OcsModelError, shown
from ..model import GatewayRule, HostRule, gateway_rules, host_rules

ZONE_ABBREVIATIONS = {"external": "ext", "perimeter": "perim", "internal": "int"}
HOST_SIDES = ("external", "internal", "none")  # a host rule's side -> firewalld zone
ZONE_NAME = re.compile(rf"^[A-Za-z0-9_-]{{1,{MAX_ZONE_NAME}}}$")
INTERFACE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,15}$")  # Linux: at most 15 characters (IFNAMSIZ - 1)


def check_settings(view: str, zones: Any, interfaces: Any) -> tuple[dict[str, str | None], dict[str, list[str]]]:
    """The zone and interface settings, checked on the controller before anything reaches a host.

    zones: host view, a rule's side (external, internal, none) -> firewalld zone; gateway view, a
    model zone (external, perimeter, internal) -> firewalld zone. interfaces: firewalld zone ->
    a list of interface names. Returns plain dicts; raises OcsModelError naming any bad value."""
    keys = HOST_SIDES if view == "host" else tuple(ZONE_ABBREVIATIONS)
    what = "a rule's side" if view == "host" else "a model zone"
    zones = {} if zones is None else zones
    interfaces = {} if interfaces is None else interfaces
    if not isinstance(zones, Mapping):
        raise OcsModelError(f"zones must be a mapping of {what} ({', '.join(keys)}) to a firewalld zone, "
                            f"not {shown(zones)}")
    for key, zone in zones.items():
        if key not in keys:
            raise OcsModelError(f"zones: unknown {what} {shown(key)} for the {view} view; valid: {', '.join(keys)}")
        if zone is not None:
            _check_zone_name(zone, f"zones.{key}")
    if not isinstance(interfaces, Mapping):
        raise OcsModelError(f"interfaces must be a mapping of firewalld zone to a list of interfaces, "
                            f"not {shown(interfaces)}")
    for zone, names in interfaces.items():
        _check_zone_name(zone, "interfaces")
        if isinstance(names, str) or not isinstance(names, (list, tuple)):
            raise OcsModelError(f"interfaces.{zone} must be a list of interface names, not {shown(names)}")
        for name in names:
            if not isinstance(name, str) or not INTERFACE_NAME.match(name):
                raise OcsModelError(f"interfaces.{zone}: {shown(name)} is not an interface name "
                                    "(letters, digits, '.', '_', '-'; at most 15 characters)")
    return dict(zones), {zone: list(names) for zone, names in interfaces.items()}


def _check_zone_name(zone: Any, what: str) -> None:
    if isinstance(zone, str) and len(zone) > MAX_ZONE_NAME:
        raise OcsModelError(f"{what}: firewalld zone name {shown(zone)} is longer than {MAX_ZONE_NAME} characters "
                            "(firewalld builds netfilter chain names from it)")
    if not isinstance(zone, str) or not ZONE_NAME.match(zone):
        raise OcsModelError(f"{what}: {shown(zone)} is not a firewalld zone name (letters, digits, '_', '-'; "
                            f"at most {MAX_ZONE_NAME} characters)")


def service_name(rule_name: str) -> str:
    return PREFIX + rule_name.replace(".", "-").replace("_", "-")


def _family(cidr: str) -> str:
    return "ipv6" if ipaddress.ip_network(cidr, strict=False).version == 6 else "ipv4"


def rich_rules(service: str, sources: Sequence[str], destinations: Sequence[str]) -> list[str]:
    """One rich rule per (source, destination) pair of the same family; [] means any."""
    rules = []
    any_address: list[str | None] = [None]  # a rule without that address
    for src in sources or any_address:
        for dst in destinations or any_address:
            families = {_family(a) for a in (src, dst) if a}
            if len(families) > 1:
                continue  # an IPv4 source never talks to an IPv6 destination
            family = families.pop()
            parts = [f'rule family="{family}"']
            if src:
                parts.append(f'source address="{src}"')
            if dst:
                parts.append(f'destination address="{dst}"')
            parts.append(f'service name="{service}" accept')
            rules.append(" ".join(parts))
    return rules


def _service(rule: HostRule | GatewayRule, title: str) -> dict[str, Any]:
    return {
        "name": service_name(rule.name),
        "short": f"{title} {rule.flow}",
        "description": f"{title} flows: {', '.join(rule.flows)}. {rule.purpose} (source: {rule.reference})",
        "ports": [f"{ports}/{rule.protocol}" for ports in rule.ports],
    }


def _zone(zones: dict[str, dict[str, Any]], name: str | None) -> dict[str, Any]:
    key = name or ""
    if key not in zones:
        zones[key] = {"name": name, "services": [], "rich_rules": []}
    return zones[key]


def host_ruleset(rules: Any, side_zones: Any = None, interfaces: Any = None, title: str | None = None,
                 product: str = DEFAULT_PRODUCT) -> dict[str, list[dict[str, Any]]]:
    """Host view rules -> {services, zones, policies}. title: what service descriptions start with
    (default: the product's title).

    side_zones maps a rule's side ('external', 'internal', or 'none' for rules without a side)
    to a firewalld zone name; None means the default zone. interfaces maps zone name -> interfaces.
    """
    side_zones, interfaces = check_settings("host", side_zones, interfaces)
    title = title or get_catalogue(product).title
    services: list[dict[str, Any]] = []
    zones: dict[str, dict[str, Any]] = {}
    for rule in host_rules(rules):
        if rule.direction != "in":
            continue
        service = _service(rule, title)
        services.append(service)
        zone = _zone(zones, side_zones.get(rule.side or "none"))
        if not rule.local_addresses and not rule.remote_addresses:
            zone["services"].append(service["name"])
        else:
            zone["rich_rules"].extend(rich_rules(service["name"], rule.remote_addresses, rule.local_addresses))
    for zone_name, ifaces in (interfaces or {}).items():
        _zone(zones, zone_name)["interfaces"] = list(ifaces)
    return {"services": services, "zones": list(zones.values()), "policies": []}


def policy_name(ingress: str, egress: str) -> str:
    name = f"{PREFIX}{ZONE_ABBREVIATIONS.get(ingress, ingress)}-{ZONE_ABBREVIATIONS.get(egress, egress)}"
    if len(name) > MAX_POLICY_NAME:
        raise OcsModelError(f"policy name '{name}' is longer than {MAX_POLICY_NAME} characters")
    return name


def gateway_ruleset(rules: Any, zone_names: Any = None, interfaces: Any = None, title: str | None = None,
                    product: str = DEFAULT_PRODUCT) -> dict[str, list[dict[str, Any]]]:
    """Gateway view rules -> services, the zones of the perimeter, and one policy per zone pair.

    zone_names maps the model's zones (external, perimeter, internal) to firewalld zones
    (default ocs-external, ocs-perimeter, ocs-internal, created by the module);
    interfaces maps a firewalld zone name -> interfaces to bind to it.
    """
    zone_names, interfaces = check_settings("gateway", zone_names, interfaces)
    title = title or get_catalogue(product).title
    zone_names = {**{zone: f"{PREFIX}{zone}" for zone in ZONE_ABBREVIATIONS},
                  **{zone: name for zone, name in zone_names.items() if name is not None}}
    services: list[dict[str, Any]] = []
    policies: dict[str, dict[str, Any]] = {}
    zones: dict[str, dict[str, Any]] = {}
    for rule in gateway_rules(rules):
        service = _service(rule, title)
        services.append(service)
        ingress, egress = zone_names[rule.ingress_zone], zone_names[rule.egress_zone]
        for zone in (ingress, egress):
            _zone(zones, zone)
        name = policy_name(rule.ingress_zone, rule.egress_zone)
        policy = policies.setdefault(name, {
            "name": name,
            "description": f"{title}: forward {rule.ingress_zone} to {rule.egress_zone}",
            "ingress_zones": [ingress],
            "egress_zones": [egress],
            "services": [],
            "rich_rules": [],
        })
        if not rule.source_addresses and not rule.destination_addresses:
            policy["services"].append(service["name"])
        else:
            policy["rich_rules"].extend(rich_rules(service["name"], rule.source_addresses, rule.destination_addresses))
    for zone_name, ifaces in (interfaces or {}).items():
        _zone(zones, zone_name)["interfaces"] = list(ifaces)
    return {"services": services, "zones": list(zones.values()), "policies": list(policies.values())}
