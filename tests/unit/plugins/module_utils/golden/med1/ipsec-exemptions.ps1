#Requires -Version 3.0
#Requires -Modules NetSecurity
# OCS 2007 R2: IPsec exemptions (TN-dd425136) for host med1
# 4 connection security rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
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

# ipsec.mediation_in (udp): Mediation Server Inbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.mediation_in (udp)' -Protocol UDP -LocalAddress '10.1.0.20/32' -RemoteAddress 'Any' -Description 'Mediation Server Inbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 120347b6907b]' | Out-Null

# ipsec.mediation_in (tcp): Mediation Server Inbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.mediation_in (tcp)' -Protocol TCP -LocalAddress '10.1.0.20/32' -RemoteAddress 'Any' -Description 'Mediation Server Inbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall e2b15afa4d4d]' | Out-Null

# ipsec.mediation_out (udp): Mediation Server Outbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.mediation_out (udp)' -Protocol UDP -LocalAddress '10.1.0.20/32' -RemoteAddress 'Any' -Description 'Mediation Server Outbound: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 6d1211babbe8]' | Out-Null

# ipsec.mediation_out (tcp): Mediation Server Outbound
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.mediation_out (tcp)' -Protocol TCP -LocalAddress '10.1.0.20/32' -RemoteAddress 'Any' -Description 'Mediation Server Outbound: IPsec exemption (no authentication) for OCS media, TCP. Source: TN-dd425136. [ocs.firewall b0bdc74b95f6]' | Out-Null
