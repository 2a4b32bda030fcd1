"""Reading Graphviz DOT text in tests (importable as ansible_collections.ocs.firewall.tests.unit.dot)."""

import re


def edges(dot):
    """(from, to) -> attributes of every drawn edge; dir=back edges turned around (as drawn)."""
    found = {}
    for tail, head, attrs in re.findall(r"^\s+(\w+) -> (\w+) \[(.*)\];$", dot, re.M):
        fields = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', attrs))
        if fields.get("style") == "invis":
            continue
        if fields.get("dir") == "back":
            tail, head = head, tail
        found[(tail, head)] = fields
    return found
