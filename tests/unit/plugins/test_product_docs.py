"""What the documentation says about products agrees with the catalogues that exist.

- the action's argument spec (one function, _ocs_ports.spec) is what the doc fragment documents;
- every documented product option (plugins and role argument specs) defaults to DEFAULT_PRODUCT and
  offers exactly the catalogues in PRODUCTS, and the role defaults agree;
- the fragment's hand-written lists of roles, classes, features and media keys are the catalogue's;
- every catalogue sets the product facts the core reads from it.
Adding a catalogue makes these fail until the docs list it.
"""

import importlib
import re
from pathlib import Path

import pytest
import yaml

from ansible_collections.ocs.firewall.plugins.doc_fragments._deployment import ModuleDocFragment
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import (
    DEFAULT_PRODUCT,
    EVIDENCE_LEVELS,
    PRODUCTS,
)
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.checks import parse_probe
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import resolve
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.spec import deployment_argument_spec

REPO = Path(__file__).resolve().parents[3]
FRAGMENT_ATTRIBUTES = ("PRODUCT", "ROLES", "TOPOLOGY", "FEATURES", "MEDIA_PORTS", "HOST_MEDIA_PORTS", "VIEW", "ZONES")
FRAGMENT = {name: option for attribute in FRAGMENT_ATTRIBUTES
            for name, option in yaml.safe_load(getattr(ModuleDocFragment, attribute))["options"].items()}
PLUGIN_FILES = sorted(p for p in (REPO / "plugins").glob("*/*.py")
                      if p.parent.name in ("modules", "filter") and p.name != "__init__.py")
ROLE_SPECS = sorted((REPO / "roles").glob("*/meta/argument_specs.yml"))


def plugin_docs(path):
    module = importlib.import_module(f"ansible_collections.ocs.firewall.plugins.{path.parent.name}.{path.stem}")
    return yaml.safe_load(module.DOCUMENTATION)


def test_the_action_spec_is_what_the_fragment_documents():
    spec = deployment_argument_spec()
    assert list(spec) == list(FRAGMENT)
    for name, option in spec.items():
        doc = FRAGMENT[name]
        documented_type = "raw" if (doc["type"], doc.get("elements")) == ("list", "str") and name == "roles" else doc["type"]
        assert option["type"] == documented_type, name
        assert option.get("default") == doc.get("default"), name
        if name == "product":  # the model checks it, naming the bad value: the documented choices are its catalogues
            assert "choices" not in option and doc["choices"] == sorted(PRODUCTS)
        else:
            assert option.get("choices") == doc.get("choices"), name
        assert option.get("required", False) == doc.get("required", False), name


def test_an_unknown_product_is_refused_by_the_model_listing_the_catalogues():
    with pytest.raises(OcsModelError, match="unknown product 'lync2099'; valid products: " + ", ".join(sorted(PRODUCTS))):
        resolve(product="lync2099", roles=["front_end"], topology={"front_end": "10.1.0.10"})


def test_the_action_uses_the_spec_function():
    action = importlib.import_module("ansible_collections.ocs.firewall.plugins.action.ocs_port_rules")
    assert action.ARGUMENT_SPEC == deployment_argument_spec()


def _product_options():
    for path in PLUGIN_FILES:
        option = (plugin_docs(path).get("options") or {}).get("product")
        if option:
            yield f"{path.parent.name}/{path.name}", option
    yield "doc_fragments/_deployment.py", FRAGMENT["product"]
    for path in ROLE_SPECS:
        for entry, spec in yaml.safe_load(path.read_text(encoding="utf-8"))["argument_specs"].items():
            option = (spec.get("options") or {}).get("ocs_product")
            if option:
                yield f"{path.parts[-3]} {entry}", option


PRODUCT_OPTIONS = dict(_product_options())


def test_product_options_are_found():
    assert "doc_fragments/_deployment.py" in PRODUCT_OPTIONS
    assert sum(" " in where for where in PRODUCT_OPTIONS) >= 5  # the roles' entry points


@pytest.mark.parametrize("where", sorted(PRODUCT_OPTIONS))
def test_every_product_option_defaults_to_the_default_product_and_offers_every_catalogue(where):
    option = PRODUCT_OPTIONS[where]
    assert option.get("default") == DEFAULT_PRODUCT
    if " " in where or where.startswith("doc_fragments"):  # the argument specs enforce their choices
        assert option.get("choices") == sorted(PRODUCTS)
    else:
        assert option.get("choices", sorted(PRODUCTS)) == sorted(PRODUCTS)


@pytest.mark.parametrize("path", sorted((REPO / "roles").glob("*/defaults/main.yml")), ids=lambda p: p.parts[-3])
def test_role_defaults_name_the_default_product(path):
    defaults = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    assert defaults.get("ocs_product", DEFAULT_PRODUCT) == DEFAULT_PRODUCT


def _values(text, marker="V"):
    return set(re.findall(marker + r"\(([a-z_0-9]+)\)", text))


@pytest.mark.parametrize("product", sorted(PRODUCTS))
def test_the_fragment_lists_exactly_the_catalogues_roles_classes_features_and_media_keys(product):
    catalogue = PRODUCTS[product]
    roles_host, roles_gateway = FRAGMENT["roles"]["description"][:2]
    assert _values(roles_host) == set(catalogue.server_roles)
    assert _values(roles_gateway) == set(catalogue.gateway_roles)
    classes = _values(" ".join(FRAGMENT["topology"]["description"][:2]), "C")
    assert classes - {"ocs_topology"} == set(catalogue.endpoint_classes) | set(catalogue.shared_address_keys)
    assert _values(FRAGMENT["features"]["description"][1]) == set(catalogue.features)
    assert _values(FRAGMENT["media_ports"]["description"][1]) - {"1024-65535", "50000-59999", "60000-64000",
                                                                 "49152-65535"} == set(catalogue.media_ports)


@pytest.mark.parametrize("product", sorted(PRODUCTS))
def test_every_catalogue_sets_the_product_facts_the_core_reads(product):
    catalogue = PRODUCTS[product]
    assert catalogue.title and catalogue.rule_group
    assert tuple(catalogue.evidence_levels) == EVIDENCE_LEVELS and all(catalogue.evidence_levels.values())
    assert catalogue.probe_ports and all(parse_probe(p) for p in catalogue.probe_ports)
    assert isinstance(catalogue.stun_port, int)
    assert all(spec.label for spec in catalogue.endpoint_classes.values())
    for rule in catalogue.address_rules:
        keys = set(catalogue.endpoint_classes) | set(catalogue.shared_address_keys)
        assert set(rule.keys) | set(rule.apart_from) <= keys and rule.why


def test_the_windows_naming_defaults_are_the_default_products_names():
    from ansible_collections.ocs.firewall.plugins.doc_fragments._windows_naming import ModuleDocFragment as Naming

    catalogue = PRODUCTS[DEFAULT_PRODUCT]
    assert yaml.safe_load(Naming.PREFIX)["options"]["prefix"]["default"] == catalogue.title
    assert yaml.safe_load(Naming.GROUP)["options"]["group"]["default"] == catalogue.rule_group
