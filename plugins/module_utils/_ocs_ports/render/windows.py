"""Host-view rules and IPsec exemption rows -> Windows artefacts.

- Windows Firewall rules as argument dicts for community.windows.win_firewall_rule (apply mode:
  Ansible needs PowerShell 5.1, so Server 2008 R2 SP1 with WMF 5.1, or 2012 and later);
- a ``netsh advfirewall firewall`` command file (.cmd) and its removal file, in the syntax of the
  target Windows (``windows_os``: 2008, 2008r2 or 2012; see ``WINDOWS_OS``);
- a PowerShell script with the NetSecurity cmdlets (New-NetFirewallRule, Server 2012+) and its
  removal script;
- the IPsec exceptions table (TN-dd425136) as connection security rules that do not authenticate
  (the R2 table's "Permit" filter action): ``netsh advfirewall consec ... action=noauthentication``
  (Server 2008 takes one port or ``any`` in ``port1``/``port2``, 2008 R2 also ranges and lists) and
  ``New-NetIPsecRule -InboundSecurity None -OutboundSecurity None`` (2012+),
  their removal scripts, and the read/plan steps the ipsec_exemptions role uses to converge a host
  with netsh (read ``consec show rule``, compare, then delete/add).

Pure functions, no Ansible imports: same input, same bytes out. Every value that reaches a script
is validated first (ports through the range algebra, addresses through netaddr, names against a
safe character set) and quoted for its target: netsh values in double quotes (a double quote
cannot be escaped there, so free text loses its double quotes; ``%`` is doubled in .cmd files),
PowerShell strings in single quotes with every single-quote character doubled.
Scripts use CRLF line endings; .cmd files are ASCII (cmd.exe reads them in the OEM code page),
.ps1 files are UTF-8 with a byte order mark (Windows PowerShell 5.1 reads BOM-less files as ANSI).
"""

import hashlib
import re
import unicodedata

from ..addresses import parse_network
from ..catalogue import get_catalogue
from ..errors import OcsModelError
from ..ranges import PortSet

DEFAULT_PREFIX = "OCS 2007 R2"
DEFAULT_GROUP = "Office Communications Server 2007 R2"
PROFILES = ("domain", "private", "public")
DIRECTIONS = {"in": "Inbound", "out": "Outbound"}
PROTOCOLS = ("tcp", "udp")
IPSEC_STATES = ("present", "replaced", "absent")
# The Windows versions OCS 2007 R2 runs on, and what each can do (reference/windows-platforms.md):
# 2008 is Server 2008 SP2 x64 (PowerShell 2.0, WMF 3.0 at most: no Ansible, render mode only, the
# Vista SP1 netsh syntax); 2008r2 is Server 2008 R2 SP1 (apply mode after WMF 5.1; netsh consec takes
# port ranges); 2012 is Server 2012 or later (apply mode; the NetSecurity cmdlets exist).
WINDOWS_OS = ("2008", "2008r2", "2012")
DEFAULT_OS = "2008r2"
OS_TITLES = {
    "2008": "Windows Server 2008 SP2 (x64)",
    "2008r2": "Windows Server 2008 R2 SP1",
    "2012": "Windows Server 2012 or later",
}
# netsh syntax of each target: the 2008 one (Vista SP1) or the one of 2008 R2 and later.
NETSH_SYNTAX = {"2008": "2008", "2008r2": "2008r2", "2012": "2008r2"}
NETSH_TARGET = {
    "2008": "Windows Server 2008 SP2 (x64), netsh syntax of Server 2008 (consec rules: one port or any)",
    "2008r2": "Windows Server 2008 R2 SP1 and later, netsh syntax of 2008 R2 (not for Server 2008: consec port ranges)",
}
# PowerShell wildcard characters (Get-NetFirewallRule -Group and Get-NetIPsecRule -Group accept
# wildcards) and the escape character that would change their meaning.
WILDCARD_CHARACTERS = "*?[]`"
NEWLINE = "\r\n"
BOM = "\ufeff"
CMD_MAX_LINE = 8191  # cmd.exe's limit for one command line
MAX_NAME = 255
FINGERPRINT_TAG = "ocs.firewall"
# A rule name is the prefix plus a catalogue id; the prefix is free text within this set. No
# double quote (netsh cannot escape it), no '|' (the firewall store's field separator), no '%',
# '^', '!' or '&' (cmd.exe), no wildcard characters (PowerShell -DisplayName), ASCII only.
LABEL_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._,:;/()+=@#'-]*$")
ID_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
# Characters that can stay in a `rem` line of a .cmd file (everything else becomes '?').
CMD_COMMENT_SAFE = re.compile(r"[^A-Za-z0-9 ._,:;/()+=@#'-]")
PS_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"  # PowerShell ends a '...' string at any of these
RENDERED = "Rendered by ocs.firewall from the OCS port model; re-render instead of editing."
PS_REMOVE_FIREWALL_GROUP = ("Get-NetFirewallRule -PolicyStore $PolicyStore -Group $group -ErrorAction SilentlyContinue"
                            " | Remove-NetFirewallRule")
PS_REMOVE_IPSEC_GROUP = ("Get-NetIPsecRule -PolicyStore $PolicyStore -Group $group -ErrorAction SilentlyContinue"
                         " | Remove-NetIPsecRule")


# ---- validation ---------------------------------------------------------------------------------

def _label(value, what, ascii_only=True):
    if not isinstance(value, str) or not value.strip():
        raise OcsModelError(f"{what} must be a non-empty string, not {value!r}")
    if value != value.strip():
        raise OcsModelError(f"{what} '{value}' has leading or trailing spaces")
    if ascii_only and not LABEL_PATTERN.match(value):
        raise OcsModelError(
            f"{what} '{value}' has characters that are not safe in netsh and PowerShell rule names; "
            "use letters, digits, spaces and . _ , : ; / ( ) + = @ # ' -"
        )
    if not ascii_only and (any(unicodedata.category(ch).startswith("C") for ch in value) or "|" in value):
        raise OcsModelError(f"{what} {value!r} has control characters or '|'")
    if len(value) > 200:
        raise OcsModelError(f"{what} '{value[:40]}...' is longer than 200 characters")
    return value


def check_profiles(profiles):
    """Profiles -> canonical tuple in the order domain, private, public; fails on anything else."""
    if isinstance(profiles, str):
        profiles = [part.strip() for part in profiles.split(",")]
    try:
        chosen = list(profiles)
    except TypeError:
        raise OcsModelError(f"profiles must be a list of {', '.join(PROFILES)}, not {profiles!r}") from None
    if not chosen:
        raise OcsModelError(f"profiles is empty; choose from {', '.join(PROFILES)}")
    for profile in chosen:
        if profile not in PROFILES:
            raise OcsModelError(f"unknown firewall profile {profile!r}; valid profiles: {', '.join(PROFILES)}")
    return tuple(p for p in PROFILES if p in chosen)


def _field(record, key, what):
    if not isinstance(record, dict) or key not in record:
        raise OcsModelError(f"{what} {record!r} has no '{key}'")
    return record[key]


def _ports(value, what):
    """A list of port specs -> canonical strings (validated, merged, never expanded)."""
    if value is None or (isinstance(value, (list, tuple)) and not value):
        return []
    try:
        return PortSet.parse(value).to_strings()
    except OcsModelError as exc:
        raise OcsModelError(f"{what}: {exc}") from None


def _addresses(value, what):
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise OcsModelError(f"{what} must be a list of CIDRs, not {value!r}")
    return [parse_network(item, what) for item in value]


def _flow_id(value, what):
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise OcsModelError(f"{what} {value!r} is not a catalogue id (lower-case words separated by dots)")
    return value


def clean_text(value):
    """Free text (purpose, description) on one line: control characters become spaces, runs of
    spaces shrink to one, and '|' (the firewall store's field separator) becomes '/'."""
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in str(value))
    return " ".join(text.replace("|", "/").split())


def _ascii(text):
    """Text for netsh: accents dropped (NFKD), any other non-ASCII character becomes '?'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch if ord(ch) < 128 else ("" if unicodedata.combining(ch) else "?") for ch in decomposed)


def netsh_text(value):
    """Free text as a netsh value: one line, ASCII, no double quote (netsh cannot escape one; it
    becomes a single quote), no trailing backslash (it would escape the closing quote)."""
    return _ascii(clean_text(value)).replace('"', "'").rstrip("\\").rstrip()


def cmd_quote(value):
    """A netsh value in a .cmd file: in double quotes, '%' doubled (cmd expands %VAR% in batch
    files even inside quotes). Inside double quotes & | < > ^ are literal."""
    value = str(value)
    if '"' in value or any(unicodedata.category(ch).startswith("C") for ch in value):
        raise OcsModelError(f"value {value!r} cannot be quoted for netsh (double quote or control character)")
    return '"' + value.replace("%", "%%") + '"'


def ps_quote(value):
    """A PowerShell single-quoted string; every single-quote character (', and the typographic
    ones PowerShell also accepts) is doubled. Control characters become spaces."""
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in str(value))
    return "'" + "".join(ch * 2 if ch in PS_SINGLE_QUOTES else ch for ch in text) + "'"


def _ps_list(values):
    return ", ".join(ps_quote(v) for v in values)


def _cmd_comment(text):
    return "rem " + CMD_COMMENT_SAFE.sub("?", _ascii(clean_text(text)))


def _ps_comment(text):
    return "# " + clean_text(text)


def _unique(names, what):
    seen = {}
    for name in names:
        key = name.casefold()  # Windows matches rule names without regard to case
        if key in seen:
            raise OcsModelError(f"two {what} would be named '{name}' ('{seen[key]}'); names must be unique")
        seen[key] = name


def check_windows_os(value):
    """The target Windows: '2008', '2008r2' or '2012' (YAML may give 2008 or 2012 as numbers)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or value.lower() not in WINDOWS_OS:
        raise OcsModelError(f"unknown Windows version {value!r}; valid versions: {', '.join(WINDOWS_OS)} "
                            "(2012 means Windows Server 2012 or later)")
    return value.lower()


def check_group(value, what="rule group"):
    """A rule group name as literal text: the removal scripts select rules with
    `Get-NetFirewallRule -Group` / `Get-NetIPsecRule -Group`, which accept wildcards, so a group with
    '*', '?' or '[' would match (and remove) other groups' rules; one that starts with '@' is read
    as an indirect resource string, as the built-in groups are ('@FirewallAPI.dll,-28502')."""
    value = _label(value, what, ascii_only=False)
    wild = "".join(ch for ch in WILDCARD_CHARACTERS if ch in value)
    if wild:
        raise OcsModelError(
            f"{what} '{value}' has the wildcard character(s) {' '.join(wild)}: Get-NetFirewallRule -Group and "
            "Get-NetIPsecRule -Group would match other groups' rules too; use a literal group name"
        )
    if value.startswith("@"):
        raise OcsModelError(f"{what} '{value}' starts with '@', which Windows reads as an indirect resource string "
                            "(the built-in groups' form); use a literal group name")
    return value


# ---- Windows Firewall rules ----------------------------------------------------------------------

def firewall_rule_name(rule, prefix=DEFAULT_PREFIX):
    """'OCS 2007 R2 - <flow id> (in, tcp)': stable, derived from the catalogue flow id."""
    return f"{prefix} - {rule['flow']} ({rule['direction']}, {rule['protocol']})"


def firewall_rules(rules, prefix=DEFAULT_PREFIX, profiles=PROFILES):
    """Host-view rules -> validated, normalised Windows Firewall rule specs (one per rule)."""
    prefix = _label(prefix, "rule name prefix")
    profiles = check_profiles(profiles)
    if not isinstance(rules, (list, tuple)):
        raise OcsModelError(f"rules must be a list of host-view rules, not {rules!r}")
    specs = []
    for rule in rules:
        if not isinstance(rule, dict) or "direction" not in rule:
            raise OcsModelError(f"{rule!r} is not a host-view rule (no 'direction'); use view=host")
        what = f"rule '{rule.get('name', '?')}'"
        direction = _field(rule, "direction", what)
        if direction not in DIRECTIONS:
            raise OcsModelError(f"{what}: direction {direction!r} is not 'in' or 'out'")
        protocol = _field(rule, "protocol", what)
        if protocol not in PROTOCOLS:
            raise OcsModelError(f"{what}: protocol {protocol!r} is not 'tcp' or 'udp'")
        flow = _flow_id(_field(rule, "flow", what), f"{what}: flow")
        flows = [_flow_id(f, f"{what}: flows") for f in (rule.get("flows") or [flow])]
        ports = _ports(_field(rule, "ports", what), f"{what}: ports")
        if not ports:
            raise OcsModelError(f"{what} has no ports")
        source_ports = _ports(rule.get("source_ports"), f"{what}: source_ports")
        local = _addresses(_field(rule, "local_addresses", what), f"{what}: local_addresses")
        remote = _addresses(_field(rule, "remote_addresses", what), f"{what}: remote_addresses")
        purpose = clean_text(rule.get("purpose") or "")
        reference = clean_text(rule.get("reference") or "")
        description = f"{purpose}. Flows: {', '.join(flows)}. Source: {reference}. Managed by ocs.firewall."
        spec = {
            "name": firewall_rule_name({"flow": flow, "direction": direction, "protocol": protocol}, prefix),
            "rule": rule.get("name", flow),
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
    _unique([s["name"] for s in specs], "Windows Firewall rules")
    return specs


def _joined(values):
    return ",".join(values) if values else "any"


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
            "localport": _joined(spec["local_ports"]),
            "remoteport": _joined(spec["remote_ports"]),
            "localip": _joined(spec["local_addresses"]),
            "remoteip": _joined(spec["remote_addresses"]),
            "profiles": spec["profiles"],
            "enabled": True,
            "state": "present",
        })
    return args


def _netsh_firewall_add(spec):
    return [
        "advfirewall", "firewall", "add", "rule",
        f"name={spec['name']}",
        f"dir={spec['direction']}",
        "action=allow",
        f"protocol={spec['protocol']}",
        f"localport={_joined(spec['local_ports'])}",
        f"remoteport={_joined(spec['remote_ports'])}",
        f"localip={_joined(spec['local_addresses'])}",
        f"remoteip={_joined(spec['remote_addresses'])}",
        f"profile={','.join(spec['profiles'])}",
        "enable=yes",
        f"description={netsh_text(spec['description'])}",
    ]


def _netsh_firewall_delete(spec):
    return ["advfirewall", "firewall", "delete", "rule", f"name={spec['name']}"]


# Values that are always plain words, numbers, CIDRs or lists of them; anything else is quoted.
_PLAIN_VALUE = re.compile(r"^[A-Za-z0-9.,:/-]+$")


def cmd_line(argv):
    """netsh argv (as the role passes it) -> one .cmd line: key="value" quoted where needed."""
    parts = ["netsh"]
    for arg in argv:
        key, sep, value = arg.partition("=")
        if sep and not _PLAIN_VALUE.match(value):
            parts.append(f"{key}={cmd_quote(value)}")
        elif sep or _PLAIN_VALUE.match(arg):
            parts.append(arg)
        else:
            raise OcsModelError(f"netsh argument {arg!r} is neither a keyword nor key=value")
    line = " ".join(parts)
    if len(line) > CMD_MAX_LINE - 40:  # room for the error handling appended to the line
        raise OcsModelError(f"a netsh command for '{argv[4] if len(argv) > 4 else argv}' is longer than cmd.exe allows")
    return line


def _script(lines):
    return NEWLINE.join(lines) + NEWLINE


def _cmd_header(title, host, what, count, windows_os):
    lines = [
        "@echo off",
        _cmd_comment(f"{title} for host {host}" if host else title),
        _cmd_comment(f"{count} {what}. {RENDERED}"),
        _cmd_comment(f"For {NETSH_TARGET[NETSH_SYNTAX[windows_os]]}."),
    ]
    return lines


# After each add: count a failure. ('|| set ...' would do the same in cmd.exe; the tree-sitter
# batch grammar the tests parse the files with takes only this form.)
CMD_COUNT_FAILURE = "if errorlevel 1 set /a OCS_ERRORS+=1"


def _cmd_footer():
    return [
        "",
        'if not "%OCS_ERRORS%"=="0" echo %OCS_ERRORS% netsh command^(s^) failed. 1>&2',
        "exit /b %OCS_ERRORS%",
    ]


def netsh_firewall_script(rules, prefix=DEFAULT_PREFIX, profiles=PROFILES, host=None, windows_os=DEFAULT_OS):
    """.cmd file that (re)creates the rules with netsh advfirewall firewall (the same keywords on
    2008 and 2008 R2; the header names the target). Each rule is deleted by name first, so the
    file can be run again; netsh has no rule groups."""
    windows_os = check_windows_os(windows_os)
    specs = firewall_rules(rules, prefix, profiles)
    lines = _cmd_header(f"{prefix}: Windows Firewall rules", host, "rules", len(specs), windows_os)
    lines += [
        _cmd_comment("Run from an elevated command prompt."),
        _cmd_comment("Each rule is deleted by name, then added: run it again to repair a rule."),
        _cmd_comment("netsh cannot set a rule group; the windows_firewall role adopts these rules by name."),
        "setlocal EnableExtensions DisableDelayedExpansion",
        "set OCS_ERRORS=0",
    ]
    for spec in specs:
        lines += [
            "",
            _cmd_comment(f"{spec['rule']}: {', '.join(spec['flows'])}"),
            cmd_line(_netsh_firewall_delete(spec)) + " >nul 2>&1",
            cmd_line(_netsh_firewall_add(spec)),
            CMD_COUNT_FAILURE,
        ]
    return _script(lines + _cmd_footer())


def netsh_firewall_removal(rules, prefix=DEFAULT_PREFIX, profiles=PROFILES, host=None, windows_os=DEFAULT_OS):
    """.cmd file that deletes the rules by name (every rule of that name, in any group)."""
    windows_os = check_windows_os(windows_os)
    specs = firewall_rules(rules, prefix, profiles)
    lines = _cmd_header(f"{prefix}: remove the Windows Firewall rules", host, "rules", len(specs), windows_os)
    lines += [
        _cmd_comment("Run from an elevated command prompt."),
        _cmd_comment("A rule that is already gone is not an error."),
        "setlocal EnableExtensions DisableDelayedExpansion",
        "set OCS_ERRORS=0",
        "",
    ]
    for spec in specs:
        lines.append(cmd_line(_netsh_firewall_delete(spec)) + " >nul 2>&1")
    return _script(lines + ["", "exit /b 0"])


def _ps_header(title, host, what, count, requires, group):
    return [
        BOM + "#Requires -Version 3.0",
        f"#Requires -Modules {requires}",
        _ps_comment(f"{title} for host {host}" if host else title),
        _ps_comment(f"{count} {what}. {RENDERED}"),
        _ps_comment("Needs Windows Server 2012 or later (NetSecurity module); run elevated."),
        _ps_comment("-PolicyStore: PersistentStore (this computer, the default) or a GPO, 'domain.example\\GPO name'."),
        _ps_comment("-WhatIf shows what would change."),
        "[CmdletBinding(SupportsShouldProcess = $true)]",
        "param(",
        "    [string]$PolicyStore = 'PersistentStore'",
        ")",
        "$ErrorActionPreference = 'Stop'",
        f"$group = {ps_quote(group)}",
    ]


def _ps_profiles(profiles):
    # "Separate multiple entries with a comma and do not include any spaces" (New-NetFirewallRule -Profile)
    return ps_quote(",".join(p.capitalize() for p in profiles))


def powershell_firewall_script(rules, group=DEFAULT_GROUP, profiles=PROFILES, prefix=DEFAULT_PREFIX, host=None):
    """PowerShell (New-NetFirewallRule, Server 2012+): removes every rule of the group from the
    policy store, then creates the rules in it, so the group ends up exactly the model."""
    group = check_group(group)
    specs = firewall_rules(rules, prefix, profiles)
    lines = _ps_header(f"{prefix}: Windows Firewall rules", host, "rules", len(specs), "NetSecurity", group)
    lines += [
        _ps_comment("Every rule of the group is removed first, then the rules below are created."),
        PS_REMOVE_FIREWALL_GROUP,
        "$rule = @{ PolicyStore = $PolicyStore; Group = $group; Action = 'Allow'; Enabled = 'True'; "
        f"Profile = {_ps_profiles(specs[0]['profiles'] if specs else check_profiles(profiles))} }}",
    ]
    for spec in specs:
        lines += [
            "",
            _ps_comment(f"{spec['rule']}: {', '.join(spec['flows'])}"),
            "New-NetFirewallRule @rule"
            f" -DisplayName {ps_quote(spec['name'])}"
            f" -Direction {DIRECTIONS[spec['direction']]}"
            f" -Protocol {spec['protocol'].upper()}"
            f" -LocalPort {_ps_list(spec['local_ports'] or ['Any'])}"
            f" -RemotePort {_ps_list(spec['remote_ports'] or ['Any'])}"
            f" -LocalAddress {_ps_list(spec['local_addresses'] or ['Any'])}"
            f" -RemoteAddress {_ps_list(spec['remote_addresses'] or ['Any'])}"
            f" -Description {ps_quote(spec['description'])} | Out-Null",
        ]
    return _script(lines)


def powershell_firewall_removal(rules, group=DEFAULT_GROUP, profiles=PROFILES, prefix=DEFAULT_PREFIX, host=None):
    """PowerShell that removes every rule of the group (and no other rule)."""
    group = check_group(group)
    specs = firewall_rules(rules, prefix, profiles)
    lines = _ps_header(f"{prefix}: remove the Windows Firewall rules", host, "rules", len(specs), "NetSecurity", group)
    lines += [
        _ps_comment("Removes every rule of the group; rules outside it are never touched."),
        PS_REMOVE_FIREWALL_GROUP,
    ]
    return _script(lines)


# ---- IPsec exemptions (connection security rules that do not authenticate) ----------------------

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
    prefix = _label(prefix, "rule name prefix")
    windows_os = check_windows_os(windows_os)
    if not isinstance(rows, (list, tuple)):
        raise OcsModelError(f"IPsec exemptions must be a list of rows, not {rows!r}")
    specs = []
    for row in rows:
        if not isinstance(row, dict) or "protocols" not in row:
            raise OcsModelError(f"{row!r} is not an IPsec exemption row (no 'protocols')")
        row_id = _flow_id(_field(row, "id", "IPsec row"), "IPsec row id")
        what = f"IPsec row '{row_id}'"
        source = _addresses(_field(row, "source_addresses", what), f"{what}: source_addresses")
        destination = _addresses(_field(row, "destination_addresses", what), f"{what}: destination_addresses")
        source_ports = _ports(row.get("source_ports"), f"{what}: source_ports")
        protocols = _field(row, "protocols", what)
        if not isinstance(protocols, (list, tuple)) or not protocols:
            raise OcsModelError(f"{what}: protocols must be a non-empty list, not {protocols!r}")
        swap = not source and bool(destination)
        endpoint1, endpoint2 = (destination, source) if swap else (source, destination)
        port1, port2 = ([], source_ports) if swap else (source_ports, [])
        port1, widened1 = _consec_ports(port1, windows_os)
        port2, widened2 = _consec_ports(port2, windows_os)
        title = clean_text(_field(row, "name", what))
        reference = clean_text(row.get("reference") or "")
        for protocol in protocols:
            if protocol not in PROTOCOLS:
                raise OcsModelError(f"{what}: protocol {protocol!r} is not 'tcp' or 'udp'")
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
                spec["name"], "noauthentication", protocol, _joined(endpoint1), _joined(endpoint2),
                _joined(port1), _joined(port2), "profile=any", "enable=yes", netsh_text(base),
            ])
            spec["description"] = f"{base} [{FINGERPRINT_TAG} {spec['fingerprint']}]"
            specs.append(spec)
    _unique([s["name"] for s in specs], "connection security rules")
    return specs


def consec_add_argv(spec):
    argv = [
        "advfirewall", "consec", "add", "rule",
        f"name={spec['name']}",
        f"endpoint1={_joined(spec['endpoint1'])}",
        f"endpoint2={_joined(spec['endpoint2'])}",
        "action=noauthentication",
        f"protocol={spec['protocol']}",
    ]
    # port1/port2 only when a row names ports (the Clients row): the default is any.
    if spec["port1"]:
        argv.append(f"port1={_joined(spec['port1'])}")
    if spec["port2"]:
        argv.append(f"port2={_joined(spec['port2'])}")
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
    lines = _cmd_header(f"{prefix}: IPsec exemptions (TN-dd425136)", host, "connection security rules", len(specs),
                        windows_os)
    lines += [
        _cmd_comment("Run from an elevated command prompt."),
        _cmd_comment("Connection security rules with action=noauthentication: the R2 table's Permit filter action."),
        _cmd_comment("Each rule is deleted by name, then added: run it again to repair a rule."),
        "setlocal EnableExtensions DisableDelayedExpansion",
        "set OCS_ERRORS=0",
    ]
    for spec in specs:
        lines += [
            "",
            _cmd_comment(f"{spec['row']} ({spec['protocol']}): {spec['title']}"),
        ]
        if spec["widened"]:
            # Any port would exempt far more than the table asks (all UDP of a client): refuse.
            raise OcsModelError(
                f"IPsec row '{spec['row']}' needs the ports {','.join(spec['widened'])}, but netsh consec on "
                "Windows Server 2008 (and Vista) takes one port or any (KB949856); exempting any port would "
                "exempt far more than TN-dd425136 asks. Render this host for Windows Server 2008 R2 / Windows 7 "
                "(ocs_windows_os: 2008r2), or apply this exemption by Group Policy"
            )
        lines += [
            cmd_line(consec_delete_argv(spec["name"])) + " >nul 2>&1",
            cmd_line(consec_add_argv(spec)),
            CMD_COUNT_FAILURE,
        ]
    return _script(lines + _cmd_footer())


def netsh_consec_removal(rows, prefix=DEFAULT_PREFIX, host=None, windows_os=DEFAULT_OS):
    """.cmd file that deletes the exemptions by name."""
    windows_os = check_windows_os(windows_os)
    specs = ipsec_rules(rows, prefix, windows_os)
    lines = _cmd_header(f"{prefix}: remove the IPsec exemptions", host, "connection security rules", len(specs),
                        windows_os)
    lines += [
        _cmd_comment("Run from an elevated command prompt."),
        _cmd_comment("A rule that is already gone is not an error."),
        "setlocal EnableExtensions DisableDelayedExpansion",
        "",
    ]
    for spec in specs:
        lines.append(cmd_line(consec_delete_argv(spec["name"])) + " >nul 2>&1")
    return _script(lines + ["", "exit /b 0"])


def powershell_ipsec_script(rows, group=DEFAULT_GROUP, prefix=DEFAULT_PREFIX, host=None):
    """PowerShell (New-NetIPsecRule -InboundSecurity None -OutboundSecurity None, Server 2012+):
    removes every IPsec rule of the group from the policy store, then creates the exemptions."""
    group = check_group(group)
    specs = ipsec_rules(rows, prefix)
    lines = _ps_header(f"{prefix}: IPsec exemptions (TN-dd425136)", host, "connection security rules", len(specs),
                       "NetSecurity", group)
    lines += [
        _ps_comment("InboundSecurity None and OutboundSecurity None: the rule exempts the traffic from IPsec."),
        _ps_comment("Every IPsec rule of the group is removed first, then the rules below are created."),
        PS_REMOVE_IPSEC_GROUP,
        "$rule = @{ PolicyStore = $PolicyStore; Group = $group; InboundSecurity = 'None'; OutboundSecurity = 'None'; "
        "Mode = 'Transport'; Profile = 'Any'; Enabled = 'True' }",
    ]
    for spec in specs:
        ports = ""
        if spec["port1"]:
            ports += f" -LocalPort {_ps_list(spec['port1'])}"
        if spec["port2"]:
            ports += f" -RemotePort {_ps_list(spec['port2'])}"
        lines += [
            "",
            _ps_comment(f"{spec['row']} ({spec['protocol']}): {spec['title']}"),
            "New-NetIPsecRule @rule"
            f" -DisplayName {ps_quote(spec['name'])}"
            f" -Protocol {spec['protocol'].upper()}"
            f" -LocalAddress {_ps_list(spec['endpoint1'] or ['Any'])}"
            f" -RemoteAddress {_ps_list(spec['endpoint2'] or ['Any'])}"
            f"{ports}"
            f" -Description {ps_quote(spec['description'])} | Out-Null",
        ]
    return _script(lines)


def powershell_ipsec_removal(rows, group=DEFAULT_GROUP, prefix=DEFAULT_PREFIX, host=None):
    """PowerShell that removes every IPsec rule of the group (and no other rule)."""
    group = check_group(group)
    specs = ipsec_rules(rows, prefix)
    lines = _ps_header(f"{prefix}: remove the IPsec exemptions", host, "connection security rules", len(specs),
                       "NetSecurity", group)
    lines += [
        _ps_comment("Removes every IPsec rule of the group; rules outside it are never touched."),
        PS_REMOVE_IPSEC_GROUP,
    ]
    return _script(lines)


# ---- converging a host with netsh consec: read, compare, delete/add ------------------------------

def _check_state(state):
    if state not in IPSEC_STATES:
        raise OcsModelError(f"unknown state {state!r}; valid states: {', '.join(IPSEC_STATES)}")
    return state


def catalogue_ipsec_names(product="ocs2007r2", prefix=DEFAULT_PREFIX):
    """Every rule name this collection can give an IPsec exemption of the product (current and
    retired rows, both protocols): the only rules replaced/absent may delete."""
    prefix = _label(prefix, "rule name prefix")
    catalogue = get_catalogue(product)
    names = [ipsec_rule_name(row.id, protocol, prefix)
             for row in catalogue.ipsec_exemptions for protocol in row.protocols]
    retired = [rid for rid in catalogue.retired_ids if rid.startswith("ipsec.")]
    names += [ipsec_rule_name(rid, protocol, prefix) for rid in retired for protocol in PROTOCOLS]
    return names


def consec_read_names(rows, state="present", prefix=DEFAULT_PREFIX, product="ocs2007r2"):
    """Rule names to read on the host (`netsh advfirewall consec show rule name=<name> verbose`):
    the desired rules, plus every name the catalogue can produce when stale rules must go."""
    _check_state(state)
    desired = [] if state == "absent" else [s["name"] for s in ipsec_rules(rows, prefix)]
    names = list(desired)
    if state != "present":
        names += sorted(set(catalogue_ipsec_names(product, prefix)) - set(desired))
    return names


def rule_count(text, name):
    """How many rules named `name` a `consec show rule name=<name>` output lists. Counts the
    lines that end with the name after a label (the label is localised, the name is ours)."""
    if not text:
        return 0
    pattern = re.compile(r"[:\s]" + re.escape(name.casefold()) + r"\s*$")
    return sum(1 for line in str(text).splitlines() if pattern.search(line.casefold()))


def _current_texts(current):
    """The read results: a mapping name -> output, or a list of {name, text} (the role's
    win_powershell output)."""
    if current is None:
        return {}
    if isinstance(current, dict):
        return {str(k): ("" if v is None else str(v)) for k, v in current.items()}
    if isinstance(current, (list, tuple)):
        texts = {}
        for item in current:
            if not isinstance(item, dict) or "name" not in item:
                raise OcsModelError(f"read result {item!r} has no 'name'")
            texts[str(item["name"])] = "" if item.get("text") is None else str(item["text"])
        return texts
    raise OcsModelError(f"current must be a mapping of rule name to netsh output, not {current!r}")


def consec_plan(rows, current, state="present", prefix=DEFAULT_PREFIX, product="ocs2007r2"):
    """Compare the read rules with the desired ones -> the actions, in order, each
    {name, action (add|replace|delete), reason, commands (netsh argv lists)}.

    A desired rule is kept when exactly one rule of that name exists and its description carries
    the desired fingerprint; it is replaced (deleted, then added) when it differs or is duplicated,
    and added when missing. With replaced, catalogue names that are not desired are deleted; with
    absent, every catalogue name is. Rules with any other name are never touched.
    """
    _check_state(state)
    texts = _current_texts(current)
    specs = [] if state == "absent" else ipsec_rules(rows, prefix)
    missing = [n for n in consec_read_names(rows, state, prefix, product) if n not in texts]
    if missing:
        raise OcsModelError(f"no read result for connection security rule(s): {', '.join(missing)}")
    actions = []
    desired = {s["name"] for s in specs}
    if state != "present":
        for name in consec_read_names(rows, state, prefix, product):
            if name in desired:
                continue
            count = rule_count(texts[name], name)
            if count:
                reason = "absent" if state == "absent" else "no longer in the model"
                actions.append({"name": name, "action": "delete", "reason": reason,
                                "commands": [consec_delete_argv(name)]})
    for spec in specs:
        text = texts[spec["name"]]
        count = rule_count(text, spec["name"])
        if count == 0:
            actions.append({"name": spec["name"], "action": "add", "reason": "missing",
                            "commands": [consec_add_argv(spec)]})
        elif count == 1 and f"[{FINGERPRINT_TAG} {spec['fingerprint']}]" in text:
            continue
        else:
            reason = f"{count} rules with this name" if count > 1 else "settings differ"
            actions.append({"name": spec["name"], "action": "replace", "reason": reason,
                            "commands": [consec_delete_argv(spec["name"]), consec_add_argv(spec)]})
    return actions


# ---- dispatch for the filters -------------------------------------------------------------------

KINDS = ("firewall", "ipsec")


def detect_kind(data, kind="auto"):
    """'firewall' for host-view rules (they have a direction), 'ipsec' for IPsec exemption rows
    (they have protocols); kind names it when the list may be empty."""
    if kind != "auto":
        if kind not in KINDS:
            raise OcsModelError(f"unknown kind {kind!r}; valid kinds: auto, {', '.join(KINDS)}")
        return kind
    if not isinstance(data, (list, tuple)):
        raise OcsModelError(f"input must be a list of host-view rules or IPsec exemption rows, not {data!r}")
    if not data:
        raise OcsModelError("the input list is empty: pass kind=firewall or kind=ipsec")
    found = set()
    for item in data:
        if isinstance(item, dict) and "direction" in item:
            found.add("firewall")
        elif isinstance(item, dict) and "protocols" in item:
            found.add("ipsec")
        else:
            raise OcsModelError(
                f"{item!r} is neither a host-view rule (with 'direction') nor an IPsec exemption row (with 'protocols')"
            )
    if len(found) > 1:
        raise OcsModelError("the input mixes host-view rules and IPsec exemption rows; render them separately")
    return found.pop()


# ---- what a target Windows can do (the roles' first check) ---------------------------------------

MODES = ("apply", "render")


def windows_target(windows_os=DEFAULT_OS, mode="apply", groups=(), prefix=DEFAULT_PREFIX):
    """Checks the Windows roles' settings before anything is applied or written, and says what the
    target can do: {windows_os, title, netsh_syntax, powershell (write the NetSecurity .ps1),
    apply (Ansible can manage it)}. Apply mode on Server 2008 fails: Ansible needs PowerShell 5.1,
    and WMF 3.0 is the last Server 2008 SP2 gets."""
    windows_os = check_windows_os(windows_os)
    if mode not in MODES:
        raise OcsModelError(f"unknown mode {mode!r}; valid modes: {', '.join(MODES)}")
    _label(prefix, "rule name prefix")
    if isinstance(groups, str) or not isinstance(groups, (list, tuple)):
        raise OcsModelError(f"groups must be a list of rule group names, not {groups!r}")
    for group in groups:
        check_group(group)
    if mode == "apply" and windows_os == "2008":
        raise OcsModelError(
            "Windows version '2008': Ansible cannot manage Windows Server 2008 SP2 (it needs PowerShell 5.1, and "
            "WMF 3.0 is the last that 2008 SP2 gets); use render mode (set ocs_windows_render_dir) and run the "
            ".cmd files on the host"
        )
    return {
        "windows_os": windows_os,
        "title": OS_TITLES[windows_os],
        "netsh_syntax": NETSH_SYNTAX[windows_os],
        "powershell": windows_os == "2012",
        "apply": windows_os != "2008",
    }
