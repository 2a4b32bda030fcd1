#!/usr/bin/env python
"""Traffic proofs for the lab: listeners on a target, connection checks from a probe.

    ocs_probe.py listen --bind ADDR --tcp 443,5061 --udp 3478     (runs until killed)
    ocs_probe.py check CHECKS_JSON                                 (prints JSON results)

TCP is open when a connection is accepted and the listener's banner arrives; UDP is open when
the listener echoes the datagram back. Anything else (reset, ICMP reject, timeout) is closed, so
a check is only meaningful when a listener runs on the port: then "closed" means filtered.
Bounded: every check has a timeout, and nothing is sent but to the addresses given.
"""

import json
import selectors
import socket
import subprocess
import sys
import time

BANNER = b"ocs-probe\n"


def listen(bind, tcp_ports, udp_ports):
    sel = selectors.DefaultSelector()
    for port in tcp_ports:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((bind, port))
        sock.listen(16)
        sel.register(sock, selectors.EVENT_READ, "tcp")
    # A UDP reply leaves from the address the socket is bound to: bind one socket per local
    # address, or a multi-homed host answers from its primary address and the client drops it.
    udp_addresses = _local_ipv4_addresses() if bind == "0.0.0.0" else [bind]
    for port in udp_ports:
        for address in udp_addresses:
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.bind((address, port))
            sel.register(sock, selectors.EVENT_READ, "udp")
    print(f"listening on {bind}: tcp {tcp_ports} udp {udp_ports}", flush=True)
    while True:
        for key, _mask in sel.select():
            sock = key.fileobj
            if key.data == "tcp":
                conn, _peer = sock.accept()
                try:
                    conn.sendall(BANNER)
                finally:
                    conn.close()
            else:
                data, peer = sock.recvfrom(2048)
                sock.sendto(data, peer)


def _local_ipv4_addresses():
    out = subprocess.run(["ip", "-o", "-4", "addr", "show"], check=True, capture_output=True, text=True).stdout
    return sorted({line.split()[3].split("/")[0] for line in out.splitlines()})


def check_tcp(host, port, timeout, source=None):
    try:
        with socket.create_connection((host, port), timeout=timeout,
                                      source_address=(source, 0) if source else None) as sock:
            sock.settimeout(timeout)
            return sock.recv(len(BANNER)) == BANNER, "connected"
    except OSError as exc:
        return False, type(exc).__name__ + ": " + str(exc)


def check_udp(host, port, timeout, source=None):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        if source:
            sock.bind((source, 0))
        try:
            sock.connect((host, port))
            payload = b"ocs-probe %f" % time.time()
            sock.send(payload)
            return sock.recv(2048) == payload, "echoed"
        except OSError as exc:
            return False, type(exc).__name__ + ": " + str(exc)


def check(checks):
    results = []
    for item in checks:
        proto, host, port = item["protocol"], item["host"], int(item["port"])
        timeout = float(item.get("timeout", 2.0))
        func = check_tcp if proto == "tcp" else check_udp
        is_open, detail = func(host, port, timeout, item.get("source"))
        observed = "open" if is_open else "closed"
        results.append(dict(item, observed=observed, detail=detail, ok=observed == item.get("expect", observed)))
    return results


def _ports(text):
    return [int(p) for p in text.split(",") if p]


def main(argv):
    if len(argv) >= 2 and argv[1] == "listen":
        args = dict(zip(argv[2::2], argv[3::2]))
        listen(args.get("--bind", "0.0.0.0"), _ports(args.get("--tcp", "")), _ports(args.get("--udp", "")))
    elif len(argv) == 3 and argv[1] == "check":
        results = check(json.loads(argv[2]))
        for r in results:  # a readable table on stderr, the data on stdout
            print(f"{r['host']:>15} {r['protocol']}/{r['port']:<5} expect {r.get('expect', '-'):6} "
                  f"observed {r['observed']:6} {'ok' if r['ok'] else 'MISMATCH'}  ({r['detail']})", file=sys.stderr)
        print(json.dumps(results))
        return 0 if all(r["ok"] for r in results) else 1
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
