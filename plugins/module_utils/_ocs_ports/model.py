"""The typed contract between the resolver and everything after it: rules and records.

The resolver builds these; every renderer, check and filter reads them. Each type is frozen,
validated once by ``from_mapping`` (the way dicts from a playbook or template come back in, every
bad value named), and emitted once by ``to_dict`` (the field order users see in results):
- ``HostRule``: a server filtering its own traffic ('in' or 'out');
- ``GatewayRule``: a firewall between two zones forwarding a flow;
- ``FlowRecord``: one catalogue flow as deployed (the port matrix, the diagram, the checks);
- ``IpsecRow``: one row of the IPsec exemption table with addresses.
Ports are canonical strings ("443", "50000-59999": merged, never expanded), addresses canonical
CIDR strings, empty lists meaning any.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from .addresses import parse_network
from .errors import OcsModelError, shown
from .ranges import PortSet

ID_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
PROTOCOLS = ("tcp", "udp")
DIRECTIONS = ("in", "out")
SIDES = ("external", "internal", None)
ZONES = ("external", "perimeter", "internal")


# ---- field checks, each naming the record and the bad value ---------------------------------------

def _required(data: Mapping[str, Any], key: str, what: str) -> Any:
    if key not in data:
        raise OcsModelError(f"{what} has no '{key}'")
    return data[key]


def _text(value: Any, what: str, empty: bool = True) -> str:
    if not isinstance(value, str) or (not empty and not value):
        raise OcsModelError(f"{what} must be {'a' if empty else 'a non-empty'} string, not {shown(value)}")
    return value


def _flow_id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise OcsModelError(f"{what} {shown(value)} is not a catalogue id (lower-case words separated by dots)")
    return value


def _choice(value: Any, choices: Sequence[Any], what: str) -> Any:
    if value not in choices:
        valid = ", ".join("null" if c is None else c for c in choices)
        raise OcsModelError(f"{what} is {shown(value)}; valid: {valid}")
    return value


def _ports(value: Any, what: str, empty: bool = True) -> tuple[str, ...]:
    """A list of port specs -> canonical strings (validated, merged, never expanded)."""
    if value is None or (isinstance(value, (list, tuple)) and not value):
        if not empty:
            raise OcsModelError(f"{what} is empty: a rule with no ports opens nothing")
        return ()
    try:
        return tuple(PortSet.parse(value).to_strings())
    except OcsModelError as exc:
        raise OcsModelError(f"{what}: {exc}") from None


def _addresses(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise OcsModelError(f"{what} must be a list of CIDRs, not {shown(value)}")
    return tuple(parse_network(item, what) for item in value)


def _names(value: Any, what: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise OcsModelError(f"{what} must be a list of names, not {shown(value)}")
    return tuple(_text(item, what, empty=False) for item in value)


def _flag(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise OcsModelError(f"{what} must be true or false, not {shown(value)}")
    return value


def _mapping(data: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise OcsModelError(f"{what} must be a mapping, not {shown(data)}")
    return data


def _emit(record: Any, renames: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Fields in declaration order, tuples as lists, optional fields left out when unset."""
    out = {}
    for item in fields(record):
        value = getattr(record, item.name)
        if value is None and item.metadata.get("optional"):
            continue
        out[(renames or {}).get(item.name, item.name)] = list(value) if isinstance(value, tuple) else value
    return out


# Metadata of a field left out of to_dict() while it is None.
OPTIONAL = {"optional": True}


# ---- rules ------------------------------------------------------------------------------------------

def _rule_mapping(data: Any, what: str, marker: str, view: str) -> tuple[Mapping[str, Any], str]:
    """The rule as a mapping, and how errors name it; a rule of the other view is refused first."""
    data = _mapping(data, what)
    what = f"{what} {shown(data.get('name'))}" if "name" in data else what
    if marker not in data:
        raise OcsModelError(f"{what} is not a {view} view rule (no {marker})")
    return data, what


def _rule_fields(data: Mapping[str, Any], what: str) -> dict[str, Any]:
    """The fields both views share."""
    flow = _flow_id(_required(data, "flow", what), f"{what}: flow")
    return {
        "name": _text(_required(data, "name", what), f"{what}: name", empty=False),
        "flow": flow,
        "flows": tuple(_flow_id(f, f"{what}: flows") for f in (data.get("flows") or [flow])),
        "protocol": _choice(_required(data, "protocol", what), PROTOCOLS, f"{what}: protocol"),
        "ports": _ports(_required(data, "ports", what), f"{what}: ports", empty=False),
        "source_ports": _ports(data.get("source_ports"), f"{what}: source_ports"),
        "ipsec_exempt": _flag(data.get("ipsec_exempt", False), f"{what}: ipsec_exempt"),
        "purpose": _text(data.get("purpose", ""), f"{what}: purpose"),
        "reference": _text(data.get("reference", ""), f"{what}: reference"),
    }


@dataclass(frozen=True)
class HostRule:
    """A rule of a server filtering its own traffic. ports: the local port ('in') or the remote
    port ('out'); source_ports: the opener's ports, empty for any."""

    name: str
    flow: str
    flows: tuple[str, ...]
    direction: str
    protocol: str
    ports: tuple[str, ...]
    source_ports: tuple[str, ...]
    local_addresses: tuple[str, ...]
    remote_addresses: tuple[str, ...]
    side: str | None
    ipsec_exempt: bool
    purpose: str
    reference: str

    @classmethod
    def from_mapping(cls, data: Any, what: str = "rule") -> HostRule:
        data, what = _rule_mapping(data, what, "direction", "host")
        return cls(
            direction=_choice(data["direction"], DIRECTIONS, f"{what}: direction"),
            local_addresses=_addresses(_required(data, "local_addresses", what), f"{what}: local_addresses"),
            remote_addresses=_addresses(_required(data, "remote_addresses", what), f"{what}: remote_addresses"),
            side=_choice(data.get("side"), SIDES, f"{what}: side"),
            **_rule_fields(data, what),
        )

    def to_dict(self) -> dict[str, Any]:
        return _emit(self)


@dataclass(frozen=True)
class GatewayRule:
    """A rule of a firewall between zones: forward the flow from ingress_zone to egress_zone."""

    name: str
    flow: str
    flows: tuple[str, ...]
    protocol: str
    ports: tuple[str, ...]
    source_ports: tuple[str, ...]
    source_addresses: tuple[str, ...]
    destination_addresses: tuple[str, ...]
    ingress_zone: str
    egress_zone: str
    ipsec_exempt: bool
    purpose: str
    reference: str

    @classmethod
    def from_mapping(cls, data: Any, what: str = "rule") -> GatewayRule:
        data, what = _rule_mapping(data, what, "ingress_zone", "gateway")
        return cls(
            source_addresses=_addresses(_required(data, "source_addresses", what), f"{what}: source_addresses"),
            destination_addresses=_addresses(_required(data, "destination_addresses", what),
                                             f"{what}: destination_addresses"),
            ingress_zone=_choice(data["ingress_zone"], ZONES, f"{what}: ingress_zone"),
            egress_zone=_choice(_required(data, "egress_zone", what), ZONES, f"{what}: egress_zone"),
            **_rule_fields(data, what),
        )

    def to_dict(self) -> dict[str, Any]:
        return _emit(self)


def host_rules(rules: Any, what: str = "rule") -> list[HostRule]:
    return [HostRule.from_mapping(rule, what) for rule in _rule_list(rules)]


def gateway_rules(rules: Any, what: str = "rule") -> list[GatewayRule]:
    return [GatewayRule.from_mapping(rule, what) for rule in _rule_list(rules)]


def _rule_list(rules: Any) -> Sequence[Any]:
    if isinstance(rules, (str, Mapping)) or not isinstance(rules, (list, tuple)):
        raise OcsModelError(f"input must be a list of rules, not {shown(rules)}")
    return rules


# ---- flow records -----------------------------------------------------------------------------------

# Fields a flow record must have whatever reads it; the rest default to empty. A reader that
# needs more names them (`needs`): the port matrix its purpose, evidence and reference.
FLOW_CORE_FIELDS = ("id", "from", "to", "protocol", "ports")
MATRIX_FIELDS = ("purpose", "evidence", "reference")


@dataclass(frozen=True)
class FlowRecord:
    """One catalogue flow as deployed: from the opener's class to the listener's, on the
    listener's ports; from_addresses/to_addresses only in a whole-deployment record."""

    id: str
    product: str
    from_class: str
    to_class: str
    protocol: str
    ports: tuple[str, ...]
    source_ports: tuple[str, ...] = ()
    purpose: str = ""
    features: tuple[str, ...] = ()
    any_features: tuple[str, ...] = ()
    ipsec_exempt: bool = False
    evidence: str = ""
    reference: str = ""
    reference_title: str = ""
    reference_url: str = ""
    from_addresses: tuple[str, ...] | None = field(default=None, metadata=OPTIONAL)
    to_addresses: tuple[str, ...] | None = field(default=None, metadata=OPTIONAL)

    RENAMES: ClassVar[Mapping[str, str]] = {"from_class": "from", "to_class": "to"}

    @classmethod
    def from_mapping(cls, data: Any, what: str = "flow record", needs: Sequence[str] = ()) -> FlowRecord:
        missing = [key for key in (*FLOW_CORE_FIELDS, *needs) if not isinstance(data, Mapping) or key not in data]
        if missing:
            raise OcsModelError(f"{shown(data)} is not a flow record (missing {', '.join(missing)})")
        what = f"flow '{data['id']}'" if isinstance(data["id"], str) else what
        if not isinstance(data["ports"], list) or not all(isinstance(p, str) for p in data["ports"]):
            raise OcsModelError(f"{what} ports {shown(data['ports'])} must be a list of port strings")
        addresses = {key: _addresses(data[key], f"{what}: {key}") if data.get(key) is not None else None
                     for key in ("from_addresses", "to_addresses")}
        return cls(
            id=_flow_id(data["id"], "flow record id"),
            product=_text(data.get("product", ""), f"{what}: product"),
            from_class=_flow_id(data["from"], f"{what}: from"),
            to_class=_flow_id(data["to"], f"{what}: to"),
            protocol=_choice(data["protocol"], PROTOCOLS, f"{what} protocol"),
            ports=_ports(data["ports"], f"{what}: ports", empty=False),
            source_ports=_ports(data.get("source_ports"), f"{what}: source_ports"),
            purpose=_text(data.get("purpose", ""), f"{what}: purpose"),
            features=_names(data.get("features", []), f"{what}: features"),
            any_features=_names(data.get("any_features", []), f"{what}: any_features"),
            ipsec_exempt=_flag(data.get("ipsec_exempt", False), f"{what}: ipsec_exempt"),
            evidence=_text(data.get("evidence", ""), f"{what}: evidence"),
            reference=_text(data.get("reference", ""), f"{what}: reference"),
            reference_title=_text(data.get("reference_title", ""), f"{what}: reference_title"),
            reference_url=_text(data.get("reference_url", ""), f"{what}: reference_url"),
            **addresses,
        )

    def to_dict(self) -> dict[str, Any]:
        return _emit(self, self.RENAMES)


def flow_records(flows: Any, needs: Sequence[str] = ()) -> list[FlowRecord]:
    if isinstance(flows, (str, Mapping)) or not isinstance(flows, (list, tuple)):
        raise OcsModelError(f"input must be a list of flow records, not {shown(flows)}")
    return [FlowRecord.from_mapping(flow, needs=needs) for flow in flows]


# ---- IPsec exemption rows ---------------------------------------------------------------------------

@dataclass(frozen=True)
class IpsecRow:
    """One IPsec exemption (no authentication) between two address sets, for the listed protocols;
    source_ports: the host's own media range where the row has one."""

    id: str
    name: str
    source_addresses: tuple[str, ...]
    destination_addresses: tuple[str, ...]
    protocols: tuple[str, ...]
    source_ports: tuple[str, ...]
    reference: str
    evidence: str

    @classmethod
    def from_mapping(cls, data: Any, what: str = "IPsec row") -> IpsecRow:
        data = _mapping(data, what)
        row_id = _flow_id(_required(data, "id", what), f"{what} id")
        what = f"{what} '{row_id}'"
        protocols = _required(data, "protocols", what)
        if isinstance(protocols, str) or not isinstance(protocols, (list, tuple)) or not protocols:
            raise OcsModelError(f"{what}: protocols must be a non-empty list of tcp, udp, not {shown(protocols)}")
        return cls(
            id=row_id,
            name=_text(_required(data, "name", what), f"{what}: name", empty=False),
            source_addresses=_addresses(_required(data, "source_addresses", what), f"{what}: source_addresses"),
            destination_addresses=_addresses(_required(data, "destination_addresses", what),
                                             f"{what}: destination_addresses"),
            protocols=tuple(_choice(p, PROTOCOLS, f"{what}: protocol") for p in protocols),
            source_ports=_ports(data.get("source_ports"), f"{what}: source_ports"),
            reference=_text(data.get("reference", ""), f"{what}: reference"),
            evidence=_text(data.get("evidence", ""), f"{what}: evidence"),
        )

    def to_dict(self) -> dict[str, Any]:
        return _emit(self)
