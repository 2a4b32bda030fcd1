"""render/aerleon.py through aerleon itself (in-process): every supported target generates for the
example inventory's two perimeter firewalls; the policy parsed back with aerleon's own policy parser
opens exactly the gateway rules' flows, no port, protocol or address pair more or less, in every
target layout; and the generated configurations match the golden files in
tests/unit/plugins/module_utils/regression/aerleon/<gateway>/ (reviewed in REVIEW.md there).

These tests live here, not in tests/unit, because aerleon is not among the libraries
`ansible-test units` installs (tests/unit/requirements.txt); they run with the project venv.
After a reviewed change, regenerate the golden files:
OCS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/integration/test_aerleon.py
and read `git diff` before committing.
"""

import ipaddress
import os
import re
from pathlib import Path

import pytest
import yaml
from aerleon import api
from aerleon.lib import naming, plugin_supervisor, policy, policy_builder

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.model import gateway_rules
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import aerleon
from ansible_collections.ocs.firewall.tests.unit.deployments import example_gateway_rules

GOLDEN = Path(__file__).resolve().parents[1] / "unit" / "plugins" / "module_utils" / "regression" / "aerleon"
GATEWAYS = ("fw_external", "fw_internal")
TARGETS = sorted(aerleon.TARGETS)
INTERFACES = {"external": "eth0", "perimeter": "eth1", "internal": "eth2"}
ZONE_NAMES = {"perimeter": "dmz"}


def definitions_of(result):
    definitions = naming.Naming()
    definitions.ParseDefinitionsObject(result["definitions"], "ocs")
    return definitions


def generate(result):
    return api.Generate([result["policy"]], definitions_of(result))


def parse(result):
    return policy.FromBuilder(policy_builder.PolicyBuilder(result["policy"], definitions_of(result), False, False))


def suffix(target):
    plugin_supervisor.PluginSupervisor.Start()
    return plugin_supervisor.PluginSupervisor.generators[target].SUFFIX


# ---- every target generates -------------------------------------------------------------------------

@pytest.mark.parametrize("gateway", GATEWAYS)
@pytest.mark.parametrize("target", TARGETS)
def test_every_target_generates_for_the_example_gateways(gateway, target):
    result = aerleon.aerleon_policy(example_gateway_rules(gateway), [target], name=gateway)
    configs = generate(result)
    assert list(configs) == [f"{gateway}{suffix(target)}"]
    text = configs[f"{gateway}{suffix(target)}"]
    rules = gateway_rules(example_gateway_rules(gateway))
    for rule in rules:  # each rule's term is in the output (a target may show the name in a remark only)
        assert aerleon.term_name(rule) in text, (target, rule.name)
    assert generate(result) == configs  # twice the same


def test_nftables_accepts_replies_in_its_base_chain_and_has_no_reply_term():
    result = aerleon.aerleon_policy(example_gateway_rules("fw_external"), ["iptables", "nftables"])
    configs = generate(result)
    assert result["policy"]["filters"][0]["terms"][0]["name"] == aerleon.REPLY_TERM_NAME
    assert "ct state established,related accept" in configs["gw.nft"]
    assert aerleon.REPLY_TERM_NAME not in configs["gw.nft"]
    assert "-A F_allow-replies -p all -m state --state ESTABLISHED,RELATED -j ACCEPT" in configs["gw"]
    assert configs["gw"].index("-A FORWARD -j F_allow-replies") < configs["gw"].index("-A FORWARD -j F_sip")


# ---- the parse-back test ------------------------------------------------------------------------------

def port_set(ranges):
    """aerleon's [(low, high), ...] -> the set of ports; [] is any (None)."""
    if not ranges:
        return {None}
    return {port for low, high in ranges for port in range(low, high + 1)}


def model_ports(specs):
    if not specs:
        return {None}
    ports = set()
    for spec in specs:
        low, _sep, high = spec.partition("-")
        ports.update(range(int(low), int(high or low) + 1))
    return ports


def same_family_pairs(sources, destinations):
    """(source, destination) pairs a packet can have; None is any. IPv4 never meets IPv6."""
    pairs = set()
    for src in sources or [None]:
        for dst in destinations or [None]:
            families = {ipaddress.ip_network(a).version for a in (src, dst) if a}
            if len(families) < 2:
                pairs.add((src, dst))
    return pairs


def expand_rules(rules):
    """The gateway rules as (protocol, dst port, src port, src net, dst net, ingress, egress) tuples."""
    expanded = set()
    for rule in gateway_rules(rules):
        for src, dst in same_family_pairs(rule.source_addresses, rule.destination_addresses):
            for dport in model_ports(rule.ports):
                for sport in model_ports(rule.source_ports):
                    expanded.add((rule.protocol, dport, sport, src, dst, rule.ingress_zone, rule.egress_zone))
    return expanded


def expand_policy(parsed, target, rules, zone_names, interfaces):
    """The parsed policy's filters for `target` as the same tuples. The zones come from where the
    filter sits: zone layout, its header's from-zone/to-zone; interface layout, the ACL's ingress
    zone (an inbound ACL does not see the egress: the one zone the rules forward that ingress to);
    host layout, the term's interfaces. The iptables filter's leading reply term is checked and left out."""
    zone_of = {name: zone for zone, name in zone_names.items()}
    zone_of_interface = {name: zone for zone, name in interfaces.items()}
    egress_of = {}
    for rule in gateway_rules(rules):
        egress_of.setdefault(rule.ingress_zone, set()).add(rule.egress_zone)
    layout = aerleon.TARGETS[target].layout
    expanded = set()
    for header, terms in parsed.filters:
        if target not in header.platforms:
            continue
        options = header.FilterOptions(target)
        if layout == aerleon.ZONE:
            assert options[0] == "from-zone" and options[2] == "to-zone", options
            ingress, egress = zone_of[options[1]], zone_of[options[3]]
        elif layout == aerleon.INTERFACE:
            assert options[0].endswith("-in"), options
            ingress = zone_of[options[0][: -len("-in")]]
            (egress,) = egress_of[ingress]
        else:
            assert options == ["FORWARD", "DROP", "inet"] if target == "iptables" else options == ["mixed", "forward"]
            # the filter of the host targets that need it (iptables) starts with the reply term
            if any(aerleon.TARGETS[platform].reply_term for platform in header.platforms):
                reply, terms = terms[0], terms[1:]
                assert reply.name == aerleon.REPLY_TERM_NAME and [str(o) for o in reply.option] == ["established"]
                assert not (reply.protocol or reply.destination_port or reply.source_port or reply.source_address
                            or reply.destination_address)
        for term in terms:
            assert [str(a) for a in term.action] == ["accept"] and not term.option
            assert len(term.protocol) == 1, f"{term.name} mixes protocols {term.protocol}"
            if layout == aerleon.HOST:
                ingress = zone_of_interface[term.source_interface]
                egress = zone_of_interface[term.destination_interface]
            sources = [str(a) for a in term.source_address]
            destinations = [str(a) for a in term.destination_address]
            for src, dst in same_family_pairs(sources, destinations):
                for dport in port_set(term.destination_port):
                    for sport in port_set(term.source_port):
                        expanded.add((term.protocol[0], dport, sport, src, dst, ingress, egress))
    return expanded


@pytest.mark.parametrize("gateway", GATEWAYS)
@pytest.mark.parametrize("target", TARGETS)
def test_the_policy_parsed_back_opens_exactly_the_gateway_rules(gateway, target):
    rules = example_gateway_rules(gateway)
    result = aerleon.aerleon_policy(rules, TARGETS, name=gateway, zone_names=ZONE_NAMES, interfaces=INTERFACES)
    names = {**aerleon.DEFAULT_ZONE_NAMES, **ZONE_NAMES}
    expected = expand_rules(rules)
    assert expected  # the example gateways have rules
    assert expand_policy(parse(result), target, rules, names, INTERFACES) == expected


def trap_rules():
    """One service on 443 and 3478 over both TCP and UDP, as two rules of one protocol each, and
    a flow with a source port: aerleon crosses a term's ports with its protocols."""
    base = {"flows": [], "source_addresses": [], "destination_addresses": ["192.0.2.10/32"],
            "ingress_zone": "external", "egress_zone": "perimeter", "ipsec_exempt": False,
            "purpose": "trap", "reference": "TEST"}
    return [
        {**base, "name": "svc.https_tcp.external_to_perimeter", "flow": "svc.https_tcp", "flows": ["svc.https_tcp"],
         "protocol": "tcp", "ports": ["443"], "source_ports": []},
        {**base, "name": "svc.stun_udp.external_to_perimeter", "flow": "svc.stun_udp", "flows": ["svc.stun_udp"],
         "protocol": "udp", "ports": ["3478"], "source_ports": ["3478"]},
        {**base, "name": "svc.both_tcp.external_to_perimeter", "flow": "svc.both_tcp", "flows": ["svc.both_tcp"],
         "protocol": "tcp", "ports": ["443", "3478"], "source_ports": []},
    ]


@pytest.mark.parametrize("target", TARGETS)
def test_the_cross_product_trap_no_udp_443_and_no_tcp_from_3478(target):
    rules = trap_rules()
    result = aerleon.aerleon_policy(rules, TARGETS, interfaces=INTERFACES)
    opened = expand_policy(parse(result), target, rules, aerleon.DEFAULT_ZONE_NAMES, INTERFACES)
    assert opened == expand_rules(rules)
    assert not any(flow[0] == "udp" and flow[1] == 443 for flow in opened)  # (protocol, dst port, src port, ...)
    assert not any(flow[0] == "tcp" and flow[2] == 3478 for flow in opened)
    assert generate(aerleon.aerleon_policy(rules, [target]))


IPV6_TARGETS = sorted(t for t in TARGETS if aerleon.TARGETS[t].ipv6)


def dual_stack_rules():
    """A server with an IPv4 and an IPv6 address, reached from any and from one IPv6 client network."""
    base = {"source_ports": [], "ingress_zone": "external", "egress_zone": "perimeter", "ipsec_exempt": False,
            "purpose": "dual stack", "reference": "TEST"}
    return [
        {**base, "name": "svc.web_any.external_to_perimeter", "flow": "svc.web_any", "flows": ["svc.web_any"],
         "protocol": "tcp", "ports": ["443"], "source_addresses": [],
         "destination_addresses": ["192.0.2.10/32", "2001:db8::10/128"]},
        {**base, "name": "svc.web_v6.external_to_perimeter", "flow": "svc.web_v6", "flows": ["svc.web_v6"],
         "protocol": "udp", "ports": ["3478"], "source_addresses": ["2001:db8:100::/48"],
         "destination_addresses": ["192.0.2.10/32", "2001:db8::10/128"]},
    ]


@pytest.mark.parametrize("target", IPV6_TARGETS)
def test_ipv6_addresses_parse_back_and_generate(target):
    rules = dual_stack_rules()
    result = aerleon.aerleon_policy(rules, IPV6_TARGETS, interfaces=INTERFACES)
    opened = expand_policy(parse(result), target, rules, aerleon.DEFAULT_ZONE_NAMES, INTERFACES)
    assert opened == expand_rules(rules)
    assert ("udp", 3478, None, "2001:db8:100::/48", "192.0.2.10/32", "external", "perimeter") not in opened
    text = generate(aerleon.aerleon_policy(rules, [target]))[f"gw{suffix(target)}"]
    assert "2001:db8::10" in text


def test_the_cross_product_trap_in_the_asa_lines():
    configs = generate(aerleon.aerleon_policy(trap_rules(), ["ciscoasa"]))
    permits = set(re.findall(r"extended permit (\w+) (.+)", configs["gw.asa"]))
    assert permits == {
        ("tcp", "any host 192.0.2.10 eq https"),
        ("udp", "any eq 3478 host 192.0.2.10 eq 3478"),
        ("tcp", "any host 192.0.2.10 eq 3478"),
    }


# ---- golden files -----------------------------------------------------------------------------------

class IndentedDumper(yaml.SafeDumper):
    """Lists indented under their key, as yamllint (tests/integration/test_lint.py) wants them."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def to_yaml(data):
    return yaml.dump(data, Dumper=IndentedDumper, sort_keys=False, width=100, explicit_start=True)


def golden_renders(gateway):
    """The example gateway's policy and definitions YAML and every target's output, by golden file name
    (<target><aerleon's suffix>, iptables '.ipt': aerleon writes it without one)."""
    result = aerleon.aerleon_policy(example_gateway_rules(gateway), TARGETS, name=gateway)
    configs = generate(result)
    renders = {
        "policy.yaml": to_yaml(result["policy"]),
        "definitions.yaml": to_yaml(result["definitions"]),
    }
    for target in TARGETS:
        renders[f"{target}{suffix(target) or '.ipt'}"] = configs.pop(f"{gateway}{suffix(target)}")
    assert not configs
    return renders


@pytest.mark.parametrize("gateway", GATEWAYS)
def test_the_generated_configurations_match_the_golden_files(gateway):
    renders = golden_renders(gateway)
    folder = GOLDEN / gateway
    if os.environ.get("OCS_UPDATE_GOLDEN") == "1":
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.iterdir():
            stale.unlink()
        for name, text in renders.items():
            (folder / name).write_text(text, encoding="utf-8", newline="\n")
    assert sorted(p.name for p in folder.iterdir()) == sorted(renders)
    for name, text in renders.items():
        assert (folder / name).read_text(encoding="utf-8") == text, (
            f"{gateway}/{name} differs from its golden file: if the change is intended and reviewed, "
            "regenerate with OCS_UPDATE_GOLDEN=1")


@pytest.mark.parametrize("gateway", GATEWAYS)
def test_the_golden_policy_yaml_is_what_aerleon_reads(gateway):
    """The YAML files are the same data as the dicts: loaded back, they generate the same output."""
    folder = GOLDEN / gateway
    result = {"policy": yaml.safe_load((folder / "policy.yaml").read_text(encoding="utf-8")),
              "definitions": yaml.safe_load((folder / "definitions.yaml").read_text(encoding="utf-8"))}
    assert result == aerleon.aerleon_policy(example_gateway_rules(gateway), TARGETS, name=gateway)
    assert generate(result)[f"{gateway}.srx"] == (folder / "srx.srx").read_text(encoding="utf-8")
