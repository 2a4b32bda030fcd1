"""Every bad input fails with OcsModelError, naming the bad value and, where there is a
list of valid values, listing them."""

import copy

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.catalogue import PRODUCTS
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import (
    build_deployment,
    deployment_flows,
    resolve,
    resolve_ipsec_exemptions,
)
from ansible_collections.ocs.firewall.tests.unit.deployments import BASE_TOPOLOGY, BASE_ZONES

OCS = PRODUCTS["ocs2007r2"]
EDGE_ROLES = ["access_edge", "webconf_edge", "av_edge"]
TOPOLOGY = BASE_TOPOLOGY
ZONES = BASE_ZONES


def without(mapping, *keys):
    return {key: value for key, value in copy.deepcopy(mapping).items() if key not in keys}


def with_(mapping, **extra):
    result = copy.deepcopy(mapping)
    result.update(extra)
    return result


def error_of(**kwargs):
    kwargs.setdefault("topology", copy.deepcopy(TOPOLOGY))
    with pytest.raises(OcsModelError) as exc:
        resolve(**kwargs)
    return str(exc.value)


# Each case: resolve() arguments, strings the message must contain (the bad value first).
CASES = {
    "unknown product": (
        dict(product="lync2010", roles=["front_end"]),
        ["lync2010", *PRODUCTS],
    ),
    "unknown role": (
        dict(roles=["edge"]),
        ["'edge'", *OCS.server_roles],
    ),
    "unknown role among good ones": (
        dict(roles=["front_end", "frontend"]),
        ["'frontend'", *OCS.server_roles],
    ),
    "gateway role in host view": (
        dict(roles=["external_firewall"]),
        ["'external_firewall'", "gateway view", *OCS.server_roles],
    ),
    "host role in gateway view": (
        dict(roles=["front_end"], view="gateway", zones=ZONES),
        ["'front_end'", "host view", *OCS.gateway_roles],
    ),
    "unknown gateway role": (
        dict(roles=["dmz_firewall"], view="gateway", zones=ZONES),
        ["'dmz_firewall'", *OCS.gateway_roles],
    ),
    "None as a role": (
        dict(roles=[None]),
        ["None", *OCS.server_roles],
    ),
    "unknown feature": (
        dict(roles=["front_end"], features={"video": True}),
        ["'video'", *OCS.features],
    ),
    "feature as a string": (
        dict(roles=["front_end"], features={"federation": "yes"}),
        ["'federation'", "'yes'", "true or false"],
    ),
    "feature as a number": (
        dict(roles=["front_end"], features={"av": 1}),
        ["'av'", "1", "true or false"],
    ),
    "feature as None": (
        dict(roles=["front_end"], features={"av": None}),
        ["'av'", "None", "true or false"],
    ),
    "legacy federation without federation": (
        dict(roles=EDGE_ROLES, features={"federation_legacy": True}),
        ["federation_legacy", "federation"],
    ),
    "legacy federation without av": (
        dict(roles=EDGE_ROLES, features={"federation": True, "federation_legacy": True, "av": False}),
        ["federation_legacy", "av"],
    ),
    "unknown endpoint class in topology": (
        dict(roles=["front_end"], topology=with_(TOPOLOGY, frontend="10.1.0.12")),
        ["'frontend'", *OCS.endpoint_classes, *OCS.shared_address_keys],
    ),
    "bad address": (
        dict(roles=["front_end"], topology=with_(TOPOLOGY, front_end=["10.1.0.10", "10.1.0.300"])),
        ["10.1.0.300", "topology.front_end"],
    ),
    "hostname instead of an address": (
        dict(roles=EDGE_ROLES, topology=with_(TOPOLOGY, av_edge_external="av.example.com")),
        ["av.example.com", "topology.av_edge_external"],
    ),
    "bad CIDR, host bits set": (
        dict(roles=["client"], topology=with_(TOPOLOGY, internal_client="10.0.0.1/8")),
        ["10.0.0.1/8", "10.0.0.0/8"],
    ),
    "bad CIDR, prefix too long": (
        dict(roles=["client"], topology=with_(TOPOLOGY, internal_client="10.0.0.0/33")),
        ["10.0.0.0/33"],
    ),
    "empty address list": (
        # An empty class means "no such server"; the host's own class then is missing.
        dict(roles=["front_end"], topology=with_(TOPOLOGY, front_end=[])),
        ["'front_end'", "missing"],
    ),
    "address as a mapping": (
        dict(roles=["front_end"], topology=with_(TOPOLOGY, front_end={"ip": "10.1.0.10"})),
        ["topology.front_end", "10.1.0.10"],
    ),
    "media port above 65535": (
        dict(roles=["client"], media_ports={"client": "20000-70000"}),
        ["media_ports.client", "70000"],
    ),
    "media port 0": (
        dict(roles=["client"], media_ports={"client": 0}),
        ["media_ports.client", "0"],
    ),
    "reversed media range": (
        dict(roles=EDGE_ROLES, media_ports={"av_edge": "59999-50000"}),
        ["media_ports.av_edge", "59999-50000"],
    ),
    "symbolic media port": (
        dict(roles=EDGE_ROLES, media_ports={"av_edge": "rtp"}),
        ["media_ports.av_edge", "rtp"],
    ),
    "empty media range": (
        dict(roles=["client"], media_ports={"client": ""}),
        ["media_ports.client", "''"],
    ),
    "boolean media range": (
        dict(roles=["client"], media_ports={"client": True}),
        ["media_ports.client", "True"],
    ),
    "unknown media key": (
        dict(roles=["client"], media_ports={"video": "20000-20099"}),
        ["'video'", *OCS.media_ports],
    ),
    "av_edge without av_edge_external": (
        dict(roles=["av_edge"], topology=without(TOPOLOGY, "av_edge_external")),
        ["av_edge_external", "'av_edge'"],
    ),
    "access_edge without edge_internal": (
        dict(roles=["access_edge"], topology=without(TOPOLOGY, "edge_internal")),
        ["'edge_internal'", "access_edge_internal", "'access_edge'"],
    ),
    "edge_internal set to None": (
        dict(roles=["webconf_edge"], topology=with_(TOPOLOGY, edge_internal=None)),
        ["'edge_internal'", "'webconf_edge'"],
    ),
    "front_end role without front_end addresses": (
        dict(roles=["front_end"], topology=without(TOPOLOGY, "front_end")),
        ["'front_end'"],
    ),
    "client role without client addresses": (
        dict(roles=["client"], topology=without(TOPOLOGY, "internal_client")),
        ["internal_client", "'client'"],
    ),
    "unknown view": (
        dict(roles=["front_end"], view="router"),
        ["'router'", "host", "gateway"],
    ),
    "roles as a string": (
        dict(roles="front_end"),
        ["roles", "'front_end'", "list"],
    ),
    "roles as a mapping": (
        dict(roles={"front_end": True}),
        ["roles", "{'front_end': True}", "list"],
    ),
    "roles as None": (
        dict(roles=None),
        ["roles", "None", "list"],
    ),
    "empty roles in host view": (
        dict(roles=[]),
        ["roles", "empty", *OCS.server_roles],
    ),
    "empty roles in gateway view": (
        dict(roles=[], view="gateway", zones=ZONES),
        ["roles", "empty", *OCS.gateway_roles],
    ),
    "no zones for the external firewall": (
        dict(roles=["external_firewall"], view="gateway"),
        ["zones", "'perimeter'", "external_firewall"],
    ),
    "no internal zone for the internal firewall": (
        dict(roles=["internal_firewall"], view="gateway", zones={"perimeter": ["172.16.10.0/24"]}),
        ["zones", "'internal'", "internal_firewall"],
    ),
    "unknown zone name": (
        dict(roles=["external_firewall"], view="gateway", zones=with_(ZONES, dmz=["192.168.0.0/24"])),
        ["'dmz'", *OCS.zones],
    ),
    "zones as a list": (
        dict(roles=["external_firewall"], view="gateway", zones=["perimeter"]),
        ["zones", "['perimeter']"],
    ),
    "bad CIDR in a zone": (
        dict(roles=["external_firewall"], view="gateway", zones=with_(ZONES, perimeter=["172.16.10.10/24"])),
        ["zones.perimeter", "172.16.10.10/24"],
    ),
    "topology address that spans two zones": (
        dict(
            roles=["internal_firewall"],
            view="gateway",
            zones={"perimeter": ["172.16.10.0/24", "203.0.113.0/24"], "internal": ["10.1.0.0/16"]},
        ),
        ["10.0.0.0/8", "spans"],
    ),
    "topology as a list": (
        dict(roles=["front_end"], topology=["10.1.0.10"]),
        ["topology", "['10.1.0.10']", "mapping"],
    ),
    "features as a list": (
        dict(roles=["front_end"], features=["federation"]),
        ["features", "['federation']", "mapping"],
    ),
    "media_ports as a string": (
        dict(roles=["client"], media_ports="20000-20099"),
        ["media_ports", "'20000-20099'", "mapping"],
    ),
    "topology key that is not a string": (
        dict(roles=["front_end"], topology={**TOPOLOGY, 5061: "10.1.0.10"}),
        ["topology", "5061"],
    ),
}


@pytest.mark.parametrize("kwargs, expected", list(CASES.values()), ids=list(CASES))
def test_bad_input_raises_a_model_error_naming_the_value(kwargs, expected):
    message = error_of(**kwargs)
    for text in expected:
        assert str(text) in message, f"{text!r} not in {message!r}"


def test_model_error_is_a_value_error():
    assert issubclass(OcsModelError, ValueError)


def test_edge_role_without_edge_internal_mentions_edge_internal():
    message = error_of(roles=EDGE_ROLES, topology=without(TOPOLOGY, "edge_internal"))
    assert "'edge_internal'" in message


def test_gateway_role_in_host_view_gets_a_hint():
    assert "is a role of the gateway view" in error_of(roles=["internal_firewall"])


def test_build_deployment_validates_on_its_own():
    with pytest.raises(OcsModelError, match="'video'"):
        build_deployment(roles=["front_end"], topology=TOPOLOGY, features={"video": True})


@pytest.mark.parametrize(
    "call",
    [
        lambda: deployment_flows(product="lync2010", topology=TOPOLOGY),
        lambda: deployment_flows(topology=with_(TOPOLOGY, director="director01")),
        lambda: deployment_flows(topology=TOPOLOGY, features={"federation_legacy": True}),
        lambda: deployment_flows(topology=TOPOLOGY, media_ports={"client": "65535-1024"}),
        lambda: resolve_ipsec_exemptions(topology=TOPOLOGY, media_ports={"client": "http"}),
        lambda: resolve_ipsec_exemptions(topology=TOPOLOGY, roles=["edge"]),
        lambda: resolve_ipsec_exemptions(topology=without(TOPOLOGY, "av_edge_external"), roles=["av_edge"]),
    ],
    ids=[
        "matrix: unknown product",
        "matrix: bad address",
        "matrix: legacy federation alone",
        "matrix: reversed media range",
        "ipsec: symbolic media port",
        "ipsec: unknown role",
        "ipsec: missing address for a role",
    ],
)
def test_port_matrix_and_ipsec_table_reject_bad_input_too(call):
    with pytest.raises(OcsModelError):
        call()


# ---- regressions: bugs found by these tests, now fixed ---------------------------------------------


def test_role_that_is_a_list_is_rejected_naming_it():
    message = error_of(roles=[["front_end"]])
    assert "['front_end']" in message


@pytest.mark.parametrize("roles", [[], ["front_end"]])
def test_internal_deployment_view_is_not_accepted_by_resolve(roles):
    message = error_of(roles=roles, view="deployment")
    assert "'deployment'" in message
    assert "host" in message and "gateway" in message


def test_media_range_with_a_superscript_digit_is_rejected_naming_it():
    message = error_of(roles=["client"], media_ports={"client": "20000-2²"})
    assert "media_ports.client" in message
    assert "2²" in message
