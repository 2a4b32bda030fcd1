"""Turn container-like inputs (e.g. Ansible's lazy templated containers) into plain Python."""

from collections.abc import Mapping, Set


def plain(value):
    """Recursively convert mappings to dict, lists/tuples/sets to list, str subclasses to str."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, Mapping):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, Set)):
        return [plain(v) for v in value]
    return value
