"""Addresses and CIDRs (canonical strings), and the zone an address belongs to."""

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.addresses import (
    ZoneMap,
    parse_network,
    parse_networks,
)
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError

VALID_ZONES = ("external", "perimeter", "internal")

# ---- parse_network ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("203.0.113.10", "203.0.113.10/32"),
        ("10.0.0.0/8", "10.0.0.0/8"),
        ("172.16.10.0/24", "172.16.10.0/24"),
        ("10.1.0.10/32", "10.1.0.10/32"),
        ("0.0.0.0/0", "0.0.0.0/0"),
        (" 203.0.113.10 ", "203.0.113.10/32"),
        ("10.0.0.0/255.0.0.0", "10.0.0.0/8"),
    ],
)
def test_ipv4_address_or_cidr_becomes_a_canonical_cidr(value, expected):
    assert parse_network(value) == expected


def test_single_ipv4_address_gets_slash_32():
    assert parse_network("203.0.113.10") == "203.0.113.10/32"


def test_cidr_is_kept():
    assert parse_network("10.0.0.0/8") == "10.0.0.0/8"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2001:db8::1", "2001:db8::1/128"),
        ("2001:DB8::/32", "2001:db8::/32"),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1/128"),
        ("::/0", "::/0"),
    ],
)
def test_ipv6_address_or_cidr_becomes_a_canonical_cidr(value, expected):
    assert parse_network(value) == expected


@pytest.mark.parametrize(
    "value, hint",
    [
        ("10.0.0.1/8", "10.0.0.0/8"),
        ("172.16.10.10/24", "172.16.10.0/24"),
        ("2001:db8::1/32", "2001:db8::/32"),
    ],
)
def test_cidr_with_host_bits_is_rejected_with_the_network_as_hint(value, hint):
    with pytest.raises(OcsModelError) as exc:
        parse_network(value)
    message = str(exc.value)
    assert value in message
    assert "host bits" in message
    assert hint in message


@pytest.mark.parametrize(
    "value",
    [
        "bogus",
        "host.example.com",
        "256.1.1.1",
        "10.0.0.0/33",
        "10.1",
        "1.2.3",
        "10.0.0.1/",
        "10.0.0.1-10.0.0.9",
        "2001:db8::g",
        "2001:db8::/129",
    ],
)
def test_junk_address_is_rejected_naming_the_value(value):
    with pytest.raises(OcsModelError) as exc:
        parse_network(value)
    assert f"'{value}'" in str(exc.value)


@pytest.mark.parametrize(
    "value, shown",
    [
        ("", "''"),
        ("  ", "'  '"),
        (None, "None"),
        (True, "True"),
        (167772161, "167772161"),
        (["10.0.0.1"], "['10.0.0.1']"),
    ],
)
def test_non_string_or_empty_address_is_rejected_naming_the_value(value, shown):
    with pytest.raises(OcsModelError) as exc:
        parse_network(value)
    assert shown in str(exc.value)


def test_error_names_what_was_being_parsed():
    with pytest.raises(OcsModelError, match=r"topology\.front_end 'bogus'"):
        parse_network("bogus", what="topology.front_end")


# ---- parse_networks ---------------------------------------------------------------------


def test_single_string_becomes_a_one_element_tuple():
    assert parse_networks("203.0.113.10") == ("203.0.113.10/32",)


def test_list_is_deduplicated():
    assert parse_networks(["10.1.0.10", "10.1.0.10/32", " 10.1.0.10 "]) == ("10.1.0.10/32",)


def test_list_is_sorted_numerically_ipv4_before_ipv6():
    value = ["2001:db8::1", "10.1.0.11", "10.1.0.10", "9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16"]
    assert parse_networks(value) == (
        "9.0.0.0/8",
        "10.0.0.0/8",
        "10.0.0.0/16",
        "10.1.0.10/32",
        "10.1.0.11/32",
        "2001:db8::1/128",
    )


def test_sort_is_numeric_not_textual():
    assert parse_networks(["10.0.0.100", "10.0.0.9"]) == ("10.0.0.9/32", "10.0.0.100/32")


def test_order_of_the_input_does_not_matter():
    a = ["10.1.0.11", "10.1.0.10", "10.0.0.0/8"]
    assert parse_networks(a) == parse_networks(list(reversed(a)))


def test_tuple_and_set_inputs_are_accepted():
    assert parse_networks(("10.1.0.10",)) == ("10.1.0.10/32",)
    assert parse_networks({"10.1.0.10"}) == ("10.1.0.10/32",)


def test_empty_list_is_rejected():
    with pytest.raises(OcsModelError, match="empty list"):
        parse_networks([], what="topology.front_end")


@pytest.mark.parametrize("value, shown", [({"10.0.0.1": 1}, "{'10.0.0.1': 1}"), (10, "10"), (None, "None")])
def test_mapping_number_or_none_is_rejected_naming_the_value(value, shown):
    with pytest.raises(OcsModelError) as exc:
        parse_networks(value)
    assert shown in str(exc.value)


def test_one_bad_element_in_a_list_is_named():
    with pytest.raises(OcsModelError) as exc:
        parse_networks(["10.1.0.10", "10.1.0.300"])
    assert "10.1.0.300" in str(exc.value)


# ---- ZoneMap ----------------------------------------------------------------------------


@pytest.fixture
def zones():
    return ZoneMap(
        {
            "perimeter": ["203.0.113.0/24", "172.16.10.0/24", "10.5.0.0/16"],
            "internal": ["10.0.0.0/8", "10.5.5.0/24"],
        },
        VALID_ZONES,
    )


@pytest.mark.parametrize(
    "cidr, zone",
    [
        ("203.0.113.10/32", "perimeter"),
        ("172.16.10.10/32", "perimeter"),
        ("10.1.0.10/32", "internal"),
        ("10.5.1.1/32", "perimeter"),  # 10.5.0.0/16 is more specific than 10.0.0.0/8
        ("10.5.5.5/32", "internal"),  # 10.5.5.0/24 is more specific still
        ("172.16.10.0/24", "perimeter"),  # exactly a zone network
        ("10.5.6.0/24", "perimeter"),  # a network inside the more specific zone network
        ("10.1.0.0/16", "internal"),  # inside one zone network
    ],
)
def test_most_specific_cidr_decides_the_zone(zones, cidr, zone):
    assert zones.zone_of(cidr) == zone


@pytest.mark.parametrize("cidr", ["198.51.100.7/32", "192.168.0.0/16", "2001:db8::1/128"])
def test_address_in_no_zone_is_external(zones, cidr):
    assert zones.zone_of(cidr) == "external"


def test_empty_zone_map_puts_everything_in_external():
    assert ZoneMap({}, VALID_ZONES).zone_of("10.1.0.10/32") == "external"


@pytest.mark.parametrize(
    "cidr, other_zone",
    [
        ("10.0.0.0/8", "perimeter"),  # internal with a perimeter /16 inside
        ("10.5.0.0/16", "internal"),  # perimeter with an internal /24 inside
        ("203.0.112.0/23", "perimeter"),  # half external, half perimeter
        ("0.0.0.0/0", "perimeter"),  # the internet and every zone
    ],
)
def test_network_that_spans_two_zones_is_rejected(zones, cidr, other_zone):
    with pytest.raises(OcsModelError) as exc:
        zones.zone_of(cidr)
    message = str(exc.value)
    assert cidr in message
    assert "spans" in message


def test_network_containing_only_its_own_zone_is_accepted():
    zone_map = ZoneMap({"internal": ["10.0.0.0/8", "10.1.0.0/16"]}, VALID_ZONES)
    assert zone_map.zone_of("10.0.0.0/8") == "internal"


def test_ipv6_zones_work_like_ipv4_zones():
    zone_map = ZoneMap({"perimeter": ["2001:db8:1::/48"], "internal": ["2001:db8::/32"]}, VALID_ZONES)
    assert zone_map.zone_of("2001:db8:1::10/128") == "perimeter"
    assert zone_map.zone_of("2001:db8:2::10/128") == "internal"
    assert zone_map.zone_of("10.1.0.10/32") == "external"


def test_external_may_be_listed_explicitly():
    zone_map = ZoneMap({"external": ["198.51.100.0/24"], "perimeter": ["203.0.113.0/24"]}, VALID_ZONES)
    assert zone_map.zone_of("198.51.100.1/32") == "external"
    assert zone_map.zone_of("192.0.2.1/32") == "external"


def test_unknown_zone_name_is_rejected_listing_the_valid_ones():
    with pytest.raises(OcsModelError) as exc:
        ZoneMap({"dmz": ["172.16.10.0/24"]}, VALID_ZONES)
    message = str(exc.value)
    assert "'dmz'" in message
    for zone in VALID_ZONES:
        assert zone in message


def test_zones_must_be_a_mapping():
    with pytest.raises(OcsModelError) as exc:
        ZoneMap(["perimeter"], VALID_ZONES)
    assert "['perimeter']" in str(exc.value)


def test_bad_cidr_in_a_zone_is_named_with_the_zone():
    with pytest.raises(OcsModelError) as exc:
        ZoneMap({"perimeter": ["172.16.10.10/24"]}, VALID_ZONES)
    message = str(exc.value)
    assert "zones.perimeter" in message
    assert "172.16.10.10/24" in message


def test_same_cidr_in_two_zones_is_rejected():
    with pytest.raises(OcsModelError) as exc:
        zone_map = ZoneMap({"perimeter": ["10.0.0.0/8"], "internal": ["10.0.0.0/8"]}, VALID_ZONES)
        zone_map.zone_of("10.1.0.10/32")
    assert "10.0.0.0/8" in str(exc.value)
