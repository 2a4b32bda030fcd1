#Requires -Version 3.0
#Requires -Modules NetSecurity
# OCS 2007 R2: Windows Firewall rules for host fe1
# 13 rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
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

# access_edge.internal.sip_mtls_from_front_end.out: access_edge.internal.sip_mtls_from_front_end, webconf_edge.internal.psom_mtls_from_front_end
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - access_edge.internal.sip_mtls_from_front_end (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '5061', '8057' -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress '172.16.10.10/32' -Description 'SIP/MTLS from the Front End pool; PSOM/MTLS from the Web Conferencing server (Front End). Flows: access_edge.internal.sip_mtls_from_front_end, webconf_edge.internal.psom_mtls_from_front_end. Source: LYNC2013-PORTS, TN-dd441361. Managed by ocs.firewall.' | Out-Null

# access_edge.internal.sip_mtls_to_front_end.in: access_edge.internal.sip_mtls_to_front_end
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - access_edge.internal.sip_mtls_to_front_end (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '5061' -RemotePort 'Any' -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress '172.16.10.10/32' -Description 'SIP/MTLS to the Front End pool. Flows: access_edge.internal.sip_mtls_to_front_end. Source: LYNC2013-PORTS. Managed by ocs.firewall.' | Out-Null

# av_edge.internal.av_auth_from_front_end.out: av_edge.internal.av_auth_from_front_end, av_edge.internal.stun_tcp_from_av_conferencing
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.internal.av_auth_from_front_end (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '443', '5062' -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress '172.16.10.10/32' -Description 'SIP/MTLS A/V authentication from the Front End; STUN/TCP from the A/V Conferencing servers. Flows: av_edge.internal.av_auth_from_front_end, av_edge.internal.stun_tcp_from_av_conferencing. Source: LYNC2013-PORTS. Managed by ocs.firewall.' | Out-Null

# av_edge.internal.stun_udp_from_av_conferencing.out: av_edge.internal.stun_udp_from_av_conferencing
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.internal.stun_udp_from_av_conferencing (out, udp)' -Direction Outbound -Protocol UDP -LocalPort 'Any' -RemotePort '3478' -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress '172.16.10.10/32' -Description 'STUN/UDP from the A/V Conferencing servers. Flows: av_edge.internal.stun_udp_from_av_conferencing. Source: LYNC2013-PORTS. Managed by ocs.firewall.' | Out-Null

# av_edge.internal.stun_udp_to_av_conferencing.in: av_edge.internal.stun_udp_to_av_conferencing
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.internal.stun_udp_to_av_conferencing (in, udp)' -Direction Inbound -Protocol UDP -LocalPort '3478' -RemotePort 'Any' -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress '172.16.10.10/32' -Description 'STUN/UDP to the A/V Conferencing servers. Flows: av_edge.internal.stun_udp_to_av_conferencing. Source: LYNC2013-PORTS. Managed by ocs.firewall.' | Out-Null

# av_edge.internal.stun_tcp_to_av_conferencing.in: av_edge.internal.stun_tcp_to_av_conferencing
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.internal.stun_tcp_to_av_conferencing (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '443' -RemotePort 'Any' -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress '172.16.10.10/32' -Description 'STUN/TCP to the A/V Conferencing servers. Flows: av_edge.internal.stun_tcp_to_av_conferencing. Source: LYNC2013-PORTS. Managed by ocs.firewall.' | Out-Null

# front_end.sip_tls_from_client.in: front_end.sip_tls_from_client, front_end.https_from_client, front_end.psom_from_client
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - front_end.sip_tls_from_client (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '443', '5061', '8057' -RemotePort 'Any' -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress '10.0.0.0/8' -Description 'SIP/TLS from Communicator and Phone Edition; HTTPS Web Components (address book, group expansion); Phone Edition SIP/TLS fallback; PSOM/TLS from Live Meeting 2007 clients (Web Conferencing). Flows: front_end.sip_tls_from_client, front_end.https_from_client, front_end.psom_from_client. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null

# front_end.sip_mtls_pool.in: front_end.sip_mtls_pool, front_end.https_web_farm, front_end.focus_https, front_end.dcom_rpc, front_end.im_conferencing, front_end.av_conferencing, front_end.telephony_conferencing, front_end.application_sharing, front_end.qoe_agent, front_end.response_group, front_end.conferencing_attendant, front_end.conferencing_announcement, front_end.outside_voice_control, front_end.response_group_remoting
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - front_end.sip_mtls_pool (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '135', '443-444', '5061-5065', '5069', '5071-5074', '8404' -RemotePort 'Any' -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'SIP/MTLS between the pool''s servers; HTTPS to the Web farm FQDNs (Web Components); HTTPS between the Focus and the conferencing servers; DCOM/RPC for WMI and user moves (load-balanced pool); IM Conferencing server; A/V Conferencing server (SIP); Telephony Conferencing server; Application Sharing server; QoE agent (MTLS); Response Group service; Conferencing Attendant; Conferencing Announcement service; Outside Voice Control (TLS); Internal server remoting for Response Group (MTLS). Flows: front_end.sip_mtls_pool, front_end.https_web_farm, front_end.focus_https, front_end.dcom_rpc, front_end.im_conferencing, front_end.av_conferencing, front_end.telephony_conferencing, front_end.application_sharing, front_end.qoe_agent, front_end.response_group, front_end.conferencing_attendant, front_end.conferencing_announcement, front_end.outside_voice_control, front_end.response_group_remoting. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null

# front_end.sip_mtls_pool.out: front_end.sip_mtls_pool, front_end.https_web_farm, front_end.focus_https, front_end.dcom_rpc, front_end.im_conferencing, front_end.av_conferencing, front_end.telephony_conferencing, front_end.application_sharing, front_end.qoe_agent, front_end.response_group, front_end.conferencing_attendant, front_end.conferencing_announcement, front_end.outside_voice_control, front_end.response_group_remoting
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - front_end.sip_mtls_pool (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '135', '443-444', '5061-5065', '5069', '5071-5074', '8404' -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'SIP/MTLS between the pool''s servers; HTTPS to the Web farm FQDNs (Web Components); HTTPS between the Focus and the conferencing servers; DCOM/RPC for WMI and user moves (load-balanced pool); IM Conferencing server; A/V Conferencing server (SIP); Telephony Conferencing server; Application Sharing server; QoE agent (MTLS); Response Group service; Conferencing Attendant; Conferencing Announcement service; Outside Voice Control (TLS); Internal server remoting for Response Group (MTLS). Flows: front_end.sip_mtls_pool, front_end.https_web_farm, front_end.focus_https, front_end.dcom_rpc, front_end.im_conferencing, front_end.av_conferencing, front_end.telephony_conferencing, front_end.application_sharing, front_end.qoe_agent, front_end.response_group, front_end.conferencing_attendant, front_end.conferencing_announcement, front_end.outside_voice_control, front_end.response_group_remoting. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null

# front_end.av_conferencing_media_from_client.in: front_end.av_conferencing_media_from_client
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - front_end.av_conferencing_media_from_client (in, udp)' -Direction Inbound -Protocol UDP -LocalPort '49152-65535' -RemotePort 'Any' -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress '10.0.0.0/8' -Description 'A/V Conferencing media from clients (range: the R1 default, verbatim). Flows: front_end.av_conferencing_media_from_client. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null

# mediation.sip_mtls_from_front_end.out: mediation.sip_mtls_from_front_end
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.sip_mtls_from_front_end (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '5061' -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress '10.1.0.20/32' -Description 'SIP/MTLS from the pool (OCS side, always TLS). Flows: mediation.sip_mtls_from_front_end. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null

# mediation.sip_mtls_to_front_end.in: mediation.sip_mtls_to_front_end
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.sip_mtls_to_front_end (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '5061' -RemotePort 'Any' -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress '10.1.0.20/32' -Description 'SIP/MTLS to the pool (OCS side, always TLS). Flows: mediation.sip_mtls_to_front_end. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null

# reverse_proxy.https_to_front_end.in: reverse_proxy.https_to_front_end
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - reverse_proxy.https_to_front_end (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '443' -RemotePort 'Any' -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress '203.0.113.20/32' -Description 'HTTPS from the reverse proxy to the internal Web Components. Flows: reverse_proxy.https_to_front_end. Source: TN-dd441361. Managed by ocs.firewall.' | Out-Null
