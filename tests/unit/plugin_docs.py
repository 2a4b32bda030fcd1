"""A plugin's documentation as ansible-doc shows it: DOCUMENTATION with this collection's doc
fragments merged in (an option's own keys win, as in ansible-core's merge_fragment). Importable as
ansible_collections.ocs.firewall.tests.unit.plugin_docs."""

import importlib

import yaml

PREFIX = "ocs.firewall."


def _fragment(name):
    path, _sep, attribute = name[len(PREFIX):].partition(".")
    module = importlib.import_module(f"ansible_collections.ocs.firewall.plugins.doc_fragments.{path}")
    return yaml.safe_load(getattr(module.ModuleDocFragment, (attribute or "documentation").upper()))


def documentation(module):
    doc = yaml.safe_load(module.DOCUMENTATION)
    for name in doc.pop("extends_documentation_fragment", None) or []:
        assert name.startswith(PREFIX), f"{name}: only this collection's fragments are resolved here"
        for option, spec in _fragment(name)["options"].items():
            doc.setdefault("options", {})[option] = {**spec, **doc.get("options", {}).get(option, {})}
    return doc
