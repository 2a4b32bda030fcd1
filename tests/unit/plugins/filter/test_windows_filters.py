"""The Windows filters: to_win_firewall_rules, to_netsh, to_powershell, ocs_consec_plan and
ocs_ipsec_exemptions. Thin wrappers over render/windows/, converge/consec.py and resolve.py: they take Ansible's containers, return the
renderer's output, and turn every bad input into an AnsibleFilterError that names the value."""

import inspect
from pathlib import Path

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.converge import consec
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import windows
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import (
    resolve,
    resolve_ipsec_exemptions,
)
from ansible_collections.ocs.firewall.tests.unit.ansible_values import LazyMapping, TaggedStr, load
from ansible_collections.ocs.firewall.tests.unit.plugin_docs import documentation

REPO = Path(__file__).resolve().parents[4]
FILTERS = ("to_win_firewall_rules", "to_netsh", "to_powershell", "ocs_consec_plan", "ocs_ipsec_exemptions")
EDGE_ROLES = ["access_edge", "webconf_edge", "av_edge"]


@pytest.fixture
def edge_rules(base_topology):
    return resolve(roles=EDGE_ROLES, topology=base_topology, features={"federation": True})["rules"]


@pytest.fixture
def edge_rows(base_topology):
    return resolve_ipsec_exemptions(topology=base_topology, roles=EDGE_ROLES)


# ---- shape of the plugins ------------------------------------------------------------------------

@pytest.mark.parametrize("name", FILTERS)
def test_filter_documents_every_parameter_of_its_function(name):
    module, function = load(name)
    doc = documentation(module)
    assert doc["name"] == name and doc["short_description"]
    yaml.safe_load(module.EXAMPLES)
    assert "_value" in yaml.safe_load(module.RETURN)
    parameters = list(inspect.signature(function).parameters)
    assert set(doc["options"]) == {"_input", *parameters[1:]}
    if "positional" in doc:
        assert doc["positional"] == parameters[1]


@pytest.mark.parametrize("name", FILTERS)
def test_filter_module_maps_only_its_own_name(name):
    module, dummy = load(name)
    assert list(module.FilterModule().filters()) == [name]


# ---- to_win_firewall_rules -------------------------------------------------------------------------

def test_to_win_firewall_rules_returns_the_renderer_output(edge_rules):
    dummy, to_win_firewall_rules = load("to_win_firewall_rules")
    assert to_win_firewall_rules(edge_rules) == windows.win_firewall_rule_args(edge_rules)


def test_to_win_firewall_rules_accepts_ansible_containers(edge_rules):
    dummy, to_win_firewall_rules = load("to_win_firewall_rules")
    lazy = [LazyMapping({TaggedStr(k): v for k, v in rule.items()}) for rule in edge_rules]
    result = to_win_firewall_rules(tuple(lazy), group=TaggedStr("G"), profiles=(TaggedStr("domain"),))
    assert result == windows.win_firewall_rule_args(edge_rules, group="G", profiles=["domain"])
    # exactly str, not a lazy or tagged subclass of it
    assert all(type(arg["name"]) is str for arg in result)  # pylint: disable=unidiomatic-typecheck


@pytest.mark.parametrize("kwargs, bad", [
    ({"profiles": ["domain", "work"]}, "'work'"),
    ({"prefix": 'OCS "2007"'}, 'OCS "2007"'),
    ({"group": ""}, "rule group"),
])
def test_to_win_firewall_rules_names_the_bad_value(edge_rules, kwargs, bad):
    dummy, to_win_firewall_rules = load("to_win_firewall_rules")
    with pytest.raises(AnsibleFilterError, match="^to_win_firewall_rules: ") as info:
        to_win_firewall_rules(edge_rules, **kwargs)
    assert bad in str(info.value)


def test_to_win_firewall_rules_refuses_a_bad_port(edge_rules):
    dummy, to_win_firewall_rules = load("to_win_firewall_rules")
    broken = [dict(edge_rules[0], ports=["443", "99999"])]
    with pytest.raises(AnsibleFilterError, match="99999"):
        to_win_firewall_rules(broken)


# ---- to_netsh --------------------------------------------------------------------------------------

def test_to_netsh_tells_firewall_rules_and_ipsec_rows_apart(edge_rules, edge_rows):
    dummy, to_netsh = load("to_netsh")
    assert to_netsh(edge_rules) == windows.netsh_firewall_script(edge_rules)
    assert to_netsh(edge_rows) == windows.netsh_consec_script(edge_rows)
    assert to_netsh(edge_rules, "removal", host="edge1") == windows.netsh_firewall_removal(edge_rules, host="edge1")
    assert to_netsh(edge_rows, "removal") == windows.netsh_consec_removal(edge_rows)


def test_to_netsh_passes_profiles_and_prefix(edge_rules):
    dummy, to_netsh = load("to_netsh")
    script = to_netsh(edge_rules, profiles=["public"], prefix="Lab OCS")
    assert script == windows.netsh_firewall_script(edge_rules, profiles=["public"], prefix="Lab OCS")
    assert 'name="Lab OCS - ' in script and "profile=public " in script


def test_to_netsh_needs_a_kind_for_an_empty_list():
    dummy, to_netsh = load("to_netsh")
    with pytest.raises(AnsibleFilterError, match="empty"):
        to_netsh([])
    assert to_netsh([], kind="firewall").startswith("@echo off\r\n")
    assert "0 connection security rules" in to_netsh([], kind="ipsec")


def test_to_netsh_refuses_mixed_and_unknown_input(edge_rules, edge_rows):
    dummy, to_netsh = load("to_netsh")
    with pytest.raises(AnsibleFilterError, match="mixes"):
        to_netsh(edge_rules + edge_rows)
    with pytest.raises(AnsibleFilterError, match="neither a host-view rule"):
        to_netsh([{"name": "x"}])
    with pytest.raises(AnsibleFilterError, match="unknown format 'bat'"):
        to_netsh(edge_rules, "bat")
    with pytest.raises(AnsibleFilterError, match="unknown kind 'nat'"):
        to_netsh(edge_rules, kind="nat")


def test_to_netsh_no_longer_reads_or_plans(edge_rows):
    """read and plan moved to ocs_consec_plan (0.2.0): to_netsh renders command files only."""
    dummy, to_netsh = load("to_netsh")
    for format in ("read", "plan"):
        with pytest.raises(AnsibleFilterError, match=f"unknown format '{format}'"):
            to_netsh(edge_rows, format)


# ---- ocs_consec_plan -------------------------------------------------------------------------------

def test_ocs_consec_plan_is_for_ipsec_rows_only(edge_rules):
    dummy, ocs_consec_plan = load("ocs_consec_plan")
    with pytest.raises(AnsibleFilterError, match="for IPsec exemption rows"):
        ocs_consec_plan(edge_rules, "read")


def test_ocs_consec_plan_read_then_plan(edge_rows):
    dummy, ocs_consec_plan = load("ocs_consec_plan")
    names = ocs_consec_plan(edge_rows, "read", state="replaced")
    assert names == consec.consec_read_names(edge_rows, "replaced")
    # what the role's read step returns: win_powershell output objects
    current = [LazyMapping({"name": TaggedStr(n), "rc": 1, "text": "No rules match the specified criteria.\r\n"})
               for n in names]
    plan = ocs_consec_plan(edge_rows, "plan", state="replaced", current=current)
    assert [a["action"] for a in plan] == ["add"] * len(windows.ipsec_rules(edge_rows))


def test_ocs_consec_plan_for_absent_needs_no_rows():
    dummy, ocs_consec_plan = load("ocs_consec_plan")
    names = ocs_consec_plan([], "read", state="absent")
    assert names == sorted(consec.catalogue_ipsec_names())
    assert ocs_consec_plan([], "plan", state="absent", current={n: "" for n in names}) == []


def test_ocs_consec_plan_refuses_an_unknown_state(edge_rows):
    dummy, ocs_consec_plan = load("ocs_consec_plan")
    with pytest.raises(AnsibleFilterError, match="unknown state 'merged'"):
        ocs_consec_plan(edge_rows, "read", state="merged")


def test_ocs_consec_plan_refuses_an_unknown_mode(edge_rows):
    dummy, ocs_consec_plan = load("ocs_consec_plan")
    with pytest.raises(AnsibleFilterError, match="^ocs_consec_plan: unknown mode 'script'"):
        ocs_consec_plan(edge_rows, "script")


def test_ocs_consec_plan_names_a_rule_it_has_no_read_result_for(edge_rows):
    dummy, ocs_consec_plan = load("ocs_consec_plan")
    with pytest.raises(AnsibleFilterError, match="no read result .*ipsec.av_edge_internal_in"):
        ocs_consec_plan(edge_rows, "plan", current=[])


# ---- to_powershell ---------------------------------------------------------------------------------

def test_to_powershell_tells_firewall_rules_and_ipsec_rows_apart(edge_rules, edge_rows):
    dummy, to_powershell = load("to_powershell")
    assert to_powershell(edge_rules, group="G") == windows.powershell_firewall_script(edge_rules, group="G")
    assert to_powershell(edge_rows) == windows.powershell_ipsec_script(edge_rows)
    assert to_powershell(edge_rules, "removal") == windows.powershell_firewall_removal(edge_rules)
    assert to_powershell(edge_rows, "removal", host="e") == windows.powershell_ipsec_removal(edge_rows, host="e")


def test_to_powershell_refuses_netsh_only_formats(edge_rows):
    dummy, to_powershell = load("to_powershell")
    with pytest.raises(AnsibleFilterError, match="unknown format 'plan'"):
        to_powershell(edge_rows, "plan")


def test_to_powershell_group_may_be_any_text_but_one_line(edge_rules):
    dummy, to_powershell = load("to_powershell")
    assert "$group = 'Kommunikationsserver ''R2'''" in to_powershell(edge_rules, group="Kommunikationsserver 'R2'")
    with pytest.raises(AnsibleFilterError, match="control characters"):
        to_powershell(edge_rules, group="two\nlines")


# ---- ocs_ipsec_exemptions ---------------------------------------------------------------------------

def test_ocs_ipsec_exemptions_without_roles_is_the_deployment_table(base_topology):
    dummy, ocs_ipsec_exemptions = load("ocs_ipsec_exemptions")
    rows = ocs_ipsec_exemptions(LazyMapping(base_topology))
    assert rows == resolve_ipsec_exemptions(topology=base_topology)
    assert {"ipsec.av_edge_internal_in", "ipsec.av_conferencing_in", "ipsec.clients"} <= {r["id"] for r in rows}


def test_ocs_ipsec_exemptions_with_roles_keeps_the_host_rows(base_topology):
    dummy, ocs_ipsec_exemptions = load("ocs_ipsec_exemptions")
    rows = ocs_ipsec_exemptions(base_topology, ["front_end"])
    ids = {r["id"] for r in rows}
    assert "ipsec.av_edge_internal_in" not in ids and "ipsec.av_conferencing_in" in ids
    assert "ipsec.clients" not in ids  # client computers only


def test_ocs_ipsec_exemptions_on_a_client_uses_its_own_media_range(base_topology):
    dummy, ocs_ipsec_exemptions = load("ocs_ipsec_exemptions")
    rows = ocs_ipsec_exemptions(base_topology, ["client"], host_media_ports={"client": "20000-20099"})
    clients = [r for r in rows if r["id"] == "ipsec.clients"][0]
    assert (clients["protocols"], clients["source_ports"]) == (["udp"], ["20000-20099"])


def test_ocs_ipsec_exemptions_follows_the_features(base_topology):
    dummy, ocs_ipsec_exemptions = load("ocs_ipsec_exemptions")
    topology = dict(base_topology, mediation="10.1.0.20")
    without = {r["id"] for r in ocs_ipsec_exemptions(topology)}
    with_voice = {r["id"] for r in ocs_ipsec_exemptions(topology, features={"enterprise_voice": True})}
    assert "ipsec.mediation_in" not in without and "ipsec.mediation_in" in with_voice


@pytest.mark.parametrize("kwargs, bad", [
    ({"roles": ["edge_server"]}, "'edge_server'"),
    ({"media_ports": {"client": "1024-70000"}}, "70000"),
    ({"features": {"video": True}}, "'video'"),
])
def test_ocs_ipsec_exemptions_names_the_bad_value(base_topology, kwargs, bad):
    dummy, ocs_ipsec_exemptions = load("ocs_ipsec_exemptions")
    with pytest.raises(AnsibleFilterError, match="^ocs_ipsec_exemptions: ") as info:
        ocs_ipsec_exemptions(base_topology, **kwargs)
    assert bad in str(info.value)


def test_ocs_ipsec_exemptions_rows_render_with_to_netsh(base_topology):
    dummy, ocs_ipsec_exemptions = load("ocs_ipsec_exemptions")
    dummy, to_netsh = load("to_netsh")
    script = to_netsh(ocs_ipsec_exemptions(base_topology, ["av_edge"]))
    assert 'name="OCS 2007 R2 - ipsec.av_edge_external_in (udp)" endpoint1=203.0.113.12/32 endpoint2=any' in script
