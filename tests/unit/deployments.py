"""Deployments the unit tests share (importable as ansible_collections.ocs.firewall.tests.unit.deployments,
under pytest and ansible-test alike). Tests that change one take a copy (conftest's fixtures do)."""

# The consolidated Edge deployment of DESIGN.md's inventory contract.
BASE_TOPOLOGY = {
    "access_edge_external": "203.0.113.10",
    "webconf_edge_external": "203.0.113.11",
    "av_edge_external": "203.0.113.12",
    "edge_internal": "172.16.10.10",
    "front_end": ["10.1.0.10", "10.1.0.11"],
    "internal_client": ["10.0.0.0/8"],
}

# A back-to-back perimeter: the Edge's two sides in the perimeter, the pool and clients inside.
BASE_ZONES = {
    "perimeter": ["203.0.113.0/24", "172.16.10.0/24"],
    "internal": ["10.0.0.0/8"],
}

# The demo lab's deployment (playbooks/inventories/lab/group_vars/all.yml).
LAB_TOPOLOGY = {
    "access_edge_external": "203.0.113.10",
    "webconf_edge_external": "203.0.113.11",
    "av_edge_external": "203.0.113.12",
    "edge_internal": "172.16.10.10",
    "front_end": "10.1.0.10",
    "mediation": "10.1.0.20",
    "internal_client": ["10.2.0.0/16"],
}


# ---- the example inventory (playbooks/inventories/example), as Ansible sees a host's variables ------

from pathlib import Path  # noqa: E402

import yaml  # noqa: E402

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import (  # noqa: E402
    resolve,
    resolve_ipsec_exemptions,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "playbooks" / "inventories" / "example"


def _inventory_hosts(node, inherited=None):
    """(host, variables) pairs: a group's `vars` apply to its hosts and children, host vars last."""
    group_vars = {**(inherited or {}), **(node.get("vars") or {})}
    for name, hostvars in (node.get("hosts") or {}).items():
        yield name, {**group_vars, **(hostvars or {})}
    for child in (node.get("children") or {}).values():
        yield from _inventory_hosts(child or {}, group_vars)


def example_vars(host):
    """The host's variables as Ansible sees them (group_vars/all, then the hosts.yml groups' vars, then host vars;
    whole keys replaced)."""
    merged = dict(yaml.safe_load((EXAMPLE / "group_vars" / "all.yml").read_text(encoding="utf-8")))
    hosts = dict(_inventory_hosts(yaml.safe_load((EXAMPLE / "hosts.yml").read_text(encoding="utf-8"))["all"]))
    merged.update(hosts[host])
    return merged


def example_rules(host):
    """The host view rules of one example host."""
    v = example_vars(host)
    return resolve(roles=v["ocs_server_roles"], topology=v["ocs_topology"], features=v["ocs_features"],
                   media_ports=v.get("ocs_media_ports"), host_media_ports=v.get("ocs_host_media_ports"))["rules"]


def example_gateway_rules(host):
    """The gateway view rules of one example perimeter firewall (fw_external, fw_internal)."""
    v = example_vars(host)
    return resolve(roles=v["ocs_server_roles"], topology=v["ocs_topology"], features=v["ocs_features"],
                   media_ports=v.get("ocs_media_ports"), view="gateway", zones=v["ocs_zones"])["rules"]


def example_ipsec_rows(host):
    """The IPsec exemption rows of one example host."""
    v = example_vars(host)
    return resolve_ipsec_exemptions(topology=v["ocs_topology"], media_ports=v.get("ocs_media_ports"),
                                    roles=v["ocs_server_roles"], features=v["ocs_features"],
                                    host_media_ports=v.get("ocs_host_media_ports"))
