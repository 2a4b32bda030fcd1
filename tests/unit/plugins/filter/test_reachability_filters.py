"""The report filters over report.py and render/report.py: ocs_reachability_report (one report for every
probe host, from the per-host values the port_check role records), to_reachability_table and
to_port_sweep_table (the text)."""


import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.ocs.firewall.plugins.filter.ocs_reachability_report import FilterModule as ReportFilters
from ansible_collections.ocs.firewall.plugins.filter.to_port_sweep_table import FilterModule as SweepTableFilters
from ansible_collections.ocs.firewall.plugins.filter.to_reachability_table import FilterModule as TableFilters
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render.report import (
    reachability_table,
    sweep_table,
)
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.report import NO_RESULT, reachability_report
from ansible_collections.ocs.firewall.tests.unit.ansible_values import LazyMapping, TaggedStr

ocs_reachability_report = ReportFilters().filters()["ocs_reachability_report"]
to_reachability_table = TableFilters().filters()["to_reachability_table"]
to_port_sweep_table = SweepTableFilters().filters()["to_port_sweep_table"]

RESULT = {"id": "open:203.0.113.10:tcp/443", "flow": "access_edge.external.sip_tls_from_remote_user",
          "flows": ["access_edge.external.sip_tls_from_remote_user"], "from": "remote_user",
          "to": "access_edge_external", "host": "203.0.113.10", "protocol": "tcp", "port": 443, "ports": "443",
          "expect": "open", "method": "tcp", "probe": "internet", "observed": "closed", "how": "refused", "ok": False}
SWEEP = {"probe": "internet",
         "rows": [{"probe": "internet", "from": "remote_user", "host": "203.0.113.12", "to": "av_edge_external",
                   "protocol": "udp", "swept": 65535, "expected": "3478", "observed": "3478", "extra": [], "missing": [],
                   "modelled": [{"ports": "3478", "flows": ["av_edge.external.stun_udp_from_remote_user"]}], "ok": True}],
         "summary": {"name": "internet (remote_user)", "pairs": 65535, "addresses": 1, "through": 1, "extra": 0,
                     "missing": 0, "seconds": 4.2, "skipped": [], "error": "", "ok": True}}


def test_each_filter_module_has_its_one_filter():
    assert list(ReportFilters().filters()) == ["ocs_reachability_report"]
    assert list(TableFilters().filters()) == ["to_reachability_table"]
    assert list(SweepTableFilters().filters()) == ["to_port_sweep_table"]


def test_the_table_filter_takes_lazy_containers_and_gives_the_renderers_text():
    assert to_reachability_table([LazyMapping(RESULT)], TaggedStr("Reachability")) == reachability_table(
        [RESULT], "Reachability")
    assert to_reachability_table([RESULT], "") == reachability_table([RESULT])


def test_the_sweep_table_filter_takes_lazy_containers_and_gives_the_renderers_text():
    lazy = LazyMapping(dict(SWEEP, rows=[LazyMapping(SWEEP["rows"][0])], summary=LazyMapping(SWEEP["summary"])))
    assert to_port_sweep_table([lazy], TaggedStr("Port sweep")) == sweep_table([SWEEP], "Port sweep")
    assert to_port_sweep_table([SWEEP]) == sweep_table([SWEEP])
    assert to_port_sweep_table([SWEEP]).splitlines()[-1] == (
        "sweep from internet (remote_user): 65,535 address/port pairs over 1 address(es), exactly 1 get through, "
        "all modelled in 4.2 s")


def test_the_report_filter_lines_up_one_value_per_host():
    report = ocs_reachability_report(
        ["internet", "edge", "mediation"],
        results=[[LazyMapping(RESULT)], None, [LazyMapping(dict(RESULT, probe="mediation", ok=True, observed="open"))]],
        errors=["", None, ""],
        listener_hosts=["fw"], listener_errors=["cannot start listeners on target fw"])
    assert report == reachability_report(
        [{"host": "internet", "results": [RESULT], "error": ""}, {"host": "edge", "results": None, "error": None},
         {"host": "mediation", "results": [dict(RESULT, probe="mediation", ok=True, observed="open")], "error": ""}],
        [{"host": "fw", "error": "cannot start listeners on target fw"}])
    assert report["probed"] == ["internet", "mediation"]
    assert report["errors"] == [f"edge: {NO_RESULT}", "fw: cannot start listeners on target fw"]
    assert report["verdict"] == (f"edge: {NO_RESULT}; fw: cannot start listeners on target fw. "
                                 "1 observation(s) differ from the model: internet open:203.0.113.10:tcp/443. ")


def test_omitted_lists_mean_nothing_recorded():
    assert ocs_reachability_report(["internet"]) == {
        "results": [], "probed": [], "errors": [f"internet: {NO_RESULT}"], "sweeps": [],
        "verdict": f"internet: {NO_RESULT}. "}


@pytest.mark.parametrize("call, message", [
    (lambda: ocs_reachability_report("internet"), "ocs_reachability_report: the probe hosts must be a list"),
    (lambda: ocs_reachability_report(["internet", "edge"], results=[[]]),
     "ocs_reachability_report: results must be a list with one value per host of the probe hosts (2)"),
    (lambda: ocs_reachability_report(["internet"], errors="down"), "ocs_reachability_report: errors must be a list"),
    (lambda: ocs_reachability_report([], listener_hosts=["fw"], listener_errors=[]),
     "ocs_reachability_report: listener_errors must be a list with one value per host of listener_hosts (1)"),
    (lambda: ocs_reachability_report(["internet"], results=[[{"host": "x"}]]), "missing protocol, port"),
    (lambda: to_reachability_table({"results": []}), "to_reachability_table: results must be a list"),
    (lambda: to_reachability_table([RESULT], "a\nb"), "to_reachability_table: title 'a\\nb' holds the control"),
    (lambda: to_port_sweep_table(SWEEP), "to_port_sweep_table: sweeps must be a list of sweep results"),
    (lambda: to_port_sweep_table([dict(SWEEP, summary={"name": "x"})]), "to_port_sweep_table: a sweep summary lacks"),
])
def test_bad_input_becomes_a_filter_error_naming_the_filter(call, message):
    with pytest.raises(AnsibleFilterError) as info:
        call()
    assert message in str(info.value)
