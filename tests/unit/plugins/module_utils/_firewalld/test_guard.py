"""guard.py: the SSH connection in use must stay accepted under the target configuration."""

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._firewalld.guard import check_management
from ansible_collections.ocs.firewall.plugins.module_utils._firewalld.plan import CurrentAndTarget, plan_target
from ansible_collections.ocs.firewall.plugins.module_utils._firewalld.state import RulesetError
from ansible_collections.ocs.firewall.tests.unit.plugins.module_utils._firewalld.fakes import FakeBackend, wanted

pytestmark = pytest.mark.usefixtures("firewalld_parser")

SSH = "192.0.2.1 50022 192.0.2.10 22"  # SSH_CONNECTION: client, client port, server, server port
IP_ADDR = """\
1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
2: mgmt0@if7    inet 192.0.2.10/24 brd 192.0.2.255 scope global mgmt0\\       valid_lft forever preferred_lft forever
3: eth1    inet 203.0.113.10/24 brd 203.0.113.255 scope global eth1\\       valid_lft forever preferred_lft forever
"""


def ip_addr(argv):
    assert argv == ["ip", "-o", "addr", "show"]
    return 0, IP_ADDR, ""


def firewall(**zones):
    """A host reached over mgmt0 (zone public, which has ssh); zones adds or replaces zones."""
    return dict(
        services={"ssh": {"ports": [("22", "tcp")]}, "ocs-ssh": {"ports": [("22", "tcp")]}},
        zones={"public": {"target": "default", "services": ["ssh"], "interfaces": ["mgmt0"]},
               "dmz": {"target": "default", "services": [], "interfaces": ["eth1"]},
               "trusted": {"target": "ACCEPT"},
               "work": {"target": "default", "ports": [("22", "tcp")]},
               "internal": {"target": "default", "services": ["ssh"]},
               **zones},
    )


def guard(firewall_settings, ssh=SSH, run_command=ip_addr, **options):
    backend = FakeBackend(**firewall_settings)
    states = CurrentAndTarget(backend)
    plan_target(states, wanted(**options))
    result = check_management(states, ssh, run_command)
    assert backend.writes == []
    return result


def into(zone, **more):
    return dict(zones=[{"name": zone, "interfaces": ["mgmt0"], **more}])


REFUSED = {
    "into a new ocs- zone without ssh": (into("ocs-trap", services=["ocs-new"]), "ocs-trap"),
    "into a zone without ssh": (into("dmz"), "dmz"),
    "into a zone that opens 22/udp only": (dict(services=[{"name": "ocs-new", "ports": ["22/udp"]}],
                                                zones=[{"name": "dmz", "services": ["ocs-new"], "interfaces": ["mgmt0"]}]),
                                           "dmz"),
}


@pytest.mark.parametrize("options, zone", REFUSED.values(), ids=REFUSED)
def test_a_rule_set_that_would_cut_ssh_is_refused(options, zone):
    options.setdefault("services", [{"name": "ocs-new", "ports": ["443/tcp"]}])
    with pytest.raises(RulesetError) as raised:
        guard(firewall(), **options)
    assert str(raised.value) == (f"refusing to apply: the SSH connection from 192.0.2.1 to 192.0.2.10:22 (interface mgmt0) "
                                 f"would land in zone '{zone}', which would not accept it; nothing was changed")


ACCEPTED = {
    "staying in its zone": (dict(services=[{"name": "ocs-new", "ports": ["443/tcp"]}],
                                 zones=[{"name": "public", "services": ["ocs-new"]}]), "public"),
    "into a zone whose target accepts": (into("trusted"), "trusted"),
    "into a zone with port 22/tcp": (into("work"), "work"),
    "into a zone with the built-in ssh service": (into("internal"), "internal"),
    "into a zone given an ocs- service for 22/tcp": (into("dmz", services=["ocs-ssh"]), "dmz"),
    "into an ocs- zone with an ocs- service covering 22 in a range": (
        dict(services=[{"name": "ocs-range", "ports": ["1-1024/tcp"]}],
             zones=[{"name": "ocs-m", "services": ["ocs-range"], "interfaces": ["mgmt0"]}]), "ocs-m"),
}


@pytest.mark.parametrize("options, zone", ACCEPTED.values(), ids=ACCEPTED)
def test_a_rule_set_that_keeps_ssh_is_let_through(options, zone):
    assert guard(firewall(), **options) == f"SSH 192.0.2.1 -> 192.0.2.10:22 stays accepted in zone '{zone}'"


def test_a_source_zone_holding_the_client_wins_over_the_interface():
    home = {"target": "default", "sources": ["192.0.2.0/24"], "services": ["ssh"]}
    assert guard(firewall(home=home), **into("dmz")) == "SSH 192.0.2.1 -> 192.0.2.10:22 stays accepted in zone 'home'"


def test_sources_that_are_not_addresses_are_passed_over():
    admins = {"target": "default", "sources": ["ipset:admins", "00:11:22:33:44:55"], "services": []}
    assert guard(firewall(admins=admins), **into("work")) == "SSH 192.0.2.1 -> 192.0.2.10:22 stays accepted in zone 'work'"


def test_an_address_on_no_interface_lands_in_the_default_zone():
    def ip_without_it(argv):
        return 0, IP_ADDR.replace("192.0.2.10/24", "192.0.2.99/24"), ""

    assert guard(firewall(), run_command=ip_without_it, **into("dmz")) == \
        "SSH 192.0.2.1 -> 192.0.2.10:22 stays accepted in zone 'public'"


def test_a_connection_no_zone_rule_accepts_now_is_not_checked():
    ssh_on_2222 = "192.0.2.1 50022 192.0.2.10 2222"
    assert guard(firewall(), ssh=ssh_on_2222, **into("dmz")) == \
        "SSH 192.0.2.1 -> 192.0.2.10:2222 is not accepted by a zone rule now (other means); not checked"


@pytest.mark.parametrize("ssh", ["", None, "192.0.2.1 50022"])
def test_without_an_ssh_connection_nothing_is_checked(ssh):
    assert guard(firewall(), ssh=ssh, **into("dmz")) == "not checked: no SSH connection"


def test_when_the_interface_cannot_be_found_the_default_zone_is_assumed():
    def ip_fails(argv):
        return 1, "", "ip: not found"

    settings = firewall(**{"ocs-def": {"target": "default", "services": ["ocs-ssh"]}})
    settings["default_zone"] = "ocs-def"
    assert guard(settings, run_command=ip_fails, **into("dmz")) == \
        "SSH 192.0.2.1 -> 192.0.2.10:22 stays accepted in zone 'ocs-def'"
    with pytest.raises(RulesetError, match=r"\(interface None\) would land in zone 'ocs-def', which would not accept it"):
        guard(settings, run_command=ip_fails, state="replaced")  # drops the ocs- zone and service


@pytest.mark.parametrize("rule, accepted", [
    ('rule family="ipv4" source address="192.0.2.1/32" port port="22" protocol="tcp" accept', True),
    ('rule family="ipv4" source address="198.51.100.7/32" port port="22" protocol="tcp" accept', False),
    ('rule family="ipv4" source address="192.0.2.0/24" service name="ocs-ssh" accept', True),
    ('rule family="ipv4" source address="192.0.2.1/32" port port="22" protocol="tcp" drop', False),
    ('rule family="ipv4" source ipset="admins" port port="22" protocol="tcp" accept', True),
    ('rule family="ipv4" port port="1-1024" protocol="tcp" accept', True),
    ('rule family="ipv4" source address="192.0.2.1/32" port port="22" protocol="udp" accept', False),
], ids=["port from the client", "port from another address", "service from the client's network",
        "a drop", "from an ipset (taken as accepting)", "a port range from anywhere", "udp"])
def test_an_accepting_rich_rule_counts_for_the_client_s_address_only(rule, accepted, real_parser):
    # an existing ocs- zone holding one rich rule (ocs- zones keep any rich rule firewalld has)
    zones = {"ocs-m": {"target": "default", "rules_str": [rule]}}
    options = into("ocs-m")
    if accepted:
        assert guard(firewall(**zones), **options) == "SSH 192.0.2.1 -> 192.0.2.10:22 stays accepted in zone 'ocs-m'"
    else:
        with pytest.raises(RulesetError, match="would land in zone 'ocs-m'"):
            guard(firewall(**zones), **options)


def test_the_kernel_is_asked_first_for_the_interface_of_an_address_and_ip_only_when_it_does_not_know():
    from ansible_collections.ocs.firewall.plugins.module_utils._firewalld import guard as guard_module

    def no_ip(argv):
        raise AssertionError("ip was run for an address the kernel knows")

    assert guard_module._interface_of(no_ip, "127.0.0.1") == "lo"  # every Linux host has lo
    assert guard_module._interface_by_ioctl("192.0.2.10") is None  # documentation address: on no interface here
    assert guard_module._interface_by_ioctl("2001:db8::1") is None
    assert guard_module._interface_of(ip_addr, "192.0.2.10") == "mgmt0"  # from ip, as before
