#Requires -Version 3.0
#Requires -Modules NetSecurity
# OCS 2007 R2: IPsec exemptions (TN-dd425136) for host edge1
# 8 connection security rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
# Needs Windows Server 2012 or later (NetSecurity module); run elevated.
# -PolicyStore: PersistentStore (this computer, the default) or a GPO, 'domain.example\GPO name'.
# -WhatIf shows what would change.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [string]$PolicyStore = 'PersistentStore'
)
$ErrorActionPreference = 'Stop'
$group = 'Office Communications Server 2007 R2'
# InboundSecurity None and OutboundSecurity None: the rule exempts the traffic from IPsec.
# Every IPsec rule of the group is removed first, then the rules below are created.
Get-NetIPsecRule -PolicyStore $PolicyStore -Group $group -ErrorAction SilentlyContinue | Remove-NetIPsecRule
$rule = @{ PolicyStore = $PolicyStore; Group = $group; InboundSecurity = 'None'; OutboundSecurity = 'None'; Mode = 'Transport'; Profile = 'Any'; Enabled = 'True' }

# ipsec.av_edge_internal_in (udp): A/V Edge Server Internal Inbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.av_edge_internal_in (udp)' -Protocol UDP -LocalAddress '172.16.10.10/32' -RemoteAddress 'Any' -Description 'A/V Edge Server Internal Inbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 3f5e65f369d2]' | Out-Null

# ipsec.av_edge_internal_in (tcp): A/V Edge Server Internal Inbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.av_edge_internal_in (tcp)' -Protocol TCP -LocalAddress '172.16.10.10/32' -RemoteAddress 'Any' -Description 'A/V Edge Server Internal Inbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall 5b6074ba1f3c]' | Out-Null

# ipsec.av_edge_external_in (udp): A/V Edge Server External Inbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.av_edge_external_in (udp)' -Protocol UDP -LocalAddress '203.0.113.12/32' -RemoteAddress 'Any' -Description 'A/V Edge Server External Inbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 521ac55b6ee7]' | Out-Null

# ipsec.av_edge_external_in (tcp): A/V Edge Server External Inbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.av_edge_external_in (tcp)' -Protocol TCP -LocalAddress '203.0.113.12/32' -RemoteAddress 'Any' -Description 'A/V Edge Server External Inbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall 673f24c45930]' | Out-Null

# ipsec.av_edge_internal_out (udp): A/V Edge Server Internal Outbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.av_edge_internal_out (udp)' -Protocol UDP -LocalAddress '172.16.10.10/32' -RemoteAddress 'Any' -Description 'A/V Edge Server Internal Outbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall cf8e8beb3940]' | Out-Null

# ipsec.av_edge_internal_out (tcp): A/V Edge Server Internal Outbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.av_edge_internal_out (tcp)' -Protocol TCP -LocalAddress '172.16.10.10/32' -RemoteAddress 'Any' -Description 'A/V Edge Server Internal Outbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall 5b4b841980e9]' | Out-Null

# ipsec.av_edge_external_out (udp): A/V Edge Server External Outbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.av_edge_external_out (udp)' -Protocol UDP -LocalAddress '203.0.113.12/32' -RemoteAddress 'Any' -Description 'A/V Edge Server External Outbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 94275fd7ef71]' | Out-Null

# ipsec.av_edge_external_out (tcp): A/V Edge Server External Outbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.av_edge_external_out (tcp)' -Protocol TCP -LocalAddress '203.0.113.12/32' -RemoteAddress 'Any' -Description 'A/V Edge Server External Outbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall 5b0a8ad03ec8]' | Out-Null
