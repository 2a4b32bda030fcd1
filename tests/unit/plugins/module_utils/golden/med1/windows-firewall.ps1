#Requires -Version 3.0
#Requires -Modules NetSecurity
# OCS 2007 R2: Windows Firewall rules for host med1
# 12 rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
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

# av_edge.internal.av_auth_from_mediation.out: av_edge.internal.av_auth_from_mediation, av_edge.internal.stun_tcp_from_mediation
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.internal.av_auth_from_mediation (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '443', '5062' -LocalAddress '10.1.0.20/32' -RemoteAddress '172.16.10.10/32' -Description 'SIP/MTLS A/V authentication from the Mediation Server; STUN/TCP media relay for the Mediation Server. Flows: av_edge.internal.av_auth_from_mediation, av_edge.internal.stun_tcp_from_mediation. Source: R2-MEDIATION-GENERAL, LYNC2010-MEDIATION. Managed by ocs.firewall.' | Out-Null

# av_edge.internal.stun_udp_from_mediation.out: av_edge.internal.stun_udp_from_mediation
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.internal.stun_udp_from_mediation (out, udp)' -Direction Outbound -Protocol UDP -LocalPort 'Any' -RemotePort '3478' -LocalAddress '10.1.0.20/32' -RemoteAddress '172.16.10.10/32' -Description 'STUN/UDP media relay for the Mediation Server. Flows: av_edge.internal.stun_udp_from_mediation. Source: LYNC2010-MEDIATION. Managed by ocs.firewall.' | Out-Null

# av_conferencing.media_from_mediation.out: av_conferencing.media_from_mediation
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_conferencing.media_from_mediation (out, udp)' -Direction Outbound -Protocol UDP -LocalPort '60000-64000' -RemotePort '49152-65535' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'Conference media from the Mediation Server (PSTN participants). Flows: av_conferencing.media_from_mediation. Source: SFB-PORTS. Managed by ocs.firewall.' | Out-Null

# mediation.sip_mtls_from_front_end.in: mediation.sip_mtls_from_front_end
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.sip_mtls_from_front_end (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '5061' -RemotePort 'Any' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'SIP/MTLS from the pool (internal edge, always TLS). Flows: mediation.sip_mtls_from_front_end. Source: R2-MEDIATION. Managed by ocs.firewall.' | Out-Null

# mediation.sip_mtls_to_front_end.out: mediation.sip_mtls_to_front_end
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.sip_mtls_to_front_end (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '5061' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'SIP/MTLS to the pool (internal edge, always TLS). Flows: mediation.sip_mtls_to_front_end. Source: R2-MEDIATION. Managed by ocs.firewall.' | Out-Null

# mediation.sip_to_gateway.out: mediation.sip_to_gateway
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.sip_to_gateway (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '5060' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.2.0.5/32' -Description 'SIP to the PSTN gateway (TCP; TLS uses the gateway''s own port). Flows: mediation.sip_to_gateway. Source: R2-MEDIATION. Managed by ocs.firewall.' | Out-Null

# mediation.sip_from_gateway.in: mediation.sip_from_gateway
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.sip_from_gateway (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '5060' -RemotePort 'Any' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.2.0.5/32' -Description 'SIP from the PSTN gateway (external edge). Flows: mediation.sip_from_gateway. Source: R2-MEDIATION. Managed by ocs.firewall.' | Out-Null

# mediation.srtp_to_gateway.out: mediation.srtp_to_gateway
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.srtp_to_gateway (out, udp)' -Direction Outbound -Protocol UDP -LocalPort '60000-64000' -RemotePort '1024-65535' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.2.0.5/32' -Description 'SRTP/RTCP media to the PSTN gateway, from the Mediation Server''s media range. Flows: mediation.srtp_to_gateway. Source: SDK-dd146530. Managed by ocs.firewall.' | Out-Null

# mediation.media_from_gateway.in: mediation.media_from_gateway
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.media_from_gateway (in, udp)' -Direction Inbound -Protocol UDP -LocalPort '60000-64000' -RemotePort 'Any' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.2.0.5/32' -Description 'SRTP/RTCP media from the PSTN gateway. Flows: mediation.media_from_gateway. Source: R2-MEDIATION. Managed by ocs.firewall.' | Out-Null

# mediation.media_from_client.in: mediation.media_from_client
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.media_from_client (in, udp)' -Direction Inbound -Protocol UDP -LocalPort '60000-64000' -RemotePort 'Any' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.0.0.0/8' -Description 'SRTP media from clients (Enterprise Voice calls to and from the PSTN). Flows: mediation.media_from_client. Source: R2-MEDIATION-MEDIA. Managed by ocs.firewall.' | Out-Null

# mediation.media_to_client.out: mediation.media_to_client
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.media_to_client (out, udp)' -Direction Outbound -Protocol UDP -LocalPort '60000-64000' -RemotePort '1024-65535' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.0.0.0/8' -Description 'SRTP media to clients, from the Mediation Server''s media range. Flows: mediation.media_to_client. Source: R2-MEDIATION-MEDIA. Managed by ocs.firewall.' | Out-Null

# mediation.media_from_av_conferencing.in: mediation.media_from_av_conferencing
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.media_from_av_conferencing (in, udp)' -Direction Inbound -Protocol UDP -LocalPort '60000-64000' -RemotePort 'Any' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'Conference media from the A/V Conferencing server (PSTN participants). Flows: mediation.media_from_av_conferencing. Source: SFB-PORTS. Managed by ocs.firewall.' | Out-Null
