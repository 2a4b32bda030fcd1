#Requires -Version 3.0
#Requires -Modules NetSecurity
# OCS 2007 R2: IPsec exemptions (TN-dd425136) for host client1
# 1 connection security rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
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

# ipsec.clients (udp): Clients
New-NetIPsecRule @rule -DisplayName 'OCS 2007 R2 - ipsec.clients (udp)' -Protocol UDP -LocalAddress 'Any' -RemoteAddress 'Any' -LocalPort '20000-20099' -Description 'Clients: IPsec exemption (no authentication) for OCS media, UDP. Source: TN-dd425136. [ocs.firewall 0da95faf0c0b]' | Out-Null
