"""Windows renderers: win_firewall_rule arguments (validated against the installed
community.windows module's own documentation), netsh and PowerShell scripts for the example
deployment's consolidated Edge, Front End, Mediation server and a client with a narrowed media
range, and the IPsec exemptions (the ipsec_exemptions role's read/compare plan: test_converge_consec.py).

Golden files (tests/unit/plugins/module_utils/golden/) were checked by hand against the
reference table before they were added; regenerate them with OCS_UPDATE_GOLDEN=1 only after
checking the difference the same way.
"""

import os
import re
from pathlib import Path

import pytest
import yaml

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.ranges import PortSet
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import windows
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import resolve
from ansible_collections.ocs.firewall.tests.unit.deployments import example_ipsec_rows, example_rules, example_vars

REPO = Path(__file__).resolve().parents[4]
GOLDEN = Path(__file__).resolve().parent / "golden"
WIN_FIREWALL_RULE = REPO / "build" / "deps" / "ansible_collections" / "community" / "windows" / "plugins" / "modules"
HOSTS = ("edge1", "fe1", "med1", "client1")
NAME_STYLE = re.compile(r"^OCS 2007 R2 - [a-z0-9_]+(\.[a-z0-9_]+)+ \((in|out), (tcp|udp)\)$")
IPSEC_NAME_STYLE = re.compile(r"^OCS 2007 R2 - ipsec\.[a-z0-9_]+ \((tcp|udp)\)$")


# ---- the example deployment ----------------------------------------------------------------------

host_rules = example_rules
host_rows = example_ipsec_rows


@pytest.fixture(scope="module", params=HOSTS)
def host(request):
    return request.param


# ---- parsers for what the scripts say -------------------------------------------------------------

CMD_TOKEN = re.compile(r'(?:[^\s"]+|"[^"]*")+')


def parse_netsh_line(line):
    """'netsh advfirewall firewall add rule name="x" dir=in ...' -> (verb words, {key: value})."""
    line = re.split(r"\s+>nul", line)[0]
    tokens = CMD_TOKEN.findall(line)
    assert tokens[0] == "netsh", line
    words, values = [], {}
    for token in tokens[1:]:
        key, sep, value = token.partition("=")
        if not sep:
            words.append(token)
            continue
        if value.startswith('"'):
            assert value.endswith('"') and value.count('"') == 2, f"badly quoted value in {line}"
            value = value[1:-1]
        assert key not in values, f"{key} twice in {line}"
        values[key] = value.replace("%%", "%")
    return words, values


def netsh_commands(script, verb):
    return [parse_netsh_line(line)[1] for line in script.split("\r\n")
            if line.startswith("netsh ") and parse_netsh_line(line)[0][2] == verb]


PS_QUOTES = "'\u2018\u2019\u201a\u201b"


def ps_tokens(line):
    """Tokens of one PowerShell command line: bare words and single-quoted strings (decoded)."""
    tokens, i = [], 0
    while i < len(line):
        ch = line[i]
        if ch == " ":
            i += 1
        elif ch in PS_QUOTES:
            text, i = [], i + 1
            while True:
                assert i < len(line), f"unterminated string in {line}"
                if line[i] in PS_QUOTES:
                    if i + 1 < len(line) and line[i + 1] in PS_QUOTES:
                        text.append(line[i + 1])
                        i += 2
                        continue
                    i += 1
                    break
                text.append(line[i])
                i += 1
            tokens.append(("str", "".join(text)))
        else:
            j = i
            while j < len(line) and line[j] != " ":
                j += 1
            tokens.append(("word", line[i:j]))
            i = j
    return tokens


def parse_ps_command(line):
    """'New-NetFirewallRule @rule -DisplayName 'x' -LocalPort '443', '5061' ...' -> {param: [values]}."""
    params, current = {}, None
    for kind, value in ps_tokens(line.split(" | Out-Null")[0])[2:]:
        if kind == "word" and value.startswith("-"):
            current = value[1:]
            params[current] = []
        elif kind == "word" and value == ",":
            continue
        else:
            params[current].append(value.rstrip(",") if kind == "word" else value)
    return params


def ps_commands(script, cmdlet):
    return [parse_ps_command(line) for line in script.split("\r\n") if line.startswith(cmdlet + " ")]


def _any(values):
    return ",".join(values) if values else "any"


# ---- win_firewall_rule arguments against the installed module's documentation -------------------

def _upstream_documentation():
    """DOCUMENTATION of community.windows.win_firewall_rule as installed by `make setup`."""
    for name in ("win_firewall_rule.py", "win_firewall_rule.yml"):
        path = WIN_FIREWALL_RULE / name
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        if name.endswith(".yml"):
            return yaml.safe_load(text)["DOCUMENTATION"] if "DOCUMENTATION" in text else yaml.safe_load(text)
        match = re.search(r"^DOCUMENTATION\s*=\s*r?(['\"]{3})(.*?)\1", text, re.S | re.M)
        assert match, f"no DOCUMENTATION in {path}"
        return yaml.safe_load(match.group(2))
    pytest.fail(f"community.windows is not installed under {WIN_FIREWALL_RULE}: run `make setup`", pytrace=False)


@pytest.fixture(scope="module")
def upstream_options():
    return _upstream_documentation()["options"]


@pytest.fixture(scope="module")
def validator(upstream_options):
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

    spec = {}
    for name, option in upstream_options.items():
        spec[name] = {key: option[key] for key in ("type", "choices", "aliases", "elements", "default", "required")
                      if key in option}
    return ArgumentSpecValidator(spec)


PYTHON_TYPES = {"str": str, "bool": bool, "list": list, "int": int, "dict": dict}


def validate_args(validator, options, args):
    """Errors of one argument dict: the upstream validator's, plus exact types (no coercion)."""
    errors = list(validator.validate(args).error_messages)
    for key, value in args.items():
        option = options.get(key) or next((o for o in options.values() if key in o.get("aliases", [])), None)
        if option is None:
            continue  # reported by the validator
        expected = PYTHON_TYPES[option.get("type", "str")]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            errors.append(f"{key}: {value!r} is not of type {option.get('type', 'str')}")
        if expected is list and option.get("elements"):
            bad = [v for v in value if not isinstance(v, PYTHON_TYPES[option["elements"]])]
            if bad:
                errors.append(f"{key}: elements {bad!r} are not {option['elements']}")
    return errors


def test_upstream_documentation_is_read_from_the_installed_collection(upstream_options):
    assert {"name", "group", "localport", "remoteport", "profiles", "direction"} <= set(upstream_options)
    assert upstream_options["direction"]["choices"] == ["in", "out"]


def test_every_win_firewall_rule_argument_set_validates_against_the_module_documentation(
        host, validator, upstream_options):
    args = windows.win_firewall_rule_args(host_rules(host))
    assert args
    for arg in args:
        assert validate_args(validator, upstream_options, arg) == [], arg


def test_validator_rejects_a_misspelled_option(validator, upstream_options):
    arg = windows.win_firewall_rule_args(host_rules("edge1"))[0]
    arg["localports"] = arg.pop("localport")
    errors = validate_args(validator, upstream_options, arg)
    assert any("localports" in e for e in errors), errors


def test_validator_rejects_a_value_outside_the_documented_choices(validator, upstream_options):
    arg = dict(windows.win_firewall_rule_args(host_rules("edge1"))[0], direction="inbound")
    assert any("direction" in e for e in validate_args(validator, upstream_options, arg))


def test_validator_rejects_a_value_of_the_wrong_type(validator, upstream_options):
    arg = dict(windows.win_firewall_rule_args(host_rules("edge1"))[0], profiles="domain", enabled="yes")
    errors = validate_args(validator, upstream_options, arg)
    assert any(e.startswith("profiles:") for e in errors) and any(e.startswith("enabled:") for e in errors), errors


def test_role_passes_exactly_the_rendered_arguments_to_win_firewall_rule():
    """The role's apply task maps every rendered key to the module option of the same name."""
    tasks = yaml.safe_load((REPO / "roles" / "windows_firewall" / "tasks" / "apply.yml").read_text(encoding="utf-8"))
    applying = [t for t in tasks if "community.windows.win_firewall_rule" in t
                and t.get("loop") == "{{ ocs_windows_firewall_rules }}"]
    assert len(applying) == 1
    module_args = applying[0]["community.windows.win_firewall_rule"]
    rendered_keys = set(windows.win_firewall_rule_args(host_rules("edge1"))[0])
    assert set(module_args) == rendered_keys
    assert all(value == f"{{{{ item.{key} }}}}" for key, value in module_args.items())


def test_win_firewall_rule_args_put_ports_on_the_local_side_inbound_and_the_remote_side_outbound():
    args = {a["name"]: a for a in windows.win_firewall_rule_args(host_rules("edge1"))}
    inbound = args["OCS 2007 R2 - av_edge.external.stun_udp_from_remote_user (in, udp)"]
    outbound = args["OCS 2007 R2 - av_edge.external.stun_tcp_to_partner (out, tcp)"]
    assert (inbound["localport"], inbound["remoteport"]) == ("3478", "any")
    # Outbound, the partner's 443 is the remote port and the A/V Edge's own media range the local one.
    assert (outbound["localport"], outbound["remoteport"]) == ("50000-59999", "443")


def test_win_firewall_rule_args_use_any_for_unrestricted_addresses():
    args = {a["name"]: a for a in windows.win_firewall_rule_args(host_rules("edge1"))}
    rule = args["OCS 2007 R2 - access_edge.external.sip_tls_from_remote_user (in, tcp)"]
    assert (rule["localip"], rule["remoteip"]) == ("203.0.113.10/32", "any")


def test_win_firewall_rule_args_put_every_rule_in_one_group_and_the_chosen_profiles():
    args = windows.win_firewall_rule_args(host_rules("fe1"), group="OCS", profiles=["public", "domain"])
    assert {a["group"] for a in args} == {"OCS"}
    assert all(a["profiles"] == ["domain", "public"] for a in args)


# ---- every rule in the scripts, with its ports, addresses, direction and protocol ---------------

def _expected(rule):
    ports, source = rule["ports"], rule["source_ports"]
    inbound = rule["direction"] == "in"
    return {
        "dir": rule["direction"],
        "protocol": rule["protocol"],
        "localport": _any(ports if inbound else source),
        "remoteport": _any(source if inbound else ports),
        "localip": _any(rule["local_addresses"]),
        "remoteip": _any(rule["remote_addresses"]),
    }


def test_netsh_script_adds_every_rule_with_its_ports_addresses_direction_and_protocol(host):
    rules = host_rules(host)
    added = {c["name"]: c for c in netsh_commands(windows.netsh_firewall_script(rules, host=host), "add")}
    assert len(added) == len(rules)
    for rule in rules:
        command = added[windows.firewall_rule_name(rule)]
        assert {k: command[k] for k in _expected(rule)} == _expected(rule), rule["name"]
        assert (command["action"], command["enable"], command["profile"]) == ("allow", "yes", "domain,private,public")


def test_netsh_script_deletes_each_rule_by_name_before_adding_it(host):
    script = windows.netsh_firewall_script(host_rules(host), host=host)
    lines = script.split("\r\n")
    adds = [i for i, line in enumerate(lines) if line.startswith("netsh ") and " add rule " in line]
    assert adds
    for i in adds:
        delete, add, count = lines[i - 1], lines[i], lines[i + 1]
        assert parse_netsh_line(delete)[0][2] == "delete" and parse_netsh_line(add)[0][2] == "add"
        assert parse_netsh_line(delete)[1]["name"] == parse_netsh_line(add)[1]["name"]
        assert delete.endswith(" >nul 2>&1") and count == "if errorlevel 1 set /a OCS_ERRORS+=1"


def test_netsh_removal_deletes_exactly_the_rules_the_script_adds(host):
    rules = host_rules(host)
    added = {c["name"] for c in netsh_commands(windows.netsh_firewall_script(rules), "add")}
    deleted = [c["name"] for c in netsh_commands(windows.netsh_firewall_removal(rules), "delete")]
    assert sorted(deleted) == sorted(added)


def test_powershell_script_creates_every_rule_with_its_ports_addresses_direction_and_protocol(host):
    rules = host_rules(host)
    created = {c["DisplayName"][0]: c for c in
               ps_commands(windows.powershell_firewall_script(rules, host=host), "New-NetFirewallRule")}
    assert len(created) == len(rules)
    for rule in rules:
        expected = _expected(rule)
        command = created[windows.firewall_rule_name(rule)]
        assert command["Direction"] == [{"in": "Inbound", "out": "Outbound"}[rule["direction"]]]
        assert command["Protocol"] == [rule["protocol"].upper()]
        for param, key in (("LocalPort", "localport"), ("RemotePort", "remoteport"),
                           ("LocalAddress", "localip"), ("RemoteAddress", "remoteip")):
            assert ",".join(command[param]).lower() == expected[key], (rule["name"], param)


def test_powershell_script_replaces_the_group_and_nothing_else():
    script = windows.powershell_firewall_script(host_rules("fe1"), group="OCS group")
    removals = [line for line in script.split("\r\n") if "Remove-NetFirewallRule" in line]
    assert removals == ["Get-NetFirewallRule -PolicyStore $PolicyStore -Group $group -ErrorAction SilentlyContinue"
                        " | Remove-NetFirewallRule"]
    assert "$group = 'OCS group'" in script
    assert "@rule" in script and "Group = $group" in script


def test_powershell_removal_removes_the_group_only():
    script = windows.powershell_firewall_removal(host_rules("fe1"))
    assert "New-NetFirewallRule" not in script
    assert script.count("Remove-NetFirewallRule") == 1 and "-Group $group" in script


def test_port_ranges_are_never_expanded_port_by_port(host):
    rules = host_rules(host)
    allowed = {p for r in rules for p in r["ports"] + r["source_ports"]}
    for command in netsh_commands(windows.netsh_firewall_script(rules), "add"):
        for key in ("localport", "remoteport"):
            assert command[key] == "any" or set(command[key].split(",")) <= allowed
    for command in ps_commands(windows.powershell_firewall_script(rules), "New-NetFirewallRule"):
        assert set(command["LocalPort"] + command["RemotePort"]) <= allowed | {"Any"}


def test_client_with_a_narrowed_media_range_opens_only_that_range_for_media():
    args = {a["name"]: a for a in windows.win_firewall_rule_args(host_rules("client1"))}
    for flow, protocol in (("client.media_udp", "udp"), ("client.media_tcp", "tcp")):
        inbound = args[f"OCS 2007 R2 - {flow} (in, {protocol})"]
        outbound = args[f"OCS 2007 R2 - {flow} (out, {protocol})"]
        # Its own range where it listens; towards its peers, their (the deployment's) range.
        assert (inbound["localport"], outbound["remoteport"]) == ("20000-20099", "1024-65535")
        for arg in (inbound, outbound):
            assert (arg["localip"], arg["remoteip"]) == ("10.0.0.0/8", "10.0.0.0/8")
    from_mediation = args["OCS 2007 R2 - mediation.media_to_client (in, udp)"]
    assert (from_mediation["localport"], from_mediation["remoteport"]) == ("20000-20099", "60000-64000")
    script = windows.netsh_firewall_script(host_rules("client1"))
    assert "20000-20099" in script
    assert not re.search(r"(?<![-\d])200(0[1-9]|[1-9][0-9])(?![-\d])", script)  # no lone port from the range


def test_consolidated_edge_rules_follow_the_reference_table():
    args = {a["name"]: a for a in windows.win_firewall_rule_args(host_rules("edge1"))}
    facts = {
        # Access Edge external: SIP/TLS 443 from remote users and SIP/MTLS 5061 from partners, in.
        "access_edge.external.sip_tls_from_remote_user (in, tcp)": ("203.0.113.10/32", "any", "443,5061", "any"),
        # Out: SIP/MTLS 5061 to partners, DNS 53 and CRL checks on 80.
        "access_edge.external.sip_mtls_to_partner (out, tcp)": ("203.0.113.10/32", "any", "any", "53,80,5061"),
        # Web Conferencing Edge: PSOM/TLS 443 external in; PSOM/MTLS 8057 from the Front End, internal.
        "webconf_edge.external.psom_tls_from_remote_user (in, tcp)": ("203.0.113.11/32", "any", "443", "any"),
        "access_edge.internal.sip_mtls_from_front_end (in, tcp)":
            ("172.16.10.10/32", "10.1.0.10/32,10.1.0.11/32", "5061,8057", "any"),
        # A/V Edge external: STUN/UDP 3478 in; STUN/TCP 443 out to partners from 50000-59999 (R2 federation),
        # STUN/UDP 3478 out from 3478 (Edge to Edge).
        "av_edge.external.stun_udp_from_remote_user (in, udp)": ("203.0.113.12/32", "any", "3478", "any"),
        "av_edge.external.stun_tcp_to_partner (out, tcp)": ("203.0.113.12/32", "any", "50000-59999", "443"),
        "av_edge.external.stun_udp_to_partner (out, udp)": ("203.0.113.12/32", "any", "3478", "3478"),
        # A/V authentication 5062 from the Front End on the internal side.
        "av_edge.internal.av_auth_from_front_end (in, tcp)":
            ("172.16.10.10/32", "10.1.0.10/32,10.1.0.11/32", "443,5062", "any"),
        "av_edge.internal.stun_udp_from_client (in, udp)": ("172.16.10.10/32", "10.0.0.0/8", "3478", "any"),
    }
    for name, (localip, remoteip, localport, remoteport) in facts.items():
        arg = args[f"OCS 2007 R2 - {name}"]
        assert (arg["localip"], arg["remoteip"], arg["localport"], arg["remoteport"]) == (
            localip, remoteip, localport, remoteport), name
    # federation_legacy is off: no inbound RTP on 50000-59999, no RTP/UDP at all.
    assert not any(a["direction"] == "in" and "50000" in a["localport"] for a in args.values())
    assert not any(a["protocol"] == "udp" and "50000" in a["localport"] + a["remoteport"] for a in args.values())


def test_front_end_rules_follow_the_reference_table():
    args = {a["name"]: a for a in windows.win_firewall_rule_args(host_rules("fe1"))}
    clients = args["OCS 2007 R2 - front_end.sip_tls_from_client (in, tcp)"]
    assert (clients["localport"], clients["remoteip"]) == ("443,5061,8057", "10.0.0.0/8")
    pool = args["OCS 2007 R2 - front_end.sip_mtls_pool (in, tcp)"]
    # 135, 443-444, 5061-5065 (5062 IM, 5063 A/V, 5064 telephony, 5065 app sharing), 5069 QoE,
    # 5071-5074 (RGS, CAA, announcement, OVC), 8404: merged ranges, never port by port.
    assert pool["localport"] == "135,443-444,5061-5065,5069,5071-5074,8404"
    assert (pool["localip"], pool["remoteip"]) == ("10.1.0.10/32,10.1.0.11/32", "10.1.0.10/32,10.1.0.11/32")
    media = args["OCS 2007 R2 - front_end.av_conferencing_media_from_client (in, udp)"]
    assert media["localport"] == "49152-65535"
    assert "5060" not in ",".join(a["localport"] for a in args.values())  # plain_transports is off


def test_mediation_server_rules_follow_the_reference_table():
    args = {a["name"]: a for a in windows.win_firewall_rule_args(host_rules("med1"))}
    assert set(args) == {f"OCS 2007 R2 - {name}" for name in (
        "mediation.sip_mtls_from_front_end (in, tcp)",
        "mediation.sip_mtls_to_front_end (out, tcp)",
        "mediation.sip_to_gateway (out, tcp)",
        "mediation.sip_from_gateway (in, tcp)",
        "mediation.srtp_to_gateway (out, udp)",
        "mediation.media_from_gateway (in, udp)",
        # Media with clients and the A/V Conferencing server (the Front End here), A/V authentication
        # and relay at the A/V Edge's internal side.
        "mediation.media_from_client (in, udp)",
        "mediation.media_to_client (out, udp)",
        "mediation.media_from_av_conferencing (in, udp)",
        "av_conferencing.media_from_mediation (out, udp)",
        "av_edge.internal.av_auth_from_mediation (out, tcp)",
        "av_edge.internal.stun_udp_from_mediation (out, udp)",
    )}
    media_in = args["OCS 2007 R2 - mediation.media_from_gateway (in, udp)"]
    media_out = args["OCS 2007 R2 - mediation.srtp_to_gateway (out, udp)"]
    assert (media_in["localport"], media_in["remoteip"]) == ("60000-64000", "10.2.0.5/32")
    # From its own range to the gateway's (set by the vendor; default 1024-65535).
    assert (media_out["localport"], media_out["remoteport"], media_out["remoteip"]) == (
        "60000-64000", "1024-65535", "10.2.0.5/32")
    relay = args["OCS 2007 R2 - av_edge.internal.av_auth_from_mediation (out, tcp)"]
    assert (relay["remoteport"], relay["remoteip"]) == ("443,5062", "172.16.10.10/32")
    assert args["OCS 2007 R2 - mediation.sip_from_gateway (in, tcp)"]["localport"] == "5060"
    assert args["OCS 2007 R2 - mediation.sip_mtls_from_front_end (in, tcp)"]["localport"] == "5061"


# ---- names ----------------------------------------------------------------------------------------

def test_rule_names_are_unique_and_follow_the_style(host):
    names = [a["name"] for a in windows.win_firewall_rule_args(host_rules(host))]
    assert len({n.casefold() for n in names}) == len(names)
    assert all(NAME_STYLE.match(n) for n in names), names


def test_rule_names_are_stable_across_renders_and_media_ranges():
    narrow = [a["name"] for a in windows.win_firewall_rule_args(host_rules("client1"))]
    v = example_vars("client1")
    wide = resolve(roles=["client"], topology=v["ocs_topology"], features=v["ocs_features"])["rules"]
    assert narrow == [a["name"] for a in windows.win_firewall_rule_args(wide)]


def test_two_rules_with_one_name_fail():
    rule = host_rules("med1")[0]
    twin = dict(rule, name="twin")
    with pytest.raises(OcsModelError, match="names must be unique"):
        windows.win_firewall_rule_args([rule, twin])


@pytest.mark.parametrize("prefix", ['OCS "R2"', "OCS 100%", "OCS & more", "OCS|R2", " OCS", "OCS\nR2", "", "OCS*"])
def test_unsafe_name_prefixes_are_refused(prefix):
    with pytest.raises(OcsModelError, match="prefix"):
        windows.win_firewall_rule_args(host_rules("med1"), prefix=prefix)


# ---- quoting ----------------------------------------------------------------------------------------

EVIL = "it's 100% \"quoted\" & <piped> | ^caret \u2018typographic\u2019 !bang! C:\\path\\ tab\there\nnewline"


def evil_rules():
    rule = dict(host_rules("med1")[0], purpose=EVIL)
    return [rule]


def test_netsh_names_with_spaces_are_double_quoted():
    script = windows.netsh_firewall_script(host_rules("fe1"))
    for line in script.split("\r\n"):
        if line.startswith("netsh "):
            assert re.search(r' name="OCS 2007 R2 - [^"]+"( |$)', line), line


def test_netsh_free_text_cannot_break_out_of_its_quotes():
    script = windows.netsh_firewall_script(evil_rules(), prefix="OCS 2007 R2")
    add = [line for line in script.split("\r\n") if " add rule " in line][0]
    values = parse_netsh_line(add)[1]
    assert values["description"].startswith("it's 100% 'quoted' & <piped> / ^caret")  # " -> ', | -> /
    assert "\\ tab here newline" in values["description"]
    assert "100%% " in add  # cmd would expand a single % in a batch file
    assert add.count('"') == 4  # name and description, nothing else
    assert script.isascii()


def test_netsh_description_never_ends_with_a_backslash():
    rule = dict(host_rules("med1")[0], purpose="ends with C:\\", reference="x\\")
    values = parse_netsh_line([line for line in windows.netsh_firewall_script([rule]).split("\r\n")
                               if " add rule " in line][0])[1]
    assert not values["description"].endswith("\\")


def test_powershell_free_text_round_trips_through_single_quotes():
    script = windows.powershell_firewall_script(evil_rules(), group="Group's \u2019name\u2019")
    command = ps_commands(script, "New-NetFirewallRule")[0]
    description = command["Description"][0]
    assert description.startswith(
        "it's 100% \"quoted\" & <piped> / ^caret \u2018typographic\u2019 !bang! C:\\path\\ tab here newline")
    assert "$group = 'Group''s \u2019\u2019name\u2019\u2019'" in script
    assert ps_tokens("$group = 'Group''s \u2019\u2019name\u2019\u2019'")[2] == ("str", "Group's \u2019name\u2019")


def test_comments_in_command_files_carry_no_cmd_metacharacters():
    script = windows.netsh_firewall_script(host_rules("fe1"), host="fe1 & del /q *.* %PATH% ^")
    for line in script.split("\r\n"):
        if line.startswith("rem "):
            assert not set(line) & set('&|<>^%!"'), line


# ---- file format and determinism ---------------------------------------------------------------------

def test_command_files_are_ascii_with_crlf_line_endings(host):
    for script in (windows.netsh_firewall_script(host_rules(host), host=host),
                   windows.netsh_firewall_removal(host_rules(host), host=host),
                   windows.netsh_consec_script(host_rows(host), host=host),
                   windows.netsh_consec_removal(host_rows(host), host=host)):
        assert script.isascii()
        assert script.endswith("\r\n") and "\n" not in script.replace("\r\n", "")
        assert max(len(line) for line in script.split("\r\n")) < windows.CMD_MAX_LINE
        assert script.startswith("@echo off\r\n")


def test_powershell_scripts_are_utf8_with_a_byte_order_mark_and_crlf(host):
    for script in (windows.powershell_firewall_script(host_rules(host), host=host),
                   windows.powershell_ipsec_removal(host_rows(host), host=host)):
        assert script.startswith("\ufeff#Requires -Version 3.0\r\n")
        assert script.count("\ufeff") == 1
        assert script.endswith("\r\n") and "\n" not in script.replace("\r\n", "")


def test_rendering_is_deterministic(host):
    for render in (windows.netsh_firewall_script, windows.powershell_firewall_script):
        assert render(host_rules(host), host=host) == render(host_rules(host), host=host)
    assert windows.netsh_consec_script(host_rows(host)) == windows.netsh_consec_script(host_rows(host))


def test_commands_longer_than_cmd_allows_fail():
    rule = dict(host_rules("med1")[0], remote_addresses=[f"10.{a}.{b}.0/24" for a in range(16) for b in range(64)])
    with pytest.raises(OcsModelError, match="longer than cmd.exe allows"):
        windows.netsh_firewall_script([rule])


# ---- bad input --------------------------------------------------------------------------------------

@pytest.mark.parametrize("change, message", [
    ({"direction": "both"}, "direction"),
    ({"protocol": "icmp"}, "protocol"),
    ({"ports": ["70000"]}, "outside 1-65535"),
    ({"ports": ["https"]}, "not a number"),
    ({"ports": []}, "no ports"),
    ({"local_addresses": ["10.0.0.1/8"]}, "host bits"),
    ({"remote_addresses": ["any & del"]}, "not an IP address"),
    ({"flow": "Front End"}, "catalogue id"),
])
def test_bad_rules_fail_naming_the_value(change, message):
    rule = dict(host_rules("med1")[0], **change)
    with pytest.raises(OcsModelError, match=message):
        windows.netsh_firewall_script([rule])


def test_gateway_view_rules_are_refused():
    v = example_vars("edge1")
    rules = resolve(roles=["external_firewall"], topology=v["ocs_topology"], view="gateway",
                    zones=v["ocs_zones"])["rules"]
    with pytest.raises(OcsModelError, match="not a host-view rule"):
        windows.win_firewall_rule_args(rules)


@pytest.mark.parametrize("profiles", [["work"], [], "domain,lan", None])
def test_bad_profiles_fail(profiles):
    with pytest.raises(OcsModelError, match="profile"):
        windows.win_firewall_rule_args(host_rules("med1"), profiles=profiles)


# ---- IPsec exemptions --------------------------------------------------------------------------------

def consec_added(host):
    return {c["name"]: c for c in netsh_commands(windows.netsh_consec_script(host_rows(host), host=host), "add")}


def test_every_ipsec_row_becomes_one_noauthentication_rule_per_protocol(host):
    rows = host_rows(host)
    added = consec_added(host)
    assert len(added) == sum(len(r["protocols"]) for r in rows)
    for row in rows:
        for protocol in row["protocols"]:
            command = added[windows.ipsec_rule_name(row["id"], protocol)]
            assert (command["action"], command["protocol"], command["profile"], command["enable"]) == (
                "noauthentication", protocol, "any", "yes")
    assert all(IPSEC_NAME_STYLE.match(name) for name in added)


def test_edge_ipsec_exemptions_cover_both_av_edge_addresses():
    added = consec_added("edge1")
    for row, address in (("av_edge_internal_in", "172.16.10.10/32"), ("av_edge_internal_out", "172.16.10.10/32"),
                         ("av_edge_external_in", "203.0.113.12/32"), ("av_edge_external_out", "203.0.113.12/32")):
        for protocol in ("udp", "tcp"):
            command = added[f"OCS 2007 R2 - ipsec.{row} ({protocol})"]
            # the named server is endpoint 1 (the computers the rule is for), the peer is Any
            assert (command["endpoint1"], command["endpoint2"]) == (address, "any")
            assert "port1" not in command and "port2" not in command


def test_clients_ipsec_exemption_is_udp_from_the_client_media_range():
    command = consec_added("client1")["OCS 2007 R2 - ipsec.clients (udp)"]
    assert (command["endpoint1"], command["endpoint2"], command["port1"]) == ("any", "any", "20000-20099")
    assert "OCS 2007 R2 - ipsec.clients (tcp)" not in consec_added("client1")
    powershell = ps_commands(windows.powershell_ipsec_script(host_rows("client1")), "New-NetIPsecRule")
    clients = [c for c in powershell if c["DisplayName"] == ["OCS 2007 R2 - ipsec.clients (udp)"]][0]
    assert (clients["Protocol"], clients["LocalPort"], clients["LocalAddress"]) == (["UDP"], ["20000-20099"], ["Any"])


def test_mediation_ipsec_exemptions_name_the_mediation_server():
    added = consec_added("med1")
    assert added["OCS 2007 R2 - ipsec.mediation_in (udp)"]["endpoint1"] == "10.1.0.20/32"
    assert added["OCS 2007 R2 - ipsec.mediation_out (tcp)"]["endpoint1"] == "10.1.0.20/32"


def test_powershell_ipsec_rules_do_not_authenticate():
    script = windows.powershell_ipsec_script(host_rows("edge1"))
    assert "InboundSecurity = 'None'; OutboundSecurity = 'None'" in script
    commands = ps_commands(script, "New-NetIPsecRule")
    assert len(commands) == len(consec_added("edge1"))
    assert all(line.startswith("New-NetIPsecRule @rule ") for line in script.split("\r\n")
               if line.startswith("New-NetIPsecRule"))


def test_ipsec_descriptions_carry_the_settings_fingerprint():
    specs = windows.ipsec_rules(host_rows("client1"))
    added = consec_added("client1")
    for spec in specs:
        assert added[spec["name"]]["description"].endswith(f"[ocs.firewall {spec['fingerprint']}]")
    narrower = windows.ipsec_rules([dict(r, source_ports=["20000-20049"]) if r["id"] == "ipsec.clients" else r
                                    for r in host_rows("client1")])
    changed = {s["name"] for s, t in zip(specs, narrower) if s["fingerprint"] != t["fingerprint"]}
    assert changed == {"OCS 2007 R2 - ipsec.clients (udp)"}


def test_consec_removal_deletes_exactly_the_rules_the_script_adds(host):
    rows = host_rows(host)
    deleted = [c["name"] for c in netsh_commands(windows.netsh_consec_removal(rows), "delete")]
    assert sorted(deleted) == sorted(consec_added(host))


# ---- golden files (checked by hand against the reference table) ---------------------------------------

GOLDEN_RENDERS = {
    # Windows Server 2008 R2 SP1 (and later: the 2012 .cmd files are the same bytes)
    "windows-firewall.cmd": lambda h: windows.netsh_firewall_script(host_rules(h), host=h),
    "ipsec-exemptions.cmd": lambda h: windows.netsh_consec_script(host_rows(h), host=h),
    # Windows Server 2008 SP2: the Server 2008 netsh syntax (consec rules: one port or any)
    "windows-firewall-2008.cmd": lambda h: windows.netsh_firewall_script(host_rules(h), host=h, windows_os="2008"),
    "ipsec-exemptions-2008.cmd": lambda h: windows.netsh_consec_script(host_rows(h), host=h, windows_os="2008"),
    # Windows Server 2012 and later (NetSecurity)
    "windows-firewall.ps1": lambda h: windows.powershell_firewall_script(host_rules(h), host=h),
    "ipsec-exemptions.ps1": lambda h: windows.powershell_ipsec_script(host_rows(h), host=h),
}


def stored_form(rendered):
    """What the repository keeps of a rendered script: LF line endings and no byte order mark (so
    no sanity ignore is needed), after checking that the rendered bytes have CRLF everywhere and a
    BOM exactly when the file is PowerShell."""
    bom = "\ufeff".encode("utf-8")
    body = rendered[len(bom):] if rendered.startswith(bom) else rendered
    assert b"\n" not in body.replace(b"\r\n", b"") and b"\r" not in body.replace(b"\r\n", b""), "not CRLF throughout"
    assert body.endswith(b"\r\n")
    return body.replace(b"\r\n", b"\n"), rendered.startswith(bom)


# Renders the renderer refuses (so there is no golden file): the Clients exemption's port range on
# Server 2008, whose netsh consec takes one port or any (test_windows_scripts.py checks the message).
GOLDEN_REFUSED = {("client1", "ipsec-exemptions-2008.cmd")}


def test_golden_files_are_stored_with_lf_and_no_byte_order_mark():
    files = [p for p in GOLDEN.rglob("*") if p.is_file()]
    assert len(files) == len(HOSTS) * len(GOLDEN_RENDERS) - len(GOLDEN_REFUSED)
    for path in files:
        data = path.read_bytes()
        assert b"\r" not in data and not data.startswith("\ufeff".encode("utf-8")), path


@pytest.mark.parametrize("name", sorted(GOLDEN_RENDERS))
def test_scripts_match_the_reviewed_golden_files(host, name):
    """Regenerate after a reviewed change: OCS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest
    tests/unit/plugins/module_utils/test_render_windows.py -k golden (then review `git diff`)."""
    path = GOLDEN / host / name
    if (host, name) in GOLDEN_REFUSED:
        with pytest.raises(OcsModelError, match="one port or any"):
            GOLDEN_RENDERS[name](host)
        assert not path.exists(), f"{path} is left over: the renderer refuses this render"
        return
    stored, bom = stored_form(GOLDEN_RENDERS[name](host).encode("utf-8"))
    assert bom == name.endswith(".ps1"), "a byte order mark exactly on PowerShell scripts"
    if os.environ.get("OCS_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(stored)
    assert path.exists(), f"{path} is missing: render it with OCS_UPDATE_GOLDEN=1 and check it by hand"
    assert stored == path.read_bytes(), (
        f"{host}/{name} differs from its golden file: check the difference against the reference table, "
        "then update it with OCS_UPDATE_GOLDEN=1"
    )


def test_the_2012_command_files_are_the_2008_r2_ones(host):
    assert (windows.netsh_firewall_script(host_rules(host), host=host, windows_os="2012")
            == windows.netsh_firewall_script(host_rules(host), host=host, windows_os="2008r2"))
    assert (windows.netsh_consec_script(host_rows(host), host=host, windows_os="2012")
            == windows.netsh_consec_script(host_rows(host), host=host, windows_os="2008r2"))


def test_golden_files_have_no_single_port_inside_a_range():
    for path in GOLDEN.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8-sig")
            for spec in re.findall(r"(?:localport|remoteport|port1|port2)=([0-9,\-]+)", text):
                assert PortSet.parse(spec).to_strings() == spec.split(","), (path, spec)
