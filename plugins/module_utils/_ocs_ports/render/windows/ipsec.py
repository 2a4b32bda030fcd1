"""IPsec exemption rows (the IPsec exceptions table, TN-dd425136) -> connection security rules that
do not authenticate (the R2 table's "Permit" filter action):

- ``netsh advfirewall consec ... action=noauthentication`` command files and their removal files
  (Server 2008 takes one port or ``any`` in ``port1``/``port2``, 2008 R2 also ranges and lists);
- ``New-NetIPsecRule -InboundSecurity None -OutboundSecurity None`` scripts (2012+) and their
  removal scripts;
- the netsh argument lists converge/consec.py plans with (add, delete, show).

Each rule's description carries a fingerprint of its settings, so a read can tell whether the rule
on the host is the one we would write.
"""

import hashlib

from ...errors import OcsModelError
from .quoting import (
    DEFAULT_GROUP,
    DEFAULT_PREFIX,
    check_group,
    check_label,
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
from .target import DEFAULT_OS, NETSH_SYNTAX, check_windows_os

FINGERPRINT_TAG = "ocs.firewall"
PS_REMOVE_IPSEC_GROUP = ("Get-NetIPsecRule -PolicyStore $PolicyStore -Group $group -ErrorAction SilentlyContinue"
                         " | Remove-NetIPsecRule")


def ipsec_rule_name(row_id, protocol, prefix=DEFAULT_PREFIX):
    """'OCS 2007 R2 - <row id> (udp)': one connection security rule per row and protocol."""
    return f"{prefix} - {row_id} ({protocol})"


def fingerprint(settings):
    """Short hash of a rule's settings; kept in its description so a read can tell whether the
    rule on the host is the one we would write (netsh's labels are localised, our text is not)."""
    return hashlib.sha256("\n".join(settings).encode("utf-8")).hexdigest()[:12]


def _consec_ports(ports, windows_os):
    """Ports of one endpoint for the target's netsh consec syntax -> (ports, widened). Server 2008
    takes one port or any (`port1=0-65535|any`, KB949856): a range or a list cannot be written
    (widened lists them; the add script refuses such a row, the removal script needs names only)."""
    if NETSH_SYNTAX[windows_os] != "2008" or not ports or (len(ports) == 1 and "-" not in ports[0]):
        return ports, []
    return [], ports


def ipsec_rules(rows, prefix=DEFAULT_PREFIX, windows_os=DEFAULT_OS):
    """IPsec exception rows -> connection security rule specs, one per row and protocol.

    Endpoint 1 (netsh endpoint1/port1; New-NetIPsecRule -LocalAddress/-LocalPort, "the computers
    subject to the rule") is the row's named server: its source, or its destination when only that
    is named; endpoint 2 is the other end. Source ports (the Clients row: the client media range)
    stay with the source. Connection security rules have no direction, so a table's Inbound and
    Outbound rows for one server give rules with the same endpoints and different names.
    """
    prefix = check_label(prefix, "rule name prefix")
    windows_os = check_windows_os(windows_os)
    specs = []
    for parsed in parse_records(rows, "ipsec"):
        row_id = parsed.id
        source, destination = list(parsed.source_addresses), list(parsed.destination_addresses)
        source_ports, protocols = list(parsed.source_ports), parsed.protocols
        swap = not source and bool(destination)
        endpoint1, endpoint2 = (destination, source) if swap else (source, destination)
        port1, port2 = ([], source_ports) if swap else (source_ports, [])
        port1, widened1 = _consec_ports(port1, windows_os)
        port2, widened2 = _consec_ports(port2, windows_os)
        title = clean_text(parsed.name)
        reference = clean_text(parsed.reference)
        for protocol in protocols:
            spec = {
                "name": ipsec_rule_name(row_id, protocol, prefix),
                "row": row_id,
                "title": title,
                "protocol": protocol,
                "endpoint1": endpoint1,
                "endpoint2": endpoint2,
                "port1": port1,
                "port2": port2,
                "widened": widened1 + widened2,
            }
            base = (f"{title}: IPsec exemption (no authentication) for OCS media, {protocol.upper()}. "
                    f"Source: {reference}.")
            spec["fingerprint"] = fingerprint([
                spec["name"], "noauthentication", protocol, joined(endpoint1), joined(endpoint2),
                joined(port1), joined(port2), "profile=any", "enable=yes", netsh_text(base),
            ])
            spec["description"] = f"{base} [{FINGERPRINT_TAG} {spec['fingerprint']}]"
            specs.append(spec)
    check_unique([s["name"] for s in specs], "connection security rules")
    return specs


# ---- netsh advfirewall consec ---------------------------------------------------------------------

def consec_add_argv(spec):
    argv = [
        "advfirewall", "consec", "add", "rule",
        f"name={spec['name']}",
        f"endpoint1={joined(spec['endpoint1'])}",
        f"endpoint2={joined(spec['endpoint2'])}",
        "action=noauthentication",
        f"protocol={spec['protocol']}",
    ]
    # port1/port2 only when a row names ports (the Clients row): the default is any.
    if spec["port1"]:
        argv.append(f"port1={joined(spec['port1'])}")
    if spec["port2"]:
        argv.append(f"port2={joined(spec['port2'])}")
    argv += ["profile=any", "enable=yes", f"description={netsh_text(spec['description'])}"]
    return argv


def consec_delete_argv(name):
    return ["advfirewall", "consec", "delete", "rule", f"name={name}"]


def consec_show_argv(name):
    return ["advfirewall", "consec", "show", "rule", f"name={name}", "verbose"]


def netsh_consec_script(rows, prefix=DEFAULT_PREFIX, host=None, windows_os=DEFAULT_OS):
    """.cmd file that (re)creates the exemptions with netsh advfirewall consec, in the syntax of
    the target (Server 2008: one port or any per endpoint)."""
    windows_os = check_windows_os(windows_os)
    specs = ipsec_rules(rows, prefix, windows_os)
    notes = [
        "Connection security rules with action=noauthentication: the R2 table's Permit filter action.",
        "Each rule is deleted by name, then added: run it again to repair a rule.",
    ]
    blocks = []
    for spec in specs:
        if spec["widened"]:
            # Any port would exempt far more than the table asks (all UDP of a client): refuse.
            raise OcsModelError(
                f"IPsec row '{spec['row']}' needs the ports {','.join(spec['widened'])}, but netsh consec on "
                "Windows Server 2008 (and Vista) takes one port or any (KB949856); exempting any port would "
                "exempt far more than TN-dd425136 asks. Render this host for Windows Server 2008 R2 / Windows 7 "
                "(ocs_windows_os: 2008r2), or apply this exemption by Group Policy"
            )
        blocks.append((f"{spec['row']} ({spec['protocol']}): {spec['title']}",
                       cmd_line(consec_delete_argv(spec["name"])), cmd_line(consec_add_argv(spec))))
    return cmd_recreate_file(f"{prefix}: IPsec exemptions (TN-dd425136)", host, "connection security rules",
                             windows_os, notes, blocks)


def netsh_consec_removal(rows, prefix=DEFAULT_PREFIX, host=None, windows_os=DEFAULT_OS):
    """.cmd file that deletes the exemptions by name."""
    windows_os = check_windows_os(windows_os)
    specs = ipsec_rules(rows, prefix, windows_os)
    deletes = [cmd_line(consec_delete_argv(spec["name"])) for spec in specs]
    return cmd_delete_file(f"{prefix}: remove the IPsec exemptions", host, "connection security rules", windows_os,
                           deletes)


# ---- PowerShell (NetSecurity) -------------------------------------------------------------------------

def powershell_ipsec_script(rows, group=DEFAULT_GROUP, prefix=DEFAULT_PREFIX, host=None):
    """PowerShell (New-NetIPsecRule -InboundSecurity None -OutboundSecurity None, Server 2012+):
    removes every IPsec rule of the group from the policy store, then creates the exemptions."""
    group = check_group(group)
    specs = ipsec_rules(rows, prefix)
    lines = ps_header(f"{prefix}: IPsec exemptions (TN-dd425136)", host, "connection security rules", len(specs),
                      group)
    lines += [
        ps_comment("InboundSecurity None and OutboundSecurity None: the rule exempts the traffic from IPsec."),
        ps_comment("Every IPsec rule of the group is removed first, then the rules below are created."),
        PS_REMOVE_IPSEC_GROUP,
        "$rule = @{ PolicyStore = $PolicyStore; Group = $group; InboundSecurity = 'None'; OutboundSecurity = 'None'; "
        "Mode = 'Transport'; Profile = 'Any'; Enabled = 'True' }",
    ]
    for spec in specs:
        ports = ""
        if spec["port1"]:
            ports += f" -LocalPort {ps_list(spec['port1'])}"
        if spec["port2"]:
            ports += f" -RemotePort {ps_list(spec['port2'])}"
        lines += [
            "",
            ps_comment(f"{spec['row']} ({spec['protocol']}): {spec['title']}"),
            "New-NetIPsecRule @rule"
            f" -DisplayName {ps_quote(spec['name'])}"
            f" -Protocol {spec['protocol'].upper()}"
            f" -LocalAddress {ps_list(spec['endpoint1'] or ['Any'])}"
            f" -RemoteAddress {ps_list(spec['endpoint2'] or ['Any'])}"
            f"{ports}"
            f" -Description {ps_quote(spec['description'])} | Out-Null",
        ]
    return script_text(lines)


def powershell_ipsec_removal(rows, group=DEFAULT_GROUP, prefix=DEFAULT_PREFIX, host=None):
    """PowerShell that removes every IPsec rule of the group (and no other rule)."""
    group = check_group(group)
    specs = ipsec_rules(rows, prefix)
    lines = ps_header(f"{prefix}: remove the IPsec exemptions", host, "connection security rules", len(specs),
                      group)
    lines += [
        ps_comment("Removes every IPsec rule of the group; rules outside it are never touched."),
        PS_REMOVE_IPSEC_GROUP,
    ]
    return script_text(lines)
