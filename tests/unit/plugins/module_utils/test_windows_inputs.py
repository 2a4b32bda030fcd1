"""Bad input the Windows roles and render playbook take fails before anything is written, naming the
value: wildcard or indirect rule groups, unknown target Windows, apply mode on Server 2008, host
names that would leave the render folder."""

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.files import host_file_name, host_file_names
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import windows

RULE = {"name": "x", "flow": "front_end.sip_tls_from_client", "direction": "in", "protocol": "tcp", "ports": ["5061"],
        "source_ports": [], "local_addresses": [], "remote_addresses": [], "purpose": "p", "reference": "r"}
ROW = {"id": "ipsec.clients", "name": "Clients", "source_addresses": [], "destination_addresses": [],
       "protocols": ["udp"], "source_ports": ["1024-65535"], "reference": "r"}


@pytest.mark.parametrize("group", ["OCS*", "OCS?", "OCS[12]", "OCS]", "OCS`*", "@FirewallAPI.dll,-28502"])
@pytest.mark.parametrize("render", [
    lambda g: windows.win_firewall_rule_args([RULE], group=g),
    lambda g: windows.powershell_firewall_script([RULE], group=g),
    lambda g: windows.powershell_firewall_removal([RULE], group=g),
    lambda g: windows.powershell_ipsec_script([ROW], group=g),
    lambda g: windows.powershell_ipsec_removal([ROW], group=g),
    lambda g: windows.windows_target("2012", "apply", groups=[g]),
    lambda g: windows.windows_target("2012", "render", groups=[g]),
], ids=["win_firewall_rule", "ps_firewall", "ps_firewall_removal", "ps_ipsec", "ps_ipsec_removal", "apply", "render"])
def test_a_wildcard_or_indirect_group_fails_in_every_mode_naming_it(group, render):
    with pytest.raises(OcsModelError, match="rule group '" + group.replace("[", "\\[").replace("?", "\\?")
                       .replace("*", "\\*").replace("]", "\\]")):
        render(group)


def test_a_literal_group_with_other_punctuation_is_kept():
    assert windows.check_group("Office Communications Server 2007 R2 (Edge), site A") == \
        "Office Communications Server 2007 R2 (Edge), site A"


@pytest.mark.parametrize("value", ["2003", "2008R2 ", "2016", "", None, True])
def test_an_unknown_windows_version_fails_naming_it(value):
    with pytest.raises(OcsModelError, match="unknown Windows version"):
        windows.windows_target(value)


@pytest.mark.parametrize("value, expected", [(2008, "2008"), ("2008R2", "2008r2"), (2012, "2012")])
def test_windows_versions_from_yaml_numbers_are_accepted(value, expected):
    assert windows.check_windows_os(value) == expected


def test_apply_mode_on_server_2008_fails_naming_render_mode():
    with pytest.raises(OcsModelError, match="use render mode .*ocs_windows_render_dir"):
        windows.windows_target("2008", "apply")


@pytest.mark.parametrize("target, powershell, apply", [("2008", False, False), ("2008r2", False, True),
                                                       ("2012", True, True)])
def test_what_each_windows_can_do(target, powershell, apply):
    mode = "render" if target == "2008" else "apply"
    result = windows.windows_target(target, mode)
    assert (result["powershell"], result["apply"]) == (powershell, apply)


def test_server_2008_consec_rules_take_one_port_or_any():
    r2 = windows.netsh_consec_script([ROW], windows_os="2008r2")
    assert "port1=1024-65535" in r2
    # A range would have to become any port, exempting far more than the table asks: refused.
    with pytest.raises(OcsModelError, match=r"ipsec\.clients.*1024-65535.*one port or any.*ocs_windows_os: 2008r2"):
        windows.netsh_consec_script([ROW], windows_os="2008")
    single = dict(ROW, source_ports=["5061"])
    old = windows.netsh_consec_script([single], windows_os="2008")
    assert "port1=5061" in old and "Server 2008 SP2" in old


@pytest.mark.parametrize("name", ["../../x", "edge/../../x", "..", ".", "a\\b", "C:x", "edge1.", " edge1", "nul",
                                  "COM1.example", "a|b", "a*b", "a\tb", "", "x" * 201])
def test_a_host_name_that_is_no_safe_file_name_fails_naming_it(name):
    with pytest.raises(OcsModelError, match="cannot be a file name"):
        host_file_name(name)


@pytest.mark.parametrize("name", ["edge1", "fe1.example.com", "OCS-FE_01", "h\u00f4te"])
def test_ordinary_host_names_are_kept(name):
    assert host_file_name(name) == name


def test_two_host_names_differing_only_in_case_fail():
    with pytest.raises(OcsModelError, match="differ only in case"):
        host_file_names(["Edge1", "edge1"])
    assert host_file_names(["edge1", "fe1"]) == ["edge1", "fe1"]
