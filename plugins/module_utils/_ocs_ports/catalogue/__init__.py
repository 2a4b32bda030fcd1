"""Port catalogues: one module per product, each a Catalogue of immutable flow records.

What a flow means (every row of every catalogue follows it):

* A flow goes FROM the side that opens the connection (or sends the first datagram) TO the
  side that listens; its ``ports`` are the listener's ports.
* Replies ride on connection state. Microsoft's tables are written for stateful firewalls and
  never list reply traffic, so a catalogue never adds a reverse row for it: the A/V Edge listens
  on UDP 3478, a client does not, so there is no "Edge -> client UDP 3478" row.
* Where Microsoft names the opener's ports (the A/V Edge's 50000-59999 towards a partner's
  TCP 443, Edge-to-Edge UDP 3478 -> 3478, the Mediation Server's own media range), they go in
  ``source_ports``, for firewalls that filter on them.
* A media range belongs to the endpoint class that owns it (``media_owners``): ``ports`` may
  name only the destination's range, ``source_ports`` only the source's. A host's own media
  override narrows its own listening or source ports, never a peer's.

Ids are never reused and never silently dropped: a wrong row is retired (``retired_ids``, with
the reason) and, where a corrected row replaces it, the new row has a new id. Changes that keep
the id (gating, evidence, citation, added source ports) are recorded in ``changes``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import OcsModelError

if TYPE_CHECKING:  # for annotations only: the model does not import the catalogue, nor this it
    from ..model import FlowRecord

MEDIA_PREFIX = "media:"
# The evidence scale every catalogue uses, strongest first: V seen verbatim in the vendor's text,
# S seen in a third-party copy of a vendor table, I inferred. Each catalogue says what its levels
# rest on (Catalogue.evidence_levels), and the port matrix and the diagram print that.
EVIDENCE_LEVELS = ("V", "S", "I")


@dataclass(frozen=True)
class EndpointClass:
    name: str
    description: str
    # External peers (the internet) mean "any address" when the topology does not narrow
    # them; every other class exists only when the topology names its addresses.
    external_peer: bool = False
    side: str | None = None  # 'external' or 'internal' for the Edge's two interfaces
    fallback: str | None = None  # topology key used when this class is not named
    # Whether the topology may give networks (client subnets, the internet); a server class takes
    # host addresses only (a /32 or /128 each), so a typo like 0.0.0.0/0 cannot open a whole network.
    networks: bool = False
    label: str = ""  # a short name for the diagram ("Front End"); empty: the class name


@dataclass(frozen=True)
class Flow:
    id: str
    source: str  # endpoint class that opens the connection (or sends the datagrams)
    destination: str
    protocol: str  # 'tcp' or 'udp'
    ports: str  # a literal port spec, or 'media:<key>' for a configurable media range
    purpose: str
    reference: str
    evidence: str
    features: tuple[str, ...] = ()  # all must be enabled for the flow to be used
    ipsec_exempt: bool = False
    source_ports: str | None = None  # the opener's ports where Microsoft names them; None = any
    any_features: tuple[str, ...] = ()  # at least one must be enabled (besides all of features)


@dataclass(frozen=True)
class IpsecExemption:
    id: str
    name: str  # the rule name of TN-dd425136 Table 1
    source: str | None  # endpoint class, None = Any
    destination: str | None
    protocols: tuple[str, ...] = ("udp", "tcp")
    source_ports: str | None = None  # 'media:client' for the Clients row
    features: tuple[str, ...] = ()  # all must be enabled for the exemption to be used
    # For an Any-to-Any row, the endpoint classes of the hosts it is meant for (empty: every host).
    hosts: tuple[str, ...] = ()
    reference: str = "TN-dd425136"
    evidence: str = "V"


@dataclass(frozen=True)
class AddressRule:
    """Topology keys that may not share an address: with each other, or (apart_from) with any
    address of those other keys. why: the reason, shown in the error."""

    keys: tuple[str, ...]
    why: str
    apart_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    product: str
    title: str  # the product's short name: rule prefixes, service descriptions, document titles
    references: dict[str, tuple[str, str]]  # key -> (title, url)
    endpoint_classes: dict[str, EndpointClass]  # name -> EndpointClass
    shared_address_keys: dict[str, str]  # extra topology keys (no flows of their own) -> description
    server_roles: dict[str, tuple[str, ...]]  # role -> tuple of endpoint classes the host is
    gateway_roles: dict[str, frozenset[str]]  # role -> frozenset of the two zones it sits between
    zones: tuple[str, ...]
    features: dict[str, tuple[bool, str]]  # name -> (default, description)
    feature_requires: dict[str, tuple[str, ...]]  # feature -> features it needs
    media_ports: dict[str, tuple[str, str]]  # key -> (default spec, description)
    flows: tuple[Flow, ...]
    ipsec_exemptions: tuple[IpsecExemption, ...]
    media_owners: dict[str, str] = field(default_factory=dict)  # media key -> endpoint class that owns the range
    # Classes that are client computers, and the only ports a client listens on.
    client_classes: tuple[str, ...] = ()
    client_listening_ports: tuple[str, ...] = ()
    retired_ids: dict[str, str] = field(default_factory=dict)  # id -> why it was retired (and what replaces it)
    changes: tuple[tuple[str, str, str], ...] = ()  # (version, id, what changed) for rows that kept their id
    rule_group: str = ""  # the Windows Firewall rule group of the product's rules
    evidence_levels: dict[str, str] = field(default_factory=dict)  # EVIDENCE_LEVELS letter -> what it rests on
    address_rules: tuple[AddressRule, ...] = ()  # AddressRule: addresses the topology must keep apart
    # Ports a probe checks are closed wherever the model opens nothing (the port_check role), and the
    # UDP port probed with a STUN Binding Request rather than a bare datagram.
    probe_ports: tuple[str, ...] = ()
    stun_port: int | None = None

    def flow(self, flow_id: str) -> Flow:
        for flow in self.flows:
            if flow.id == flow_id:
                return flow
        raise OcsModelError(f"unknown flow id '{flow_id}'")


def _load() -> dict[str, Catalogue]:
    from . import ocs2007r2

    return {ocs2007r2.CATALOGUE.product: ocs2007r2.CATALOGUE}


PRODUCTS = _load()
DEFAULT_PRODUCT = "ocs2007r2"  # what every plugin and role uses when no product is given


def get_catalogue(product: str) -> Catalogue:
    if product not in PRODUCTS:
        raise OcsModelError(
            f"unknown product '{product}'; valid products: {', '.join(sorted(PRODUCTS))}"
        )
    return PRODUCTS[product]


def catalogue_for(records: Iterable[FlowRecord], product: str | None = None) -> Catalogue:
    """The catalogue of flow records (their product), or of product (default: DEFAULT_PRODUCT) when
    they name none."""
    named = sorted({record.product for record in records if record.product})
    if len(named) > 1:
        raise OcsModelError(f"flow records of several products ({', '.join(named)}) cannot go in one document")
    if named and product and named[0] != product:
        raise OcsModelError(f"the flow records are of product '{named[0]}', not '{product}'")
    return get_catalogue(named[0] if named else product or DEFAULT_PRODUCT)
