"""The typed contract (model.py): every record the resolver emits reads back as itself, every bad
field is refused with its value named, and the documented schema is the model's."""

import re
from dataclasses import FrozenInstanceError, fields

import pytest
import yaml

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.model import (
    FlowRecord,
    GatewayRule,
    HostRule,
    IpsecRow,
    flow_records,
    gateway_rules,
    host_rules,
)
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import deployment_flows, resolve
from ansible_collections.ocs.firewall.plugins.modules import ocs_port_rules
from ansible_collections.ocs.firewall.tests.unit.deployments import (
    example_ipsec_rows,
    example_rules,
    example_vars,
)

HOSTS = ("edge1", "fe1", "med1", "client1", "rp1")


def gateway_example_rules(host):
    v = example_vars(host)
    return resolve(roles=v["ocs_server_roles"], topology=v["ocs_topology"], features=v["ocs_features"],
                   media_ports=v["ocs_media_ports"], view="gateway", zones=v["ocs_zones"])["rules"]


def example_flows():
    v = example_vars("edge1")
    return deployment_flows(topology=v["ocs_topology"], features=v["ocs_features"], media_ports=v["ocs_media_ports"])


# ---- what the resolver emits reads back as itself ---------------------------------------------------

@pytest.mark.parametrize("host", HOSTS)
def test_host_rules_read_back_as_emitted(host):
    rules = example_rules(host)
    assert rules and [rule.to_dict() for rule in host_rules(rules)] == rules


@pytest.mark.parametrize("host", ["fw_external", "fw_internal"])
def test_gateway_rules_read_back_as_emitted(host):
    rules = gateway_example_rules(host)
    assert rules and [rule.to_dict() for rule in gateway_rules(rules)] == rules


def test_flow_records_read_back_as_emitted_with_and_without_addresses():
    flows = example_flows()
    assert [flow.to_dict() for flow in flow_records(flows)] == flows
    assert all("from_addresses" in f and "to_addresses" in f for f in flows)
    host_flows = resolve(**{"roles": ["front_end"], **{k: example_vars("fe1")[f"ocs_{k}"]
                                                       for k in ("topology", "features", "media_ports")}})["flows"]
    assert [flow.to_dict() for flow in flow_records(host_flows)] == host_flows
    assert not any("from_addresses" in f for f in host_flows)  # a host's records name classes only


@pytest.mark.parametrize("host", ["edge1", "client1"])
def test_ipsec_rows_read_back_as_emitted(host):
    rows = example_ipsec_rows(host)
    assert rows and [IpsecRow.from_mapping(row).to_dict() for row in rows] == rows


def test_records_are_frozen():
    rule = host_rules(example_rules("edge1"))[0]
    with pytest.raises(FrozenInstanceError):
        rule.ports = ("1-65535",)


def test_from_mapping_canonicalises_ports_and_addresses():
    rule = dict(example_rules("fe1")[0], ports=["5061", "443", "444"], remote_addresses=["10.0.0.5"])
    parsed = HostRule.from_mapping(rule)
    assert parsed.ports == ("443-444", "5061")
    assert parsed.remote_addresses == ("10.0.0.5/32",)


# ---- a bad field is refused, naming the value --------------------------------------------------------

HOST_RULE = {"name": "r.in", "flow": "a.b", "direction": "in", "protocol": "tcp", "ports": ["443"],
             "local_addresses": [], "remote_addresses": [], "side": None}


@pytest.mark.parametrize("change, bad", [
    ({"protocol": "icmp"}, "'icmp'"),
    ({"direction": "both"}, "'both'"),
    ({"ports": ["99999"]}, "99999"),
    ({"ports": []}, "ports is empty"),
    ({"source_ports": ["0-10"]}, "port 0"),
    ({"local_addresses": "10.0.0.1"}, "list of CIDRs"),
    ({"remote_addresses": ["10.0.0.300"]}, "10.0.0.300"),
    ({"side": "dmz"}, "'dmz'"),
    ({"flow": "Not An Id"}, "'Not An Id'"),
    ({"flows": ["a.b", "A-B"]}, "'A-B'"),
    ({"ipsec_exempt": "yes"}, "'yes'"),
    ({"purpose": 42}, "42"),
    ({"name": ""}, "non-empty"),
])
def test_host_rule_names_the_bad_value(change, bad):
    with pytest.raises(OcsModelError) as info:
        HostRule.from_mapping(dict(HOST_RULE, **change))
    assert bad in str(info.value)
    assert f"rule {change.get('name', 'r.in')!r}" in str(info.value)  # which rule, too


@pytest.mark.parametrize("missing", ["flow", "protocol", "ports", "local_addresses", "remote_addresses"])
def test_host_rule_names_a_missing_field(missing):
    data = {k: v for k, v in HOST_RULE.items() if k != missing}
    with pytest.raises(OcsModelError, match=f"has no '{missing}'"):
        HostRule.from_mapping(data)


def test_a_gateway_rule_is_not_a_host_rule_and_back():
    gateway = gateway_example_rules("fw_external")[0]
    with pytest.raises(OcsModelError, match="not a host view rule"):
        HostRule.from_mapping(gateway)
    with pytest.raises(OcsModelError, match="not a gateway view rule"):
        GatewayRule.from_mapping(HOST_RULE)


@pytest.mark.parametrize("change, bad", [
    ({"ingress_zone": "dmz"}, "'dmz'"),
    ({"egress_zone": None}, "None"),
    ({"destination_addresses": ["203.0.113.10/24"]}, "host bits"),
])
def test_gateway_rule_names_the_bad_value(change, bad):
    rule = gateway_example_rules("fw_external")[0]
    with pytest.raises(OcsModelError) as info:
        GatewayRule.from_mapping(dict(rule, **change))
    assert bad in str(info.value)


@pytest.mark.parametrize("value", ["rules", {"name": "x"}, 42, None])
def test_rule_lists_must_be_lists(value):
    with pytest.raises(OcsModelError, match="list of rules"):
        host_rules(value)


@pytest.mark.parametrize("change, bad", [
    ({"protocol": "icmp"}, "'icmp'"),
    ({"ports": "443"}, "must be a list of port strings"),
    ({"to": "front-end"}, "'front-end'"),
    ({"from_addresses": ["10.0.0.300"]}, "10.0.0.300"),
    ({"features": "av"}, "list of names"),
])
def test_flow_record_names_the_bad_value(change, bad):
    with pytest.raises(OcsModelError) as info:
        FlowRecord.from_mapping(dict(example_flows()[0], **change))
    assert bad in str(info.value)


def test_flow_record_needs_what_its_reader_needs():
    flow = {k: v for k, v in example_flows()[0].items() if k not in ("purpose", "to_addresses")}
    assert FlowRecord.from_mapping(flow).purpose == ""
    with pytest.raises(OcsModelError, match="missing purpose"):
        FlowRecord.from_mapping(flow, needs=("purpose",))
    with pytest.raises(OcsModelError, match="missing to_addresses"):
        FlowRecord.from_mapping(flow, needs=("to_addresses",))


@pytest.mark.parametrize("change, bad", [
    ({"protocols": "tcp"}, "'tcp'"),
    ({"protocols": ["icmp"]}, "'icmp'"),
    ({"source_ports": ["70000"]}, "70000"),
    ({"id": "Bad Id"}, "'Bad Id'"),
])
def test_ipsec_row_names_the_bad_value(change, bad):
    with pytest.raises(OcsModelError) as info:
        IpsecRow.from_mapping(dict(example_ipsec_rows("edge1")[0], **change))
    assert bad in str(info.value)


# ---- the documented schema is the model's -------------------------------------------------------------

def _documented(description, prefix):
    text = " ".join(description)
    start = text.index(prefix) + len(prefix)
    end = text.index(".", start)  # the list ends at the sentence's full stop
    return re.findall(r"C\(([a-z_]+)\)", text[start:end])


def test_ocs_port_rules_documents_the_model_fields_in_order():
    returned = yaml.safe_load(ocs_port_rules.RETURN)
    rules = returned["rules"]["description"]
    assert _documented(rules, "Host view fields") == [f.name for f in fields(HostRule)]
    assert _documented(rules, "Gateway view fields") == [f.name for f in fields(GatewayRule)]
    flow_fields = [FlowRecord.RENAMES.get(f.name, f.name) for f in fields(FlowRecord)
                   if not f.metadata.get("optional")]
    assert _documented(returned["flows"]["description"], "The catalogue rows") == flow_fields
