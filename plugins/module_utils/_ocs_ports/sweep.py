"""The whole port space from one probe place: what must get through, and the verdict on a sweep.

A sweep sends to every TCP and UDP port (1-65535 by default) of every concrete target address and
sorts each port into "gets through" (the target host itself answered: a connection, a TCP reset, an
ICMP port unreachable) or "blocked" (a firewall rejected or dropped it). This module computes, from
the model, the exact set that must get through per target address and protocol, with the flow ids
behind every port, and compares a sweep's observed sets with it: any port that gets through
without a flow, or a modelled port that is blocked, is a mismatch, named with its flows or
"(not in the model)".

The probe place is the same as for the spot checks (:func:`checks.probe_place`): the classes named,
the classes whose addresses contain the probe's, collocated classes and, on the internet, every
internet peer. A flow opens its destination ports at every target address inside its destination
addresses, whatever its source ports (a firewalld service's source-port is an OR, so firewalld
opens such a flow for any source port; the sweep sends from ordinary source ports).

Ports are sets of ranges (ranges.PortSet), never lists of 65,535 numbers. Pure Python, no Ansible
imports. Any bad input raises OcsModelError naming the value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .catalogue import DEFAULT_PRODUCT
from .checks import _as_list, _networks, probe_place
from .errors import OcsModelError
from .model import PROTOCOLS
from .ranges import MAX_PORT, MIN_PORT, PortRange, PortSet

NOT_IN_MODEL = "(not in the model)"
WHOLE_SPACE = f"{MIN_PORT}-{MAX_PORT}"


def _port_set(spec: Any, what: str) -> PortSet:
    """'' or [] -> the empty set; otherwise PortSet.parse with the error naming what it was."""
    if spec in ("", None, []):
        return PortSet()
    try:
        return PortSet.parse(spec)
    except OcsModelError as exc:
        raise OcsModelError(f"{what}: {exc}") from None


def _protocols(protocols: Any) -> list[str]:
    chosen = _as_list(protocols if protocols not in (None, "") else list(PROTOCOLS), "protocols")
    if not chosen:
        raise OcsModelError("protocols is empty; sweep tcp, udp or both")
    for name in chosen:
        if name not in PROTOCOLS:
            raise OcsModelError(f"sweep protocol {name!r} is not one of {', '.join(PROTOCOLS)}")
    return [p for p in PROTOCOLS if p in chosen]


def _segments(by_flow: Mapping[str, PortSet]) -> list[tuple[PortSet, list[str]]]:
    """{flow id: PortSet} -> [(PortSet, [flow ids])]: the ports cut where the set of flows changes."""
    bounds = sorted({b for ports in by_flow.values() for r in ports.ranges for b in (r.start, r.end + 1)})
    pieces: list[tuple[PortSet, list[str]]] = []
    for start, stop in zip(bounds, bounds[1:]):
        ids = sorted(fid for fid, ports in by_flow.items() if start in ports)
        if not ids:
            continue
        if pieces and pieces[-1][1] == ids and pieces[-1][0].ranges[-1].end == start - 1:
            pieces[-1] = (PortSet.parse([pieces[-1][0], PortRange(start, stop - 1)]), ids)
        else:
            pieces.append((PortSet((PortRange(start, stop - 1),)), ids))
    return pieces


def plan_sweep(flows: Any, probe_from: Any, probe_address: Any = None, targets: Any = None, protocols: Any = None,
               ports: Any = WHOLE_SPACE, product: str = DEFAULT_PRODUCT) -> list[dict[str, Any]]:
    """The sweep from one probe place: one record per target address, sorted by address.

    flows: deployment_flows() records; probe_from, probe_address, targets: as for plan_checks;
    protocols: 'tcp', 'udp' or both (default); ports: the part of the port space swept ('1-65535').
    Every record: host, to (classes at the address, comma-separated), from (the probe place), ports
    (the swept ports), and per protocol {through: the ports that must get through (canonical
    string, '' for none), flows: [{ports, flows: [ids]}] (which flows open which ports)}.
    """
    place = probe_place(flows, probe_from, probe_address, targets, product)
    chosen = _protocols(protocols)
    swept = _port_set(ports, "ports")
    if not swept:
        raise OcsModelError("ports is empty; sweep at least one port (default 1-65535)")

    # target address (netaddr.IPAddress) -> protocol -> flow id -> the ports it opens there
    by_address: dict[Any, dict[str, dict[str, PortSet]]] = {
        address: {p: {} for p in chosen} for address in place["at_address"]}
    for flow in place["flows"]:
        if flow.from_class not in place["sources"] or flow.protocol not in chosen:
            continue
        opened = PortSet.parse(flow.ports) & swept
        if not opened:
            continue
        for net in _networks(flow.to_addresses or ()):  # [] = any: an internet peer, never a target
            for address, by_proto in by_address.items():
                if address in net:
                    known = by_proto[flow.protocol].get(flow.id)
                    by_proto[flow.protocol][flow.id] = opened if known is None else known | opened

    result = []
    for address in sorted(by_address, key=lambda a: (a.version, int(a))):
        record: dict[str, Any] = {
            "host": str(address),
            "to": ",".join(sorted(place["at_address"][address])),
            "from": ",".join(place["explicit"]),
            "ports": str(swept),
        }
        for protocol in chosen:
            by_flow = by_address[address][protocol]
            through = PortSet()
            for opened in by_flow.values():
                through = through | opened
            record[protocol] = {
                "through": str(through),
                "flows": [{"ports": str(p), "flows": ids} for p, ids in _segments(by_flow)],
            }
        result.append(record)
    return result


def _flows_for(ports: PortSet, expected_flows: Iterable[Mapping[str, Any]]) -> list[tuple[PortSet, list[str]]]:
    """The expected flows' records that overlap ports -> [(PortSet, [ids])] restricted to ports."""
    found = []
    for item in expected_flows:
        part = PortSet.parse(item["ports"]) & ports
        if part:
            found.append((part, item["flows"]))
    return found


def compare_sweep(plan: Sequence[Mapping[str, Any]], observed: Any) -> list[dict[str, Any]]:
    """Observed sweeps against the plan -> one verdict row per (target address, protocol).

    plan: plan_sweep() records; observed: the probe's results, one per target address, each with
    host and per protocol {through: ports that got through, states: {state: count}}, or with
    skipped (why the address was not swept, e.g. it is the probe host's own address) or error.
    Every row: host, to, from, protocol, swept (how many ports), expected (ports), observed
    (ports), extra [{ports, flows: ['(not in the model)']}], missing [{ports, flows}],
    modelled [{ports, flows}] (what got through as the model says), ok (bool), skipped/error (text).
    Rows come in plan order; an observation for an address the plan does not have is an error row.
    """
    if isinstance(observed, Mapping):
        observed = observed.get("results", [])
    seen: dict[str, Any] = {}
    for item in observed or []:
        if not isinstance(item, Mapping) or not item.get("host"):
            raise OcsModelError(f"sweep observation {item!r} names no host")
        seen[str(item["host"])] = item
    rows = []
    planned_hosts = set()
    for record in plan:
        planned_hosts.add(record["host"])
        swept = _port_set(record["ports"], f"plan for {record['host']}")
        obs = seen.get(record["host"])
        for protocol in PROTOCOLS:
            if protocol not in record:
                continue
            expected = _port_set(record[protocol]["through"], f"plan for {record['host']}/{protocol}")
            row: dict[str, Any] = {
                "host": record["host"], "to": record["to"], "from": record["from"], "protocol": protocol,
                "swept": swept.size, "expected": str(expected), "observed": None, "states": {},
                "extra": [], "missing": [], "modelled": [], "ok": False,
            }
            if obs is None:
                row["error"] = "not swept: no observation for this address"
            elif obs.get("skipped"):
                row["skipped"] = str(obs["skipped"])
                row["ok"] = True
                row.pop("observed")
            elif obs.get("error"):
                row["error"] = str(obs["error"])
            elif not isinstance(obs.get(protocol), Mapping):
                row["error"] = f"not swept: no {protocol} result for this address"
            else:
                got = _port_set(obs[protocol].get("through", ""), f"observed {record['host']}/{protocol}")
                stray = got - swept
                if stray:
                    raise OcsModelError(f"observed {record['host']}/{protocol}: ports {stray} were not swept")
                row["observed"] = str(got)
                row["states"] = dict(obs[protocol].get("states") or {})
                extra, missing = got - expected, expected - got
                row["extra"] = [{"ports": r, "flows": [NOT_IN_MODEL]} for r in extra.to_strings()]
                row["missing"] = [{"ports": str(p), "flows": ids}
                                  for p, ids in _flows_for(missing, record[protocol]["flows"])]
                row["modelled"] = [{"ports": str(p), "flows": ids}
                                   for p, ids in _flows_for(got & expected, record[protocol]["flows"])]
                row["ok"] = not extra and not missing
            rows.append(row)
    for host in sorted(set(seen) - planned_hosts):
        rows.append({"host": host, "to": "", "from": plan[0]["from"] if plan else "", "protocol": "-",
                     "swept": 0, "expected": "", "observed": None, "states": {}, "extra": [], "missing": [],
                     "modelled": [], "ok": False, "error": "swept, but the plan has no such target"})
    return rows


def sweep_summary(rows: Sequence[Mapping[str, Any]], place: str | None = None) -> dict[str, Any]:
    """Figures of one probe place: address/port pairs swept, how many got through, how many of those
    the model opens, extra and missing ports, and the verdict."""
    done = [r for r in rows if r.get("observed") is not None]
    pairs = sum(r["swept"] for r in done)
    through = sum(_port_set(r["observed"], "observed").size for r in done)
    extra = sum(_port_set(e["ports"], "extra").size for r in done for e in r["extra"])
    missing = sum(_port_set(m["ports"], "missing").size for r in done for m in r["missing"])
    return {
        "from": place if place is not None else (rows[0]["from"] if rows else ""),
        "addresses": len({r["host"] for r in done}),
        "pairs": pairs,
        "through": through,
        "modelled": through - extra,
        "extra": extra,
        "missing": missing,
        "skipped": sorted({r["host"] for r in rows if r.get("skipped")}),
        "errors": [f"{r['host']}/{r['protocol']}: {r['error']}" for r in rows if r.get("error")],
        "ok": bool(rows) and all(r["ok"] for r in rows),
    }
