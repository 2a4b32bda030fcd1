"""Office Communications Server 2007 R2: the port tables as data.

Facts and evidence levels from the project's reference (ocs-2007-r2-ports.md):
V = verbatim in Microsoft text, S = third-party copy of a Microsoft table,
I = inferred from the Lync 2010/2013 tables. Every row names its source.
"""

from . import Catalogue, EndpointClass, Flow, IpsecExemption

REFERENCES = {
    "TN-dd425238": (
        "Ports and Protocols (Office Communications Server 2007 R2)",
        "https://technet.microsoft.com/en-us/library/dd425238(office.13).aspx",
    ),
    "TN-dd441361": (
        "Firewall Requirements for External User Access (OCS 2007 R2)",
        "https://technet.microsoft.com/en-us/library/dd441361(office.13).aspx",
    ),
    "TN-dd425136": (
        "IPsec Exceptions (OCS 2007 R2)",
        "https://technet.microsoft.com/en-us/library/dd425136(office.13).aspx",
    ),
    "TN-bb964029": (
        "Configuring the client media port range (Office Communicator)",
        "https://technet.microsoft.com/en-us/library/bb964029(office.12).aspx",
    ),
    "LYNC2013-PORTS": (
        "Lync Server 2013 port summary, single consolidated Edge with public IP addresses",
        "https://github.com/MicrosoftDocs/OfficeDocs-SkypeForBusiness/blob/live/Lync/LyncServer/"
        "lync-server-2013-port-summary-single-consolidated-edge-with-public-ip-addresses.md",
    ),
}

EXT = "external"
INT = "internal"

ENDPOINT_CLASSES = {
    c.name: c
    for c in (
        EndpointClass("remote_user", "Remote and anonymous users on the internet", external_peer=True),
        EndpointClass("federated_partner", "Federated partners' Access and A/V Edge servers", external_peer=True),
        EndpointClass("public_im_provider", "Public IM connectivity providers", external_peer=True),
        EndpointClass("access_edge_external", "Access Edge, external interface", side=EXT),
        EndpointClass("webconf_edge_external", "Web Conferencing Edge, external interface", side=EXT),
        EndpointClass("av_edge_external", "A/V Edge, external interface (publicly routable)", side=EXT),
        EndpointClass("access_edge_internal", "Access Edge, internal interface", side=INT, fallback="edge_internal"),
        EndpointClass(
            "webconf_edge_internal", "Web Conferencing Edge, internal interface", side=INT, fallback="edge_internal"
        ),
        EndpointClass("av_edge_internal", "A/V Edge, internal interface", side=INT, fallback="edge_internal"),
        EndpointClass("front_end", "Front End servers (pool) or Standard Edition server"),
        EndpointClass("director", "Director"),
        EndpointClass("av_conferencing", "A/V Conferencing servers (collocated on the Front End unless named)",
                      fallback="front_end"),
        EndpointClass("mediation", "Mediation servers"),
        EndpointClass("pstn_gateway", "PSTN (media) gateways"),
        EndpointClass("exchange_um", "Exchange Unified Messaging servers"),
        EndpointClass("internal_client", "Office Communicator / Live Meeting clients on the internal network"),
        EndpointClass("reverse_proxy", "Reverse proxy publishing the internal Web Components"),
    )
}

SHARED_ADDRESS_KEYS = {
    "edge_internal": "The internal address of a consolidated Edge; used for access_edge_internal, "
    "webconf_edge_internal and av_edge_internal unless those are named",
}

SERVER_ROLES = {
    "access_edge": ("access_edge_external", "access_edge_internal"),
    "webconf_edge": ("webconf_edge_external", "webconf_edge_internal"),
    "av_edge": ("av_edge_external", "av_edge_internal"),
    "front_end": ("front_end",),
    "director": ("director",),
    "av_conferencing": ("av_conferencing",),
    "mediation": ("mediation",),
    "reverse_proxy": ("reverse_proxy",),
    "client": ("internal_client",),
}

ZONES = ("external", "perimeter", "internal")

# A back-to-back perimeter: each firewall sits between two zones.
GATEWAY_ROLES = {
    "external_firewall": frozenset({"external", "perimeter"}),
    "internal_firewall": frozenset({"perimeter", "internal"}),
}

FEATURES = {
    "remote_access": (True, "Remote users sign in through the Access Edge and reverse proxy"),
    "federation": (False, "Federation with partner organisations (SIP on 5061; A/V federation with av)"),
    "federation_legacy": (False, "A/V federation with OCS 2007 (R1) or earlier partners: 50000-59999 TCP and UDP both ways"),
    "public_im": (False, "Public IM connectivity (SIP on 5061 with public IM providers)"),
    "web_conferencing": (True, "Live Meeting web conferencing (PSOM 8057 internal, 443 external)"),
    "av": (True, "Audio/video (A/V Edge, A/V Conferencing, client media)"),
    "file_transfer": (True, "Communicator file transfer between clients (TCP 6891-6901)"),
    "enterprise_voice": (False, "Enterprise Voice: Mediation servers, PSTN gateways, voice applications"),
    "plain_transports": (False, "Unencrypted SIP/TCP 5060 and HTTP 80 to the Web farm (only where TLS is not used)"),
}

FEATURE_REQUIRES = {
    "federation_legacy": ("federation", "av"),
}

MEDIA_PORTS = {
    "client": ("1024-65535", "Office Communicator / Live Meeting client media range (PortRange policy)"),
    "av_edge": ("50000-59999", "A/V Edge external media range (RTP/TCP and RTP/UDP)"),
    "mediation": ("60000-64000", "Mediation server media range towards the PSTN gateway"),
    "av_conferencing": ("49152-65535", "A/V Conferencing server media range"),
}

FED = ("federation",)
AV = ("av",)
AV_FED = ("av", "federation")
AV_LEGACY = ("av", "federation", "federation_legacy")
EV = ("enterprise_voice",)


def _flow(fid, src, dst, proto, ports, purpose, ref, ev, features=(), ipsec=False):
    return Flow(fid, src, dst, proto, ports, purpose, ref, ev, tuple(features), ipsec)


# fmt: off
FLOWS = (
    # ---- Access Edge, external interface --------------------------------------------------
    _flow("access_edge.external.sip_tls_from_remote_user", "remote_user", "access_edge_external", "tcp", "443",
          "SIP/TLS remote user access", "TN-dd441361", "S", ("remote_access",)),
    _flow("access_edge.external.sip_mtls_from_partner", "federated_partner", "access_edge_external", "tcp", "5061",
          "SIP/MTLS federation (inbound)", "TN-dd441361", "S", FED),
    _flow("access_edge.external.sip_mtls_to_partner", "access_edge_external", "federated_partner", "tcp", "5061",
          "SIP/MTLS federation (outbound)", "TN-dd441361", "S", FED),
    _flow("access_edge.external.sip_mtls_from_public_im", "public_im_provider", "access_edge_external", "tcp", "5061",
          "SIP/MTLS public IM connectivity (inbound)", "TN-dd441361", "S", ("public_im",)),
    _flow("access_edge.external.sip_mtls_to_public_im", "access_edge_external", "public_im_provider", "tcp", "5061",
          "SIP/MTLS public IM connectivity (outbound)", "TN-dd441361", "S", ("public_im",)),
    # ---- Access Edge, internal interface (next hop: Director and/or pool) -----------------
    _flow("access_edge.internal.sip_mtls_from_director", "director", "access_edge_internal", "tcp", "5061",
          "SIP/MTLS from the Director", "LYNC2013-PORTS", "I"),
    _flow("access_edge.internal.sip_mtls_to_director", "access_edge_internal", "director", "tcp", "5061",
          "SIP/MTLS to the Director", "LYNC2013-PORTS", "I"),
    _flow("access_edge.internal.sip_mtls_from_front_end", "front_end", "access_edge_internal", "tcp", "5061",
          "SIP/MTLS from the Front End pool", "LYNC2013-PORTS", "I"),
    _flow("access_edge.internal.sip_mtls_to_front_end", "access_edge_internal", "front_end", "tcp", "5061",
          "SIP/MTLS to the Front End pool", "LYNC2013-PORTS", "I"),
    # ---- Web Conferencing Edge --------------------------------------------------------------
    _flow("webconf_edge.external.psom_tls_from_remote_user", "remote_user", "webconf_edge_external", "tcp", "443",
          "PSOM/TLS from remote and anonymous Live Meeting users", "LYNC2013-PORTS", "I", ("web_conferencing",)),
    _flow("webconf_edge.internal.psom_mtls_from_front_end", "front_end", "webconf_edge_internal", "tcp", "8057",
          "PSOM/MTLS from the Web Conferencing server (Front End)", "TN-dd441361", "S", ("web_conferencing",)),
    # ---- A/V Edge, external interface -------------------------------------------------------
    _flow("av_edge.external.stun_tcp_from_remote_user", "remote_user", "av_edge_external", "tcp", "443",
          "STUN/TCP media relay for remote users", "TN-dd441361", "S", AV, True),
    _flow("av_edge.external.stun_tcp_from_partner", "federated_partner", "av_edge_external", "tcp", "443",
          "STUN/TCP media relay, federated partners (inbound)", "TN-dd441361", "S", AV_FED, True),
    _flow("av_edge.external.stun_tcp_to_partner", "av_edge_external", "federated_partner", "tcp", "443",
          "STUN/TCP media relay, federated partners (outbound)", "TN-dd441361", "S", AV_FED, True),
    _flow("av_edge.external.stun_tcp_to_remote_user", "av_edge_external", "remote_user", "tcp", "443",
          "STUN/TCP media relay towards remote users' edges (outbound)", "TN-dd441361", "S", AV, True),
    _flow("av_edge.external.stun_udp_to_remote_user", "av_edge_external", "remote_user", "udp", "3478",
          "STUN/UDP towards remote users (outbound)", "TN-dd441361", "S", AV, True),
    _flow("av_edge.external.stun_udp_from_remote_user", "remote_user", "av_edge_external", "udp", "3478",
          "STUN/UDP for remote users", "TN-dd441361", "V", AV, True),
    _flow("av_edge.external.stun_udp_from_partner", "federated_partner", "av_edge_external", "udp", "3478",
          "STUN/UDP, federated partners (inbound)", "TN-dd441361", "V", AV_FED, True),
    _flow("av_edge.external.stun_udp_to_partner", "av_edge_external", "federated_partner", "udp", "3478",
          "STUN/UDP, federated partners (outbound)", "TN-dd441361", "V", AV_FED, True),
    _flow("av_edge.external.rtp_tcp_to_partner", "av_edge_external", "federated_partner", "tcp", "media:av_edge",
          "RTP/TCP for A/V federation (outbound only is enough for R2 partners)", "TN-dd441361", "V", AV_FED, True),
    _flow("av_edge.external.rtp_tcp_from_legacy_partner", "federated_partner", "av_edge_external", "tcp",
          "media:av_edge", "RTP/TCP inbound for OCS 2007 (R1) or earlier partners", "TN-dd441361", "V", AV_LEGACY, True),
    _flow("av_edge.external.rtp_udp_from_legacy_partner", "federated_partner", "av_edge_external", "udp",
          "media:av_edge", "RTP/UDP inbound for OCS 2007 (R1) or earlier partners", "TN-dd441361", "V", AV_LEGACY, True),
    _flow("av_edge.external.rtp_udp_to_legacy_partner", "av_edge_external", "federated_partner", "udp",
          "media:av_edge", "RTP/UDP outbound for OCS 2007 (R1) or earlier partners", "TN-dd441361", "V", AV_LEGACY, True),
    # ---- A/V Edge, internal interface --------------------------------------------------------
    _flow("av_edge.internal.av_auth_from_front_end", "front_end", "av_edge_internal", "tcp", "5062",
          "SIP/MTLS A/V authentication from the Front End", "LYNC2013-PORTS", "I", AV, True),
    _flow("av_edge.internal.stun_udp_from_client", "internal_client", "av_edge_internal", "udp", "3478",
          "STUN/UDP from internal clients", "LYNC2013-PORTS", "I", AV, True),
    _flow("av_edge.internal.stun_udp_to_client", "av_edge_internal", "internal_client", "udp", "3478",
          "STUN/UDP to internal clients", "LYNC2013-PORTS", "I", AV, True),
    _flow("av_edge.internal.stun_tcp_from_client", "internal_client", "av_edge_internal", "tcp", "443",
          "STUN/TCP from internal clients", "LYNC2013-PORTS", "I", AV, True),
    _flow("av_edge.internal.stun_tcp_to_client", "av_edge_internal", "internal_client", "tcp", "443",
          "STUN/TCP to internal clients", "LYNC2013-PORTS", "I", AV, True),
    _flow("av_edge.internal.stun_udp_from_av_conferencing", "av_conferencing", "av_edge_internal", "udp", "3478",
          "STUN/UDP from the A/V Conferencing servers", "LYNC2013-PORTS", "I", AV, True),
    _flow("av_edge.internal.stun_udp_to_av_conferencing", "av_edge_internal", "av_conferencing", "udp", "3478",
          "STUN/UDP to the A/V Conferencing servers", "LYNC2013-PORTS", "I", AV, True),
    _flow("av_edge.internal.stun_tcp_from_av_conferencing", "av_conferencing", "av_edge_internal", "tcp", "443",
          "STUN/TCP from the A/V Conferencing servers", "LYNC2013-PORTS", "I", AV, True),
    _flow("av_edge.internal.stun_tcp_to_av_conferencing", "av_edge_internal", "av_conferencing", "tcp", "443",
          "STUN/TCP to the A/V Conferencing servers", "LYNC2013-PORTS", "I", AV, True),
    # ---- Front End / Standard Edition ----------------------------------------------------------
    _flow("front_end.sip_tls_from_client", "internal_client", "front_end", "tcp", "5061",
          "SIP/TLS from Communicator and Phone Edition", "TN-dd425238", "V"),
    _flow("front_end.https_from_client", "internal_client", "front_end", "tcp", "443",
          "HTTPS Web Components (address book, group expansion); Phone Edition SIP/TLS fallback", "TN-dd425238", "V"),
    _flow("front_end.sip_tcp_from_client", "internal_client", "front_end", "tcp", "5060",
          "SIP/TCP from clients where TLS is not used", "TN-dd425238", "V", ("plain_transports",)),
    _flow("front_end.psom_from_client", "internal_client", "front_end", "tcp", "8057",
          "PSOM/TLS from Live Meeting 2007 clients (Web Conferencing)", "TN-dd425238", "S", ("web_conferencing",)),
    _flow("front_end.sip_mtls_pool", "front_end", "front_end", "tcp", "5061",
          "SIP/MTLS between the pool's servers", "TN-dd425238", "V"),
    _flow("front_end.sip_tcp_pool", "front_end", "front_end", "tcp", "5060",
          "SIP/TCP between servers where TLS is not used", "TN-dd425238", "V", ("plain_transports",)),
    _flow("front_end.https_web_farm", "front_end", "front_end", "tcp", "443",
          "HTTPS to the Web farm FQDNs (Web Components)", "TN-dd425238", "V"),
    _flow("front_end.http_web_farm", "front_end", "front_end", "tcp", "80",
          "HTTP to the Web farm when HTTPS is not used", "TN-dd425238", "V", ("plain_transports",)),
    _flow("front_end.focus_https", "front_end", "front_end", "tcp", "444",
          "HTTPS between the Focus and the conferencing servers", "TN-dd425238", "V"),
    _flow("front_end.dcom_rpc", "front_end", "front_end", "tcp", "135",
          "DCOM/RPC for WMI and user moves (load-balanced pool)", "TN-dd425238", "V"),
    _flow("front_end.im_conferencing", "front_end", "front_end", "tcp", "5062",
          "IM Conferencing server", "TN-dd425238", "V"),
    _flow("front_end.av_conferencing", "front_end", "front_end", "tcp", "5063",
          "A/V Conferencing server (SIP)", "TN-dd425238", "V", AV),
    _flow("front_end.telephony_conferencing", "front_end", "front_end", "tcp", "5064",
          "Telephony Conferencing server", "TN-dd425238", "V", EV),
    _flow("front_end.application_sharing", "front_end", "front_end", "tcp", "5065",
          "Application Sharing server", "TN-dd425238", "V"),
    _flow("front_end.qoe_agent", "front_end", "front_end", "tcp", "5069",
          "QoE agent (MTLS)", "TN-dd425238", "V"),
    _flow("front_end.response_group", "front_end", "front_end", "tcp", "5071",
          "Response Group service", "TN-dd425238", "V", EV),
    _flow("front_end.conferencing_attendant", "front_end", "front_end", "tcp", "5072",
          "Conferencing Attendant", "TN-dd425238", "V", EV),
    _flow("front_end.conferencing_announcement", "front_end", "front_end", "tcp", "5073",
          "Conferencing Announcement service", "TN-dd425238", "V", EV),
    _flow("front_end.outside_voice_control", "front_end", "front_end", "tcp", "5074",
          "Outside Voice Control (TLS)", "TN-dd425238", "V", EV),
    _flow("front_end.response_group_remoting", "front_end", "front_end", "tcp", "8404",
          "Internal server remoting for Response Group (MTLS)", "TN-dd425238", "S", EV),
    _flow("front_end.av_conferencing_media_from_client", "internal_client", "av_conferencing", "udp",
          "media:av_conferencing", "A/V Conferencing media from clients (range: the R1 default, verbatim)",
          "TN-dd425238", "V", AV, True),
    # ---- Director ----------------------------------------------------------------------------
    _flow("director.sip_tls_from_client", "internal_client", "director", "tcp", "5061",
          "SIP/TLS from clients (Director as first hop)", "TN-dd425238", "V"),
    _flow("director.https_from_client", "internal_client", "director", "tcp", "443",
          "HTTPS Web Components on the Director (same SIP and HTTPS ports as the Front End)", "TN-dd425238", "V"),
    _flow("director.sip_mtls_from_front_end", "front_end", "director", "tcp", "5061",
          "SIP/MTLS from the pool", "TN-dd425238", "V"),
    _flow("director.sip_mtls_to_front_end", "director", "front_end", "tcp", "5061",
          "SIP/MTLS to the pool", "TN-dd425238", "V"),
    # ---- Mediation Server ----------------------------------------------------------------------
    _flow("mediation.sip_mtls_from_front_end", "front_end", "mediation", "tcp", "5061",
          "SIP/MTLS from the pool (OCS side, always TLS)", "TN-dd425238", "V", EV, True),
    _flow("mediation.sip_mtls_to_front_end", "mediation", "front_end", "tcp", "5061",
          "SIP/MTLS to the pool (OCS side, always TLS)", "TN-dd425238", "V", EV, True),
    _flow("mediation.sip_to_gateway", "mediation", "pstn_gateway", "tcp", "5060",
          "SIP to the PSTN gateway (TCP or TLS)", "TN-dd425238", "V", EV, True),
    _flow("mediation.sip_from_gateway", "pstn_gateway", "mediation", "tcp", "5060",
          "SIP from the PSTN gateway (TCP or TLS)", "TN-dd425238", "V", EV, True),
    _flow("mediation.media_to_gateway", "mediation", "pstn_gateway", "udp", "media:mediation",
          "SRTP/RTCP media to the PSTN gateway", "TN-dd425238", "V", EV, True),
    _flow("mediation.media_from_gateway", "pstn_gateway", "mediation", "udp", "media:mediation",
          "SRTP/RTCP media from the PSTN gateway", "TN-dd425238", "V", EV, True),
    # ---- Reverse proxy -------------------------------------------------------------------------
    _flow("reverse_proxy.https_from_remote_user", "remote_user", "reverse_proxy", "tcp", "443",
          "HTTPS to the published Web Components (address book, group expansion, device updates)",
          "TN-dd441361", "S", ("remote_access",)),
    _flow("reverse_proxy.https_to_front_end", "reverse_proxy", "front_end", "tcp", "443",
          "HTTPS from the reverse proxy to the internal Web Components", "TN-dd441361", "S", ("remote_access",)),
    # ---- Clients (Office Communicator 2007 R2, Live Meeting 2007) --------------------------------
    _flow("client.media_udp", "internal_client", "internal_client", "udp", "media:client",
          "Client media (RTP/RTCP, ICE) between clients", "TN-bb964029", "S", AV, True),
    _flow("client.media_tcp", "internal_client", "internal_client", "tcp", "media:client",
          "Client media over TCP between clients", "TN-bb964029", "S", AV, True),
    _flow("client.file_transfer", "internal_client", "internal_client", "tcp", "6891-6901",
          "Communicator file transfer (Send File from an IM session)", "TN-dd425238", "S", ("file_transfer",)),
)
# fmt: on

IPSEC_EXEMPTIONS = (
    IpsecExemption("ipsec.av_edge_internal_in", "A/V Edge Server Internal Inbound", None, "av_edge_internal",
                   features=AV),
    IpsecExemption("ipsec.av_edge_external_in", "A/V Edge Server External Inbound", None, "av_edge_external",
                   features=AV),
    IpsecExemption("ipsec.av_edge_internal_out", "A/V Edge Server Internal Outbound", "av_edge_internal", None,
                   features=AV),
    IpsecExemption("ipsec.av_edge_external_out", "A/V Edge Server External Outbound", "av_edge_external", None,
                   features=AV),
    IpsecExemption("ipsec.mediation_in", "Mediation Server Inbound", None, "mediation", features=EV),
    IpsecExemption("ipsec.mediation_out", "Mediation Server Outbound", "mediation", None, features=EV),
    # Any to Any, but meant for the servers that run the Conferencing Attendant (the Front End in R2):
    # on any other host it would exempt all of its traffic from IPsec.
    IpsecExemption("ipsec.conferencing_attendant_in", "Conferencing Attendant Inbound", None, None, features=EV,
                   hosts=("front_end",)),
    IpsecExemption("ipsec.conferencing_attendant_out", "Conferencing Attendant Outbound", None, None, features=EV,
                   hosts=("front_end",)),
    IpsecExemption("ipsec.av_conferencing_in", "A/V Conferencing Inbound", None, "av_conferencing", features=AV),
    IpsecExemption("ipsec.av_conferencing_out", "A/V Conferencing Server Outbound", "av_conferencing", None,
                   features=AV),
    IpsecExemption("ipsec.exchange_um_in", "Exchange Inbound", None, "exchange_um", features=EV),
    IpsecExemption("ipsec.exchange_um_out", "Exchange Outbound", "exchange_um", None, features=EV),
    IpsecExemption("ipsec.clients", "Clients", None, None, ("udp",), "media:client", features=AV),
)

CATALOGUE = Catalogue(
    product="ocs2007r2",
    title="OCS 2007 R2",
    references=REFERENCES,
    endpoint_classes=ENDPOINT_CLASSES,
    shared_address_keys=SHARED_ADDRESS_KEYS,
    server_roles=SERVER_ROLES,
    gateway_roles=GATEWAY_ROLES,
    zones=ZONES,
    features=FEATURES,
    feature_requires=FEATURE_REQUIRES,
    media_ports=MEDIA_PORTS,
    flows=FLOWS,
    ipsec_exemptions=IPSEC_EXEMPTIONS,
)
