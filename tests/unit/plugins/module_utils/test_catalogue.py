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
    used = {feature for flow in cat.flows for feature in flow.features}
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
AV_EDGE_MEDIA_FLOWS = [f for f in OCS.flows if f.ports == "media:av_edge"]


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


def test_outbound_rtp_tcp_from_the_av_edge_does_not_need_legacy_federation():
    (flow,) = [f for f in AV_EDGE_MEDIA_FLOWS if f.source == "av_edge_external" and f.protocol == "tcp"]
    assert "federation_legacy" not in flow.features


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


@pytest.mark.parametrize("row", [r for r in OCS.ipsec_exemptions if r.name != "Clients"], ids=lambda r: r.id)
def test_ipsec_server_rows_are_udp_and_tcp_any_port(row):
    assert set(row.protocols) == {"udp", "tcp"}
    assert row.source_ports is None


def test_catalogue_module_exports_the_products():
    assert catalogue.PRODUCTS is PRODUCTS
