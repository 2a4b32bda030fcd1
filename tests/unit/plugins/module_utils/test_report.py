"""The reachability report (report.py): the tables' cells and summary lines (checks, and sweeps of the
whole port space), the report gathered from every probe host of a run and its verdict; and the text
tables (render/report.py).

The expectations are what the port_check role has always shown and failed with (its table and the
aggregation it did in Jinja): a user's table and failure message stay the same, byte for byte.
"""

import copy

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.checks import plan_checks
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render.report import (
    reachability_table,
    sweep_table,
)
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.report import (
    NO_RESULT,
    mismatches,
    reachability_report,
    short_ports,
    sweep_figures,
    sweep_rows,
    table_rows,
    table_summary,
)
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import deployment_flows
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.sweep import NOT_IN_MODEL
from ansible_collections.ocs.firewall.tests.unit.deployments import BASE_TOPOLOGY

SIP = "access_edge.external.sip_tls_from_remote_user"
STUN_FLOWS = ["av_edge.external.stun_udp_from_remote_user", "av_edge.external.stun_udp_from_partner"]


def result(host="203.0.113.10", protocol="tcp", port=443, expect="open", observed="open", how="connected",
           probe="internet", place="remote_user", flows=(SIP,), to="access_edge_external", method=None, **extra):
    """A check result as the probe script returns it (observed=None: a planned check, as in check mode)."""
    record = {
        "id": f"{expect}:{host}:{protocol}/{port}", "flow": flows[0] if flows else None, "flows": list(flows),
        "from": place, "to": to, "host": host, "protocol": protocol, "port": port, "ports": str(port),
        "expect": expect, "method": method or ("tcp" if protocol == "tcp" else "udp"), "probe": probe,
    }
    if observed is not None:
        record.update(observed=observed, how=how, ok=observed == expect)
    record.update(extra)
    return record


def cells(row):
    return [row[c] for c in ("flow", "from", "to", "protocol/port", "expected", "observed", "result", "how")]


# ---- one row per result ------------------------------------------------------------------------------

ROWS = [
    ("open as expected",
     result(),
     [SIP, "internet (remote_user)", "203.0.113.10 (access_edge_external)", "tcp/443", "open", "open", "ok",
      "connected"]),
    ("expected open, found closed",
     result(observed="closed", how="no answer (timeout)"),
     [SIP, "internet (remote_user)", "203.0.113.10 (access_edge_external)", "tcp/443", "open", "closed", "MISMATCH",
      "no answer (timeout)"]),
    ("closed as expected, no flow behind it",
     result(port=8057, expect="closed", observed="closed", how="refused", flows=()),
     ["- (not in the model)", "internet (remote_user)", "203.0.113.10 (access_edge_external)", "tcp/8057", "closed",
      "closed", "ok", "refused"]),
    ("expected closed, found open",
     result(port=8057, expect="closed", observed="open", flows=()),
     ["- (not in the model)", "internet (remote_user)", "203.0.113.10 (access_edge_external)", "tcp/8057", "closed",
      "open", "MISMATCH", "connected"]),
    ("STUN without an answer",
     result(host="203.0.113.12", protocol="udp", port=3478, method="stun", observed="closed",
            how="no answer (timeout)", flows=STUN_FLOWS, to="av_edge_external"),
     ["av_edge.external.stun_udp_from_remote_user +1", "internet (remote_user)", "203.0.113.12 (av_edge_external)",
      "udp/3478 (STUN)", "open", "closed", "MISMATCH", "no answer (timeout)"]),
    ("STUN answered",
     result(host="203.0.113.12", protocol="udp", port=3478, method="stun", how="STUN success (mapped 198.51.100.50)",
            flows=STUN_FLOWS, to="av_edge_external"),
     ["av_edge.external.stun_udp_from_remote_user +1", "internet (remote_user)", "203.0.113.12 (av_edge_external)",
      "udp/3478 (STUN)", "open", "open", "ok", "STUN success (mapped 198.51.100.50)"]),
    ("UDP datagram refused by ICMP",
     result(host="172.16.10.10", protocol="udp", port=50000, expect="closed", observed="closed",
            how="refused (ICMP port unreachable)", flows=(),
            to="access_edge_internal,av_edge_internal,webconf_edge_internal"),
     ["- (not in the model)", "internet (remote_user)", "172.16.10.10 (access_edge_internal +2)", "udp/50000",
      "closed", "closed", "ok", "refused (ICMP port unreachable)"]),
    ("planned, not sent (check mode)",
     result(observed=None),
     [SIP, "internet (remote_user)", "203.0.113.10 (access_edge_external)", "tcp/443", "open", "-", "planned", ""]),
    ("a flow id without the flows list",
     result(flows=(), flow="x.y.z"),
     ["x.y.z", "internet (remote_user)", "203.0.113.10 (access_edge_external)", "tcp/443", "open", "open", "ok",
      "connected"]),
    ("no probe host, no place, no classes, no expectation",
     {"host": "192.0.2.1", "protocol": "tcp", "port": 22, "observed": "open", "how": "connected", "ok": False},
     ["- (not in the model)", "?", "192.0.2.1 (?)", "tcp/22", "?", "open", "MISMATCH", "connected"]),
    ("observed without ok is a mismatch",
     result(ok=None),
     [SIP, "internet (remote_user)", "203.0.113.10 (access_edge_external)", "tcp/443", "open", "open", "MISMATCH",
      "connected"]),
    ("a probe place of two classes",
     result(probe="", place="front_end,av_conferencing"),
     [SIP, "front_end,av_conferencing", "203.0.113.10 (access_edge_external)", "tcp/443", "open", "open", "ok",
      "connected"]),
]


@pytest.mark.parametrize("given, expected", [case[1:] for case in ROWS], ids=[case[0] for case in ROWS])
def test_each_result_becomes_one_row_of_cells(given, expected):
    assert [cells(row) for row in table_rows([given])] == [expected]


# ---- the summary line --------------------------------------------------------------------------------

SUMMARIES = [
    ("nothing at all", [], "0 checks planned from 0 probe place(s), none probed (check mode)"),
    ("a plan (check mode)", [result(observed=None), result(port=5061, observed=None)],
     "2 checks planned from 1 probe place(s), none probed (check mode)"),
    ("all as expected", [result(), result(port=8057, expect="closed", observed="closed")],
     "2 checks from 1 probe place(s): 1 open as expected, 1 closed as expected, 0 mismatches"),
    ("one mismatch", [result(), result(port=8057, expect="closed", observed="open")],
     "2 checks from 1 probe place(s): 1 open as expected, 0 closed as expected, 1 mismatch"),
    ("two mismatches from two places",
     [result(observed="closed"), result(probe="edge", place="access_edge_internal", expect="closed")],
     "2 checks from 2 probe place(s): 0 open as expected, 0 closed as expected, 2 mismatches"),
    ("a partly probed list counts only the probed checks, and every place",
     [result(), result(probe="edge", observed=None)],
     "1 checks from 2 probe place(s): 1 open as expected, 0 closed as expected, 0 mismatches"),
]


@pytest.mark.parametrize("given, expected", [case[1:] for case in SUMMARIES], ids=[case[0] for case in SUMMARIES])
def test_the_summary_counts_what_was_probed(given, expected):
    assert table_summary(given) == expected


def test_a_planned_check_is_neither_ok_nor_a_mismatch():
    bad = result(port=8057, expect="closed", observed="open")
    assert mismatches([result(), result(observed=None), bad]) == [bad]


# ---- the text table ----------------------------------------------------------------------------------

TABLE = [  # short names: the lines stay under 160 characters
    result(flows=("edge.sip",), to="ae_external"),
    result(host="203.0.113.12", protocol="udp", port=3478, method="stun", how="STUN success (mapped 198.51.100.50)",
           flows=("av.stun_user", "av.stun_partner"), to="av_external"),
    result(host="172.16.10.10", protocol="udp", port=3478, method="stun", expect="closed", observed="open",
           how="STUN success (mapped 198.51.100.50)", flows=(), to="ae_internal,av_internal,wc_internal"),
    result(probe="edge", place="edge_internal", host="10.1.0.10", port=5061, flows=("front_end.sip",),
           to="front_end", observed="closed", how="rejected (ICMP host unreachable)"),
]

TABLE_TEXT = """\
OCS reachability
flow                  from                    to                             protocol/port    expected  observed  result    how
--------------------  ----------------------  -----------------------------  ---------------  --------  --------  --------  -----------------------------------
edge.sip              internet (remote_user)  203.0.113.10 (ae_external)     tcp/443          open      open      ok        connected
av.stun_user +1       internet (remote_user)  203.0.113.12 (av_external)     udp/3478 (STUN)  open      open      ok        STUN success (mapped 198.51.100.50)
- (not in the model)  internet (remote_user)  172.16.10.10 (ae_internal +2)  udp/3478 (STUN)  closed    open      MISMATCH  STUN success (mapped 198.51.100.50)
front_end.sip         edge (edge_internal)    10.1.0.10 (front_end)          tcp/5061         open      closed    MISMATCH  rejected (ICMP host unreachable)

4 checks from 2 probe place(s): 2 open as expected, 0 closed as expected, 2 mismatches
"""


def test_the_table_is_fixed_width_with_a_title_and_a_summary():
    assert reachability_table(TABLE, "OCS reachability") == TABLE_TEXT


def test_without_a_title_the_table_starts_with_its_header():
    text = reachability_table([result(observed=None)])
    assert text.splitlines()[0].split() == ["flow", "from", "to", "protocol/port", "expected", "observed", "result",
                                            "how"]
    assert text.endswith("\n1 checks planned from 1 probe place(s), none probed (check mode)\n")


def test_table_has_the_columns_a_row_per_check_and_a_summary():
    results = [
        {"probe": "internet", "from": "remote_user", "flow": "access_edge.external.sip_tls_from_remote_user",
         "flows": ["access_edge.external.sip_tls_from_remote_user"], "to": "access_edge_external",
         "host": "203.0.113.10", "protocol": "tcp", "port": 443, "expect": "open", "method": "tcp",
         "observed": "open", "how": "connected", "ok": True},
        {"probe": "internet", "from": "remote_user", "flow": None, "flows": [],
         "to": "access_edge_internal,av_edge_internal,webconf_edge_internal", "host": "172.16.10.10",
         "protocol": "udp", "port": 3478, "expect": "closed", "method": "stun", "observed": "open",
         "how": "STUN success (mapped 198.51.100.50)", "ok": False},
    ]
    text = reachability_table(results, "Reachability")
    lines = text.splitlines()
    assert lines[0] == "Reachability"
    assert lines[1].split() == ["flow", "from", "to", "protocol/port", "expected", "observed", "result", "how"]
    assert "access_edge.external.sip_tls_from_remote_user" in lines[3] and lines[3].split()[-1] == "connected"
    assert "172.16.10.10 (access_edge_internal +2)" in lines[4] and "udp/3478 (STUN)" in lines[4]
    assert "MISMATCH" in lines[4]
    assert lines[-1] == "2 checks from 1 probe place(s): 1 open as expected, 0 closed as expected, 1 mismatch"


def test_table_of_a_plan_says_nothing_was_sent():
    from_internet = plan_checks(deployment_flows(topology=copy.deepcopy(BASE_TOPOLOGY), features={"federation": True}),
                                "remote_user")
    text = reachability_table(from_internet)
    assert text.splitlines()[-1] == f"{len(from_internet)} checks planned from 1 probe place(s), none probed (check mode)"
    assert "planned" in text.splitlines()[2]


def test_an_empty_table_still_has_its_header_and_summary():
    assert reachability_table([], "T") == (
        "T\nflow  from  to  protocol/port  expected  observed  result  how\n"
        "----  ----  --  -------------  --------  --------  ------  ---\n"
        "\n0 checks planned from 0 probe place(s), none probed (check mode)\n")


# ---- the sweep table: ranges per address and protocol, and the figures of each sweep -------------------------

def sweep_row(host="203.0.113.12", protocol="udp", observed="3478", expected="3478", ok=True, extra=(), missing=(),
              modelled=({"ports": "3478", "flows": ["av_edge.external.stun_udp_from_remote_user"]},), **more):
    """A verdict row as ocs_port_sweep_verdict gives it, with the probe host the role adds."""
    row = {"probe": "internet", "from": "remote_user", "host": host, "to": "av_edge_external", "protocol": protocol,
           "swept": 65535, "expected": expected, "observed": observed, "states": {}, "extra": list(extra),
           "missing": list(missing), "modelled": list(modelled), "ok": ok}
    row.update(more)
    return row


def sweep_cells(row):
    return [row[c] for c in ("from", "to", "protocol", "swept", "gets through", "expected", "result", "flows")]


ODD_PORTS = ",".join(str(p) for p in range(1, 400, 2))
SWEEP_ROWS = [
    ("exactly the modelled ports",
     sweep_row(),
     ["internet (remote_user)", "203.0.113.12 (av_edge_external)", "udp", "65535", "3478", "3478", "ok",
      "av_edge.external.stun_udp_from_remote_user"]),
    ("nothing gets through and nothing should",
     sweep_row(observed="", expected="", modelled=()),
     ["internet (remote_user)", "203.0.113.12 (av_edge_external)", "udp", "65535", "none", "none", "ok", "-"]),
    ("an extra port and a missing one",
     sweep_row(protocol="tcp", observed="22", expected="443", ok=False, modelled=(),
               extra=[{"ports": "22", "flows": [NOT_IN_MODEL]}], missing=[{"ports": "443", "flows": ["f.a", "f.b"]}]),
     ["internet (remote_user)", "203.0.113.12 (av_edge_external)", "tcp", "65535", "22", "443", "MISMATCH",
      "extra 22 (not in the model); missing 443 (f.a, f.b)"]),
    ("more than five extra ranges are counted",
     sweep_row(protocol="tcp", observed="1,3,5,7,9,11,443", expected="443", ok=False,
               extra=[{"ports": str(p), "flows": [NOT_IN_MODEL]} for p in (1, 3, 5, 7, 9, 11)],
               missing=[{"ports": "5061", "flows": ["f.a"]}]),
     ["internet (remote_user)", "203.0.113.12 (av_edge_external)", "tcp", "65535", "1,3,5,7,9,11,443", "443",
      "MISMATCH", "extra 1 (not in the model); extra 3 (not in the model); extra 5 (not in the model); "
      "extra 7 (not in the model); extra 9 (not in the model); missing 5061 (f.a); 6 extra and 1 missing range(s) in all"]),
    ("extra ranges without a missing one are not counted",
     sweep_row(protocol="tcp", observed="1,3,5,7,9,11", expected="", ok=False, modelled=(),
               extra=[{"ports": str(p), "flows": [NOT_IN_MODEL]} for p in (1, 3, 5, 7, 9, 11)]),
     ["internet (remote_user)", "203.0.113.12 (av_edge_external)", "tcp", "65535", "1,3,5,7,9,11", "none",
      "MISMATCH", "extra 1 (not in the model); extra 3 (not in the model); extra 5 (not in the model); "
      "extra 7 (not in the model); extra 9 (not in the model)"]),
    ("a long list of ports is cut at a range",
     sweep_row(protocol="tcp", observed=ODD_PORTS, expected="", ok=False, modelled=(),
               extra=[{"ports": ODD_PORTS, "flows": [NOT_IN_MODEL]}]),
     ["internet (remote_user)", "203.0.113.12 (av_edge_external)", "tcp", "65535",
      "1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,... (200 ports in 200 ranges)", "none", "MISMATCH",
      "extra 1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,... (200 ports in 200 ranges) (not in the model)"]),
    ("the probe host's own address is skipped",
     sweep_row(host="10.1.0.20", to="mediation", skipped="the probe host's own address (not swept)", modelled=()),
     ["internet (remote_user)", "10.1.0.20 (mediation)", "udp", "-", "-", "3478", "skipped",
      "the probe host's own address (not swept)"]),
    ("an address that was not swept",
     sweep_row(observed=None, ok=False, modelled=(), error="not swept: no observation for this address"),
     ["internet (remote_user)", "203.0.113.12 (av_edge_external)", "udp", "65535", "-", "3478", "ERROR",
      "not swept: no observation for this address"]),
    ("several classes at the address, no probe host",
     sweep_row(probe="", to="access_edge_internal,av_edge_internal,webconf_edge_internal", modelled=()),
     ["remote_user", "203.0.113.12 (access_edge_internal +2)", "udp", "65535", "3478", "3478", "ok", "-"]),
    ("more than three flows through",
     sweep_row(protocol="tcp", observed="443", expected="443",
               modelled=[{"ports": "443", "flows": ["a", "b"]}, {"ports": "444", "flows": ["b", "c", "d"]}]),
     ["internet (remote_user)", "203.0.113.12 (av_edge_external)", "tcp", "65535", "443", "443", "ok", "a, b, c +1"]),
]


@pytest.mark.parametrize("given, expected", [case[1:] for case in SWEEP_ROWS], ids=[case[0] for case in SWEEP_ROWS])
def test_each_sweep_verdict_row_becomes_one_row_of_cells(given, expected):
    assert [sweep_cells(row) for row in sweep_rows([{"probe": "internet", "rows": [given], "summary": {}}])] == [expected]


FIGURES = {"name": "internet (remote_user)", "pairs": 786420, "addresses": 6, "through": 5, "extra": 0,
           "missing": 0, "seconds": 41.25, "skipped": [], "error": ""}
SWEEP_FIGURES = [
    ("all modelled",
     {}, "sweep from internet (remote_user): 786,420 address/port pairs over 6 address(es), exactly 5 get through, "
         "all modelled in 41.2 s"),
    ("nothing gets through",
     {"through": 0}, "sweep from internet (remote_user): 786,420 address/port pairs over 6 address(es), exactly 0 "
                     "get through, none modelled, none open in 41.2 s"),
    ("a mismatch, own addresses skipped, no time",
     {"through": 1205, "extra": 1200, "missing": 2, "seconds": None, "skipped": ["10.1.0.20", "172.16.10.10"]},
     "sweep from internet (remote_user): 786,420 address/port pairs over 6 address(es), exactly 1,205 get through, "
     "1200 not in the model, 2 modelled but blocked: MISMATCH; skipped 10.1.0.20, 172.16.10.10 (own)"),
    ("an error", {"error": "nmap failed (1): boom"}, "sweep from internet (remote_user): ERROR nmap failed (1): boom"),
]


@pytest.mark.parametrize("changes, expected", [case[1:] for case in SWEEP_FIGURES], ids=[case[0] for case in SWEEP_FIGURES])
def test_each_sweep_has_one_line_of_figures(changes, expected):
    assert sweep_figures(dict(FIGURES, **changes)) == expected


@pytest.mark.parametrize("text, expected", [
    ("", ""),
    ("1-65535", "1-65535"),
    ("1,3,5,7,9,11,13,15,17,19,21,23,25,27,29", "1,3,5,7,9,11,13,15,17,19,21,23,25,27,29"),  # 39 characters
    ("1-1000,2000-3000,4000-5000,6000-7000,8000-9000", "1-1000,2000-3000,4000-5000,6000-7000,... (5,004 ports in 5 ranges)"),
])
def test_long_port_lists_are_cut_with_their_count(text, expected):
    assert short_ports(text) == expected


def test_the_sweep_table_prints_ranges_and_the_figures():
    rows = [{"probe": "internet", "from": "remote_user", "host": "203.0.113.12", "to": "av_edge_external",
             "protocol": "udp", "swept": 65535, "expected": "3478", "observed": ",".join(str(p) for p in range(1, 400, 2)),
             "extra": [{"ports": "1", "flows": [NOT_IN_MODEL]}], "missing": [{"ports": "3478", "flows": ["f.x"]}],
             "modelled": [], "ok": False}]
    place = {"name": "internet (remote_user)", "pairs": 65535, "addresses": 1, "through": 200, "extra": 200,
             "missing": 1, "seconds": 1.5}
    text = sweep_table([{"probe": "internet", "rows": rows, "summary": place}])
    assert "MISMATCH" in text and "extra 1 (not in the model)" in text and "missing 3478 (f.x)" in text
    assert "(200 ports in 200 ranges)" in text and max(len(line) for line in text.splitlines()) < 400
    assert "sweep from internet (remote_user): 65,535 address/port pairs over 1 address(es), exactly 200 get" in text
    assert "MISMATCH in 1.5 s" in text


SWEEP_TEXT = """\
OCS reachability: the whole port space
from                    to                               protocol  swept  gets through  expected  result    flows
----------------------  -------------------------------  --------  -----  ------------  --------  --------  ---------------------------------------------------
internet (remote_user)  203.0.113.12 (av_edge_external)  udp       65535  3478          3478      ok        av_edge.external.stun_udp_from_remote_user
internet (remote_user)  203.0.113.12 (av_edge_external)  tcp       65535  22            443       MISMATCH  extra 22 (not in the model); missing 443 (f.a, f.b)
edge (edge_internal)    10.1.0.20 (mediation)            udp       -      -             3478      skipped   the probe host's own address (not swept)

sweep from internet (remote_user): 786,420 address/port pairs over 6 address(es), exactly 5 get through, all modelled in 41.2 s
sweep from edge (edge_internal): ERROR nmap failed
"""


def test_the_sweep_table_has_a_title_a_row_per_verdict_row_and_a_line_per_sweep():
    internet = {"probe": "internet", "rows": [SWEEP_ROWS[0][1], SWEEP_ROWS[2][1]], "summary": FIGURES}
    edge = {"probe": "edge", "rows": [dict(SWEEP_ROWS[6][1], probe="edge", **{"from": "edge_internal"})],
            "summary": {"name": "edge (edge_internal)", "error": "nmap failed"}}
    assert sweep_table([internet, edge], "OCS reachability: the whole port space") == SWEEP_TEXT


# ---- one report for every probe host -------------------------------------------------------------------

def sweep(probe, ok=True, error=""):
    summary = {"name": probe, "error": error, "seconds": 1.0}
    if ok is not None:
        summary["ok"] = ok
    return {"probe": probe, "rows": [], "summary": summary}


def test_the_results_of_every_probed_host_are_gathered_in_order():
    internet, edge = [result()], [result(probe="edge", place="access_edge_internal", host="10.1.0.10")]
    report = reachability_report([{"host": "internet", "results": internet, "error": ""},
                                  {"host": "edge", "results": edge}])
    assert report == {"results": internet + edge, "probed": ["internet", "edge"], "errors": [], "sweeps": [],
                      "verdict": ""}


ERRORS = [
    ("a probe host that failed is named with its trimmed error, even with results",
     [{"host": "internet", "results": [result()], "error": " probe host internet cannot be reached \n"}], [],
     [], ["internet: probe host internet cannot be reached"]),
    ("a probe host without a result",
     [{"host": "internet"}, {"host": "edge", "results": None, "error": None}], [],
     [], [f"internet: {NO_RESULT}", f"edge: {NO_RESULT}"]),
    ("a listener host that failed; one that did not",
     [{"host": "internet", "results": []}],
     [{"host": "edge", "error": "cannot start listeners on target edge "}, {"host": "frontend", "error": ""}],
     ["internet"], ["edge: cannot start listeners on target edge"]),
    ("a sweep that failed comes last",
     [{"host": "internet", "results": [], "sweep_error": "the sweep failed on internet: nmap "},
      {"host": "edge", "error": "probe host edge cannot be reached"}, {"host": "mediation"}],
     [{"host": "frontend", "error": "the listeners did not start"}],
     ["internet"], ["edge: probe host edge cannot be reached", f"mediation: {NO_RESULT}",
                    "frontend: the listeners did not start", "internet: the sweep failed on internet: nmap"]),
]


@pytest.mark.parametrize("probes, listeners, probed, errors", [case[1:] for case in ERRORS],
                         ids=[case[0] for case in ERRORS])
def test_every_error_is_named_with_its_host(probes, listeners, probed, errors):
    report = reachability_report(probes, listeners)
    assert report["probed"] == probed
    assert report["errors"] == errors


def test_only_sweeps_that_ran_are_kept():
    ran, failed = sweep("internet"), sweep("edge", error="nmap is not installed")
    report = reachability_report([{"host": "internet", "results": [], "sweep": ran},
                                  {"host": "edge", "results": [], "sweep": failed},
                                  {"host": "mediation", "results": []}])
    assert report["sweeps"] == [ran]


VERDICTS = [
    ("all as expected", [result(), result(port=8057, expect="closed", observed="closed")], [], [], ""),
    ("errors only",
     [result()], ["internet: no result", "edge: cannot start listeners"], [],
     "internet: no result; edge: cannot start listeners. "),
    ("mismatches, named by probe host and check id",
     [result(observed="closed"), result(), result(probe="edge", port=8057, expect="closed", observed="open")], [], [],
     "2 observation(s) differ from the model: internet open:203.0.113.10:tcp/443, edge closed:203.0.113.10:tcp/8057. "),
    ("a sweep that differs",
     [result()], [], [sweep("internet"), sweep("edge", ok=False), sweep("mediation", ok=False)],
     "the sweep differs from the model from edge, mediation (see the sweep table)"),
    ("all three, in that order",
     [result(observed="closed")], ["frontend: the listeners did not start"], [sweep("edge", ok=False)],
     "frontend: the listeners did not start. 1 observation(s) differ from the model: internet open:203.0.113.10:tcp/443. "
     "the sweep differs from the model from edge (see the sweep table)"),
    ("check mode: planned checks and sweeps not made differ from nothing",
     [result(observed=None)], [], [sweep("internet", ok=None)], ""),
]


@pytest.mark.parametrize("results, errors, sweeps, expected", [case[1:] for case in VERDICTS],
                         ids=[case[0] for case in VERDICTS])
def test_the_verdict_is_the_message_to_fail_with(results, errors, sweeps, expected):
    probes = [{"host": "internet", "results": results, "sweep": sweeps[0] if sweeps else None}]
    probes += [{"host": s["probe"], "results": [], "sweep": s} for s in sweeps[1:]]
    listeners = [{"host": e.split(":")[0], "error": e.split(": ", 1)[1]} for e in errors]
    report = reachability_report(probes, listeners)
    assert report["errors"] == errors
    assert report["verdict"] == expected


# ---- bad input: one message naming the value --------------------------------------------------------------

@pytest.mark.parametrize("call, named", [
    (lambda: table_rows("open:1.2.3.4:tcp/1"), "must be a list of check results"),
    (lambda: table_rows({"host": "1.2.3.4"}), "must be a list of check results"),
    (lambda: table_rows([{"host": "1.2.3.4", "port": 1}]), "missing protocol"),
    (lambda: table_summary([None]), "missing host, protocol, port"),
    (lambda: reachability_table([result()], "two\nlines"), "U+000A"),
    (lambda: reachability_report("internet"), "probes must be a list"),
    (lambda: reachability_report([{"results": []}]), "names no host"),
    (lambda: reachability_report([{"host": "internet", "result": []}]), "unknown key(s) result"),
    (lambda: reachability_report([{"host": "internet", "error": 3}]), "the error of internet must be text"),
    (lambda: reachability_report([{"host": "internet", "results": "all fine"}]), "'all fine'"),
    (lambda: reachability_report([], [{"host": "edge", "error": ["x"]}]), "the listener error of edge"),
    (lambda: sweep_rows({"rows": []}), "sweeps must be a list of sweep results"),
    (lambda: sweep_rows([{"probe": "internet", "rows": {}}]), "is not a sweep result"),
    (lambda: sweep_rows([{"probe": "internet", "rows": [{"host": "x"}], "summary": {}}]), "not a sweep verdict row"),
    (lambda: sweep_table([{"probe": "internet", "rows": [], "summary": {"name": "internet"}}]), "lacks its figures"),
    (lambda: sweep_table([], "a\tb"), "U+0009"),
])
def test_bad_input_fails_naming_the_value(call, named):
    with pytest.raises(OcsModelError) as info:
        call()
    assert named in str(info.value)
