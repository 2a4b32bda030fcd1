"""Which of the two kinds of input a list holds: host-view rules or IPsec exemption rows. Their fields
are read and checked by the model (model.HostRule, model.IpsecRow) before they reach a script."""

from ...errors import OcsModelError
from ...model import HostRule, IpsecRow

KINDS = ("firewall", "ipsec")
# kind -> (record type, the key that marks it, what a list of them is, what one lacking the key is told)
RECORDS = {
    "firewall": (HostRule, "direction", "rules must be a list of host-view rules",
                 "is not a host-view rule (no 'direction'); use view=host"),
    "ipsec": (IpsecRow, "protocols", "IPsec exemptions must be a list of rows",
              "is not an IPsec exemption row (no 'protocols')"),
}


def parse_records(data, kind):
    """The list as typed records of one kind (model.HostRule or model.IpsecRow), every field checked."""
    record_type, marker, list_of, lacking = RECORDS[kind]
    if not isinstance(data, (list, tuple)):
        raise OcsModelError(f"{list_of}, not {data!r}")
    for item in data:
        if not isinstance(item, dict) or marker not in item:
            raise OcsModelError(f"{item!r} {lacking}")
    return [record_type.from_mapping(item) for item in data]


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
