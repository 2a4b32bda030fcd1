# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared option documentation (private to the collection): what the Windows renderers take and how
they name and group the rules (to_netsh, to_powershell, to_win_firewall_rules)."""

from __future__ import annotations


class ModuleDocFragment:
    SCRIPT = r"""
options:
  _input:
    description: Host-view rules, or IPsec exemption rows.
    type: list
    elements: dict
    required: true
  format:
    description: V(script) or V(removal).
    type: str
    default: script
    choices: [script, removal]
  kind:
    description: V(firewall) (host-view rules) or V(ipsec) (exemption rows); V(auto) tells them apart, but needs a non-empty list.
    type: str
    default: auto
    choices: [auto, firewall, ipsec]
  host:
    description: Host name for the script's header comment.
    type: str
"""

    PROFILES = r"""
options:
  profiles:
    description: Firewall profiles of the firewall rules, any of V(domain), V(private), V(public). Exemptions apply in every profile.
    type: list
    elements: str
    default: [domain, private, public]
"""

    PREFIX = r"""
options:
  prefix:
    description:
      - Start of every rule name. Letters, digits, spaces, parentheses and the characters
        C(._,:;/+=@#'-) only, so that the names are safe in netsh and PowerShell.
    type: str
    default: OCS 2007 R2
"""

    GROUP = r"""
options:
  group:
    description:
      - The rule group the rules go into. Literal text only, no wildcard characters (C(*), C(?), C([), C(]),
        backtick) and no leading C(@), because the removal scripts select the group with C(Get-NetFirewallRule -Group)
        or C(Get-NetIPsecRule -Group), which accept wildcards and would match other groups' rules.
    type: str
    default: Office Communications Server 2007 R2
"""
