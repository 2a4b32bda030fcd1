"""Office Communications Server 2007 R2: the port tables as data.

Facts and evidence levels from the project's reference (ocs-2007-r2-ports.md):
V = verbatim in Microsoft text, S = third-party copy of a Microsoft table,
I = inferred from the Lync 2010/2013 tables. Every row names its source.
"""

from __future__ import annotations

from . import AddressRule, Catalogue, EndpointClass, Flow, IpsecExemption

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
    "SDK-dd146596": (
        "MSFT_SIPEdgeServerListeningAddressSetting (OCS 2007 R2 SDK): the Edge's listening ports",
        "https://learn.microsoft.com/en-us/previous-versions/office/developer/communication-server-2007-R2/"
        "dd146596(v=office.13)",
    ),
    "SDK-dd146530": (
        "MSFT_SIPMediationServerConfigSetting (OCS 2007 R2 SDK): the Mediation Server's ports and media range",
        "https://learn.microsoft.com/en-us/previous-versions/office/developer/communication-server-2007-R2/"
        "dd146530(v=office.13)",
    ),
    "R2-50K": (
        "OCS 2007 R2 help: A/V Edge port range 50,000-59,999 and federation",
        "https://unifiedpeople.ru/ocs2007r2.en/html/50584280-af47-4001-bca7-2c532136010c.htm",
    ),
    "R2-MEDIATION": (
        "OCS 2007 R2 help: Mediation Server internal and external edge (5061, 5060, media 60,000-64,000)",
        "https://unifiedpeople.ru/ocs2007r2.en/html/45102eb5-9d8e-4954-a487-4eb2dd7bc8b6.htm",
    ),
    "R2-MEDIATION-MEDIA": (
        "OCS 2007 R2: media flows both directions between the Mediation Server and the OCS network (SRTP)",
        "https://technet.microsoft.com/en-us/library/dd572179(v=office.13).aspx",
    ),
    "R2-MEDIATION-GENERAL": (
        "OCS 2007 R2 Mediation Server properties, General tab (A/V Edge for A/V authentication; media port range)",
        "https://howtomicrosoftofficetutorials.blogspot.com/2017/03/mediation-server-general.html",
    ),
    "R2-REVERSE-PROXY": (
        "OCS 2007 R2: HTTP reverse proxy (remote, federated and anonymous users; Communicator Web Access)",
        "https://technet.microsoft.com/en-us/library/dd572771(v=office.13).aspx",
    ),
    "R2-CWA": (
        "Communicator Web Access: published as HTTPS behind the reverse proxy",
        "https://technet.microsoft.com/en-us/library/bb663581(v=office.12).aspx",
    ),
    "R2-MONITORING": (
        "OCS 2007 R2 Archiving and Monitoring: data sent over Message Queuing (MSMQ)",
        "https://technet.microsoft.com/en-us/library/dd441136(v=office.13).aspx",
    ),
    "R2-XMPP": (
        "Configuring XMPP connectivity (OCS 2007 R2 XMPP Gateway)",
        "https://technet.microsoft.com/en-us/library/ee830332(v=ocs.14).aspx",
    ),
    "R1-PORTS": (
        "OCS 2007 port requirements (copy of Microsoft's R1 table)",
        "https://cloudservus.com/blog/ocs-2007-port-requirements",
    ),
    "OCS-NETMON": (
        "Microsoft OCS Network Monitor filter (copy): A/V MCU and A/V Edge media ranges",
        "https://www.cnblogs.com/dreamer-fish/archive/2013/05/27/3102529.html",
    ),
    "LYNC2010-AV": (
        "Lync Server 2010: external A/V firewall and port requirements (row for OCS 2007 R2 partners)",
        "https://learn.microsoft.com/en-us/previous-versions/office/skype-server-2010/gg425882(v=ocs.14)",
    ),
    "LYNC2010-MEDIATION": (
        "Lync Server 2010: the Mediation Server uses the A/V Edge as a media relay",
        "https://unifiedpeople.ru/lync_itpro.en/html/6da9d02f-b3ac-481d-8b44-93c468c3b0c7.htm",
    ),
    "LYNC2010-POSTER": (
        "Lync Server 2010 protocol workloads poster (Group Chat SIP/MTLS 5041)",
        "https://soukservices.com/bigwalker/microsoft-lync-server-2010-protocol-workloads-poster-26074719",
    ),
    "LYNC2013-PORTS": (
        "Lync Server 2013 port summary, single consolidated Edge with public IP addresses",
        "https://github.com/MicrosoftDocs/OfficeDocs-SkypeForBusiness/blob/live/Lync/LyncServer/"
        "lync-server-2013-port-summary-single-consolidated-edge-with-public-ip-addresses.md",
    ),
    "LYNC2013-AV": (
        "Lync Server 2013: external A/V firewall and port requirements (source and destination ports)",
        "https://github.com/MicrosoftDocs/OfficeDocs-SkypeForBusiness/blob/live/Lync/LyncServer/"
        "lync-server-2013-determine-external-a-v-firewall-and-port-requirements.md",
    ),
    "SFB-PORTS": (
        "Skype for Business Server 2015: port and protocol requirements for servers",
        "https://github.com/MicrosoftDocs/OfficeDocs-SkypeForBusiness/blob/live/Skype/SfbServer/"
        "plan-your-deployment/network-requirements/ports-and-protocols.md",
    ),
    "EXCHANGE-UM": (
        "Exchange Server 2007 Unified Messaging protocols and ports (SIP 5060/5061, RTP)",
        "https://technet.microsoft.com/en-us/library/aa998265.aspx",
    ),
}

EXT = "external"
INT = "internal"

ENDPOINT_CLASSES = {
    c.name: c
    for c in (
        EndpointClass("remote_user", "Remote and anonymous users on the internet", external_peer=True,
                      label="Remote users"),
        EndpointClass("federated_partner", "Federated partners' Access and A/V Edge servers", external_peer=True,
                      label="Federated partners"),
        EndpointClass("public_im_provider", "Public IM connectivity providers", external_peer=True,
                      label="Public IM providers"),
        EndpointClass("internet_service", "DNS servers and certificate revocation (CRL) publishers on the internet",
                      external_peer=True, label="DNS and CRL servers"),
        EndpointClass("xmpp_partner", "XMPP servers of partners (Google Talk, Jabber, ...)", external_peer=True,
                      label="XMPP partners"),
        EndpointClass("access_edge_external", "Access Edge, external interface", side=EXT,
                      label="Access Edge (external)"),
        EndpointClass("webconf_edge_external", "Web Conferencing Edge, external interface", side=EXT,
                      label="Web Conferencing Edge (external)"),
        EndpointClass("av_edge_external", "A/V Edge, external interface (publicly routable)", side=EXT,
                      label="A/V Edge (external)"),
        EndpointClass("access_edge_internal", "Access Edge, internal interface", side=INT, fallback="edge_internal",
                      label="Access Edge (internal)"),
        EndpointClass(
            "webconf_edge_internal", "Web Conferencing Edge, internal interface", side=INT, fallback="edge_internal",
            label="Web Conferencing Edge (internal)"),
        EndpointClass("av_edge_internal", "A/V Edge, internal interface", side=INT, fallback="edge_internal",
                      label="A/V Edge (internal)"),
        EndpointClass("xmpp_gateway", "XMPP Gateway (R2 add-on, in the perimeter beside the Edge)",
                      label="XMPP Gateway"),
        EndpointClass("front_end", "Front End servers (pool) or Standard Edition server", label="Front End"),
        EndpointClass("director", "Director", label="Director"),
        EndpointClass("av_conferencing", "A/V Conferencing servers (collocated on the Front End unless named)",
                      fallback="front_end", label="A/V Conferencing"),
        EndpointClass("mediation", "Mediation servers", label="Mediation Server"),
        EndpointClass("pstn_gateway", "PSTN (media) gateways", label="PSTN gateway"),
        EndpointClass("exchange_um", "Exchange Unified Messaging servers", label="Exchange UM"),
        EndpointClass("communicator_web_access", "Communicator Web Access servers (behind the reverse proxy)",
                      label="Communicator Web Access"),
        EndpointClass("archiving", "Archiving servers", label="Archiving Server"),
        EndpointClass("monitoring", "Monitoring servers (CDR and QoE)", label="Monitoring Server"),
        EndpointClass("back_end_sql", "SQL Servers of the pool's Back End and of the Archiving, Monitoring and "
                      "Group Chat databases", label="SQL Server (Back End)"),
        EndpointClass("group_chat", "Group Chat servers (R2 add-on)", label="Group Chat"),
        EndpointClass("internal_client", "Office Communicator / Live Meeting clients on the internal network",
                      networks=True, label="Internal clients"),
        EndpointClass("reverse_proxy", "Reverse proxy publishing the internal Web Components", label="Reverse proxy"),
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
    "communicator_web_access": ("communicator_web_access",),
    "archiving": ("archiving",),
    "monitoring": ("monitoring",),
    "back_end_sql": ("back_end_sql",),
    "group_chat": ("group_chat",),
    "xmpp_gateway": ("xmpp_gateway",),
    "exchange_um": ("exchange_um",),
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
    "web_conferencing": (True, "Live Meeting web conferencing (PSOM 8057 internal, 443 external; external "
                         "and anonymous participants through the Edge and the reverse proxy)"),
    "av": (True, "Audio/video (A/V Edge, A/V Conferencing, client media)"),
    "file_transfer": (True, "Communicator file transfer between clients (TCP 6891-6901)"),
    "enterprise_voice": (False, "Enterprise Voice: Mediation servers, PSTN gateways, Exchange UM, voice applications"),
    "plain_transports": (False, "Unencrypted SIP/TCP 5060 and HTTP 80 to the Web farm (only where TLS is not used)"),
    "xmpp": (False, "XMPP federation through the R2 XMPP Gateway (TCP 5269 with XMPP partners)"),
}

FEATURE_REQUIRES: dict[str, tuple[str, ...]] = {  # any number of needs per feature
    "federation_legacy": ("federation", "av"),
}

MEDIA_PORTS = {
    "client": ("1024-65535", "Office Communicator / Live Meeting client media range (PortRange policy)"),
    "av_edge": ("50000-59999", "A/V Edge external media range (RTP/TCP and RTP/UDP)"),
    "mediation": ("60000-64000", "Mediation server media range (RTP towards the gateway, clients and the A/V MCU)"),
    "av_conferencing": ("49152-65535", "A/V Conferencing server media range"),
    "pstn_gateway": ("1024-65535", "PSTN gateway media range (set by the gateway's vendor)"),
    "exchange_um": ("1024-65535", "Exchange UM RTP range (Exchange 2010 and later; Exchange 2007 UM picks "
                    "dynamic ports)"),
}

# Whose listening (or source) ports each media range is.
MEDIA_OWNERS = {
    "client": "internal_client",
    "av_edge": "av_edge_external",
    "mediation": "mediation",
    "av_conferencing": "av_conferencing",
    "pstn_gateway": "pstn_gateway",
    "exchange_um": "exchange_um",
}

# A client listens only on its media range and the file transfer ports, never on a server's port.
CLIENT_CLASSES = ("internal_client", "remote_user")
CLIENT_LISTENING_PORTS = ("media:client", "6891-6901")

FED = ("federation",)
AV = ("av",)
AV_FED = ("av", "federation")
AV_LEGACY = ("av", "federation", "federation_legacy")
EV = ("enterprise_voice",)
EV_AV = ("enterprise_voice", "av")
# Remote users, and external or anonymous conference participants (TN dd572771).
EXTERNAL_USERS = ("remote_access", "web_conferencing")


def _flow(fid: str, src: str, dst: str, proto: str, ports: str, purpose: str, ref: str, ev: str,
          features: tuple[str, ...] = (), ipsec: bool = False, source_ports: str | None = None,
          any_features: tuple[str, ...] = ()) -> Flow:
    return Flow(fid, src, dst, proto, ports, purpose, ref, ev, tuple(features), ipsec, source_ports,
                tuple(any_features))


# fmt: off
FLOWS = (
    # ---- Access Edge, external interface --------------------------------------------------
    _flow("access_edge.external.sip_tls_from_remote_user", "remote_user", "access_edge_external", "tcp", "443",
          "SIP/TLS remote user access and anonymous conference participants", "TN-dd441361", "S",
          any_features=EXTERNAL_USERS),
    _flow("access_edge.external.sip_mtls_from_remote_user", "remote_user", "access_edge_external", "tcp", "5061",
          "SIP/MTLS remote user access (Phone Edition tries sipexternal:5061 before 443)", "R1-PORTS", "S",
          ("remote_access",)),
    _flow("access_edge.external.sip_mtls_from_partner", "federated_partner", "access_edge_external", "tcp", "5061",
          "SIP/MTLS federation (inbound; APExternalFederationPort)", "SDK-dd146596", "V", FED),
    _flow("access_edge.external.sip_mtls_to_partner", "access_edge_external", "federated_partner", "tcp", "5061",
          "SIP/MTLS federation (outbound)", "TN-dd441361", "S", FED),
    _flow("access_edge.external.sip_mtls_from_public_im", "public_im_provider", "access_edge_external", "tcp", "5061",
          "SIP/MTLS public IM connectivity (inbound)", "TN-dd441361", "S", ("public_im",)),
    _flow("access_edge.external.sip_mtls_to_public_im", "access_edge_external", "public_im_provider", "tcp", "5061",
          "SIP/MTLS public IM connectivity (outbound)", "TN-dd441361", "S", ("public_im",)),
    _flow("access_edge.external.dns_udp_to_internet", "access_edge_external", "internet_service", "udp", "53",
          "DNS queries (SRV discovery of federated and public IM partners)", "LYNC2013-PORTS", "I",
          any_features=("federation", "public_im")),
    _flow("access_edge.external.dns_tcp_to_internet", "access_edge_external", "internet_service", "tcp", "53",
          "DNS queries over TCP (large SRV answers)", "LYNC2013-PORTS", "I",
          any_features=("federation", "public_im")),
    _flow("access_edge.external.crl_http_to_internet", "access_edge_external", "internet_service", "tcp", "80",
          "Certificate revocation (CRL) checks of partners' and public certificates", "LYNC2013-PORTS", "I"),
    # ---- Access Edge, internal interface (next hop: Director and/or pool) -----------------
    _flow("access_edge.internal.sip_mtls_from_director", "director", "access_edge_internal", "tcp", "5061",
          "SIP/MTLS from the Director (APInternalPort)", "SDK-dd146596", "V"),
    _flow("access_edge.internal.sip_mtls_to_director", "access_edge_internal", "director", "tcp", "5061",
          "SIP/MTLS to the Director", "TN-dd425238", "V"),
    _flow("access_edge.internal.sip_mtls_from_front_end", "front_end", "access_edge_internal", "tcp", "5061",
          "SIP/MTLS from the Front End pool (APInternalPort)", "SDK-dd146596", "V"),
    _flow("access_edge.internal.sip_mtls_to_front_end", "access_edge_internal", "front_end", "tcp", "5061",
          "SIP/MTLS to the Front End pool", "TN-dd425238", "V"),
    _flow("access_edge.internal.sip_mtls_from_xmpp_gateway", "xmpp_gateway", "access_edge_internal", "tcp", "5061",
          "SIP/MTLS from the XMPP Gateway", "R2-XMPP", "S", ("xmpp",)),
    _flow("access_edge.internal.sip_mtls_to_xmpp_gateway", "access_edge_internal", "xmpp_gateway", "tcp", "5061",
          "SIP/MTLS to the XMPP Gateway", "R2-XMPP", "S", ("xmpp",)),
    # ---- XMPP Gateway (R2 add-on) ------------------------------------------------------------
    _flow("xmpp_gateway.xmpp_from_partner", "xmpp_partner", "xmpp_gateway", "tcp", "5269",
          "XMPP server-to-server from XMPP partners", "R2-XMPP", "S", ("xmpp",)),
    _flow("xmpp_gateway.xmpp_to_partner", "xmpp_gateway", "xmpp_partner", "tcp", "5269",
          "XMPP server-to-server to XMPP partners", "R2-XMPP", "S", ("xmpp",)),
    # ---- Web Conferencing Edge --------------------------------------------------------------
    _flow("webconf_edge.external.psom_tls_from_remote_user", "remote_user", "webconf_edge_external", "tcp", "443",
          "PSOM/TLS from remote, federated and anonymous Live Meeting users (DPExternalPort)", "SDK-dd146596", "V",
          ("web_conferencing",)),
    _flow("webconf_edge.internal.psom_mtls_from_front_end", "front_end", "webconf_edge_internal", "tcp", "8057",
          "PSOM/MTLS from the Web Conferencing server (Front End)", "R1-PORTS", "S", ("web_conferencing",)),
    # ---- A/V Edge, external interface -------------------------------------------------------
    _flow("av_edge.external.stun_tcp_from_remote_user", "remote_user", "av_edge_external", "tcp", "443",
          "STUN/TCP media relay for remote users", "TN-dd441361", "S", AV, True),
    _flow("av_edge.external.stun_tcp_from_partner", "federated_partner", "av_edge_external", "tcp", "443",
          "STUN/TCP media relay, federated partners (inbound)", "R2-50K", "V", AV_FED, True),
    _flow("av_edge.external.stun_tcp_to_partner", "av_edge_external", "federated_partner", "tcp", "443",
          "STUN/TCP media relay to federated partners' A/V Edge, from the A/V Edge's media range",
          "LYNC2013-AV", "S", AV_FED, True, source_ports="media:av_edge"),
    _flow("av_edge.external.stun_udp_from_remote_user", "remote_user", "av_edge_external", "udp", "3478",
          "STUN/UDP for remote users (MRExternalUDPPort)", "SDK-dd146596", "V", AV, True),
    _flow("av_edge.external.stun_udp_from_partner", "federated_partner", "av_edge_external", "udp", "3478",
          "STUN/UDP, federated partners (inbound)", "R2-50K", "V", AV_FED, True),
    _flow("av_edge.external.stun_udp_to_partner", "av_edge_external", "federated_partner", "udp", "3478",
          "STUN/UDP Edge to Edge, federated partners (outbound, from 3478)", "R2-50K", "V", AV_FED, True,
          source_ports="3478"),
    _flow("av_edge.external.rtp_tcp_to_legacy_partner", "av_edge_external", "federated_partner", "tcp",
          "50000-59999", "RTP/TCP outbound to OCS 2007 (R1) or earlier partners' A/V Edge range", "R2-50K", "V",
          AV_LEGACY, True),
    _flow("av_edge.external.rtp_tcp_from_legacy_partner", "federated_partner", "av_edge_external", "tcp",
          "media:av_edge", "RTP/TCP inbound for OCS 2007 (R1) or earlier partners", "R2-50K", "V", AV_LEGACY, True),
    _flow("av_edge.external.rtp_udp_from_legacy_partner", "federated_partner", "av_edge_external", "udp",
          "media:av_edge", "RTP/UDP inbound for OCS 2007 (R1) or earlier partners", "R2-50K", "V", AV_LEGACY, True),
    _flow("av_edge.external.rtp_udp_to_legacy_partner", "av_edge_external", "federated_partner", "udp",
          "50000-59999", "RTP/UDP outbound to OCS 2007 (R1) or earlier partners' A/V Edge range", "R2-50K", "V",
          AV_LEGACY, True),
    # ---- A/V Edge, internal interface (the Edge listens; nothing is opened from it inwards) --
    _flow("av_edge.internal.av_auth_from_front_end", "front_end", "av_edge_internal", "tcp", "5062",
          "SIP/MTLS A/V authentication from the Front End (MRASInternalPort)", "SDK-dd146596", "V", AV, True),
    _flow("av_edge.internal.av_auth_from_mediation", "mediation", "av_edge_internal", "tcp", "5062",
          "SIP/MTLS A/V authentication from the Mediation Server", "R2-MEDIATION-GENERAL", "S", EV_AV, True),
    _flow("av_edge.internal.stun_udp_from_client", "internal_client", "av_edge_internal", "udp", "3478",
          "STUN/UDP from internal clients", "LYNC2013-PORTS", "I", AV, True),
    _flow("av_edge.internal.stun_tcp_from_client", "internal_client", "av_edge_internal", "tcp", "443",
          "STUN/TCP from internal clients", "LYNC2013-PORTS", "I", AV, True),
    _flow("av_edge.internal.stun_udp_from_av_conferencing", "av_conferencing", "av_edge_internal", "udp", "3478",
          "STUN/UDP from the A/V Conferencing servers", "LYNC2013-PORTS", "I", AV, True),
    _flow("av_edge.internal.stun_tcp_from_av_conferencing", "av_conferencing", "av_edge_internal", "tcp", "443",
          "STUN/TCP from the A/V Conferencing servers", "LYNC2013-PORTS", "I", AV, True),
    _flow("av_edge.internal.stun_udp_from_mediation", "mediation", "av_edge_internal", "udp", "3478",
          "STUN/UDP media relay for the Mediation Server", "LYNC2010-MEDIATION", "I", EV_AV, True),
    _flow("av_edge.internal.stun_tcp_from_mediation", "mediation", "av_edge_internal", "tcp", "443",
          "STUN/TCP media relay for the Mediation Server", "LYNC2010-MEDIATION", "I", EV_AV, True),
    # ---- Front End / Standard Edition ----------------------------------------------------------
    _flow("front_end.sip_tls_from_client", "internal_client", "front_end", "tcp", "5061",
          "SIP/TLS from Communicator and Phone Edition", "TN-dd425238", "V"),
    _flow("front_end.https_from_client", "internal_client", "front_end", "tcp", "443",
          "HTTPS Web Components (address book, group expansion); Phone Edition SIP/TLS fallback", "R1-PORTS", "S"),
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
    _flow("front_end.telephony_conferencing", "front_end", "front_end", "tcp", "5064",
          "Telephony Conferencing server", "TN-dd425238", "V"),
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
    # ---- A/V Conferencing server (on the Front End unless the topology names it) ------------------
    _flow("av_conferencing.sip_from_front_end", "front_end", "av_conferencing", "tcp", "5063",
          "A/V Conferencing server (SIP)", "TN-dd425238", "V", AV),
    _flow("av_conferencing.focus_https_from_front_end", "front_end", "av_conferencing", "tcp", "444",
          "HTTPS from the Focus to the A/V Conferencing server", "TN-dd425238", "V", AV),
    _flow("av_conferencing.focus_https_to_front_end", "av_conferencing", "front_end", "tcp", "444",
          "HTTPS from the A/V Conferencing server to the Focus", "TN-dd425238", "V", AV),
    _flow("front_end.av_conferencing_media_from_client", "internal_client", "av_conferencing", "udp",
          "media:av_conferencing", "A/V Conferencing media from clients (range: the R1 default)",
          "R1-PORTS", "S", AV, True),
    _flow("av_conferencing.media_tcp_from_client", "internal_client", "av_conferencing", "tcp",
          "media:av_conferencing", "A/V Conferencing and application sharing media over TCP from clients",
          "OCS-NETMON", "S", AV, True),
    _flow("av_conferencing.media_from_mediation", "mediation", "av_conferencing", "udp", "media:av_conferencing",
          "Conference media from the Mediation Server (PSTN participants)", "SFB-PORTS", "I", EV_AV, True,
          source_ports="media:mediation"),
    # ---- Director ----------------------------------------------------------------------------
    _flow("director.sip_tls_from_client", "internal_client", "director", "tcp", "5061",
          "SIP/TLS from clients (Director as first hop)", "TN-dd425238", "V"),
    _flow("director.sip_mtls_from_front_end", "front_end", "director", "tcp", "5061",
          "SIP/MTLS from the pool", "TN-dd425238", "V"),
    _flow("director.sip_mtls_to_front_end", "director", "front_end", "tcp", "5061",
          "SIP/MTLS to the pool", "TN-dd425238", "V"),
    # ---- Mediation Server ----------------------------------------------------------------------
    _flow("mediation.sip_mtls_from_front_end", "front_end", "mediation", "tcp", "5061",
          "SIP/MTLS from the pool (internal edge, always TLS)", "R2-MEDIATION", "V", EV, True),
    _flow("mediation.sip_mtls_to_front_end", "mediation", "front_end", "tcp", "5061",
          "SIP/MTLS to the pool (internal edge, always TLS)", "R2-MEDIATION", "V", EV, True),
    _flow("mediation.sip_to_gateway", "mediation", "pstn_gateway", "tcp", "5060",
          "SIP to the PSTN gateway (TCP; TLS uses the gateway's own port)", "R2-MEDIATION", "V", EV, True),
    _flow("mediation.sip_from_gateway", "pstn_gateway", "mediation", "tcp", "5060",
          "SIP from the PSTN gateway (external edge)", "R2-MEDIATION", "V", EV, True),
    _flow("mediation.srtp_to_gateway", "mediation", "pstn_gateway", "udp", "media:pstn_gateway",
          "SRTP/RTCP media to the PSTN gateway, from the Mediation Server's media range", "SDK-dd146530", "V", EV,
          True, source_ports="media:mediation"),
    _flow("mediation.media_from_gateway", "pstn_gateway", "mediation", "udp", "media:mediation",
          "SRTP/RTCP media from the PSTN gateway", "R2-MEDIATION", "V", EV, True),
    _flow("mediation.media_from_client", "internal_client", "mediation", "udp", "media:mediation",
          "SRTP media from clients (Enterprise Voice calls to and from the PSTN)", "R2-MEDIATION-MEDIA", "V", EV,
          True),
    _flow("mediation.media_to_client", "mediation", "internal_client", "udp", "media:client",
          "SRTP media to clients, from the Mediation Server's media range", "R2-MEDIATION-MEDIA", "S", EV, True,
          source_ports="media:mediation"),
    _flow("mediation.media_from_av_conferencing", "av_conferencing", "mediation", "udp", "media:mediation",
          "Conference media from the A/V Conferencing server (PSTN participants)", "SFB-PORTS", "I", EV_AV, True),
    _flow("mediation.media_from_exchange_um", "exchange_um", "mediation", "udp", "media:mediation",
          "RTP from Exchange UM (voice mail and auto attendant for PSTN callers)", "EXCHANGE-UM", "I", EV, True),
    # ---- Exchange Unified Messaging ----------------------------------------------------------
    _flow("exchange_um.sip_mtls_from_front_end", "front_end", "exchange_um", "tcp", "5061",
          "SIP/MTLS from the pool to Exchange UM (voice mail, auto attendant)", "EXCHANGE-UM", "S", EV),
    _flow("exchange_um.sip_mtls_to_front_end", "exchange_um", "front_end", "tcp", "5061",
          "SIP/MTLS from Exchange UM to the pool (notifications, play on phone)", "EXCHANGE-UM", "I", EV),
    _flow("exchange_um.sip_tcp_from_front_end", "front_end", "exchange_um", "tcp", "5060",
          "SIP/TCP to Exchange UM in unsecured dial plans", "EXCHANGE-UM", "S", ("enterprise_voice", "plain_transports")),
    _flow("exchange_um.media_from_client", "internal_client", "exchange_um", "udp", "media:exchange_um",
          "RTP from clients to Exchange UM", "EXCHANGE-UM", "I", EV, True),
    _flow("exchange_um.media_to_client", "exchange_um", "internal_client", "udp", "media:client",
          "RTP from Exchange UM to clients", "EXCHANGE-UM", "I", EV, True),
    _flow("exchange_um.media_from_mediation", "mediation", "exchange_um", "udp", "media:exchange_um",
          "RTP from the Mediation Server to Exchange UM (PSTN callers)", "EXCHANGE-UM", "I", EV, True,
          source_ports="media:mediation"),
    # ---- Communicator Web Access ---------------------------------------------------------------
    _flow("communicator_web_access.https_from_client", "internal_client", "communicator_web_access", "tcp", "443",
          "HTTPS from browsers on the internal network", "R2-CWA", "S"),
    _flow("communicator_web_access.https_from_reverse_proxy", "reverse_proxy", "communicator_web_access", "tcp",
          "443", "HTTPS from the reverse proxy (remote users' browsers)", "R2-REVERSE-PROXY", "S", ("remote_access",)),
    _flow("communicator_web_access.sip_mtls_to_front_end", "communicator_web_access", "front_end", "tcp", "5061",
          "SIP/MTLS to the pool on behalf of signed-in users", "TN-dd425238", "V"),
    # ---- Archiving and Monitoring (Message Queuing) ------------------------------------------------
    _flow("archiving.msmq_from_front_end", "front_end", "archiving", "tcp", "1801",
          "Message Queuing: IM archiving data from the pool", "R2-MONITORING", "I"),
    _flow("archiving.msmq_rpc_from_front_end", "front_end", "archiving", "tcp", "135,2101,2103,2105",
          "Message Queuing RPC and MQIS ports (Windows defaults)", "R2-MONITORING", "I"),
    _flow("archiving.sql_to_back_end", "archiving", "back_end_sql", "tcp", "1433",
          "SQL to the Archiving database", "SFB-PORTS", "I"),
    _flow("monitoring.msmq_from_front_end", "front_end", "monitoring", "tcp", "1801",
          "Message Queuing: CDR and QoE data from the pool", "R2-MONITORING", "I"),
    _flow("monitoring.msmq_rpc_from_front_end", "front_end", "monitoring", "tcp", "135,2101,2103,2105",
          "Message Queuing RPC and MQIS ports (Windows defaults)", "R2-MONITORING", "I"),
    _flow("monitoring.msmq_from_mediation", "mediation", "monitoring", "tcp", "1801",
          "Message Queuing: CDR and QoE data from the Mediation Server", "R2-MONITORING", "I", EV, True),
    _flow("monitoring.msmq_rpc_from_mediation", "mediation", "monitoring", "tcp", "135,2101,2103,2105",
          "Message Queuing RPC and MQIS ports (Windows defaults)", "R2-MONITORING", "I", EV, True),
    _flow("monitoring.sql_to_back_end", "monitoring", "back_end_sql", "tcp", "1433",
          "SQL to the Monitoring (CDR and QoE) databases", "SFB-PORTS", "I"),
    # ---- Back-End SQL Server -----------------------------------------------------------------------
    _flow("back_end_sql.sql_from_front_end", "front_end", "back_end_sql", "tcp", "1433",
          "SQL to the pool's Back-End database", "SFB-PORTS", "I"),
    _flow("back_end_sql.sql_browser_from_front_end", "front_end", "back_end_sql", "udp", "1434",
          "SQL Server Browser (named instances such as RTC)", "SFB-PORTS", "I"),
    # ---- Group Chat (R2 add-on) --------------------------------------------------------------------
    _flow("group_chat.sip_mtls_from_front_end", "front_end", "group_chat", "tcp", "5041",
          "SIP/MTLS from the pool to the Group Chat (Channel and Lookup) services", "LYNC2010-POSTER", "I"),
    _flow("group_chat.sip_mtls_to_front_end", "group_chat", "front_end", "tcp", "5061",
          "SIP/MTLS from Group Chat to the pool", "TN-dd425238", "I"),
    _flow("group_chat.sql_to_back_end", "group_chat", "back_end_sql", "tcp", "1433",
          "SQL to the Group Chat database", "SFB-PORTS", "I"),
    # ---- Reverse proxy -------------------------------------------------------------------------
    _flow("reverse_proxy.https_from_remote_user", "remote_user", "reverse_proxy", "tcp", "443",
          "HTTPS to the published Web Components (meeting content, address book, group expansion, device "
          "updates) for remote, federated and anonymous users", "R2-REVERSE-PROXY", "S",
          any_features=EXTERNAL_USERS),
    _flow("reverse_proxy.https_to_front_end", "reverse_proxy", "front_end", "tcp", "443",
          "HTTPS from the reverse proxy to the internal Web Components", "R2-REVERSE-PROXY", "S",
          any_features=EXTERNAL_USERS),
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
    # Client computers only, from their own media range: on a server, "any UDP from source ports
    # 1024-65535" would exempt nearly all of its traffic.
    IpsecExemption("ipsec.clients", "Clients", None, None, ("udp",), "media:client", features=AV,
                   hosts=("internal_client",)),
)

# Rows found wrong by the flow-by-flow review of 2026-12 (shared reference ocs-2007-r2-review.md).
RETIRED_IDS = {
    "av_edge.external.stun_tcp_to_remote_user": "0.1.0: no table has the Edge open TCP 443 to a remote user; "
    "the client's media is reply traffic to its own connection to the Edge (review #15)",
    "av_edge.external.stun_udp_to_remote_user": "0.1.0: the Edge's 3478 is the source port towards a client, "
    "not a client's listening port; Edge-to-Edge 3478 is av_edge.external.stun_udp_to_partner (review #16)",
    "av_edge.external.rtp_tcp_to_partner": "0.1.0: 50000-59999 is the A/V Edge's source range towards an R2 "
    "partner's TCP 443 (now source_ports of av_edge.external.stun_tcp_to_partner); a destination range only "
    "for R1 partners: av_edge.external.rtp_tcp_to_legacy_partner (review #20)",
    "av_edge.internal.stun_udp_to_client": "0.1.0: clients do not listen on UDP 3478; the Edge's internal "
    "3478 is a listening port (review #26)",
    "av_edge.internal.stun_tcp_to_client": "0.1.0: clients do not listen on TCP 443 for the Edge (review #28)",
    "av_edge.internal.stun_udp_to_av_conferencing": "0.1.0: the A/V Conferencing server does not listen on "
    "UDP 3478 (review #30)",
    "av_edge.internal.stun_tcp_to_av_conferencing": "0.1.0: no table has the Edge open TCP 443 to the A/V "
    "Conferencing server (review #32)",
    "front_end.av_conferencing": "0.1.0: 5063 is the A/V Conferencing server's port; replaced by "
    "av_conferencing.sip_from_front_end, which follows a separately named A/V Conferencing server (review #44)",
    "director.https_from_client": "0.1.0: no R2 table has internal clients use a Director's Web Components "
    "(review #55)",
    "mediation.media_to_gateway": "0.1.0: 60000-64000 is the Mediation Server's own range, not the gateway's; "
    "replaced by mediation.srtp_to_gateway (source ports: the Mediation range) (review #62)",
}

# Rows that kept their id: what changed, and why.
CHANGES = (
    ("0.1.0", "access_edge.external.sip_tls_from_remote_user",
     "gated on remote_access OR web_conferencing (anonymous participants), was remote_access (review #1)"),
    ("0.1.0", "access_edge.external.sip_mtls_from_partner", "evidence S -> V through APExternalFederationPort"),
    ("0.1.0", "access_edge.internal.sip_mtls_from_director", "evidence I -> V through APInternalPort (review #6)"),
    ("0.1.0", "access_edge.internal.sip_mtls_to_director", "evidence I -> V, cites dd425238 (review #7)"),
    ("0.1.0", "access_edge.internal.sip_mtls_from_front_end", "evidence I -> V through APInternalPort (review #8)"),
    ("0.1.0", "access_edge.internal.sip_mtls_to_front_end", "evidence I -> V, cites dd425238 (review #9)"),
    ("0.1.0", "webconf_edge.external.psom_tls_from_remote_user", "evidence I -> V through DPExternalPort"),
    ("0.1.0", "av_edge.external.stun_tcp_to_partner", "source_ports: the A/V Edge media range (review #14)"),
    ("0.1.0", "av_edge.external.stun_udp_to_partner", "source_ports: 3478, Edge to Edge (review #19)"),
    ("0.1.0", "av_edge.external.rtp_udp_to_legacy_partner",
     "destination ports are the partner's 50000-59999, no longer our av_edge media override"),
    ("0.1.0", "av_edge.internal.av_auth_from_front_end", "evidence I -> V through MRASInternalPort"),
    ("0.1.0", "front_end.https_from_client", "evidence V -> S, cites the R1 table (review #34)"),
    ("0.1.0", "front_end.telephony_conferencing", "no longer gated on enterprise_voice: no source ties it to it "
     "(review #45)"),
    ("0.1.0", "front_end.av_conferencing_media_from_client", "evidence V (R1) -> S (R2), cites the R1 table"),
    ("0.1.0", "mediation.sip_mtls_from_front_end", "cites the R2 Mediation topic (review #58)"),
    ("0.1.0", "mediation.sip_mtls_to_front_end", "cites the R2 Mediation topic (review #59)"),
    ("0.1.0", "reverse_proxy.https_from_remote_user",
     "gated on remote_access OR web_conferencing, was remote_access (review #64)"),
    ("0.1.0", "reverse_proxy.https_to_front_end",
     "gated on remote_access OR web_conferencing, was remote_access (review #65)"),
    ("0.1.0", "ipsec.clients", "only on client hosts, with the host's own media range (review section 2)"),
)

# The three Edge services all listen on 443 externally: one address each (TN-dd572885); the Edge's
# internal side has addresses of its own.
EDGE_EXTERNAL_CLASSES = ("access_edge_external", "webconf_edge_external", "av_edge_external")
ADDRESS_RULES = (
    AddressRule(EDGE_EXTERNAL_CLASSES,
                "Edge services on one server must not use the same port (443) on the same address"),
    AddressRule(("edge_internal", "access_edge_internal", "webconf_edge_internal", "av_edge_internal"),
                "the Edge's internal interface needs an address of its own, or internal flows would open on the "
                "external side", apart_from=EDGE_EXTERNAL_CLASSES),
)

EVIDENCE = {
    "V": "verbatim in Microsoft text",
    "S": "third-party copy of a Microsoft table",
    "I": "inferred from the Lync 2010/2013 tables",
}

# TCP 135 (DCOM/RPC) and 8080 are never opened towards the Edge; 8057 (PSOM) and 5062 (A/V
# authentication) are internal-only; 443/5061 only on the right addresses; 50000 is the A/V Edge
# media range (inbound only with legacy federation); UDP 3478 only on the A/V Edge.
PROBE_PORTS = (
    "tcp/135", "tcp/443", "tcp/5061", "tcp/5062", "tcp/8057", "tcp/8080", "tcp/50000",
    "udp/3478", "udp/50000",
)

CATALOGUE = Catalogue(
    product="ocs2007r2",
    title="OCS 2007 R2",
    rule_group="Office Communications Server 2007 R2",
    evidence_levels=EVIDENCE,
    address_rules=ADDRESS_RULES,
    probe_ports=PROBE_PORTS,
    stun_port=3478,
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
    media_owners=MEDIA_OWNERS,
    client_classes=CLIENT_CLASSES,
    client_listening_ports=CLIENT_LISTENING_PORTS,
    retired_ids=RETIRED_IDS,
    changes=CHANGES,
)
