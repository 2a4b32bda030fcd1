"""Regression golden files of the example inventory (playbooks/inventories/example): every host's
rules as the action returns them, its firewalld rule set (host view for servers, gateway view for
the perimeter firewalls), and the deployment's port matrix (Markdown, CSV) and flow diagram (DOT).

They pin today's output byte for byte, so a refactor that changes any render shows up here (the
Windows scripts have their own golden files in test_render_windows.py). The content was checked
against the reference table when each renderer was written; after a reviewed change, regenerate:
OCS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/plugins/module_utils/test_render_regression.py
and read `git diff` before committing.
"""

import json
import os
from pathlib import Path

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import diagram, docs, firewalld
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import deployment_flows, resolve
from ansible_collections.ocs.firewall.tests.unit.deployments import example_vars

REGRESSION = Path(__file__).resolve().parent / "regression"
HOSTS = ("edge1", "fe1", "fe2", "med1", "client1", "rp1", "fw_external", "fw_internal")
# The zone names a perimeter firewall binds (the firewalld role's ocs_firewalld_zones), as in the lab.
GATEWAY_ZONE_NAMES = {"external": "external", "perimeter": "dmz", "internal": "internal"}
HOST_SIDE_ZONES = {"external": "public", "internal": "internal"}


def host_resolved(host):
    v = example_vars(host)
    view = v.get("ocs_view", "host")
    return view, resolve(roles=v["ocs_server_roles"], topology=v["ocs_topology"], features=v["ocs_features"],
                         media_ports=v.get("ocs_media_ports"), host_media_ports=v.get("ocs_host_media_ports"),
                         view=view, zones=v.get("ocs_zones") if view == "gateway" else None)


def rules_json(host):
    view, resolved = host_resolved(host)
    return json.dumps({"view": view, **resolved}, indent=2, sort_keys=False) + "\n"


def firewalld_json(host):
    view, resolved = host_resolved(host)
    if view == "gateway":
        ruleset = firewalld.gateway_ruleset(resolved["rules"], GATEWAY_ZONE_NAMES, None, "OCS 2007 R2")
    else:
        ruleset = firewalld.host_ruleset(resolved["rules"], HOST_SIDE_ZONES, None, "OCS 2007 R2")
    return json.dumps(ruleset, indent=2, sort_keys=True) + "\n"


def example_flows():
    v = example_vars("edge1")
    return deployment_flows(topology=v["ocs_topology"], features=v["ocs_features"], media_ports=v["ocs_media_ports"])


def example_hosts():
    return {host: example_vars(host)["ocs_server_roles"] for host in HOSTS}


def port_matrix_md():
    return docs.to_markdown(example_flows(), title="OCS 2007 R2 port matrix")


def port_matrix_csv():
    return docs.to_csv(example_flows())


def flow_diagram_dot():
    return diagram.to_dot(example_flows(), "OCS 2007 R2 example deployment: flows between zones and server roles",
                          zones=example_vars("edge1")["ocs_zones"], hosts=example_hosts())


RENDERS = {f"{host}.rules.json": (lambda host=host: rules_json(host)) for host in HOSTS}
RENDERS.update({f"{host}.firewalld.json": (lambda host=host: firewalld_json(host)) for host in HOSTS})
RENDERS.update({"port-matrix.md": port_matrix_md, "port-matrix.csv": port_matrix_csv, "port-flows.dot": flow_diagram_dot})


def test_every_regression_file_has_a_render():
    stored = sorted(p.name for p in REGRESSION.iterdir() if p.is_file())
    assert stored == sorted(RENDERS)


@pytest.mark.parametrize("name", sorted(RENDERS))
def test_example_inventory_renders_match_the_regression_files(name):
    text = RENDERS[name]()
    path = REGRESSION / name
    if os.environ.get("OCS_UPDATE_GOLDEN") == "1":
        REGRESSION.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing: render it with OCS_UPDATE_GOLDEN=1 and read it"
    assert path.read_text(encoding="utf-8") == text, (
        f"{name} differs from its regression file: if the change is intended and reviewed, "
        "regenerate with OCS_UPDATE_GOLDEN=1")
