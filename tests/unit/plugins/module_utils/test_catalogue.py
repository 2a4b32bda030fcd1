"""Catalogue invariants (every product) and the OCS 2007 R2 facts of the reference table."""

import dataclasses
import re

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports import catalogue
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import (
    EVIDENCE_LEVELS,
    MEDIA_PREFIX,
    PRODUCTS,
    get_catalogue,
)
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.ranges import PortSet

ID_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
WHOLE_PROTOCOL = PortSet.parse("1-65535")

# Every id the catalogues have ever published. Ids are never reused and never silently
# dropped: a removed id must be listed in the catalogue's retired_ids. Add new ids here
# when a flow or IPsec row is added.
PUBLISHED_IDS = {
    "ocs2007r2": frozenset(
        {
            "access_edge.external.sip_mtls_from_partner",
            "av_edge.external.stun_tcp_to_remote_user",
            "av_edge.external.stun_udp_to_remote_user",
            "av_edge.internal.stun_tcp_to_client",
            "av_edge.internal.stun_tcp_to_av_conferencing",
            "director.https_from_client",
            "access_edge.external.sip_mtls_from_public_im",
            "access_edge.external.sip_mtls_to_partner",
            "access_edge.external.sip_mtls_to_public_im",
            "access_edge.external.sip_tls_from_remote_user",
            "access_edge.internal.sip_mtls_from_director",
            "access_edge.internal.sip_mtls_from_front_end",
            "access_edge.internal.sip_mtls_to_director",
            "access_edge.internal.sip_mtls_to_front_end",
            "av_edge.external.rtp_tcp_from_legacy_partner",
            "av_edge.external.rtp_tcp_to_partner",
            "av_edge.external.rtp_udp_from_legacy_partner",
            "av_edge.external.rtp_udp_to_legacy_partner",
            "av_edge.external.stun_tcp_from_partner",
            "av_edge.external.stun_tcp_from_remote_user",
            "av_edge.external.stun_tcp_to_partner",
            "av_edge.external.stun_udp_from_partner",
            "av_edge.external.stun_udp_from_remote_user",
            "av_edge.external.stun_udp_to_partner",
            "av_edge.internal.av_auth_from_front_end",
            "av_edge.internal.stun_tcp_from_av_conferencing",
            "av_edge.internal.stun_tcp_from_client",
            "av_edge.internal.stun_udp_from_av_conferencing",
            "av_edge.internal.stun_udp_from_client",
            "av_edge.internal.stun_udp_to_av_conferencing",
            "av_edge.internal.stun_udp_to_client",
            "client.file_transfer",
            "client.media_tcp",
            "client.media_udp",
            "director.sip_mtls_from_front_end",
            "director.sip_mtls_to_front_end",
            "director.sip_tls_from_client",
            "front_end.application_sharing",
            "front_end.av_conferencing",
            "front_end.av_conferencing_media_from_client",
            "front_end.conferencing_announcement",
            "front_end.conferencing_attendant",
            "front_end.dcom_rpc",
            "front_end.focus_https",
            "front_end.http_web_farm",
            "front_end.https_from_client",
            "front_end.https_web_farm",
            "front_end.im_conferencing",
            "front_end.outside_voice_control",
            "front_end.psom_from_client",
            "front_end.qoe_agent",
            "front_end.response_group",
            "front_end.response_group_remoting",
            "front_end.sip_mtls_pool",
            "front_end.sip_tcp_from_client",
            "front_end.sip_tcp_pool",
            "front_end.sip_tls_from_client",
            "front_end.telephony_conferencing",
            "mediation.media_from_gateway",
            "mediation.media_to_gateway",
            "mediation.sip_from_gateway",
            "mediation.sip_mtls_from_front_end",
            "mediation.sip_mtls_to_front_end",
            "mediation.sip_to_gateway",
            "reverse_proxy.https_from_remote_user",
            "reverse_proxy.https_to_front_end",
            "webconf_edge.external.psom_tls_from_remote_user",
            "webconf_edge.internal.psom_mtls_from_front_end",
            # 0.2.0: the review of 2026-12 (missing rows M1-M14 and corrected rows)
            "access_edge.external.sip_mtls_from_remote_user",
            "access_edge.external.dns_udp_to_internet",
            "access_edge.external.dns_tcp_to_internet",
            "access_edge.external.crl_http_to_internet",
            "access_edge.internal.sip_mtls_from_xmpp_gateway",
            "access_edge.internal.sip_mtls_to_xmpp_gateway",
            "xmpp_gateway.xmpp_from_partner",
            "xmpp_gateway.xmpp_to_partner",
            "av_edge.external.rtp_tcp_to_legacy_partner",
            "av_edge.internal.av_auth_from_mediation",
            "av_edge.internal.stun_udp_from_mediation",
            "av_edge.internal.stun_tcp_from_mediation",
            "av_conferencing.sip_from_front_end",
            "av_conferencing.focus_https_from_front_end",
            "av_conferencing.focus_https_to_front_end",
            "av_conferencing.media_tcp_from_client",
            "av_conferencing.media_from_mediation",
            "mediation.srtp_to_gateway",
            "mediation.media_from_client",
            "mediation.media_to_client",
            "mediation.media_from_av_conferencing",
            "mediation.media_from_exchange_um",
            "exchange_um.sip_mtls_from_front_end",
            "exchange_um.sip_mtls_to_front_end",
            "exchange_um.sip_tcp_from_front_end",
            "exchange_um.media_from_client",
            "exchange_um.media_to_client",
            "exchange_um.media_from_mediation",
            "communicator_web_access.https_from_client",
            "communicator_web_access.https_from_reverse_proxy",
            "communicator_web_access.sip_mtls_to_front_end",
            "archiving.msmq_from_front_end",
            "archiving.msmq_rpc_from_front_end",
            "archiving.sql_to_back_end",
            "monitoring.msmq_from_front_end",
            "monitoring.msmq_rpc_from_front_end",
            "monitoring.msmq_from_mediation",
            "monitoring.msmq_rpc_from_mediation",
            "monitoring.sql_to_back_end",
            "back_end_sql.sql_from_front_end",
            "back_end_sql.sql_browser_from_front_end",
            "group_chat.sip_mtls_from_front_end",
            "group_chat.sip_mtls_to_front_end",
            "group_chat.sql_to_back_end",
            # IPsec exceptions (TN-dd425136 Table 1)
            "ipsec.av_conferencing_in",
            "ipsec.av_conferencing_out",
            "ipsec.av_edge_external_in",
            "ipsec.av_edge_external_out",
            "ipsec.av_edge_internal_in",
            "ipsec.av_edge_internal_out",
            "ipsec.clients",
            "ipsec.conferencing_attendant_in",
            "ipsec.conferencing_attendant_out",
            "ipsec.exchange_um_in",
            "ipsec.exchange_um_out",
            "ipsec.mediation_in",
            "ipsec.mediation_out",
        }
    ),
}

CATALOGUES = sorted(PRODUCTS.values(), key=lambda cat: cat.product)
FLOWS = [(cat, flow) for cat in CATALOGUES for flow in cat.flows]
FLOW_IDS = [f"{cat.product}:{flow.id}" for cat, flow in FLOWS]
IPSEC_ROWS = [(cat, row) for cat in CATALOGUES for row in cat.ipsec_exemptions]
IPSEC_IDS = [f"{cat.product}:{row.id}" for cat, row in IPSEC_ROWS]
PRODUCT_IDS = [cat.product for cat in CATALOGUES]

OCS = PRODUCTS["ocs2007r2"]


def default_ports(cat, spec):
    """A flow's port spec with the catalogue's default media ranges."""
    if spec.startswith(MEDIA_PREFIX):
        return PortSet.parse(cat.media_ports[spec[len(MEDIA_PREFIX) :]][0])
    return PortSet.parse(spec)


def all_ids(cat):
    return [flow.id for flow in cat.flows] + [row.id for row in cat.ipsec_exemptions]


# ---- the product registry ------------------------------------------------------------------


def test_ocs_2007_r2_is_a_product():
    assert "ocs2007r2" in PRODUCTS
    assert get_catalogue("ocs2007r2") is PRODUCTS["ocs2007r2"]


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_product_key_is_the_catalogues_product_name(cat):
    assert PRODUCTS[cat.product] is cat


def test_unknown_product_is_rejected_listing_the_valid_ones():
    with pytest.raises(OcsModelError) as exc:
        get_catalogue("lync2010")
    assert "'lync2010'" in str(exc.value)
    assert "ocs2007r2" in str(exc.value)


# ---- ids ------------------------------------------------------------------------------------


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_ids_are_unique_within_a_product(cat):
    ids = all_ids(cat)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates


@pytest.mark.parametrize("cat, flow", FLOWS, ids=FLOW_IDS)
def test_flow_id_is_dotted_lower_case(cat, flow):
    assert ID_PATTERN.match(flow.id)


@pytest.mark.parametrize("cat, row", IPSEC_ROWS, ids=IPSEC_IDS)
def test_ipsec_row_id_is_dotted_lower_case(cat, row):
    assert ID_PATTERN.match(row.id)


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_every_product_has_its_published_ids_pinned_in_this_file(cat):
    assert cat.product in PUBLISHED_IDS, f"add {cat.product}'s ids to PUBLISHED_IDS"


@pytest.mark.parametrize("product", sorted(PUBLISHED_IDS))
def test_published_ids_never_disappear_unless_retired(product):
    cat = PRODUCTS[product]
    gone = PUBLISHED_IDS[product] - set(all_ids(cat)) - set(cat.retired_ids)
    assert not gone, f"ids removed from {product} without being listed in retired_ids: {sorted(gone)}"


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_every_live_and_retired_id_is_pinned_as_published(cat):
    unpinned = (set(all_ids(cat)) | set(cat.retired_ids)) - PUBLISHED_IDS[cat.product]
    assert not unpinned, f"new ids of {cat.product}: add them to PUBLISHED_IDS: {sorted(unpinned)}"


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_retired_ids_are_never_reused(cat):
    reused = set(cat.retired_ids) & set(all_ids(cat))
    assert not reused


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_lookup_by_flow_id_finds_the_flow(cat):
    for flow in cat.flows:
        assert cat.flow(flow.id) is flow


def test_lookup_of_an_unknown_flow_id_names_it():
    with pytest.raises(OcsModelError, match="no.such.flow"):
        OCS.flow("no.such.flow")


# ---- every flow ---------------------------------------------------------------------------


@pytest.mark.parametrize("cat, flow", FLOWS, ids=FLOW_IDS)
def test_flow_cites_a_known_reference(cat, flow):
    assert flow.reference in cat.references


@pytest.mark.parametrize("cat, flow", FLOWS, ids=FLOW_IDS)
def test_flow_has_a_known_evidence_level(cat, flow):
    assert flow.evidence in EVIDENCE_LEVELS


@pytest.mark.parametrize("cat, flow", FLOWS, ids=FLOW_IDS)
def test_flow_protocol_is_tcp_or_udp(cat, flow):
    assert flow.protocol in ("tcp", "udp")


@pytest.mark.parametrize("cat, flow", FLOWS, ids=FLOW_IDS)
def test_flow_endpoints_are_known_classes(cat, flow):
    assert flow.source in cat.endpoint_classes
    assert flow.destination in cat.endpoint_classes


@pytest.mark.parametrize("cat, flow", FLOWS, ids=FLOW_IDS)
def test_flow_features_are_known(cat, flow):
    assert isinstance(flow.features, tuple)
    assert set(flow.features) <= set(cat.features)


@pytest.mark.parametrize("cat, flow", FLOWS, ids=FLOW_IDS)
def test_flow_ports_are_a_literal_spec_or_a_known_media_key(cat, flow):
    for spec in filter(None, (flow.ports, flow.source_ports)):
        if spec.startswith(MEDIA_PREFIX):
            assert spec[len(MEDIA_PREFIX) :] in cat.media_ports
        else:
            assert PortSet.parse(spec).to_strings() == spec.split(",")  # literal and canonical


@pytest.mark.parametrize("cat, flow", FLOWS, ids=FLOW_IDS)
def test_no_flow_opens_a_whole_protocol(cat, flow):
    assert default_ports(cat, flow.ports) != WHOLE_PROTOCOL


@pytest.mark.parametrize("cat, flow", FLOWS, ids=FLOW_IDS)
def test_flow_has_a_purpose(cat, flow):
    assert flow.purpose.strip()


@pytest.mark.parametrize("cat, flow", FLOWS, ids=FLOW_IDS)
def test_flow_ipsec_exempt_is_a_bool(cat, flow):
    assert isinstance(flow.ipsec_exempt, bool)


@pytest.mark.parametrize("cat, flow", FLOWS, ids=FLOW_IDS)
def test_flow_any_features_are_known_and_not_also_required(cat, flow):
    assert isinstance(flow.any_features, tuple)
    assert set(flow.any_features) <= set(cat.features)
    assert len(flow.any_features) != 1, "one 'any of' feature is a required feature: put it in features"
    assert not set(flow.any_features) & set(flow.features)


# ---- the flow rule: opener -> listener, ports are the listener's (catalogue docstring) ---------


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_every_media_range_has_an_owner_class(cat):
    assert set(cat.media_owners) == set(cat.media_ports)
    assert set(cat.media_owners.values()) <= set(cat.endpoint_classes)


def _owner_matches(cat, spec, endpoint_class):
    owner = cat.media_owners[spec[len(MEDIA_PREFIX) :]]
    # A class collocated on another (av_conferencing on the Front End) owns its own range only.
    return owner == endpoint_class


@pytest.mark.parametrize("cat, flow", FLOWS, ids=FLOW_IDS)
def test_destination_ports_name_only_the_listeners_own_media_range(cat, flow):
    if flow.ports.startswith(MEDIA_PREFIX):
        assert _owner_matches(cat, flow.ports, flow.destination), (
            f"{flow.id}: {flow.ports} is {cat.media_owners[flow.ports[len(MEDIA_PREFIX):]]}'s range, "
            f"but the listener is {flow.destination}"
        )


@pytest.mark.parametrize("cat, flow", FLOWS, ids=FLOW_IDS)
def test_source_ports_name_only_the_openers_own_ports(cat, flow):
    if not flow.source_ports:
        return
    if flow.source_ports.startswith(MEDIA_PREFIX):
        assert _owner_matches(cat, flow.source_ports, flow.source), flow.id
    else:  # a literal source port is one the opener also listens on (Edge to Edge 3478 -> 3478)
        listened = PortSet()
        for other in cat.flows:
            if other.destination == flow.source and other.protocol == flow.protocol:
                listened = listened | default_ports(cat, other.ports)
        assert not PortSet.parse(flow.source_ports) - listened, flow.id


@pytest.mark.parametrize("cat, flow", FLOWS, ids=FLOW_IDS)
def test_a_client_is_never_the_listener_on_a_server_port(cat, flow):
    if flow.destination in cat.client_classes:
        assert flow.ports in cat.client_listening_ports, (
            f"{flow.id} has a client ({flow.destination}) listen on {flow.ports}; clients listen only on "
            f"{', '.join(cat.client_listening_ports)}: replies to a client ride on connection state"
        )


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_retired_ids_say_why(cat):
    assert isinstance(cat.retired_ids, dict)
    for flow_id, why in cat.retired_ids.items():
        assert ID_PATTERN.match(flow_id) and why.strip(), flow_id


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_recorded_changes_name_live_ids(cat):
    live = set(all_ids(cat))
    for version, flow_id, what in cat.changes:
        assert re.match(r"^\d+\.\d+\.\d+$", version) and what.strip(), flow_id
        assert flow_id in live, f"change recorded for {flow_id}, which is not a live id"


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_no_two_flows_are_the_same_row(cat):
    rows = [(f.source, f.destination, f.protocol, f.ports, f.source_ports, f.features) for f in cat.flows]
    assert len(rows) == len(set(rows))


def test_flows_are_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        OCS.flows[0].ports = "1-65535"
    assert isinstance(OCS.flows, tuple)


# ---- the catalogue's other tables ------------------------------------------------------------


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_references_have_a_title_and_an_https_url(cat):
    for key, (title, url) in cat.references.items():
        assert title.strip(), key
        assert url.startswith("https://"), key


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_every_server_roles_classes_exist(cat):
    for role, classes in cat.server_roles.items():
        assert classes, role
        assert set(classes) <= set(cat.endpoint_classes), role


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_gateway_roles_sit_between_two_known_zones(cat):
    for role, zones in cat.gateway_roles.items():
        assert len(zones) == 2, role
        assert set(zones) <= set(cat.zones), role


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_server_and_gateway_role_names_do_not_collide(cat):
    assert not set(cat.server_roles) & set(cat.gateway_roles)


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_endpoint_class_sides_and_fallbacks_are_valid(cat):
    topology_keys = set(cat.endpoint_classes) | set(cat.shared_address_keys)
    for name, spec in cat.endpoint_classes.items():
        assert spec.name == name
        assert spec.side in (None, "external", "internal"), name
        assert spec.fallback is None or spec.fallback in topology_keys, name
        if spec.external_peer:
            assert spec.side is None, name
        if name.endswith("_external"):
            assert spec.side == "external", name
        if name.endswith("_internal") and name != "internal_client":
            assert spec.side == "internal", name


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_shared_address_keys_are_not_endpoint_classes(cat):
    assert not set(cat.shared_address_keys) & set(cat.endpoint_classes)


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_feature_defaults_are_bools_and_requirements_known(cat):
    for name, (default, description) in cat.features.items():
        assert isinstance(default, bool), name
        assert description.strip(), name
    for name, needs in cat.feature_requires.items():
        assert name in cat.features
        assert set(needs) <= set(cat.features), name


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_default_features_satisfy_their_own_requirements(cat):
    defaults = {name: default for name, (default, _doc) in cat.features.items()}
    for name, needs in cat.feature_requires.items():
        if defaults[name]:
            assert all(defaults[need] for need in needs), name


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_every_feature_switches_at_least_one_flow(cat):
    used = {feature for flow in cat.flows for feature in flow.features + flow.any_features}
    assert set(cat.features) <= used


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_media_defaults_parse_and_never_open_a_whole_protocol(cat):
    for key, (default, description) in cat.media_ports.items():
        assert PortSet.parse(default) != WHOLE_PROTOCOL, key
        assert description.strip(), key


@pytest.mark.parametrize("cat", CATALOGUES, ids=PRODUCT_IDS)
def test_every_media_key_is_used(cat):
    specs = [f.ports for f in cat.flows] + [f.source_ports for f in cat.flows]
    specs += [row.source_ports for row in cat.ipsec_exemptions]
    used = {s[len(MEDIA_PREFIX) :] for s in specs if s and s.startswith(MEDIA_PREFIX)}
    assert set(cat.media_ports) <= used


@pytest.mark.parametrize("cat, row", IPSEC_ROWS, ids=IPSEC_IDS)
def test_ipsec_row_references_known_classes(cat, row):
    for endpoint in (row.source, row.destination):
        assert endpoint is None or endpoint in cat.endpoint_classes


@pytest.mark.parametrize("cat, row", IPSEC_ROWS, ids=IPSEC_IDS)
def test_ipsec_row_protocols_ports_reference_and_evidence_are_valid(cat, row):
    assert row.protocols and set(row.protocols) <= {"tcp", "udp"}
    if row.source_ports:
        assert row.source_ports.startswith(MEDIA_PREFIX)
        assert row.source_ports[len(MEDIA_PREFIX) :] in cat.media_ports
    assert row.reference in cat.references
    assert row.evidence in EVIDENCE_LEVELS
    assert row.name.strip()


# ---- OCS 2007 R2 facts (../shared/reference/ocs-2007-r2-ports.md) --------------------------

EXTERNAL_CLASSES = sorted(name for name, spec in OCS.endpoint_classes.items() if name.endswith("_external"))
FLOWS_ON_AN_EXTERNAL_CLASS = [f for f in OCS.flows if f.source in EXTERNAL_CLASSES or f.destination in EXTERNAL_CLASSES]
AV_EDGE_RANGE = PortSet.parse("50000-59999")
# Rows whose destination ports are an A/V Edge media range (ours or a partner's): R1 federation only.
AV_EDGE_MEDIA_FLOWS = [
    f for f in OCS.flows
    if {f.source, f.destination} == {"av_edge_external", "federated_partner"} and default_ports(OCS, f.ports) == AV_EDGE_RANGE
]


def test_every_external_class_is_an_edge_external_interface():
    assert EXTERNAL_CLASSES == ["access_edge_external", "av_edge_external", "webconf_edge_external"]


@pytest.mark.parametrize("port", [8057, 5062])
@pytest.mark.parametrize("flow", FLOWS_ON_AN_EXTERNAL_CLASS, ids=lambda f: f.id)
def test_internal_only_ports_never_appear_on_an_external_class(flow, port):
    assert port not in default_ports(OCS, flow.ports)


def test_av_edge_media_range_defaults_to_50000_59999():
    assert OCS.media_ports["av_edge"][0] == "50000-59999"


def test_av_edge_media_rows_cover_tcp_and_udp_both_ways():
    shapes = {("in" if f.destination == "av_edge_external" else "out", f.protocol) for f in AV_EDGE_MEDIA_FLOWS}
    assert shapes == {("out", "tcp"), ("in", "tcp"), ("in", "udp"), ("out", "udp")}
    assert all("av_edge_external" in (f.source, f.destination) for f in AV_EDGE_MEDIA_FLOWS)
    assert all(f.source == "federated_partner" or f.destination == "federated_partner" for f in AV_EDGE_MEDIA_FLOWS)


@pytest.mark.parametrize("flow", AV_EDGE_MEDIA_FLOWS, ids=lambda f: f.id)
def test_av_edge_media_rows_depend_on_av_and_federation(flow):
    assert {"av", "federation"} <= set(flow.features)


@pytest.mark.parametrize(
    "flow",
    [f for f in AV_EDGE_MEDIA_FLOWS if f.destination == "av_edge_external" or f.protocol == "udp"],
    ids=lambda f: f.id,
)
def test_inbound_and_udp_av_edge_media_rows_need_legacy_federation(flow):
    assert "federation_legacy" in flow.features


def test_r2_federation_uses_the_av_edge_range_only_as_source_ports_towards_a_partners_tcp_443():
    flow = OCS.flow("av_edge.external.stun_tcp_to_partner")
    assert (flow.destination, flow.protocol, flow.ports) == ("federated_partner", "tcp", "443")
    assert flow.source_ports == "media:av_edge"
    assert "federation_legacy" not in flow.features


def test_edge_to_edge_stun_goes_from_3478_to_3478():
    flow = OCS.flow("av_edge.external.stun_udp_to_partner")
    assert (flow.protocol, flow.ports, flow.source_ports) == ("udp", "3478", "3478")


def test_no_flow_outside_legacy_federation_has_a_destination_in_the_av_edge_range():
    for flow in OCS.flows:
        if "federation_legacy" in flow.features or flow.destination in ("internal_client", "av_conferencing",
                                                                        "mediation", "pstn_gateway", "exchange_um"):
            continue  # media ranges of other classes overlap 50000-59999 by their own right
        assert not default_ports(OCS, flow.ports) & AV_EDGE_RANGE, flow.id


def test_file_transfer_is_tcp_6891_6901():
    flows = [f for f in OCS.flows if "file_transfer" in f.features]
    assert flows
    for flow in flows:
        assert (flow.protocol, flow.ports) == ("tcp", "6891-6901")


def test_client_media_range_defaults_to_1024_65535():
    assert OCS.media_ports["client"][0] == "1024-65535"


def test_mediation_media_range_defaults_to_60000_64000():
    assert OCS.media_ports["mediation"][0] == "60000-64000"


def _is_av_edge_mediation_or_client_media(flow):
    classes = {flow.source, flow.destination}
    return (
        any(c.startswith("av_edge_") for c in classes) or "mediation" in classes or flow.ports.startswith(MEDIA_PREFIX)
    )


@pytest.mark.parametrize(
    "flow",
    [
        pytest.param(f, id=f.id)
        for f in OCS.flows
        if _is_av_edge_mediation_or_client_media(f)
    ],
)
def test_av_edge_mediation_and_media_flows_are_ipsec_exempt(flow):
    assert flow.ipsec_exempt


def test_ipsec_table_has_the_thirteen_rows_of_table_1():
    assert len(OCS.ipsec_exemptions) == 13
    assert all(row.reference == "TN-dd425136" for row in OCS.ipsec_exemptions)


def test_ipsec_clients_row_is_udp_from_the_client_media_range():
    (row,) = [r for r in OCS.ipsec_exemptions if r.name == "Clients"]
    assert row.protocols == ("udp",)
    assert row.source_ports == "media:client"
    assert (row.source, row.destination) == (None, None)


def test_ipsec_clients_row_is_meant_for_client_computers_only():
    (row,) = [r for r in OCS.ipsec_exemptions if r.name == "Clients"]
    assert row.hosts == ("internal_client",)


@pytest.mark.parametrize("row", [r for r in OCS.ipsec_exemptions if r.name != "Clients"], ids=lambda r: r.id)
def test_ipsec_server_rows_are_udp_and_tcp_any_port(row):
    assert set(row.protocols) == {"udp", "tcp"}
    assert row.source_ports is None


def test_catalogue_module_exports_the_products():
    assert catalogue.PRODUCTS is PRODUCTS


# ---- OCS 2007 R2: the review of 2026-12 (../shared/reference/ocs-2007-r2-review.md) ----------

EDGE_INTERNAL_CLASSES = ("access_edge_internal", "webconf_edge_internal", "av_edge_internal")
INTERNAL_CLASSES = [name for name, spec in OCS.endpoint_classes.items()
                    if not spec.external_peer and spec.side is None and name != "xmpp_gateway"]


def test_the_edge_opens_only_sip_5061_into_the_internal_network():
    outward = [f for f in OCS.flows if f.source in EDGE_INTERNAL_CLASSES and f.destination in INTERNAL_CLASSES]
    assert outward
    assert {(f.protocol, f.ports) for f in outward} == {("tcp", "5061")}


@pytest.mark.parametrize("flow", [f for f in OCS.flows if f.protocol == "udp" and "3478" in f.ports.split(",")],
                         ids=lambda f: f.id)
def test_udp_3478_is_only_ever_an_av_edge_or_a_partners_listening_port(flow):
    assert flow.destination in ("av_edge_external", "av_edge_internal", "federated_partner")


@pytest.mark.parametrize("flow_id", sorted(OCS.retired_ids))
def test_wrong_rows_of_the_review_are_retired_not_kept(flow_id):
    assert flow_id not in {f.id for f in OCS.flows}


def test_mediation_media_goes_both_ways_with_clients_from_its_own_range():
    inbound, outbound = OCS.flow("mediation.media_from_client"), OCS.flow("mediation.media_to_client")
    assert (inbound.source, inbound.destination, inbound.protocol, inbound.ports) == (
        "internal_client", "mediation", "udp", "media:mediation")
    assert (outbound.destination, outbound.ports, outbound.source_ports) == (
        "internal_client", "media:client", "media:mediation")


def test_mediation_media_to_the_gateway_goes_from_its_range_to_the_gateways():
    flow = OCS.flow("mediation.srtp_to_gateway")
    assert (flow.ports, flow.source_ports) == ("media:pstn_gateway", "media:mediation")


@pytest.mark.parametrize("flow_id, protocol, port", [
    ("av_edge.internal.av_auth_from_mediation", "tcp", "5062"),
    ("av_edge.internal.stun_udp_from_mediation", "udp", "3478"),
    ("av_edge.internal.stun_tcp_from_mediation", "tcp", "443"),
])
def test_mediation_reaches_the_av_edge_for_authentication_and_relay(flow_id, protocol, port):
    flow = OCS.flow(flow_id)
    assert (flow.source, flow.destination, flow.protocol, flow.ports) == ("mediation", "av_edge_internal", protocol, port)
    assert set(flow.features) == {"enterprise_voice", "av"}


def test_mediation_media_goes_both_ways_with_the_av_conferencing_server():
    assert OCS.flow("av_conferencing.media_from_mediation").ports == "media:av_conferencing"
    assert OCS.flow("mediation.media_from_av_conferencing").ports == "media:mediation"


def test_clients_send_tcp_media_to_the_av_conferencing_server():
    flow = OCS.flow("av_conferencing.media_tcp_from_client")
    assert (flow.source, flow.protocol, flow.ports) == ("internal_client", "tcp", "media:av_conferencing")


def test_a_separate_av_conferencing_server_gets_5063_and_444_from_the_pool():
    ports = {(f.source, f.destination, f.ports) for f in OCS.flows if f.id.startswith("av_conferencing.")}
    assert {("front_end", "av_conferencing", "5063"), ("front_end", "av_conferencing", "444"),
            ("av_conferencing", "front_end", "444")} <= ports


def test_exchange_um_has_sip_and_media_flows():
    flows = [f for f in OCS.flows if "exchange_um" in (f.source, f.destination)]
    assert {("tcp", "5061"), ("tcp", "5060"), ("udp", "media:exchange_um")} <= {(f.protocol, f.ports) for f in flows}
    assert all("enterprise_voice" in f.features for f in flows)


def test_communicator_web_access_sits_behind_the_reverse_proxy_on_https():
    flow = OCS.flow("communicator_web_access.https_from_reverse_proxy")
    assert (flow.source, flow.protocol, flow.ports) == ("reverse_proxy", "tcp", "443")


@pytest.mark.parametrize("server", ["archiving", "monitoring"])
def test_archiving_and_monitoring_take_message_queuing_from_the_pool(server):
    assert OCS.flow(f"{server}.msmq_from_front_end").ports == "1801"


def test_the_pool_reaches_its_back_end_sql_server():
    assert OCS.flow("back_end_sql.sql_from_front_end").ports == "1433"


def test_access_edge_resolves_dns_and_checks_revocation_outbound():
    assert {OCS.flow(f"access_edge.external.{name}").ports for name in
            ("dns_udp_to_internet", "dns_tcp_to_internet", "crl_http_to_internet")} == {"53", "80"}


def test_remote_users_may_use_sip_5061_on_the_access_edge():
    flow = OCS.flow("access_edge.external.sip_mtls_from_remote_user")
    assert (flow.source, flow.ports, flow.features) == ("remote_user", "5061", ("remote_access",))


@pytest.mark.parametrize("flow_id", ["access_edge.external.sip_tls_from_remote_user",
                                     "reverse_proxy.https_from_remote_user", "reverse_proxy.https_to_front_end"])
def test_external_user_rows_serve_remote_or_conferencing_users(flow_id):
    flow = OCS.flow(flow_id)
    assert flow.features == () and set(flow.any_features) == {"remote_access", "web_conferencing"}


def test_xmpp_gateway_is_an_optional_add_on():
    flows = [f for f in OCS.flows if "xmpp_gateway" in (f.source, f.destination)]
    assert {f.ports for f in flows} == {"5269", "5061"}
    assert all("xmpp" in f.features for f in flows)
    assert OCS.features["xmpp"][0] is False


def test_telephony_conferencing_is_not_tied_to_enterprise_voice():
    assert OCS.flow("front_end.telephony_conferencing").features == ()
