"""The diagram filters: to_flow_diagram (flows -> DOT) and to_port_matrix_html (flows -> HTML page).
Thin wrappers over render/diagram.py and render/docs.py: they take Ansible's containers, return the renderer's output, and
turn every bad input into an AnsibleFilterError that names the value."""

import inspect

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import diagram, docs
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import deployment_flows
from ansible_collections.ocs.firewall.tests.unit.ansible_values import TaggedStr, lazy, load
from ansible_collections.ocs.firewall.tests.unit.plugin_docs import documentation

FILTERS = ("to_flow_diagram", "to_port_matrix_html")
HOSTS = {"edge1": ["access_edge", "webconf_edge", "av_edge"], "fe1": ["front_end"], "fw1": ["external_firewall"]}
SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>\n'


@pytest.fixture
def flows(base_topology):
    return deployment_flows(topology=base_topology, features={"federation": True})


# ---- shape of the plugins ------------------------------------------------------------------------

@pytest.mark.parametrize("name", FILTERS)
def test_filter_documents_every_parameter_of_its_function(name):
    module, function = load(name)
    doc = documentation(module)
    assert doc["name"] == name and doc["short_description"]
    yaml.safe_load(module.EXAMPLES)
    assert "_value" in yaml.safe_load(module.RETURN)
    parameters = inspect.signature(function).parameters
    assert set(doc["options"]) == {"_input", *list(parameters)[1:]}
    for option, spec in doc["options"].items():
        if option != "_input":
            assert spec.get("default") == parameters[option].default, option


@pytest.mark.parametrize("name", FILTERS)
def test_filter_module_maps_only_its_own_name(name):
    module, dummy = load(name)
    assert list(module.FilterModule().filters()) == [name]


# ---- to_flow_diagram -----------------------------------------------------------------------------

def test_to_flow_diagram_returns_the_renderer_output(flows, base_zones):
    dummy, to_flow_diagram = load("to_flow_diagram")
    result = to_flow_diagram(flows, title="T", zones=base_zones, hosts=HOSTS)
    assert result == diagram.to_dot(flows, "T", zones=base_zones, hosts=HOSTS, product="ocs2007r2")
    assert to_flow_diagram(flows) == diagram.to_dot(flows, "OCS flows")


def test_to_flow_diagram_accepts_ansible_containers(flows, base_zones):
    dummy, to_flow_diagram = load("to_flow_diagram")
    result = to_flow_diagram(lazy(flows), title=TaggedStr("T"), zones=lazy(base_zones), hosts=lazy(HOSTS),
                             product=TaggedStr("ocs2007r2"))
    assert result == diagram.to_dot(flows, "T", zones=base_zones, hosts=HOSTS)
    assert type(result) is str  # pylint: disable=unidiomatic-typecheck


@pytest.mark.parametrize("kwargs, bad", [
    ({"zones": {"dmz": ["203.0.113.0/24"]}}, "'dmz'"),
    ({"zones": {"perimeter": "203.0.113.0/33"}}, "203.0.113.0/33"),
    ({"zones": ["203.0.113.0/24"]}, "['203.0.113.0/24']"),
    ({"hosts": {"fe1": ["frontend"]}}, "'frontend'"),
    ({"hosts": {"fe1": "front_end"}}, "'front_end'"),
    ({"hosts": "fe1"}, "'fe1'"),
    ({"product": "lync2010"}, "'lync2010'"),
])
def test_to_flow_diagram_names_the_bad_value(flows, kwargs, bad):
    dummy, to_flow_diagram = load("to_flow_diagram")
    with pytest.raises(AnsibleFilterError, match="^to_flow_diagram: ") as info:
        to_flow_diagram(flows, **kwargs)
    assert bad in str(info.value)


@pytest.mark.parametrize("change, bad", [
    ({"ports": "443"}, "'443'"),
    ({"ports": ["443", "99999"]}, "99999"),
    ({"protocol": "icmp"}, "'icmp'"),
    ({"to": "front-end"}, "'front-end'"),
    ({"from_addresses": ["10.0.0.300"]}, "10.0.0.300"),
])
def test_to_flow_diagram_refuses_a_bad_flow(flows, change, bad):
    dummy, to_flow_diagram = load("to_flow_diagram")
    with pytest.raises(AnsibleFilterError, match="^to_flow_diagram: ") as info:
        to_flow_diagram([dict(flows[0], **change)])
    assert bad in str(info.value)


@pytest.mark.parametrize("value", [{"id": "x"}, "flows", [{"id": "x", "from": "remote_user"}], ["x"]])
def test_to_flow_diagram_refuses_what_is_not_flow_records(value):
    dummy, to_flow_diagram = load("to_flow_diagram")
    with pytest.raises(AnsibleFilterError, match="^to_flow_diagram: .*(not a flow record|list of flow records)"):
        to_flow_diagram(value)


# ---- to_port_matrix_html --------------------------------------------------------------------------

def test_to_port_matrix_html_returns_the_renderer_output(flows):
    dummy, to_port_matrix_html = load("to_port_matrix_html")
    csv_text = docs.to_csv(flows)
    assert to_port_matrix_html(flows, title="T", svg=SVG) == docs.to_html("T", csv_text, svg_text=SVG, flows=flows)
    assert to_port_matrix_html(flows) == docs.to_html("Port matrix", csv_text, flows=flows)


def test_to_port_matrix_html_accepts_ansible_containers(flows):
    dummy, to_port_matrix_html = load("to_port_matrix_html")
    result = to_port_matrix_html(lazy(flows), title=TaggedStr("T"), svg=TaggedStr(SVG))
    assert result == docs.to_html("T", docs.to_csv(flows), svg_text=SVG, flows=flows)
    assert type(result) is str  # pylint: disable=unidiomatic-typecheck


def test_to_port_matrix_html_tells_no_diagram_from_one_not_drawn_yet(flows):
    dummy, to_port_matrix_html = load("to_port_matrix_html")
    assert "<svg" not in to_port_matrix_html(flows) and "next run" not in to_port_matrix_html(flows)
    assert "drawn on the next run" in to_port_matrix_html(flows, svg="")
    assert '<div class="diagram">\n<svg' in to_port_matrix_html(flows, svg=SVG)


@pytest.mark.parametrize("value, svg, bad", [
    ({"id": "x"}, None, "list of flow records"),
    ([{"id": "x"}], None, "missing from"),
    (None, 42, "42"),
    (None, ["<svg/>"], "['<svg/>']"),
])
def test_to_port_matrix_html_names_the_bad_value(flows, value, svg, bad):
    dummy, to_port_matrix_html = load("to_port_matrix_html")
    with pytest.raises(AnsibleFilterError, match="^to_port_matrix_html: ") as info:
        to_port_matrix_html(flows if value is None else value, svg=svg)
    assert bad in str(info.value)
