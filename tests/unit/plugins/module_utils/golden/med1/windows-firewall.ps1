#Requires -Version 3.0
#Requires -Modules NetSecurity
# OCS 2007 R2: Windows Firewall rules for host med1
# 6 rules. Rendered by ocs.firewall from the OCS port model; re-render instead of editing.
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

# mediation.sip_mtls_from_front_end.in: mediation.sip_mtls_from_front_end
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.sip_mtls_from_front_end (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '5061' -RemotePort 'Any' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'SIP/MTLS from the pool (OCS side, always TLS). Flows: mediation.sip_mtls_from_front_end. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null

# mediation.sip_mtls_to_front_end.out: mediation.sip_mtls_to_front_end
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.sip_mtls_to_front_end (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '5061' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.1.0.10/32', '10.1.0.11/32' -Description 'SIP/MTLS to the pool (OCS side, always TLS). Flows: mediation.sip_mtls_to_front_end. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null

# mediation.sip_to_gateway.out: mediation.sip_to_gateway
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.sip_to_gateway (out, tcp)' -Direction Outbound -Protocol TCP -LocalPort 'Any' -RemotePort '5060' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.2.0.5/32' -Description 'SIP to the PSTN gateway (TCP or TLS). Flows: mediation.sip_to_gateway. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null

# mediation.sip_from_gateway.in: mediation.sip_from_gateway
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.sip_from_gateway (in, tcp)' -Direction Inbound -Protocol TCP -LocalPort '5060' -RemotePort 'Any' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.2.0.5/32' -Description 'SIP from the PSTN gateway (TCP or TLS). Flows: mediation.sip_from_gateway. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null

# mediation.media_to_gateway.out: mediation.media_to_gateway
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.media_to_gateway (out, udp)' -Direction Outbound -Protocol UDP -LocalPort 'Any' -RemotePort '60000-64000' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.2.0.5/32' -Description 'SRTP/RTCP media to the PSTN gateway. Flows: mediation.media_to_gateway. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null

# mediation.media_from_gateway.in: mediation.media_from_gateway
New-NetFirewallRule @rule -DisplayName 'OCS 2007 R2 - mediation.media_from_gateway (in, udp)' -Direction Inbound -Protocol UDP -LocalPort '60000-64000' -RemotePort 'Any' -LocalAddress '10.1.0.20/32' -RemoteAddress '10.2.0.5/32' -Description 'SRTP/RTCP media from the PSTN gateway. Flows: mediation.media_from_gateway. Source: TN-dd425238. Managed by ocs.firewall.' | Out-Null
