"""What the Windows renderers read from their input: the fields of host-view rules and IPsec
exemption rows (plain dicts from resolve.py), each checked before it reaches a script (ports through
the range algebra, addresses through netaddr, ids against the catalogue id pattern), and which of
the two kinds a list holds.
"""

import re

from ...addresses import parse_network
from ...errors import OcsModelError
from ...ranges import PortSet

ID_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
KINDS = ("firewall", "ipsec")


def _field(record, key, what):
    if not isinstance(record, dict) or key not in record:
        raise OcsModelError(f"{what} {record!r} has no '{key}'")
    return record[key]


def _ports(value, what):
    """A list of port specs -> canonical strings (validated, merged, never expanded)."""
    if value is None or (isinstance(value, (list, tuple)) and not value):
        return []
    try:
        return PortSet.parse(value).to_strings()
    except OcsModelError as exc:
        raise OcsModelError(f"{what}: {exc}") from None


def _addresses(value, what):
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise OcsModelError(f"{what} must be a list of CIDRs, not {value!r}")
    return [parse_network(item, what) for item in value]


def _flow_id(value, what):
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise OcsModelError(f"{what} {value!r} is not a catalogue id (lower-case words separated by dots)")
    return value


def detect_kind(data, kind="auto"):
    """'firewall' for host-view rules (they have a direction), 'ipsec' for IPsec exemption rows
    (they have protocols); kind names it when the list may be empty."""
    if kind != "auto":
        if kind not in KINDS:
            raise OcsModelError(f"unknown kind {kind!r}; valid kinds: auto, {', '.join(KINDS)}")
        return kind
    if not isinstance(data, (list, tuple)):
        raise OcsModelError(f"input must be a list of host-view rules or IPsec exemption rows, not {data!r}")
    if not data:
        raise OcsModelError("the input list is empty: pass kind=firewall or kind=ipsec")
    found = set()
    for item in data:
        if isinstance(item, dict) and "direction" in item:
            found.add("firewall")
        elif isinstance(item, dict) and "protocols" in item:
            found.add("ipsec")
        else:
            raise OcsModelError(
                f"{item!r} is neither a host-view rule (with 'direction') nor an IPsec exemption row (with 'protocols')"
            )
    if len(found) > 1:
        raise OcsModelError("the input mixes host-view rules and IPsec exemption rows; render them separately")
    return found.pop()
