#Requires -Version 3.0
#Requires -Modules NetSecurity
# OCS 2007 R2: Windows Firewall rules for host edge1
# 16 rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
# Needs Windows Server 2012 or later (NetSecurity module); run elevated.
# -PolicyStore: PersistentStore (this computer, the default) or a GPO, 'domain.example\GPO name'.
# -WhatIf shows what would change.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [string]$PolicyStore = 'PersistentStore'
)
$ErrorActionPreference = 'Stop'
$group = 'Office Communications Server 2007 R2'
# Every rule of the group is removed first, then the rules below are created.
Get-NetFirewallRule -PolicyStore $PolicyStore -Group $group -ErrorAction SilentlyContinue | Remove-NetFirewallRule
$rule = @{ PolicyStore = $PolicyStore; Group = $group; Action = 'Allow'; Enabled = 'True'; Profile = 'Domain,Private,Public' }

# access_edge.external.sip_tls_from_remote_user.in: access_edge.external.sip_tls_from_remote_user, access_edge.external.sip_mtls_from_remote_user, access_edge.external.sip_mtls_from_partner
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - access_edge.external.sip_tls_from_remote_user (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '443', '5061' -RemotePort 'Any' -LocalAddress '203.0.113.10/32' -RemoteAddress 'Any' -Description 'SIP/TLS remote user access and anonymous conference participants; SIP/MTLS remote user access (Phone Edition tries sipexternal:5061 before 443); SIP/MTLS federation (inbound; APExternalFederationPort). Flows: access_edge.external.sip_tls_from_remote_user, access_edge.external.sip_mtls_from_remote_user, access_edge.external.sip_mtls_from_partner. Source: TN-dd441361, R1-PORTS, SDK-dd146596. Managed by ocs.firewall.' | Out-Null

# access_edge.external.sip_mtls_to_partner.out: access_edge.external.sip_mtls_to_partner, access_edge.external.dns_tcp_to_internet, access_edge.external.crl_http_to_internet
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - access_edge.external.sip_mtls_to_partner (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '53', '80', '5061' -LocalAddress '203.0.113.10/32' -RemoteAddress 'Any' -Description 'SIP/MTLS federation (outbound); DNS queries over TCP (large SRV answers); Certificate revocation (CRL) checks of partners'' and public certificates. Flows: access_edge.external.sip_mtls_to_partner, access_edge.external.dns_tcp_to_internet, access_edge.external.crl_http_to_internet. Source: TN-dd441361, LYNC2013-PORTS. Managed by ocs.firewall.' | Out-Null

# access_edge.external.dns_udp_to_internet.out: access_edge.external.dns_udp_to_internet
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - access_edge.external.dns_udp_to_internet (out, udp)' -Direction Outbound -Protocol UDP -LocalPort 'Any' -RemotePort '53' -LocalAddress '203.0.113.10/32' -RemoteAddress 'Any' -Description 'DNS queries (SRV discovery of federated and public IM partners). Flows: access_edge.external.dns_udp_to_internet. Source: LYNC2013-PORTS. Managed by ocs.firewall.' | Out-Null

# access_edge.internal.sip_mtls_from_front_end.in: access_edge.internal.sip_mtls_from_front_end, webconf_edge.internal.psom_mtls_from_front_end
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - access_edge.internal.sip_mtls_from_front_end (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '5061', '8057' -RemotePort 'Any' -LocalAddress '172.16.10.10/32' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'SIP/MTLS from the Front End pool (APInternalPort); PSOM/MTLS from the Web Conferencing server (Front End). Flows: access_edge.internal.sip_mtls_from_front_end, webconf_edge.internal.psom_mtls_from_front_end. Source: SDK-dd146596, R1-PORTS. Managed by ocs.firewall.' | Out-Null

# access_edge.internal.sip_mtls_to_front_end.out: access_edge.internal.sip_mtls_to_front_end
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - access_edge.internal.sip_mtls_to_front_end (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '5061' -LocalAddress '172.16.10.10/32' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'SIP/MTLS to the Front End pool. Flows: access_edge.internal.sip_mtls_to_front_end. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null

# webconf_edge.external.psom_tls_from_remote_user.in: webconf_edge.external.psom_tls_from_remote_user
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - webconf_edge.external.psom_tls_from_remote_user (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '443' -RemotePort 'Any' -LocalAddress '203.0.113.11/32' -RemoteAddress 'Any' -Description 'PSOM/TLS from remote, federated and anonymous Live Meeting users (DPExternalPort). Flows: webconf_edge.external.psom_tls_from_remote_user. Source: SDK-dd146596. Managed by ocs.firewall.' | Out-Null

# av_edge.external.stun_tcp_from_remote_user.in: av_edge.external.stun_tcp_from_remote_user, av_edge.external.stun_tcp_from_partner
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.external.stun_tcp_from_remote_user (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '443' -RemotePort 'Any' -LocalAddress '203.0.113.12/32' -RemoteAddress 'Any' -Description 'STUN/TCP media relay for remote users; STUN/TCP media relay, federated partners (inbound). Flows: av_edge.external.stun_tcp_from_remote_user, av_edge.external.stun_tcp_from_partner. Source: TN-dd441361, R2-50K. Managed by ocs.firewall.' | Out-Null

# av_edge.external.stun_tcp_to_partner.out: av_edge.external.stun_tcp_to_partner
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.external.stun_tcp_to_partner (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort '50000-59999' -RemotePort '443' -LocalAddress '203.0.113.12/32' -RemoteAddress 'Any' -Description 'STUN/TCP media relay to federated partners'' A/V Edge, from the A/V Edge''s media range. Flows: av_edge.external.stun_tcp_to_partner. Source: LYNC2013-AV. Managed by ocs.firewall.' | Out-Null

# av_edge.external.stun_udp_from_remote_user.in: av_edge.external.stun_udp_from_remote_user, av_edge.external.stun_udp_from_partner
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.external.stun_udp_from_remote_user (in, udp)' -Direction Inbound -Protocol UDP -LocalPort '3478' -RemotePort 'Any' -LocalAddress '203.0.113.12/32' -RemoteAddress 'Any' -Description 'STUN/UDP for remote users (MRExternalUDPPort); STUN/UDP, federated partners (inbound). Flows: av_edge.external.stun_udp_from_remote_user, av_edge.external.stun_udp_from_partner. Source: SDK-dd146596, R2-50K. Managed by ocs.firewall.' | Out-Null

# av_edge.external.stun_udp_to_partner.out: av_edge.external.stun_udp_to_partner
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.external.stun_udp_to_partner (out, udp)' -Direction Outbound -Protocol UDP -LocalPort '3478' -RemotePort '3478' -LocalAddress '203.0.113.12/32' -RemoteAddress 'Any' -Description 'STUN/UDP Edge to Edge, federated partners (outbound, from 3478). Flows: av_edge.external.stun_udp_to_partner. Source: R2-50K. Managed by ocs.firewall.' | Out-Null

# av_edge.internal.av_auth_from_front_end.in: av_edge.internal.av_auth_from_front_end, av_edge.internal.stun_tcp_from_av_conferencing
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.internal.av_auth_from_front_end (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '443', '5062' -RemotePort 'Any' -LocalAddress '172.16.10.10/32' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'SIP/MTLS A/V authentication from the Front End (MRASInternalPort); STUN/TCP from the A/V Conferencing servers. Flows: av_edge.internal.av_auth_from_front_end, av_edge.internal.stun_tcp_from_av_conferencing. Source: SDK-dd146596, LYNC2013-PORTS. Managed by ocs.firewall.' | Out-Null

# av_edge.internal.av_auth_from_mediation.in: av_edge.internal.av_auth_from_mediation, av_edge.internal.stun_tcp_from_mediation
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.internal.av_auth_from_mediation (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '443', '5062' -RemotePort 'Any' -LocalAddress '172.16.10.10/32' -RemoteAddress '10.1.0.20/32' -Description 'SIP/MTLS A/V authentication from the Mediation Server; STUN/TCP media relay for the Mediation Server. Flows: av_edge.internal.av_auth_from_mediation, av_edge.internal.stun_tcp_from_mediation. Source: R2-MEDIATION-GENERAL, LYNC2010-MEDIATION. Managed by ocs.firewall.' | Out-Null

# av_edge.internal.stun_udp_from_client.in: av_edge.internal.stun_udp_from_client
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.internal.stun_udp_from_client (in, udp)' -Direction Inbound -Protocol UDP -LocalPort '3478' -RemotePort 'Any' -LocalAddress '172.16.10.10/32' -RemoteAddress '10.0.0.0/8' -Description 'STUN/UDP from internal clients. Flows: av_edge.internal.stun_udp_from_client. Source: LYNC2013-PORTS. Managed by ocs.firewall.' | Out-Null

# av_edge.internal.stun_tcp_from_client.in: av_edge.internal.stun_tcp_from_client
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.internal.stun_tcp_from_client (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '443' -RemotePort 'Any' -LocalAddress '172.16.10.10/32' -RemoteAddress '10.0.0.0/8' -Description 'STUN/TCP from internal clients. Flows: av_edge.internal.stun_tcp_from_client. Source: LYNC2013-PORTS. Managed by ocs.firewall.' | Out-Null

# av_edge.internal.stun_udp_from_av_conferencing.in: av_edge.internal.stun_udp_from_av_conferencing
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.internal.stun_udp_from_av_conferencing (in, udp)' -Direction Inbound -Protocol UDP -LocalPort '3478' -RemotePort 'Any' -LocalAddress '172.16.10.10/32' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'STUN/UDP from the A/V Conferencing servers. Flows: av_edge.internal.stun_udp_from_av_conferencing. Source: LYNC2013-PORTS. Managed by ocs.firewall.' | Out-Null

# av_edge.internal.stun_udp_from_mediation.in: av_edge.internal.stun_udp_from_mediation
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.internal.stun_udp_from_mediation (in, udp)' -Direction Inbound -Protocol UDP -LocalPort '3478' -RemotePort 'Any' -LocalAddress '172.16.10.10/32' -RemoteAddress '10.1.0.20/32' -Description 'STUN/UDP media relay for the Mediation Server. Flows: av_edge.internal.stun_udp_from_mediation. Source: LYNC2010-MEDIATION. Managed by ocs.firewall.' | Out-Null
