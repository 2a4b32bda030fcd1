#!/usr/bin/env python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reachability probes and lab listeners for the ocs.firewall.port_check role (stdlib only).

    ocs_port_probe.py check B64JSON      run the checks, print {"results": [...]} as JSON
    ocs_port_probe.py listen --tcp 443,5061 --udp 3478 [--tag T] [--timeout S] [--bind A,B] [--foreground]
    ocs_port_probe.py stop [--tag T]      stop the listeners started with that tag
    ocs_port_probe.py sweep B64JSON      sweep whole port ranges with nmap, print {"results": [...]} as JSON

Only what runs on a probe or target host is here; the tables are rendered on the controller by the
filters ocs.firewall.to_reachability_table and to_port_sweep_table.

check: B64JSON is base64 of {"checks": [...], "timeout": 2.0, "source": "", "workers": 16}; each check
has host, protocol, port, expect and method (tcp: a TCP connection; stun: a STUN Binding Request as
in RFC 5389, answered by a success or an error response; udp: a datagram that must be answered).
Every check is bounded by its timeout and goes only to the address it names.

sweep: B64JSON is base64 of {"targets": [{"host": ...}], "protocols": ["tcp", "udp"], "ports":
"1-65535", "source": "", "rate": 5000, "retries": 2, "nmap": "nmap", "timeout": 900, "options": [],
"source_port": 0, "notrack": false}.
It runs nmap (Debian's package; root for its SYN and UDP scans) once for all targets and sorts every
port into "gets through" (nmap's open or closed: the target itself answered with a connection, a TCP
reset or an ICMP port unreachable) or "blocked" (filtered or open|filtered: a firewall's reject, an
ICMP unreachable from another host, or no answer). A target that is one of the probe host's own
addresses is skipped. Results carry ranges, never one entry per port. Without nmap it fails with a
message saying what to install (no slower substitute is run in its place).

listen: a temporary listener for labs. It binds the TCP ports on every address and the UDP ports on
each local address (or both on the --bind addresses only) (a reply must leave from the address the request came to), with SO_REUSEPORT so
that several listeners can share a port; a port held by another service is left to that service.
It accepts and closes TCP connections, answers STUN Binding Requests with a Binding Success Response
carrying XOR-MAPPED-ADDRESS, echoes other datagrams, and exits after --timeout seconds (default 900)
or on SIGTERM. Without --foreground it detaches and prints {"pid": ..., "tcp": [...], "udp": [...],
"skipped": [...]} once every socket is bound.
"""

import base64
import binascii
import concurrent.futures
import errno
import json
import os
import selectors
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib

MAGIC_COOKIE = 0x2112A442
BINDING_REQUEST = 0x0001
BINDING_SUCCESS = 0x0101
BINDING_ERROR = 0x0111
ATTR_MAPPED_ADDRESS = 0x0001
ATTR_ERROR_CODE = 0x0009
ATTR_XOR_MAPPED_ADDRESS = 0x0020
ATTR_SOFTWARE = 0x8022
ATTR_FINGERPRINT = 0x8028
FINGERPRINT_XOR = 0x5354554E
SOFTWARE = b"ocs.firewall port_check"
DEFAULT_TAG = "ocs-port-check"
DEFAULT_LISTEN_TIMEOUT = 900.0


# --------------------------------------------------------------------------- STUN (RFC 5389)


def stun_binding_request(transaction_id=None):
    """A Binding Request without attributes: type, length 0, magic cookie, 96-bit transaction id."""
    transaction_id = os.urandom(12) if transaction_id is None else transaction_id
    if len(transaction_id) != 12:
        raise ValueError("a STUN transaction id has 12 bytes")
    return struct.pack("!HHI", BINDING_REQUEST, 0, MAGIC_COOKIE) + transaction_id


def _attribute(kind, value):
    padding = b"\0" * (-len(value) % 4)
    return struct.pack("!HH", kind, len(value)) + value + padding


def _xor_address(address, port, transaction_id):
    """XOR-MAPPED-ADDRESS value for an IPv4 or IPv6 address (RFC 5389 section 15.2)."""
    xport = port ^ (MAGIC_COOKIE >> 16)
    if ":" in address:
        raw = socket.inet_pton(socket.AF_INET6, address)
        key = struct.pack("!I", MAGIC_COOKIE) + transaction_id
        return struct.pack("!BBH", 0, 2, xport) + bytes(a ^ b for a, b in zip(raw, key))
    raw = struct.unpack("!I", socket.inet_aton(address))[0]
    return struct.pack("!BBHI", 0, 1, xport, raw ^ MAGIC_COOKIE)


def stun_binding_success(request, address, port):
    """The Binding Success Response to a Binding Request from (address, port), with
    XOR-MAPPED-ADDRESS, SOFTWARE and FINGERPRINT."""
    transaction_id = request[8:20]
    body = _attribute(ATTR_XOR_MAPPED_ADDRESS, _xor_address(address, port, transaction_id))
    body += _attribute(ATTR_SOFTWARE, SOFTWARE)
    # FINGERPRINT covers the message up to itself, with the length already counting it (8 bytes).
    header = struct.pack("!HHI", BINDING_SUCCESS, len(body) + 8, MAGIC_COOKIE) + transaction_id
    crc = (zlib.crc32(header + body) & 0xFFFFFFFF) ^ FINGERPRINT_XOR
    return header + body + _attribute(ATTR_FINGERPRINT, struct.pack("!I", crc))


def is_binding_request(data):
    if len(data) < 20:
        return False
    kind, length, cookie = struct.unpack("!HHI", data[:8])
    return kind == BINDING_REQUEST and cookie == MAGIC_COOKIE and length == len(data) - 20 and length % 4 == 0


def _attributes(data, length):
    offset, end = 20, 20 + length
    while offset + 4 <= end:
        kind, size = struct.unpack("!HH", data[offset:offset + 4])
        yield kind, data[offset + 4:offset + 4 + size]
        offset += 4 + size + (-size % 4)


def parse_stun_response(data, transaction_id):
    """A response to our request -> {'class': 'success'|'error', 'mapped': 'ip:port'|None,
    'error': 'code reason'|None}; None when the datagram is not a STUN response to it."""
    if len(data) < 20:
        return None
    kind, length = struct.unpack("!HH", data[:4])
    if kind not in (BINDING_SUCCESS, BINDING_ERROR) or len(data) < 20 + length:
        return None
    # RFC 5389 servers echo the magic cookie and the id; RFC 3489 (classic STUN, MS-TURN) servers
    # echo the whole 128-bit id, which is the same 16 bytes.
    if data[4:20] != struct.pack("!I", MAGIC_COOKIE) + transaction_id:
        return None
    result = {"class": "success" if kind == BINDING_SUCCESS else "error", "mapped": None, "error": None}
    for attr, value in _attributes(data, length):
        if attr == ATTR_XOR_MAPPED_ADDRESS and len(value) >= 8 and value[1] == 1:
            port = struct.unpack("!H", value[2:4])[0] ^ (MAGIC_COOKIE >> 16)
            raw = struct.unpack("!I", value[4:8])[0] ^ MAGIC_COOKIE
            result["mapped"] = f"{socket.inet_ntoa(struct.pack('!I', raw))}:{port}"
        elif attr == ATTR_MAPPED_ADDRESS and len(value) >= 8 and value[1] == 1 and not result["mapped"]:
            port = struct.unpack("!H", value[2:4])[0]
            result["mapped"] = f"{socket.inet_ntoa(value[4:8])}:{port}"
        elif attr == ATTR_ERROR_CODE and len(value) >= 4:
            code = (value[2] & 0x7) * 100 + value[3]
            result["error"] = f"{code} {value[4:].decode('utf-8', 'replace')}".strip()
    return result


# --------------------------------------------------------------------------- checks


def _reason(exc):
    if isinstance(exc, socket.timeout):
        return "no answer (timeout)"
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    code = getattr(exc, "errno", None)
    if code == errno.EHOSTUNREACH:
        return "rejected (ICMP host unreachable)"
    if code == errno.ENETUNREACH:
        return "no route (network unreachable)"
    if code in (errno.EACCES, errno.EPERM):
        return "rejected (administratively prohibited)"
    return f"{type(exc).__name__}: {exc}"


def check_tcp(host, port, timeout, source=None):
    try:
        with socket.create_connection((host, port), timeout=timeout,
                                      source_address=(source, 0) if source else None):
            return "open", "connected"
    except OSError as exc:
        return "closed", _reason(exc)


def _udp_exchange(host, port, timeout, source, payload, accept):
    """Send payload (again at a third and two thirds of the timeout) until accept(reply) gives a
    result; ICMP port unreachable shows as ConnectionRefusedError on the connected socket."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        if source:
            sock.bind((source, 0))
        deadline = time.monotonic() + timeout
        sends = [0.0, timeout / 3, 2 * timeout / 3]
        start = time.monotonic()
        try:
            sock.connect((host, port))
            while True:
                now = time.monotonic()
                while sends and now - start >= sends[0]:
                    sends.pop(0)
                    sock.send(payload)
                if now >= deadline:
                    return "closed", "no answer (timeout)"
                wait = deadline - now
                if sends:
                    wait = min(wait, start + sends[0] - now)
                sock.settimeout(max(wait, 0.01))
                try:
                    reply = sock.recv(2048)
                except socket.timeout:
                    continue
                verdict = accept(reply)
                if verdict:
                    return verdict
        except ConnectionRefusedError:
            return "closed", "refused (ICMP port unreachable)"
        except OSError as exc:
            return "closed", _reason(exc)


def check_stun(host, port, timeout, source=None):
    transaction_id = os.urandom(12)

    def accept(reply):
        parsed = parse_stun_response(reply, transaction_id)
        if parsed is None:
            return "answered (not STUN)", f"{len(reply)} bytes that are no STUN response"
        if parsed["class"] == "success":
            # The mapped address without its port: the port is random, the report stays the same.
            mapped = parsed["mapped"].rsplit(":", 1)[0] if parsed["mapped"] else "?"
            return "open", f"STUN success (mapped {mapped})"
        return "open", f"STUN error response ({parsed['error'] or 'no code'})"

    return _udp_exchange(host, port, timeout, source, stun_binding_request(transaction_id), accept)


def check_udp(host, port, timeout, source=None):
    payload = b"ocs.firewall port_check " + os.urandom(8).hex().encode()
    return _udp_exchange(host, port, timeout, source, payload,
                         lambda reply: ("open", "answered") if reply else None)


METHODS = {"tcp": check_tcp, "stun": check_stun, "udp": check_udp}


def run_one(check, timeout, source):
    method = check.get("method") or ("tcp" if check["protocol"] == "tcp" else "udp")
    observed, how = METHODS[method](check["host"], int(check["port"]), float(check.get("timeout", timeout)), source)
    return dict(check, observed=observed, how=how, ok=observed == check.get("expect"))


def run_checks(checks, timeout=2.0, source=None, workers=16):
    """Every check, concurrently (at most `workers` at a time), results in the order given."""
    if not checks:
        return []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(workers, len(checks)))) as pool:
        return list(pool.map(lambda c: run_one(c, timeout, source or None), checks))


# --------------------------------------------------------------------------- listeners


def _local_addresses(family):
    flag = "-4" if family == socket.AF_INET else "-6"
    try:
        out = subprocess.run(["ip", "-o", flag, "addr", "show"], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ["0.0.0.0"] if family == socket.AF_INET else []
    found = []
    for line in out.splitlines():
        parts = line.split()
        if "inet" in parts or "inet6" in parts:
            address = parts[parts.index("inet" if "inet" in parts else "inet6") + 1].split("/")[0]
            if family == socket.AF_INET6 and address.startswith("fe80:"):
                continue  # link-local needs a scope id; lab checks use global addresses
            found.append(address)
    return sorted(set(found))


def _socket(family, kind, address, port):
    sock = socket.socket(family, kind)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if hasattr(socket, "SO_REUSEPORT"):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    if family == socket.AF_INET6:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    try:
        sock.bind((address, port))
        if kind == socket.SOCK_STREAM:
            sock.listen(64)
    except OSError:
        sock.close()
        raise
    return sock


def _family(address):
    return socket.AF_INET6 if ":" in address else socket.AF_INET


def open_listeners(tcp_ports, udp_ports, bind=None):
    """Bind every port (on the addresses in bind, default all); returns ([(sock, kind)], report)."""
    sockets, report = [], {"tcp": [], "udp": [], "skipped": []}
    for port in tcp_ports:
        bound = False
        for address in bind or ["0.0.0.0"]:
            try:
                sockets.append((_socket(_family(address), socket.SOCK_STREAM, address, port), "tcp"))
                bound = True
            except OSError as exc:
                report["skipped"].append({"protocol": "tcp", "port": port, "address": address,
                                          "reason": _bind_reason(exc)})
        if bound:
            report["tcp"].append(port)
    if bind:
        addresses = [(_family(a), a) for a in bind]
    else:
        addresses = [(socket.AF_INET, a) for a in _local_addresses(socket.AF_INET)]
        addresses += [(socket.AF_INET6, a) for a in _local_addresses(socket.AF_INET6)]
    for port in udp_ports:
        bound = False
        for family, address in addresses:
            try:
                sockets.append((_socket(family, socket.SOCK_DGRAM, address, port), "udp"))
                bound = True
            except OSError as exc:
                report["skipped"].append({"protocol": "udp", "port": port, "address": address,
                                          "reason": _bind_reason(exc)})
        if bound:
            report["udp"].append(port)
    return sockets, report


def _bind_reason(exc):
    if getattr(exc, "errno", None) == errno.EADDRINUSE:
        return "in use by another service (it answers instead)"
    return f"{type(exc).__name__}: {exc}"


def serve(sockets, deadline):
    """Answer until the deadline or SIGTERM: TCP accept-and-close, STUN answers, UDP echo."""
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    sel = selectors.DefaultSelector()
    for sock, kind in sockets:
        sock.setblocking(False)
        sel.register(sock, selectors.EVENT_READ, kind)
    while not stop and time.monotonic() < deadline:
        for key, _mask in sel.select(timeout=min(1.0, max(0.0, deadline - time.monotonic()))):
            sock = key.fileobj
            try:
                if key.data == "tcp":
                    conn, _peer = sock.accept()
                    conn.close()
                    continue
                data, peer = sock.recvfrom(2048)
                if is_binding_request(data):
                    sock.sendto(stun_binding_success(data, peer[0], peer[1]), peer)
                else:
                    sock.sendto(data, peer)
            except OSError:
                continue  # a peer that went away; keep serving the others
    for sock, _kind in sockets:
        sock.close()


def listen(tcp_ports, udp_ports, tag, timeout, foreground, bind=None):
    deadline = time.monotonic() + timeout
    if foreground:
        sockets, report = open_listeners(tcp_ports, udp_ports, bind)
        print(json.dumps(dict(report, pid=os.getpid(), tag=tag)), flush=True)
        serve(sockets, deadline)
        return 0
    read_fd, write_fd = os.pipe()
    child = os.fork()
    if child:  # the caller: wait for the daemon to report its sockets, then return
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            message = pipe.read()
        os.waitpid(child, 0)
        if not message:
            print(json.dumps({"failed": True, "msg": "the listener died before it reported"}))
            return 1
        print(message.strip())
        return 0
    os.close(read_fd)
    os.setsid()
    if os.fork():
        os._exit(0)
    # The daemon: no terminal, no inherited stdio (or Ansible's session would wait for it).
    os.chdir("/")
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    try:
        sockets, report = open_listeners(tcp_ports, udp_ports, bind)
        message = json.dumps(dict(report, pid=os.getpid(), tag=tag))
    except Exception as exc:  # reported to the caller, never lost
        sockets, message = [], json.dumps({"failed": True, "msg": f"listener failed: {exc}"})
    os.write(write_fd, message.encode() + b"\n")
    os.close(write_fd)
    if sockets:
        serve(sockets, deadline)
    os._exit(0)


def _our_listeners(tag):
    """PIDs of listeners started by this script with this tag (not this process)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = f.read().decode(errors="replace").split("\0")
        except OSError:
            continue
        if (any(os.path.basename(a) == "ocs_port_probe.py" for a in argv) and "listen" in argv
                and "--tag" in argv and argv.index("--tag") + 1 < len(argv) and argv[argv.index("--tag") + 1] == tag):
            found.append(int(entry))
    return sorted(found)


def stop_listeners(tag, wait=5.0):
    pids = _our_listeners(tag)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + wait
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [p for p in alive if os.path.exists(f"/proc/{p}") and p in _our_listeners(tag)]
    for pid in alive:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return {"stopped": pids, "killed": alive, "tag": tag}


# --------------------------------------------------------------------------- sweep (nmap)

# nmap's port states that mean the target host itself answered (gets through); every other state
# (filtered, open|filtered, closed|filtered, unfiltered) counts as blocked.
THROUGH_STATES = ("open", "closed")
SWEEP_PROTOCOLS = ("tcp", "udp")
# With notrack, this host's own sweep packets (from the fixed source port) create no conntrack entries
# while nmap runs: an entry would let a later sweep of this host from that peer through (its packets
# match the entry's reply direction), and 65,535 entries per address fill the table.
NOTRACK_TABLE = "ocs_port_check_sweep"


def parse_ports(text):
    """'1-3,7' -> [(1, 3), (7, 7)] (merged, sorted); '' -> []."""
    ranges = []
    for item in str(text or "").split(","):
        item = item.strip()
        if not item:
            continue
        start, _sep, end = item.partition("-")
        start, end = int(start), int(end or start)
        if not 1 <= start <= end <= 65535:
            raise ValueError(f"bad port range {item!r}")
        ranges.append((start, end))
    return merge_ranges(ranges)


def merge_ranges(ranges):
    merged = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def ranges_text(ranges):
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


def ranges_size(ranges):
    return sum(b - a + 1 for a, b in ranges)


def subtract_ranges(ranges, cut):
    result = []
    for start, end in ranges:
        pieces = [(start, end)]
        for c0, c1 in cut:
            pieces = [p for a, b in pieces for p in
                      ([(a, b)] if c1 < a or c0 > b else [(a, c0 - 1)] * (a < c0) + [(c1 + 1, b)] * (c1 < b))]
        result.extend(pieces)
    return merge_ranges(result)


def nmap_command(spec, targets):
    protocols = [p for p in SWEEP_PROTOCOLS if p in spec.get("protocols", SWEEP_PROTOCOLS)]
    ports = ranges_text(parse_ports(spec.get("ports") or "1-65535"))
    argv = [spec.get("nmap") or "nmap", "-n", "-Pn", "--reason", "-oX", "-",
            "--max-retries", str(int(spec.get("retries", 2))), "--min-rate", str(int(spec.get("rate", 5000)))]
    if "tcp" in protocols:
        argv.append("-sS")
    if "udp" in protocols:
        argv.append("-sU")
    argv += ["-p", ",".join(f"{p[0].upper()}:{ports}" for p in protocols)]
    if int(spec.get("source_port") or 0):
        argv += ["-g", str(int(spec["source_port"]))]
    if spec.get("source"):
        argv += ["-S", spec["source"]]
        if spec.get("interface"):
            argv += ["-e", spec["interface"]]
    argv += [str(o) for o in spec.get("options") or []]
    return argv + targets


def parse_nmap_xml(text, swept, protocols):
    """nmap's XML -> {address: {protocol: {through: ranges, states: {state: count}}}}.

    Ports nmap lists one by one are read from their <port> elements; the rest of a protocol's swept
    ports are in <extraports> (nmap folds large groups of one state). When one state is folded, the
    folded ports are the swept ports minus the listed ones; when several states are folded, their
    port lists (the ports attribute of <extrareasons>) say which is which."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(text)
    found = {}
    for host in root.findall("host"):
        address = next((a.get("addr") for a in host.findall("address") if a.get("addrtype") in ("ipv4", "ipv6")), None)
        if address is None:
            continue
        per = {p: {"listed": {}, "folded": []} for p in protocols}
        ports = host.find("ports")
        for port in (ports.findall("port") if ports is not None else []):
            proto = port.get("protocol")
            if proto in per:
                state = port.find("state").get("state")
                per[proto]["listed"].setdefault(state, []).append((int(port.get("portid")),) * 2)
        for extra in (ports.findall("extraports") if ports is not None else []):
            reasons = extra.findall("extrareasons")
            protos = {r.get("proto") for r in reasons if r.get("proto")} or set(protocols)
            for proto in protos & set(per):
                lists = [parse_ports(r.get("ports")) for r in reasons
                         if r.get("ports") and r.get("proto", proto) == proto]
                listed = merge_ranges([x for lst in lists for x in lst]) if lists else None
                count = sum(int(r.get("count", 0)) for r in reasons if r.get("proto", proto) == proto)
                per[proto]["folded"].append((extra.get("state"), listed, count or int(extra.get("count", 0))))
        result = {}
        for proto, data in per.items():
            states = {s: merge_ranges(r) for s, r in data["listed"].items()}
            unknown = [f for f in data["folded"] if f[1] is None]
            for state, listed, _count in data["folded"]:
                if listed is not None:
                    states[state] = merge_ranges(states.get(state, []) + listed)
            if len(unknown) > 1:
                raise ValueError(f"nmap folded several port states of {address}/{proto} without port lists")
            if unknown:
                known = merge_ranges([r for rs in states.values() for r in rs])
                rest = subtract_ranges(swept, known)
                if ranges_size(rest) != unknown[0][2]:
                    raise ValueError(f"nmap's folded {unknown[0][0]} ports of {address}/{proto} do not add up "
                                     f"({unknown[0][2]} reported, {ranges_size(rest)} left)")
                states[unknown[0][0]] = merge_ranges(states.get(unknown[0][0], []) + rest)
            total = ranges_size(merge_ranges([r for rs in states.values() for r in rs]))
            if total != ranges_size(swept):
                raise ValueError(f"nmap classified {total} of the {ranges_size(swept)} swept {proto} ports of {address}")
            through = merge_ranges([r for s in THROUGH_STATES for r in states.get(s, [])])
            result[proto] = {"through": ranges_text(through),
                             "states": {s: ranges_size(r) for s, r in sorted(states.items())}}
        found[address] = result
    return found


def run_sweep(spec):
    """One nmap run for every target that is not the probe host's own address."""
    import shutil

    nmap = spec.get("nmap") or "nmap"
    local = set(_local_addresses(socket.AF_INET)) | set(_local_addresses(socket.AF_INET6))
    results, targets = [], []
    for target in spec.get("targets") or []:
        host = target["host"] if isinstance(target, dict) else str(target)
        if host in local:
            results.append({"host": host, "skipped": "the probe host's own address (not swept)"})
        else:
            targets.append(host)
    info = {"tool": None, "seconds": 0.0, "command": None}
    if not targets:
        return {"results": results, **info}
    path = shutil.which(nmap)
    if path is None:
        return {"failed": True, "msg": (
            f"nmap ({nmap}) is not installed on this probe host: the sweep needs it (Debian: apt-get install nmap). "
            "Install it, set ocs_port_check_nmap to its path, or leave ocs_port_check_sweep off")}
    if os.geteuid() != 0:
        return {"failed": True, "msg": "the sweep runs nmap's SYN and UDP scans, which need root: use become"}
    protocols = [p for p in SWEEP_PROTOCOLS if p in spec.get("protocols", SWEEP_PROTOCOLS)]
    swept = parse_ports(spec.get("ports") or "1-65535")
    argv = nmap_command(dict(spec, nmap=path), targets)
    notrack = bool(spec.get("notrack"))
    if notrack:
        if not int(spec.get("source_port") or 0):
            return {"failed": True, "msg": "notrack needs a fixed source port (ocs_port_check_sweep_source_port)"}
        nft = shutil.which("nft")
        if nft is None:
            return {"failed": True, "msg": "notrack needs nft (Debian: apt-get install nftables) on this probe host"}
        rules = (f"table inet {NOTRACK_TABLE} {{\nchain output {{\ntype filter hook output priority raw\n"
                 f"meta l4proto {{ tcp, udp }} th sport {int(spec['source_port'])} notrack\n}}\n}}\n")
        made = subprocess.run([nft, "-f", "-"], input=rules, capture_output=True, text=True, check=False)
        if made.returncode != 0:
            return {"failed": True, "msg": f"cannot add the notrack table: {made.stderr.strip()}"}
    start = time.monotonic()
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=float(spec.get("timeout", 900)), check=False)
    except subprocess.TimeoutExpired:
        return {"failed": True, "msg": f"nmap did not finish within {spec.get('timeout', 900)} s: {' '.join(argv)}"}
    finally:
        if notrack:
            subprocess.run([nft, "delete", "table", "inet", NOTRACK_TABLE], capture_output=True, check=False)
    seconds = round(time.monotonic() - start, 1)
    if proc.returncode != 0 or not proc.stdout.strip():
        return {"failed": True, "msg": f"nmap failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}"}
    try:
        parsed = parse_nmap_xml(proc.stdout, swept, protocols)
    except (ValueError, SyntaxError) as exc:
        return {"failed": True, "msg": f"cannot read nmap's output: {exc}"}
    version = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout.split("\n")[0]
    for host in targets:
        if host in parsed:
            results.append(dict(parsed[host], host=host))
        else:
            results.append({"host": host, "error": "nmap reported nothing for this address"})
    return {"results": results, "tool": version.strip(), "seconds": seconds, "command": " ".join(argv[:-len(targets)])}


# --------------------------------------------------------------------------- command line


def _ports(text):
    return sorted({int(p) for p in text.split(",") if p.strip()}) if text else []


def _options(argv):
    options, flags, i = {}, set(), 0
    while i < len(argv):
        if argv[i] == "--foreground":
            flags.add("foreground")
            i += 1
        elif argv[i].startswith("--") and i + 1 < len(argv):
            options[argv[i][2:]] = argv[i + 1]
            i += 2
        else:
            raise ValueError(f"unexpected argument {argv[i]!r}")
    return options, flags


def _decode(text):
    try:
        return json.loads(base64.b64decode(text.encode(), validate=True).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"the argument is not base64-encoded JSON: {exc}") from None


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    try:
        if command == "check" and len(argv) == 3:
            spec = _decode(argv[2])
            results = run_checks(spec["checks"], float(spec.get("timeout", 2.0)), spec.get("source") or None,
                                 int(spec.get("workers", 16)))
            print(json.dumps({"results": results}))
            return 0
        if command == "listen":
            options, flags = _options(argv[2:])
            return listen(_ports(options.get("tcp", "")), _ports(options.get("udp", "")),
                          options.get("tag", DEFAULT_TAG), float(options.get("timeout", DEFAULT_LISTEN_TIMEOUT)),
                          "foreground" in flags, [a for a in options.get("bind", "").split(",") if a])
        if command == "stop":
            options, _flags = _options(argv[2:])
            print(json.dumps(stop_listeners(options.get("tag", DEFAULT_TAG))))
            return 0
        if command == "sweep" and len(argv) == 3:
            result = run_sweep(_decode(argv[2]))
            print(json.dumps(result))
            return 1 if result.get("failed") else 0
    except (ValueError, KeyError, TypeError) as exc:
        print(f"ocs_port_probe.py {command}: {exc}", file=sys.stderr)
        return 2
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
