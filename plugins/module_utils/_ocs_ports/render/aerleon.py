"""Gateway view rules -> an aerleon policy and its definitions (networks and services), as data.

aerleon (a multi-vendor ACL generator) turns one policy into Juniper SRX, Palo Alto, FortiGate,
Cisco ASA, IOS, JunOS, nftables, iptables, ... configurations. This module only builds the two dicts
its Generate API (and its YAML files) take; it does not import aerleon, so it runs where aerleon is
not installed. `aerleon_policy()` returns {"policy": PolicyDict, "definitions": {networks, services}}.

- One term per gateway rule. A rule is one protocol with one port set, and a term names one
  protocol only: aerleon crosses every port of a term with every protocol, so a term with tcp and
  udp would open UDP on the TCP ports.
- Term names are the thread back to the rule (`term_name`): the flow's own name (the flow id's
  last part) cut to fit, then a digest of the rule name, so every rule has one name that is
  unique, stable, and valid for every supported target (iptables allows 24 characters).
  The term comment carries the rule's name, flows, purpose and reference.
- Networks are named after the endpoint classes the catalogue gives the rule's flows (FRONT_END,
  ACCESS_EDGE_INTERNAL, ...); one address set has one name. Services are named after their
  content (TCP_443_5061). Empty addresses (any) leave the term's address key out.
- The filters' layout depends on the kind of target (TARGETS):
  zone: one filter per (ingress, egress) zone pair, `from-zone <ingress> to-zone <egress>`;
  interface: one ACL per ingress zone (`<zone>-in`, bound inbound on that zone's interface);
  host: one filter on the FORWARD hook with default drop for the whole gateway, one for the targets
  that need a reply term and one for the others. nftables accepts established replies in its base
  chain; iptables gets one leading reply term (REPLY_TERM, `option: established` ->
  ESTABLISHED,RELATED accept), the only term that is not a rule.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..catalogue import DEFAULT_PRODUCT, get_catalogue
from ..errors import OcsModelError, plain_text, shown
from ..model import ZONES, GatewayRule, gateway_rules

ZONE, INTERFACE, HOST = "zone", "interface", "host"  # the filter layouts


@dataclass(frozen=True)
class Place:
    """Where a filter sits: its zones (zone layout), its ACL name (interface layout)."""

    ingress: str = ""
    egress: str = ""
    acl: str = ""


@dataclass(frozen=True)
class Target:
    layout: str
    header: Callable[[Place], str]  # the target's options in the filter header
    term_name_max: int  # the longest term name the generator takes as it is
    ipv6: bool = True  # False: the filter is IPv4 only, a rule with an IPv6 address is refused
    reply_term: bool = False  # a stateless-by-default filter that needs REPLY_TERM first
    comment_max: int = 0  # the longest comment the device takes, when aerleon does not wrap or cut it


def _zone_pair(place: Place) -> str:
    return f"from-zone {place.ingress} to-zone {place.egress}"


# Per target: its layout, the header options, the term name limit from its generator
# (aerleon/lib/<generator>.py) and what it cannot express.
TARGETS: dict[str, Target] = {
    # zone-based firewalls: a policy per zone pair; stateful, implicit deny at the end
    "srx": Target(ZONE, _zone_pair, 63),  # junipersrx: policy and application names
    "paloalto": Target(ZONE, lambda p: f"{_zone_pair(p)} mixed", 51),  # "service-<term>-tcp" <= 63
    "fortigate": Target(ZONE, lambda p: f"{_zone_pair(p)} mixed", 35),  # FortiOS policy name <= 35
    # interface ACLs: one inbound ACL per ingress zone; the names appear in remarks
    "ciscoasa": Target(INTERFACE, lambda p: p.acl, 62, ipv6=False),  # the generator renders IPv4 only
    "cisco": Target(INTERFACE, lambda p: f"{p.acl} mixed", 62),
    "juniper": Target(INTERFACE, lambda p: f"{p.acl} mixed", 62),
    "arista": Target(INTERFACE, lambda p: f"{p.acl} mixed", 62),
    "cisconx": Target(INTERFACE, lambda p: f"{p.acl} mixed", 62),
    # host packet filters: one FORWARD filter with default drop
    # nft refuses a comment over 128 characters ("comment too long"), and aerleon passes it on whole
    "nftables": Target(HOST, lambda p: "mixed forward", 62, comment_max=128),
    "iptables": Target(HOST, lambda p: "FORWARD DROP inet", 24, ipv6=False, reply_term=True),  # chain F_<term>
}
LAYOUT_ORDER = (ZONE, INTERFACE, HOST)

TERM_NAME_MAX = min(target.term_name_max for target in TARGETS.values())
DIGEST_LENGTH = 6  # hex digits of the rule name's SHA-256 in a term name
NETWORK_NAME_MAX = 40  # address objects become <name>_<n> (Palo Alto: 63 characters)
SERVICE_NAME_MAX = 40
DEFAULT_ZONE_NAMES = {zone: f"ocs-{zone}" for zone in ZONES}
ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,27}$")  # "-in" appended stays within 31 (Palo Alto zones)
POLICY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")  # the output files' stem: no dot, no slash
INTERFACE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,15}$")  # Linux: at most 15 characters

REPLY_TERM_NAME = "allow-replies"  # no rule's term name: those end in -<digest>
REPLY_TERM: dict[str, Any] = {
    "name": REPLY_TERM_NAME,
    "comment": "Replies of the flows allowed below (connection tracking: ESTABLISHED,RELATED). "
               "This term is not a flow of the model.",
    "option": "established",
    "action": "accept",
}


def supported_targets() -> str:
    return ", ".join(sorted(TARGETS))


def term_name(rule: GatewayRule) -> str:
    """The term of a rule: '<the flow id's last part, cut>-<digest of the rule name>', at most
    TERM_NAME_MAX characters of lowercase letters, digits, '_' and '-'. The same rule (name and
    flow) always gives the same term; the comment holds the whole rule name."""
    own = rule.flow.split(".")[-1]
    readable = re.sub(r"[^a-z0-9_]+", "_", own.lower()).strip("_")[: TERM_NAME_MAX - DIGEST_LENGTH - 1]
    digest = hashlib.sha256(rule.name.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]
    return f"{readable.rstrip('_') or 'rule'}-{digest}"


def aerleon_policy(rules: Any, targets: Any, name: Any = "gw", zone_names: Any = None,
                   interfaces: Any = None, product: str = DEFAULT_PRODUCT) -> dict[str, Any]:
    """Gateway view rules -> {"policy": aerleon PolicyDict, "definitions": {"networks", "services"}}.

    targets: aerleon target names (TARGETS); name: the policy's filename (output files <name>.srx, ...);
    zone_names: model zone -> the zone (or ACL stem) name on the firewall (default ocs-<zone>);
    interfaces: model zone -> interface, matched by the host layout's terms (nftables, iptables);
    without it those terms do not check the zones. Raises OcsModelError naming any bad value."""
    chosen = _targets(targets)
    policy_name = _policy_name(name)
    names = _zone_names(zone_names)
    zone_interfaces = _interfaces(interfaces)
    parsed = gateway_rules(rules)
    catalogue = get_catalogue(product)
    _check_addresses(parsed, chosen)

    terms: dict[str, str] = {}  # term name -> rule name
    for rule in parsed:
        taken = term_name(rule)
        if taken in terms:
            raise OcsModelError(f"rules {shown(terms[taken])} and {shown(rule.name)} have the same term name "
                                f"{shown(taken)}; give the rules distinct names")
        terms[taken] = rule.name

    networks = _Networks(parsed, catalogue)
    services: dict[str, list[dict[str, str]]] = {}
    rendered = []  # (rule, term dict)
    for rule in parsed:
        term: dict[str, Any] = {"name": term_name(rule), "comment": _comment(rule)}
        if rule.source_addresses:
            term["source-address"] = networks.name(rule.source_addresses)
        if rule.destination_addresses:
            term["destination-address"] = networks.name(rule.destination_addresses)
        if rule.source_ports:
            term["source-port"] = _service(services, rule.protocol, rule.source_ports)
        term["destination-port"] = _service(services, rule.protocol, rule.ports)
        term["protocol"] = rule.protocol
        term["action"] = "accept"
        rendered.append((rule, term))

    filters = []
    for layout in LAYOUT_ORDER:
        layout_targets = [target for target in chosen if TARGETS[target].layout == layout]
        if layout_targets:
            filters.extend(_filters(layout, layout_targets, rendered, names, zone_interfaces))
    return {
        "policy": {"filename": policy_name, "filters": filters},
        "definitions": {
            "networks": {key: networks.definitions[key] for key in sorted(networks.definitions)},
            "services": {key: services[key] for key in sorted(services)},
        },
    }


# ---- settings ----------------------------------------------------------------------------------------

def _targets(targets: Any) -> list[str]:
    if isinstance(targets, str):
        targets = [targets]
    if not isinstance(targets, (list, tuple)):
        raise OcsModelError(f"targets must be a list of aerleon targets ({supported_targets()}), not {shown(targets)}")
    if not targets:
        raise OcsModelError(f"targets is an empty list; name at least one of {supported_targets()}")
    chosen: list[str] = []
    for target in targets:
        if not isinstance(target, str) or target not in TARGETS:
            raise OcsModelError(f"unknown target {shown(target)}; supported targets: {supported_targets()}")
        if target not in chosen:
            chosen.append(target)
    return sorted(chosen)


def _policy_name(name: Any) -> str:
    if not isinstance(name, str) or not POLICY_NAME.match(name):
        raise OcsModelError(f"name {shown(name)} is not a policy name (letters, digits, '_', '-'; "
                            "at most 63 characters; it names the output files)")
    return name


def _by_zone(value: Any, what: str, of: str) -> Mapping[Any, Any]:
    """A mapping whose keys are model zones, or OcsModelError naming the option and the bad key."""
    value = {} if value is None else value
    if not isinstance(value, Mapping):
        raise OcsModelError(f"{what} must be a mapping of model zone ({', '.join(ZONES)}) to {of}, not {shown(value)}")
    for zone in value:
        if zone not in ZONES:
            raise OcsModelError(f"{what}: unknown model zone {shown(zone)}; valid: {', '.join(ZONES)}")
    return value


def _zone_names(zone_names: Any) -> dict[str, str]:
    names = dict(DEFAULT_ZONE_NAMES)
    for zone, value in _by_zone(zone_names, "zone_names", "a zone name").items():
        if value is None:
            continue
        if not isinstance(value, str) or not ZONE_NAME.match(value):
            raise OcsModelError(f"zone_names.{zone}: {shown(value)} is not a zone name (a letter, then letters, "
                                "digits, '_', '-'; at most 28 characters)")
        names[zone] = value
    taken: dict[str, str] = {}
    for zone, value in names.items():
        if value in taken:
            raise OcsModelError(f"zone_names: {shown(value)} names both {taken[value]} and {zone}")
        taken[value] = zone
    return names


def _interfaces(interfaces: Any) -> dict[str, str]:
    interfaces = _by_zone(interfaces, "interfaces", "an interface")
    for zone, value in interfaces.items():
        if not isinstance(value, str) or not INTERFACE_NAME.match(value):
            raise OcsModelError(f"interfaces.{zone}: {shown(value)} is not an interface name "
                                "(letters, digits, '.', '_', '-'; at most 15 characters)")
    return dict(interfaces)


def _check_addresses(rules: Sequence[GatewayRule], targets: Sequence[str]) -> None:
    """Refuse what a chosen target cannot express: an IPv6 address for an IPv4-only target, and a
    rule whose sources and destinations share no address family (no packet could match it)."""
    ipv4_only = [target for target in targets if not TARGETS[target].ipv6]
    for rule in rules:
        families = {}
        for side, addresses in (("source_addresses", rule.source_addresses),
                                ("destination_addresses", rule.destination_addresses)):
            versions = {ipaddress.ip_network(cidr).version for cidr in addresses}
            families[side] = versions
            v6 = [cidr for cidr in addresses if ipaddress.ip_network(cidr).version == 6]
            if v6 and ipv4_only:
                raise OcsModelError(f"rule {shown(rule.name)}: {side} {shown(v6[0])} is IPv6, which the "
                                    f"target {ipv4_only[0]} cannot express here (IPv4 only)")
        src, dst = families["source_addresses"], families["destination_addresses"]
        if src and dst and not src & dst:
            raise OcsModelError(f"rule {shown(rule.name)}: its source_addresses {shown(list(rule.source_addresses))} "
                                f"and destination_addresses {shown(list(rule.destination_addresses))} share no "
                                "address family, so no packet can match it")


# ---- terms -------------------------------------------------------------------------------------------

def _comment(rule: GatewayRule) -> str:
    purpose = plain_text(rule.purpose, f"rule {rule.name}: purpose")
    reference = plain_text(rule.reference, f"rule {rule.name}: reference")
    text = f"{rule.name}: flows {', '.join(rule.flows)}. {purpose}"
    text = f"{text} (source: {reference})" if reference else text
    return text.replace('"', "'")  # nftables and iptables quote comments with '"'


def _service(services: dict[str, list[dict[str, str]]], protocol: str, ports: Sequence[str]) -> str:
    """A service of one protocol named after its ports (TCP_443_5061), shared by equal port sets."""
    name = f"{protocol.upper()}_{'_'.join(ports)}"
    if len(name) > SERVICE_NAME_MAX:
        name = f"{protocol.upper()}_PORTS_{hashlib.sha256(','.join(ports).encode()).hexdigest()[:8]}"
    services[name] = [{"port": port, "protocol": protocol} for port in ports]
    return name


class _Networks:
    """Network names for address sets, named after the endpoint classes behind them (the catalogue's
    source or destination class of the rules' flows): one class, its name (FRONT_END); several, the
    words they end in alike (ACCESS_EDGE_INTERNAL and AV_EDGE_INTERNAL: EDGE_INTERNAL), else their
    names joined; no class known or a name taken or too long: <TERM>_SRC/_DST of the first rule that
    uses the set. One address set, one name, whatever rules use it."""

    def __init__(self, rules: Sequence[GatewayRule], catalogue: Any) -> None:
        flows = {flow.id: flow for flow in catalogue.flows}
        uses: dict[tuple[str, ...], tuple[GatewayRule, str]] = {}  # address set -> its first use
        classes: dict[tuple[str, ...], set[str] | None] = {}  # None: a flow the catalogue does not know
        for rule in rules:
            for side, addresses in (("source", rule.source_addresses), ("destination", rule.destination_addresses)):
                if not addresses:
                    continue
                key = tuple(sorted(addresses))
                uses.setdefault(key, (rule, side))
                known = classes.setdefault(key, set())
                for flow_id in rule.flows:
                    flow = flows.get(flow_id)
                    if flow is None or known is None:
                        classes[key] = known = None
                        break
                    known.add(flow.source if side == "source" else flow.destination)
        self.by_addresses: dict[tuple[str, ...], str] = {}
        self.definitions: dict[str, dict[str, list[dict[str, str]]]] = {}
        for key, (rule, side) in uses.items():
            name = _class_name(classes[key])
            if not name or len(name) > NETWORK_NAME_MAX or name in self.definitions:
                name = f"{term_name(rule).upper().replace('-', '_')}_{'SRC' if side == 'source' else 'DST'}"
            self.by_addresses[key] = name
            self.definitions[name] = {"values": [{"address": cidr} for cidr in key]}

    def name(self, addresses: Sequence[str]) -> str:
        return self.by_addresses[tuple(sorted(addresses))]


def _class_name(classes: set[str] | None) -> str:
    if not classes:
        return ""
    words = [name.upper().split("_") for name in sorted(classes)]
    common: list[str] = []
    while all(len(name) > len(common) for name in words) and len({name[-1 - len(common)] for name in words}) == 1:
        common.insert(0, words[0][-1 - len(common)])
    if len(words) > 1 and common:
        return "_".join(common)
    return "_".join("_".join(name) for name in words)


# ---- filters -----------------------------------------------------------------------------------------

def _zone_rank(zone: str) -> int:
    return ZONES.index(zone)


def _filters(layout: str, targets: Sequence[str], rendered: Sequence[tuple[GatewayRule, dict[str, Any]]],
             names: Mapping[str, str], interfaces: Mapping[str, str]) -> list[dict[str, Any]]:
    filters = []
    if layout == ZONE:
        pairs = sorted({(rule.ingress_zone, rule.egress_zone) for rule in _rules_of(rendered)},
                       key=lambda pair: (_zone_rank(pair[0]), _zone_rank(pair[1])))
        for ingress, egress in pairs:
            place = Place(ingress=names[ingress], egress=names[egress])
            terms = [dict(term) for rule, term in rendered if (rule.ingress_zone, rule.egress_zone) == (ingress, egress)]
            filters.append(_filter(targets, place, f"forward {ingress} to {egress}", terms))
    elif layout == INTERFACE:
        _check_interface_layout(rendered)
        for ingress in sorted({rule.ingress_zone for rule in _rules_of(rendered)}, key=_zone_rank):
            place = Place(acl=f"{names[ingress]}-in")
            terms = [dict(term) for rule, term in rendered if rule.ingress_zone == ingress]
            egress_zones = sorted({rule.egress_zone for rule in _rules_of(rendered) if rule.ingress_zone == ingress},
                                  key=_zone_rank)
            filters.append(_filter(targets, place, f"inbound on the {ingress} interface, forward to "
                                                   f"{' and '.join(egress_zones)}", terms))
    else:
        # A filter for the targets that need REPLY_TERM and one for those that do not (nftables would
        # skip the term with a warning on every run).
        for reply in (True, False):
            group = [target for target in targets if TARGETS[target].reply_term == reply]
            if not group:
                continue
            terms = [dict(REPLY_TERM)] if reply else []
            for rule, term in rendered:
                term = dict(term)
                if interfaces.get(rule.ingress_zone):
                    term["source-interface"] = interfaces[rule.ingress_zone]
                if interfaces.get(rule.egress_zone):
                    term["destination-interface"] = interfaces[rule.egress_zone]
                terms.append(term)
            bound = "" if interfaces else "; the terms do not check the zones' interfaces"
            filters.append(_filter(group, Place(), f"forwarded traffic of the whole gateway, default drop{bound}",
                                   terms))
    return filters


def _rules_of(rendered: Sequence[tuple[GatewayRule, dict[str, Any]]]) -> list[GatewayRule]:
    return [rule for rule, term in rendered]


def _check_interface_layout(rendered: Sequence[tuple[GatewayRule, dict[str, Any]]]) -> None:
    """An inbound ACL does not see the egress zone: routing picks it from the destination. A rule
    with any destination from an ingress zone that leads to several zones would open them all."""
    egress: dict[str, set[str]] = {}
    for rule in _rules_of(rendered):
        egress.setdefault(rule.ingress_zone, set()).add(rule.egress_zone)
    for rule in _rules_of(rendered):
        if not rule.destination_addresses and len(egress[rule.ingress_zone]) > 1:
            raise OcsModelError(
                f"rule {shown(rule.name)} forwards from {rule.ingress_zone} to any destination, and "
                f"{rule.ingress_zone} leads to {' and '.join(sorted(egress[rule.ingress_zone], key=_zone_rank))}: "
                "an inbound interface ACL cannot tell them apart; name the destination_addresses or "
                "use a zone-based target")


def _filter(targets: Sequence[str], place: Place, what: str, terms: list[dict[str, Any]]) -> dict[str, Any]:
    limit = min((TARGETS[target].comment_max for target in targets if TARGETS[target].comment_max), default=0)
    return {
        "header": {
            "targets": {target: TARGETS[target].header(place) for target in targets},
            "comment": _cut(f"ocs.firewall gateway rules: {what}", limit),
        },
        "terms": [dict(term, comment=_cut(term["comment"], limit)) if "comment" in term else term for term in terms],
    }


def _cut(text: str, limit: int) -> str:
    """The text within limit characters (0: no limit); a cut one ends in '...'. The term name stays
    the whole thread back to the rule, and other targets' filters keep the whole comment."""
    return text if not limit or len(text) <= limit else text[: limit - 3].rstrip() + "..."
