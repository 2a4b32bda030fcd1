"""The resolver on several topologies: host view, gateway view, port matrix, IPsec table.

Facts from ../shared/reference/ocs-2007-r2-ports.md; rule schema from DESIGN.md.
"""

import copy
import itertools
import json

import netaddr
import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import MEDIA_PREFIX, PRODUCTS
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.ranges import PortSet
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import (
    deployment_flows,
    resolve,
    resolve_ipsec_exemptions,
)

OCS = PRODUCTS["ocs2007r2"]
EDGE_ROLES = ["access_edge", "webconf_edge", "av_edge"]
ACCESS = "203.0.113.10/32"
WEBCONF = "203.0.113.11/32"
AV = "203.0.113.12/32"
EXTERNAL_ADDRESSES = {ACCESS, WEBCONF, AV}
EDGE_INTERNAL = "172.16.10.10/32"
FRONT_ENDS = ["10.1.0.10/32", "10.1.0.11/32"]
CLIENTS = ["10.0.0.0/8"]
AV_MEDIA = PortSet.parse("50000-59999")

HOST_FIELDS = {
    "name",
    "flow",
    "direction",
    "protocol",
    "ports",
    "local_addresses",
    "remote_addresses",
    "side",
    "ipsec_exempt",
    "purpose",
    "reference",
}
HOST_EXTRAS = {"flows", "source_ports"}
GATEWAY_FIELDS = {
    "name",
    "flow",
    "protocol",
    "ports",
    "source_addresses",
    "destination_addresses",
    "ingress_zone",
    "egress_zone",
}
GATEWAY_EXTRAS = {"flows", "source_ports", "ipsec_exempt", "purpose", "reference"}


# ---- helpers --------------------------------------------------------------------------------


def ports(rule_or_rules):
    """The union of the ports of one rule or of a list of rules, as a PortSet."""
    rules = [rule_or_rules] if isinstance(rule_or_rules, dict) else rule_or_rules
    result = PortSet()
    for rule in rules:
        result = result | PortSet.parse(rule["ports"])
    return result


def where(rules, **match):
    return [rule for rule in rules if all(rule[key] == value for key, value in match.items())]


def opening(rules, port_spec):
    """Rules whose ports overlap port_spec."""
    wanted = PortSet.parse(port_spec)
    return [rule for rule in rules if ports(rule).overlaps(wanted)]


def inside(cidr, network):
    return netaddr.IPNetwork(cidr) in netaddr.IPNetwork(network)


def catalogue_ports(flow_id, media=None):
    spec = OCS.flow(flow_id).ports
    if spec.startswith(MEDIA_PREFIX):
        key = spec[len(MEDIA_PREFIX) :]
        return PortSet.parse((media or {}).get(key, OCS.media_ports[key][0]))
    return PortSet.parse(spec)


@pytest.fixture
def edge(base_topology):
    """Host view of the consolidated Edge with the default features plus federation."""
    return resolve(roles=EDGE_ROLES, topology=base_topology, features={"federation": True})["rules"]


@pytest.fixture
def legacy_edge(base_topology):
    features = {"federation": True, "federation_legacy": True}
    return resolve(roles=EDGE_ROLES, topology=base_topology, features=features)["rules"]


@pytest.fixture
def edge_without_federation(base_topology):
    return resolve(roles=EDGE_ROLES, topology=base_topology)["rules"]


@pytest.fixture
def client(base_topology):
    return resolve(roles=["client"], topology=base_topology, media_ports={"client": "20000-20099"})["rules"]


@pytest.fixture
def front_end(base_topology):
    return resolve(roles=["front_end"], topology=base_topology)["rules"]


def gateway(topology, zones, roles, features=None):
    return resolve(
        roles=roles,
        topology=topology,
        view="gateway",
        zones=zones,
        features=features if features is not None else {"federation": True},
    )


# ---- consolidated Edge, host view -------------------------------------------------------------


@pytest.mark.parametrize("address", [ACCESS, WEBCONF, AV])
def test_consolidated_edge_accepts_443_from_anywhere_on_each_external_address(edge, address):
    rules = where(edge, direction="in", protocol="tcp", local_addresses=[address], remote_addresses=[])
    assert 443 in ports(rules)


@pytest.mark.parametrize("direction", ["in", "out"])
def test_access_edge_federates_on_5061_both_ways_on_its_external_address(edge, direction):
    rules = where(edge, direction=direction, protocol="tcp", local_addresses=[ACCESS], remote_addresses=[])
    assert 5061 in ports(rules)


def test_av_edge_accepts_stun_udp_3478_on_its_external_address(edge):
    assert 3478 in ports(where(edge, direction="in", protocol="udp", local_addresses=[AV]))


def test_r2_federation_opens_no_destination_in_the_media_range(edge):
    assert not opening(edge, "50000-59999")


def test_r2_federation_sends_tcp_443_to_partners_from_the_av_edge_media_range(edge):
    (rule,) = [r for r in edge if r.get("source_ports")
               and (r["direction"], r["protocol"]) == ("out", "tcp")]
    assert (rule["local_addresses"], rule["remote_addresses"], rule["ports"]) == ([AV], [], ["443"])
    assert rule["source_ports"] == ["50000-59999"]
    assert rule["flows"] == ["av_edge.external.stun_tcp_to_partner"]


def test_r2_federation_sends_stun_from_3478_to_3478(edge):
    (rule,) = [r for r in edge if r["protocol"] == "udp" and r["direction"] == "out" and r.get("source_ports")]
    assert (rule["ports"], rule["source_ports"], rule["local_addresses"]) == (["3478"], ["3478"], [AV])


def test_r2_federation_opens_no_inbound_media_range(edge):
    assert not where(opening(edge, "50000-59999"), direction="in")


def test_r2_federation_opens_no_udp_media_range(edge):
    assert not where(opening(edge, "50000-59999"), protocol="udp")


def test_edge_internal_rules_are_bound_to_the_internal_address(edge):
    rules = where(edge, side="internal")
    assert rules
    for rule in rules:
        assert rule["local_addresses"] == [EDGE_INTERNAL]


def test_edge_internal_rules_talk_only_to_the_pool_and_the_clients(edge):
    for rule in where(edge, side="internal"):
        assert rule["remote_addresses"], f"{rule['name']} is open to any address"
        assert set(rule["remote_addresses"]) <= set(FRONT_ENDS) | set(CLIENTS), rule["name"]


def test_edge_external_rules_are_bound_to_an_external_address(edge):
    rules = where(edge, side="external")
    assert rules
    for rule in rules:
        assert len(rule["local_addresses"]) == 1
        assert rule["local_addresses"][0] in EXTERNAL_ADDRESSES


@pytest.mark.parametrize("port", [8057, 5062])
def test_internal_only_ports_are_opened_on_the_internal_side_only(edge, port):
    rules = opening(edge, str(port))
    assert rules
    for rule in rules:
        assert rule["side"] == "internal"
        assert rule["direction"] == "in"
        assert rule["local_addresses"] == [EDGE_INTERNAL]
        assert set(rule["remote_addresses"]) == set(FRONT_ENDS)


def test_side_follows_the_local_interface(edge):
    for rule in edge:
        expected = "internal" if rule["local_addresses"] == [EDGE_INTERNAL] else "external"
        assert rule["side"] == expected, rule["name"]


def test_no_rule_has_an_empty_ports_list(edge, legacy_edge, client, front_end):
    for rule in edge + legacy_edge + client + front_end:
        assert rule["ports"], rule["name"]


def test_rule_names_are_unique(edge):
    names = [rule["name"] for rule in edge]
    assert len(names) == len(set(names))


def test_rule_names_are_derived_from_the_flow_id(edge):
    for rule in edge:
        assert rule["name"].startswith(rule["flow"]), rule["name"]


def test_host_rules_have_exactly_the_design_fields(edge, client, front_end):
    for rule in edge + client + front_end:
        assert HOST_FIELDS <= set(rule), rule["name"]
        assert set(rule) - HOST_FIELDS <= HOST_EXTRAS, rule["name"]


def test_host_rule_field_values_are_well_formed(edge, client, front_end):
    for rule in edge + client + front_end:
        assert rule["direction"] in ("in", "out")
        assert rule["protocol"] in ("tcp", "udp")
        assert rule["side"] in ("external", "internal", None)
        assert isinstance(rule["ipsec_exempt"], bool)
        assert PortSet.parse(rule["ports"]).to_strings() == rule["ports"]  # canonical strings
        for cidr in rule["local_addresses"] + rule["remote_addresses"]:
            assert str(netaddr.IPNetwork(cidr).cidr) == cidr
        assert rule["local_addresses"], "the host's own addresses are always known"
        assert rule["purpose"] and rule["reference"]


def test_every_rule_flow_is_reported_in_the_flows_list(base_topology):
    result = resolve(roles=EDGE_ROLES, topology=base_topology, features={"federation": True})
    reported = {record["id"] for record in result["flows"]}
    used = {flow for rule in result["rules"] for flow in rule.get("flows", [rule["flow"]])}
    assert used == reported


def test_flow_records_carry_the_reference_and_evidence(base_topology):
    result = resolve(roles=EDGE_ROLES, topology=base_topology, features={"federation": True})
    for record in result["flows"]:
        flow = OCS.flow(record["id"])
        assert record["reference"] == flow.reference
        assert record["evidence"] == flow.evidence
        assert record["reference_url"] == OCS.references[flow.reference][1]


def test_host_view_has_no_warnings(base_topology):
    assert resolve(roles=EDGE_ROLES, topology=base_topology)["warnings"] == []


def test_undeployed_director_yields_no_director_rules(edge):
    assert not [rule for rule in edge if any("director" in flow for flow in rule.get("flows", [rule["flow"]]))]


def test_deployed_director_gets_5061_both_ways_on_the_edge_internal_side(base_topology):
    base_topology["director"] = "10.1.0.20"
    rules = resolve(roles=EDGE_ROLES, topology=base_topology)["rules"]
    for direction in ("in", "out"):
        matching = where(rules, direction=direction, protocol="tcp", remote_addresses=["10.1.0.20/32"])
        assert 5061 in ports(matching)
        assert all(rule["side"] == "internal" for rule in matching)


# ---- legacy federation, federation off, narrowed media -------------------------------------------


@pytest.mark.parametrize("direction, protocol", [("in", "tcp"), ("in", "udp"), ("out", "udp"), ("out", "tcp")])
def test_legacy_federation_opens_the_media_range_both_ways_for_tcp_and_udp(legacy_edge, direction, protocol):
    rules = where(opening(legacy_edge, "50000-59999"), direction=direction, protocol=protocol)
    assert rules
    assert (ports(rules) & AV_MEDIA) == AV_MEDIA
    assert all(rule["local_addresses"] == [AV] and rule["remote_addresses"] == [] for rule in rules)


def test_legacy_federation_opens_the_media_range_on_the_av_edge_only(legacy_edge):
    for rule in opening(legacy_edge, "50000-59999"):
        assert rule["local_addresses"] == [AV]


def test_without_federation_the_edge_opens_no_5061_outbound(edge_without_federation):
    assert not opening(where(edge_without_federation, side="external", direction="out"), "5061")


def test_without_federation_5061_inbound_is_for_remote_users_only(edge_without_federation):
    rules = opening(where(edge_without_federation, side="external", direction="in"), "5061")
    assert rules
    flows = {flow for rule in rules for flow in rule["flows"]
             if catalogue_ports(flow).overlaps(PortSet.parse("5061"))}
    assert flows == {"access_edge.external.sip_mtls_from_remote_user"}


def test_without_remote_access_remote_users_still_reach_443_for_conferences(base_topology):
    rules = resolve(roles=EDGE_ROLES, topology=base_topology, features={"remote_access": False})["rules"]
    inbound = where(rules, direction="in", local_addresses=[ACCESS])
    assert ports(inbound) == PortSet.parse("443")


def test_without_remote_access_or_web_conferencing_the_access_edge_accepts_nothing_external(base_topology):
    features = {"remote_access": False, "web_conferencing": False}
    rules = resolve(roles=EDGE_ROLES, topology=base_topology, features=features)["rules"]
    assert not where(rules, direction="in", local_addresses=[ACCESS])


def test_without_federation_no_media_range_at_all(edge_without_federation):
    assert not opening(edge_without_federation, "50000-59999")


def test_without_federation_remote_access_still_gets_443(edge_without_federation):
    rules = where(edge_without_federation, direction="in", local_addresses=[ACCESS])
    assert 443 in ports(rules)


def test_without_av_the_av_edge_opens_nothing_on_its_external_address(base_topology):
    rules = resolve(roles=EDGE_ROLES, topology=base_topology, features={"av": False})["rules"]
    assert not where(rules, local_addresses=[AV])


def test_public_im_opens_5061_on_the_access_edge_without_federation(base_topology):
    rules = resolve(roles=EDGE_ROLES, topology=base_topology, features={"public_im": True})["rules"]
    for direction in ("in", "out"):
        assert 5061 in ports(where(rules, direction=direction, local_addresses=[ACCESS]))
    assert not opening(rules, "50000-59999")


def test_narrowed_av_edge_media_range_shows_in_the_source_ports_towards_partners(base_topology):
    rules = resolve(
        roles=EDGE_ROLES, topology=base_topology, features={"federation": True}, media_ports={"av_edge": "50000-50999"}
    )["rules"]
    assert [r["source_ports"] for r in rules if r["protocol"] == "tcp" and r.get("source_ports")] == [["50000-50999"]]


def test_narrowed_av_edge_media_range_narrows_only_the_inbound_legacy_range(base_topology):
    features = {"federation": True, "federation_legacy": True}
    rules = resolve(roles=EDGE_ROLES, topology=base_topology, features=features,
                    media_ports={"av_edge": "50000-50999"})["rules"]
    inbound = where(opening(rules, "50000-59999"), direction="in")
    assert inbound and all(ports(r) & AV_MEDIA == PortSet.parse("50000-50999") for r in inbound)
    # The partner's relay range is theirs (R1 default), not our narrowed one.
    outbound = where(opening(rules, "50000-59999"), direction="out")
    assert outbound and all(ports(r) & AV_MEDIA == AV_MEDIA for r in outbound)


# ---- a client ----------------------------------------------------------------------------


@pytest.mark.parametrize("direction", ["in", "out"])
@pytest.mark.parametrize("protocol", ["udp", "tcp"])
def test_client_media_uses_the_configured_client_range(client, direction, protocol):
    flow = f"client.media_{protocol}"
    rules = [r for r in where(client, direction=direction, protocol=protocol) if flow in r.get("flows", [r["flow"]])]
    assert rules
    for rule in rules:
        assert rule["ports"] == ["20000-20099"]


def test_client_to_client_rules_open_only_the_narrowed_media_range_and_file_transfer(client):
    allowed = PortSet.parse("20000-20099,6891-6901")
    peer_rules = where(client, remote_addresses=CLIENTS)
    assert peer_rules
    for rule in peer_rules:
        assert (ports(rule) - allowed) == PortSet(), f"{rule['name']} opens {rule['ports']}"


@pytest.mark.parametrize("direction", ["in", "out"])
def test_client_file_transfer_is_tcp_6891_6901_both_ways(client, direction):
    rules = where(opening(client, "6891-6901"), direction=direction)
    assert [(rule["protocol"], rule["ports"]) for rule in rules] == [("tcp", ["6891-6901"])]


@pytest.mark.parametrize("port", [5061, 443, 8057])
def test_client_connects_out_to_the_front_end(client, port):
    rules = where(client, direction="out", protocol="tcp", remote_addresses=FRONT_ENDS)
    assert port in ports(rules)


def test_client_rules_are_bound_to_the_client_network_and_have_no_side(client):
    for rule in client:
        assert rule["local_addresses"] == CLIENTS
        assert rule["side"] is None


def test_client_media_ipsec_exempt(client):
    for rule in client:
        if any(flow.startswith("client.media") for flow in rule.get("flows", [rule["flow"]])):
            assert rule["ipsec_exempt"] is True


# ---- a Front End ---------------------------------------------------------------------------


@pytest.mark.parametrize("port", [5061, 443, 8057])
def test_front_end_accepts_client_ports_from_the_client_network(front_end, port):
    rules = where(front_end, direction="in", protocol="tcp", remote_addresses=CLIENTS)
    assert port in ports(rules)


@pytest.mark.parametrize("direction", ["in", "out"])
@pytest.mark.parametrize("port", [5061, 443, 444, 135, 5062, 5065, 5069])
def test_front_end_pool_rules_run_between_the_pool_addresses(front_end, direction, port):
    rules = where(
        front_end, direction=direction, protocol="tcp", local_addresses=FRONT_ENDS, remote_addresses=FRONT_ENDS
    )
    assert port in ports(rules)


@pytest.mark.parametrize("port", [5061, 8057, 5062])
def test_front_end_opens_out_to_the_edge_internal_address(front_end, port):
    rules = where(front_end, direction="out", protocol="tcp", remote_addresses=[EDGE_INTERNAL])
    assert port in ports(rules)
    assert all(rule["local_addresses"] == FRONT_ENDS for rule in rules)


def test_front_end_accepts_5061_from_the_edge_internal_address(front_end):
    rules = where(front_end, direction="in", protocol="tcp", remote_addresses=[EDGE_INTERNAL])
    assert 5061 in ports(rules)


def test_front_end_rules_have_no_side(front_end):
    assert {rule["side"] for rule in front_end} == {None}


def test_front_end_without_enterprise_voice_opens_no_voice_ports(front_end):
    assert not opening(front_end, "5071-5074,8404")


def test_front_end_opens_telephony_conferencing_without_enterprise_voice(front_end):
    assert 5064 in ports(where(front_end, direction="in", remote_addresses=FRONT_ENDS))


def test_front_end_with_enterprise_voice_opens_voice_ports_in_the_pool(base_topology):
    rules = resolve(roles=["front_end"], topology=base_topology, features={"enterprise_voice": True})["rules"]
    pool = where(rules, direction="in", remote_addresses=FRONT_ENDS)
    assert (ports(pool) & PortSet.parse("5064,5071-5074,8404")) == PortSet.parse("5064,5071-5074,8404")


def test_front_end_hosts_av_conferencing_media_when_not_named(front_end):
    rules = where(front_end, direction="in", protocol="udp", remote_addresses=CLIENTS)
    assert "49152-65535" in ports(rules).to_strings()


def test_separate_av_conferencing_server_takes_its_media_away_from_the_front_end(base_topology):
    base_topology["av_conferencing"] = "10.1.0.30"
    rules = resolve(roles=["front_end"], topology=base_topology)["rules"]
    assert not opening(where(rules, direction="in", protocol="udp"), "49152-65535")


# ---- Mediation Server ------------------------------------------------------------------------


def _mediation(topology, **kwargs):
    topology.update(mediation="10.3.0.10", pstn_gateway="10.4.0.1")
    return resolve(roles=["mediation"], topology=topology, features={"enterprise_voice": True}, **kwargs)["rules"]


def test_mediation_media_from_the_gateway_arrives_on_the_mediation_range(base_topology):
    rules = _mediation(base_topology, media_ports={"mediation": "60000-60999"})
    media = where(rules, direction="in", protocol="udp", remote_addresses=["10.4.0.1/32"])
    assert ports(media).to_strings() == ["60000-60999"]
    assert all(rule["ipsec_exempt"] for rule in media)


def test_mediation_media_to_the_gateway_goes_from_the_mediation_range_to_the_gateways(base_topology):
    rules = _mediation(base_topology, media_ports={"mediation": "60000-60999", "pstn_gateway": "20000-29999"})
    (rule,) = where(rules, direction="out", protocol="udp", remote_addresses=["10.4.0.1/32"])
    assert (rule["ports"], rule["source_ports"]) == (["20000-29999"], ["60000-60999"])


def test_mediation_takes_media_from_clients_and_sends_media_to_clients(base_topology):
    rules = _mediation(base_topology)
    inbound = where(rules, direction="in", protocol="udp", remote_addresses=CLIENTS)
    assert ports(inbound) == PortSet.parse("60000-64000")
    (outbound,) = where(rules, direction="out", protocol="udp", remote_addresses=CLIENTS)
    assert (outbound["ports"], outbound["source_ports"]) == (["1024-65535"], ["60000-64000"])


def test_mediation_reaches_the_av_edge_internal_side_for_authentication_and_relay(base_topology):
    rules = _mediation(base_topology)
    to_edge = where(rules, direction="out", remote_addresses=[EDGE_INTERNAL])
    expected = {("tcp", "443"), ("tcp", "5062"), ("udp", "3478")}
    assert {(r["protocol"], p) for r in to_edge for p in r["ports"]} == expected


def test_mediation_exchanges_media_with_the_front_end_as_av_conferencing_server(base_topology):
    rules = _mediation(base_topology)
    assert ports(where(rules, direction="in", protocol="udp", remote_addresses=FRONT_ENDS)) == PortSet.parse(
        "60000-64000")
    (out,) = where(rules, direction="out", protocol="udp", remote_addresses=FRONT_ENDS)
    assert out["ports"] == ["49152-65535"]


# ---- the Edge's internal interface listens; it opens nothing but SIP inwards (review #26-#32) -----


def test_edge_opens_only_sip_5061_towards_the_internal_network(edge):
    outward = where(edge, direction="out", side="internal")
    assert outward
    assert {(r["protocol"], tuple(r["ports"])) for r in outward} == {("tcp", ("5061",))}


def test_edge_never_opens_443_or_3478_towards_clients_or_the_pool(edge):
    for rule in where(edge, direction="out", side="internal"):
        assert not ports(rule).overlaps(PortSet.parse("443,3478")), rule["name"]


def test_client_has_no_inbound_rule_from_the_edge(client):
    assert not where(client, direction="in", remote_addresses=[EDGE_INTERNAL])


def test_internal_firewall_forwards_nothing_but_sip_from_the_edge_inwards(base_topology, base_zones):
    rules = gateway(base_topology, base_zones, ["internal_firewall"])["rules"]
    inward = where(rules, ingress_zone="perimeter", egress_zone="internal")
    from_edge = [r for r in inward if EDGE_INTERNAL in r["source_addresses"]]
    assert from_edge
    assert {(r["protocol"], tuple(r["ports"])) for r in from_edge} == {("tcp", ("5061",))}


# ---- a host's own media range (review R1) ---------------------------------------------------------


def test_a_clients_own_range_narrows_its_inbound_media_only(base_topology):
    rules = resolve(roles=["client"], topology=base_topology, host_media_ports={"client": "20000-20099"})["rules"]
    media_in = [r for r in where(rules, direction="in", protocol="udp") if "client.media_udp" in r["flows"]]
    media_out = [r for r in where(rules, direction="out", protocol="udp") if "client.media_udp" in r["flows"]]
    assert [r["ports"] for r in media_in] == [["20000-20099"]]
    assert [r["ports"] for r in media_out] == [["1024-65535"]]  # the peers' range, not ours


def test_a_clients_own_range_is_the_source_range_of_its_outbound_media(base_topology):
    base_topology["mediation"] = "10.3.0.10"
    rules = resolve(roles=["client"], topology=base_topology, features={"enterprise_voice": True},
                    host_media_ports={"client": "20000-20099"})["rules"]
    (to_mediation,) = where(rules, direction="out", protocol="udp", remote_addresses=["10.3.0.10/32"])
    assert to_mediation["ports"] == ["60000-64000"]
    (from_mediation,) = where(rules, direction="in", protocol="udp", remote_addresses=["10.3.0.10/32"])
    assert (from_mediation["ports"], from_mediation["source_ports"]) == (["20000-20099"], ["60000-64000"])


def test_a_mediation_servers_own_range_is_its_source_range_towards_clients(base_topology):
    rules = _mediation(base_topology, host_media_ports={"mediation": "60000-60099"})
    (outbound,) = where(rules, direction="out", protocol="udp", remote_addresses=CLIENTS)
    assert (outbound["ports"], outbound["source_ports"]) == (["1024-65535"], ["60000-60099"])
    inbound = where(rules, direction="in", protocol="udp", remote_addresses=CLIENTS)
    assert ports(inbound) == PortSet.parse("60000-60099")


@pytest.mark.parametrize("roles, host_media, message", [
    (["front_end"], {"client": "20000-20099"}, "belongs to internal_client"),
    (["client"], {"client": "1000-2000"}, "must lie within"),
    (["client"], {"nope": "1000-2000"}, "unknown media port range 'nope'"),
    (["client"], {"client": "x"}, "host_media_ports.client"),
])
def test_host_media_ports_must_be_the_hosts_own_and_within_the_deployment(
        base_topology, roles, host_media, message):
    from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
    with pytest.raises(OcsModelError, match=message):
        resolve(roles=roles, topology=base_topology, host_media_ports=host_media)


def test_host_media_ports_is_for_the_host_view_only(base_topology, base_zones):
    from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
    with pytest.raises(OcsModelError, match="host view only"):
        resolve(roles=["internal_firewall"], topology=base_topology, view="gateway", zones=base_zones,
                host_media_ports={"client": "20000-20099"})


# ---- an empty class is no class (groups['x'] | default([])) ---------------------------------------


@pytest.mark.parametrize("empty", ["", [], " "])
def test_an_empty_endpoint_class_is_the_same_as_leaving_it_out(base_topology, empty):
    with_empty = dict(base_topology, director=empty, mediation=empty)
    for roles in (EDGE_ROLES, ["front_end"], ["client"]):
        assert resolve(roles=roles, topology=with_empty) == resolve(roles=roles, topology=base_topology)
    assert deployment_flows(topology=with_empty) == deployment_flows(topology=base_topology)


def test_a_host_whose_own_class_is_empty_is_told_it_is_missing(base_topology):
    from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
    with pytest.raises(OcsModelError, match="missing 'mediation'"):
        resolve(roles=["mediation"], topology=dict(base_topology, mediation=[]))


# ---- merging -------------------------------------------------------------------------------


def test_rules_that_share_direction_protocol_and_addresses_are_merged(edge):
    merged_flows = sum(len(rule["flows"]) for rule in edge)
    assert len(edge) < merged_flows


def test_merged_rule_lists_every_flow_and_opens_the_union_of_their_ports(edge):
    for rule in edge:
        assert rule["flow"] == rule["flows"][0]
        expected = PortSet()
        for flow in rule["flows"]:
            expected = expected | catalogue_ports(flow)
        assert ports(rule) == expected, rule["name"]


def test_access_edge_inbound_443_and_5061_from_anywhere_merge_into_one_rule(edge):
    (rule,) = where(edge, direction="in", protocol="tcp", local_addresses=[ACCESS], remote_addresses=[])
    assert rule["ports"] == ["443", "5061"]
    assert set(rule["flows"]) == {
        "access_edge.external.sip_tls_from_remote_user",
        "access_edge.external.sip_mtls_from_remote_user",
        "access_edge.external.sip_mtls_from_partner",
    }


def test_no_two_rules_could_still_be_merged(edge, legacy_edge, client, front_end):
    for rules in (edge, legacy_edge, client, front_end):
        keys = [
            (
                r["direction"],
                r["protocol"],
                tuple(r["local_addresses"]),
                tuple(r["remote_addresses"]),
                r["side"],
                r["ipsec_exempt"],
                tuple(r.get("source_ports", [])),
            )
            for r in rules
        ]
        assert len(keys) == len(set(keys))


def test_each_flow_appears_in_one_rule_per_direction(edge):
    seen = [(flow, rule["direction"]) for rule in edge for flow in rule["flows"]]
    assert len(seen) == len(set(seen))


# ---- gateway view ------------------------------------------------------------------------------


def test_external_firewall_forwards_443_from_outside_to_the_three_external_addresses(base_topology, base_zones):
    rules = gateway(base_topology, base_zones, ["external_firewall"])["rules"]
    inbound = where(opening(rules, "443"), ingress_zone="external", egress_zone="perimeter")
    destinations = {cidr for rule in inbound for cidr in rule["destination_addresses"]}
    assert destinations == EXTERNAL_ADDRESSES
    assert all(rule["source_addresses"] == [] for rule in inbound)


def test_external_firewall_forwards_nothing_to_the_edge_internal_side_or_the_internal_network(
    base_topology, base_zones
):
    rules = gateway(base_topology, base_zones, ["external_firewall"])["rules"]
    assert rules
    for rule in rules:
        for cidr in rule["source_addresses"] + rule["destination_addresses"]:
            assert cidr != EDGE_INTERNAL, rule["name"]
            assert not inside(cidr, "10.0.0.0/8"), rule["name"]


def test_external_firewall_rules_sit_between_external_and_perimeter(base_topology, base_zones):
    for rule in gateway(base_topology, base_zones, ["external_firewall"])["rules"]:
        assert {rule["ingress_zone"], rule["egress_zone"]} == {"external", "perimeter"}


def test_external_firewall_forwards_no_destination_in_the_r2_media_range(base_topology, base_zones):
    assert not opening(gateway(base_topology, base_zones, ["external_firewall"])["rules"], "50000-59999")


def test_external_firewall_carries_the_r2_media_range_as_source_ports_of_tcp_443_out(base_topology, base_zones):
    rules = [r for r in gateway(base_topology, base_zones, ["external_firewall"])["rules"]
             if r["source_ports"] == ["50000-59999"]]
    assert [(r["protocol"], r["ports"], r["ingress_zone"], r["egress_zone"], r["source_addresses"])
            for r in rules] == [("tcp", ["443"], "perimeter", "external", [AV])]


@pytest.mark.parametrize("port", [5061, 8057, 5062])
def test_internal_firewall_forwards_front_end_to_edge_internal(base_topology, base_zones, port):
    rules = gateway(base_topology, base_zones, ["internal_firewall"])["rules"]
    matching = where(
        opening(rules, str(port)),
        ingress_zone="internal",
        egress_zone="perimeter",
        destination_addresses=[EDGE_INTERNAL],
    )
    assert matching
    assert all(rule["source_addresses"] == FRONT_ENDS for rule in matching)


def test_internal_firewall_forwards_nothing_from_or_to_any_address(base_topology, base_zones):
    rules = gateway(base_topology, base_zones, ["internal_firewall"])["rules"]
    assert rules
    for rule in rules:
        assert rule["source_addresses"], rule["name"]
        assert rule["destination_addresses"], rule["name"]


def test_internal_firewall_rules_sit_between_perimeter_and_internal(base_topology, base_zones):
    for rule in gateway(base_topology, base_zones, ["internal_firewall"])["rules"]:
        assert {rule["ingress_zone"], rule["egress_zone"]} == {"perimeter", "internal"}


def test_internal_firewall_never_touches_the_external_addresses(base_topology, base_zones):
    for rule in gateway(base_topology, base_zones, ["internal_firewall"])["rules"]:
        assert not set(rule["source_addresses"] + rule["destination_addresses"]) & EXTERNAL_ADDRESSES


def test_both_firewall_roles_together_are_the_union_of_each(base_topology, base_zones):
    def as_set(rules):
        return {json.dumps(rule, sort_keys=True) for rule in rules}

    both = gateway(base_topology, base_zones, ["external_firewall", "internal_firewall"])["rules"]
    external = gateway(base_topology, base_zones, ["external_firewall"])["rules"]
    internal = gateway(base_topology, base_zones, ["internal_firewall"])["rules"]
    assert as_set(both) == as_set(external) | as_set(internal)
    assert len(both) == len(external) + len(internal)


def test_flow_straight_from_external_to_internal_warns_and_yields_no_rule(base_topology, base_zones):
    base_topology["reverse_proxy"] = "10.2.0.10"  # wrongly inside
    result = gateway(base_topology, base_zones, ["external_firewall", "internal_firewall"])
    flow = "reverse_proxy.https_from_remote_user"
    assert any(flow in warning for warning in result["warnings"])
    assert not [rule for rule in result["rules"] if flow in rule.get("flows", [rule["flow"]])]
    assert flow not in {record["id"] for record in result["flows"]}


def test_reverse_proxy_in_the_perimeter_is_reached_through_both_firewalls(base_topology, base_zones):
    base_topology["reverse_proxy"] = "203.0.113.20"
    result = gateway(base_topology, base_zones, ["external_firewall", "internal_firewall"])
    assert result["warnings"] == []
    inbound = where(result["rules"], ingress_zone="external", destination_addresses=["203.0.113.20/32"])
    assert 443 in ports(inbound)
    to_pool = where(
        result["rules"],
        ingress_zone="perimeter",
        egress_zone="internal",
        source_addresses=["203.0.113.20/32"],
        destination_addresses=FRONT_ENDS,
    )
    assert 443 in ports(to_pool)


def test_gateway_rules_have_exactly_the_design_fields(base_topology, base_zones):
    for rule in gateway(base_topology, base_zones, ["external_firewall", "internal_firewall"])["rules"]:
        assert GATEWAY_FIELDS <= set(rule), rule["name"]
        assert set(rule) - GATEWAY_FIELDS <= GATEWAY_EXTRAS, rule["name"]


def test_gateway_rule_names_are_unique(base_topology, base_zones):
    names = [r["name"] for r in gateway(base_topology, base_zones, ["external_firewall", "internal_firewall"])["rules"]]
    assert len(names) == len(set(names))


def test_gateway_view_without_legacy_federation_forwards_no_udp_media(base_topology, base_zones):
    rules = gateway(base_topology, base_zones, ["external_firewall"])["rules"]
    assert not where(opening(rules, "50000-59999"), protocol="udp")


def test_gateway_view_with_legacy_federation_forwards_media_inbound(base_topology, base_zones):
    rules = gateway(
        base_topology, base_zones, ["external_firewall"], features={"federation": True, "federation_legacy": True}
    )["rules"]
    inbound = where(opening(rules, "50000-59999"), ingress_zone="external", destination_addresses=[AV])
    assert {rule["protocol"] for rule in inbound} == {"tcp", "udp"}


# ---- determinism ----------------------------------------------------------------------------------


def test_resolving_twice_gives_identical_output(base_topology):
    first = resolve(roles=EDGE_ROLES, topology=base_topology, features={"federation": True})
    second = resolve(roles=EDGE_ROLES, topology=copy.deepcopy(base_topology), features={"federation": True})
    assert first == second
    assert json.dumps(first) == json.dumps(second)


def test_output_is_json_serialisable(base_topology, base_zones):
    json.dumps(resolve(roles=EDGE_ROLES, topology=base_topology))
    json.dumps(gateway(base_topology, base_zones, ["external_firewall", "internal_firewall"]))


def _reordered(topology):
    """The same topology, keys in reverse order, every address list reversed."""
    return {
        key: list(reversed(value)) if isinstance(value, list) else value
        for key, value in reversed(list(topology.items()))
    }


def test_topology_and_address_order_do_not_change_host_rules(base_topology):
    base_topology["front_end"] = ["10.1.0.10", "10.1.0.11", "10.1.0.12"]
    features = {"federation": True, "public_im": True}
    expected = resolve(roles=EDGE_ROLES, topology=base_topology, features=features)
    got = resolve(roles=EDGE_ROLES, topology=_reordered(base_topology), features=dict(reversed(list(features.items()))))
    assert json.dumps(got) == json.dumps(expected)


@pytest.mark.parametrize("roles", list(itertools.permutations(EDGE_ROLES)))
def test_role_order_does_not_change_host_rules(base_topology, roles):
    expected = resolve(roles=EDGE_ROLES, topology=base_topology)
    assert json.dumps(resolve(roles=list(roles), topology=base_topology)) == json.dumps(expected)


def test_topology_zone_and_address_order_do_not_change_gateway_rules(base_topology, base_zones):
    roles = ["external_firewall", "internal_firewall"]
    expected = gateway(base_topology, base_zones, roles)
    zones = {key: list(reversed(value)) for key, value in reversed(list(base_zones.items()))}
    got = gateway(_reordered(base_topology), zones, list(reversed(roles)))
    assert json.dumps(got) == json.dumps(expected)


def test_resolve_does_not_modify_its_inputs(base_topology, base_zones):
    topology, zones = copy.deepcopy(base_topology), copy.deepcopy(base_zones)
    features, media = {"federation": True}, {"client": "20000-20099"}
    resolve(roles=EDGE_ROLES, topology=topology, features=features, media_ports=media)
    gateway(topology, zones, ["external_firewall"], features=features)
    assert (topology, zones, features, media) == (
        base_topology,
        base_zones,
        {"federation": True},
        {"client": "20000-20099"},
    )


# ---- deployment_flows (port matrix) -------------------------------------------------------------


def test_port_matrix_lists_deployed_enabled_flows_with_addresses(base_topology):
    rows = {row["id"]: row for row in deployment_flows(topology=base_topology, features={"federation": True})}
    row = rows["access_edge.internal.sip_mtls_from_front_end"]
    assert (row["from_addresses"], row["to_addresses"]) == (FRONT_ENDS, [EDGE_INTERNAL])
    assert rows["av_edge.external.stun_tcp_to_partner"]["source_ports"] == ["50000-59999"]


def test_port_matrix_leaves_out_flows_of_undeployed_classes(base_topology):
    ids = {row["id"] for row in deployment_flows(topology=base_topology, features={"enterprise_voice": True})}
    assert not [i for i in ids if i.startswith("mediation.")]
    assert not [i for i in ids if "director" in i]


def test_port_matrix_leaves_out_disabled_features(base_topology):
    ids = {row["id"] for row in deployment_flows(topology=base_topology)}
    assert "av_edge.external.stun_tcp_to_partner" not in ids
    assert "access_edge.external.sip_mtls_from_partner" not in ids


def test_port_matrix_uses_configured_media_ranges(base_topology):
    rows = deployment_flows(topology=base_topology, media_ports={"client": "20000-20099"})
    (row,) = [r for r in rows if r["id"] == "client.media_udp"]
    assert row["ports"] == ["20000-20099"]


# ---- resolve_ipsec_exemptions -------------------------------------------------------------------


def _ipsec(topology, **kwargs):
    return {row["name"]: row for row in resolve_ipsec_exemptions(topology=topology, **kwargs)}


def test_ipsec_clients_row_is_udp_from_the_client_media_range(base_topology):
    row = _ipsec(base_topology, media_ports={"client": "20000-20099"})["Clients"]
    assert row["protocols"] == ["udp"]
    assert row["source_ports"] == ["20000-20099"]
    assert (row["source_addresses"], row["destination_addresses"]) == ([], [])


def test_ipsec_clients_row_defaults_to_1024_65535(base_topology):
    assert _ipsec(base_topology)["Clients"]["source_ports"] == ["1024-65535"]


def test_ipsec_rows_of_undeployed_classes_are_left_out(base_topology):
    names = set(_ipsec(base_topology))
    assert not {"Mediation Server Inbound", "Mediation Server Outbound"} & names
    assert not {"Exchange Inbound", "Exchange Outbound"} & names


def test_ipsec_rows_of_a_deployed_mediation_server_carry_its_addresses(base_topology):
    base_topology["mediation"] = "10.3.0.10"
    rows = _ipsec(base_topology, features={"enterprise_voice": True})
    assert rows["Mediation Server Inbound"]["destination_addresses"] == ["10.3.0.10/32"]
    assert rows["Mediation Server Outbound"]["source_addresses"] == ["10.3.0.10/32"]


def test_ipsec_av_edge_rows_use_the_edge_addresses(base_topology):
    rows = _ipsec(base_topology)
    assert rows["A/V Edge Server External Inbound"]["destination_addresses"] == [AV]
    assert rows["A/V Edge Server Internal Outbound"]["source_addresses"] == [EDGE_INTERNAL]
    assert set(rows["A/V Edge Server Internal Inbound"]["protocols"]) == {"udp", "tcp"}


def test_ipsec_rows_for_a_front_end_host_keep_its_own_rows(base_topology):
    names = set(_ipsec(base_topology, roles=["front_end"]))
    assert {"A/V Conferencing Inbound", "A/V Conferencing Server Outbound"} <= names
    assert not [name for name in names if name.startswith("A/V Edge")]


@pytest.mark.parametrize("roles", [EDGE_ROLES, ["front_end"], ["mediation"], ["reverse_proxy"]])
def test_ipsec_clients_row_is_never_on_a_server(base_topology, roles):
    base_topology.update(mediation="10.3.0.10", reverse_proxy="203.0.113.20")
    assert "Clients" not in _ipsec(base_topology, roles=roles, features={"enterprise_voice": True})


def test_ipsec_clients_row_on_a_client_uses_its_own_media_range(base_topology):
    rows = _ipsec(base_topology, roles=["client"], host_media_ports={"client": "20000-20099"})
    assert rows["Clients"]["source_ports"] == ["20000-20099"]


def test_ipsec_av_conferencing_rows_fall_back_to_the_front_end_addresses(base_topology):
    rows = _ipsec(base_topology)
    assert rows["A/V Conferencing Inbound"]["destination_addresses"] == FRONT_ENDS


def test_ipsec_rows_follow_the_features(base_topology):
    base_topology["mediation"] = "10.3.0.10"
    without_voice = _ipsec(base_topology)
    assert "Mediation Server Inbound" not in without_voice
    assert "Conferencing Attendant Inbound" not in without_voice
    without_av = _ipsec(base_topology, features={"av": False})
    assert "Clients" not in without_av
    assert "A/V Edge Server External Inbound" not in without_av


def test_conferencing_attendant_rows_go_only_to_front_end_hosts(base_topology):
    features = {"enterprise_voice": True}
    edge = _ipsec(base_topology, roles=["av_edge"], features=features)
    front_end = _ipsec(base_topology, roles=["front_end"], features=features)
    assert "Conferencing Attendant Inbound" not in edge
    assert "Conferencing Attendant Inbound" in front_end
    assert "Conferencing Attendant Outbound" in front_end
