#!/usr/bin/env python
"""Network labs of real test hosts: systemd-nspawn containers in network namespaces.

    lab.py up SPEC.yml [--json] [--timeout S]
    lab.py down SPEC.yml | --name NAME
    lab.py status

A spec names L2 segments and hosts with their interfaces (see
extensions/molecule/lab_smoke/lab.yml). Layout of a lab called NAME:

* namespace ``ocslab_NAME`` holds one bridge per segment plus ``brmgmt``, so the
  machine's own netfilter is never in the path of lab traffic;
* every host has its own namespace ``ocslab_NAME_HOST`` with ``mgmt0`` (on the
  management segment) and ``eth0``, ``eth1``, ... in spec order, each a veth
  whose other end is a port of the segment's bridge;
* the controller (root namespace) reaches the management segment through one
  veth ``ocs-NAME`` holding the first address of the management subnet;
* each host boots the shared rootfs (tools/lab/rootfs.sh) with
  ``--volatile=overlay``, so hosts never write to it.

State (key, logs, inventory.yml, instance_config.yml, state.json) lives in
``${OCS_LAB_STATE:-/run/ocs-lab}/NAME/``. Runs as root; stdlib + PyYAML only.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
import zlib
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
STATE_ROOT = Path(os.environ.get("OCS_LAB_STATE", "/run/ocs-lab"))
ROOTFS = Path(os.environ.get("OCS_LAB_ROOTFS", "/var/cache/ocs-firewall/rootfs-bookworm"))
NETNS_DIR = Path("/run/netns")
NS_PREFIX = "ocslab_"
BOOT_TIMEOUT = 120  # seconds for all hosts to answer SSH
STOP_TIMEOUT = 20  # seconds between SIGTERM and SIGKILL
# Every host: no ICMP type rate-limited (icmp_ratemask 0 also bypasses the global icmp_msgs_per_sec
# budget) and no per-destination interval, so a UDP port sweep reads right.
ICMP_NO_RATELIMIT = {"net.ipv4.icmp_ratemask": "0", "net.ipv4.icmp_ratelimit": "0", "net.ipv6.icmp.ratelimit": "0"}

# Lab names end up in interface names (ocs-NAME <= 15 chars) and, since they
# hold no "_", keep the namespace prefix ocslab_NAME_ unambiguous.
LAB_NAME_RE = re.compile(r"^[a-z][a-z0-9-]{0,10}$")
HOST_NAME_RE = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
SEGMENT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
MGMT_SEGMENT = "management"
# Management subnets come from the benchmarking range 198.18.0.0/15. The root
# namespace keeps an "unreachable" route for all of it, so packets for a lab
# that is down fail at once instead of leaving the machine by its default route.
MGMT_RANGE = ipaddress.IPv4Network("198.18.0.0/15")
SSH_OPTS = [
    "-o", "BatchMode=yes",
    "-o", "IdentitiesOnly=yes",
    "-o", "StrictHostKeyChecking=no",
    "-o", "UserKnownHostsFile=/dev/null",
    "-o", "LogLevel=ERROR",
]


class LabError(Exception):
    """A failure with a message meant for the user."""


def log(msg: str) -> None:
    print(f"lab.py: {msg}", file=sys.stderr, flush=True)


def run(cmd: list[str], check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if check and proc.returncode != 0:
        raise LabError(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.strip()}")
    return proc


# --------------------------------------------------------------------------- spec


def load_spec(path: str) -> dict:
    try:
        spec = yaml.safe_load(Path(path).read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise LabError(f"cannot read spec {path}: {exc}") from exc
    if not isinstance(spec, dict):
        raise LabError(f"spec {path} is not a mapping")
    return spec


def default_management(name: str) -> str:
    # Deterministic per lab name, so a lab keeps its addresses across runs.
    return f"198.18.{1 + zlib.crc32(name.encode()) % 254}.0/24"


def mac_for(first_address: str | None, salt: str) -> str:
    """Fixed MAC from the interface's first IPv4 address (02:00:a:b:c:d).

    Recreated hosts keep their MAC, so neighbours' ARP caches never go stale.
    """
    if first_address:
        ip = ipaddress.ip_interface(first_address).ip
        if ip.version == 4:
            return "02:00:" + ":".join(f"{b:02x}" for b in ip.packed)
    digest = zlib.crc32(salt.encode()).to_bytes(4, "big")
    return "02:01:" + ":".join(f"{b:02x}" for b in digest)


def make_plan(spec: dict) -> dict:
    """Validate a spec and derive every name and address the lab will use."""
    name = spec.get("name")
    if not isinstance(name, str) or not LAB_NAME_RE.match(name):
        raise LabError(f"lab name {name!r} must match {LAB_NAME_RE.pattern} (it prefixes interface names)")
    unknown = set(spec) - {"name", "segments", "hosts", "management"}
    if unknown:
        raise LabError(f"unknown spec keys: {sorted(unknown)}")

    segments = spec.get("segments") or []
    if not isinstance(segments, list) or len(set(segments)) != len(segments):
        raise LabError("segments must be a list of unique names")
    for seg in segments:
        if not isinstance(seg, str) or not SEGMENT_RE.match(seg) or seg == MGMT_SEGMENT:
            raise LabError(f"bad segment name {seg!r} ({MGMT_SEGMENT!r} is reserved)")
    bridges = {seg: f"br{i}" for i, seg in enumerate(segments)}

    try:
        mgmt_net = ipaddress.IPv4Network(spec.get("management") or default_management(name))
    except ValueError as exc:
        raise LabError(f"bad management subnet: {exc}") from exc
    if not mgmt_net.subnet_of(MGMT_RANGE):
        raise LabError(f"management subnet {mgmt_net} must lie inside {MGMT_RANGE}")
    hosts_spec = spec.get("hosts") or []
    if not isinstance(hosts_spec, list) or not hosts_spec:
        raise LabError("hosts must be a non-empty list")
    if mgmt_net.num_addresses < len(hosts_spec) + 12:
        raise LabError(f"management subnet {mgmt_net} is too small for {len(hosts_spec)} hosts")

    seen_addresses: dict[tuple[str, str], str] = {}
    hosts = []
    for index, h in enumerate(hosts_spec):
        hname = h.get("name") if isinstance(h, dict) else None
        if not isinstance(hname, str) or not HOST_NAME_RE.match(hname):
            raise LabError(f"host name {hname!r} must match {HOST_NAME_RE.pattern}")
        if any(x["name"] == hname for x in hosts):
            raise LabError(f"duplicate host {hname}")
        unknown = set(h) - {"name", "interfaces", "routes", "forwarding"}
        if unknown:
            raise LabError(f"host {hname}: unknown keys {sorted(unknown)}")

        mgmt_addr = f"{mgmt_net.network_address + 10 + index}/{mgmt_net.prefixlen}"
        interfaces = [{
            "name": "mgmt0",
            "segment": MGMT_SEGMENT,
            "bridge": "brmgmt",
            "addresses": [mgmt_addr],
            "mac": mac_for(mgmt_addr, f"{name}/{hname}/mgmt0"),
            "leg": f"h{index}-mgmt0",
        }]
        for n, iface in enumerate(h.get("interfaces") or []):
            ifname = f"eth{n}"
            if not isinstance(iface, dict) or iface.get("segment") not in bridges:
                raise LabError(f"host {hname} {ifname}: segment must be one of {segments}")
            unknown = set(iface) - {"segment", "address", "addresses"}
            if unknown:
                raise LabError(f"host {hname} {ifname}: unknown keys {sorted(unknown)}")
            addresses = list(iface.get("addresses") or [])
            if iface.get("address"):
                addresses.insert(0, iface["address"])
            for a in addresses:
                try:
                    ipaddress.ip_interface(a)
                except ValueError as exc:
                    raise LabError(f"host {hname} {ifname}: bad address {a!r}: {exc}") from exc
                if "/" not in str(a):
                    raise LabError(f"host {hname} {ifname}: address {a} needs a prefix length")
                key = (iface["segment"], str(ipaddress.ip_interface(a).ip))
                if key in seen_addresses:
                    raise LabError(f"address {a} used twice on segment {iface['segment']}")
                seen_addresses[key] = hname
            interfaces.append({
                "name": ifname,
                "segment": iface["segment"],
                "bridge": bridges[iface["segment"]],
                "addresses": addresses,
                "mac": mac_for(addresses[0] if addresses else None, f"{name}/{hname}/{ifname}"),
                "leg": f"h{index}-{ifname}",
            })

        routes = []
        for r in h.get("routes") or []:
            if not isinstance(r, dict) or "to" not in r or not (r.get("via") or r.get("dev")):
                raise LabError(f"host {hname}: route {r!r} needs 'to' and 'via' or 'dev'")
            if r.get("via") and ipaddress.ip_address(r["via"]) in mgmt_net:
                # The management segment leads to the controller: never route lab traffic there.
                raise LabError(f"host {hname}: route via the management subnet is not allowed")
            routes.append({k: str(r[k]) for k in ("to", "via", "dev", "metric") if r.get(k) is not None})

        hosts.append({
            "name": hname,
            "netns": f"{NS_PREFIX}{name}_{hname}",
            # The machine name must be unique on the machine; the hostname stays short.
            "machine": f"{NS_PREFIX}{name}_{hname}".replace("_", "-"),
            "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"ocs-lab:{name}:{hname}")),
            "mgmt_address": mgmt_addr.split("/", maxsplit=1)[0],
            "interfaces": interfaces,
            "routes": routes,
            "forwarding": bool(h.get("forwarding", False)),
        })

    return {
        "name": name,
        "segments": segments,
        "bridges": bridges,
        "bridge_netns": f"{NS_PREFIX}{name}",
        "controller_if": f"ocs-{name}",
        "controller_address": f"{mgmt_net.network_address + 1}/{mgmt_net.prefixlen}",
        "management": str(mgmt_net),
        "rootfs": str(ROOTFS),
        "hosts": hosts,
    }


# --------------------------------------------------------------------------- processes


def pids() -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def is_running(pid: int) -> bool:
    """True for a live process; zombies count as gone (PID 1 here reaps late)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return []


def parent(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return int(re.search(r"^PPid:\s*(\d+)", status, re.M).group(1))


def nspawn_pids(netns: str) -> list[int]:
    """The nspawn process booting a container in namespace NETNS.

    Early in a boot nspawn has forked helpers with the same command line:
    only the top one (whose parent is no such helper) is the container's handle.
    """
    arg = f"--network-namespace-path={NETNS_DIR / netns}"
    found = [p for p in pids() if arg in cmdline(p) and is_running(p)]
    return [p for p in found if parent(p) not in found]


def netns_pids(netns: str) -> list[int]:
    """Every live process inside namespace NETNS (the container's processes)."""
    try:
        st = os.stat(NETNS_DIR / netns)
    except OSError:
        return []
    found = []
    for p in pids():
        try:
            pst = os.stat(f"/proc/{p}/ns/net")
        except OSError:
            continue
        if (pst.st_dev, pst.st_ino) == (st.st_dev, st.st_ino) and is_running(p):
            found.append(p)
    return found


def kill_all(pids_: list[int], sig: int) -> None:
    for p in pids_:
        try:
            os.kill(p, sig)
        except ProcessLookupError:
            pass


def wait_gone(pids_: list[int], timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    while True:
        alive = [p for p in pids_ if is_running(p)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


# --------------------------------------------------------------------------- state


def state_dir(name: str) -> Path:
    return STATE_ROOT / name


def read_state(name: str) -> dict | None:
    try:
        return json.loads((state_dir(name) / "state.json").read_text())
    except (OSError, ValueError):
        return None


def write_state(state: dict) -> None:
    path = state_dir(state["name"]) / "state.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")
    tmp.replace(path)


def lab_namespaces(name: str, plan: dict | None = None) -> tuple[list[str], str]:
    """Host namespaces of lab NAME (from the plan and from /run/netns) and its bridge namespace."""
    hosts = {h["netns"] for h in (plan or {}).get("hosts", [])}
    if NETNS_DIR.is_dir():
        hosts |= {n for n in os.listdir(NETNS_DIR) if n.startswith(f"{NS_PREFIX}{name}_")}
    return sorted(hosts), f"{NS_PREFIX}{name}"


def leftovers(name: str) -> list[str]:
    """What of lab NAME still exists on the machine (namespaces, processes, root veth)."""
    found = []
    host_ns, bridge_ns = lab_namespaces(name)
    for ns in host_ns + [bridge_ns]:
        procs = set(nspawn_pids(ns) + netns_pids(ns))
        if (NETNS_DIR / ns).exists() or procs:
            found.append(f"namespace {ns} ({len(procs)} processes)")
    if Path(f"/sys/class/net/ocs-{name}").exists():
        found.append(f"interface ocs-{name}")
    found += [f"mount {m}" for m in lab_mounts(name)]
    return found


def lab_mounts(name: str) -> list[str]:
    with open("/proc/self/mounts") as f:
        targets = [line.split()[1] for line in f]
    own = f"{NETNS_DIR}/{NS_PREFIX}{name}"
    return [t for t in targets if t == own or t.startswith(f"{own}_")]


# --------------------------------------------------------------------------- down


def teardown(name: str, plan: dict | None = None) -> None:
    """Stop the lab's hosts and delete its namespaces, veths and state files.

    Works from what is found on the machine, so it is safe on a half-built lab
    or one that is already gone.
    """
    host_ns, bridge_ns = lab_namespaces(name, plan)

    # Clean poweroff first: nspawn turns SIGTERM into a container shutdown.
    nspawns = [p for ns in host_ns for p in nspawn_pids(ns)]
    if nspawns:
        log(f"{name}: stopping {len(nspawns)} host(s)")
        deadline = time.monotonic() + STOP_TIMEOUT
        stuck = nspawns
        while stuck and time.monotonic() < deadline:
            # Repeated: a SIGTERM that lands before the container's systemd has
            # its signal handlers is lost (nspawn forwards it as SIGRTMIN+3).
            kill_all(stuck, signal.SIGTERM)
            stuck = wait_gone(stuck, 2)
        if stuck:
            log(f"{name}: hosts did not stop within {STOP_TIMEOUT}s, killing {stuck}")
    # Anything still alive in the namespaces (or a stuck nspawn) is killed.
    rest = [p for ns in host_ns + [bridge_ns] for p in nspawn_pids(ns) + netns_pids(ns)]
    if rest:
        kill_all(rest, signal.SIGKILL)
        if wait_gone(rest, 10):
            raise LabError(f"{name}: processes survive SIGKILL: {rest}")

    if Path(f"/sys/class/net/ocs-{name}").exists():
        run(["ip", "link", "del", f"ocs-{name}"], check=False)
    for ns in host_ns + [bridge_ns]:
        if (NETNS_DIR / ns).exists():
            run(["ip", "netns", "del", ns], check=False)
    for m in lab_mounts(name):  # only if `ip netns del` could not unmount
        run(["umount", "-l", m], check=False)
        Path(m).unlink(missing_ok=True)

    # Keep the key and the host logs (useful after a failure); drop the rest.
    for f in ("state.json", "inventory.yml", "hostvars.yml", "instance_config.yml"):
        (state_dir(name) / f).unlink(missing_ok=True)

    left = leftovers(name)
    if left:
        raise LabError(f"{name}: could not remove: {', '.join(left)}")


# --------------------------------------------------------------------------- up


def ensure_safety_route() -> None:
    """Keep `unreachable 198.18.0.0/15` in the root namespace (see MGMT_RANGE).

    Lab management subnets are more specific routes and win over it. It is
    deliberately left in place by `down`: it matters most once a lab is gone.
    """
    # `replace` is idempotent, so two labs coming up at once do not race on `add`.
    run(["ip", "route", "replace", "unreachable", str(MGMT_RANGE)])


def check_management_free(plan: dict) -> None:
    """Refuse a management subnet that the machine already routes elsewhere."""
    net = ipaddress.IPv4Network(plan["management"])
    for route in json.loads(run(["ip", "-4", "-j", "route", "show"]).stdout or "[]"):
        dst = route.get("dst")
        if dst in (None, "default") or route.get("type") in ("unreachable", "blackhole", "prohibit"):
            continue
        if ipaddress.IPv4Network(dst, strict=False).overlaps(net):
            raise LabError(
                f"management subnet {net} is already in use on this machine "
                f"({dst} dev {route.get('dev')}); set 'management: 198.18.X.0/24' in the spec"
            )


def sysctl(netns: str, key: str, value: str) -> None:
    run(["ip", "netns", "exec", netns, "sysctl", "-qw", f"{key}={value}"])


def ip_family(address: str) -> str:
    return "-6" if ":" in address else "-4"


def build_network(plan: dict) -> None:
    br = plan["bridge_netns"]
    run(["ip", "netns", "add", br])
    run(["ip", "-n", br, "link", "set", "lo", "up"])
    # Bridges only switch frames: no IPv6 chatter from their ports.
    sysctl(br, "net.ipv6.conf.all.disable_ipv6", "1")
    sysctl(br, "net.ipv6.conf.default.disable_ipv6", "1")
    for bridge in ["brmgmt", *plan["bridges"].values()]:
        run(["ip", "-n", br, "link", "add", bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0"])
        run(["ip", "-n", br, "link", "set", bridge, "up"])

    ctl = plan["controller_if"]
    run(["ip", "link", "add", ctl, "type", "veth", "peer", "name", "ctl", "netns", br])
    run(["ip", "addr", "add", plan["controller_address"], "dev", ctl])
    run(["ip", "link", "set", ctl, "up"])
    run(["ip", "-n", br, "link", "set", "ctl", "master", "brmgmt", "up"])

    for host in plan["hosts"]:
        ns = host["netns"]
        run(["ip", "netns", "add", ns])
        run(["ip", "-n", ns, "link", "set", "lo", "up"])
        for iface in host["interfaces"]:
            run(["ip", "-n", br, "link", "add", iface["leg"], "type", "veth",
                 "peer", "name", iface["name"], "address", iface["mac"], "netns", ns])
            run(["ip", "-n", br, "link", "set", iface["leg"], "master", iface["bridge"], "up"])
            for a in iface["addresses"]:
                extra = ["nodad"] if ":" in a else []  # v6 usable at once
                run(["ip", "-n", ns, "addr", "add", a, "dev", iface["name"], *extra])
            run(["ip", "-n", ns, "link", "set", iface["name"], "up"])
        for r in host["routes"]:
            cmd = ["ip", "-n", ns, ip_family(r.get("via") or r["to"]), "route", "add", r["to"]]
            for k in ("via", "dev", "metric"):
                if k in r:
                    cmd += [k, r[k]]
            run(cmd)
        fwd = "1" if host["forwarding"] else "0"
        # No ICMP rate limit (per namespace): a port sweep reads every ICMP port unreachable of a
        # target and every reject of a gateway; rate-limited ones would look like drops.
        for key, value in ICMP_NO_RATELIMIT.items():
            sysctl(ns, key, value)
        sysctl(ns, "net.ipv4.ip_forward", fwd)
        sysctl(ns, "net.ipv6.conf.all.forwarding", fwd)


def start_host(plan: dict, host: dict, key: Path) -> int:
    logfile = state_dir(plan["name"]) / f"{host['name']}.log"
    cmd = [
        "systemd-nspawn", "-D", plan["rootfs"], "--boot",
        # No machined on this machine (PID 1 is not systemd): do not register.
        "--register=no", "--keep-unit", "--volatile=overlay",
        f"--machine={host['machine']}", f"--hostname={host['name']}", f"--uuid={host['uuid']}",
        f"--network-namespace-path={NETNS_DIR / host['netns']}",
        "--capability=CAP_NET_ADMIN,CAP_NET_RAW",
        f"--bind-ro={key}.pub:/root/.ssh/authorized_keys",
        "--console=passive",
    ]
    # /proc/sys/net writable inside, so firewalld and sysctl work.
    env = dict(os.environ, SYSTEMD_NSPAWN_API_VFS_WRITABLE="network")
    with open(logfile, "wb") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                env=env, start_new_session=True)  # setsid: outlives lab.py
    return proc.pid


def log_tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def ssh_ok(address: str, key: Path) -> tuple[bool, str]:
    proc = subprocess.run(["ssh", "-i", str(key), *SSH_OPTS, "-o", "ConnectTimeout=3",
                           f"root@{address}", "true"], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          check=False)
    return proc.returncode == 0, proc.stderr.strip()


def wait_ssh(plan: dict, pids_: dict[str, int], key: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    waiting = {h["name"]: h for h in plan["hosts"]}
    last_err: dict[str, str] = {}
    while waiting:
        for name, host in list(waiting.items()):
            if not is_running(pids_[name]):
                logfile = state_dir(plan["name"]) / f"{name}.log"
                raise LabError(f"host {name} exited during boot; last lines of {logfile}:\n{log_tail(logfile)}")
            ok, err = ssh_ok(host["mgmt_address"], key)
            if ok:
                del waiting[name]
            else:
                last_err[name] = err
        if waiting and time.monotonic() > deadline:
            parts = []
            for name, host in waiting.items():
                logfile = state_dir(plan["name"]) / f"{name}.log"
                parts.append(f"host {name} ({host['mgmt_address']}) did not answer SSH within {timeout:.0f}s "
                             f"(ssh: {last_err.get(name) or 'no error'}); last lines of {logfile}:\n{log_tail(logfile)}")
            raise LabError("\n".join(parts))
        if waiting:
            time.sleep(0.5)


def host_vars(host: dict, with_connection: bool, key: Path) -> dict:
    hv = {
        "ansible_python_interpreter": "/usr/bin/python3",
        "lab_netns": host["netns"],
        "lab_interfaces": [
            {"name": i["name"], "segment": i["segment"], "addresses": i["addresses"], "mac": i["mac"]}
            for i in host["interfaces"]
        ],
    }
    if with_connection:
        hv.update({
            "ansible_host": host["mgmt_address"],
            "ansible_user": "root",
            "ansible_ssh_private_key_file": str(key),
            "ansible_ssh_common_args": "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null",
        })
    return hv


def write_outputs(plan: dict, key: Path) -> dict:
    sd = state_dir(plan["name"])
    inventory = {"all": {"hosts": {h["name"]: host_vars(h, True, key) for h in plan["hosts"]}}}
    # hostvars.yml: the lab's own variables only, to sit next to another
    # inventory that already has the connection settings (molecule's).
    hostvars = {"all": {"hosts": {h["name"]: host_vars(h, False, key) for h in plan["hosts"]}}}
    instances = [
        {"instance": h["name"], "address": h["mgmt_address"], "user": "root", "port": 22, "identity_file": str(key)}
        for h in plan["hosts"]
    ]
    files = {"inventory.yml": inventory, "hostvars.yml": hostvars, "instance_config.yml": instances}
    for fname, data in files.items():
        (sd / fname).write_text("# Written by tools/lab/lab.py\n" + yaml.safe_dump(data, sort_keys=False))
    return {
        "name": plan["name"],
        "state_dir": str(sd),
        "key": str(key),
        **{f.split(".")[0]: str(sd / f) for f in files},
        "hosts": {h["name"]: h["mgmt_address"] for h in plan["hosts"]},
    }


def lab_alive(state: dict) -> bool:
    for h in state["plan"]["hosts"]:
        pid = state.get("pids", {}).get(h["name"])
        if not pid or pid not in nspawn_pids(h["netns"]):
            return False
    return True


def cmd_up(args: argparse.Namespace) -> dict:
    spec = load_spec(args.spec)
    if args.name:  # the same hosts as another lab, side by side with it (own namespaces, management subnet)
        spec = dict(spec, name=args.name)
    plan = make_plan(spec)
    name = plan["name"]
    sd = state_dir(name)
    key = sd / "id_ed25519"

    state = read_state(name)
    if state and state.get("complete"):
        if state["plan"] != plan:
            raise LabError(f"lab {name} is already up with a different spec; "
                           f"run `lab.py down --name {name}` first")
        if lab_alive(state):
            log(f"lab {name} is already up with this spec: reusing it")
            wait_ssh(plan, state["pids"], key, args.timeout)
            return write_outputs(plan, key)
        log(f"lab {name} was up but its hosts are gone: rebuilding")
    left = leftovers(name)
    if left or state:
        log(f"cleaning up what is left of lab {name}: {', '.join(left) or 'state files'}")
        teardown(name, state["plan"] if state else None)

    start = time.monotonic()
    # Builds the rootfs on first use, returns at once when cached; its messages go to stderr.
    if subprocess.run([str(HERE / "rootfs.sh")], stdout=sys.stderr, check=False).returncode != 0:
        raise LabError("tools/lab/rootfs.sh failed")
    ensure_safety_route()
    check_management_free(plan)
    sd.mkdir(parents=True, exist_ok=True)
    sd.chmod(0o700)
    if not key.exists():
        run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"ocs-lab-{name}", "-f", str(key)])

    state = {"name": name, "plan": plan, "pids": {}, "complete": False}
    write_state(state)  # written early so `down` and `up` know about a half-built lab
    try:
        build_network(plan)
        for host in plan["hosts"]:
            state["pids"][host["name"]] = start_host(plan, host, key)
        write_state(state)
        wait_ssh(plan, state["pids"], key, args.timeout)
    except BaseException:
        log(f"lab {name} failed to come up: tearing it down (host logs stay in {sd})")
        try:
            teardown(name, plan)
        except LabError as exc:
            log(str(exc))
        raise
    state["complete"] = True
    state["started"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    write_state(state)
    result = write_outputs(plan, key)
    log(f"lab {name} up in {time.monotonic() - start:.1f}s: "
        + ", ".join(f"{h}={a}" for h, a in result["hosts"].items()) + f"; inventory {result['inventory']}")
    return result


def cmd_down(args: argparse.Namespace) -> None:
    name = args.name or load_spec(args.spec).get("name")
    if not isinstance(name, str) or not LAB_NAME_RE.match(name):
        raise LabError(f"bad lab name {name!r}")
    state = read_state(name)
    start = time.monotonic()
    teardown(name, state["plan"] if state else None)
    log(f"lab {name} is down ({time.monotonic() - start:.1f}s)")


def cmd_status(_args: argparse.Namespace) -> None:
    names = set()
    if STATE_ROOT.is_dir():
        names |= {d.name for d in STATE_ROOT.iterdir() if (d / "state.json").exists()}
    if NETNS_DIR.is_dir():
        names |= {n[len(NS_PREFIX):].split("_")[0] for n in os.listdir(NETNS_DIR) if n.startswith(NS_PREFIX)}
    if not names:
        print("no labs")
    for name in sorted(names):
        state = read_state(name)
        if not state:
            print(f"{name}: no state, leftovers: {', '.join(leftovers(name)) or 'none'}")
            continue
        alive = lab_alive(state)
        print(f"{name}: {'up' if alive and state.get('complete') else 'NOT healthy'} "
              f"(management {state['plan']['management']}, state {state_dir(name)})")
        for h in state["plan"]["hosts"]:
            pid = state["pids"].get(h["name"])
            running = bool(pid) and pid in nspawn_pids(h["netns"])
            addrs = " ".join(f"{i['name']}={','.join(i['addresses']) or '-'}" for i in h["interfaces"])
            print(f"  {h['name']:<12} {'running' if running else 'stopped':<8} pid={pid} {addrs}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="create and boot a lab")
    up.add_argument("spec")
    up.add_argument("--json", action="store_true", help="print file paths as JSON on stdout")
    up.add_argument("--timeout", type=float, default=float(os.environ.get("OCS_LAB_BOOT_TIMEOUT", BOOT_TIMEOUT)),
                    help="seconds to wait for all hosts to answer SSH")
    up.add_argument("--name", help="the lab's name instead of the spec's (then `down --name NAME` removes it)")
    down = sub.add_parser("down", help="stop a lab and remove everything it made")
    target = down.add_mutually_exclusive_group(required=True)
    target.add_argument("spec", nargs="?")
    target.add_argument("--name")
    sub.add_parser("status", help="list labs")
    args = parser.parse_args(argv)

    if os.geteuid() != 0:
        log("must run as root")
        return 1
    try:
        if args.command == "up":
            result = cmd_up(args)
            if args.json:
                print(json.dumps(result))
        elif args.command == "down":
            cmd_down(args)
        else:
            cmd_status(args)
    except LabError as exc:
        log(f"error: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
