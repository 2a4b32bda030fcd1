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

from dataclasses import dataclass, field

from ..errors import OcsModelError

MEDIA_PREFIX = "media:"
EVIDENCE_LEVELS = {
    "V": "seen verbatim in Microsoft text",
    "S": "seen in a third-party copy of a Microsoft table",
    "I": "inferred from later (Lync 2010/2013) tables",
}


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
    features: tuple = ()  # all must be enabled for the flow to be used
    ipsec_exempt: bool = False
    source_ports: str | None = None  # the opener's ports where Microsoft names them; None = any
    any_features: tuple = ()  # at least one must be enabled (besides all of features)


@dataclass(frozen=True)
class IpsecExemption:
    id: str
    name: str  # the rule name of TN-dd425136 Table 1
    source: str | None  # endpoint class, None = Any
    destination: str | None
    protocols: tuple = ("udp", "tcp")
    source_ports: str | None = None  # 'media:client' for the Clients row
    features: tuple = ()  # all must be enabled for the exemption to be used
    # For an Any-to-Any row, the endpoint classes of the hosts it is meant for (empty: every host).
    hosts: tuple = ()
    reference: str = "TN-dd425136"
    evidence: str = "V"


@dataclass(frozen=True)
class Catalogue:
    product: str
    title: str
    references: dict  # key -> (title, url)
    endpoint_classes: dict  # name -> EndpointClass
    shared_address_keys: dict  # extra topology keys (no flows of their own) -> description
    server_roles: dict  # role -> tuple of endpoint classes the host is
    gateway_roles: dict  # role -> frozenset of the two zones it sits between
    zones: tuple
    features: dict  # name -> (default, description)
    feature_requires: dict  # feature -> features it needs
    media_ports: dict  # key -> (default spec, description)
    flows: tuple
    ipsec_exemptions: tuple
    media_owners: dict = field(default_factory=dict)  # media key -> endpoint class that owns the range
    # Classes that are client computers, and the only ports a client listens on.
    client_classes: tuple = ()
    client_listening_ports: tuple = ()
    retired_ids: dict = field(default_factory=dict)  # id -> why it was retired (and what replaces it)
    changes: tuple = ()  # (version, id, what changed) for rows that kept their id

    def flow(self, flow_id):
        for flow in self.flows:
            if flow.id == flow_id:
                return flow
        raise OcsModelError(f"unknown flow id '{flow_id}'")


def _load():
    from . import ocs2007r2

    return {ocs2007r2.CATALOGUE.product: ocs2007r2.CATALOGUE}


PRODUCTS = _load()


def get_catalogue(product):
    if product not in PRODUCTS:
        raise OcsModelError(
            f"unknown product '{product}'; valid products: {', '.join(sorted(PRODUCTS))}"
        )
    return PRODUCTS[product]
