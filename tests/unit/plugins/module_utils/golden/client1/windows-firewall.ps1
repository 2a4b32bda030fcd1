#Requires -Version 3.0
#Requires -Modules NetSecurity
# OCS 2007 R2: Windows Firewall rules for host client1
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

# av_edge.internal.stun_udp_from_client.out: av_edge.internal.stun_udp_from_client
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.internal.stun_udp_from_client (out, udp)' -Direction Outbound -Protocol UDP -LocalPort 'Any' -RemotePort '3478' -LocalAddress '10.0.0.0/8' -RemoteAddress '172.16.10.10/32' -Description 'STUN/UDP from internal clients. Flows: av_edge.internal.stun_udp_from_client. Source: LYNC2013-PORTS. Managed by ocs.firewall.' | Out-Null

# av_edge.internal.stun_tcp_from_client.out: av_edge.internal.stun_tcp_from_client
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_edge.internal.stun_tcp_from_client (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '443' -LocalAddress '10.0.0.0/8' -RemoteAddress '172.16.10.10/32' -Description 'STUN/TCP from internal clients. Flows: av_edge.internal.stun_tcp_from_client. Source: LYNC2013-PORTS. Managed by ocs.firewall.' | Out-Null

# front_end.sip_tls_from_client.out: front_end.sip_tls_from_client, front_end.https_from_client, front_end.psom_from_client
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - front_end.sip_tls_from_client (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '443', '5061', '8057' -LocalAddress '10.0.0.0/8' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'SIP/TLS from Communicator and Phone Edition; HTTPS Web Components (address book, group expansion); Phone Edition SIP/TLS fallback; PSOM/TLS from Live Meeting 2007 clients (Web Conferencing). Flows: front_end.sip_tls_from_client, front_end.https_from_client, front_end.psom_from_client. Source: TN-dd425238, R1-PORTS. Managed by ocs.firewall.' | Out-Null

# front_end.av_conferencing_media_from_client.out: front_end.av_conferencing_media_from_client
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - front_end.av_conferencing_media_from_client (out, udp)' -Direction Outbound -Protocol UDP -LocalPort 'Any' -RemotePort '49152-65535' -LocalAddress '10.0.0.0/8' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'A/V Conferencing media from clients (range: the R1 default). Flows: front_end.av_conferencing_media_from_client. Source: R1-PORTS. Managed by ocs.firewall.' | Out-Null

# av_conferencing.media_tcp_from_client.out: av_conferencing.media_tcp_from_client
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - av_conferencing.media_tcp_from_client (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '49152-65535' -LocalAddress '10.0.0.0/8' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'A/V Conferencing and application sharing media over TCP from clients. Flows: av_conferencing.media_tcp_from_client. Source: OCS-NETMON. Managed by ocs.firewall.' | Out-Null

# mediation.media_from_client.out: mediation.media_from_client
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.media_from_client (out, udp)' -Direction Outbound -Protocol UDP -LocalPort 'Any' -RemotePort '60000-64000' -LocalAddress '10.0.0.0/8' -RemoteAddress '10.1.0.20/32' -Description 'SRTP media from clients (Enterprise Voice calls to and from the PSTN). Flows: mediation.media_from_client. Source: R2-MEDIATION-MEDIA. Managed by ocs.firewall.' | Out-Null

# mediation.media_to_client.in: mediation.media_to_client
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.media_to_client (in, udp)' -Direction Inbound -Protocol UDP -LocalPort '20000-20099' -RemotePort '60000-64000' -LocalAddress '10.0.0.0/8' -RemoteAddress '10.1.0.20/32' -Description 'SRTP media to clients, from the Mediation Server''s media range. Flows: mediation.media_to_client. Source: R2-MEDIATION-MEDIA. Managed by ocs.firewall.' | Out-Null

# client.media_udp.in: client.media_udp
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - client.media_udp (in, udp)' -Direction Inbound -Protocol UDP -LocalPort '20000-20099' -RemotePort 'Any' -LocalAddress '10.0.0.0/8' -RemoteAddress '10.0.0.0/8' -Description 'Client media (RTP/RTCP, ICE) between clients. Flows: client.media_udp. Source: TN-bb964029. Managed by ocs.firewall.' | Out-Null

# client.media_udp.out: client.media_udp
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - client.media_udp (out, udp)' -Direction Outbound -Protocol UDP -LocalPort 'Any' -RemotePort '1024-65535' -LocalAddress '10.0.0.0/8' -RemoteAddress '10.0.0.0/8' -Description 'Client media (RTP/RTCP, ICE) between clients. Flows: client.media_udp. Source: TN-bb964029. Managed by ocs.firewall.' | Out-Null

# client.media_tcp.in: client.media_tcp
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - client.media_tcp (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '20000-20099' -RemotePort 'Any' -LocalAddress '10.0.0.0/8' -RemoteAddress '10.0.0.0/8' -Description 'Client media over TCP between clients. Flows: client.media_tcp. Source: TN-bb964029. Managed by ocs.firewall.' | Out-Null

# client.media_tcp.out: client.media_tcp
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - client.media_tcp (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '1024-65535' -LocalAddress '10.0.0.0/8' -RemoteAddress '10.0.0.0/8' -Description 'Client media over TCP between clients. Flows: client.media_tcp. Source: TN-bb964029. Managed by ocs.firewall.' | Out-Null

# client.file_transfer.in: client.file_transfer
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - client.file_transfer (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '6891-6901' -RemotePort 'Any' -LocalAddress '10.0.0.0/8' -RemoteAddress '10.0.0.0/8' -Description 'Communicator file transfer (Send File from an IM session). Flows: client.file_transfer. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null

# client.file_transfer.out: client.file_transfer
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - client.file_transfer (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '6891-6901' -LocalAddress '10.0.0.0/8' -RemoteAddress '10.0.0.0/8' -Description 'Communicator file transfer (Send File from an IM session). Flows: client.file_transfer. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null
