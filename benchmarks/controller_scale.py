#!/usr/bin/env python
"""Benchmark: the firewalld role's controller-side work for many hosts, against a bare set_fact.

Both plays run over the same inventory of N hosts (ansible_connection: local, no facts) with the
same variables: the firewalld role's defaults, the Edge deployment, the role's vars file. The role
play's one task is a set_fact of the role's own rule set expression
(roles/firewalld/vars/main.yml: ocs_rules | to_firewalld, what the apply task templates on every
host), under the apply task's name (which makes the main process resolve it once before the
workers fork); the bare play's is a set_fact of the same rule set as a plain variable (rendered
here in Python), so both store the same fact and only the resolution differs. set_fact runs on
the controller: no host is touched. It prints both wall times, per host, and the ratio (the
target: within 1.1x), and checks that the role's fact equals the plain one.

  .venv/bin/python benchmarks/controller_scale.py [--hosts 1000] [--forks 5]
Not a test: it prints numbers. No lab needed.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ROLE = REPO / "roles" / "firewalld"
EDGE = {
    "ocs_server_roles": ["access_edge", "webconf_edge", "av_edge"],
    "ocs_topology": {"access_edge_external": "203.0.113.10", "webconf_edge_external": "203.0.113.11",
                     "av_edge_external": "203.0.113.12", "edge_internal": "172.16.10.10",
                     "front_end": ["10.1.0.10", "10.1.0.11"], "internal_client": ["10.2.0.0/16"],
                     "federated_partner": ["198.51.100.1", "198.51.100.2"]},
    "ocs_features": {"remote_access": True, "federation": True, "public_im": True, "av": True},
    "ocs_firewalld_zones": {"external": "public", "internal": "internal"},
}


def play(name, fact, expression, workdir, task_name="set_fact"):
    # The role's defaults, the deployment over them (as inventory would be), the role's vars.
    return [{"name": name, "hosts": "all", "gather_facts": False,
             "vars_files": [str(ROLE / "defaults" / "main.yml"), str(Path(workdir) / "edge.yml"),
                            str(ROLE / "vars" / "main.yml")],
             "tasks": [{"name": task_name, "ansible.builtin.set_fact": {fact: expression}}]}]


def apply_task_name():
    """The name of the role's apply task, template and all."""
    tasks = yaml.safe_load((ROLE / "tasks" / "main.yml").read_text(encoding="utf-8"))
    return next(t["name"] for t in tasks if "ocs.firewall.firewalld_ruleset" in t)


def static_ruleset():
    """The Edge's rule set rendered in Python, as the role renders it."""
    sys.path.insert(0, str(REPO / "build" / "collections"))
    from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import firewalld
    from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import resolve

    rules = resolve(roles=EDGE["ocs_server_roles"], topology=EDGE["ocs_topology"], features=EDGE["ocs_features"])["rules"]
    return firewalld.host_ruleset(rules, EDGE["ocs_firewalld_zones"])


def timed(env, workdir, book):
    start = time.monotonic()
    proc = subprocess.run([BIN / "ansible-playbook", "-i", Path(workdir) / "inventory.yml", Path(workdir) / book],
                          env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"{book} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--forks", type=int, default=5)
    parser.add_argument("--plain-name", action="store_true",
                        help="name the role's task without its template (what it costs when each worker resolves)")
    args = parser.parse_args()
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=f"{REPO}/build/collections:{REPO}/build/deps",
               ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false", ANSIBLE_NOCOLOR="1", ANSIBLE_FORKS=str(args.forks),
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    hosts = {f"h{i:04d}": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}
             for i in range(args.hosts)}
    with tempfile.TemporaryDirectory() as workdir:
        Path(workdir, "inventory.yml").write_text(yaml.safe_dump({"all": {"hosts": hosts}}))
        Path(workdir, "edge.yml").write_text(yaml.safe_dump(dict(EDGE, ocs_bench_static=static_ruleset())))
        Path(workdir, "role.yml").write_text(yaml.safe_dump(
            play("role", "ocs_bench_fact", "{{ ocs_firewalld_ruleset }}", workdir,
                 "set_fact" if args.plain_name else apply_task_name()), sort_keys=False))
        Path(workdir, "bare.yml").write_text(yaml.safe_dump(
            play("bare", "ocs_bench_fact", "{{ ocs_bench_static }}", workdir), sort_keys=False))
        check = play("check", "ocs_bench_fact", "{{ ocs_firewalld_ruleset }}", workdir)
        check[0]["hosts"] = "h0000"
        check[0]["tasks"].append({"name": "the role's rule set is the plain one", "ansible.builtin.assert": {
            "that": ["ocs_bench_fact == ocs_bench_static"]}})
        Path(workdir, "check.yml").write_text(yaml.safe_dump(check, sort_keys=False))
        timed(env, workdir, "check.yml")
        timed(env, workdir, "bare.yml")  # warm the page cache
        bare = timed(env, workdir, "bare.yml")
        role = timed(env, workdir, "role.yml")
    print(f"controller_scale: {args.hosts} hosts, {args.forks} forks, {os.cpu_count()} cores, "
          f"{'task named without its template, ' if args.plain_name else ''}"
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"  bare set_fact       {bare:7.2f} s  ({bare / args.hosts * 1000:5.1f} ms a host)")
    print(f"  role's rule set     {role:7.2f} s  ({role / args.hosts * 1000:5.1f} ms a host)")
    print(f"  ratio               {role / bare:7.2f}x  (target: within 1.10x)")


if __name__ == "__main__":
    main()
