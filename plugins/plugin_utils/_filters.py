"""Controller plumbing every filter of the collection shares, written once.

A filter is a plain function over the core (plugins/module_utils/_ocs_ports) wrapped by
``core_filter(name)``, which
- turns its arguments into native Python first (ansible-core 2.19+ hands filters lazy templated
  containers and tagged strings; the core validates plain dicts, lists and strs);
- maps the core's ``OcsModelError`` to ``AnsibleFilterError("<name>: ...")``, so every message
  names the filter and the bad value and shows no traceback.
``show_warnings`` prints the resolver's warnings the way ansible-core prints its own.
``memoized`` keeps a function's results by its arguments, for the filters a role templates per host.
"""

import copy
import functools
import json
from collections import OrderedDict
from collections.abc import Mapping, Set

from ansible.errors import AnsibleFilterError
from ansible.utils.display import Display

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError


def to_native(value):
    """Recursively convert mappings to dict, lists/tuples/sets to list, str and int subclasses to
    str and int (Ansible's lazy containers and tagged values); other values stay as they are."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, Mapping):
        return {to_native(k): to_native(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, Set)):
        return [to_native(v) for v in value]
    return value


def core_filter(name):
    """Decorator: the filter function gets native arguments, and its OcsModelError becomes an
    AnsibleFilterError that starts with the filter's name."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            args = [to_native(arg) for arg in args]
            kwargs = {key: to_native(value) for key, value in kwargs.items()}
            try:
                return function(*args, **kwargs)
            except OcsModelError as exc:
                raise AnsibleFilterError(f"{name}: {exc}") from None

        return wrapper

    return decorate


def show_warnings(name, warnings):
    for warning in warnings:
        Display().warning(f"{name}: {warning}")


def memoized(function, size=32):
    """function's results by its (native, JSON-able) arguments, the last `size` of them, handed out
    as copies (a caller may change what it gets).

    Why: ansible-core templates a task's arguments in a worker process forked for each host, so a
    result computed there is lost with the worker; one computed in the main process before the fork
    (the firewalld role's task name templates the rule set for that) is inherited by every worker,
    and a host with the same inputs pays a copy instead of resolving the model again."""
    cache = OrderedDict()

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        key = json.dumps([args, kwargs], sort_keys=True, default=repr)
        if key in cache:
            cache.move_to_end(key)
        else:
            cache[key] = function(*args, **kwargs)
            if len(cache) > size:
                cache.popitem(last=False)
        return copy.deepcopy(cache[key])

    wrapper.cache = cache
    return wrapper
