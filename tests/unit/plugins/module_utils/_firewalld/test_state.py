"""state.py: what the collection owns, normal forms, owned views, the bindings check."""

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._firewalld import state
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import firewalld as render
from ansible_collections.ocs.firewall.tests.unit.plugins.module_utils._firewalld import fakes

pytestmark = pytest.mark.usefixtures("firewalld_parser")

# Every rich rule the applier's tests hand to the parser.
TEST_RICH_RULES = [fakes.ADMIN_RICH, fakes.OLD_RICH, fakes.NEW_RICH,
                   'rule family="ipv4" source address="198.51.100.0/24" service name="ocs-old" accept',
                   'rule family="ipv4" source address="192.0.2.1/32" port port="22" protocol="tcp" accept',
                   'rule family="ipv4" source address="198.51.100.7/32" port port="22" protocol="tcp" accept']


@pytest.mark.parametrize("rule", TEST_RICH_RULES)
def test_the_test_rules_are_canonical_so_the_stand_in_parser_agrees_with_firewalld(rule, real_parser):
    """What lets the tests run without firewalld's package: for these rules, firewalld's own
    normalisation is the identity, which is all the stand-in does."""
    assert state.normal_rich(rule) == rule
    assert str(fakes.CanonicalRichRule(rule)) == rule


@pytest.mark.parametrize("rule", [
    'rule family=ipv4 service name="ocs-a" accept',  # firewalld writes every value quoted
    'rule family="ipv4" service name="ocs-a" log prefix="x" accept',  # a part outside the subset
    'rule family="ipv4" port port="22" protocol="sctp" accept',
])
def test_the_stand_in_parser_refuses_rules_it_cannot_vouch_for(rule):
    with pytest.raises(ValueError, match="only canonical rich rules"):
        fakes.CanonicalRichRule(rule)


@pytest.mark.parametrize("written, normal", [
    ('rule family=ipv4 destination address=203.0.113.10/32 service name=ocs-a accept',
     'rule family="ipv4" destination address="203.0.113.10/32" service name="ocs-a" accept'),
    ('rule   family="ipv4"  service name="ocs-a"   accept',
     'rule family="ipv4" service name="ocs-a" accept'),
])
def test_normal_rich_is_firewalld_s_own_form(written, normal, real_parser):
    assert state.normal_rich(written) == normal


def test_an_invalid_rich_rule_raises(real_parser):
    with pytest.raises(Exception, match="INVALID_RULE|service"):
        state.normal_rich('rule family="ipv4" service name="ocs-a"')  # no action


@pytest.mark.parametrize("rule, owned", [
    (fakes.OLD_RICH, True),
    ('rule family=ipv4 service name=ocs-a accept', True),  # unquoted, as a person may write it
    (fakes.ADMIN_RICH, False),
    ('rule family="ipv4" port port="22" protocol="tcp" accept', False),
    ('rule family="ipv4" service name="nocs-x" accept', False),
])
def test_a_rich_rule_is_owned_when_it_names_an_ocs_service(rule, owned):
    assert bool(state.OWNED_RICH_RULE.search(rule)) is owned


def test_owned_zone_items_keep_only_ocs_services_and_owned_rich_rules():
    settings = fakes.host_firewall()["zones"]["public"]
    assert state.owned_zone_items(settings, state.ZONE_RICH) == {"services": ["ocs-old"], "rich_rules": [fakes.OLD_RICH]}


@pytest.mark.parametrize("kind, settings, expected", [
    ("service", {"ports": [("443", "tcp"), ("3478", "udp"), ("1024-65535", "tcp")]},
     {"short": "", "description": "", "ports": ["1024-65535/tcp", "3478/udp", "443/tcp"]}),
    ("policy", {"ingress_zones": ["b", "a"], "egress_zones": ["HOST"], "services": ["ocs-b", "ocs-a"]},
     {"description": "", "ingress_zones": ["a", "b"], "egress_zones": ["HOST"], "target": "CONTINUE",
      "services": ["ocs-a", "ocs-b"], "rich_rules": []}),
    ("zone", {"interfaces": ["eth1", "eth0"], "ports": [("22", "tcp")], state.ZONE_RICH: [fakes.OLD_RICH, fakes.ADMIN_RICH]},
     {"services": [], "rich_rules": [fakes.OLD_RICH, fakes.ADMIN_RICH], "interfaces": ["eth0", "eth1"],
      "sources": [], "target": "default", "ports": ["22/tcp"]}),
])
def test_normal_forms_sort_lists_and_fill_firewalld_s_defaults(kind, settings, expected):
    assert state.normal(kind, settings) == expected


def test_normal_forms_of_reordered_settings_are_equal():
    a = {"services": ["ocs-a", "ssh"], state.ZONE_RICH: [fakes.OLD_RICH, fakes.NEW_RICH], "interfaces": ["eth0"]}
    b = {"services": ["ssh", "ocs-a"], state.ZONE_RICH: [fakes.NEW_RICH, fakes.OLD_RICH], "interfaces": ["eth0"],
         "target": "default"}
    assert state.normal("zone", a) == state.normal("zone", b)


def test_the_owned_view_lists_ocs_objects_and_zones_holding_our_bindings():
    firewall = fakes.host_firewall()
    view = state.owned_view({"service": firewall["services"], "zone": firewall["zones"], "policy": firewall["policies"]})
    assert view == {
        "services": {"ocs-old": {"short": "", "description": "old flows", "ports": ["8443/tcp"]}},
        "zones": {
            "ocs-ext": {"services": ["ocs-old"], "rich_rules": [], "interfaces": ["eth2"]},
            "public": {"services": ["ocs-old"], "rich_rules": [fakes.OLD_RICH], "interfaces": ["eth0"]},
        },
        "policies": {"ocs-ext-int": {"description": "", "ingress_zones": ["ocs-ext"], "egress_zones": ["internal"],
                                     "target": "CONTINUE", "services": ["ocs-old"], "rich_rules": []}},
    }


def test_an_empty_ocs_zone_is_still_in_the_owned_view():
    view = state.owned_view({"service": {}, "zone": {"ocs-x": {}, "work": {}}, "policy": {}})
    assert view["zones"] == {"ocs-x": {"services": [], "rich_rules": [], "interfaces": []}}


def test_without_firewalld_s_bindings_the_message_says_what_to_install(monkeypatch):
    monkeypatch.setattr(state, "HAS_FIREWALL", False)
    with pytest.raises(state.RulesetError, match=r"firewalld's Python bindings are not importable.*apt install firewalld"):
        state.require_bindings()


def test_the_renderer_takes_the_prefix_and_name_limits_from_the_applier():
    assert (render.PREFIX, render.MAX_POLICY_NAME, render.MAX_ZONE_NAME) == ("ocs-", 18, 17)
    assert render.PREFIX is state.PREFIX
    assert render.MAX_POLICY_NAME is state.MAX_POLICY_NAME
    assert render.MAX_ZONE_NAME is state.MAX_ZONE_NAME
