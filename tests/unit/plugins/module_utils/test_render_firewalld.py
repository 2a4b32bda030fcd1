"""The firewalld renderer: rules -> ocs- services, zone bindings, rich rules and policies."""

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import firewalld
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import resolve

EDGE = ["access_edge", "webconf_edge", "av_edge"]
ZONES = {"perimeter": ["203.0.113.0/24", "172.16.10.0/24"], "internal": ["10.0.0.0/8"]}


def edge_ruleset(topology, **kwargs):
    rules = resolve(roles=EDGE, topology=topology, features={"federation": True})["rules"]
    return rules, firewalld.host_ruleset(rules, **kwargs)


def test_only_inbound_rules_become_services(base_topology):
    rules, ruleset = edge_ruleset(base_topology)
    inbound = [r for r in rules if r["direction"] == "in"]
    assert len(ruleset["services"]) == len(inbound)
    assert all(s["name"].startswith("ocs-") and s["name"].endswith("-in") for s in ruleset["services"])


def test_service_ports_keep_ranges_and_protocol(base_topology):
    base_topology["remote_user"] = "198.51.100.0/24"
    rules = resolve(roles=["av_edge"], topology=base_topology,
                    features={"federation": True, "federation_legacy": True})["rules"]
    ruleset = firewalld.host_ruleset(rules)
    ports = {p for s in ruleset["services"] for p in s["ports"]}
    assert "50000-59999/tcp" in ports and "50000-59999/udp" in ports
    assert not any(p.startswith("50001") for p in ports)  # never expanded


def test_service_description_names_every_merged_flow(base_topology):
    rules, ruleset = edge_ruleset(base_topology)
    access = next(s for s in ruleset["services"] if s["name"] == "ocs-access-edge-external-sip-tls-from-remote-user-in")
    assert "access_edge.external.sip_tls_from_remote_user" in access["description"]
    assert "access_edge.external.sip_mtls_from_partner" in access["description"]
    assert access["ports"] == ["443/tcp", "5061/tcp"]


def test_external_rules_are_bound_to_the_external_address_by_rich_rule(base_topology):
    _rules, ruleset = edge_ruleset(base_topology)
    rich = [r for z in ruleset["zones"] for r in z["rich_rules"]]
    assert ('rule family="ipv4" destination address="203.0.113.10/32" '
            'service name="ocs-access-edge-external-sip-tls-from-remote-user-in" accept') in rich


def test_internal_rules_are_restricted_to_the_peers(base_topology):
    _rules, ruleset = edge_ruleset(base_topology)
    rich = [r for z in ruleset["zones"] for r in z["rich_rules"] if "172.16.10.10" in r]
    assert rich and all('source address="' in r for r in rich)
    assert any('source address="10.1.0.11/32"' in r for r in rich)


def test_every_rich_rule_names_an_ocs_service(base_topology):
    _rules, ruleset = edge_ruleset(base_topology)
    names = {s["name"] for s in ruleset["services"]}
    for zone in ruleset["zones"]:
        for rule in zone["rich_rules"]:
            assert any(f'service name="{n}"' in rule for n in names)


def test_sides_map_to_zones_and_interfaces_are_bound(base_topology):
    _rules, ruleset = edge_ruleset(base_topology, side_zones={"external": "public", "internal": "internal"},
                                   interfaces={"internal": ["eth1"]})
    zones = {z["name"]: z for z in ruleset["zones"]}
    assert set(zones) == {"public", "internal"}
    assert all("203.0.113" in r for r in zones["public"]["rich_rules"])
    assert all("172.16.10.10" in r for r in zones["internal"]["rich_rules"])
    assert zones["internal"]["interfaces"] == ["eth1"]


def test_unset_side_uses_the_default_zone(base_topology):
    _rules, ruleset = edge_ruleset(base_topology)
    assert [z["name"] for z in ruleset["zones"]] == [None]


def test_unrestricted_rule_is_a_zone_service_binding():
    rule = {"name": "x.flow.in", "flow": "x.flow", "direction": "in", "protocol": "tcp", "ports": ["443"],
            "local_addresses": [], "remote_addresses": [], "side": None, "purpose": "p", "reference": "r"}
    ruleset = firewalld.host_ruleset([rule])
    assert ruleset["zones"][0]["services"] == ["ocs-x-flow-in"]
    assert ruleset["zones"][0]["rich_rules"] == []


def test_mixed_families_never_pair():
    rules = firewalld.rich_rules("ocs-s", ["2001:db8::/64", "10.0.0.0/8"], ["192.0.2.10/32"])
    assert rules == ['rule family="ipv4" source address="10.0.0.0/8" destination address="192.0.2.10/32" '
                     'service name="ocs-s" accept']


def test_gateway_rules_become_one_policy_per_zone_pair(base_topology):
    rules = resolve(roles=["external_firewall", "internal_firewall"], view="gateway", zones=ZONES,
                    topology=base_topology, features={"federation": True})["rules"]
    ruleset = firewalld.gateway_ruleset(rules)
    policies = {p["name"]: p for p in ruleset["policies"]}
    assert set(policies) == {"ocs-ext-perim", "ocs-perim-ext", "ocs-int-perim", "ocs-perim-int"}
    assert policies["ocs-ext-perim"]["ingress_zones"] == ["ocs-external"]
    assert policies["ocs-ext-perim"]["egress_zones"] == ["ocs-perimeter"]
    assert all(len(name) <= firewalld.MAX_POLICY_NAME for name in policies)
    assert {z["name"] for z in ruleset["zones"]} == {"ocs-external", "ocs-perimeter", "ocs-internal"}


def test_gateway_rich_rules_carry_source_and_destination(base_topology):
    rules = resolve(roles=["internal_firewall"], view="gateway", zones=ZONES, topology=base_topology)["rules"]
    ruleset = firewalld.gateway_ruleset(rules)
    rich = ruleset["policies"][0]["rich_rules"] + ruleset["policies"][1]["rich_rules"]
    assert any('source address="10.1.0.10/32" destination address="172.16.10.10/32"' in r for r in rich)


def test_zone_name_too_long_for_firewalld_is_rejected():
    with pytest.raises(OcsModelError, match="longer than 17"):
        firewalld.gateway_ruleset([], zone_names={"perimeter": "ocs-a-very-long-zone-name"})


def test_host_renderer_rejects_gateway_rules(base_topology):
    rules = resolve(roles=["external_firewall"], view="gateway", zones=ZONES, topology=base_topology)["rules"]
    with pytest.raises(OcsModelError, match="not a host view rule"):
        firewalld.host_ruleset(rules)


def test_rendering_is_deterministic(base_topology):
    assert edge_ruleset(dict(base_topology))[1] == edge_ruleset(dict(base_topology))[1]
