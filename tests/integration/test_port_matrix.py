"""The port_matrix role on the controller, through playbooks/site.yml (--tags port_matrix) on the example
inventory: Markdown, CSV, a self-contained HTML page, and the flow diagram (DOT, SVG, PNG) with every edge
labelled by protocol and ports. No managed host is contacted (the example hosts do not exist).

Graphviz comes from Debian's package (`make demo` and `make test` install it); without it these tests
skip, except in CI (CI=true), where they fail.
"""

import csv
import io
import json
import os
import shutil
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from ansible_collections.ocs.firewall.tests.integration.playbook_results import recap
from ansible_collections.ocs.firewall.tests.unit.dot import edges as dot_edges

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "playbooks" / "site.yml"
EXAMPLE = REPO / "playbooks" / "inventories" / "example"
DOCS = REPO / "docs"
TITLE = "OCS 2007 R2 example deployment"
FILES = ("port-matrix.md", "port-matrix.csv", "port-matrix.html", "port-flows.dot", "port-flows.svg", "port-flows.png")
TRACEBACK = "Traceback (most recent call last)"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def need_graphviz():
    if shutil.which("dot"):
        return
    message = "Graphviz (dot) is missing: apt-get install graphviz (make demo and make test install it)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def run_matrix(run, ansible_playbook, make_ansible_env):
    def _run(out, *extra, check=False):
        cmd = [ansible_playbook, "-i", EXAMPLE, SITE, "--tags", "port_matrix",
               "-e", f"ocs_port_matrix_dir={out}", "-e", f"ocs_port_matrix_title={TITLE!r}"]
        if check:
            cmd.append("--check")
        return run([*cmd, *extra], env=make_ansible_env())

    return _run


@pytest.fixture(scope="module")
def written(tmp_path_factory, run_matrix, explain):
    need_graphviz()
    out = tmp_path_factory.mktemp("matrix")
    proc = run_matrix(out)
    assert proc.returncode == 0, explain(proc)
    return out, proc


@pytest.fixture(scope="module")
def example_flows(tmp_path_factory, run, explain, ansible_playbook, make_ansible_env):
    """ocs.firewall.ocs_flows for the example inventory, through a real playbook."""
    folder = tmp_path_factory.mktemp("flows")
    out = folder / "flows.json"
    playbook = folder / "flows.yml"
    playbook.write_text(yaml.safe_dump([{
        "name": "Flows of the example deployment", "hosts": "localhost", "gather_facts": False,
        "tasks": [{"name": "Write them", "ansible.builtin.copy": {
            "dest": str(out), "mode": "0644",
            "content": "{{ ocs_topology | ocs.firewall.ocs_flows(features=ocs_features, media_ports=ocs_media_ports) | to_json }}",
        }}],
    }], sort_keys=False))
    proc = run([ansible_playbook, "-i", EXAMPLE, playbook], env=make_ansible_env())
    assert proc.returncode == 0, explain(proc)
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_file_is_written_and_not_empty(written):
    out, _proc = written
    for name in FILES:
        assert (out / name).is_file() and (out / name).stat().st_size > 0, f"{name} missing or empty"


def test_no_managed_host_is_contacted(written):
    _out, proc = written
    hosts = recap(proc.stdout)
    assert hosts["localhost"]["failed"] == 0
    assert all(h["unreachable"] == 0 and h["changed"] == 0 for name, h in hosts.items() if name != "localhost"), hosts
    assert "UNREACHABLE" not in proc.stdout


def test_csv_and_markdown_list_every_flow_of_the_deployment(written, example_flows):
    out, _proc = written
    rows = list(csv.DictReader(io.StringIO((out / "port-matrix.csv").read_text(encoding="utf-8"))))
    assert [row["flow"] for row in rows] == [flow["id"] for flow in example_flows]
    markdown = (out / "port-matrix.md").read_text(encoding="utf-8")
    assert markdown.startswith(f"# {TITLE}\n")
    assert all(f"| {flow['id']} |" in markdown for flow in example_flows)


def test_svg_is_valid_and_png_is_a_png(written):
    out, _proc = written
    root = ET.parse(out / "port-flows.svg").getroot()
    assert root.tag.endswith("svg")
    png = (out / "port-flows.png").read_bytes()
    assert png.startswith(PNG_SIGNATURE) and png[12:16] == b"IHDR"
    width, height = struct.unpack("!II", png[16:24])
    assert width > 800 and height > 300, (width, height)


def test_html_page_is_self_contained_with_the_diagram_and_every_flow(written, example_flows):
    out, _proc = written
    page = (out / "port-matrix.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    for external in ("<script src", "<link", "<img", "@import", "url(http"):
        assert external not in page, f"the page loads something from outside: {external}"
    assert all(f"<td>{flow['id']}</td>" in page for flow in example_flows)
    # The inline SVG parses (it is the drawn diagram, not a reference to a file).
    svg = page[page.index("<svg"):page.index("</svg>") + len("</svg>")]
    assert ET.fromstring(svg).tag.endswith("svg")


def test_diagram_has_the_three_zones_and_the_consolidated_edge(written):
    out, _proc = written
    dot = (out / "port-flows.dot").read_text(encoding="utf-8")
    for zone, label in (("external", "Internet (external)"), ("perimeter", "Perimeter network"),
                        ("internal", "Internal network")):
        assert f"subgraph cluster_{zone} {{" in dot and f'label="{label}' in dot
    assert "subgraph cluster_perimeter_edge1 {" in dot and 'label="edge1: access_edge, webconf_edge, av_edge"' in dot
    assert "external firewall: fw_external" in dot and "internal firewall: fw_internal" in dot


def test_every_flow_is_an_edge_labelled_with_its_protocol_and_ports(written, example_flows):
    out, _proc = written
    edges = dot_edges((out / "port-flows.dot").read_text(encoding="utf-8"))
    for flow in example_flows:
        pair = (flow["from"], flow["to"])
        fields = edges.get(pair) or edges.get(pair[::-1])
        assert fields, f"no edge for {flow['id']} ({pair})"
        assert fields.get("dir") in (None, "both") or pair in edges
        assert flow["id"] in fields["tooltip"], f"{flow['id']} is not on the edge {pair}"
        label = fields["label"].replace("\\n", " ")
        assert flow["protocol"].upper() in label, f"{pair}: {label}"
    remote = edges[("remote_user", "access_edge_external")]["label"]
    assert remote == "TCP 443, 5061"  # SIP/TLS and, for remote users, SIP/MTLS (R1 table)
    stun = edges[("remote_user", "av_edge_external")]["label"].replace("\\n", " ")
    assert "TCP 443" in stun and "UDP 3478" in stun


def test_a_second_run_changes_nothing_and_writes_the_same_bytes(written, run_matrix, explain):
    out, _proc = written
    before = snapshot(out)
    proc = run_matrix(out)
    assert proc.returncode == 0, explain(proc)
    assert recap(proc.stdout)["localhost"]["changed"] == 0, explain(proc)
    assert snapshot(out) == before


def test_check_mode_writes_nothing(tmp_path, run_matrix, explain):
    need_graphviz()
    out = tmp_path / "matrix"
    proc = run_matrix(out, check=True)
    assert proc.returncode == 0, explain(proc)
    assert not out.exists(), f"check mode wrote {sorted(p.name for p in out.iterdir())}"


def test_missing_graphviz_fails_with_a_clear_message(tmp_path, run_matrix, explain):
    out = tmp_path / "matrix"
    proc = run_matrix(out, "-e", "ocs_port_matrix_dot=/nonexistent/dot")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, explain(proc)
    assert TRACEBACK not in output, explain(proc)
    assert "Graphviz is needed" in output and "apt-get install graphviz" in output, explain(proc)
    assert not out.exists()


def test_without_the_diagram_graphviz_is_not_needed(tmp_path, run_matrix, explain):
    out = tmp_path / "matrix"
    proc = run_matrix(out, "-e", "ocs_port_matrix_dot=/nonexistent/dot", "-e", '{"ocs_port_matrix_diagram": false}')
    assert proc.returncode == 0, explain(proc)
    assert sorted(p.name for p in out.iterdir()) == ["port-matrix.csv", "port-matrix.html", "port-matrix.md"]
    assert "<svg" not in (out / "port-matrix.html").read_text(encoding="utf-8")


def test_the_collection_playbook_writes_under_the_current_directory_not_into_the_collection(
        tmp_path, run, explain, ansible_playbook, make_ansible_env):
    # By its FQCN, playbook_dir is the collection's playbooks/ folder (read-only where installed so).
    proc = run([ansible_playbook, "-i", EXAMPLE, "ocs.firewall.site", "--tags", "port_matrix",
                "-e", '{"ocs_port_matrix_diagram": false}'], cwd=tmp_path, env=make_ansible_env())
    assert proc.returncode == 0, explain(proc)
    assert sorted(p.name for p in (tmp_path / "port-matrix").iterdir()) == [
        "port-matrix.csv", "port-matrix.html", "port-matrix.md"]
    assert not (REPO / "playbooks" / "port-matrix").exists()
    assert f"Port matrix: {tmp_path / 'port-matrix'}/port-matrix.md" in proc.stdout, explain(proc)


def test_bad_inventory_fails_naming_the_value_before_writing(tmp_path, run, explain, ansible_playbook,
                                                             make_ansible_env):
    out = tmp_path / "matrix"
    inventory = tmp_path / "bad.yml"
    inventory.write_text(yaml.safe_dump({"all": {"vars": {
        "ocs_topology": {"front_end": "10.1.0.300"}, "ocs_port_matrix_diagram": False,
    }, "hosts": {"fe1": {"ocs_server_roles": ["front_end"]}}}}))
    proc = run([ansible_playbook, "-i", inventory, SITE, "--tags", "port_matrix", "-e", f"ocs_port_matrix_dir={out}"],
               env=make_ansible_env())
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, explain(proc)
    assert TRACEBACK not in output and "10.1.0.300" in output, explain(proc)
    assert not out.exists()


def test_the_readme_diagram_is_the_one_the_role_draws_for_the_example(written):
    """docs/ holds the diagram of the example inventory that the README shows; it must be redrawn when the
    model changes: ansible-playbook -i playbooks/inventories/example playbooks/site.yml --tags port_matrix
    -e ocs_port_matrix_dir=$PWD/build/docs -e "ocs_port_matrix_title='OCS 2007 R2 example deployment'",
    then copy build/docs/port-flows.{dot,svg,png} to docs/example-port-flows.*"""
    out, _proc = written
    committed = DOCS / "example-port-flows.dot"
    assert committed.read_text(encoding="utf-8") == (out / "port-flows.dot").read_text(encoding="utf-8"), (
        "docs/example-port-flows.dot is out of date: redraw it (see this test's docstring)"
    )
    for suffix in ("svg", "png"):
        assert (DOCS / f"example-port-flows.{suffix}").stat().st_size > 0


def test_the_readme_shows_the_diagram():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/example-port-flows.png" in readme or "docs/example-port-flows.svg" in readme, (
        "the README does not show the diagram"
    )
