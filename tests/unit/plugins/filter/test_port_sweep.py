"""The sweep of the whole port space: what must get through from a probe place (sweep.py, the
ocs_port_sweep filter) and the verdict on observations (ocs_port_sweep_verdict). The probe script's nmap
XML reading is tested in tests/unit/roles/test_port_probe.py, the sweep table in
tests/unit/plugins/module_utils/test_report.py.

Facts from ../shared/reference/ocs-2007-r2-ports.md and DESIGN.md ("What a flow means"): the
Mediation Server opens TCP 5062 (A/V authentication) and UDP 3478 / TCP 443 (relay) to the A/V Edge's
internal address; the Edge's internal side opens only SIP (5061) to the Front End; internet hosts reach
443 on the three Edge external addresses, 5061 on the Access Edge and UDP 3478 on the A/V Edge.
"""

import copy

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.ocs.firewall.plugins.filter.ocs_port_sweep import FilterModule as SweepFilters
from ansible_collections.ocs.firewall.plugins.filter.ocs_port_sweep_verdict import FilterModule as VerdictFilters
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import deployment_flows
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.sweep import (
    NOT_IN_MODEL,
    compare_sweep,
    plan_sweep,
    sweep_summary,
)
from ansible_collections.ocs.firewall.tests.unit.deployments import LAB_TOPOLOGY

LAB_FEATURES = {"remote_access": True, "federation": True, "federation_legacy": False, "av": True,
                "enterprise_voice": True}
LAB_MEDIA = {"client": "1024-65535", "av_edge": "50000-59999", "mediation": "60000-64000"}
EDGE_INTERNAL = ["access_edge_internal", "webconf_edge_internal", "av_edge_internal"]


@pytest.fixture(scope="module")
def lab_flows():
    return deployment_flows(topology=copy.deepcopy(LAB_TOPOLOGY), features=LAB_FEATURES, media_ports=LAB_MEDIA)


def by_host(plan):
    return {r["host"]: r for r in plan}


def flows_at(record, protocol, port):
    for item in record[protocol]["flows"]:
        lo, _sep, hi = item["ports"].partition("-")
        if int(lo) <= port <= int(hi or lo):
            return item["flows"]
    return []


# ---- what must get through: from the model ------------------------------------------------------

def test_from_the_internet_only_the_edge_external_listeners_get_through(lab_flows):
    plan = by_host(plan_sweep(lab_flows, "remote_user"))
    assert sorted(plan) == sorted(["10.1.0.10", "10.1.0.20", "172.16.10.10", "203.0.113.10", "203.0.113.11",
                                   "203.0.113.12"])
    assert (plan["203.0.113.10"]["tcp"]["through"], plan["203.0.113.10"]["udp"]["through"]) == ("443,5061", "")
    assert (plan["203.0.113.11"]["tcp"]["through"], plan["203.0.113.11"]["udp"]["through"]) == ("443", "")
    assert (plan["203.0.113.12"]["tcp"]["through"], plan["203.0.113.12"]["udp"]["through"]) == ("443", "3478")
    for internal in ("10.1.0.10", "10.1.0.20", "172.16.10.10"):
        assert plan[internal]["tcp"]["through"] == plan[internal]["udp"]["through"] == ""
    # Federated partners share the internet with remote users: both flows open 5061.
    assert flows_at(plan["203.0.113.10"], "tcp", 5061) == [
        "access_edge.external.sip_mtls_from_partner", "access_edge.external.sip_mtls_from_remote_user"]


def test_the_mediation_server_reaches_the_av_edge_internal_address_for_auth_and_relay(lab_flows):
    plan = by_host(plan_sweep(lab_flows, "mediation"))
    edge = plan["172.16.10.10"]
    assert edge["tcp"]["through"] == "443,5062" and edge["udp"]["through"] == "3478"
    assert flows_at(edge, "tcp", 5062) == ["av_edge.internal.av_auth_from_mediation"]
    assert flows_at(edge, "udp", 3478) == ["av_edge.internal.stun_udp_from_mediation"]
    assert flows_at(edge, "tcp", 443) == ["av_edge.internal.stun_tcp_from_mediation"]
    assert "10.1.0.20" not in plan  # never its own address


def test_source_ports_do_not_narrow_what_gets_through(lab_flows):
    # mediation -> A/V Conferencing media carries source_ports 60000-64000; firewalld opens it for any
    # source port, and the sweep sends from ordinary ones.
    media = [f for f in lab_flows if f["id"] == "av_conferencing.media_from_mediation"]
    assert media and media[0]["source_ports"]
    plan = by_host(plan_sweep(lab_flows, "mediation"))
    assert plan["10.1.0.10"]["udp"]["through"] == ",".join(media[0]["ports"])


def test_the_edge_internal_side_opens_only_sip_into_the_internal_network(lab_flows):
    plan = by_host(plan_sweep(lab_flows, EDGE_INTERNAL, probe_address="172.16.10.10",
                              targets=["front_end", "av_conferencing", "mediation"]))
    assert sorted(plan) == ["10.1.0.10", "10.1.0.20"]
    assert plan["10.1.0.10"]["tcp"]["through"] == "5061" and plan["10.1.0.10"]["udp"]["through"] == ""
    assert plan["10.1.0.20"]["tcp"]["through"] == plan["10.1.0.20"]["udp"]["through"] == ""


def test_ranges_stay_ranges_and_flows_are_cut_where_they_change(lab_flows):
    plan = by_host(plan_sweep(lab_flows, "front_end"))
    edge = plan["172.16.10.10"]
    assert edge["tcp"]["through"] == "443,5061-5062,8057"
    assert [item["ports"] for item in edge["tcp"]["flows"]] == ["443", "5061", "5062", "8057"]
    mediation = plan["10.1.0.20"]
    assert mediation["udp"]["through"] == "60000-64000"


def test_protocols_and_ports_narrow_the_sweep(lab_flows):
    plan = by_host(plan_sweep(lab_flows, "remote_user", protocols=["udp"], ports="3000-4000"))
    assert "tcp" not in plan["203.0.113.12"] and plan["203.0.113.12"]["udp"]["through"] == "3478"
    assert plan["203.0.113.12"]["ports"] == "3000-4000"


@pytest.mark.parametrize("kwargs, message", [
    ({"probe_from": "nobody"}, "unknown endpoint class"),
    ({"probe_from": "remote_user", "protocols": ["icmp"]}, "not one of tcp, udp"),
    ({"probe_from": "remote_user", "ports": "0-10"}, "ports"),
    ({"probe_from": "remote_user", "ports": ""}, "ports is empty"),
    ({"probe_from": "remote_user", "probe_address": "10.0.0.0/8"}, "must be one address"),
])
def test_bad_input_is_named(lab_flows, kwargs, message):
    with pytest.raises(OcsModelError, match=message):
        plan_sweep(lab_flows, **kwargs)


# ---- the verdict --------------------------------------------------------------------------------

def observed_from(plan, **changes):
    """Observations that match the plan exactly, with per-host/protocol changes (host/proto -> ports)."""
    out = []
    for record in plan:
        item = {"host": record["host"]}
        for protocol in ("tcp", "udp"):
            if protocol in record:
                item[protocol] = {"through": changes.get(f"{record['host']}/{protocol}", record[protocol]["through"]),
                                  "states": {}}
        out.append(item)
    return out


def test_an_exact_sweep_is_ok_with_its_figures(lab_flows):
    plan = plan_sweep(lab_flows, "remote_user")
    rows = compare_sweep(plan, observed_from(plan))
    assert all(r["ok"] for r in rows) and len(rows) == 12
    summary = sweep_summary(rows)
    assert summary["pairs"] == 6 * 2 * 65535 and summary["through"] == 5 and summary["modelled"] == 5
    assert summary["ok"] and summary["extra"] == summary["missing"] == 0


def test_an_extra_port_is_named_not_in_the_model_and_a_blocked_one_by_its_flow(lab_flows):
    plan = plan_sweep(lab_flows, "mediation")
    rows = compare_sweep(plan, observed_from(plan, **{"172.16.10.10/tcp": "22,443", "172.16.10.10/udp": ""}))
    bad = {(r["host"], r["protocol"]): r for r in rows if not r["ok"]}
    assert set(bad) == {("172.16.10.10", "tcp"), ("172.16.10.10", "udp")}
    tcp, udp = bad[("172.16.10.10", "tcp")], bad[("172.16.10.10", "udp")]
    assert tcp["extra"] == [{"ports": "22", "flows": [NOT_IN_MODEL]}]
    assert tcp["missing"] == [{"ports": "5062", "flows": ["av_edge.internal.av_auth_from_mediation"]}]
    assert udp["missing"] == [{"ports": "3478", "flows": ["av_edge.internal.stun_udp_from_mediation"]}]
    summary = sweep_summary(rows)
    assert not summary["ok"] and summary["extra"] == 1 and summary["missing"] == 2


def test_a_whole_range_missing_is_one_range_not_thousands_of_ports(lab_flows):
    plan = plan_sweep(lab_flows, "mediation")
    rows = compare_sweep(plan, observed_from(plan, **{"10.1.0.10/udp": "49152-50000"}))
    bad = [r for r in rows if not r["ok"]]
    assert [m["ports"] for m in bad[0]["missing"]] == ["50001-65535"]


def test_an_address_not_swept_is_an_error_and_an_own_address_is_skipped(lab_flows):
    plan = plan_sweep(lab_flows, "remote_user")
    observed = [o for o in observed_from(plan) if o["host"] != "203.0.113.11"]
    observed = [dict(host=o["host"], skipped="own") if o["host"] == "10.1.0.20" else o for o in observed]
    rows = compare_sweep(plan, observed)
    errors = {r["host"] for r in rows if r.get("error")}
    skipped = {r["host"] for r in rows if r.get("skipped")}
    assert errors == {"203.0.113.11"} and skipped == {"10.1.0.20"}
    summary = sweep_summary(rows)
    assert not summary["ok"] and summary["skipped"] == ["10.1.0.20"] and summary["addresses"] == 4


def test_an_observation_outside_the_swept_ports_is_refused(lab_flows):
    plan = plan_sweep(lab_flows, "remote_user", ports="1-1000")
    with pytest.raises(OcsModelError, match="were not swept"):
        compare_sweep(plan, observed_from(plan, **{"203.0.113.10/tcp": "443,5061"}))


def test_the_filters_wrap_the_model(lab_flows):
    plan = SweepFilters().filters()["ocs_port_sweep"](lab_flows, "remote_user")
    verdict = VerdictFilters().filters()["ocs_port_sweep_verdict"](plan, {"results": observed_from(plan)}, place="x")
    assert verdict["summary"]["ok"] and verdict["summary"]["from"] == "x"
    with pytest.raises(AnsibleFilterError, match="ocs_port_sweep: unknown endpoint class"):
        SweepFilters().filters()["ocs_port_sweep"](lab_flows, "nobody")
