#Requires -Version 3.0
#Requires -Modules NetSecurity
# OCS 2007 R2: IPsec exemptions (TN-dd425136) for host fe1
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

# ipsec.conferencing_attendant_in (udp): Conferencing Attendant Inbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.conferencing_attendant_in (udp)' -Protocol UDP -LocalAddress 'Any' -RemoteAddress 'Any' -Description 'Conferencing Attendant Inbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 3e892571b15f]' | Out-Null

# ipsec.conferencing_attendant_in (tcp): Conferencing Attendant Inbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.conferencing_attendant_in (tcp)' -Protocol TCP -LocalAddress 'Any' -RemoteAddress 'Any' -Description 'Conferencing Attendant Inbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall a678a9c08561]' | Out-Null

# ipsec.conferencing_attendant_out (udp): Conferencing Attendant Outbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.conferencing_attendant_out (udp)' -Protocol UDP -LocalAddress 'Any' -RemoteAddress 'Any' -Description 'Conferencing Attendant Outbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 8236432cf59e]' | Out-Null

# ipsec.conferencing_attendant_out (tcp): Conferencing Attendant Outbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.conferencing_attendant_out (tcp)' -Protocol TCP -LocalAddress 'Any' -RemoteAddress 'Any' -Description 'Conferencing Attendant Outbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall 23349faead35]' | Out-Null

# ipsec.av_conferencing_in (udp): A/V Conferencing Inbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.av_conferencing_in (udp)' -Protocol UDP -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress 'Any' -Description 'A/V Conferencing Inbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall e5266efb7388]' | Out-Null

# ipsec.av_conferencing_in (tcp): A/V Conferencing Inbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.av_conferencing_in (tcp)' -Protocol TCP -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress 'Any' -Description 'A/V Conferencing Inbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall 2396b8f29744]' | Out-Null

# ipsec.av_conferencing_out (udp): A/V Conferencing Server Outbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.av_conferencing_out (udp)' -Protocol UDP -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress 'Any' -Description 'A/V Conferencing Server Outbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall b008fedc7cae]' | Out-Null

# ipsec.av_conferencing_out (tcp): A/V Conferencing Server Outbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.av_conferencing_out (tcp)' -Protocol TCP -LocalAddress '10.1.0.10/32', '10.1.0.11/32' -RemoteAddress 'Any' -Description 'A/V Conferencing Server Outbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall 1f0569f156de]' | Out-Null
