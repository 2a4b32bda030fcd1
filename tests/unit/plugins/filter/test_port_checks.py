"""Reachability checks from a probe place (checks.py) and their filter (ocs_port_checks). The probe
script the port_check role sends is tested in tests/unit/roles/test_port_probe.py, the table in
tests/unit/plugins/module_utils/test_report.py.

Facts from ../shared/reference/ocs-2007-r2-ports.md: 8057 (PSOM) and 5062 (A/V authentication) are
internal-only; remote users reach the three Edge external addresses on 443 and the A/V Edge on UDP 3478
(STUN); the Front End reaches the Edge's internal interface on 5061, 8057 and 5062.
"""

import copy

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.ocs.firewall.plugins.filter.ocs_port_checks import FilterModule
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import get_catalogue
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.checks import (
    parse_probe,
    plan_checks,
)
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import deployment_flows
from ansible_collections.ocs.firewall.tests.unit.ansible_values import LazyMapping
from ansible_collections.ocs.firewall.tests.unit.deployments import LAB_TOPOLOGY as DEMO_LAB_TOPOLOGY

# The demo lab's deployment without its Mediation Server.
LAB_TOPOLOGY = {key: value for key, value in DEMO_LAB_TOPOLOGY.items() if key != "mediation"}
LAB_FEATURES = {"remote_access": True, "federation": True, "federation_legacy": False, "av": True}
EDGE_ADDRESSES = ("203.0.113.10", "203.0.113.11", "203.0.113.12", "172.16.10.10")


def flows_for(topology=None, features=None, media_ports=None):
    return deployment_flows(topology=copy.deepcopy(topology or LAB_TOPOLOGY),
                            features=features or LAB_FEATURES, media_ports=media_ports)


def keyed(checks, expect):
    return {(c["host"], c["protocol"], c["port"]) for c in checks if c["expect"] == expect}


@pytest.fixture(scope="module")
def lab_flows():
    return flows_for()


@pytest.fixture(scope="module")
def from_internet(lab_flows):
    return plan_checks(lab_flows, "remote_user")


@pytest.fixture(scope="module")
def from_front_end(lab_flows):
    return plan_checks(lab_flows, "front_end")


# ---- what to check: derived from the model ------------------------------------------------------

def test_remote_users_must_reach_the_three_edge_addresses_on_443_and_stun_on_the_av_edge(from_internet):
    assert keyed(from_internet, "open") == {
        ("203.0.113.10", "tcp", 443),
        ("203.0.113.10", "tcp", 5061),  # federated partners share the internet: any address
        ("203.0.113.11", "tcp", 443),
        ("203.0.113.12", "tcp", 443),
        ("203.0.113.12", "udp", 3478),
    }


def test_every_open_check_names_the_catalogue_flows_it_proves(from_internet):
    by_key = {(c["host"], c["protocol"], c["port"]): c for c in from_internet if c["expect"] == "open"}
    assert by_key[("203.0.113.10", "tcp", 443)]["flow"] == "access_edge.external.sip_tls_from_remote_user"
    assert by_key[("203.0.113.12", "udp", 3478)]["flows"] == [
        "av_edge.external.stun_udp_from_remote_user", "av_edge.external.stun_udp_from_partner"]
    assert by_key[("203.0.113.12", "tcp", 443)]["to"] == "av_edge_external"


def test_internal_only_ports_are_expected_closed_from_the_internet_on_every_edge_address(from_internet):
    closed = keyed(from_internet, "closed")
    for address in EDGE_ADDRESSES:
        for port in (8057, 5062, 135, 8080):
            assert (address, "tcp", port) in closed, f"{address} tcp/{port} is not checked closed"


def test_a_port_the_model_opens_is_never_expected_closed(from_internet, from_front_end):
    for checks in (from_internet, from_front_end):
        assert not keyed(checks, "open") & keyed(checks, "closed")


def test_5061_is_closed_on_the_web_conferencing_and_av_edge_addresses_only(from_internet):
    closed = keyed(from_internet, "closed")
    assert ("203.0.113.11", "tcp", 5061) in closed and ("203.0.113.12", "tcp", 5061) in closed
    assert ("203.0.113.10", "tcp", 5061) not in closed


def test_stun_is_expected_closed_on_every_address_but_the_av_edge(from_internet):
    closed = keyed(from_internet, "closed")
    assert ("203.0.113.12", "udp", 3478) not in closed
    for address in ("203.0.113.10", "203.0.113.11", "172.16.10.10", "10.1.0.10"):
        assert (address, "udp", 3478) in closed


def test_the_front_end_must_reach_the_edge_internal_interface(from_front_end):
    assert keyed(from_front_end, "open") == {
        ("172.16.10.10", "tcp", 443),   # STUN/TCP from A/V Conferencing, collocated on the Front End
        ("172.16.10.10", "tcp", 5061),  # SIP/MTLS to the Access Edge
        ("172.16.10.10", "tcp", 5062),  # A/V authentication
        ("172.16.10.10", "tcp", 8057),  # PSOM to the Web Conferencing Edge
        ("172.16.10.10", "udp", 3478),  # STUN/UDP from A/V Conferencing
    }


def test_the_probe_never_targets_its_own_address(from_front_end):
    assert all(c["host"] != "10.1.0.10" for c in from_front_end)


def test_the_front_end_must_not_reach_the_edge_external_addresses(from_front_end):
    closed = keyed(from_front_end, "closed")
    for address in ("203.0.113.10", "203.0.113.11", "203.0.113.12"):
        for probe in get_catalogue("ocs2007r2").probe_ports:
            protocol, port = parse_probe(probe)
            assert (address, protocol, port) in closed


def test_udp_3478_is_checked_with_stun_and_other_udp_with_a_datagram(from_internet):
    methods = {(c["protocol"], c["port"]): c["method"] for c in from_internet}
    assert methods[("udp", 3478)] == "stun"
    assert methods[("udp", 50000)] == "udp"
    assert methods[("tcp", 443)] == "tcp"


def test_open_checks_come_first_then_closed_ones_each_sorted(from_internet):
    expects = [c["expect"] for c in from_internet]
    assert expects == sorted(expects, key=lambda e: e != "open")
    ids = [c["id"] for c in from_internet]
    assert len(ids) == len(set(ids))
    assert plan_checks(flows_for(), "remote_user") == from_internet, "the same model must give the same checks"


def test_a_network_inside_the_probe_place_counts_as_the_probe(lab_flows):
    """With internal clients at 10.0.0.0/8 a Front End at 10.1.0.10 is also an internal client: what the
    clients may reach (the Edge's internal STUN) is open from it, never expected closed."""
    topology = dict(LAB_TOPOLOGY, internal_client=["10.0.0.0/8"])
    checks = plan_checks(flows_for(topology), "front_end")
    assert ("172.16.10.10", "udp", 3478) in keyed(checks, "open")
    assert any("av_edge.internal.stun_udp_from_client" in c["flows"] for c in checks)


def test_a_probe_address_narrows_a_pool_to_one_server():
    topology = dict(LAB_TOPOLOGY, front_end=["10.1.0.10", "10.1.0.11"])
    flows = flows_for(topology)
    pool = plan_checks(flows, "front_end")
    assert all(c["host"] not in ("10.1.0.10", "10.1.0.11") for c in pool)
    one = plan_checks(flows, "front_end", probe_address="10.1.0.10")
    assert ("10.1.0.11", "tcp", 5061) in keyed(one, "open"), "SIP/MTLS between the pool's servers"
    assert all(c["host"] != "10.1.0.10" for c in one)


def test_a_media_range_is_probed_at_its_first_port():
    features = dict(LAB_FEATURES, federation_legacy=True)
    checks = plan_checks(flows_for(features=features), "federated_partner")
    by_key = {(c["host"], c["protocol"], c["port"]): c for c in checks}
    assert by_key[("203.0.113.12", "udp", 50000)]["expect"] == "open"
    assert by_key[("203.0.113.12", "udp", 50000)]["ports"] == "50000-59999"
    assert ("203.0.113.12", "tcp", 50000) in keyed(checks, "open")


def test_targets_narrow_the_addresses_probed(lab_flows):
    checks = plan_checks(lab_flows, "remote_user", targets=["av_edge_external"])
    assert {c["host"] for c in checks} == {"203.0.113.12"}


def test_closed_probes_can_be_given_as_mappings(lab_flows):
    checks = plan_checks(lab_flows, "remote_user", closed_probes=[{"protocol": "TCP", "port": "8443"}])
    assert {(c["protocol"], c["port"]) for c in checks if c["expect"] == "closed"} == {("tcp", 8443)}


# ---- bad input: one message naming the value ------------------------------------------------------

@pytest.mark.parametrize("kwargs, named", [
    ({"probe_from": "mailbox_server"}, "mailbox_server"),
    ({"probe_from": []}, "probe_from is empty"),
    ({"probe_from": "director"}, "director"),  # a class this deployment does not have
    ({"probe_from": "remote_user", "closed_probes": ["tcp/70000"]}, "70000"),
    ({"probe_from": "remote_user", "closed_probes": ["icmp/1"]}, "icmp"),
    ({"probe_from": "remote_user", "closed_probes": ["https"]}, "https"),
    ({"probe_from": "remote_user", "targets": ["edge_server"]}, "edge_server"),
    ({"probe_from": "front_end", "probe_address": "10.1.0.0/24"}, "10.1.0.0/24"),
    ({"probe_from": "front_end", "probe_address": "10.1.0.300"}, "10.1.0.300"),
])
def test_bad_input_fails_naming_the_value(lab_flows, kwargs, named):
    with pytest.raises(OcsModelError, match=None) as info:
        plan_checks(lab_flows, **kwargs)
    assert named in str(info.value)


def test_flows_without_addresses_are_refused():
    with pytest.raises(OcsModelError, match="ocs_flows"):
        plan_checks([{"id": "x", "from": "remote_user", "to": "front_end", "protocol": "tcp", "ports": ["443"]}],
                    "remote_user")


# ---- the filter --------------------------------------------------------------------------------------

def test_filter_takes_lazy_containers_and_returns_the_plan(lab_flows):
    ocs_port_checks = FilterModule().filters()["ocs_port_checks"]
    lazy = [LazyMapping(flow) for flow in lab_flows]
    assert ocs_port_checks(lazy, "remote_user") == plan_checks(lab_flows, "remote_user")
    assert ocs_port_checks(lab_flows, ["front_end"], probe_address="", targets=[]) == plan_checks(lab_flows, "front_end")


def test_filter_turns_bad_input_into_a_filter_error(lab_flows):
    ocs_port_checks = FilterModule().filters()["ocs_port_checks"]
    with pytest.raises(AnsibleFilterError, match="ocs_port_checks: unknown endpoint class 'mailbox_server'"):
        ocs_port_checks(lab_flows, "mailbox_server")
