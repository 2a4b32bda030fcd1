"""Rules -> a firewalld rule set (the input of the firewalld_ruleset module).

Every object we create carries the 'ocs-' prefix: custom services (ports of one rule, flow ids in
the description), rich rules that reference those services (so any rich rule naming an ocs-
service is ours), policies for forwarded traffic, and zones we create for a perimeter firewall.
Host view: firewalld filters inbound traffic, so only 'in' rules are rendered.
A rule's source_ports are not rendered: a firewalld service's source-port opens that source port
on its own (an OR with the service's ports, not an AND), which would open far more than the flow.
firewalld's connection tracking lets the replies back, so the flow works from any source port.
"""

import ipaddress

from ..errors import OcsModelError

PREFIX = "ocs-"
MAX_ZONE_NAME = 17  # firewalld: zone names longer than this do not fit netfilter chain names
MAX_POLICY_NAME = 18
ZONE_ABBREVIATIONS = {"external": "ext", "perimeter": "perim", "internal": "int"}


def service_name(rule_name):
    return PREFIX + rule_name.replace(".", "-").replace("_", "-")


def _family(cidr):
    return "ipv6" if ipaddress.ip_network(cidr, strict=False).version == 6 else "ipv4"


def rich_rules(service, sources, destinations):
    """One rich rule per (source, destination) pair of the same family; [] means any."""
    rules = []
    for src in sources or [None]:
        for dst in destinations or [None]:
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


def _service(rule, title):
    flows = rule.get("flows") or [rule["flow"]]
    return {
        "name": service_name(rule["name"]),
        "short": f"{title} {rule['flow']}",
        "description": f"{title} flows: {', '.join(flows)}. {rule['purpose']} (source: {rule['reference']})",
        "ports": [f"{ports}/{rule['protocol']}" for ports in rule["ports"]],
    }


def _zone(zones, name):
    key = name or ""
    if key not in zones:
        zones[key] = {"name": name, "services": [], "rich_rules": []}
    return zones[key]


def host_ruleset(rules, side_zones=None, interfaces=None, title="OCS 2007 R2"):
    """Host view rules -> {services, zones, policies}.

    side_zones maps a rule's side ('external', 'internal', or 'none' for rules without a side)
    to a firewalld zone name; None means the default zone. interfaces maps zone name -> interfaces.
    """
    side_zones = side_zones or {}
    services, zones = [], {}
    for rule in rules:
        if "direction" not in rule:
            raise OcsModelError(f"rule {rule.get('name')!r} is not a host view rule (no direction)")
        if rule["direction"] != "in":
            continue
        service = _service(rule, title)
        services.append(service)
        zone = _zone(zones, side_zones.get(rule["side"] or "none"))
        if not rule["local_addresses"] and not rule["remote_addresses"]:
            zone["services"].append(service["name"])
        else:
            zone["rich_rules"].extend(rich_rules(service["name"], rule["remote_addresses"], rule["local_addresses"]))
    for zone_name, ifaces in (interfaces or {}).items():
        _zone(zones, zone_name)["interfaces"] = list(ifaces)
    return {"services": services, "zones": list(zones.values()), "policies": []}


def policy_name(ingress, egress):
    name = f"{PREFIX}{ZONE_ABBREVIATIONS.get(ingress, ingress)}-{ZONE_ABBREVIATIONS.get(egress, egress)}"
    if len(name) > MAX_POLICY_NAME:
        raise OcsModelError(f"policy name '{name}' is longer than {MAX_POLICY_NAME} characters")
    return name


def gateway_ruleset(rules, zone_names=None, interfaces=None, title="OCS 2007 R2"):
    """Gateway view rules -> services, the zones of the perimeter, and one policy per zone pair.

    zone_names maps the model's zones (external, perimeter, internal) to firewalld zones
    (default ocs-external, ocs-perimeter, ocs-internal, created by the module);
    interfaces maps a firewalld zone name -> interfaces to bind to it.
    """
    zone_names = {zone: f"{PREFIX}{zone}" for zone in ZONE_ABBREVIATIONS} | dict(zone_names or {})
    for zone, name in zone_names.items():
        if len(name) > MAX_ZONE_NAME:
            raise OcsModelError(f"firewalld zone name '{name}' (for {zone}) is longer than {MAX_ZONE_NAME} characters")
    services, policies, zones = [], {}, {}
    for rule in rules:
        if "ingress_zone" not in rule:
            raise OcsModelError(f"rule {rule.get('name')!r} is not a gateway view rule (no ingress_zone)")
        service = _service(rule, title)
        services.append(service)
        ingress, egress = zone_names[rule["ingress_zone"]], zone_names[rule["egress_zone"]]
        for zone in (ingress, egress):
            _zone(zones, zone)
        name = policy_name(rule["ingress_zone"], rule["egress_zone"])
        policy = policies.setdefault(name, {
            "name": name,
            "description": f"{title}: forward {rule['ingress_zone']} to {rule['egress_zone']}",
            "ingress_zones": [ingress],
            "egress_zones": [egress],
            "services": [],
            "rich_rules": [],
        })
        if not rule["source_addresses"] and not rule["destination_addresses"]:
            policy["services"].append(service["name"])
        else:
            policy["rich_rules"].extend(
                rich_rules(service["name"], rule["source_addresses"], rule["destination_addresses"])
            )
    for zone_name, ifaces in (interfaces or {}).items():
        _zone(zones, zone_name)["interfaces"] = list(ifaces)
    return {"services": services, "zones": list(zones.values()), "policies": list(policies.values())}
