"""The rendered Windows scripts, checked by tools that know Windows better than we do.

1. Syntax: tree-sitter with the tree-sitter-powershell and tree-sitter-batch grammars (PyPI,
   pinned in requirements-test.txt) parses every .ps1 and .cmd: the golden files, a fresh render
   of the example inventory for every target Windows, and the roles' helper .ps1 files. No ERROR
   or MISSING node may appear; planted errors prove the parsers flag them.
2. Documentation: every NetSecurity cmdlet call (splatted hashtables included) uses only parameter
   names, parameter-set combinations and accepted values that Microsoft's cmdlet documentation
   gives (tests/unit/data/netsecurity/*.json, extracted with the script there, each with its
   source path and commit), and every netsh command only the keywords and value forms documented
   for its Windows version (tests/unit/data/netsh/netsh-advfirewall.json, written by hand from
   dd734783, dd736198, KB947709 and KB949856). Planted mistakes (a misspelled parameter, a bad
   enum value, spaces in -Profile, a wildcard group, a port range on Server 2008) prove the
   checks catch them.
"""

import ipaddress
import json
import re
from pathlib import Path

import pytest
import tree_sitter
import tree_sitter_batch
import tree_sitter_powershell

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.converge import consec
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import windows
from ansible_collections.ocs.firewall.tests.unit.deployments import example_ipsec_rows, example_rules

REPO = Path(__file__).resolve().parents[4]
GOLDEN = Path(__file__).resolve().parent / "golden"
HOSTS = ("edge1", "fe1", "med1", "client1")
DATA = REPO / "tests" / "unit" / "data"
HELPERS = sorted((REPO / "roles").glob("*/files/*.ps1"))
PS = tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))
CMD = tree_sitter.Parser(tree_sitter.Language(tree_sitter_batch.language()))
CMDLETS = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (DATA / "netsecurity").glob("*.json")}
NETSH = json.loads((DATA / "netsh" / "netsh-advfirewall.json").read_text(encoding="utf-8"))
# about_CommonParameters (every cmdlet with [<CommonParameters>] takes them), plus the risk mitigation
# parameters the syntax blocks list as [-WhatIf] [-Confirm].
COMMON = {"Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ErrorVariable", "WarningVariable",
          "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm"}
NETSECURITY = re.compile(r"^\w+-Net(Firewall|IPsec)\w*$", re.I)


# ---- what to check -----------------------------------------------------------------------------------

_rules = example_rules
_rows = example_ipsec_rows


def fresh_renders():
    """{label: (text, netsh syntax or None)} for every host and target Windows, as the roles write them."""
    out = {}
    for host in HOSTS:
        rules, rows = _rules(host), _rows(host)
        for target in windows.WINDOWS_OS:
            syntax = windows.NETSH_SYNTAX[target]
            for name, render in (("windows-firewall.cmd", windows.netsh_firewall_script),
                                 ("windows-firewall-remove.cmd", windows.netsh_firewall_removal)):
                out[f"{target}/{host}/{name}"] = (render(rules, host=host, windows_os=target), syntax)
            for name, render in (("ipsec-exemptions.cmd", windows.netsh_consec_script),
                                 ("ipsec-exemptions-remove.cmd", windows.netsh_consec_removal)):
                try:
                    out[f"{target}/{host}/{name}"] = (render(rows, host=host, windows_os=target), syntax)
                except OcsModelError as exc:  # a range on Server 2008 (the Clients row): refused, see below
                    assert "takes one port or any" in str(exc), exc
            if windows.windows_target(target, "render")["powershell"]:
                out[f"{target}/{host}/windows-firewall.ps1"] = (windows.powershell_firewall_script(rules, host=host), None)
                out[f"{target}/{host}/windows-firewall-remove.ps1"] = (
                    windows.powershell_firewall_removal(rules, host=host), None)
                out[f"{target}/{host}/ipsec-exemptions.ps1"] = (windows.powershell_ipsec_script(rows, host=host), None)
                out[f"{target}/{host}/ipsec-exemptions-remove.ps1"] = (
                    windows.powershell_ipsec_removal(rows, host=host), None)
    return out


FRESH = fresh_renders()
GOLDENS = sorted(p for p in GOLDEN.rglob("*") if p.is_file())


def golden_syntax(path):
    return "2008" if path.stem.endswith("-2008") else "2008r2"


# ---- parsing -------------------------------------------------------------------------------------------

def parse_errors(parser, data):
    """(line, column, kind) of every ERROR or MISSING node, found by descending into whatever has an error."""
    tree = parser.parse(data)
    found = []

    def visit(node):
        if node.is_error or node.is_missing or node.type == "ERROR":
            found.append((node.start_point[0] + 1, node.start_point[1] + 1, "MISSING" if node.is_missing else "ERROR"))
            return
        erring = [c for c in node.children if c.has_error]
        if node.has_error and not erring:
            found.append((node.start_point[0] + 1, node.start_point[1] + 1, f"error in {node.type}"))
        for child in erring:
            visit(child)

    visit(tree.root_node)
    assert bool(found) == tree.root_node.has_error
    return found


def parser_for(name):
    return PS if name.endswith(".ps1") else CMD


@pytest.mark.parametrize("label", sorted(FRESH))
def test_every_fresh_render_parses_without_errors(label):
    text = FRESH[label][0]
    assert parse_errors(parser_for(label), text.encode("utf-8")) == [], label


@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_golden_file_parses_without_errors(path):
    assert parse_errors(parser_for(path.name), path.read_bytes()) == []
    assert parse_errors(parser_for(path.name), path.read_bytes().replace(b"\n", b"\r\n")) == []


@pytest.mark.parametrize("path", HELPERS, ids=lambda p: p.name)
def test_every_helper_script_parses_without_errors(path):
    assert parse_errors(PS, path.read_bytes()) == []


def test_the_helper_scripts_are_all_found():
    assert {p.name for p in HELPERS} >= {"read_group_rules.ps1", "read_consec_rules.ps1", "run_netsh.ps1"}


@pytest.mark.parametrize("good, planted", [
    ("$group = 'OCS'", "$group = 'OCS"),                      # unterminated string
    ("$rule = @{ Action = 'Allow' }", "$rule = @{ Action = 'Allow'"),  # open hashtable
    ("if ($x) { 1 }", "if ($x { 1 }"),                        # unclosed (
])
def test_the_powershell_parser_flags_a_planted_error(good, planted):
    assert parse_errors(PS, good.encode()) == []
    assert parse_errors(PS, planted.encode()) != []


@pytest.mark.parametrize("good, planted", [
    ('if not "%X%"=="0" (\r\necho x\r\n)\r\n', 'if not "%X%"=="0" (\r\necho x\r\n'),  # unclosed if (
    ('netsh a b\r\nif errorlevel 1 set /a N+=1\r\n', 'netsh a b\r\nif errorlevel set /a N+=1 (\r\n'),
])
def test_the_batch_parser_flags_a_planted_error(good, planted):
    assert parse_errors(CMD, good.encode()) == []
    assert parse_errors(CMD, planted.encode()) != []


def test_a_rendered_script_with_a_planted_error_is_flagged():
    text = FRESH["2012/edge1/windows-firewall.ps1"][0]
    assert parse_errors(PS, text.replace("'Allow'", "'Allow", 1).encode()) != []
    cmd = FRESH["2008r2/edge1/ipsec-exemptions.cmd"][0]
    assert parse_errors(CMD, cmd.replace("\r\n)", "\r\n", 1).replace("exit /b", "if x==x (\r\nexit /b", 1).encode()) != []


# ---- NetSecurity cmdlets against Microsoft's documentation ---------------------------------------------

def _text(node, data):
    return data[node.start_byte:node.end_byte].decode("utf-8")


def _walk(node):
    yield node
    for child in node.named_children:
        yield from _walk(child)


def _values(node, data):
    """The argument's values: ('str', text) for quoted strings, ('var', name), ('word', text)."""
    if node is None:
        return []
    strings = [n for n in _walk(node) if n.type == "string_literal"]
    if strings:
        return [("str", _text(s, data)[1:-1].replace("''", "'")) for s in strings]
    variables = [n for n in _walk(node) if n.type == "variable"]
    if variables:
        return [("var", _text(v, data)) for v in variables]
    return [("word", _text(node, data).strip())]


def ps_calls(text):
    """Every command call: (cmdlet, {parameter: [values]}, line), splatted hashtables expanded,
    plus the script's simple string variables ($group = '...')."""
    data = text.encode("utf-8")
    root = PS.parse(data).root_node
    tables, strings = {}, {}
    for node in _walk(root):
        if node.type != "assignment_expression":
            continue
        name = _text(node.named_children[0], data).strip()
        table = next((n for n in _walk(node.named_children[-1]) if n.type == "hash_literal_expression"), None)
        if table is not None:
            entries = {}
            for entry in (n for n in _walk(table) if n.type == "hash_entry"):
                key = _text(entry.named_children[0], data).strip()
                entries[key] = _values(entry.named_children[-1], data)
            tables[name.lstrip("$").lower()] = entries
        else:
            values = _values(node.named_children[-1], data)
            if len(values) == 1 and values[0][0] == "str":
                strings[name.lower()] = values[0][1]
    calls = []
    for node in _walk(root):
        if node.type != "command":
            continue
        name = _text(node.named_children[0], data)
        elements = [c for c in (node.child_by_field_name("command_elements") or node.named_children[-1]).named_children
                    if c.type != "command_argument_sep"] if len(node.named_children) > 1 else []
        params, i = {}, 0
        while i < len(elements):
            element = elements[i]
            token = _text(element, data)
            if element.type == "command_parameter":
                value = None
                if i + 1 < len(elements) and elements[i + 1].type != "command_parameter":
                    value = elements[i + 1]
                    i += 1
                params[token.lstrip("-").rstrip(":")] = _values(value, data) if value is not None else [("switch", "")]
            elif token.startswith("@"):
                splat = tables.get(token[1:].lower())
                assert splat is not None, f"{name} splats {token}, which the script never assigns"
                params.update(splat)
            i += 1
        calls.append((name, params, node.start_point[0] + 1, strings))
    return calls


def check_cmdlet_call(name, params, strings):
    """Problems of one call against the documentation tables (empty when it is right)."""
    if not NETSECURITY.match(name):
        return []
    doc = CMDLETS.get(name)
    if doc is None:
        return [f"{name}: no documentation table in tests/unit/data/netsecurity (extract it)"]
    problems, sets = [], None
    documented = doc["parameters"]
    by_alias = {a.lower(): p for p, spec in documented.items() for a in spec["aliases"]}
    for given, values in params.items():
        param = next((p for p in documented if p.lower() == given.lower()), None) or by_alias.get(given.lower())
        if param is None:
            if given in COMMON and doc["common_parameters"]:
                continue
            problems.append(f"{name}: -{given} is not a documented parameter")
            continue
        spec = documented[param]
        if "(All)" not in spec["parameter_sets"]:
            sets = set(spec["parameter_sets"]) if sets is None else sets & set(spec["parameter_sets"])
        accepted = spec["accepted_values"]
        for kind, value in values:
            if kind == "var" and value.lower() in ("$true", "$false") and accepted:
                problems.append(f"{name}: -{param} takes the strings {', '.join(accepted)}, not {value}")
            if kind == "var" and spec["accepts_wildcards"] and name.startswith("Get-"):
                value, kind = strings.get(value.lower(), value), "str" if value.lower() in strings else kind
            if kind in ("str", "word") and spec["accepts_wildcards"] and name.startswith("Get-") \
                    and set(value) & set("*?[]`"):
                problems.append(f"{name}: -{param} {value!r} has wildcard characters and would match other objects")
            if kind in ("str", "word") and accepted:
                entries = value.split(",") if (spec["no_spaces_between_entries"] or spec["type"].endswith("[]")) \
                    else [value]
                for entry in entries:
                    if entry not in accepted:
                        problems.append(f"{name}: -{param} {entry!r} is not one of {', '.join(accepted)}"
                                        + (" (no spaces between entries)" if entry.strip() in accepted else ""))
    if sets is not None and not sets:
        problems.append(f"{name}: parameters {', '.join(params)} are in no common parameter set")
    # Rules the documentation states in prose (shared/reference/windows-platforms.md):
    ports = [v for p in ("LocalPort", "RemotePort") for k, v in params.get(p, []) if k == "str" and v != "Any"]
    protocol = [v for k, v in params.get("Protocol", []) if k in ("str", "word")]
    if ports and protocol not in (["TCP"], ["UDP"]):
        problems.append(f"{name}: a numeric -LocalPort/-RemotePort needs -Protocol TCP or UDP")
    if name == "New-NetIPsecRule" and any("-" in v for v in ports):
        security = [params.get(p) for p in ("InboundSecurity", "OutboundSecurity")]
        if security != [[("str", "None")], [("str", "None")]]:
            problems.append(f"{name}: port ranges need -InboundSecurity None and -OutboundSecurity None")
    return problems


def check_powershell(text):
    problems = []
    for name, params, line, strings in ps_calls(text):
        problems += [f"line {line}: {p}" for p in check_cmdlet_call(name, params, strings)]
    return problems


POWERSHELL = sorted([label for label in FRESH if label.endswith(".ps1")]
                    + [str(p.relative_to(GOLDEN)) for p in GOLDENS if p.suffix == ".ps1"])


def _script(label):
    return FRESH[label][0] if label in FRESH else (GOLDEN / label).read_text(encoding="utf-8")


@pytest.mark.parametrize("label", POWERSHELL)
def test_every_netsecurity_call_uses_documented_parameters_and_values(label):
    text = _script(label)
    calls = [c for c in ps_calls(text) if NETSECURITY.match(c[0])]
    assert {c[0] for c in calls} >= {"Get-NetFirewallRule", "Remove-NetFirewallRule"} or \
        {c[0] for c in calls} >= {"Get-NetIPsecRule", "Remove-NetIPsecRule"}
    assert check_powershell(text) == []


@pytest.mark.parametrize("path", HELPERS, ids=lambda p: p.name)
def test_helper_scripts_call_netsecurity_only_as_documented(path):
    assert check_powershell(path.read_text(encoding="utf-8")) == []


def test_the_documentation_tables_name_their_source_and_commit():
    assert set(CMDLETS) == {"New-NetFirewallRule", "Get-NetFirewallRule", "Remove-NetFirewallRule",
                            "New-NetIPsecRule", "Get-NetIPsecRule", "Remove-NetIPsecRule"}
    for name, doc in CMDLETS.items():
        assert doc["source"]["repository"] == "MicrosoftDocs/windows-powershell-docs"
        assert doc["source"]["path"] == f"docset/winserver2022-ps/NetSecurity/{name}.md"
        assert re.fullmatch(r"[0-9a-f]{40}", doc["source"]["commit"])
    assert CMDLETS["New-NetFirewallRule"]["parameters"]["Profile"]["no_spaces_between_entries"]
    assert CMDLETS["Get-NetFirewallRule"]["parameters"]["Group"]["accepts_wildcards"]


SCRIPT = "2012/fe1/windows-firewall.ps1"
IPSEC_SCRIPT = "2012/fe1/ipsec-exemptions.ps1"


@pytest.mark.parametrize("label, good, planted, message", [
    (SCRIPT, " -LocalPort ", " -LocalPorts ", "-LocalPorts is not a documented parameter"),
    (IPSEC_SCRIPT, "InboundSecurity = 'None'", "InboundSecurty = 'None'", "-InboundSecurty is not a documented"),
    (SCRIPT, " -Direction Inbound", " -Direction In", "'In' is not one of Inbound, Outbound"),
    (SCRIPT, "Action = 'Allow'", "Action = 'Permit'", "'Permit' is not one of"),
    (SCRIPT, "Profile = 'Domain,Private,Public'", "Profile = 'Domain, Private, Public'", "no spaces between entries"),
    (SCRIPT, "Enabled = 'True'", "Enabled = $true", "takes the strings True, False"),
    (IPSEC_SCRIPT, "Mode = 'Transport'", "Mode = 'Transprt'", "'Transprt' is not one of None, Tunnel, Transport"),
    (SCRIPT, "$group = 'Office Communications Server 2007 R2'", "$group = 'OCS*'", "has wildcard characters"),
    (SCRIPT, " -Protocol TCP", " -Protocol ICMPv4", "needs -Protocol TCP or UDP"),
    (SCRIPT, "-ErrorAction SilentlyContinue", "-ErrorAction SilentlyContinue -DisplayName 'x'", "no common parameter set"),
])
def test_a_planted_mistake_in_a_netsecurity_call_is_caught(label, good, planted, message):
    text = FRESH[label][0]
    assert good in text
    problems = check_powershell(text.replace(good, planted, 1))
    assert any(message in p for p in problems), problems


def test_port_ranges_in_an_ipsec_rule_that_authenticates_are_caught():
    text = FRESH["2012/client1/ipsec-exemptions.ps1"][0]
    assert "-LocalPort '20000-20099'" in text
    planted = text.replace("InboundSecurity = 'None'", "InboundSecurity = 'Require'", 1)
    assert any("port ranges need" in p for p in check_powershell(planted))


# ---- netsh against the documented keywords of each Windows version --------------------------------------

CMD_TOKEN = re.compile(r'(?:[^\s"]+|"[^"]*")+')


def netsh_table(command, syntax):
    entry = NETSH["commands"].get(command)
    if entry is None:
        return None
    table = dict(entry["2008"])
    if syntax == "2008r2":
        table.update(entry["2008r2_changes"])
    return table


def _value_ok(value, spec):
    items = value.split(",") if spec.get("list") else [value]
    for item in items:
        low = item.lower()
        if low in spec.get("enum", []):
            continue
        forms = spec.get("forms", [])
        if "text" in forms and item:
            continue
        if "number" in forms and re.fullmatch(r"\d{1,5}", item) and int(item) <= 65535:
            continue
        if "protocol_number" in forms and re.fullmatch(r"\d{1,3}", item) and int(item) <= 255:
            continue
        if "range" in forms and re.fullmatch(r"\d{1,5}-\d{1,5}", item):
            low_port, high_port = (int(x) for x in item.split("-"))
            if low_port <= high_port <= 65535:
                continue
        if "address" in forms:
            try:
                if "-" in item:
                    first, last = (ipaddress.ip_address(x) for x in item.split("-"))
                    if first.version == last.version and first <= last:
                        continue
                else:
                    ipaddress.ip_network(item, strict=True)
                    continue
            except ValueError:
                pass
        return False
    return bool(items)


def check_netsh_argv(argv, syntax):
    """Problems of one netsh command (its arguments after 'netsh', values unquoted)."""
    words = [a for a in argv if "=" not in a]
    command = " ".join(words[:4])
    table = netsh_table(command, syntax)
    if table is None:
        return [f"netsh {command}: not a documented command here"]
    problems, seen = [], set()
    for arg in argv[4:]:
        key, sep, value = arg.partition("=")
        spec = table.get(key.lower())
        if spec is None:
            problems.append(f"netsh {command}: '{key}' is not a keyword of this command on Windows {syntax}")
            continue
        if key.lower() in seen:
            problems.append(f"netsh {command}: '{key}' given twice")
        seen.add(key.lower())
        if spec.get("flag"):
            if sep:
                problems.append(f"netsh {command}: '{key}' takes no value")
        elif not sep or not _value_ok(value, spec):
            problems.append(f"netsh {command}: {key}={value!r} is not a documented value on Windows {syntax}")
    missing = [k for k, spec in table.items() if spec.get("required") and k not in seen]
    if missing:
        problems.append(f"netsh {command}: required keyword(s) {', '.join(missing)} missing")
    return problems


def netsh_commands_of(text):
    """The netsh commands of a .cmd file, found by the batch parser, as argument lists."""
    data = text.encode("utf-8")
    commands = []
    for node in _walk(CMD.parse(data).root_node):
        if node.type == "cmd" and _text(node.named_children[0], data).lower() == "netsh":
            raw = CMD_TOKEN.findall(_text(node, data))[1:]
            argv = []
            for token in raw:
                key, sep, value = token.partition("=")
                if sep and value.startswith('"'):
                    assert value.endswith('"') and len(value) >= 2, token
                    value = value[1:-1].replace("%%", "%")
                elif sep and " " in value:
                    raise AssertionError(f"unquoted value with spaces: {token}")
                argv.append(f"{key}{sep}{value}")
            commands.append(argv)
    return commands


def check_cmd(text, syntax):
    problems = []
    for argv in netsh_commands_of(text):
        problems += check_netsh_argv(argv, syntax)
    return problems


COMMAND_FILES = sorted([label for label in FRESH if label.endswith(".cmd")]
                       + [str(p.relative_to(GOLDEN)) for p in GOLDENS if p.suffix == ".cmd"])


@pytest.mark.parametrize("label", COMMAND_FILES)
def test_every_netsh_command_uses_the_documented_keywords_of_its_windows(label):
    if label in FRESH:
        text, syntax = FRESH[label]
    else:
        text, syntax = (GOLDEN / label).read_text(encoding="ascii"), golden_syntax(GOLDEN / label)
    header = [line for line in text.splitlines() if line.startswith("rem For ")]
    assert header == [f"rem For {windows.NETSH_TARGET[syntax]}."], "the header names the target"
    commands = netsh_commands_of(text)
    assert commands, label
    assert check_cmd(text, syntax) == []


def test_apply_mode_netsh_commands_use_the_documented_keywords():
    rows = _rows("client1")
    current = {name: "" for name in consec.consec_read_names(rows, "replaced")}
    plan = consec.consec_plan(rows, current, "replaced")
    assert plan
    for action in plan:
        for argv in action["commands"]:
            assert check_netsh_argv(argv, "2008r2") == [], argv
    for name in consec.consec_read_names(rows, "replaced"):
        assert check_netsh_argv(windows.consec_show_argv(name), "2008r2") == []


def test_a_port_range_in_a_server_2008_consec_rule_is_caught():
    r2 = FRESH["2008r2/client1/ipsec-exemptions.cmd"][0]
    assert "port1=20000-20099" in r2
    assert check_cmd(r2, "2008r2") == []
    assert any("port1='20000-20099' is not a documented value on Windows 2008" in p for p in check_cmd(r2, "2008"))


def test_server_2008_refuses_the_clients_exemption_rather_than_widen_it_to_any_port():
    assert "2008/client1/ipsec-exemptions.cmd" not in FRESH
    with pytest.raises(OcsModelError, match="ipsec.clients.*20000-20099.*one port or any.*2008r2"):
        windows.netsh_consec_script(_rows("client1"), host="client1", windows_os="2008")
    # The removal script needs only the names, so an admin can still remove the exemptions there.
    assert "ipsec.clients" in FRESH["2008/client1/ipsec-exemptions-remove.cmd"][0]


@pytest.mark.parametrize("good, planted, message", [
    (" dir=in ", " dir=inbound ", "dir='inbound' is not a documented value"),
    (" profile=domain,private,public ", " profile=domain, private ", "'private' is not a keyword"),
    (" localport=5061 ", " localports=5061 ", "'localports' is not a keyword"),
    (" action=allow ", " action=allow group=OCS ", "'group' is not a keyword"),
    (" remoteip=", " remoteip=10.0.0.1/8,", "remoteip='10.0.0.1/8,"),  # host bits set: not a subnet
    (" enable=yes ", " enable=true ", "enable='true' is not a documented value"),
])
def test_a_planted_mistake_in_a_netsh_command_is_caught(good, planted, message):
    text = FRESH["2008r2/fe1/windows-firewall.cmd"][0]
    assert good in text
    problems = check_cmd(text.replace(good, planted, 1), "2008r2")
    assert any(message in p for p in problems), problems
