"""Flow diagram (Graphviz DOT) of a deployment.

Pure functions over deployment_flows() records (ocs.firewall.ocs_flows). What a server role is, which
classes are collocated on another, which roles are perimeter firewalls and the zones all come from
the product's catalogue and from ZoneMap, never from copies here: a catalogue change shows in the
diagram. What is here is presentation only (labels, colours, layout). Same input, same bytes out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..addresses import ZoneMap, parse_network
from ..catalogue import Catalogue, catalogue_for, get_catalogue
from ..errors import OcsModelError, plain_text, shown
from ..model import FlowRecord, flow_records
from ..ranges import PortSet

ZONE_STYLE = {  # zone -> (cluster label, fill, border)
    "external": ("Internet (external)", "#fbeaea", "#c0392b"),
    "perimeter": ("Perimeter network", "#fff6e0", "#d68910"),
    "internal": ("Internal network", "#eaf5ea", "#1e8449"),
}
OTHER_ZONE_STYLE = ("#f4f4f4", "#555555")
PROTOCOL_COLOURS = {("tcp",): "#1f4e79", ("udp",): "#2e7d32", ("tcp", "udp"): "#6c3483"}
LEGEND = ("Each arrow goes from the side that opens the connection (or sends the datagrams) to the side that "
          "accepts it,\nlabelled with protocol and destination ports (\"from\": the opener's source ports, where "
          "Microsoft names them). Blue: TCP, green: UDP, purple: both.\nDashed: {inferred} (evidence I).")


class Raw(str):
    """A DOT string written as it is (it holds escapes such as \\l on purpose)."""


def _escape(text: object) -> str:
    return str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _quote(text: object) -> str:
    return '"' + (str(text) if isinstance(text, Raw) else _escape(text)) + '"'


def _attrs(**attrs: object) -> str:
    return "[" + ", ".join(f"{k}={_quote(v)}" for k, v in sorted(attrs.items())) + "]"


def _wrap(items: Sequence[str], per_line: int = 4) -> str:
    return "\n".join(", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line))


def _short(cidr: str) -> str:
    return cidr[:-3] if cidr.endswith("/32") else cidr[:-4] if cidr.endswith("/128") else cidr


# --------------------------------------------------------------------------- the model, from the catalogue

def class_addresses(flows: Iterable[FlowRecord], catalogue: Catalogue) -> dict[str, list[str]]:
    """Endpoint class -> its addresses (CIDR strings; [] = any), in order of first appearance."""
    found: dict[str, list[str]] = {}
    for flow in flows:
        if flow.product not in ("", catalogue.product):
            raise OcsModelError(f"flow '{flow.id}' is of product '{flow.product}', not '{catalogue.product}'")
        for end, name, addresses in (("from", flow.from_class, flow.from_addresses),
                                     ("to", flow.to_class, flow.to_addresses)):
            if name not in catalogue.endpoint_classes:
                valid = ", ".join(sorted(catalogue.endpoint_classes))
                raise OcsModelError(f"flow '{flow.id}': unknown endpoint class '{name}' in {end}; valid classes: {valid}")
            found.setdefault(name, list(addresses or []))
    return found


def default_perimeter(catalogue: Catalogue) -> set[str]:
    """Classes drawn in the perimeter when there are no zones: the Edge's two sides, and whatever
    exchanges a catalogue flow directly with an internet peer (the Edge's and the reverse proxy)."""
    classes = catalogue.endpoint_classes
    peers = {name for name, spec in classes.items() if spec.external_peer}
    found = {name for name, spec in classes.items() if spec.side}
    for flow in catalogue.flows:
        if flow.source in peers and flow.destination not in peers:
            found.add(flow.destination)
        if flow.destination in peers and flow.source not in peers:
            found.add(flow.source)
    return found


def class_zones(classes: Mapping[str, Sequence[str]], zones: Any, catalogue: Catalogue) -> dict[str, str]:
    """Endpoint class -> zone. A class without addresses (any) is external; with zones, a class lies in
    the zone of its first address (ZoneMap: the most specific CIDR, external when in none); without
    zones, the Edge and the classes facing the internet are in the perimeter and the rest inside."""
    zone_map = ZoneMap(zones, catalogue.zones) if zones else None
    perimeter = default_perimeter(catalogue)
    found = {}
    for name, cidrs in classes.items():
        canonical = [parse_network(cidr, what=f"{name} address") for cidr in cidrs]
        if not canonical:
            found[name] = ZoneMap.DEFAULT_ZONE
        elif zone_map is None:
            found[name] = "perimeter" if name in perimeter else "internal"
        else:
            in_zones = [zone_map.zone_of(cidr) for cidr in canonical]  # each address checked
            found[name] = in_zones[0]
    return found


def _check_hosts(hosts: Any, catalogue: Catalogue) -> Mapping[str, Sequence[str]]:
    if hosts is None:
        return {}
    if not isinstance(hosts, Mapping):
        raise OcsModelError(f"hosts must map inventory hosts to their server roles, not {hosts!r}")
    valid = sorted(set(catalogue.server_roles) | set(catalogue.gateway_roles))
    for host, roles in hosts.items():
        if isinstance(roles, str) or not isinstance(roles, (list, tuple)):
            raise OcsModelError(f"hosts.{host} must be a list of server roles, not {roles!r}")
        for role in roles:
            if role not in valid:
                raise OcsModelError(f"hosts.{host}: unknown server role {role!r}; valid roles: {', '.join(valid)}")
    return hosts


def class_hosts(hosts: Mapping[str, Sequence[str]], classes: Mapping[str, Sequence[str]],
                catalogue: Catalogue) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Endpoint class -> sorted inventory hosts that are it (their roles' classes, plus a class that
    falls back on one of those and has its addresses); and the gateway hosts by role."""
    found: dict[str, list[str]] = {}
    gateways: dict[str, list[str]] = {}
    for host, roles in sorted(hosts.items()):
        mine: set[str] = set()
        for role in roles:
            if role in catalogue.gateway_roles:
                gateways.setdefault(role, []).append(host)
            mine.update(catalogue.server_roles.get(role, ()))
        for name, spec in catalogue.endpoint_classes.items():
            on = spec.fallback
            if on is not None and on in mine and name in classes and classes[name] == classes.get(on):
                mine.add(name)
        for name in mine:
            found.setdefault(name, []).append(host)
    return found, gateways


def gateway_zone(catalogue: Catalogue) -> str | None:
    """The zone the perimeter firewalls are named on: the one every gateway role borders."""
    if not catalogue.gateway_roles:
        return None
    shared = frozenset.intersection(*catalogue.gateway_roles.values())
    return min(shared, key=catalogue.zones.index) if shared else None


# --------------------------------------------------------------------------- DOT

def to_dot(flows: Any, title: str, zones: Any = None, hosts: Any = None, product: str | None = None) -> str:
    """Flow records -> Graphviz DOT text: one cluster per zone, one node per endpoint class, one arrow per
    (from, to) pair labelled with protocol and destination ports (one arrow with two heads when the same
    ports go both ways). zones: zone -> CIDRs; hosts: inventory host -> server roles (names the servers
    and the perimeter's firewalls)."""
    flows = flow_records(flows)
    catalogue = get_catalogue(product) if product else catalogue_for(flows)
    title = plain_text(title, "title")
    legend = LEGEND.format(inferred=catalogue.evidence_levels["I"])
    if zones is not None and not isinstance(zones, Mapping):
        raise OcsModelError(f"zones must map zone names to CIDRs, not {shown(zones)}")
    classes = class_addresses(flows, catalogue)
    zone = class_zones(classes, zones or {}, catalogue)
    hosts = _check_hosts(hosts, catalogue)
    owners, gateways = class_hosts(hosts, classes, catalogue)
    rank = {z: i for i, z in enumerate(catalogue.zones)}

    lines = [
        "digraph ocs_port_flows {",
        "  graph " + _attrs(rankdir="LR", fontname="Helvetica", fontsize="16", labelloc="t", labeljust="l",
                            nodesep="0.45", ranksep="1.2", newrank="true", pad="0.3", tooltip=title,
                            label=Raw(_escape(title) + "\\l" + _escape(legend).replace("\\n", "\\l") + "\\l")) + ";",
        "  node " + _attrs(shape="box", style="rounded,filled", fillcolor="white", color="#555555",
                           fontname="Helvetica", fontsize="11", margin="0.15,0.06") + ";",
        "  edge " + _attrs(fontname="Helvetica", fontsize="10", arrowsize="0.7", penwidth="1.3") + ";",
    ]

    def node(name: str, indent: str) -> str:
        cidrs = classes[name]
        addresses = ", ".join(_short(c) for c in cidrs[:3]) + (" ..." if len(cidrs) > 3 else "") if cidrs else "any address"
        text = [catalogue.endpoint_classes[name].label or name, addresses]
        if owners.get(name):
            text.append("(" + ", ".join(owners[name][:4]) + (" ..." if len(owners[name]) > 4 else "") + ")")
        return f"{indent}{name} " + _attrs(label="\n".join(text), tooltip=f"{name}: {addresses}") + ";"

    firewall_note = {
        gateway_zone(catalogue): ", ".join(f"{r.replace('_', ' ')}: {', '.join(h)}" for r, h in sorted(gateways.items())),
    }
    for z in catalogue.zones:
        members = sorted(n for n in classes if zone[n] == z)
        if not members:
            continue
        label, fill, border = ZONE_STYLE.get(z, (z, *OTHER_ZONE_STYLE))
        if firewall_note.get(z):
            label = f"{label}\n({firewall_note[z]})"
        lines.append(f"  subgraph cluster_{z} {{")
        lines.append("    graph " + _attrs(label=label, style="filled,rounded", fillcolor=fill, color=border,
                                           fontcolor=border, fontsize="14", penwidth="1.5") + ";")
        # One server with several interfaces here (a consolidated Edge): its own box.
        by_host: dict[str, list[str]] = {}
        for name in members:
            if len(owners.get(name, [])) == 1:
                by_host.setdefault(owners[name][0], []).append(name)
        grouped = set()
        for host, names in sorted(by_host.items()):
            if len(names) < 2:
                continue
            roles = [r for r in hosts.get(host, []) if r in catalogue.server_roles]
            lines.append(f"    subgraph cluster_{z}_{re.sub(r'[^A-Za-z0-9_]', '_', host)} {{")
            lines.append("      graph " + _attrs(label=f"{host}: {', '.join(roles)}", style="dashed,rounded",
                                                 color="#777777", fontcolor="#333333", fontsize="11",
                                                 fillcolor="white") + ";")
            for name in names:
                lines.append(node(name, "      "))
                grouped.add(name)
            lines.append("    }")
        for name in members:
            if name not in grouped:
                lines.append(node(name, "    "))
        lines.append("  }")

    def edge_label(group: list[FlowRecord]) -> str:
        text = []
        for protocol, source in sorted({(f.protocol, f.source_ports) for f in group}):
            same = [f for f in group if (f.protocol, f.source_ports) == (protocol, source)]
            ports = PortSet.parse([p for f in same for p in f.ports]).to_strings()
            text.append(f"{protocol.upper()} {_wrap(ports)}" + (f" from {','.join(source)}" if source else ""))
        return "\n".join(text)

    def tooltip_line(flow: FlowRecord) -> str:
        source = f" from {','.join(flow.source_ports)}" if flow.source_ports else ""
        return f"{flow.id} ({flow.protocol} {','.join(flow.ports)}{source})"

    pairs: dict[tuple[str, str], list[FlowRecord]] = {}
    for flow in flows:
        pairs.setdefault((flow.from_class, flow.to_class), []).append(flow)
    done = set()
    for (src, dst), group in sorted(pairs.items()):
        if (src, dst) in done:
            continue
        done.add((src, dst))
        back = pairs.get((dst, src)) if src != dst else None
        both = back is not None and edge_label(back) == edge_label(group)  # the same ports both ways: one arrow
        if both and back is not None:  # (both says back is there; mypy does not follow it)
            done.add((dst, src))
            group = group + back
        protocols = tuple(sorted({f.protocol for f in group}))
        colour = PROTOCOL_COLOURS.get(protocols, "#333333")
        attrs = {
            "label": edge_label(group) + ("\n(both ways)" if both else ""),
            "color": colour,
            "fontcolor": colour,
            "tooltip": "\n".join(tooltip_line(f) for f in group),
        }
        if all(f.evidence == "I" for f in group):
            attrs["style"] = "dashed"
        forward = rank[zone[src]] <= rank[zone[dst]]
        if both:
            attrs["dir"] = "both"
        elif not forward:
            attrs["dir"] = "back"  # drawn right to left, laid out left to right
        tail, head = (src, dst) if forward else (dst, src)
        lines.append(f"  {tail} -> {head} " + _attrs(**attrs) + ";")

    # Columns: internet peers, the Edge's external interfaces (and the reverse proxy), its internal ones.
    edge_side = {name: spec.side for name, spec in catalogue.endpoint_classes.items()}
    columns = [
        [n for n in sorted(classes) if zone[n] == "external"],
        [n for n in sorted(classes) if zone[n] == "perimeter" and edge_side[n] != "internal"],
        [n for n in sorted(classes) if zone[n] == "perimeter" and edge_side[n] == "internal"],
    ]
    for column in columns:
        if len(column) > 1:
            lines.append("  { rank=same; " + "; ".join(column) + "; }")
    # Each Edge service's internal interface to the right of its external one (no flow links them): the
    # internal side of each server role that has this external side.
    for name in columns[1]:
        if edge_side[name] != "external":
            continue
        inner = sorted({other for role_classes in catalogue.server_roles.values() if name in role_classes
                        for other in role_classes if edge_side[other] == "internal" and other in classes})
        for other in inner:
            lines.append(f"  {name} -> {other} " + _attrs(style="invis", weight="2") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"
