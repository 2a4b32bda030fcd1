#!/usr/bin/env python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reachability probes and lab listeners for the ocs.firewall.port_check role (stdlib only).

    ocs_port_probe.py check B64JSON      run the checks, print {"results": [...]} as JSON
    ocs_port_probe.py listen --tcp 443,5061 --udp 3478 [--tag T] [--timeout S] [--bind A,B] [--foreground]
    ocs_port_probe.py stop [--tag T]      stop the listeners started with that tag
    ocs_port_probe.py table [B64JSON]     results (or planned checks) -> text table (stdin when no argument)

check: B64JSON is base64 of {"checks": [...], "timeout": 2.0, "source": "", "workers": 16}; each check
has host, protocol, port, expect and method (tcp: a TCP connection; stun: a STUN Binding Request as
in RFC 5389, answered by a success or an error response; udp: a datagram that must be answered).
Every check is bounded by its timeout and goes only to the address it names.

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
TABLE_COLUMNS = ("flow", "from", "to", "protocol/port", "expected", "observed", "result", "how")


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


# --------------------------------------------------------------------------- table


def _cell_from(row):
    place = row.get("from") or "?"
    return f"{row['probe']} ({place})" if row.get("probe") else place


def _cell_to(row):
    classes = [c for c in str(row.get("to") or "").split(",") if c]
    name = classes[0] + (f" +{len(classes) - 1}" if len(classes) > 1 else "") if classes else "?"
    return f"{row['host']} ({name})"


def _cell_flow(row):
    flows = row.get("flows") or ([row["flow"]] if row.get("flow") else [])
    if not flows:
        return "- (not in the model)"
    return flows[0] + (f" +{len(flows) - 1}" if len(flows) > 1 else "")


def table_rows(results):
    rows = []
    for r in results:
        observed = r.get("observed")
        rows.append({
            "flow": _cell_flow(r),
            "from": _cell_from(r),
            "to": _cell_to(r),
            "protocol/port": f"{r['protocol']}/{r['port']}" + (" (STUN)" if r.get("method") == "stun" else ""),
            "expected": r.get("expect", "?"),
            "observed": observed or "-",
            "result": "planned" if observed is None else ("ok" if r.get("ok") else "MISMATCH"),
            "how": r.get("how", ""),
        })
    return rows


def summary(results):
    probed = [r for r in results if r.get("observed") is not None]
    bad = [r for r in probed if not r.get("ok")]
    places = sorted({_cell_from(r) for r in results})
    if not probed:
        return f"{len(results)} checks planned from {len(places)} probe place(s), none probed (check mode)"
    opened = sum(1 for r in probed if r.get("ok") and r.get("expect") == "open")
    closed = sum(1 for r in probed if r.get("ok") and r.get("expect") == "closed")
    return (f"{len(probed)} checks from {len(places)} probe place(s): {opened} open as expected, "
            f"{closed} closed as expected, {len(bad)} mismatch{'es' if len(bad) != 1 else ''}")


def format_table(results, title=None):
    """A fixed-width text table of results (or of planned checks), with a summary line."""
    rows = table_rows(results)
    widths = {c: max([len(c)] + [len(row[c]) for row in rows]) for c in TABLE_COLUMNS}
    lines = [title] if title else []
    lines.append("  ".join(c.ljust(widths[c]) for c in TABLE_COLUMNS).rstrip())
    lines.append("  ".join("-" * widths[c] for c in TABLE_COLUMNS))
    for row in rows:
        lines.append("  ".join(row[c].ljust(widths[c]) for c in TABLE_COLUMNS).rstrip())
    lines.append("")
    lines.append(summary(results))
    return "\n".join(lines) + "\n"


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
        if command == "table" and len(argv) in (2, 3):
            data = _decode(argv[2]) if len(argv) == 3 else json.load(sys.stdin)
            results = data.get("results", []) if isinstance(data, dict) else data
            title = data.get("title") if isinstance(data, dict) else None
            sys.stdout.write(format_table(results, title))
            return 0
    except (ValueError, KeyError, TypeError) as exc:
        print(f"ocs_port_probe.py {command}: {exc}", file=sys.stderr)
        return 2
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
