"""Reachability checks from a probe place (checks.py), their filter (ocs_port_checks), and the probe
script the port_check role sends (roles/port_check/files/ocs_port_probe.py), the latter on loopback only.

Facts from ../shared/reference/ocs-2007-r2-ports.md: 8057 (PSOM) and 5062 (A/V authentication) are
internal-only; remote users reach the three Edge external addresses on 443 and the A/V Edge on UDP 3478
(STUN); the Front End reaches the Edge's internal interface on 5061, 8057 and 5062.
"""

import base64
import copy
import importlib.util
import json
import socket
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Mapping
from pathlib import Path

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

REPO = Path(__file__).resolve().parents[4]
PROBE_SCRIPT = REPO / "roles" / "port_check" / "files" / "ocs_port_probe.py"

# The demo lab's deployment (playbooks/inventories/lab/group_vars/all.yml).
LAB_TOPOLOGY = {
    "access_edge_external": "203.0.113.10",
    "webconf_edge_external": "203.0.113.11",
    "av_edge_external": "203.0.113.12",
    "edge_internal": "172.16.10.10",
    "front_end": "10.1.0.10",
    "internal_client": ["10.2.0.0/16"],
}
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

class LazyMapping(Mapping):
    """Stands in for Ansible's lazy templated containers."""

    def __init__(self, data):
        self._data = data

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)


def test_filter_takes_lazy_containers_and_returns_the_plan(lab_flows):
    ocs_port_checks = FilterModule().filters()["ocs_port_checks"]
    lazy = [LazyMapping(flow) for flow in lab_flows]
    assert ocs_port_checks(lazy, "remote_user") == plan_checks(lab_flows, "remote_user")
    assert ocs_port_checks(lab_flows, ["front_end"], probe_address="", targets=[]) == plan_checks(lab_flows, "front_end")


def test_filter_turns_bad_input_into_a_filter_error(lab_flows):
    ocs_port_checks = FilterModule().filters()["ocs_port_checks"]
    with pytest.raises(AnsibleFilterError, match="ocs_port_checks: unknown endpoint class 'mailbox_server'"):
        ocs_port_checks(lab_flows, "mailbox_server")


# ---- the probe script (roles/port_check/files), on loopback --------------------------------------------

@pytest.fixture(scope="module")
def probe():
    spec = importlib.util.spec_from_file_location("ocs_port_probe", PROBE_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_binding_request_is_rfc5389(probe):
    tid = bytes(range(12))
    request = probe.stun_binding_request(tid)
    assert len(request) == 20
    assert struct.unpack("!HHI", request[:8]) == (0x0001, 0, 0x2112A442)
    assert request[8:] == tid
    assert probe.is_binding_request(request)


def test_success_response_carries_the_xor_mapped_address_and_a_valid_fingerprint(probe):
    request = probe.stun_binding_request(b"A" * 12)
    response = probe.stun_binding_success(request, "198.51.100.50", 54321)
    kind, length, cookie = struct.unpack("!HHI", response[:8])
    assert (kind, cookie, length) == (0x0101, 0x2112A442, len(response) - 20)
    parsed = probe.parse_stun_response(response, b"A" * 12)
    assert parsed == {"class": "success", "mapped": "198.51.100.50:54321", "error": None}
    # XOR-MAPPED-ADDRESS by hand: port ^ 0x2112, address ^ magic cookie.
    assert response[20:24] == struct.pack("!HH", 0x0020, 8)
    assert struct.unpack("!H", response[26:28])[0] == 54321 ^ 0x2112
    fingerprint = struct.unpack("!I", response[-4:])[0]
    assert fingerprint == (zlib.crc32(response[:-8]) & 0xFFFFFFFF) ^ 0x5354554E


def test_an_error_response_still_proves_a_stun_server(probe):
    tid = b"B" * 12
    error = struct.pack("!HHI", 0x0111, 12, 0x2112A442) + tid + struct.pack("!HH", 0x0009, 8) + bytes([0, 0, 4, 1]) + b"Unau"
    assert probe.parse_stun_response(error, tid) == {"class": "error", "mapped": None, "error": "401 Unau"}


def test_a_reply_to_another_transaction_is_no_answer(probe):
    response = probe.stun_binding_success(probe.stun_binding_request(b"C" * 12), "127.0.0.1", 1)
    assert probe.parse_stun_response(response, b"D" * 12) is None
    assert probe.parse_stun_response(b"ocs-probe", b"C" * 12) is None


def _free_port(kind):
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def listener():
    """A daemonized listener on loopback only, stopped (by its tag) afterwards."""
    tag = f"unit-{time.monotonic_ns()}"
    tcp, udp_stun, udp_echo = _free_port(socket.SOCK_STREAM), _free_port(socket.SOCK_DGRAM), _free_port(socket.SOCK_DGRAM)
    proc = subprocess.run([sys.executable, str(PROBE_SCRIPT), "listen", "--tag", tag, "--timeout", "60",
                           "--bind", "127.0.0.1", "--tcp", str(tcp), "--udp", f"{udp_stun},{udp_echo}"],
                          capture_output=True, text=True, timeout=30, check=False)
    assert proc.returncode == 0, proc.stderr
    started = json.loads(proc.stdout)
    yield {"tag": tag, "tcp": tcp, "stun": udp_stun, "echo": udp_echo, "started": started}
    subprocess.run([sys.executable, str(PROBE_SCRIPT), "stop", "--tag", tag], capture_output=True, timeout=30, check=False)


def _run_checks(checks):
    payload = base64.b64encode(json.dumps({"checks": checks, "timeout": 1.0}).encode()).decode()
    proc = subprocess.run([sys.executable, str(PROBE_SCRIPT), "check", payload], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    return {r["id"]: r for r in json.loads(proc.stdout)["results"]}


def test_listener_reports_what_it_bound_and_detaches(listener):
    assert listener["started"]["tcp"] == [listener["tcp"]]
    assert listener["started"]["udp"] == sorted([listener["stun"], listener["echo"]])
    assert listener["started"]["pid"] > 0


def test_probes_on_loopback_see_open_and_closed_ports(listener):
    closed_tcp, closed_udp = _free_port(socket.SOCK_STREAM), _free_port(socket.SOCK_DGRAM)
    results = _run_checks([
        {"id": "tcp-open", "host": "127.0.0.1", "protocol": "tcp", "port": listener["tcp"], "expect": "open",
         "method": "tcp"},
        {"id": "stun-open", "host": "127.0.0.1", "protocol": "udp", "port": listener["stun"], "expect": "open",
         "method": "stun"},
        {"id": "udp-open", "host": "127.0.0.1", "protocol": "udp", "port": listener["echo"], "expect": "open",
         "method": "udp"},
        {"id": "tcp-closed", "host": "127.0.0.1", "protocol": "tcp", "port": closed_tcp, "expect": "closed",
         "method": "tcp"},
        {"id": "stun-closed", "host": "127.0.0.1", "protocol": "udp", "port": closed_udp, "expect": "closed",
         "method": "stun"},
        {"id": "mismatch", "host": "127.0.0.1", "protocol": "tcp", "port": listener["tcp"], "expect": "closed",
         "method": "tcp"},
    ])
    assert results["tcp-open"]["observed"] == "open"
    assert results["stun-open"]["observed"] == "open"
    assert results["stun-open"]["how"] == "STUN success (mapped 127.0.0.1)"
    assert results["udp-open"]["observed"] == "open"
    assert results["tcp-closed"]["observed"] == "closed" and results["tcp-closed"]["how"] == "refused"
    assert results["stun-closed"]["observed"] == "closed"
    assert [r["id"] for r in results.values() if not r["ok"]] == ["mismatch"]


def test_stop_ends_the_listeners_of_its_tag(listener):
    proc = subprocess.run([sys.executable, str(PROBE_SCRIPT), "stop", "--tag", listener["tag"]],
                          capture_output=True, text=True, timeout=30, check=False)
    stopped = json.loads(proc.stdout)
    assert stopped["stopped"] == [listener["started"]["pid"]] and stopped["killed"] == []
    assert not Path(f"/proc/{listener['started']['pid']}").exists() or _is_zombie(listener["started"]["pid"])


def _is_zombie(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


def test_table_has_the_columns_a_row_per_check_and_a_summary(probe):
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
    text = probe.format_table(results, "Reachability")
    lines = text.splitlines()
    assert lines[0] == "Reachability"
    assert lines[1].split() == ["flow", "from", "to", "protocol/port", "expected", "observed", "result", "how"]
    assert "access_edge.external.sip_tls_from_remote_user" in lines[3] and lines[3].split()[-1] == "connected"
    assert "172.16.10.10 (access_edge_internal +2)" in lines[4] and "udp/3478 (STUN)" in lines[4]
    assert "MISMATCH" in lines[4]
    assert lines[-1] == "2 checks from 1 probe place(s): 1 open as expected, 0 closed as expected, 1 mismatch"


def test_table_of_a_plan_says_nothing_was_sent(probe, from_internet):
    text = probe.format_table(from_internet)
    assert text.splitlines()[-1] == f"{len(from_internet)} checks planned from 1 probe place(s), none probed (check mode)"
    assert "planned" in text.splitlines()[2]
