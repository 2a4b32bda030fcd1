"""The probe script the port_check role sends to probe and target hosts (roles/port_check/files/ocs_port_probe.py,
stdlib only): STUN messages, checks and listeners with real sockets on loopback only (127.0.0.1), and the
sweep's nmap command line and XML reading without any traffic."""

import base64
import importlib.util
import json
import socket
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PROBE_SCRIPT = REPO / "roles" / "port_check" / "files" / "ocs_port_probe.py"


# ---- STUN (RFC 5389) ----------------------------------------------------------------------------------------

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


# ---- the sweep: nmap's XML and command line, without any traffic --------------------------------------------------

NMAP_XML = """<?xml version="1.0"?>
<nmaprun scanner="nmap" args="nmap" version="7.93">
<host><status state="up" reason="user-set"/>
<address addr="203.0.113.12" addrtype="ipv4"/>
<ports><extraports state="filtered" count="131068">
<extrareasons reason="admin-prohibited" count="65534" proto="udp" ports="1-3477,3479-65535"/>
<extrareasons reason="admin-prohibited" count="65534" proto="tcp" ports="1-442,444-65535"/>
</extraports>
<port protocol="tcp" portid="443"><state state="closed" reason="reset" reason_ttl="63"/></port>
<port protocol="udp" portid="3478"><state state="closed" reason="port-unreach" reason_ttl="63"/></port>
</ports></host>
<host><status state="up" reason="user-set"/>
<address addr="10.1.0.10" addrtype="ipv4"/>
<ports><extraports state="open|filtered" count="65535">
<extrareasons reason="no-response" count="65535" proto="udp"/></extraports>
<extraports state="filtered" count="65534">
<extrareasons reason="admin-prohibited" count="65534" proto="tcp"/></extraports>
<port protocol="tcp" portid="5061"><state state="closed" reason="reset" reason_ttl="64"/></port>
</ports></host>
</nmaprun>
"""


def test_nmap_xml_becomes_ranges_of_what_gets_through(probe):
    found = probe.parse_nmap_xml(NMAP_XML, [(1, 65535)], ["tcp", "udp"])
    assert found["203.0.113.12"]["tcp"] == {"through": "443", "states": {"closed": 1, "filtered": 65534}}
    assert found["203.0.113.12"]["udp"]["through"] == "3478"
    # Folded groups without port lists (older nmap): the one group per protocol is the rest of the swept ports.
    assert found["10.1.0.10"]["tcp"]["through"] == "5061"
    assert found["10.1.0.10"]["udp"] == {"through": "", "states": {"open|filtered": 65535}}


def test_nmap_xml_that_does_not_add_up_is_refused(probe):
    broken = NMAP_XML.replace('count="65534" proto="tcp"/>', 'count="65000" proto="tcp"/>')
    with pytest.raises(ValueError, match="do not add up"):
        probe.parse_nmap_xml(broken, [(1, 65535)], ["tcp", "udp"])


def test_the_nmap_command_sweeps_both_protocols_from_the_source(probe):
    argv = probe.nmap_command({"protocols": ["tcp", "udp"], "ports": "1-65535", "source": "172.16.10.10",
                               "interface": "eth1", "rate": 5000, "retries": 1}, ["10.1.0.10"])
    assert argv[0] == "nmap" and "-sS" in argv and "-sU" in argv and argv[-1] == "10.1.0.10"
    assert argv[argv.index("-p") + 1] == "T:1-65535,U:1-65535"
    assert argv[argv.index("-S") + 1] == "172.16.10.10" and argv[argv.index("-e") + 1] == "eth1"
    assert argv[argv.index("--max-retries") + 1] == "1" and argv[argv.index("--min-rate") + 1] == "5000"


def test_without_nmap_the_sweep_fails_and_says_what_to_install(probe):
    result = probe.run_sweep({"targets": ["192.0.2.1"], "nmap": "/nonexistent/nmap"})
    assert result["failed"] and "apt-get install nmap" in result["msg"]
