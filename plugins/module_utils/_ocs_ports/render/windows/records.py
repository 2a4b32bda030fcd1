"""Which of the two kinds of input a list holds: host-view rules or IPsec exemption rows. Their fields
are read and checked by the model (model.HostRule, model.IpsecRow) before they reach a script."""

from ...errors import OcsModelError

KINDS = ("firewall", "ipsec")


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
