"""Bad input through the roles, the action and the filters, in real playbooks (issue 11).

The promise, checked for every case: the run fails with one clear message that names the bad value; no
traceback and no Jinja2 noise; nothing is written; no host is touched. The target host is an SSH address on
loopback where nothing listens: any attempt to reach it would show as UNREACHABLE, not as a task failure.
"""

import re

import pytest
import yaml

from ansible_collections.ocs.firewall.tests.unit.deployments import BASE_TOPOLOGY, BASE_ZONES

TRACEBACK = "Traceback (most recent call last)"
# What a message must not show: Python or Jinja2 internals instead of the bad value.
NOISE = re.compile(r"Traceback|jinja2|TemplateSyntaxError|AnsibleUndefined|has no attribute|"
                   r"object of type|NoneType|KeyError|TypeError|unexpected templating type error", re.I)
LONG = "x" * 10_000

TOPOLOGY = BASE_TOPOLOGY
ZONES = BASE_ZONES
EDGE = {"ocs_server_roles": ["access_edge", "webconf_edge", "av_edge"], "ocs_topology": TOPOLOGY}


def role_play(role, host_vars):
    return {"vars": host_vars, "play": {
        "name": f"Include {role}", "hosts": "target", "gather_facts": False,
        "tasks": [{"name": "The role", "ansible.builtin.include_role": {"name": role}}],
    }}


def task_play(task, host_vars=None):
    return {"vars": host_vars or {}, "play": {
        "name": "One task", "hosts": "target", "gather_facts": False, "tasks": [dict(task, name="The task")],
    }}


# case -> (play, what the one message must name)
CASES = {
    "firewalld: a typo in a side's zone": (
        role_play("ocs.firewall.firewalld", dict(EDGE, ocs_firewalld_zones={"externel": "public"})),
        ["'externel'"]),
    "firewalld: one interface as a string": (
        role_play("ocs.firewall.firewalld", dict(EDGE, ocs_firewalld_interfaces={"public": "eth0"})),
        ["interfaces.public", "'eth0'"]),
    "firewalld: a typo in a perimeter zone": (
        role_play("ocs.firewall.firewalld", {
            "ocs_server_roles": ["external_firewall"], "ocs_topology": TOPOLOGY, "ocs_zones": ZONES,
            "ocs_firewalld_view": "gateway", "ocs_firewalld_zones": {"perimter": "dmz"}}),
        ["'perimter'"]),
    "firewalld: the Access Edge as the whole internet": (
        role_play("ocs.firewall.firewalld", dict(EDGE, ocs_topology=dict(TOPOLOGY, access_edge_external="0.0.0.0/0"))),
        ["access_edge_external", "'0.0.0.0/0'"]),
    "firewalld: server roles as a string": (
        role_play("ocs.firewall.firewalld", dict(EDGE, ocs_server_roles="front_end")),
        ["'front_end'", "list"]),
    "firewalld: a 10,000-character role": (
        role_play("ocs.firewall.firewalld", dict(EDGE, ocs_server_roles=[LONG])),
        ["(10000 characters)"]),
    "firewalld: another host's media range": (
        role_play("ocs.firewall.firewalld", dict(EDGE, ocs_host_media_ports={"client": "20000-20099"})),
        ["host_media_ports.client"]),
    "firewalld: an Edge internal address in no zone": (
        role_play("ocs.firewall.firewalld", {
            "ocs_server_roles": ["internal_firewall"], "ocs_topology": dict(TOPOLOGY, edge_internal="192.0.2.10"),
            "ocs_zones": ZONES, "ocs_firewalld_view": "gateway"}),
        ["192.0.2.10/32", "no zone"]),
    "port_matrix: a title with a newline": (
        role_play("ocs.firewall.port_matrix", {"ocs_topology": TOPOLOGY, "ocs_port_matrix_diagram": False,
                                               "ocs_port_matrix_title": "Matrix\n| injected | row |"}),
        ["U+000A"]),
    "port_matrix: a title with a NUL": (
        role_play("ocs.firewall.port_matrix", {"ocs_topology": TOPOLOGY, "ocs_port_matrix_title": "Matrix\x00"}),
        ["U+0000"]),
    "windows_firewall (render): server roles as a string": (
        role_play("ocs.firewall.windows_firewall", dict(EDGE, ocs_server_roles="front_end", ocs_windows_render_dir="RENDER")),
        ["'front_end'", "list"]),
    "ipsec_exemptions (render): server roles as a string": (
        role_play("ocs.firewall.ipsec_exemptions", dict(EDGE, ocs_server_roles="front_end", ocs_windows_render_dir="RENDER")),
        ["'front_end'", "list"]),
    "windows_firewall (render): a wildcard rule group": (
        role_play("ocs.firewall.windows_firewall", dict(EDGE, ocs_windows_firewall_group="OCS*",
                                                        ocs_windows_render_dir="RENDER")),
        ["'OCS*'"]),
    "ipsec_exemptions (render): the Clients range on Server 2008": (
        role_play("ocs.firewall.ipsec_exemptions", {"ocs_server_roles": ["client"], "ocs_topology": TOPOLOGY,
                                                    "ocs_windows_os": "2008", "ocs_windows_render_dir": "RENDER"}),
        ["ipsec.clients", "2008r2"]),
    "ocs_port_rules: server roles as a string": (
        task_play({"ocs.firewall.ocs_port_rules": {"roles": "front_end", "topology": TOPOLOGY}}),
        ["'front_end'", "list"]),
    "port_ranges: a mapping": (
        task_play({"ansible.builtin.debug": {"msg": "{{ {'443': 1} | ocs.firewall.port_ranges }}"}}),
        ["{'443': 1}"]),
    "to_firewalld: interfaces as a list": (
        task_play({"ansible.builtin.debug": {
            "msg": "{{ [] | ocs.firewall.to_firewalld('host', interfaces=['eth0']) }}"}}),
        ["interfaces must be a mapping"]),
}


def test_render_playbook_names_a_host_without_server_roles_and_writes_nothing(
        tmp_path, run, explain, repo_root, ansible_playbook, make_ansible_env, fatal_messages):
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"all": {"vars": {"ocs_topology": TOPOLOGY}, "hosts": {
        "edge1": {"ocs_server_roles": ["access_edge", "webconf_edge", "av_edge"]}, "stray": {}}}}))
    out = tmp_path / "render"
    proc = run([ansible_playbook, "-i", inventory, repo_root / "playbooks" / "render.yml"],
               env=make_ansible_env(OCS_RENDER_DIR=out))
    assert proc.returncode != 0, explain(proc)
    messages = fatal_messages(proc.stdout)
    assert len(messages) == 1 and "stray has no ocs_server_roles" in messages[0], explain(proc)
    assert not NOISE.search(messages[0]) and TRACEBACK not in proc.stdout + proc.stderr
    assert not out.exists(), "a half-written render"


@pytest.mark.parametrize("case", CASES)
def test_bad_input_fails_once_naming_the_value_and_touches_nothing(
        case, tmp_path, run, explain, ansible_playbook, make_ansible_env, fatal_messages):
    spec, named = CASES[case]
    out = tmp_path / "out"
    out.mkdir()
    host_vars = {key: (str(out / "render") if value == "RENDER" else value) for key, value in spec["vars"].items()}
    host_vars = dict(host_vars, ocs_port_matrix_dir=str(out / "matrix"),
                     ansible_host="127.0.0.1", ansible_port=9, ansible_user="nobody",
                     ansible_ssh_common_args="-o ConnectTimeout=2 -o BatchMode=yes")
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"all": {"hosts": {"target": host_vars}}}, sort_keys=False))
    playbook = tmp_path / "playbook.yml"
    playbook.write_text(yaml.safe_dump([spec["play"]], sort_keys=False))
    proc = run([ansible_playbook, "-i", inventory, playbook], env=make_ansible_env(), timeout=300)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, explain(proc)
    assert TRACEBACK not in output, explain(proc)
    assert "UNREACHABLE" not in output, f"the host was contacted\n{explain(proc)}"
    messages = fatal_messages(proc.stdout)
    assert len(messages) == 1, f"expected one failure, got {messages}\n{explain(proc)}"
    (message,) = messages
    for fragment in named:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert not NOISE.search(message), f"noise in the message: {message!r}"
    assert len(message) < 2000, f"message of {len(message)} characters"
    assert not any(out.rglob("*")), f"files were written: {sorted(map(str, out.rglob('*')))}"
