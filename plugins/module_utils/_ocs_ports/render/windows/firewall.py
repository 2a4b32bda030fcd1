"""Host-view rules -> Windows Firewall artefacts:

- argument dicts for community.windows.win_firewall_rule (apply mode: Ansible needs PowerShell 5.1,
  so Server 2008 R2 SP1 with WMF 5.1, or 2012 and later);
- a ``netsh advfirewall firewall`` command file (.cmd) and its removal file (the same keywords on
  2008 and 2008 R2; the header names the target);
- a PowerShell script with the NetSecurity cmdlets (New-NetFirewallRule, Server 2012+) and its
  removal script.
"""

from ...errors import OcsModelError
from .quoting import (
    DEFAULT_GROUP,
    DEFAULT_PREFIX,
    DIRECTIONS,
    MAX_NAME,
    PROFILES,
    check_group,
    check_label,
    check_profiles,
    check_unique,
    clean_text,
    cmd_line,
    joined,
    netsh_text,
    ps_comment,
    ps_list,
    ps_quote,
)
from .records import parse_records
from .scripts import cmd_delete_file, cmd_recreate_file, ps_header, script_text
from .target import DEFAULT_OS, check_windows_os

PS_REMOVE_FIREWALL_GROUP = ("Get-NetFirewallRule -PolicyStore $PolicyStore -Group $group -ErrorAction SilentlyContinue"
                            " | Remove-NetFirewallRule")


def firewall_rule_name(rule, prefix=DEFAULT_PREFIX):
    """'OCS 2007 R2 - <flow id> (in, tcp)': stable, derived from the catalogue flow id."""
    return f"{prefix} - {rule['flow']} ({rule['direction']}, {rule['protocol']})"


def firewall_rules(rules, prefix=DEFAULT_PREFIX, profiles=PROFILES):
    """Host-view rules -> validated, normalised Windows Firewall rule specs (one per rule)."""
    prefix = check_label(prefix, "rule name prefix")
    profiles = check_profiles(profiles)
    specs = []
    for parsed in parse_records(rules, "firewall"):
        direction, protocol, flow, flows = parsed.direction, parsed.protocol, parsed.flow, list(parsed.flows)
        ports, source_ports = list(parsed.ports), list(parsed.source_ports)
        local, remote = list(parsed.local_addresses), list(parsed.remote_addresses)
        purpose = clean_text(parsed.purpose)
        reference = clean_text(parsed.reference)
        description = f"{purpose}. Flows: {', '.join(flows)}. Source: {reference}. Managed by ocs.firewall."
        spec = {
            "name": firewall_rule_name({"flow": flow, "direction": direction, "protocol": protocol}, prefix),
            "rule": parsed.name,
            "flows": flows,
            "direction": direction,
            "protocol": protocol,
            # 'in': the destination ports are local; 'out': they are the remote end's.
            "local_ports": ports if direction == "in" else source_ports,
            "remote_ports": source_ports if direction == "in" else ports,
            "local_addresses": local,
            "remote_addresses": remote,
            "profiles": list(profiles),
            "description": description,
        }
        if len(spec["name"]) > MAX_NAME:
            raise OcsModelError(f"rule name '{spec['name']}' is longer than {MAX_NAME} characters")
        specs.append(spec)
    check_unique([s["name"] for s in specs], "Windows Firewall rules")
    return specs


def win_firewall_rule_args(rules, group=DEFAULT_GROUP, profiles=PROFILES, prefix=DEFAULT_PREFIX):
    """Host-view rules -> one argument dict per rule for community.windows.win_firewall_rule
    (options: name, group, description, direction, action, protocol, localport, remoteport,
    localip, remoteip, profiles, enabled, state). Ports and addresses are comma-joined canonical
    strings, 'any' when the rule does not restrict them."""
    group = check_group(group)
    args = []
    for spec in firewall_rules(rules, prefix, profiles):
        args.append({
            "name": spec["name"],
            "group": group,
            "description": spec["description"],
            "direction": spec["direction"],
            "action": "allow",
            "protocol": spec["protocol"],
            "localport": joined(spec["local_ports"]),
            "remoteport": joined(spec["remote_ports"]),
            "localip": joined(spec["local_addresses"]),
            "remoteip": joined(spec["remote_addresses"]),
            "profiles": spec["profiles"],
            "enabled": True,
            "state": "present",
        })
    return args


# ---- netsh advfirewall firewall ---------------------------------------------------------------------

def _netsh_firewall_add(spec):
    return [
        "advfirewall", "firewall", "add", "rule",
        f"name={spec['name']}",
        f"dir={spec['direction']}",
        "action=allow",
        f"protocol={spec['protocol']}",
        f"localport={joined(spec['local_ports'])}",
        f"remoteport={joined(spec['remote_ports'])}",
        f"localip={joined(spec['local_addresses'])}",
        f"remoteip={joined(spec['remote_addresses'])}",
        f"profile={','.join(spec['profiles'])}",
        "enable=yes",
        f"description={netsh_text(spec['description'])}",
    ]


def _netsh_firewall_delete(spec):
    return ["advfirewall", "firewall", "delete", "rule", f"name={spec['name']}"]


def netsh_firewall_script(rules, prefix=DEFAULT_PREFIX, profiles=PROFILES, host=None, windows_os=DEFAULT_OS):
    """.cmd file that (re)creates the rules with netsh advfirewall firewall (the same keywords on
    2008 and 2008 R2; the header names the target). Each rule is deleted by name first, so the
    file can be run again; netsh has no rule groups."""
    windows_os = check_windows_os(windows_os)
    specs = firewall_rules(rules, prefix, profiles)
    notes = [
        "Each rule is deleted by name, then added: run it again to repair a rule.",
        "netsh cannot set a rule group; the windows_firewall role adopts these rules by name.",
    ]
    blocks = [(f"{spec['rule']}: {', '.join(spec['flows'])}",
               cmd_line(_netsh_firewall_delete(spec)), cmd_line(_netsh_firewall_add(spec))) for spec in specs]
    return cmd_recreate_file(f"{prefix}: Windows Firewall rules", host, "rules", windows_os, notes, blocks)


def netsh_firewall_removal(rules, prefix=DEFAULT_PREFIX, profiles=PROFILES, host=None, windows_os=DEFAULT_OS):
    """.cmd file that deletes the rules by name (every rule of that name, in any group)."""
    windows_os = check_windows_os(windows_os)
    specs = firewall_rules(rules, prefix, profiles)
    deletes = [cmd_line(_netsh_firewall_delete(spec)) for spec in specs]
    return cmd_delete_file(f"{prefix}: remove the Windows Firewall rules", host, "rules", windows_os, deletes,
                           reset_errors=True)


# ---- PowerShell (NetSecurity) -------------------------------------------------------------------------

def _ps_profiles(profiles):
    # "Separate multiple entries with a comma and do not include any spaces" (New-NetFirewallRule -Profile)
    return ps_quote(",".join(p.capitalize() for p in profiles))


def powershell_firewall_script(rules, group=DEFAULT_GROUP, profiles=PROFILES, prefix=DEFAULT_PREFIX, host=None):
    """PowerShell (New-NetFirewallRule, Server 2012+): removes every rule of the group from the
    policy store, then creates the rules in it, so the group ends up exactly the model."""
    group = check_group(group)
    specs = firewall_rules(rules, prefix, profiles)
    lines = ps_header(f"{prefix}: Windows Firewall rules", host, "rules", len(specs), group)
    lines += [
        ps_comment("Every rule of the group is removed first, then the rules below are created."),
        PS_REMOVE_FIREWALL_GROUP,
        "$rule = @{ PolicyStore = $PolicyStore; Group = $group; Action = 'Allow'; Enabled = 'True'; "
        f"Profile = {_ps_profiles(specs[0]['profiles'] if specs else check_profiles(profiles))} }}",
    ]
    for spec in specs:
        lines += [
            "",
            ps_comment(f"{spec['rule']}: {', '.join(spec['flows'])}"),
            "New-NetFirewallRule @rule"
            f" -DisplayName {ps_quote(spec['name'])}"
            f" -Direction {DIRECTIONS[spec['direction']]}"
            f" -Protocol {spec['protocol'].upper()}"
            f" -LocalPort {ps_list(spec['local_ports'] or ['Any'])}"
            f" -RemotePort {ps_list(spec['remote_ports'] or ['Any'])}"
            f" -LocalAddress {ps_list(spec['local_addresses'] or ['Any'])}"
            f" -RemoteAddress {ps_list(spec['remote_addresses'] or ['Any'])}"
            f" -Description {ps_quote(spec['description'])} | Out-Null",
        ]
    return script_text(lines)


def powershell_firewall_removal(rules, group=DEFAULT_GROUP, profiles=PROFILES, prefix=DEFAULT_PREFIX, host=None):
    """PowerShell that removes every rule of the group (and no other rule)."""
    group = check_group(group)
    specs = firewall_rules(rules, prefix, profiles)
    lines = ps_header(f"{prefix}: remove the Windows Firewall rules", host, "rules", len(specs), group)
    lines += [
        ps_comment("Removes every rule of the group; rules outside it are never touched."),
        PS_REMOVE_FIREWALL_GROUP,
    ]
    return script_text(lines)
