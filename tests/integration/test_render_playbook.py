"""playbooks/render.yml on the example inventory, and bad input through real playbooks."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from ansible_collections.ocs.firewall.tests.integration.playbook_results import tree_snapshot as snapshot

REPO = Path(__file__).resolve().parents[2]
PLAYBOOK = REPO / "playbooks" / "render.yml"
EXAMPLE = REPO / "playbooks" / "inventories" / "example"
MATRIX_COLUMNS = ["flow", "from", "from_addresses", "to", "to_addresses", "protocol", "ports", "source_ports",
                  "purpose", "evidence", "source"]
HOST_FIELDS = {"name", "flow", "direction", "protocol", "ports", "local_addresses", "remote_addresses", "side",
               "ipsec_exempt", "purpose", "reference"}
GATEWAY_FIELDS = {"name", "flow", "protocol", "ports", "source_addresses", "destination_addresses",
                  "ingress_zone", "egress_zone"}
TRACEBACK = "Traceback (most recent call last)"


# ---- helpers --------------------------------------------------------------------------------

def port_ranges(ports):
    """['443', '50000-59999'] -> [(443, 443), (50000, 59999)] (independent of the collection's algebra)."""
    ranges = []
    for spec in ports:
        low, dummy, high = str(spec).partition("-")
        ranges.append((int(low), int(high or low)))
    return ranges


def covers(ports, port):
    return any(low <= port <= high for low, high in port_ranges(ports))


def overlaps(ports, low, high):
    return any(a <= high and low <= b for a, b in port_ranges(ports))


# ---- the example inventory ----------------------------------------------------------------

@pytest.fixture(scope="module")
def example_hosts(run, explain, ansible_inventory, make_ansible_env):
    proc = run([ansible_inventory, "-i", EXAMPLE, "--list"], env=make_ansible_env())
    assert proc.returncode == 0, explain(proc)
    hostvars = json.loads(proc.stdout)["_meta"]["hostvars"]
    assert "edge1" in hostvars, "the example inventory must have the consolidated Edge edge1"
    return hostvars


@pytest.fixture(scope="module")
def render(tmp_path_factory, run, explain, ansible_playbook, make_ansible_env):
    def _render(name):
        out = tmp_path_factory.mktemp(name)
        proc = run([ansible_playbook, "-i", EXAMPLE, PLAYBOOK, "-e", f"ocs_render_dir={out}"], env=make_ansible_env())
        assert proc.returncode == 0, explain(proc)
        return out

    return _render


@pytest.fixture(scope="module")
def rendered(render):
    return render("render")


@pytest.fixture(scope="module")
def rules(rendered, example_hosts):
    """inventory host -> its parsed rules file."""
    parsed = {}
    for host in example_hosts:
        path = rendered / "hosts" / f"{host}.yml"
        assert path.is_file(), f"no rules file for {host}: {path}"
        parsed[host] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return parsed


@pytest.fixture(scope="module")
def edge_rules(rules):
    return rules["edge1"]["rules"]


@pytest.fixture(scope="module")
def example_flow_ids(tmp_path_factory, run, explain, ansible_playbook, make_ansible_env):
    """ocs.firewall.ocs_flows for the example inventory, through a real playbook."""
    folder = tmp_path_factory.mktemp("flows")
    out = folder / "flow-ids.json"
    playbook = folder / "flows.yml"
    playbook.write_text(yaml.safe_dump([{
        "name": "Flow ids of the example deployment",
        "hosts": "all",
        "gather_facts": False,
        "tasks": [{
            "name": "Write the flow ids",
            "ansible.builtin.copy": {
                "dest": str(out),
                "mode": "0644",
                "content": "{{ ocs_topology | ocs.firewall.ocs_flows(features=ocs_features | default({}), "
                           "media_ports=ocs_media_ports | default({})) | map(attribute='id') | list | to_json }}",
            },
            "delegate_to": "localhost",
            "run_once": True,
        }],
    }], sort_keys=False))
    proc = run([ansible_playbook, "-i", EXAMPLE, playbook], env=make_ansible_env())
    assert proc.returncode == 0, explain(proc)
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_host_has_a_rules_file_that_parses(rules, example_hosts):
    for host, data in rules.items():
        assert isinstance(data, dict) and data.get("host") == host, f"{host}: {data!r}"
        view = example_hosts[host].get("ocs_view", "host")
        assert data.get("view") == view
        assert isinstance(data.get("rules"), list) and data["rules"], f"{host} has no rules"
        fields = HOST_FIELDS if view == "host" else GATEWAY_FIELDS
        for rule in data["rules"]:
            assert fields <= set(rule), f"{host}: rule {rule.get('name')} lacks {sorted(fields - set(rule))}"


@pytest.mark.parametrize("address", ["203.0.113.10", "203.0.113.11", "203.0.113.12"])
def test_edge_takes_https_inbound_on_each_external_address(edge_rules, address):
    assert any(
        r["direction"] == "in" and r["side"] == "external" and r["protocol"] == "tcp"
        and covers(r["ports"], 443) and f"{address}/32" in r["local_addresses"]
        for r in edge_rules
    ), f"no inbound external 443/tcp on {address}"


def test_edge_takes_sip_mtls_inbound_on_the_access_edge_address(edge_rules):
    assert any(
        r["direction"] == "in" and r["side"] == "external" and r["protocol"] == "tcp"
        and covers(r["ports"], 5061) and "203.0.113.10/32" in r["local_addresses"]
        for r in edge_rules
    ), "no inbound external 5061/tcp on 203.0.113.10"


def test_edge_takes_stun_udp_inbound_on_the_av_edge_address(edge_rules):
    assert any(
        r["direction"] == "in" and r["side"] == "external" and r["protocol"] == "udp"
        and covers(r["ports"], 3478) and "203.0.113.12/32" in r["local_addresses"]
        for r in edge_rules
    ), "no inbound external 3478/udp on 203.0.113.12"


def test_edge_sends_tcp_443_to_partners_from_the_av_media_range_on_the_av_edge_address_only(edge_rules):
    from_media = [r for r in edge_rules if r["protocol"] == "tcp" and r.get("source_ports")]
    assert [(r["direction"], r["side"], r["ports"], r["source_ports"], r["local_addresses"]) for r in from_media] == [
        ("out", "external", ["443"], ["50000-59999"], ["203.0.113.12/32"])
    ], "no outbound external 443/tcp from 50000-59999 on 203.0.113.12 alone"


def test_edge_opens_no_destination_in_the_av_media_range_for_r2_federation(edge_rules):
    media = [r["name"] for r in edge_rules if r["protocol"] == "tcp" and overlaps(r["ports"], 50000, 59999)]
    assert not media, f"50000-59999/tcp opened as a destination by {media}"


def test_no_external_rule_carries_internal_only_ports(rules):
    """8057 (PSOM from the Front End) and 5062 (A/V authentication) stay on the internal side."""
    wrong = []
    for host, data in rules.items():
        for rule in data["rules"]:
            external = rule.get("side") == "external" or "external" in (rule.get("ingress_zone"), rule.get("egress_zone"))
            if external and any(covers(rule["ports"], port) for port in (8057, 5062)):
                wrong.append(f"{host}: {rule['name']} {rule['ports']}")
    assert not wrong, f"internal-only ports on external rules: {wrong}"


def test_port_matrix_markdown_lists_every_flow(rendered, example_flow_ids):
    text = (rendered / "port-matrix.md").read_text(encoding="utf-8")
    assert "| " + " | ".join(MATRIX_COLUMNS) + " |" in text
    missing = [flow for flow in example_flow_ids if f"| {flow} |" not in text]
    assert not missing, f"flows missing from port-matrix.md: {missing}"


def test_port_matrix_csv_has_the_columns_and_one_row_per_flow(rendered, example_flow_ids):
    text = (rendered / "port-matrix.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == MATRIX_COLUMNS
    rows = list(reader)
    assert example_flow_ids, "ocs_flows returned no flows for the example"
    assert [row["flow"] for row in rows] == example_flow_ids
    for row in rows:
        assert all(row[column] for column in MATRIX_COLUMNS), f"empty cell in {row}"


def test_a_second_run_renders_byte_identical_files(rendered, render):
    first, second = snapshot(rendered), snapshot(render("render_again"))
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"files differ between two runs: {differ}"


# ---- where the render goes ------------------------------------------------------------------

# The default, ./ocs-render under the current directory, is what tests/integration/test_render_runner.py
# proves (ansible-runner in an AWX-style project folder, the collection installed read-only).
def test_ocs_render_dir_wins_over_the_environment_and_a_relative_one_is_under_the_current_directory(
        tmp_path, run, explain, ansible_playbook, make_ansible_env):
    proc = run([ansible_playbook, "-i", EXAMPLE, PLAYBOOK, "-e", "ocs_render_dir=out/render"], cwd=tmp_path,
               env=make_ansible_env(OCS_RENDER_DIR=tmp_path / "from-env"))
    assert proc.returncode == 0, explain(proc)
    assert (tmp_path / "out" / "render" / "port-matrix.csv").is_file(), explain(proc)
    assert not (tmp_path / "from-env").exists() and not (tmp_path / "ocs-render").exists()


# ---- bad input --------------------------------------------------------------------------------

EDGE_VARS = {
    "ocs_product": "ocs2007r2",
    "ocs_server_roles": ["access_edge", "webconf_edge", "av_edge"],
    "ocs_topology": {
        "access_edge_external": "203.0.113.10",
        "webconf_edge_external": "203.0.113.11",
        "av_edge_external": "203.0.113.12",
        "edge_internal": "172.16.10.10",
        "front_end": ["10.1.0.10", "10.1.0.11"],
        "internal_client": ["10.0.0.0/8"],
    },
    "ocs_features": {"remote_access": True, "federation": True, "av": True},
    "ocs_media_ports": {"client": "1024-65535", "av_edge": "50000-59999", "mediation": "60000-64000"},
}


def _without(mapping, key):
    return {k: v for k, v in mapping.items() if k != key}


# case id -> (variable, bad value, the value the message must name, what the message must say)
BAD_INVENTORIES = {
    "unknown_role": ("ocs_server_roles", ["access_edge", "mailbox_server"], "mailbox_server",
                     r"unknown (server )?role|not a (valid|known) role"),
    "unknown_feature": ("ocs_features", {"av": True, "telepathy": True}, "telepathy",
                        r"unknown feature|not a (valid|known) feature"),
    "port_out_of_range": ("ocs_media_ports", {"av_edge": "50000-70000"}, "70000", r"65535"),
    "reversed_range": ("ocs_media_ports", {"av_edge": "60000-50000"}, "60000-50000", r"reversed"),
    "bad_address": ("ocs_topology", dict(EDGE_VARS["ocs_topology"], front_end=["10.1.0.10", "10.0.0.300"]),
                    "10.0.0.300", r"not an? (valid )?(IP )?address|invalid (IP )?address"),
    "missing_av_edge_external": ("ocs_topology", _without(EDGE_VARS["ocs_topology"], "av_edge_external"),
                                 "av_edge_external", r"missing|must (name|define)"),
    "unknown_product": ("ocs_product", "lync2099", "lync2099", r"unknown product|not a (valid|known) product"),
}


@pytest.mark.parametrize("case", BAD_INVENTORIES)
def test_render_fails_cleanly_on_bad_inventory(case, tmp_path, run, explain, ansible_playbook, make_ansible_env,
                                               fatal_messages):
    variable, value, named, says = BAD_INVENTORIES[case]
    host_vars = dict(EDGE_VARS, **{variable: value})
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"all": {"hosts": {"edge1": host_vars}}}, sort_keys=False))
    out = tmp_path / "render"
    proc = run([ansible_playbook, "-i", inventory, PLAYBOOK], env=make_ansible_env(OCS_RENDER_DIR=out))
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, explain(proc)
    assert TRACEBACK not in output, explain(proc)
    messages = fatal_messages(proc.stdout)
    assert messages, f"no task failure reported\n{explain(proc)}"
    assert any(named in m and re.search(says, m, re.IGNORECASE) for m in messages), (
        f"the failure should name {named!r} and match {says!r}: {messages}"
    )
    assert not (out / "hosts" / "edge1.yml").exists(), "rules were written despite the bad input"


# case id -> (Jinja expression, the value the message must name, what the message must say)
BAD_FILTER_CALLS = {
    "port_ranges_symbolic_name": ("'https' | ocs.firewall.port_ranges", "https",
                                  r"not a (port )?number|symbolic|service name"),
    "ocs_rules_unknown_role": ("{'front_end': '10.1.0.10'} | ocs.firewall.ocs_rules(['mailbox_server'])",
                               "mailbox_server", r"unknown (server )?role|not a (valid|known) role"),
}


@pytest.mark.parametrize("case", BAD_FILTER_CALLS)
def test_filter_fails_cleanly_on_bad_input(case, tmp_path, run, explain, ansible_playbook, make_ansible_env,
                                           fatal_messages):
    expression, named, says = BAD_FILTER_CALLS[case]
    playbook = tmp_path / "filter.yml"
    playbook.write_text(yaml.safe_dump([{
        "name": "Call a filter with bad input",
        "hosts": "all",
        "gather_facts": False,
        "tasks": [{"name": "Show the result", "ansible.builtin.debug": {"msg": "{{ " + expression + " }}"}}],
    }], sort_keys=False))
    proc = run([ansible_playbook, "-i", "localhost,", "-c", "local", playbook], env=make_ansible_env())
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, explain(proc)
    assert TRACEBACK not in output, explain(proc)
    messages = fatal_messages(proc.stdout)
    assert messages, f"no task failure reported\n{explain(proc)}"
    assert any(named in m and re.search(says, m, re.IGNORECASE) for m in messages), (
        f"the failure should name {named!r} and match {says!r}: {messages}"
    )


@pytest.mark.parametrize("name", ["../../x", "edge/../../x"])
def test_a_host_name_that_leaves_the_render_folder_fails_before_anything_is_written(
        name, tmp_path, run, explain, ansible_playbook, make_ansible_env):
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"all": {"hosts": {"edge1": EDGE_VARS, name: EDGE_VARS}}}, sort_keys=False))
    out = tmp_path / "a" / "b" / "render"
    proc = run([ansible_playbook, "-i", inventory, PLAYBOOK], env=make_ansible_env(OCS_RENDER_DIR=out))
    assert proc.returncode != 0, explain(proc)
    assert f"host name '{name}' cannot be a file name inside the render folder" in proc.stdout, explain(proc)
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != inventory]
    assert written == [], written
