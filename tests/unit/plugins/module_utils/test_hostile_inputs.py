"""Inputs that cannot hurt (issue 11): whole networks for one server, firewalld settings, port specs
that are not port specs, and long values. Each bad value fails with one OcsModelError that names it."""

import copy

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError, shown
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.ranges import PortSet
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import firewalld
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import resolve

from ansible_collections.ocs.firewall.tests.unit.deployments import BASE_TOPOLOGY, BASE_ZONES

EDGE = ["access_edge", "webconf_edge", "av_edge"]


def topology(**changes):
    result = copy.deepcopy(BASE_TOPOLOGY)
    result.update(changes)
    return result


# case -> (resolve() keyword arguments, fragments the one message must hold)
BAD_DEPLOYMENTS = {
    "access edge external is the whole internet": (
        dict(roles=EDGE, topology=topology(access_edge_external="0.0.0.0/0")),
        ["topology.access_edge_external", "'0.0.0.0/0'", "is a network"]),
    "edge internal is the whole internet": (
        dict(roles=EDGE, topology=topology(edge_internal="0.0.0.0/0")),
        ["topology.edge_internal", "'0.0.0.0/0'", "is a network"]),
    "av edge external is a subnet around the access edge": (
        dict(roles=EDGE, topology=topology(av_edge_external="203.0.113.0/24")),
        ["topology.av_edge_external", "'203.0.113.0/24'", "is a network"]),
    "a front end given as a subnet": (
        dict(roles=["front_end"], topology=topology(front_end="10.1.0.0/24")),
        ["topology.front_end", "'10.1.0.0/24'"]),
    "an IPv6 network for the mediation server": (
        dict(roles=["mediation"], topology=topology(mediation="2001:db8::/64")),
        ["topology.mediation", "'2001:db8::/64'"]),
    "an IPv4-mapped IPv6 duplicate of the access edge": (
        dict(roles=EDGE, topology=topology(av_edge_external="::ffff:203.0.113.10")),
        ["::ffff:203.0.113.10", "IPv4-mapped", "'203.0.113.10'"]),
    "two edge services on one address": (
        dict(roles=EDGE, topology=topology(av_edge_external="203.0.113.10")),
        ["av_edge_external", "access_edge_external", "'203.0.113.10/32'"]),
    "the edge's internal address is an external one": (
        dict(roles=EDGE, topology=topology(edge_internal="203.0.113.11")),
        ["edge_internal", "'203.0.113.11/32'", "webconf_edge_external"]),
    "an edge internal address in no zone of a perimeter firewall": (
        dict(roles=["internal_firewall"], view="gateway", topology=topology(edge_internal="192.0.2.10"),
             zones=BASE_ZONES),
        ["192.0.2.10/32", "no zone"]),
    # Counted as external, the Front End would reach the Edge's internal side through the external firewall.
    "a front end in no zone of the external firewall": (
        dict(roles=["external_firewall"], view="gateway", topology=topology(),
             zones={"perimeter": BASE_ZONES["perimeter"]}),
        ["front_end", "10.1.0.10/32", "no zone", "'internal'"]),
    "a client subnet in no zone of the internal firewall": (
        dict(roles=["internal_firewall"], view="gateway", topology=topology(internal_client=["192.168.0.0/16"]),
             zones=BASE_ZONES),
        ["internal_client", "192.168.0.0/16", "no zone"]),
    "a mediation server in no zone": (
        dict(roles=["internal_firewall"], view="gateway", topology=topology(mediation="192.168.1.20"),
             zones=BASE_ZONES),
        ["mediation", "192.168.1.20/32", "no zone"]),
    "a mapping as a media range": (
        dict(roles=EDGE, topology=topology(), media_ports={"av_edge": {"50000": 1}}),
        ["media_ports.av_edge", "{'50000': 1}"]),
    "a boolean as a media range": (
        dict(roles=EDGE, topology=topology(), media_ports={"av_edge": True}),
        ["media_ports.av_edge", "True"]),
    "a float as a media range": (
        dict(roles=EDGE, topology=topology(), media_ports={"av_edge": 50000.5}),
        ["media_ports.av_edge", "50000.5"]),
}


@pytest.mark.parametrize("case", BAD_DEPLOYMENTS)
def test_a_bad_deployment_fails_with_one_message_naming_the_value(case):
    kwargs, fragments = BAD_DEPLOYMENTS[case]
    with pytest.raises(OcsModelError) as exc:
        resolve(**kwargs)
    message = str(exc.value)
    for fragment in fragments:
        assert fragment in message, f"{case}: {fragment!r} not in {message!r}"


@pytest.mark.parametrize("value", ["10.0.0.0/8", ["10.1.0.0/16", "10.2.0.0/16"]])
def test_client_networks_are_still_networks(value):
    assert resolve(roles=["client"], topology=topology(internal_client=value))["rules"]


def test_internet_peers_may_be_narrowed_to_networks():
    rules = resolve(roles=EDGE, topology=topology(remote_user="198.51.100.0/24"))["rules"]
    assert any(rule["remote_addresses"] == ["198.51.100.0/24"] for rule in rules)


def test_internet_peers_in_no_zone_are_the_external_zone():
    """Only the internet peers may lie in no zone: they are what 'external' means."""
    rules = resolve(roles=["external_firewall"], view="gateway", zones=BASE_ZONES, features={"federation": True},
                    topology=topology(federated_partner="198.51.100.7", remote_user="198.51.100.0/24"))["rules"]
    assert {"198.51.100.7/32", "198.51.100.0/24"} <= {a for r in rules for a in r["source_addresses"]
                                                      + r["destination_addresses"]}
    assert all("external" in (r["ingress_zone"], r["egress_zone"]) for r in rules)


def test_a_list_of_host_addresses_names_a_pool():
    assert resolve(roles=["front_end"], topology=topology(front_end=["10.1.0.10", "10.1.0.11/32"]))["rules"]


# ---- port specs: strings, integers and lists of them, nothing else -----------------------------


@pytest.mark.parametrize("spec", [{"443": 1}, True, 443.0, {443}, None, [[443]], [{"443": 1}]],
                         ids=["mapping", "bool", "float", "set", "none", "nested list", "mapping in list"])
def test_a_port_spec_that_is_not_a_port_spec_is_rejected(spec):
    with pytest.raises(OcsModelError):
        PortSet.parse(spec)


@pytest.mark.parametrize("spec, expected", [("443", ["443"]), (443, ["443"]), (["443", 5061], ["443", "5061"]),
                                            (("50000-59999",), ["50000-59999"])])
def test_strings_integers_and_lists_of_them_are_port_specs(spec, expected):
    assert PortSet.parse(spec).to_strings() == expected


# ---- long values are cut in messages -------------------------------------------------------------

LONG = "x" * 10_000


@pytest.mark.parametrize("kwargs", [
    dict(roles=[LONG], topology=topology()),
    dict(roles=["client"], topology=topology(internal_client=LONG)),
    dict(roles=EDGE, topology=topology(), features={LONG: True}),
    dict(roles=EDGE, topology=topology(), media_ports={"client": LONG}),
    dict(roles=EDGE, topology=dict(topology(), **{LONG: "10.0.0.1"})),
], ids=["role", "address", "feature", "port", "class"])
def test_a_long_bad_value_is_cut_and_its_length_given(kwargs):
    with pytest.raises(OcsModelError) as exc:
        resolve(**kwargs)
    message = str(exc.value)
    assert len(message) < 1000, len(message)
    assert "(10000 characters)" in message


def test_shown_keeps_short_values_whole():
    assert shown("eth0") == "'eth0'" and shown(LONG).endswith("... (10000 characters)")


# ---- firewalld zone and interface settings, checked on the controller --------------------------

HOST_RULES = resolve(roles=EDGE, topology=topology())["rules"]
GATEWAY_RULES = resolve(roles=["internal_firewall"], view="gateway", topology=topology(), zones=BASE_ZONES)["rules"]

# case -> (view, zones, interfaces, fragments the message must hold)
BAD_FIREWALLD_SETTINGS = {
    "a typo in a side": ("host", {"externel": "public"}, None, ["'externel'", "external, internal, none"]),
    "a model zone in the host view": ("host", {"perimeter": "dmz"}, None, ["'perimeter'"]),
    "a typo in a model zone": ("gateway", {"internl": "trusted"}, None, ["'internl'", "perimeter"]),
    "zones as a list": ("host", ["public"], None, ["zones must be a mapping", "['public']"]),
    "a number as a zone": ("host", {"external": 7}, None, ["zones.external", "7"]),
    "a zone name with a space": ("gateway", {"perimeter": "my dmz"}, None, ["'my dmz'"]),
    "one interface as a string": ("host", None, {"public": "eth0"}, ["interfaces.public", "'eth0'", "list"]),
    "interfaces as a list": ("host", None, ["eth0"], ["interfaces must be a mapping"]),
    "a number as an interface": ("gateway", None, {"ocs-perimeter": [0]}, ["interfaces.ocs-perimeter", "0"]),
    "an interface name too long": ("host", None, {"public": ["a" * 16]}, ["'" + "a" * 16 + "'", "15"]),
    "an interface name with a slash": ("host", None, {"public": ["eth0/1"]}, ["'eth0/1'"]),
}


@pytest.mark.parametrize("case", BAD_FIREWALLD_SETTINGS)
def test_bad_firewalld_settings_fail_on_the_controller_naming_the_value(case):
    view, zones, interfaces, fragments = BAD_FIREWALLD_SETTINGS[case]
    render = firewalld.host_ruleset if view == "host" else firewalld.gateway_ruleset
    rules = HOST_RULES if view == "host" else GATEWAY_RULES
    with pytest.raises(OcsModelError) as exc:
        render(rules, zones, interfaces)
    for fragment in fragments:
        assert fragment in str(exc.value), f"{case}: {fragment!r} not in {exc.value}"


def test_good_firewalld_settings_pass_unchanged():
    ruleset = firewalld.host_ruleset(HOST_RULES, {"external": "public", "internal": "internal"},
                                     {"public": ["eth0"], "internal": ["eth1"]})
    assert {zone["name"]: zone.get("interfaces") for zone in ruleset["zones"]} == {
        "public": ["eth0"], "internal": ["eth1"]}
