"""`make demo` end to end (tools/demo.sh, which the Makefile's demo and demo-down targets run): the lab
internet | fw-ext | edge | fw-int | frontend, mediation as real hosts, site.yml then verify.yml, the
reachability table, the sweep of the whole port space from every probe place, the port matrix and the
diagram; a second run that changes nothing; faults (a probe host that cannot be reached, a target that
refuses SSH, a lab half torn down); and `down` leaving nothing behind.

Needs root and systemd-nspawn (`make rootfs` installs it); skipped without them, except in CI (CI=true),
where it fails instead. Uses only the lab named `demo`; its files go to a temporary OCS_DEMO_DIR.
"""

import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "tools" / "demo.sh"
LAB = "demo"
STATE = Path(os.environ.get("OCS_LAB_STATE", "/run/ocs-lab")) / LAB
LAB_INVENTORY = REPO / "playbooks" / "inventories" / "lab"
TRACEBACK = "Traceback (most recent call last)"


def _missing():
    if os.geteuid() != 0:
        return "the demo lab needs root (network namespaces, systemd-nspawn)"
    if shutil.which("systemd-nspawn") is None:
        return "systemd-nspawn is missing: run `make rootfs` (installs systemd-container)"
    return None


if _missing():
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the demo: {_missing()}", pytrace=False, allow_module_level=True)
    pytest.skip(_missing(), allow_module_level=True)


def demo(command, out, timeout=1200):
    env = dict(os.environ, OCS_DEMO_DIR=str(out))
    start = time.monotonic()
    proc = subprocess.run(["bash", str(DEMO), command], cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout, check=False)
    proc.seconds = time.monotonic() - start
    return proc


def explain(proc):
    return f"$ {' '.join(map(str, proc.args))}\nexit {proc.returncode}\n--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"


def summary(output, playbook):
    match = re.search(rf"^demo: {playbook}\.yml: ok=(\d+) changed=(\d+) unreachable=(\d+) failed=(\d+)", output, re.M)
    assert match, f"no summary of {playbook}.yml in:\n{output}"
    return dict(zip(("ok", "changed", "unreachable", "failed"), map(int, match.groups())))


def leftovers():
    """What of lab demo is on the machine: namespaces, processes, mounts, the controller's veth, SSH masters."""
    found = []
    netns = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, check=False).stdout.split()
    found += [f"namespace {n}" for n in netns if n == f"ocslab_{LAB}" or n.startswith(f"ocslab_{LAB}_")]
    own = re.compile(rf"ocslab[_-]{LAB}([_-]|$)|{re.escape(str(STATE))}-ssh/|ocs_port_probe\.py\x00listen")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if own.search(cmdline) and int(pid) != os.getpid():
            found.append(f"process {pid}: {cmdline.replace(chr(0), ' ')[:120]}")
    with open("/proc/self/mounts") as mounts:
        found += [f"mount {line.split()[1]}" for line in mounts if f"/ocslab_{LAB}" in line.split()[1]]
    if Path(f"/sys/class/net/ocs-{LAB}").exists():
        found.append(f"interface ocs-{LAB}")
    return found


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(scope="module")
def clean_start(out):
    """No lab demo before the first run, and none after the last test, whatever happened."""
    proc = demo("down", out)
    assert proc.returncode == 0, explain(proc)
    assert not leftovers()
    yield proc
    demo("down", out)


@pytest.fixture(scope="module")
def first(clean_start, out):
    proc = demo("up", out)
    assert proc.returncode == 0, explain(proc)
    return proc


@pytest.fixture(scope="module")
def second(first, out):
    proc = demo("up", out)
    assert proc.returncode == 0, explain(proc)
    return proc


@pytest.fixture(scope="module")
def lab_inventory(first):
    path = STATE / "inventory.yml"
    assert path.is_file(), f"the lab tool wrote no inventory at {path}"
    return path


@pytest.fixture(scope="module")
def report(first, out):
    return json.loads((out / "reachability.json").read_text(encoding="utf-8"))


def test_first_run_brings_the_lab_up_and_applies_the_site(first):
    assert summary(first.stdout, "site")["failed"] == 0
    assert summary(first.stdout, "site")["changed"] > 0, "a fresh lab must be changed by site.yml"
    assert summary(first.stdout, "verify")["failed"] == 0


def _lab_model():
    """The lab's deployment as the model sees it (inventory group_vars and hosts), for expectations."""
    sys.path.insert(0, str(REPO / "build" / "collections"))
    from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.checks import plan_checks
    from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import deployment_flows
    from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.sweep import plan_sweep

    group_vars = yaml.safe_load((LAB_INVENTORY / "group_vars" / "all.yml").read_text(encoding="utf-8"))
    hosts = yaml.safe_load((LAB_INVENTORY / "hosts.yml").read_text(encoding="utf-8"))
    probes = hosts["all"]["children"]["ocs_port_check_probes"]["hosts"]
    flows = deployment_flows(topology=group_vars["ocs_topology"], features=group_vars["ocs_features"],
                             media_ports=group_vars["ocs_media_ports"])
    return flows, probes, plan_checks, plan_sweep


def test_table_shows_every_expected_flow_open_and_every_forbidden_one_closed(first, report):
    flows, probes, plan_checks, _plan_sweep = _lab_model()
    results = report["results"]
    assert report["errors"] == [] and sorted(report["probed"]) == sorted(probes)
    assert results and all(r["ok"] for r in results), [r["id"] for r in results if not r["ok"]]
    opened = {(r["probe"], r["host"], r["protocol"], r["port"]) for r in results if r["expect"] == "open"}
    expected = set()
    for name, hv in probes.items():
        plan = plan_checks(flows, hv["ocs_port_check_from"], probe_address=hv.get("ocs_port_check_source"),
                           targets=hv.get("ocs_port_check_targets"))
        expected |= {(name, c["host"], c["protocol"], c["port"]) for c in plan if c["expect"] == "open"}
    assert opened == expected
    # Facts (reference ports table): what the internet reaches, and the Mediation Server's A/V
    # authentication and relay at the A/V Edge's internal address.
    assert {("internet", "203.0.113.10", "tcp", 443), ("internet", "203.0.113.12", "udp", 3478),
            ("mediation", "172.16.10.10", "tcp", 5062), ("mediation", "172.16.10.10", "udp", 3478),
            ("mediation", "172.16.10.10", "tcp", 443)} <= opened
    closed = {(r["probe"], r["host"], r["protocol"], r["port"]) for r in results if r["expect"] == "closed"}
    for address in ("203.0.113.10", "203.0.113.11", "203.0.113.12", "172.16.10.10"):
        assert ("internet", address, "tcp", 8057) in closed and ("internet", address, "tcp", 5062) in closed
    # The Edge opens no TCP 443 or UDP 3478 into the internal network.
    for address in ("10.1.0.10", "10.1.0.20"):
        assert ("edge", address, "tcp", 443) in closed and ("edge", address, "udp", 3478) in closed
    stun = [r for r in results if r["method"] == "stun" and r["expect"] == "open"]
    assert stun and all(r["how"].startswith("STUN success") for r in stun), stun
    n = len(results)
    assert f"{n} checks from {len(probes)} probe place(s)" in first.stdout and "0 mismatches" in first.stdout


def test_the_sweep_shows_exact_sets_from_every_probe_place(first, report):
    flows, probes, _plan_checks, plan_sweep = _lab_model()
    sweeps = {s["probe"]: s for s in report["sweeps"]}
    assert sorted(sweeps) == sorted(probes)
    for name, hv in probes.items():
        sweep = sweeps[name]
        plan = plan_sweep(flows, hv["ocs_port_check_from"], probe_address=hv.get("ocs_port_check_source"),
                          targets=hv.get("ocs_port_check_sweep_targets"))
        observed = {(r["host"], r["protocol"]): r["observed"] for r in sweep["rows"] if not r.get("skipped")}
        wanted = {(r["host"], p): r[p]["through"] for r in plan for p in ("tcp", "udp")
                  if (r["host"], p) in observed}
        assert observed == wanted, name
        summary = sweep["summary"]
        assert summary["ok"] and summary["extra"] == summary["missing"] == 0, summary
        assert summary["pairs"] == 65535 * len(observed) and summary["pairs"] > 0
        line = re.search(rf"^demo: sweep from {re.escape(name)} \(.*\): ([\d,]+) address/port pairs .*"
                         rf"exactly ([\d,]+) get through, (all modelled|none modelled, none open) in ([\d.]+) s",
                         first.stdout, re.M)
        assert line, f"no sweep figures for {name} in:\n{first.stdout}"
        assert int(line.group(1).replace(",", "")) == summary["pairs"]
        assert int(line.group(2).replace(",", "")) == summary["through"]
        print(f"\nsweep from {name}: {summary['pairs']:,} pairs, {summary['through']:,} get through, "
              f"{line.group(4)} s")
    # The Mediation Server's A/V authentication and relay get through to the A/V Edge's internal address;
    # from the Edge's internal side only SIP reaches the Front End, nothing else of the internal network.
    mediation = {(r["host"], r["protocol"]): r["observed"] for r in sweeps["mediation"]["rows"]}
    assert mediation[("172.16.10.10", "tcp")] == "443,5062" and mediation[("172.16.10.10", "udp")] == "3478"
    edge = {(r["host"], r["protocol"]): r["observed"] for r in sweeps["edge"]["rows"] if not r.get("skipped")}
    assert edge == {("10.1.0.10", "tcp"): "5061", ("10.1.0.10", "udp"): "",
                    ("10.1.0.20", "tcp"): "", ("10.1.0.20", "udp"): ""}


def test_first_run_says_where_the_matrix_and_the_diagram_went(first, out):
    for path in (out / "port-matrix" / "port-matrix.html", out / "port-matrix" / "port-flows.svg"):
        assert str(path.parent) in first.stdout
    matrix = out / "port-matrix"
    for name in ("port-matrix.md", "port-matrix.csv", "port-matrix.html", "port-flows.dot", "port-flows.svg",
                 "port-flows.png"):
        assert (matrix / name).stat().st_size > 0, name
    assert ET.parse(matrix / "port-flows.svg").getroot().tag.endswith("svg")
    png = (matrix / "port-flows.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and struct.unpack("!II", png[16:24])[0] > 500
    assert "<svg" in (matrix / "port-matrix.html").read_text(encoding="utf-8")


def test_second_run_reuses_the_lab_and_changes_nothing(first, second):
    assert "lab demo is already up: reusing it" in second.stdout
    assert summary(second.stdout, "site") == dict(summary(second.stdout, "site"), changed=0, failed=0, unreachable=0)
    assert summary(second.stdout, "verify")["changed"] == 0
    assert "0 mismatches" in second.stdout
    print(f"\nfirst run {first.seconds:.1f} s, second run {second.seconds:.1f} s")


def _verify_with(tmp_path, lab_inventory, override):
    """verify.yml on the lab with an extra inventory that breaks one host's connection settings."""
    extra = tmp_path / "override.yml"
    extra.write_text(yaml.safe_dump({"all": {"hosts": override}}))
    env = dict(os.environ, OCS_DEMO_DIR=str(tmp_path), ANSIBLE_NOCOLOR="1", ANSIBLE_PIPELINING="1",
               ANSIBLE_COLLECTIONS_PATH=f"{REPO}/build/collections:{REPO}/build/deps",
               ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false", ANSIBLE_SSH_CONTROL_PATH_DIR=f"{STATE}-ssh",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run(["ansible-playbook", "-i", str(LAB_INVENTORY), "-i", str(lab_inventory), "-i", str(extra),
                           str(REPO / "playbooks" / "verify.yml"), "-e", "ocs_port_check_connect_timeout=5",
                           # The faults are about reachability; the sweep is proven by the runs above.
                           "-e", "ocs_port_check_sweep=false"],
                          cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600, check=False)


def _listeners_left():
    return [p for p in leftovers() if "ocs_port_probe.py listen" in p]


def test_a_probe_host_that_cannot_be_reached_is_named_and_the_rest_still_runs(second, lab_inventory, tmp_path):
    proc = _verify_with(tmp_path, lab_inventory, {"internet": {"ansible_port": 2}})
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, explain(proc)
    assert TRACEBACK not in output, explain(proc)
    assert re.search(r"probe host internet \(\S+\) cannot be reached", output), explain(proc)
    assert "Is the lab up?" in output
    data = json.loads((tmp_path / "reachability.json").read_text(encoding="utf-8"))
    assert "internet" not in data["probed"] and data["probed"] and all(r["ok"] for r in data["results"])
    assert any(e.startswith("internet: probe host internet") for e in data["errors"]), data["errors"]
    assert not _listeners_left(), "the listeners were not stopped"


def test_a_target_that_refuses_ssh_is_named(second, lab_inventory, tmp_path):
    proc = _verify_with(tmp_path, lab_inventory, {"edge": {"ansible_port": 2}})
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, explain(proc)
    assert TRACEBACK not in output, explain(proc)
    assert "cannot start listeners on target edge" in output and "refuses the connection" in output, explain(proc)
    data = json.loads((tmp_path / "reachability.json").read_text(encoding="utf-8"))
    assert any(e.startswith("edge: cannot start listeners") for e in data["errors"]), data["errors"]
    assert not _listeners_left(), "the listeners were not stopped"


def _kill_one_host(name):
    state = json.loads((STATE / "state.json").read_text(encoding="utf-8"))
    pid = state["pids"][name]  # the nspawn this lab's `up` started
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 20
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            break
        if stat.rsplit(")", 1)[1].split()[0] in ("Z", "X"):
            break
        time.sleep(0.2)


def test_a_half_torn_down_lab_is_rebuilt_by_the_next_run(second, out):
    _kill_one_host("edge")
    status = demo("status", out)
    assert "lab demo: unhealthy" in status.stdout, explain(status)
    proc = demo("up", out)
    assert proc.returncode == 0, explain(proc)
    assert "half up or half torn down: cleaning it up and building it again" in proc.stdout
    assert "0 mismatches" in proc.stdout


def test_down_leaves_nothing_behind_even_when_half_torn_down(second, out):
    _kill_one_host("fw-int")
    subprocess.run(["ip", "netns", "del", f"ocslab_{LAB}_fw-int"], capture_output=True, check=False)
    proc = demo("down", out)
    assert proc.returncode == 0, explain(proc)
    assert "lab demo is gone" in proc.stdout
    assert leftovers() == []
    again = demo("down", out)
    assert again.returncode == 0 and leftovers() == [], explain(again)


def test_make_demo_and_demo_down_run_tools_demo_sh():
    for target, command in (("demo", "tools/demo.sh up"), ("demo-down", "tools/demo.sh down")):
        proc = subprocess.run(["make", "-n", target], cwd=REPO, capture_output=True, text=True, check=False)
        assert proc.returncode == 0 and command in proc.stdout, f"make -n {target}:\n{proc.stdout}{proc.stderr}"
