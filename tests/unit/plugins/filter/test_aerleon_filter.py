"""The to_aerleon filter: thin over render/aerleon.py. It takes Ansible's containers, returns the
renderer's output, and turns every bad input into an AnsibleFilterError that names the value."""

import inspect
import re

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import aerleon
from ansible_collections.ocs.firewall.tests.unit.ansible_values import TaggedStr, lazy, load
from ansible_collections.ocs.firewall.tests.unit.deployments import example_gateway_rules
from ansible_collections.ocs.firewall.tests.unit.plugin_docs import documentation


def test_to_aerleon_documents_every_parameter_and_every_target():
    module, function = load("to_aerleon")
    doc = documentation(module)
    assert doc["name"] == "to_aerleon" and doc["version_added"] == "0.3.0"
    yaml.safe_load(module.EXAMPLES)
    assert set(yaml.safe_load(module.RETURN)["_value"]["contains"]) == {"policy", "definitions"}
    parameters = list(inspect.signature(function).parameters)
    assert set(doc["options"]) == {"_input", *parameters[1:]}
    assert doc["positional"] == parameters[1] == "targets"
    described = " ".join(doc["options"]["targets"]["description"])
    assert sorted(set(re.findall(r"V\((\w+)\)", described))) == sorted(aerleon.TARGETS)
    assert list(module.FilterModule().filters()) == ["to_aerleon"]


def test_to_aerleon_returns_the_renderer_output_for_ansible_containers():
    dummy, to_aerleon = load("to_aerleon")
    rules = example_gateway_rules("fw_external")
    result = to_aerleon(lazy(rules), (TaggedStr("srx"), TaggedStr("iptables")), name=TaggedStr("fw_external"),
                        zone_names=lazy({"perimeter": "dmz"}))
    assert result == aerleon.aerleon_policy(rules, ["srx", "iptables"], name="fw_external",
                                            zone_names={"perimeter": "dmz"})
    assert type(result["policy"]["filename"]) is str  # pylint: disable=unidiomatic-typecheck


@pytest.mark.parametrize("args, kwargs, bad", [
    ((["pix"],), {}, "unknown target 'pix'; supported targets: arista, cisco, ciscoasa"),
    (([],), {}, "targets is an empty list"),
    ((["srx"],), {"name": "../gw"}, "'../gw'"),
])
def test_to_aerleon_names_the_bad_value(args, kwargs, bad):
    dummy, to_aerleon = load("to_aerleon")
    with pytest.raises(AnsibleFilterError, match="^to_aerleon: ") as info:
        to_aerleon(example_gateway_rules("fw_external"), *args, **kwargs)
    assert bad in str(info.value)
