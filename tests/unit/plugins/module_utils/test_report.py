"""The reachability report (report.py): the table's cells and summary line, the report gathered from
every probe host of a run and its verdict; and the text table (render/report.py).

The expectations are what the port_check role has always shown and failed with (its table and the
aggregation it did in Jinja): a user's table and failure message stay the same, byte for byte.
"""

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render.report import reachability_table
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.report import (
    NO_RESULT,
    mismatches,
    reachability_report,
    table_rows,
    table_summary,
)

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

TABLE = [
    result(),
    result(host="203.0.113.12", protocol="udp", port=3478, method="stun", how="STUN success (mapped 198.51.100.50)",
           flows=STUN_FLOWS, to="av_edge_external"),
    result(host="172.16.10.10", protocol="udp", port=3478, method="stun", expect="closed", observed="open",
           how="STUN success (mapped 198.51.100.50)", flows=(),
           to="access_edge_internal,av_edge_internal,webconf_edge_internal"),
    result(probe="edge", place="access_edge_internal", host="10.1.0.10", port=5061, flows=("front_end.sip",),
           to="front_end", observed="closed", how="rejected (ICMP host unreachable)"),
]

TABLE_TEXT = """\
OCS reachability
flow                                           from                         to                                      protocol/port    expected  observed  result    how
---------------------------------------------  ---------------------------  --------------------------------------  ---------------  --------  --------  --------  -----------------------------------
access_edge.external.sip_tls_from_remote_user  internet (remote_user)       203.0.113.10 (access_edge_external)     tcp/443          open      open      ok        connected
av_edge.external.stun_udp_from_remote_user +1  internet (remote_user)       203.0.113.12 (av_edge_external)         udp/3478 (STUN)  open      open      ok        STUN success (mapped 198.51.100.50)
- (not in the model)                           internet (remote_user)       172.16.10.10 (access_edge_internal +2)  udp/3478 (STUN)  closed    open      MISMATCH  STUN success (mapped 198.51.100.50)
front_end.sip                                  edge (access_edge_internal)  10.1.0.10 (front_end)                   tcp/5061         open      closed    MISMATCH  rejected (ICMP host unreachable)

4 checks from 2 probe place(s): 2 open as expected, 0 closed as expected, 2 mismatches
"""


def test_the_table_is_fixed_width_with_a_title_and_a_summary():
    assert reachability_table(TABLE, "OCS reachability") == TABLE_TEXT


def test_without_a_title_the_table_starts_with_its_header():
    text = reachability_table([result(observed=None)])
    assert text.splitlines()[0].split() == ["flow", "from", "to", "protocol/port", "expected", "observed", "result",
                                            "how"]
    assert text.endswith("\n1 checks planned from 1 probe place(s), none probed (check mode)\n")


def test_an_empty_table_still_has_its_header_and_summary():
    assert reachability_table([], "T") == (
        "T\nflow  from  to  protocol/port  expected  observed  result  how\n"
        "----  ----  --  -------------  --------  --------  ------  ---\n"
        "\n0 checks planned from 0 probe place(s), none probed (check mode)\n")


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
])
def test_bad_input_fails_naming_the_value(call, named):
    with pytest.raises(OcsModelError) as info:
        call()
    assert named in str(info.value)


# ---- the same text as the probe script's old `table` subcommand (until it goes) ----------------------------

def _old_table():
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[4] / "roles" / "port_check" / "files" / "ocs_port_probe.py"
    spec = importlib.util.spec_from_file_location("ocs_port_probe_old_table", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.format_table


@pytest.mark.parametrize("results", [[case[1]] for case in ROWS] + [case[1] for case in SUMMARIES] + [TABLE, []])
@pytest.mark.parametrize("title", [None, "OCS reachability", "Reachability from internet (remote_user) - check mode, nothing sent"])
def test_the_text_is_the_old_table_subcommands(results, title):
    assert reachability_table(results, title) == _old_table()(results, title)
