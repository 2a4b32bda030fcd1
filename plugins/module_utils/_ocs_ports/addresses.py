"""Addresses and CIDRs (through netaddr), and the zone an address belongs to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .errors import OcsModelError, shown

try:
    import netaddr
except ImportError:  # reported when first used, with what to install
    netaddr = None


def _need_netaddr() -> None:
    if netaddr is None:
        raise OcsModelError("the Python library netaddr is required on the controller (pip install netaddr)")


def parse_network(value: Any, what: str = "address") -> str:
    """One address or CIDR -> canonical CIDR string ('203.0.113.10/32', '10.0.0.0/8')."""
    _need_netaddr()
    if isinstance(value, bool) or not isinstance(value, str) or not value.strip():
        raise OcsModelError(f"{what} {shown(value)} is not an IP address or CIDR")
    text = value.strip()
    try:
        network = netaddr.IPNetwork(text)
    except (netaddr.AddrFormatError, ValueError, TypeError) as exc:
        detail = f" ({exc})" if len(text) <= 80 else ""
        raise OcsModelError(f"{what} {shown(text)} is not an IP address or CIDR{detail}") from None
    if network.ip != network.network:
        raise OcsModelError(
            f"{what} '{text}' has host bits set; write the network, e.g. '{network.cidr}'"
        )
    if network.version == 6 and network.ip.is_ipv4_mapped():
        # A firewall rule for ::ffff:a.b.c.d never matches IPv4 traffic, and it hides duplicates.
        raise OcsModelError(
            f"{what} '{text}' is an IPv4-mapped IPv6 address; write the IPv4 address "
            f"'{network.ip.ipv4()}' instead"
        )
    return str(network.cidr)


def parse_networks(value: Any, what: str = "address") -> tuple[str, ...]:
    """A string or a list of strings -> sorted, de-duplicated tuple of CIDR strings."""
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, Iterable) and not isinstance(value, Mapping):
        items = list(value)
    else:
        raise OcsModelError(f"{what} {shown(value)} must be an address, a CIDR or a list of them")
    if not items:
        raise OcsModelError(f"{what} is an empty list")
    networks = {parse_network(item, what) for item in items}
    return tuple(sorted(networks, key=network_sort_key))


def network_sort_key(cidr: str) -> tuple[int, int, int]:
    network = netaddr.IPNetwork(cidr)
    return (network.version, network.first, network.prefixlen)


class ZoneMap:
    """Zone name -> CIDRs. An address belongs to the most specific CIDR containing it;
    'external' is everything in no other zone."""

    DEFAULT_ZONE = "external"

    def __init__(self, zones: Any, valid_zones: Sequence[str]) -> None:
        _need_netaddr()
        if not isinstance(zones, Mapping):
            raise OcsModelError(f"zones must be a mapping of zone name to CIDRs, not {shown(zones)}")
        self.entries: list[tuple[netaddr.IPNetwork, str]] = []
        owner: dict[str, str] = {}
        for zone, cidrs in zones.items():
            if zone not in valid_zones:
                raise OcsModelError(f"unknown zone '{zone}'; valid zones: {', '.join(valid_zones)}")
            for cidr in parse_networks(cidrs, what=f"zones.{zone}"):
                if owner.setdefault(cidr, zone) != zone:
                    raise OcsModelError(f"CIDR '{cidr}' is in two zones, '{owner[cidr]}' and '{zone}'")
                self.entries.append((netaddr.IPNetwork(cidr), zone))

    def zone_of(self, cidr: str) -> str:
        """The zone of an address/network; fails when a network straddles zones.

        CIDRs either nest or are disjoint, so the containing zone networks form a chain:
        the longest prefix wins. A zone network strictly inside the given one with another
        zone means the given network spans two zones.
        """
        network = netaddr.IPNetwork(cidr)
        containing = [
            (zone_net.prefixlen, zone)
            for zone_net, zone in self.entries
            if zone_net.version == network.version and network in zone_net
        ]
        zone = max(containing)[1] if containing else self.DEFAULT_ZONE
        for zone_net, inner_zone in self.entries:
            narrower = zone_net.version == network.version and zone_net.prefixlen > network.prefixlen
            if narrower and zone_net in network and inner_zone != zone:
                raise OcsModelError(
                    f"address '{cidr}' spans zones '{zone}' and '{inner_zone}' ({zone_net.cidr}); "
                    "split it so that each CIDR lies within one zone"
                )
        return zone
