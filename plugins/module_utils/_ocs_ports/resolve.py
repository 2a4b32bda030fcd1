"""Resolver: deployment (topology, roles, features, media ranges) -> concrete rules.

Two views:
- host view: a server filtering its own traffic; rules are 'in' or 'out';
- gateway view: a firewall between two zones of a back-to-back perimeter; rules forward
  traffic from an ingress zone to an egress zone.
Every input is validated first; any bad value raises OcsModelError naming it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any, cast

from .addresses import ZoneMap, parse_networks
from .catalogue import DEFAULT_PRODUCT, MEDIA_PREFIX, Catalogue, Flow, get_catalogue
from .errors import OcsModelError, shown
from .model import FlowRecord, GatewayRule, HostRule, IpsecRow
from .ranges import PortSet

VIEWS = ("host", "gateway")
# Fields of either kind of rule (model.HostRule, model.GatewayRule give their order).
RULE_FIELDS = {item.name for rule_type in (HostRule, GatewayRule) for item in fields(rule_type)}
WHOLE_DEPLOYMENT = "deployment"  # internal: no host, for the port matrix and IPsec table


@dataclass(frozen=True)
class Deployment:
    catalogue: Catalogue
    view: str
    roles: tuple[str, ...]
    topology: dict[str, tuple[str, ...]]  # topology key -> tuple of CIDR strings
    features: dict[str, bool]  # feature -> bool (defaults filled in)
    media: dict[str, PortSet]  # media key -> PortSet (defaults filled in): every class's range, as its peers see it
    zones: ZoneMap | None = None  # gateway view only
    own_media: dict[str, PortSet] | None = None  # host view: media key -> PortSet, this host's own narrowed ranges

    def addresses(self, endpoint_class: str) -> tuple[str, ...] | None:
        """CIDRs of an endpoint class: () = any (external peers not narrowed),
        None = not deployed (an internal class the topology does not name)."""
        if endpoint_class in self.topology:
            return self.topology[endpoint_class]
        spec = self.catalogue.endpoint_classes[endpoint_class]
        if spec.fallback and spec.fallback in self.topology:
            return self.topology[spec.fallback]
        return () if spec.external_peer else None

    def enabled(self, flow: Flow) -> bool:
        return all(self.features[name] for name in flow.features) and (
            not flow.any_features or any(self.features[name] for name in flow.any_features))

    def ports(self, spec: str, own: bool = False) -> PortSet:
        """A port spec as a PortSet; own=True when the spec is this host's own end of the flow,
        so that the host's narrowed media range applies (never to a peer's ports)."""
        if spec.startswith(MEDIA_PREFIX):
            key = spec[len(MEDIA_PREFIX):]
            if own and self.own_media and key in self.own_media:
                return self.own_media[key]
            return self.media[key]
        return PortSet.parse(spec)

    def port_strings(self, spec: str | None, own: bool = False) -> list[str]:
        """Canonical strings of an optional spec (source ports): [] means any."""
        return self.ports(spec, own).to_strings() if spec else []


def _names(items: Iterable[str]) -> str:
    return ", ".join(sorted(items))


def _plain_list(value: Any, what: str) -> list[Any]:
    if isinstance(value, str) or not isinstance(value, Iterable) or isinstance(value, Mapping):
        raise OcsModelError(f"{what} must be a list, not {shown(value)}")
    return list(value)


def _check_mapping(value: Any, what: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise OcsModelError(f"{what} must be a mapping, not {shown(value)}")
    for key in value:
        if not isinstance(key, str):
            raise OcsModelError(f"{what} has a key {shown(key)} that is not a string")
    return value


def _is_empty(value: Any) -> bool:
    """An empty string or list for an endpoint class means "no such server" (as when it is left out):
    `groups['director'] | default([])` is a common way to fill a topology."""
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, tuple)) and not value


def _parse_media(spec: Any, what: str) -> PortSet:
    try:
        return PortSet.parse(spec)
    except OcsModelError as exc:
        raise OcsModelError(f"{what}: {exc}") from None


def build_deployment(product: str = DEFAULT_PRODUCT, roles: Any = (), topology: Any = None, features: Any = None,
                     media_ports: Any = None, view: str = "host", zones: Any = None,
                     host_media_ports: Any = None) -> Deployment:
    """Validate every input and return a Deployment."""
    if view not in VIEWS and view != WHOLE_DEPLOYMENT:
        raise OcsModelError(f"unknown view '{view}'; valid views: {', '.join(VIEWS)}")
    catalogue = get_catalogue(product)

    valid_roles = catalogue.server_roles if view != "gateway" else catalogue.gateway_roles
    roles = _plain_list(roles, "roles")
    if not roles and view != WHOLE_DEPLOYMENT:
        raise OcsModelError(f"roles is empty; valid roles for the {view} view: {_names(valid_roles)}")
    for role in roles:
        if not isinstance(role, str):
            raise OcsModelError(f"role {shown(role)} is not a string; valid roles: {_names(valid_roles)}")
        if role not in valid_roles:
            other = catalogue.gateway_roles if view == "host" else catalogue.server_roles
            hint = f" ('{role}' is a role of the {'gateway' if view == 'host' else 'host'} view)" if role in other else ""
            raise OcsModelError(f"unknown role {shown(role)} for the {view} view{hint}; valid roles: {_names(valid_roles)}")

    topology = _check_mapping(topology, "topology")
    valid_keys = set(catalogue.endpoint_classes) | set(catalogue.shared_address_keys)
    addresses: dict[str, tuple[str, ...]] = {}
    for key, value in topology.items():
        if key not in valid_keys:
            raise OcsModelError(f"unknown endpoint class {shown(key)} in topology; valid: {_names(valid_keys)}")
        if value is None or _is_empty(value):
            continue
        addresses[key] = parse_networks(value, what=f"topology.{key}")
        _check_host_addresses(catalogue, key, addresses[key])

    features = _check_mapping(features, "features")
    chosen = {name: default for name, (default, _doc) in catalogue.features.items()}
    for name, value in features.items():
        if name not in catalogue.features:
            raise OcsModelError(f"unknown feature {shown(name)}; valid features: {_names(catalogue.features)}")
        if not isinstance(value, bool):
            raise OcsModelError(f"feature '{name}' must be true or false, not {shown(value)}")
        chosen[name] = value
    for name, needs in catalogue.feature_requires.items():
        missing = [need for need in needs if chosen[name] and not chosen[need]]
        if missing:
            raise OcsModelError(f"feature '{name}' needs feature(s) {', '.join(missing)} to be enabled")

    media_ports = _check_mapping(media_ports, "media_ports")
    media = {key: PortSet.parse(default) for key, (default, _doc) in catalogue.media_ports.items()}
    for key, spec in media_ports.items():
        if key not in catalogue.media_ports:
            raise OcsModelError(f"unknown media port range {shown(key)}; valid: {_names(catalogue.media_ports)}")
        media[key] = _parse_media(spec, f"media_ports.{key}")
    host_media_ports = _check_mapping(host_media_ports, "host_media_ports")
    if host_media_ports and view != "host":
        raise OcsModelError("host_media_ports narrows one host's own media ranges: it is for the host view only")
    own_media: dict[str, PortSet] = {}
    for key, spec in host_media_ports.items():
        if key not in catalogue.media_ports:
            raise OcsModelError(f"unknown media port range {shown(key)} in host_media_ports; "
                                f"valid: {_names(catalogue.media_ports)}")
        own_media[key] = _parse_media(spec, f"host_media_ports.{key}")
        outside = own_media[key] - media[key]
        if outside:
            raise OcsModelError(
                f"host_media_ports.{key} '{spec}' must lie within the deployment's {key} range "
                f"{','.join(media[key].to_strings())} (peers' firewalls open only that); outside it: "
                f"{','.join(outside.to_strings())}"
            )

    _check_address_rules(catalogue, addresses)
    zone_map: ZoneMap | None = None
    zones = _check_mapping(zones, "zones")
    if zones or view == "gateway":  # validated in every view; used by the gateway view
        zone_map = ZoneMap(zones, catalogue.zones)
    if view == "gateway":
        for role in roles:
            for zone in sorted(catalogue.gateway_roles[role] - {ZoneMap.DEFAULT_ZONE}):
                if zone not in zones:
                    raise OcsModelError(f"zones must define '{zone}' (CIDRs) for gateway role '{role}'")

    deployment = Deployment(catalogue, view, tuple(roles), addresses, chosen, media, zone_map, own_media)
    if own_media:
        mine = host_classes(deployment)
        for key in own_media:
            owner = catalogue.media_owners.get(key)
            if owner not in mine:
                raise OcsModelError(
                    f"host_media_ports.{key}: the {key} range belongs to {owner}, which this host "
                    f"(roles {', '.join(roles)}) is not; a host narrows only its own ranges"
                )
    if view == "host":
        for role in roles:
            for endpoint_class in catalogue.server_roles[role]:
                if deployment.addresses(endpoint_class) is None:
                    fallback = catalogue.endpoint_classes[endpoint_class].fallback
                    alt = f" (or '{fallback}')" if fallback else ""
                    raise OcsModelError(
                        f"topology is missing '{endpoint_class}'{alt}, needed by server role '{role}'"
                    )
    return deployment


def _takes_networks(catalogue: Catalogue, key: str) -> bool:
    spec = catalogue.endpoint_classes.get(key)
    return spec is not None and (spec.networks or spec.external_peer)


def _check_host_addresses(catalogue: Catalogue, key: str, cidrs: Iterable[str]) -> None:
    """A server class (or the shared Edge address) names servers: host addresses, never a network."""
    if _takes_networks(catalogue, key):
        return
    for cidr in cidrs:
        if not (cidr.endswith("/32") and "." in cidr) and not (cidr.endswith("/128") and ":" in cidr):
            raise OcsModelError(
                f"topology.{key} '{cidr}' is a network; {key} names servers, so give each server's own "
                "address (a /32 or /128, or a list of them)"
            )


def _check_address_rules(catalogue: Catalogue, addresses: Mapping[str, tuple[str, ...]]) -> None:
    """The catalogue's address rules (e.g. one address per Edge service). Host addresses are in
    canonical form (see _check_host_addresses), so equal strings are equal addresses."""
    for rule in catalogue.address_rules:
        seen: dict[str, str] = {}
        for key in rule.apart_from:
            for cidr in addresses.get(key, ()):
                seen.setdefault(cidr, key)
        for key in rule.keys:
            for cidr in addresses.get(key, ()):
                if cidr not in seen:
                    if not rule.apart_from:  # the keys must differ from each other too
                        seen[cidr] = key
                elif rule.apart_from:
                    raise OcsModelError(f"topology gives {key} the address '{cidr}' of {seen[cidr]}; {rule.why}")
                else:
                    raise OcsModelError(f"topology gives {key} and {seen[cidr]} the same address '{cidr}'; {rule.why}")


def host_classes(deployment: Deployment) -> set[str]:
    """Endpoint classes this host is: its roles' classes, plus classes collocated on them
    (e.g. av_conferencing on a front_end when the topology does not name it)."""
    catalogue = deployment.catalogue
    classes = {c for role in deployment.roles for c in catalogue.server_roles[role]}
    for name, spec in catalogue.endpoint_classes.items():
        if spec.fallback in classes and name not in deployment.topology:
            classes.add(name)
    return classes


# The two casts below tell the type checker what the resolver guarantees; they change nothing at run time.

def _known(addresses: tuple[str, ...] | None) -> tuple[str, ...]:
    """The addresses of a class the caller knows is deployed (Deployment.addresses is not None)."""
    return tuple(cast("tuple[str, ...]", addresses))


def _zone_map(deployment: Deployment) -> ZoneMap:
    """The gateway view's ZoneMap: build_deployment makes one for every gateway deployment."""
    return cast(ZoneMap, deployment.zones)


def _flow_record(deployment: Deployment, flow: Flow, with_addresses: bool = False) -> dict[str, Any]:
    catalogue = deployment.catalogue
    title, url = catalogue.references[flow.reference]
    return FlowRecord(
        id=flow.id,
        product=catalogue.product,
        from_class=flow.source,
        to_class=flow.destination,
        protocol=flow.protocol,
        ports=tuple(deployment.ports(flow.ports).to_strings()),
        source_ports=tuple(deployment.port_strings(flow.source_ports)),
        purpose=flow.purpose,
        features=tuple(flow.features),
        any_features=tuple(flow.any_features),
        ipsec_exempt=flow.ipsec_exempt,
        evidence=flow.evidence,
        reference=flow.reference,
        reference_title=title,
        reference_url=url,
        from_addresses=_known(deployment.addresses(flow.source)) if with_addresses else None,
        to_addresses=_known(deployment.addresses(flow.destination)) if with_addresses else None,
    ).to_dict()


def _merge(candidates: list[dict[str, Any]], key_fields: tuple[str, ...],
           rule_type: type[HostRule] | type[GatewayRule]) -> list[dict[str, Any]]:
    """Merge candidate rules that share key_fields: union of ports, flows in catalogue order."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for cand in candidates:
        key = tuple(_freeze(cand[f]) for f in key_fields)
        if key not in merged:
            merged[key] = dict(cand, flows=[cand["flow"]], purpose=[cand["purpose"]], reference=[cand["reference"]])
            continue
        rule = merged[key]
        rule["_ports"] = rule["_ports"] | cand["_ports"]
        rule["flows"].append(cand["flow"])
        for field in ("purpose", "reference"):
            if cand[field] not in rule[field]:
                rule[field].append(cand[field])
    rules = []
    for rule in merged.values():
        rule["ports"] = rule.pop("_ports").to_strings()
        rule["purpose"] = "; ".join(rule["purpose"])
        rule["reference"] = ", ".join(rule["reference"])
        rules.append(rule_type(**{name: _freeze(value) for name, value in rule.items() if name in RULE_FIELDS}).to_dict())
    return rules


def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _candidate(deployment: Deployment, flow: Flow, name: str, direction: str | None = None,
               **placement: Any) -> dict[str, Any]:
    """One flow placed on a host (direction, addresses) or a gateway (zones), before merging.

    On a host, the end of the flow that is this host uses its own media ranges: the destination
    ports of an 'in' rule, the source ports of an 'out' rule. The peer's end uses the deployment's."""
    if direction is not None:
        placement["direction"] = direction
    return {
        "name": name,
        "flow": flow.id,
        "protocol": flow.protocol,
        "_ports": deployment.ports(flow.ports, own=direction == "in"),
        "source_ports": deployment.port_strings(flow.source_ports, own=direction == "out"),
        "ipsec_exempt": flow.ipsec_exempt,
        "purpose": flow.purpose,
        "reference": flow.reference,
        **placement,
    }


def _host_rules(deployment: Deployment) -> tuple[list[dict[str, Any]], list[Flow], list[str]]:
    catalogue = deployment.catalogue
    mine = host_classes(deployment)
    candidates, used = [], []
    for flow in catalogue.flows:
        if not deployment.enabled(flow):
            continue
        produced = False
        for direction, local_class, peer_class in (("in", flow.destination, flow.source),
                                                   ("out", flow.source, flow.destination)):
            if local_class not in mine:
                continue
            remote = deployment.addresses(peer_class)
            if remote is None:
                continue  # the peer is not deployed
            candidates.append(_candidate(
                deployment, flow, f"{flow.id}.{direction}",
                direction=direction,
                local_addresses=list(_known(deployment.addresses(local_class))),
                remote_addresses=list(remote),
                side=catalogue.endpoint_classes[local_class].side,
            ))
            produced = True
        if produced:
            used.append(flow)
    key = ("direction", "protocol", "local_addresses", "remote_addresses", "side", "ipsec_exempt", "source_ports")
    return _merge(candidates, key, HostRule), used, []


def _by_zone(deployment: Deployment, cidrs: tuple[str, ...]) -> dict[str, list[str]]:
    """Group CIDRs by zone; () (any) lies in the default zone."""
    if not cidrs:
        return {ZoneMap.DEFAULT_ZONE: []}
    groups: dict[str, list[str]] = {}
    for cidr in cidrs:
        groups.setdefault(_zone_map(deployment).zone_of(cidr), []).append(cidr)
    return groups


def _gateway_rules(deployment: Deployment) -> tuple[list[dict[str, Any]], list[Flow], list[str]]:
    catalogue = deployment.catalogue
    pairs = {catalogue.gateway_roles[role] for role in deployment.roles}
    bordered = set(catalogue.gateway_roles.values())
    candidates, used, warnings = [], [], []
    for name, spec in catalogue.endpoint_classes.items():
        # Only the internet peers belong outside. Any other class counted as external would have the
        # firewall take its traffic from the internet side: internal source addresses, spoofable there.
        for cidr in () if spec.external_peer else (deployment.addresses(name) or ()):
            if _zone_map(deployment).zone_of(cidr) != ZoneMap.DEFAULT_ZONE:
                continue
            if spec.side == "external":
                warnings.append(f"{name} address {cidr} lies in no zone (so it counts as external); "
                                "add the perimeter's CIDRs to zones")
            elif spec.side == "internal":
                raise OcsModelError(f"{name} address {cidr} lies in no zone, so it would count as external; "
                                    "add the perimeter's CIDRs to zones")
            else:
                raise OcsModelError(f"{name} address {cidr} lies in no zone, so it would count as external and "
                                    "its traffic would be taken from the internet side; add its network to "
                                    "zones ('internal', or 'perimeter' for a perimeter server)")
    for flow in catalogue.flows:
        if not deployment.enabled(flow):
            continue
        sources = deployment.addresses(flow.source)
        destinations = deployment.addresses(flow.destination)
        if sources is None or destinations is None:
            continue
        produced = False
        for ingress, src in _by_zone(deployment, sources).items():
            for egress, dst in _by_zone(deployment, destinations).items():
                if ingress == egress:
                    continue
                if frozenset({ingress, egress}) not in bordered:  # no firewall of the product sits there
                    warnings.append(
                        f"flow {flow.id} goes from {ingress} straight to {egress}: a back-to-back perimeter "
                        "ends it in the perimeter; check the topology and zones"
                    )
                    continue
                if frozenset({ingress, egress}) not in pairs:
                    continue
                candidates.append(_candidate(
                    deployment, flow, f"{flow.id}.{ingress}_to_{egress}",
                    source_addresses=src,
                    destination_addresses=dst,
                    ingress_zone=ingress,
                    egress_zone=egress,
                ))
                produced = True
        if produced:
            used.append(flow)
    key = ("protocol", "source_addresses", "destination_addresses", "ingress_zone", "egress_zone",
           "ipsec_exempt", "source_ports")
    return _merge(candidates, key, GatewayRule), used, warnings


def resolve(product: str = DEFAULT_PRODUCT, roles: Any = (), topology: Any = None, features: Any = None,
            media_ports: Any = None, view: str = "host", zones: Any = None,
            host_media_ports: Any = None) -> dict[str, list[Any]]:
    """Return {'rules': [...], 'flows': [...], 'warnings': [...]} for one host or gateway.

    media_ports: the deployment's ranges (every class's, as its peers see them);
    host_media_ports: this host's own narrowed ranges (host view), which apply only to its own end
    of a flow."""
    if view not in VIEWS:
        raise OcsModelError(f"unknown view {shown(view)}; valid views: {', '.join(VIEWS)}")
    deployment = build_deployment(product, roles, topology, features, media_ports, view, zones, host_media_ports)
    rules, used, warnings = (_host_rules if view == "host" else _gateway_rules)(deployment)
    names = [rule["name"] for rule in rules]
    if len(names) != len(set(names)):  # guaranteed by construction; a broken catalogue would show here
        raise OcsModelError(f"duplicate rule names in {names}")
    return {
        "rules": rules,
        "flows": [_flow_record(deployment, flow) for flow in used],
        "warnings": warnings,
    }


def deployment_flows(product: str = DEFAULT_PRODUCT, topology: Any = None, features: Any = None,
                     media_ports: Any = None) -> list[dict[str, Any]]:
    """Every enabled flow whose endpoints are deployed, with their addresses: the port matrix."""
    deployment = build_deployment(product, [], topology, features, media_ports, WHOLE_DEPLOYMENT)
    rows = []
    for flow in deployment.catalogue.flows:
        if not deployment.enabled(flow):
            continue
        src, dst = deployment.addresses(flow.source), deployment.addresses(flow.destination)
        if src is None or dst is None:
            continue
        rows.append(_flow_record(deployment, flow, with_addresses=True))
    return rows


def resolve_ipsec_exemptions(product: str = DEFAULT_PRODUCT, topology: Any = None, media_ports: Any = None,
                             roles: Any = None, features: Any = None,
                             host_media_ports: Any = None) -> list[dict[str, Any]]:
    """The IPsec exceptions table with addresses. Rows whose features are off or whose class is
    not deployed are left out; with roles, only the rows that concern that host (an Any/Any row
    only on the hosts it is meant for), with the host's own media range in its source ports."""
    if roles:
        deployment = build_deployment(product, roles, topology, features, media_ports, "host",
                                      host_media_ports=host_media_ports)
        mine = host_classes(deployment)
    else:
        deployment = build_deployment(product, [], topology, features, media_ports, WHOLE_DEPLOYMENT)
        mine = None
    rows = []
    for row in deployment.catalogue.ipsec_exemptions:
        if not all(deployment.features[name] for name in row.features):
            continue
        ends = [c for c in (row.source, row.destination) if c]
        if any(deployment.addresses(c) is None for c in ends):
            continue
        if mine is not None and ends and not any(c in mine for c in ends):
            continue
        if mine is not None and not ends and row.hosts and not set(row.hosts) & mine:
            continue
        rows.append(IpsecRow(
            id=row.id,
            name=row.name,
            source_addresses=_known(deployment.addresses(row.source)) if row.source else (),
            destination_addresses=_known(deployment.addresses(row.destination)) if row.destination else (),
            protocols=tuple(row.protocols),
            # The source ports of a row are those of the host it is on (the Clients row's media range).
            source_ports=tuple(deployment.port_strings(row.source_ports, own=mine is not None)),
            reference=row.reference,
            evidence=row.evidence,
        ).to_dict())
    return rows
