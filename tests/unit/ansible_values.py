"""Stand-ins for the values Ansible hands a filter, and a filter loader, for the filter tests
(importable as ansible_collections.ocs.firewall.tests.unit.ansible_values)."""

import importlib
from collections.abc import Mapping


def load(name):
    """(module, function) of the collection's filter plugin `name`."""
    module = importlib.import_module(f"ansible_collections.ocs.firewall.plugins.filter.{name}")
    return module, module.FilterModule().filters()[name]


class LazyMapping(Mapping):
    """Stands in for Ansible's lazy templated containers: a Mapping that is not a dict."""

    def __init__(self, data):
        self._data = data

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)


class TaggedStr(str):
    """Stands in for Ansible's tagged/unsafe strings: a str subclass."""


def lazy(value):
    """value with every dict a LazyMapping, every list a tuple and every str a TaggedStr."""
    if isinstance(value, dict):
        return LazyMapping({TaggedStr(k): lazy(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(lazy(v) for v in value)
    if isinstance(value, str):
        return TaggedStr(value)
    return value
