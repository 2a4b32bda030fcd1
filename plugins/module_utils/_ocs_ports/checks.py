"""Reachability checks from one probe place, derived from the model (never a hand-written list).

A probe place is where the traffic starts: one or more endpoint classes (``remote_user`` for a host
on the internet, ``front_end`` for a Front End server), optionally narrowed to one source address.
From the deployment's flows (:func:`resolve.deployment_flows`) this module works out:

* expected open: every flow that starts at the probe place and ends at a single, concrete address
  (one check per address, protocol and port; a range is probed at its first port);
* expected closed: a fixed set of probe ports (e.g. TCP 135 and 8080, the internal-only 8057 and
  5062) at every concrete address of the deployment, minus whatever the model opens from the probe
  place to that address.

The probe place covers more classes than those named: a class whose addresses contain the probe's
(``internal_client`` 10.0.0.0/8 contains a Front End at 10.1.0.10), a class collocated on the same
addresses (``av_conferencing`` on the Front End), and, for a probe on the internet, every internet
peer (a remote user's host is also where a federated partner's traffic comes from). Flows from
those classes reach the targets too, so they are expected open and never expected closed.

Pure Python, no Ansible imports. Any bad input raises OcsModelError naming the value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .addresses import parse_network
from .catalogue import DEFAULT_PRODUCT, get_catalogue
from .errors import OcsModelError
from .model import PROTOCOLS, FlowRecord, flow_records
from .ranges import MAX_PORT, MIN_PORT, PortSet

try:
    import netaddr
except ImportError:  # parse_network reports it with what to install
    netaddr = None

ADDRESS_FIELDS = ("from_addresses", "to_addresses")  # beside model.FLOW_CORE_FIELDS


def _as_list(value: Any, what: str) -> list[Any]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        return list(value)
    raise OcsModelError(f"{what} must be a string or a list of strings, not {value!r}")


def parse_probe(spec: Any) -> tuple[str, int]:
    """'tcp/135', 'udp/3478' or {'protocol': 'tcp', 'port': 135} -> ('tcp', 135)."""
    if isinstance(spec, Mapping):
        protocol, port = spec.get("protocol"), spec.get("port")
    elif isinstance(spec, str) and "/" in spec:
        protocol, _sep, port = spec.partition("/")
    else:
        raise OcsModelError(f"probe port {spec!r} must look like 'tcp/135' or {{protocol: tcp, port: 135}}")
    protocol = str(protocol).strip().lower()
    if protocol not in PROTOCOLS:
        raise OcsModelError(f"probe port {spec!r}: protocol {protocol!r} is not one of {', '.join(PROTOCOLS)}")
    text = str(port).strip()
    if isinstance(port, bool) or not (text.isascii() and text.isdigit()):
        raise OcsModelError(f"probe port {spec!r}: port {port!r} is not a number")
    number = int(text)
    if not MIN_PORT <= number <= MAX_PORT:
        raise OcsModelError(f"probe port {spec!r}: port {number} is outside {MIN_PORT}-{MAX_PORT}")
    return protocol, number


def method_for(protocol: str, port: int, stun_port: int | None = None) -> str:
    """How a check is made: a TCP connect, a STUN Binding Request (the product's STUN port, UDP 3478
    for OCS), or a UDP datagram."""
    if protocol == "tcp":
        return "tcp"
    return "stun" if port == stun_port else "udp"


def _check_flows(flows: Any) -> list[FlowRecord]:
    try:
        return flow_records(flows, needs=ADDRESS_FIELDS)
    except OcsModelError as exc:
        raise OcsModelError(f"{exc}; the checks need flow records with addresses, the output of "
                            "ocs.firewall.ocs_flows") from None


def _networks(cidrs: Iterable[str]) -> list[netaddr.IPNetwork]:
    return [netaddr.IPNetwork(parse_network(c)) for c in cidrs]


def _single(network: netaddr.IPNetwork) -> bool:
    return network.size == 1


def class_addresses(flows: Iterable[FlowRecord]) -> dict[str, list[netaddr.IPNetwork]]:
    """Endpoint class -> list of IPNetwork ([] = any address), from both ends of every flow."""
    found: dict[str, list[netaddr.IPNetwork]] = {}
    for flow in flows:
        found.setdefault(flow.from_class, _networks(flow.from_addresses or ()))
        found.setdefault(flow.to_class, _networks(flow.to_addresses or ()))
    return found


def _contains_all(outer: list[netaddr.IPNetwork], inner: list[netaddr.IPNetwork]) -> bool:
    """Every network of inner lies inside some network of outer."""
    return bool(inner) and all(any(n in o for o in outer) for n in inner)


def probe_place(flows: Any, probe_from: Any, probe_address: Any = None, targets: Any = None,
                product: str = DEFAULT_PRODUCT) -> dict[str, Any]:
    """What a probe place stands for and what it can aim at (shared by the spot checks and the sweep).

    Returns {flows (checked), classes (class -> IPNetwork list), explicit (the classes named),
    sources (every class whose flows start at the probe place, sorted), at_address (IPAddress ->
    set of classes at that concrete address, the probe's own address and classes outside
    targets left out)}. Raises OcsModelError on any bad input.
    """
    catalogue = get_catalogue(product)
    flows = _check_flows(flows)
    if netaddr is None:
        parse_network("127.0.0.1")  # raises the 'netaddr is required' error
    classes = class_addresses(flows)

    explicit = _as_list(probe_from, "probe_from")
    if not explicit:
        raise OcsModelError("probe_from is empty; name the endpoint class(es) the probe stands for, e.g. remote_user")
    for name in explicit:
        if not isinstance(name, str) or name not in catalogue.endpoint_classes:
            raise OcsModelError(f"unknown endpoint class {name!r} in probe_from; valid: "
                                f"{', '.join(sorted(catalogue.endpoint_classes))}")
        if name not in classes:
            raise OcsModelError(f"probe_from class '{name}' takes part in no flow of this deployment "
                                "(not in the topology, or its features are off)")

    external = any(not classes[name] for name in explicit)
    if probe_address not in (None, ""):
        probe_nets = [netaddr.IPNetwork(parse_network(str(probe_address), "probe_address"))]
        if not _single(probe_nets[0]):
            raise OcsModelError(f"probe_address '{probe_address}' must be one address, not a network")
    else:
        probe_nets = [n for name in explicit for n in classes[name]]

    def applies(name: str) -> bool:
        if name in explicit:
            return True
        if not classes[name]:
            return external  # an internet peer: "any address" on the internet
        return not external and _contains_all(classes[name], probe_nets)

    sources = sorted(name for name in classes if applies(name))

    wanted = None
    if targets not in (None, "", []):
        wanted = _as_list(targets, "targets")
        for name in wanted:
            if name not in catalogue.endpoint_classes:
                raise OcsModelError(f"unknown endpoint class {name!r} in targets; valid: "
                                    f"{', '.join(sorted(catalogue.endpoint_classes))}")
    own = {n.ip for n in probe_nets if _single(n)}

    # Concrete target addresses: single addresses of deployed classes, never the probe itself.
    at_address: dict[netaddr.IPAddress, set[str]] = {}
    for name, nets in classes.items():
        if wanted is not None and name not in wanted:
            continue
        for net in nets:
            if _single(net) and net.ip not in own:
                at_address.setdefault(net.ip, set()).add(name)
    return {"flows": flows, "classes": classes, "explicit": explicit, "sources": sources,
            "at_address": at_address}


def plan_checks(flows: Any, probe_from: Any, probe_address: Any = None, closed_probes: Any = None, targets: Any = None,
                product: str = DEFAULT_PRODUCT) -> list[dict[str, Any]]:
    """The checks to make from one probe place, open ones first, each sorted by address, protocol, port.

    flows: deployment_flows() records (with from_addresses/to_addresses);
    probe_from: endpoint class or list of classes the probe stands for;
    probe_address: the probe's own source address (narrows a pool to the one server), or None;
    closed_probes: probe ports to prove closed where the model opens nothing ('tcp/135', ...); None:
    the catalogue's probe_ports, [] none;
    targets: endpoint classes whose addresses are probed (None = every deployed class).
    Every check: id, flow (first flow id or None), flows, from, to (classes at the address), host,
    protocol, port, ports (the flows' port spec), expect (open|closed), method (tcp|stun|udp).
    """
    catalogue = get_catalogue(product)
    place = probe_place(flows, probe_from, probe_address, targets, product)
    flows, explicit, sources, at_address = place["flows"], place["explicit"], place["sources"], place["at_address"]
    if closed_probes is None:
        closed_probes = catalogue.probe_ports
    probes = sorted({parse_probe(p) for p in _as_list(closed_probes or [], "closed_probes")},
                    key=lambda p: (PROTOCOLS.index(p[0]), p[1]))

    def named_first(name: str) -> tuple[bool, str]:  # a class the topology names before one collocated on its addresses
        return (catalogue.endpoint_classes[name].fallback is not None, name)

    checks: dict[tuple[netaddr.IPAddress, str, int], dict[str, Any]] = {}
    open_ports: dict[netaddr.IPAddress, dict[str, PortSet]] = {}  # address -> protocol -> PortSet the model opens from the probe place
    for flow in flows:
        if flow.from_class not in sources:
            continue
        ports = PortSet.parse(flow.ports)
        for net in _networks((flow.to_addresses or ())):  # [] = any: an internet peer, never a target
            for address in at_address:
                if address not in net:
                    continue
                by_proto = open_ports.setdefault(address, {})
                known = by_proto.get(flow.protocol)
                by_proto[flow.protocol] = ports if known is None else known | ports
                if not _single(net) or flow.to_class not in at_address[address]:
                    continue  # the flow goes to a network: no one address to prove it on
                for rng in ports.ranges:
                    key = (address, flow.protocol, rng.start)
                    check = checks.get(key)
                    if check is None:
                        checks[key] = check = {
                            "flows": [], "to": [], "ports": [], "expect": "open",
                        }
                    if flow.id not in check["flows"]:
                        check["flows"].append(flow.id)
                    if flow.to_class not in check["to"]:
                        check["to"].append(flow.to_class)
                    if str(rng) not in check["ports"]:
                        check["ports"].append(str(rng))

    for address in at_address:
        opened = open_ports.get(address, {})
        for protocol, port in probes:
            if (address, protocol, port) in checks or port in opened.get(protocol, PortSet()):
                continue
            checks[(address, protocol, port)] = {
                "flows": [], "to": sorted(at_address[address], key=named_first), "ports": [str(port)],
                "expect": "closed",
            }

    def order(item: tuple[tuple[netaddr.IPAddress, str, int], dict[str, Any]]) -> tuple[bool, int, int, int, int]:
        (address, protocol, port), check = item
        return (check["expect"] != "open", address.version, int(address), PROTOCOLS.index(protocol), port)

    place = ",".join(explicit)  # type: ignore[assignment]  # the name reused for the place as text
    result = []
    for (address, protocol, port), check in sorted(checks.items(), key=order):
        result.append({
            "id": f"{check['expect']}:{address}:{protocol}/{port}",
            "flow": check["flows"][0] if check["flows"] else None,
            "flows": check["flows"],
            "from": place,
            "to": ",".join(check["to"]),
            "host": str(address),
            "protocol": protocol,
            "port": port,
            "ports": ",".join(check["ports"]),
            "expect": check["expect"],
            "method": method_for(protocol, port, catalogue.stun_port),
        })
    return result
