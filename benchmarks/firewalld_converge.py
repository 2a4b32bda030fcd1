#!/usr/bin/env python
"""Benchmark: converge the consolidated Edge rule set on a real lab host, the ways side by side.

  ours:     the ocs.firewall.firewalld role (one firewalld_ruleset call per host)
  ours_module: (only with --ways) our firewalld_ruleset module called once with the rule set
            already rendered (what the role computes on the controller): the role's own cost is
            ours minus this
  loop:     the obvious alternative, one ansible.posix.firewalld task per port/rich rule (a loop)
  lsr_lib:  (with --lsr PATH) linux-system-roles/firewall's firewall_lib module, called once with
            the whole list (what a performance-minded user of that role does)
  lsr_role: (with --lsr PATH) linux-system-roles/firewall's role, with its `firewall:` list

At three sizes of rule set (grow the Front End pool, the partner and client address lists) it
prints, for each way: first converge wall time, the median of the idempotent re-runs with their
spread (min-max), and the time the modules took on the host (every Python process the run started
there, summed: the interpreter is a wrapper that logs each one's start and end), plus the floor: a
bare `ansible -m ping` round trip to the same host, wall time and its module's on-host time, and a
second floor, a one-task ping playbook (ansible-playbook's own start-up, which no playbook or role
can go below). Every
way starts on a freshly booted host (the lab hosts boot from a volatile overlay) of the same lab.

After each way's first converge the benchmark reads what the host then accepts, in firewalld's
permanent and runtime configuration (services expanded to their ports, rich rules to source,
destination and ports) and in nftables (the accept rules of the zone's chain), and checks that
every way opens exactly the same ports and addresses, and that permanent and runtime agree.

Run as root after `make setup rootfs`:
  .venv/bin/python benchmarks/firewalld_converge.py [--repeat N] [--lsr PATH] [--ways ...] [--sizes ...]
A checkout of linux-system-roles/firewall is optional (it is not a dependency of this collection).
Not a test: it prints numbers.
"""

import argparse
import json
import os
import platform
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
WAYS = ["ours", "ours_module", "loop", "lsr_lib", "lsr_role"]
DEFAULT_WAYS = ["ours", "loop", "lsr_lib", "lsr_role"]

# (label, front end servers, federated partner addresses, client subnets)
SIZES = [("small", 1, 0, 1), ("medium", 4, 8, 3), ("large", 12, 45, 12)]

# On the host: the interpreter Ansible runs modules with. It logs each process's start and end
# (nanoseconds) so that the module time on the host can be told from the SSH and controller time.
TIMED_PYTHON = "/usr/local/bin/timed-python3"
TIMES = "/run/ocs-bench-times"
TIMED_PYTHON_SCRIPT = f"""#!/bin/sh
start=$(date +%s%N)
/usr/bin/python3 "$@"
rc=$?
echo "$start $(date +%s%N)" >> {TIMES}
exit $rc
"""

# On the host: what it accepts in zone public, permanent and runtime (from firewalld) and in nftables.
ACCESS_SCRIPT = r'''
import json, subprocess
from firewall.client import FirewallClient
from firewall.core.rich import Rich_Rule

fw = FirewallClient()

def ports(zone, service_ports):
    out = set()
    for port, proto in zone.getPorts():
        out.add(("any", "any", port, proto))
    for service in zone.getServices():
        for port, proto in service_ports(service):
            out.add(("any", "any", port, proto))
    for text in zone.getRichRules():
        rule = Rich_Rule(rule_str=text)
        if type(rule.action).__name__ != "Rich_Accept":
            continue
        src = rule.source.addr if rule.source else "any"
        dst = rule.destination.addr if rule.destination else "any"
        kind = type(rule.element).__name__
        pairs = [(rule.element.port, rule.element.protocol)] if kind == "Rich_Port" else service_ports(rule.element.name)
        for port, proto in pairs:
            out.add((src, dst, port, proto))
    return sorted("%s %s %s/%s" % item for item in out)

config = fw.config()
permanent = ports(config.getZoneByName("public").getSettings(),
                  lambda s: config.getServiceByName(s).getSettings().getPorts())
runtime = ports(fw.getZoneSettings("public"), lambda s: fw.getServiceSettings(s).getPorts())
chain = subprocess.run(["nft", "list", "chain", "inet", "firewalld", "filter_IN_public_allow"],
                       capture_output=True, text=True, check=True).stdout
nft = sorted({" ".join(line.split()) for line in chain.splitlines() if line.strip().endswith("accept")})
print(json.dumps({"permanent": permanent, "runtime": runtime, "nft": nft}))
'''


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


def lsr_items(ruleset):
    """linux-system-roles' `firewall:` list for the same rule set: our services defined as its
    user-defined services, bound and restricted by the same rich rules."""
    items = [{"service": s["name"], "short": s["short"], "description": s["description"], "port": s["ports"],
              "state": "present", "permanent": True} for s in ruleset["services"]]
    for zone in ruleset["zones"]:
        for key, values in (("service", zone["services"]), ("rich_rule", zone["rich_rules"])):
            if values:
                items.append({key: values, "zone": zone["name"], "state": "enabled", "permanent": True, "runtime": True})
    return items


def run(cmd, env, **kwargs):
    start = time.monotonic()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False, **kwargs)
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return elapsed, proc.stdout


class Host:
    """The lab's one host: up, down, and a plain SSH command (outside every timed run)."""

    def __init__(self, env):
        self.env = env
        self.inventory = None
        self.ssh = None

    def up(self):
        _t, out = run([sys.executable, LAB_TOOL, "up", LAB_SPEC, "--json"], self.env)
        lab = json.loads(out)
        self.inventory = lab["inventory"]
        self.ssh = ["ssh", "-i", lab["key"], "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "LogLevel=ERROR", f"root@{lab['hosts']['edge']}"]
        self.command(f"cat > {TIMED_PYTHON} && chmod +x {TIMED_PYTHON}", TIMED_PYTHON_SCRIPT)

    def down(self):
        run([sys.executable, LAB_TOOL, "down", LAB_SPEC], self.env)

    def command(self, command, stdin=None):
        proc = subprocess.run(self.ssh + [command], input=stdin, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            sys.exit(f"on the host ({proc.returncode}): {command}\n{proc.stderr[-2000:]}")
        return proc.stdout

    def module_times(self):
        """The Python processes run on the host since the last call: (count, seconds summed)."""
        lines = self.command(f"cat {TIMES} 2>/dev/null; : > {TIMES}").split()
        pairs = list(zip(lines[0::2], lines[1::2]))
        return len(pairs), sum(int(end) - int(start) for start, end in pairs) / 1e9

    def access(self):
        return json.loads(self.command("/usr/bin/python3 -", ACCESS_SCRIPT))


def playbooks(workdir, topo, ruleset, items, lsr_list, lsr):
    common = {"ocs_topology": topo, "ocs_features": FEATURES, "ocs_server_roles": ROLES,
              "ocs_firewalld_zones": ZONES}
    plays = {
        "ours": [{"name": "ours", "hosts": "edge", "gather_facts": False, "vars": common,
                  "roles": [{"role": "ocs.firewall.firewalld"}]}],
        "ours_module": [{"name": "ours_module", "hosts": "edge", "gather_facts": False, "tasks": [{
            "name": "firewalld_ruleset with the rendered rule set", "ocs.firewall.firewalld_ruleset": {"ruleset": ruleset}}]}],
        "ping_book": [{"name": "ping_book", "hosts": "edge", "gather_facts": False, "tasks": [{
            "name": "ping", "ansible.builtin.ping": {}}]}],
        "loop": [{"name": "loop", "hosts": "edge", "gather_facts": False, "tasks": [{
            "name": "One firewalld task per port / rich rule",
            "ansible.posix.firewalld": {"zone": "public", "permanent": True, "immediate": True, "state": "enabled",
                                        "port": "{{ item.port | default(omit) }}",
                                        "rich_rule": "{{ item.rich_rule | default(omit) }}"},
            "loop": items}]}],
    }
    if lsr:
        plays["lsr_lib"] = [{"name": "lsr_lib", "hosts": "edge", "gather_facts": False, "tasks": [{
            "name": "firewall_lib with the whole list", "firewall_lib": {"config_list": lsr_list, "online": True}}]}]
        plays["lsr_role"] = [{"name": "lsr_role", "hosts": "edge", "gather_facts": False,
                              "vars": {"firewall": lsr_list}, "roles": [{"role": str(lsr)}]}]
    paths = {}
    for name, play in plays.items():
        paths[name] = Path(workdir) / f"{name}.yml"
        paths[name].write_text(yaml.safe_dump(play, sort_keys=False))
    return paths


def converge(env, host, playbook):
    """One playbook run: (wall seconds, changed count, on-host module seconds, Python processes on the host)."""
    host.module_times()  # start from an empty log
    elapsed, out = run([BIN / "ansible-playbook", "-i", host.inventory, "-e", f"ansible_python_interpreter={TIMED_PYTHON}",
                        playbook], env)
    recap = [line for line in out.splitlines() if line.startswith("edge ")][-1]
    changed = int(recap.split("changed=")[1].split()[0])
    count, on_host = host.module_times()
    return elapsed, changed, on_host, count


def ping(env, host, repeat, ping_book):
    """Bare ping round trips, ad hoc and as a one-task playbook, alternating: (ad-hoc walls, their
    on-host module times, playbook walls); the first round opens the SSH master and is not counted."""
    walls, modules, book_walls = [], [], []
    for index in range(repeat + 1):
        host.module_times()
        wall, _out = run([BIN / "ansible", "-i", host.inventory, "edge", "-m", "ansible.builtin.ping",
                          "-e", f"ansible_python_interpreter={TIMED_PYTHON}"], env)
        _count, on_host = host.module_times()
        book_wall = converge(env, host, ping_book)[0]
        if index:
            walls.append(wall)
            modules.append(on_host)
            book_walls.append(book_wall)
    return walls, modules, book_walls


def measure(env, host, book, repeat, ping_book):
    host.up()
    try:
        ping_walls, ping_modules, ping_book_walls = ping(env, host, repeat, ping_book)
        first = converge(env, host, book)
        access = host.access()
        reruns = [converge(env, host, book) for dummy in range(repeat)]
    finally:
        host.down()
    if any(changed for _w, changed, _h, _c in reruns):
        sys.exit(f"{book.stem}: a re-run reported changes: {reruns}")
    walls = [wall for wall, _c, _h, _n in reruns]
    return {
        "first": first[0], "first_host": first[2], "first_processes": first[3], "first_changed": first[1],
        "rerun": statistics.median(walls), "rerun_min": min(walls), "rerun_max": max(walls),
        "rerun_host": statistics.median(h for _w, _c, h, _n in reruns), "rerun_processes": reruns[0][3],
        "access": access, "ping_walls": ping_walls, "ping_modules": ping_modules, "ping_book_walls": ping_book_walls,
    }


def check_access(result, ways):
    """Every way opens the same ports and addresses, permanent == runtime; returns the verdict line."""
    problems = []
    reference = result[ways[0]]["access"]
    for way in ways:
        access = result[way]["access"]
        if access["permanent"] != access["runtime"]:
            problems.append(f"{way}: permanent and runtime differ")
        for view in ("runtime", "nft"):
            if access[view] != reference[view]:
                extra = sorted(set(access[view]) - set(reference[view]))[:3]
                missing = sorted(set(reference[view]) - set(access[view]))[:3]
                problems.append(f"{way} vs {ways[0]} ({view}): +{extra} -{missing}")
    n_access = len(reference["runtime"])
    verdict = (f"same ports and addresses in every way: {n_access} (source, destination, port) entries in firewalld "
               f"(permanent = runtime), {len(reference['nft'])} accept rules in nftables")
    return ("DIFFERENT: " + "; ".join(problems)) if problems else verdict


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="idempotent re-runs and pings per measurement (median)")
    parser.add_argument("--lsr", type=Path, help="a linux-system-roles/firewall checkout: adds its module and its role")
    parser.add_argument("--ways", nargs="+", choices=WAYS, help="only these ways (default: all that can run)")
    parser.add_argument("--sizes", nargs="+", choices=[s[0] for s in SIZES], help="only these sizes")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    ways = [w for w in (args.ways or DEFAULT_WAYS) if args.lsr or not w.startswith("lsr")]
    if args.lsr and not (args.lsr / "library" / "firewall_lib.py").is_file():
        sys.exit(f"--lsr {args.lsr}: not a linux-system-roles/firewall checkout (no library/firewall_lib.py)")
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=f"{REPO}/build/collections:{REPO}/build/deps",
               ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false", ANSIBLE_NOCOLOR="1", ANSIBLE_PIPELINING="1",
               ANSIBLE_HOST_KEY_CHECKING="false", PATH=f"{BIN}:{os.environ['PATH']}")
    if args.lsr:
        env.update(ANSIBLE_LIBRARY=str(args.lsr / "library"), ANSIBLE_MODULE_UTILS=str(args.lsr / "module_utils"))
    host = Host(env)
    rows = []
    host.down()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    with tempfile.TemporaryDirectory() as workdir:
        for label, front_ends, partners, clients in SIZES:
            if args.sizes and label not in args.sizes:
                continue
            topo = topology(front_ends, partners, clients)
            rules = resolve(roles=ROLES, topology=topo, features=FEATURES)["rules"]
            ruleset = firewalld.host_ruleset(rules, ZONES)
            n_rules = sum(len(z["services"]) + len(z["rich_rules"]) for z in ruleset["zones"])
            items = loop_items(rules)
            books = playbooks(workdir, topo, ruleset, items, lsr_items(ruleset), args.lsr)
            result = {"size": label, "firewalld_rules": n_rules, "loop_items": len(items)}
            pings, ping_modules, ping_books = [], [], []
            for way in ways:
                result[way] = measure(env, host, books[way], args.repeat, books["ping_book"])
                pings += result[way].pop("ping_walls")
                ping_modules += result[way].pop("ping_modules")
                ping_books += result[way].pop("ping_book_walls")
            result["ping"] = statistics.median(pings)
            result["ping_spread"] = (min(pings), max(pings))
            result["ping_book"] = statistics.median(ping_books)
            result["ping_book_spread"] = (min(ping_books), max(ping_books))
            result["ping_host"] = statistics.median(ping_modules)
            result["same_access"] = check_access(result, ways)
            rows.append(result)
            print(json.dumps({k: v for k, v in result.items() if k not in ways}), file=sys.stderr, flush=True)

    print(f"\nfirewalld_converge: {started}, {platform.node()} ({platform.machine()}, {os.cpu_count()} cores), "
          f"{args.repeat} re-runs per way, seconds")
    print("per way: first converge wall (modules on the host) / re-run median wall [min-max] (modules on the host)")
    for r in rows:
        print(f"\n{r['size']}: {r['firewalld_rules']} firewalld rules ({r['loop_items']} loop items); ping floor "
              f"{r['ping']:.2f} [{r['ping_spread'][0]:.2f}-{r['ping_spread'][1]:.2f}] wall, {r['ping_host']:.3f} module on the host; "
              f"one-task ping playbook {r['ping_book']:.2f} [{r['ping_book_spread'][0]:.2f}-{r['ping_book_spread'][1]:.2f}] "
              f"({r['ping_book'] / r['ping']:.2f}x ping)")
        for way in ways:
            w = r[way]
            print(f"  {way:<11} first {w['first']:6.2f} ({w['first_host']:.3f}, {w['first_processes']} modules)"
                  f"  re-run {w['rerun']:6.2f} [{w['rerun_min']:.2f}-{w['rerun_max']:.2f}]"
                  f" ({w['rerun_host']:.3f}, {w['rerun_processes']} modules)")
        if "ours" in ways:
            o = r["ours"]
            line = (f"  ours: re-run {o['rerun'] / r['ping']:.2f}x ping ({o['rerun'] / r['ping_book']:.2f}x the ping playbook), "
                    f"first {o['first'] / r['ping']:.2f}x ping ({o['first'] / r['ping_book']:.2f}x), "
                    f"module on the host {o['rerun_host'] - r['ping_host']:+.3f} s vs ping's")
            for other in (way for way in ways if way != "ours"):
                line += (f"; {other} is {r[other]['first'] / o['first']:.2f}x / {r[other]['rerun'] / o['rerun']:.2f}x"
                         " ours (first / re-run)")
            print(line)
        print(f"  {r['same_access']}")
    if args.json:
        args.json.write_text(json.dumps({"started": started, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
