"""_filters.memoized: the role's per-host filters resolve the same inputs once a process."""

from ansible_collections.ocs.firewall.plugins.filter import ocs_rules, to_firewalld
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import memoized

EDGE = {"access_edge_external": "203.0.113.10", "webconf_edge_external": "203.0.113.11",
        "av_edge_external": "203.0.113.12", "edge_internal": "172.16.10.10", "front_end": ["10.1.0.10"]}


def test_the_same_arguments_are_computed_once_and_each_caller_gets_its_own_copy():
    calls = []

    @memoized
    def compute(items, scale=1):
        calls.append(items)
        return {"items": [i * scale for i in items]}

    first = compute([1, 2], scale=2)
    first["items"].append(99)  # a caller changing its result changes nobody else's
    assert compute([1, 2], scale=2) == {"items": [2, 4]}
    assert compute([1, 2], scale=3) == {"items": [3, 6]}
    assert calls == [[1, 2], [1, 2]]


def test_the_cache_keeps_only_the_last_entries():
    compute = memoized(lambda n: n * 2, size=2)
    for n in (1, 2, 3):
        compute(n)
    assert list(compute.cache) == ["[[2], {}]", "[[3], {}]"]


def test_the_filters_give_the_same_result_from_the_cache():
    roles = ["access_edge", "webconf_edge", "av_edge"]
    ocs_rules.resolve_memoized.cache.clear()
    fresh = ocs_rules.ocs_rules(EDGE, roles)
    assert len(ocs_rules.resolve_memoized.cache) == 1
    assert ocs_rules.ocs_rules(EDGE, roles) == fresh
    assert to_firewalld.to_firewalld(fresh, "host") == to_firewalld.to_firewalld(ocs_rules.ocs_rules(EDGE, roles), "host")
    assert len(ocs_rules.resolve_memoized.cache) == 1
