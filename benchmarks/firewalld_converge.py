#!/usr/bin/env python
"""Benchmark: converge the consolidated Edge rule set on a real lab host, two ways side by side.

  ours:  the ocs.firewall.firewalld role (one firewalld_ruleset call per host)
  loop:  the obvious alternative, one ansible.posix.firewalld task per port/rich rule (a loop)

At three sizes of rule set (grow the Front End pool, the partner and client address lists) it
prints, for each way: first converge wall time, idempotent re-run wall time, module invocations,
and the ratios, plus a bare `ansible -m ping` round trip to the same host as the floor. Each
first converge starts on a freshly booted host (the lab hosts boot from a volatile overlay).

Run as root after `make setup rootfs`:  .venv/bin/python benchmarks/firewalld_converge.py [--repeat N]
Not a test: it prints numbers.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "build" / "collections"))
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import firewalld  # noqa: E402
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import resolve  # noqa: E402

LAB_SPEC = REPO / "benchmarks" / "bench_lab.yml"
LAB_TOOL = REPO / "tools" / "lab" / "lab.py"
BIN = Path(sys.executable).parent
ROLES = ["access_edge", "webconf_edge", "av_edge"]
FEATURES = {"remote_access": True, "federation": True, "federation_legacy": True, "public_im": True, "av": True}
ZONES = {"external": "public", "internal": "public"}

# (label, front end servers, federated partner addresses, client subnets)
SIZES = [("small", 1, 0, 1), ("medium", 4, 8, 3), ("large", 12, 45, 12)]


def topology(front_ends, partners, clients):
    topo = {
        "access_edge_external": "203.0.113.10",
        "webconf_edge_external": "203.0.113.11",
        "av_edge_external": "203.0.113.12",
        "edge_internal": "172.16.10.10",
        "front_end": [f"10.1.0.{10 + i}" for i in range(front_ends)],
        "internal_client": [f"10.{2 + i}.0.0/16" for i in range(clients)],
    }
    if partners:
        topo["federated_partner"] = [f"198.51.100.{1 + i}" for i in range(partners)]
    return topo


def loop_items(rules):
    """The alternative's task items: a port entry for unrestricted rules, else one rich rule per
    (source, destination, port range) with the port inline (ansible.posix.firewalld cannot create
    custom services)."""
    items = []
    for rule in rules:
        if rule["direction"] != "in":
            continue
        for ports in rule["ports"]:
            if not rule["local_addresses"] and not rule["remote_addresses"]:
                items.append({"port": f"{ports}/{rule['protocol']}"})
                continue
            port_rule = f'port port="{ports}" protocol="{rule["protocol"]}" accept'
            for rich in firewalld.rich_rules("X", rule["remote_addresses"], rule["local_addresses"]):
                items.append({"rich_rule": rich.replace('service name="X" accept', port_rule)})
    return items


def run(cmd, env, **kwargs):
    start = time.monotonic()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False, **kwargs)
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return elapsed, proc.stdout


def lab_up(env):
    _t, out = run([sys.executable, LAB_TOOL, "up", LAB_SPEC, "--json"], env)
    return json.loads(out)["inventory"]


def lab_down(env):
    run([sys.executable, LAB_TOOL, "down", LAB_SPEC], env)


def playbooks(workdir, topo, items):
    common = {"ocs_topology": topo, "ocs_features": FEATURES, "ocs_server_roles": ROLES,
              "ocs_firewalld_zones": ZONES}
    ours = [{"name": "ours", "hosts": "edge", "gather_facts": False, "vars": common,
             "roles": [{"role": "ocs.firewall.firewalld"}]}]
    loop = [{"name": "loop", "hosts": "edge", "gather_facts": False, "tasks": [{
        "name": "One firewalld task per port / rich rule",
        "ansible.posix.firewalld": {"zone": "public", "permanent": True, "immediate": True, "state": "enabled",
                                    "port": "{{ item.port | default(omit) }}",
                                    "rich_rule": "{{ item.rich_rule | default(omit) }}"},
        "loop": items}]}]
    paths = {}
    for name, play in (("ours", ours), ("loop", loop)):
        paths[name] = Path(workdir) / f"{name}.yml"
        paths[name].write_text(yaml.safe_dump(play, sort_keys=False))
    return paths


def converge(env, inventory, playbook):
    elapsed, out = run([BIN / "ansible-playbook", "-i", inventory, playbook], env)
    recap = [line for line in out.splitlines() if line.startswith("edge ")][-1]
    changed = int(recap.split("changed=")[1].split()[0])
    return elapsed, changed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="idempotent re-runs and pings per measurement (median)")
    args = parser.parse_args()
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=f"{REPO}/build/collections:{REPO}/build/deps",
               ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false", ANSIBLE_NOCOLOR="1", ANSIBLE_PIPELINING="1",
               ANSIBLE_HOST_KEY_CHECKING="false", PATH=f"{BIN}:{os.environ['PATH']}")
    rows = []
    lab_down(env)
    with tempfile.TemporaryDirectory() as workdir:
        for label, front_ends, partners, clients in SIZES:
            topo = topology(front_ends, partners, clients)
            rules = resolve(roles=ROLES, topology=topo, features=FEATURES)["rules"]
            ruleset = firewalld.host_ruleset(rules, ZONES)
            n_rules = sum(len(z["services"]) + len(z["rich_rules"]) for z in ruleset["zones"])
            items = loop_items(rules)
            books = playbooks(workdir, topo, items)
            result = {"size": label, "firewalld_rules": n_rules, "loop_items": len(items)}
            for way in ("ours", "loop"):
                inventory = lab_up(env)  # a freshly booted host for every first converge
                try:
                    ping = [run([BIN / "ansible", "-i", inventory, "edge", "-m", "ansible.builtin.ping"], env)[0]
                            for dummy in range(args.repeat + 1)][1:]  # the first one opens the SSH master
                    first, changed = converge(env, inventory, books[way])
                    reruns = [converge(env, inventory, books[way]) for dummy in range(args.repeat)]
                finally:
                    lab_down(env)
                if any(c for _t, c in reruns):
                    sys.exit(f"{way} at {label}: the re-run reported changes: {reruns}")
                result[way] = {"first": first, "rerun": statistics.median(t for t, _c in reruns),
                               "invocations": 1 if way == "ours" else len(items), "first_changed": changed}
                result.setdefault("ping", []).extend(ping)
            result["ping"] = statistics.median(result["ping"])
            rows.append(result)
            print(json.dumps(result), file=sys.stderr, flush=True)

    print(f"{'size':<7}{'rules':>6}{'ping s':>8} | {'ours first':>10}{'rerun':>7}{'calls':>6} | "
          f"{'loop first':>10}{'rerun':>7}{'calls':>6} | {'first x':>8}{'rerun x':>8}{'ours rerun/ping':>16}")
    for r in rows:
        o, lp = r["ours"], r["loop"]
        print(f"{r['size']:<7}{r['firewalld_rules']:>6}{r['ping']:>8.2f} | {o['first']:>10.2f}{o['rerun']:>7.2f}"
              f"{o['invocations']:>6} | {lp['first']:>10.2f}{lp['rerun']:>7.2f}{lp['invocations']:>6} | "
              f"{lp['first'] / o['first']:>8.1f}{lp['rerun'] / o['rerun']:>8.1f}{o['rerun'] / r['ping']:>16.2f}")


if __name__ == "__main__":
    main()
