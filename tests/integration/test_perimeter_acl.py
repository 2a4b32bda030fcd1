"""The perimeter_acl role and the aerleon_acl action plugin through real playbooks on the example
inventory's two perimeter firewalls (fw_external, fw_internal), with the pinned aerleon: the aclgen
tree per gateway, idempotence, check and diff mode, a dropped target, aclgen's own command line on the
written tree, and bad input failing with one message before anything is written. No managed host is
contacted (the example hosts do not exist).
"""

import json
from pathlib import Path

import pytest
import yaml

from ansible_collections.ocs.firewall.tests.integration.playbook_results import recap
from ansible_collections.ocs.firewall.tests.integration.playbook_results import tree_snapshot as snapshot

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "playbooks" / "inventories" / "example"
GATEWAYS = ("fw_external", "fw_internal")
TRACEBACK = "Traceback (most recent call last)"
# A file name per target for the example's gateways: aerleon's suffix for each.
SUFFIX = {"nftables": ".nft", "iptables": "", "ciscoasa": ".asa", "srx": ".srx", "paloalto": ".xml"}


@pytest.fixture(scope="module")
def playbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("play") / "acl.yml"
    path.write_text(yaml.safe_dump([{
        "name": "Perimeter ACLs", "hosts": "ocs_perimeter_firewalls", "gather_facts": False,
        "roles": [{"role": "ocs.firewall.perimeter_acl"}],
    }], sort_keys=False))
    return path


@pytest.fixture(scope="module")
def run_role(run, ansible_playbook, make_ansible_env, playbook):
    def _run(out, targets, *extra, **variables):
        variables = dict(ocs_perimeter_acl_dir=str(out), ocs_perimeter_acl_targets=list(targets), **variables)
        return run([ansible_playbook, "-i", EXAMPLE, playbook, "-e", json.dumps(variables), *extra],
                   env=make_ansible_env())

    return _run


@pytest.fixture(scope="module")
def written(tmp_path_factory, run_role, explain):
    out = tmp_path_factory.mktemp("acl")
    proc = run_role(out, SUFFIX)
    assert proc.returncode == 0, explain(proc)
    return out, proc


def test_each_gateway_gets_an_aclgen_tree_with_every_target(written):
    out, proc = written
    assert sorted(p.name for p in out.iterdir()) == sorted(GATEWAYS)
    for gateway in GATEWAYS:
        files = sorted(snapshot(out / gateway))
        expected = sorted([".ocs-aerleon.json", "def/networks.yaml", "def/services.yaml", f"policies/pol/{gateway}.yaml"]
                          + [f"{target}/{gateway}{suffix}" for target, suffix in SUFFIX.items()])
        assert files == expected
        for name, content in snapshot(out / gateway).items():
            assert content.strip(), f"{gateway}/{name} is empty"
    assert recap(proc.stdout)["fw_external"]["changed"] == 1
    # Only the two gateways ran the role; the hosts were never contacted (they do not exist).
    assert set(recap(proc.stdout)) == set(GATEWAYS)


def test_the_policy_holds_one_term_per_gateway_rule(written):
    out, _proc = written
    policy = yaml.safe_load((out / "fw_external" / "policies" / "pol" / "fw_external.yaml").read_text())
    rules = json.loads((REPO / "tests/unit/plugins/module_utils/regression/fw_external.rules.json").read_text())["rules"]
    nftables = [f for f in policy["filters"] if "nftables" in f["header"]["targets"]]
    assert len(nftables) == 1
    assert len(nftables[0]["terms"]) == len(rules)
    # The term comment carries every flow of its rule: the thread back to the catalogue (whole on
    # SRX; nft takes 128 characters).
    comments = " ".join(term["comment"] for f in policy["filters"] if "srx" in f["header"]["targets"]
                        for term in f["terms"])
    assert all(flow in comments for rule in rules for flow in rule["flows"])


def test_a_second_run_changes_nothing(written, run_role, explain):
    out, _proc = written
    before = snapshot(out)
    proc = run_role(out, SUFFIX)
    assert proc.returncode == 0, explain(proc)
    assert all(counts["changed"] == 0 for counts in recap(proc.stdout).values()), proc.stdout
    assert snapshot(out) == before


def test_aclgen_gives_the_same_configurations_from_the_written_tree(written, run, venv_bin, explain, tmp_path):
    out, _proc = written
    for gateway in GATEWAYS:
        generated = tmp_path / gateway
        proc = run([venv_bin / "aclgen", f"--base_directory={out / gateway / 'policies'}",
                    f"--definitions_directory={out / gateway / 'def'}", f"--output_directory={generated}"])
        assert proc.returncode == 0, explain(proc)
        # One policy file holds every target's filters, so aclgen writes one file per suffix; iptables'
        # empty suffix is the policy's name.
        for target, suffix in SUFFIX.items():
            ours = (out / gateway / target / f"{gateway}{suffix}").read_text()
            assert (generated / f"{gateway}{suffix}").read_text().rstrip("\n") == ours.rstrip("\n"), (gateway, target)


def test_check_mode_writes_nothing_and_reports_the_change(tmp_path, run_role, explain):
    proc = run_role(tmp_path / "acl", ["srx"], "--check", "--diff")
    assert proc.returncode == 0, explain(proc)
    assert not (tmp_path / "acl").exists()
    assert all(counts["changed"] == 1 for counts in recap(proc.stdout).values()), proc.stdout
    assert "srx/fw_external.srx" in proc.stdout  # the diff names each file


def test_a_dropped_target_loses_its_file_and_nothing_else_is_touched(tmp_path, run_role, explain):
    out = tmp_path / "acl"
    proc = run_role(out, ["nftables", "srx"])
    assert proc.returncode == 0, explain(proc)
    mine = out / "fw_external" / "notes.txt"
    mine.write_text("the admin's own file\n")
    proc = run_role(out, ["nftables"])
    assert proc.returncode == 0, explain(proc)
    assert not (out / "fw_external" / "srx" / "fw_external.srx").exists()
    assert (out / "fw_external" / "nftables" / "fw_external.nft").is_file()
    assert mine.read_text() == "the admin's own file\n"
    assert json.loads((out / "fw_external" / ".ocs-aerleon.json").read_text()) == [
        "def/networks.yaml", "def/services.yaml", "nftables/fw_external.nft", "policies/pol/fw_external.yaml"]


@pytest.mark.parametrize("targets, variables, named", [
    (["ciscoasa", "nosuchvendor"], {}, "nosuchvendor"),
    ([], {}, "targets"),
    (["srx"], {"ocs_perimeter_acl_zone_names": {"dmz": "untrust"}}, "dmz"),
    (["srx"], {"ocs_zones": {"perimeter": [], "internal": ["10.0.0.0/8"]}}, "zones.perimeter is an empty list"),
], ids=["unknown-target", "no-target", "unknown-zone", "zone-without-addresses"])
def test_bad_input_fails_with_one_message_before_anything_is_written(tmp_path, run_role, targets, variables, named):
    out = tmp_path / "acl"
    proc = run_role(out, targets, **variables)
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert named in output and TRACEBACK not in output, output
    assert not out.exists()


def test_an_aerleon_failure_gives_aerleon_s_message_and_writes_nothing(
        tmp_path, run, ansible_playbook, explain, make_ansible_env):
    """A header aerleon refuses (here a bad nftables address family, which to_aerleon never writes):
    the task fails with aerleon's own words, and the folder stays empty."""
    export = {
        "policy": {"filename": "gw", "filters": [{
            "header": {"targets": {"nftables": "bogus forward"}},
            "terms": [{"name": "sip", "destination-port": "SIP", "protocol": "tcp", "action": "accept"}]}]},
        "definitions": {"networks": {}, "services": {"SIP": [{"port": 5061, "protocol": "tcp"}]}},
    }
    playbook = tmp_path / "bad.yml"
    playbook.write_text(yaml.safe_dump([{
        "name": "aerleon refuses", "hosts": "localhost", "gather_facts": False,
        "tasks": [{"ocs.firewall.aerleon_acl": {"export": export, "dest": str(tmp_path / "out")}}],
    }], sort_keys=False))
    proc = run([ansible_playbook, playbook], env=make_ansible_env())
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert "aerleon could not generate the nftables configuration of gw" in output, explain(proc)
    assert "Invalid address family in header: bogus" in output and TRACEBACK not in output, explain(proc)
    assert not (tmp_path / "out").exists()
