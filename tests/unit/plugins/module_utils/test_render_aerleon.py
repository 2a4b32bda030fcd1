"""render/aerleon.py as data: gateway rules -> an aerleon policy and definitions, without aerleon.

What aerleon makes of the data (every target generates, the policy parses back to exactly the
rules, the golden outputs) is in tests/integration/test_aerleon.py: aerleon is not among the
libraries `ansible-test units` installs (tests/unit/requirements.txt)."""

import copy
import hashlib
import json
import re

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.model import gateway_rules
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import aerleon
from ansible_collections.ocs.firewall.tests.unit.deployments import example_gateway_rules

GATEWAYS = ("fw_external", "fw_internal")
ALL_TARGETS = sorted(aerleon.TARGETS)


def a_rule(name="svc.r1.external_to_perimeter", **changes):
    rule = {
        "name": name, "flow": name.rsplit(".", 1)[0], "flows": [name.rsplit(".", 1)[0]], "protocol": "tcp",
        "ports": ["443"], "source_ports": [], "source_addresses": [], "destination_addresses": ["192.0.2.10/32"],
        "ingress_zone": "external", "egress_zone": "perimeter", "ipsec_exempt": False,
        "purpose": "a test flow", "reference": "TEST",
    }
    rule.update(changes)
    return rule


def filters_of(result, layout):
    """The filters whose header names a target of the layout."""
    return [f for f in result["policy"]["filters"]
            if any(aerleon.TARGETS[t].layout == layout for t in f["header"]["targets"])]


# ---- term names -------------------------------------------------------------------------------------

def test_the_term_name_limit_is_the_tightest_target_limit_iptables():
    assert aerleon.TERM_NAME_MAX == min(t.term_name_max for t in aerleon.TARGETS.values()) == 24


@pytest.mark.parametrize("gateway", GATEWAYS)
def test_term_names_are_the_flow_name_cut_and_a_digest_of_the_rule_name(gateway):
    rules = gateway_rules(example_gateway_rules(gateway))
    result = aerleon.aerleon_policy(example_gateway_rules(gateway), ALL_TARGETS)
    host_terms = filters_of(result, aerleon.HOST)[0]["terms"][1:]  # in rule order, after the reply term
    zone_terms = [t for f in filters_of(result, aerleon.ZONE) for t in f["terms"]]
    assert sorted(zone_terms, key=lambda t: t["name"]) == sorted(host_terms, key=lambda t: t["name"])
    assert [t["name"] for t in host_terms] == [aerleon.term_name(r) for r in rules]
    for rule, term in zip(rules, host_terms):
        digest = hashlib.sha256(rule.name.encode()).hexdigest()[:6]
        assert term["name"] == f"{rule.flow.split('.')[-1][:17].rstrip('_')}-{digest}"
        assert len(term["name"]) <= 24 and re.fullmatch(r"[a-z][a-z0-9_]*-[0-9a-f]{6}", term["name"])
        assert term["comment"].startswith(f"{rule.name}: flows {', '.join(rule.flows)}. {rule.purpose}")
        assert term["comment"].endswith(f"(source: {rule.reference})")
    assert len({t["name"] for t in zone_terms}) == len(rules)


def test_a_pinned_term_name_stays_the_same():
    # the thread back from a firewall's config to the rule: it must not change between releases
    rule = gateway_rules(example_gateway_rules("fw_external"))[0]
    assert rule.name == "access_edge.external.sip_tls_from_remote_user.external_to_perimeter"
    assert aerleon.term_name(rule) == "sip_tls_from_remo-f7d978"


def test_the_same_flow_in_two_zone_pairs_gets_two_term_names():
    rules = [a_rule("svc.r1.external_to_perimeter"),
             a_rule("svc.r1.perimeter_to_internal", ingress_zone="perimeter", egress_zone="internal")]
    names = [t["name"] for f in aerleon.aerleon_policy(rules, ["srx"])["policy"]["filters"] for t in f["terms"]]
    assert len(set(names)) == 2 and all(name.startswith("r1-") for name in names)


# ---- terms: one protocol, its own ports, any as no address ------------------------------------------

@pytest.mark.parametrize("gateway", GATEWAYS)
def test_every_term_is_one_protocol_with_services_of_that_protocol_only(gateway):
    rules = gateway_rules(example_gateway_rules(gateway))
    result = aerleon.aerleon_policy(example_gateway_rules(gateway), ["nftables"])
    services = result["definitions"]["services"]
    terms = result["policy"]["filters"][0]["terms"]  # one filter, in rule order
    for rule, term in zip(rules, terms):
        assert term["protocol"] == rule.protocol and term["action"] == "accept"
        assert services[term["destination-port"]] == [{"port": p, "protocol": rule.protocol} for p in rule.ports]
        if rule.source_ports:
            assert services[term["source-port"]] == [{"port": p, "protocol": rule.protocol} for p in rule.source_ports]
        else:
            assert "source-port" not in term


def test_the_cross_product_trap_two_rules_never_one_term_of_two_protocols():
    rules = [a_rule("svc.media_tcp.external_to_perimeter", ports=["443", "3478"], protocol="tcp"),
             a_rule("svc.media_udp.external_to_perimeter", ports=["443", "3478"], protocol="udp")]
    result = aerleon.aerleon_policy(rules, ["paloalto"])
    services = result["definitions"]["services"]
    terms = result["policy"]["filters"][0]["terms"]
    assert [t["protocol"] for t in terms] == ["tcp", "udp"]
    for term in terms:
        assert {entry["protocol"] for entry in services[term["destination-port"]]} == {term["protocol"]}


def test_any_address_leaves_the_term_key_out():
    result = aerleon.aerleon_policy([a_rule(destination_addresses=[])], ["srx"])
    term = result["policy"]["filters"][0]["terms"][0]
    assert "source-address" not in term and "destination-address" not in term
    assert result["definitions"]["networks"] == {}


def test_networks_are_named_after_the_endpoint_classes_and_shared_by_equal_address_sets():
    result = aerleon.aerleon_policy(example_gateway_rules("fw_internal"), ["srx"])
    networks = result["definitions"]["networks"]
    assert networks == {
        "AV_CONFERENCING_FRONT_END": {"values": [{"address": "10.1.0.10/32"}, {"address": "10.1.0.11/32"}]},
        "EDGE_INTERNAL": {"values": [{"address": "172.16.10.10/32"}]},
        "INTERNAL_CLIENT": {"values": [{"address": "10.0.0.0/8"}]},
        "MEDIATION": {"values": [{"address": "10.1.0.20/32"}]},
        "REVERSE_PROXY": {"values": [{"address": "203.0.113.20/32"}]},
    }
    used = {t.get(k) for f in result["policy"]["filters"] for t in f["terms"]
            for k in ("source-address", "destination-address")} - {None}
    assert used == set(networks)


def test_addresses_of_flows_the_catalogue_does_not_know_are_named_after_the_term():
    result = aerleon.aerleon_policy([a_rule(source_addresses=["198.51.100.0/24"])], ["srx"])
    term = result["policy"]["filters"][0]["terms"][0]
    stem = term["name"].upper().replace("-", "_")
    assert (term["source-address"], term["destination-address"]) == (f"{stem}_SRC", f"{stem}_DST")


def test_services_are_named_after_their_ports_and_sorted():
    result = aerleon.aerleon_policy(example_gateway_rules("fw_external"), ["srx"])
    services = result["definitions"]["services"]
    assert list(services) == sorted(services)
    assert services["TCP_53_80_5061"] == [{"port": p, "protocol": "tcp"} for p in ("53", "80", "5061")]
    assert services["TCP_50000-59999"] == [{"port": "50000-59999", "protocol": "tcp"}]


def test_a_comment_quote_becomes_an_apostrophe():
    result = aerleon.aerleon_policy([a_rule(purpose='the "edge" flow')], ["nftables"])
    assert "the 'edge' flow" in result["policy"]["filters"][0]["terms"][0]["comment"]


# ---- filters per target family -----------------------------------------------------------------------

def test_zone_targets_get_one_filter_per_zone_pair_with_the_zone_names():
    result = aerleon.aerleon_policy(example_gateway_rules("fw_external"), ["srx", "paloalto", "fortigate"],
                                    zone_names={"perimeter": "dmz"})
    headers = [f["header"]["targets"] for f in result["policy"]["filters"]]
    assert headers == [
        {"fortigate": "from-zone ocs-external to-zone dmz mixed", "paloalto": "from-zone ocs-external to-zone dmz mixed",
         "srx": "from-zone ocs-external to-zone dmz"},
        {"fortigate": "from-zone dmz to-zone ocs-external mixed", "paloalto": "from-zone dmz to-zone ocs-external mixed",
         "srx": "from-zone dmz to-zone ocs-external"},
    ]


def test_interface_targets_get_one_inbound_acl_per_ingress_zone():
    result = aerleon.aerleon_policy(example_gateway_rules("fw_internal"), ["ciscoasa", "cisco", "juniper"])
    headers = [f["header"]["targets"] for f in result["policy"]["filters"]]
    assert headers == [
        {"ciscoasa": "ocs-perimeter-in", "cisco": "ocs-perimeter-in mixed", "juniper": "ocs-perimeter-in mixed"},
        {"ciscoasa": "ocs-internal-in", "cisco": "ocs-internal-in mixed", "juniper": "ocs-internal-in mixed"},
    ]


def test_host_targets_get_one_forward_filter_each_and_only_iptables_the_reply_term():
    """nftables accepts replies in its base chain and would skip the reply term with a warning on every
    run: it gets a filter of its own, with exactly one term per rule."""
    rules = example_gateway_rules("fw_external")
    both = aerleon.aerleon_policy(rules, ["iptables", "nftables"])["policy"]["filters"]
    assert [f["header"]["targets"] for f in both] == [{"iptables": "FORWARD DROP inet"}, {"nftables": "mixed forward"}]
    assert both[0]["terms"][0] == aerleon.REPLY_TERM and len(both[0]["terms"]) == len(rules) + 1
    assert [t["name"] for t in both[1]["terms"]] == [t["name"] for t in both[0]["terms"][1:]]
    assert len(both[1]["terms"]) == len(rules)
    only_nft = aerleon.aerleon_policy(rules, ["nftables"])["policy"]["filters"]
    assert only_nft == both[1:]


def test_host_terms_match_the_zones_interfaces_when_given():
    rules = example_gateway_rules("fw_external")
    result = aerleon.aerleon_policy(rules, ["nftables"], interfaces={"external": "eth0", "perimeter": "eth1"})
    for rule, term in zip(gateway_rules(rules), result["policy"]["filters"][0]["terms"]):
        expected = {"external": "eth0", "perimeter": "eth1"}
        assert (term["source-interface"], term["destination-interface"]) == (
            expected[rule.ingress_zone], expected[rule.egress_zone])
    unbound = aerleon.aerleon_policy(rules, ["nftables"])["policy"]["filters"][0]
    assert not any("source-interface" in t for t in unbound["terms"])
    assert "do not check the zones' interfaces" in unbound["header"]["comment"]


def test_filters_come_in_layout_order_and_each_names_only_its_targets():
    result = aerleon.aerleon_policy(example_gateway_rules("fw_external"), ALL_TARGETS)
    layouts = [{aerleon.TARGETS[t].layout for t in f["header"]["targets"]} for f in result["policy"]["filters"]]
    assert layouts == [{"zone"}, {"zone"}, {"interface"}, {"interface"}, {"host"}, {"host"}]  # iptables, nftables
    assert result["policy"]["filename"] == "gw"


def test_the_output_is_deterministic_and_plain_data():
    rules = example_gateway_rules("fw_internal")
    first = aerleon.aerleon_policy(rules, ALL_TARGETS, name="fw_internal")
    second = aerleon.aerleon_policy(copy.deepcopy(rules), list(reversed(ALL_TARGETS)), name="fw_internal")
    assert json.dumps(first) == json.dumps(second)
    assert list(first["definitions"]["networks"]) == sorted(first["definitions"]["networks"])


def test_the_input_rules_are_not_changed():
    rules = example_gateway_rules("fw_external")
    before = copy.deepcopy(rules)
    aerleon.aerleon_policy(rules, ALL_TARGETS)
    assert rules == before


# ---- bad input names the value ---------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, message", [
    ({"targets": ["srx", "checkpoint"]}, r"unknown target 'checkpoint'; supported targets: arista, cisco, "),
    ({"targets": []}, r"targets is an empty list; name at least one of arista, "),
    ({"targets": {"srx": 1}}, r"targets must be a list of aerleon targets"),
    ({"targets": ["srx"], "name": "gw.v1"}, r"name 'gw.v1' is not a policy name"),
    ({"targets": ["srx"], "zone_names": {"dmz": "x"}}, r"zone_names: unknown model zone 'dmz'"),
    ({"targets": ["srx"], "zone_names": {"perimeter": "my dmz"}}, r"zone_names.perimeter: 'my dmz' is not a zone name"),
    ({"targets": ["srx"], "zone_names": {"perimeter": "ocs-external"}}, r"'ocs-external' names both"),
    ({"targets": ["nftables"], "interfaces": {"external": "eth0 1"}}, r"interfaces.external: 'eth0 1'"),
])
def test_bad_settings_are_named(kwargs, message):
    with pytest.raises(OcsModelError, match=message):
        aerleon.aerleon_policy(example_gateway_rules("fw_external"), **kwargs)


def test_two_rules_with_one_term_name_are_refused():
    with pytest.raises(OcsModelError, match=r"have the same term name 'r1-[0-9a-f]{6}'"):
        aerleon.aerleon_policy([a_rule(), a_rule()], ["srx"])


@pytest.mark.parametrize("target", ["ciscoasa", "iptables"])
def test_an_ipv6_address_for_an_ipv4_only_target_is_refused(target):
    rule = a_rule(source_addresses=["2001:db8::/64"], destination_addresses=["2001:db8:1::10/128"])
    with pytest.raises(OcsModelError, match=rf"source_addresses '2001:db8::/64' is IPv6, which the target {target}"):
        aerleon.aerleon_policy([rule], ["srx", target])
    assert aerleon.aerleon_policy([rule], ["srx", "nftables"])["policy"]["filters"]


def test_a_rule_whose_addresses_share_no_family_is_refused():
    rule = a_rule(source_addresses=["2001:db8::/64"], destination_addresses=["192.0.2.10/32"])
    with pytest.raises(OcsModelError, match=r"rule 'svc.r1.external_to_perimeter'.*share no address family"):
        aerleon.aerleon_policy([rule], ["srx"])


def test_an_interface_acl_refuses_any_destination_from_a_zone_that_leads_to_two():
    rules = [a_rule("svc.a.perimeter_to_external", ingress_zone="perimeter", egress_zone="external",
                    destination_addresses=[]),
             a_rule("svc.b.perimeter_to_internal", ingress_zone="perimeter", egress_zone="internal")]
    with pytest.raises(OcsModelError, match=r"rule 'svc.a.perimeter_to_external' forwards from perimeter to any "
                                            r"destination, and perimeter leads to external and internal"):
        aerleon.aerleon_policy(rules, ["ciscoasa"])
    assert len(aerleon.aerleon_policy(rules, ["srx"])["policy"]["filters"]) == 2  # zone pairs tell them apart


def test_a_bad_rule_is_named_by_the_model():
    with pytest.raises(OcsModelError, match="99999"):
        aerleon.aerleon_policy([a_rule(ports=["99999"])], ["srx"])


@pytest.mark.parametrize("gateway", GATEWAYS)
def test_nftables_comments_fit_what_nft_takes_and_other_filters_keep_the_whole_comment(gateway):
    """nft refuses a comment over 128 characters (found by loading the output on the lab's gateways)."""
    rules = gateway_rules(example_gateway_rules(gateway))
    result = aerleon.aerleon_policy(example_gateway_rules(gateway), ALL_TARGETS)
    for item in result["policy"]["filters"]:
        comments = [item["header"]["comment"]] + [term["comment"] for term in item["terms"]]
        if "nftables" in item["header"]["targets"]:
            assert max(len(comment) for comment in comments) <= 128
            assert any(comment.endswith("...") for comment in comments)  # the example's are longer
        elif "iptables" not in item["header"]["targets"]:
            whole = {aerleon.term_name(rule): rule.name for rule in rules}
            assert all(whole[term["name"]] in term["comment"] and not term["comment"].endswith("...")
                       for term in item["terms"])
