"""Port-range algebra: parse, canonical form, merge, subtract, intersect, errors.

The property tests check the algebra against Python sets on a small port universe.
hypothesis is not in the test venv, so they use a seeded random.Random: the cases are
reproducible, and a failure prints the seed and the two sets.
"""

import random

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports import ranges as ranges_module
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.ranges import (
    MAX_PORT,
    MIN_PORT,
    PortRange,
    PortSet,
    port_set,
)


def strings(spec):
    return PortSet.parse(spec).to_strings()


# ---- parsing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec, expected",
    [
        (443, ["443"]),
        ("443", ["443"]),
        ("50000-59999", ["50000-59999"]),
        ("443,5061", ["443", "5061"]),
        (["443", 5061], ["443", "5061"]),
        (("443", "50000-59999"), ["443", "50000-59999"]),
        (" 443 ", ["443"]),
        (" 443 , 5061 ", ["443", "5061"]),
        ("50000 - 59999", ["50000-59999"]),
        (["  8057", "5062  "], ["5062", "8057"]),
        ("1", ["1"]),
        ("65535", ["65535"]),
        ("1-65535", ["1-65535"]),
    ],
)
def test_parse_accepts_numbers_strings_lists_and_whitespace(spec, expected):
    assert strings(spec) == expected


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("5061,443", ["443", "5061"]),
        ("5061-5061", ["5061"]),
        (["8057", "443", "5061"], ["443", "5061", "8057"]),
        ("443,443", ["443"]),
    ],
)
def test_parse_gives_sorted_canonical_strings(spec, expected):
    assert strings(spec) == expected


def test_single_port_range_prints_as_one_number():
    assert str(PortRange(443, 443)) == "443"


def test_range_prints_as_start_dash_end():
    assert str(PortRange(50000, 59999)) == "50000-59999"


def test_str_of_a_set_joins_canonical_strings_with_commas():
    assert str(PortSet.parse(["5061", "443", "50000-59999"])) == "443,5061,50000-59999"


def test_parse_of_a_port_range_and_a_port_set_is_accepted():
    assert PortSet.parse([PortRange(443, 443), PortSet.parse("5061")]).to_strings() == ["443", "5061"]


def test_port_set_shorthand_is_parse():
    assert port_set("443,5061") == PortSet.parse("443,5061")


def test_equal_port_sets_compare_and_hash_equal():
    a = PortSet.parse("443,5061")
    b = PortSet.parse(["5061", 443])
    assert a == b
    assert hash(a) == hash(b)


def test_empty_port_set_is_false_and_has_no_strings():
    assert not PortSet()
    assert PortSet().to_strings() == []
    assert PortSet().size == 0


def test_constructor_rejects_unnormalised_ranges():
    with pytest.raises(OcsModelError, match="normalised"):
        PortSet((PortRange(82, 82), PortRange(80, 81)))


# ---- merge ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "parts, expected",
    [
        (["80-81", "82"], ["80-82"]),  # adjacent
        (["82", "80-81"], ["80-82"]),  # adjacent, other order
        (["80-90", "85-100"], ["80-100"]),  # overlapping
        (["80-100", "85-90"], ["80-100"]),  # contained
        (["80", "82"], ["80", "82"]),  # a gap of one port stays a gap
        (["5061", "5062", "5063"], ["5061-5063"]),
        (["1-100", "101-65535"], ["1-65535"]),
    ],
)
def test_union_merges_overlapping_and_adjacent_ranges(parts, expected):
    merged = PortSet()
    for part in parts:
        merged = merged | PortSet.parse(part)
    assert merged.to_strings() == expected
    assert PortSet.parse(parts).to_strings() == expected


def test_union_of_single_ports_merges_into_one_range():
    assert strings(list(range(6891, 6902))) == ["6891-6901"]


# ---- subtract ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("1-100", "50", ["1-49", "51-100"]),  # hole in the middle
        ("1-100", "40-60", ["1-39", "61-100"]),
        ("1-100", "1", ["2-100"]),  # low edge
        ("1-100", "100", ["1-99"]),  # high edge
        ("1-100", "1-10,91-100", ["11-90"]),  # both edges
        ("1-100", "1-100", []),  # all
        ("1-100", "1-65535", []),  # more than all
        ("1-100", "200-300", ["1-100"]),  # nothing in common
        ("443,5061", "5061", ["443"]),
        ("50000-59999", "50000-50999,52000-52999", ["51000-51999", "53000-59999"]),
    ],
)
def test_subtract(a, b, expected):
    assert (PortSet.parse(a) - PortSet.parse(b)).to_strings() == expected


def test_subtracting_everything_leaves_an_empty_false_set():
    result = PortSet.parse("443") - PortSet.parse("443")
    assert not result
    assert result == PortSet()


# ---- intersection and overlap -----------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("1-100", "50-150", ["50-100"]),
        ("1-100", "101-200", []),
        ("443,5061", "1-1024", ["443"]),
        ("1024-65535", "50000-59999", ["50000-59999"]),
        ("1-10,20-30", "5-25", ["5-10", "20-25"]),
    ],
)
def test_intersection(a, b, expected):
    assert (PortSet.parse(a) & PortSet.parse(b)).to_strings() == expected


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("1-100", "100-200", True),  # share one port at the edge
        ("1-100", "101-200", False),  # adjacent is not overlapping
        ("443", "443", True),
        ("5061", "5062", False),
        ("1024-65535", "3478", True),
    ],
)
def test_overlaps(a, b, expected):
    assert PortSet.parse(a).overlaps(PortSet.parse(b)) is expected
    assert PortSet.parse(b).overlaps(PortSet.parse(a)) is expected


@pytest.mark.parametrize(
    "port, expected", [(49999, False), (50000, True), (55555, True), (59999, True), (60000, False)]
)
def test_membership_of_a_port(port, expected):
    assert (port in PortSet.parse("50000-59999")) is expected


# ---- size without expansion -------------------------------------------------------------


def test_whole_port_space_is_one_range_of_65535_ports():
    whole = PortSet.parse("1-65535")
    assert whole.size == 65535
    assert len(whole.ranges) == 1
    assert whole.to_strings() == ["1-65535"]


def test_size_is_computed_from_the_bounds_not_by_expansion():
    # A set of many big ranges: summing bounds is instant; expansion would be ~65k ints each.
    spec = [f"{start}-{start + 99}" for start in range(1, 65000, 200)]
    ports = PortSet.parse(spec)
    assert ports.size == 100 * len(spec)
    assert len(ports.ranges) == len(spec)


def test_algebra_never_iterates_over_ports(monkeypatch):
    """With range() unavailable inside ranges.py, every operation on 1-65535 still works."""

    def no_range(*args):
        raise AssertionError(f"ranges.py expanded ports with range{args}")

    monkeypatch.setattr(ranges_module, "range", no_range, raising=False)
    whole = PortSet.parse("1-65535")
    media = PortSet.parse("50000-59999")
    assert whole.size == 65535
    assert (whole - media).to_strings() == ["1-49999", "60000-65535"]
    assert (whole & media) == media
    assert (whole | media) == whole
    assert whole.overlaps(media)
    assert 65535 in whole


def test_size_of_a_single_port_is_one():
    assert PortSet.parse("443").size == 1
    assert PortRange(443, 443).size == 1


def test_size_counts_each_port_once_after_merge():
    assert PortSet.parse(["1-100", "50-150"]).size == 150


# ---- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec, named",
    [
        (0, "0"),
        ("0", "0"),
        (65536, "65536"),
        ("65536", "65536"),
        ("70000", "70000"),
        ("1-70000", "70000"),
        ("60000-50000", "60000-50000"),
        ("https", "https"),
        ("http,443", "http"),
        ("", "''"),
        ("   ", "'   '"),
        ("443,,5061", "443,,5061"),
        ("443,", "443,"),
        ("443-", "443-"),
        ("-443", "-443"),
        ("1-2-3", "1-2-3"),
        ("+443", "+443"),
        ("443.0", "443.0"),
        (443.0, "443.0"),
        (-1, "-1"),
        (True, "True"),
        (False, "False"),
        ([True], "True"),
        (None, "None"),
        ([], "empty list"),
        ([None], "None"),
        ([["443"]], "['443']"),
    ],
)
def test_bad_port_spec_raises_naming_the_value(spec, named):
    with pytest.raises(OcsModelError) as exc:
        PortSet.parse(spec)
    assert named in str(exc.value)


def test_superscript_digit_is_rejected_as_a_model_error():
    with pytest.raises(OcsModelError) as exc:
        PortSet.parse("5²")
    assert "5²" in str(exc.value)


def test_symbolic_service_name_message_says_names_are_not_accepted():
    with pytest.raises(OcsModelError, match="symbolic"):
        PortSet.parse("https")


@pytest.mark.parametrize("start, end", [(0, 10), (1, 65536), (10, 9), (True, 5), ("1", 5)])
def test_port_range_rejects_bad_bounds(start, end):
    with pytest.raises(OcsModelError):
        PortRange(start, end)


def test_bounds_are_the_tcp_udp_port_space():
    assert (MIN_PORT, MAX_PORT) == (1, 65535)


# ---- properties against a brute-force reference ------------------------------------------

UNIVERSE = range(1, 201)
SEEDS = range(300)


def random_set(rng):
    """A random PortSet on ports 1-200 and the same ports as a Python set."""
    items, ports = [], set()
    for dummy in range(rng.randint(0, 6)):
        start = rng.randint(1, 200)
        end = min(200, start + rng.choice([0, 0, 1, 2, 5, 20, 80]))
        if rng.random() < 0.3:
            items.append(start if start == end else f"{start}-{end}")
        else:
            items.append(f"{start}-{end}")
        ports.update(range(start, end + 1))
    rng.shuffle(items)
    return (PortSet.parse(items) if items else PortSet()), ports


def as_set(port_set_value):
    ports = set()
    for rng in port_set_value.ranges:
        ports.update(range(rng.start, rng.end + 1))
    return ports


def assert_canonical(value):
    ranges = value.ranges
    assert isinstance(ranges, tuple)
    for rng in ranges:
        assert rng.start <= rng.end
    for left, right in zip(ranges, ranges[1:]):
        assert left.end + 1 < right.start, f"{left} and {right} are not sorted, disjoint and non-adjacent"


def pairs():
    for seed in SEEDS:
        rng = random.Random(seed)
        a, a_ports = random_set(rng)
        b, b_ports = random_set(rng)
        yield seed, a, a_ports, b, b_ports


def test_property_parse_matches_reference_and_is_canonical():
    for seed, a, a_ports, _b, _b_ports in pairs():
        assert as_set(a) == a_ports, f"seed {seed}: {a}"
        assert_canonical(a)


def test_property_union_matches_reference():
    for seed, a, a_ports, b, b_ports in pairs():
        result = a | b
        assert as_set(result) == a_ports | b_ports, f"seed {seed}: {a} | {b}"
        assert_canonical(result)


def test_property_difference_matches_reference():
    for seed, a, a_ports, b, b_ports in pairs():
        result = a - b
        assert as_set(result) == a_ports - b_ports, f"seed {seed}: {a} - {b}"
        assert_canonical(result)


def test_property_intersection_matches_reference():
    for seed, a, a_ports, b, b_ports in pairs():
        result = a & b
        assert as_set(result) == a_ports & b_ports, f"seed {seed}: {a} & {b}"
        assert_canonical(result)


def test_property_overlaps_matches_reference():
    for seed, a, a_ports, b, b_ports in pairs():
        assert a.overlaps(b) is bool(a_ports & b_ports), f"seed {seed}: {a} overlaps {b}"


def test_property_size_matches_reference():
    for seed, a, a_ports, _b, _b_ports in pairs():
        assert a.size == len(a_ports), f"seed {seed}: {a}"


def test_property_membership_matches_reference():
    for seed, a, a_ports, _b, _b_ports in pairs():
        for port in range(0, 202):
            assert (port in a) is (port in a_ports), f"seed {seed}: {port} in {a}"


def test_property_parse_of_to_strings_round_trips():
    for seed, a, _a_ports, _b, _b_ports in pairs():
        if a:
            assert PortSet.parse(a.to_strings()) == a, f"seed {seed}: {a}"
            assert PortSet.parse(str(a)) == a, f"seed {seed}: {a}"


def test_property_difference_is_disjoint_from_what_was_subtracted():
    for seed, a, _a_ports, b, _b_ports in pairs():
        assert not ((a - b) & b), f"seed {seed}: {a} - {b}"
        assert not (a - b).overlaps(b), f"seed {seed}: {a} - {b}"


def test_property_difference_and_intersection_rebuild_the_set():
    for seed, a, _a_ports, b, _b_ports in pairs():
        assert (a - b) | (a & b) == a, f"seed {seed}: {a}, {b}"


def test_property_operations_are_order_independent():
    for seed, a, _a_ports, b, _b_ports in pairs():
        assert a | b == b | a, f"seed {seed}"
        assert a & b == b & a, f"seed {seed}"


def test_property_single_ports_in_any_order_merge_to_the_same_set():
    for seed in SEEDS:
        rng = random.Random(seed)
        ports = rng.sample(list(UNIVERSE), rng.randint(1, 60))
        value = PortSet.parse(ports)
        assert as_set(value) == set(ports), f"seed {seed}"
        assert_canonical(value)
