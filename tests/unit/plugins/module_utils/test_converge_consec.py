"""Converging a host's connection security rules (converge/consec.py, the ipsec_exemptions role's
read and compare steps): which names to read, and what to delete and add given netsh's
`consec show rule` output, including localised labels, duplicates and stale catalogue rules."""

import re

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.converge import consec
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import windows
from ansible_collections.ocs.firewall.tests.unit.deployments import example_ipsec_rows

IPSEC_NAME_STYLE = re.compile(r"^OCS 2007 R2 - ipsec\.[a-z0-9_]+ \((tcp|udp)\)$")

host_rows = example_ipsec_rows


def show_output(spec=None, name=None, fingerprint=None, labels="en"):
    """An approximation of `netsh advfirewall consec show rule name=<n> verbose` (labels localised)."""
    if spec is None:
        return "\r\nNo rules match the specified criteria.\r\n\r\n"
    name = name or spec["name"]
    label = {"en": ("Rule Name", "Description", "Enabled"), "de": ("Regelname", "Beschreibung", "Aktiviert")}[labels]
    description = spec["description"] if fingerprint is None else spec["description"].replace(
        spec["fingerprint"], fingerprint)
    return (f"\r\n{label[0]}:{' ' * 28}{name}\r\n{'-' * 70}\r\n{label[1]}:{' ' * 26}{description}\r\n"
            f"{label[2]}:{' ' * 30}Yes\r\nEndpoint1:                            Any\r\nOk.\r\n\r\n")


def read_all(rows, state, texts=None):
    names = consec.consec_read_names(rows, state)
    return [{"name": n, "text": (texts or {}).get(n, show_output())} for n in names]


# ---- read -------------------------------------------------------------------------------------------

def test_read_names_are_the_desired_rules_for_present():
    rows = host_rows("client1")
    assert consec.consec_read_names(rows, "present") == [s["name"] for s in windows.ipsec_rules(rows)]


def test_read_names_add_every_catalogue_name_for_replaced_and_nothing_else():
    names = consec.consec_read_names(host_rows("client1"), "replaced")
    assert len(names) == len(set(names))
    assert set(names) == set(consec.catalogue_ipsec_names())
    assert all(IPSEC_NAME_STYLE.match(n) for n in names)


# ---- plan -------------------------------------------------------------------------------------------

def test_plan_adds_missing_rules():
    rows = host_rows("edge1")
    plan = consec.consec_plan(rows, read_all(rows, "present"), "present")
    assert [a["action"] for a in plan] == ["add"] * len(windows.ipsec_rules(rows))
    assert all(a["commands"][0][:4] == ["advfirewall", "consec", "add", "rule"] for a in plan)


def test_plan_keeps_rules_that_match_even_with_localised_labels():
    rows = host_rows("edge1")
    texts = {s["name"]: show_output(s, labels="de") for s in windows.ipsec_rules(rows)}
    assert consec.consec_plan(rows, read_all(rows, "replaced", texts), "replaced") == []


def test_plan_replaces_a_rule_whose_settings_differ():
    rows = host_rows("client1")
    specs = windows.ipsec_rules(rows)
    texts = {s["name"]: show_output(s) for s in specs}
    texts[specs[-1]["name"]] = show_output(specs[-1], fingerprint="000000000000")
    plan = consec.consec_plan(rows, read_all(rows, "present", texts), "present")
    assert [(a["name"], a["action"]) for a in plan] == [(specs[-1]["name"], "replace")]
    assert [c[2] for c in plan[0]["commands"]] == ["delete", "add"]


def test_plan_replaces_duplicated_rules():
    rows = host_rows("client1")
    specs = windows.ipsec_rules(rows)
    texts = {s["name"]: show_output(s) for s in specs}
    texts[specs[0]["name"]] = show_output(specs[0]) + show_output(specs[0])
    plan = consec.consec_plan(rows, read_all(rows, "present", texts), "present")
    assert [(a["name"], a["action"], a["reason"]) for a in plan] == [
        (specs[0]["name"], "replace", "2 rules with this name")]


def test_plan_matches_names_without_regard_to_case():
    rows = host_rows("client1")
    texts = {s["name"]: show_output(s, name=s["name"].upper()) for s in windows.ipsec_rules(rows)}
    assert consec.consec_plan(rows, read_all(rows, "present", texts), "present") == []


def test_replaced_deletes_stale_exemptions_of_the_catalogue_only():
    rows = host_rows("client1")
    stale = windows.ipsec_rule_name("ipsec.av_edge_internal_in", "udp")
    texts = {s["name"]: show_output(s) for s in windows.ipsec_rules(rows)}
    texts[stale] = show_output({"name": stale, "description": "old", "fingerprint": "x"})
    plan = consec.consec_plan(rows, read_all(rows, "replaced", texts), "replaced")
    assert [(a["name"], a["action"]) for a in plan] == [(stale, "delete")]
    assert plan[0]["commands"] == [["advfirewall", "consec", "delete", "rule", f"name={stale}"]]
    # present leaves it alone
    assert consec.consec_plan(rows, read_all(rows, "present", texts), "present") == []


def test_absent_deletes_every_exemption_that_exists():
    rows = host_rows("client1")
    texts = {s["name"]: show_output(s) for s in windows.ipsec_rules(rows)}
    plan = consec.consec_plan([], read_all([], "absent", texts), "absent")
    assert sorted(a["name"] for a in plan) == sorted(texts)
    assert {a["action"] for a in plan} == {"delete"}


def test_plan_needs_a_read_result_for_every_name():
    rows = host_rows("client1")
    with pytest.raises(OcsModelError, match="no read result"):
        consec.consec_plan(rows, {}, "present")


def test_plan_commands_pass_values_as_single_arguments():
    """The role runs each argv with PowerShell's & netsh.exe: one argument per key=value, no quotes."""
    rows = host_rows("client1")
    for action in consec.consec_plan(rows, read_all(rows, "present"), "present"):
        for argv in action["commands"]:
            assert all('"' not in arg for arg in argv)
            assert any(arg == f"name={action['name']}" for arg in argv)
