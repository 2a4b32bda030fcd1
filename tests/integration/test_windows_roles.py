"""The Windows roles (ocs.firewall.windows_firewall, ocs.firewall.ipsec_exemptions) through real
ansible-playbook runs on the controller, no Windows host:

- render mode (fixtures/windows_render/render.yml, hosts.yml): the hosts are WinRM hosts at an
  unroutable address, so a run that tried to connect would fail; the scripts are written, they are
  the renderer's output byte for byte, a second run changes nothing, check mode writes nothing, and
  bad input fails with a clear message before anything is written;
- apply mode against fake Windows modules (fixtures/windows_render/fake_collections, see its
  README): the roles' task logic, what they read, remove and keep, idempotence, check mode;
- ansible-lint (production profile) on both roles, their argument specs, and a syntax check of the
  opt-in extensions/molecule/windows scenario.
"""

import json
import re
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
# The collection's Python code, for the expected output (tests/unit/conftest.py does the same there).
if str(REPO / "build" / "collections") not in sys.path:
    sys.path.insert(0, str(REPO / "build" / "collections"))

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.render import windows  # noqa: E402
from ansible_collections.ocs.firewall.tests.integration.playbook_results import tree_snapshot as snapshot  # noqa: E402
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import (  # noqa: E402
    resolve,
    resolve_ipsec_exemptions,
)

FIXTURE = REPO / "tests" / "integration" / "fixtures" / "windows_render"
ROLES = ("windows_firewall", "ipsec_exemptions")
HOSTS = ("edge1", "fe1", "med1", "client1")
FILES = ("windows-firewall.cmd", "windows-firewall-remove.cmd", "windows-firewall.ps1", "windows-firewall-remove.ps1",
         "ipsec-exemptions.cmd", "ipsec-exemptions-remove.cmd", "ipsec-exemptions.ps1", "ipsec-exemptions-remove.ps1")
GROUP = "Office Communications Server 2007 R2"
RECAP = re.compile(r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)
UPSTREAM_WIN_FIREWALL_RULE = (REPO / "build" / "deps" / "ansible_collections" / "community" / "windows" / "plugins"
                              / "modules" / "win_firewall_rule.py")


def recap(proc):
    """{host: (ok, changed, unreachable, failed)} from the PLAY RECAP."""
    return {m.group(1): tuple(int(x) for x in m.groups()[1:]) for m in RECAP.finditer(proc.stdout)}


def target_vars(host):
    merged = dict(yaml.safe_load((FIXTURE / "group_vars" / "all.yml").read_text(encoding="utf-8")))
    hosts = yaml.safe_load((FIXTURE / "hosts.yml").read_text(encoding="utf-8"))["all"]["children"]["windows"]["hosts"]
    merged.update(hosts[host])
    return merged


# ---- render mode ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def render(run, ansible_playbook, make_ansible_env):
    def _render(out, *args):
        return run([ansible_playbook, "-i", FIXTURE / "hosts.yml", FIXTURE / "render.yml", *args],
                   env=make_ansible_env(OCS_WINDOWS_RENDER_DIR=out))

    return _render


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, render, explain):
    out = tmp_path_factory.mktemp("windows")
    first = render(out)
    assert first.returncode == 0, explain(first)
    return out, first


def test_render_writes_every_script_for_every_host(rendered):
    out, dummy = rendered
    assert sorted(snapshot(out)) == sorted(f"{host}/{name}" for host in HOSTS for name in FILES)


def test_render_never_contacts_the_hosts(rendered):
    dummy, proc = rendered
    assert set(recap(proc)) == set(HOSTS)
    assert all(unreachable == 0 and failed == 0 for dummy, dummy, unreachable, failed in recap(proc).values())
    assert "UNREACHABLE" not in proc.stdout


def test_rendered_scripts_are_the_renderer_output_byte_for_byte(rendered):
    out, dummy = rendered
    for host in HOSTS:
        v = target_vars(host)
        rules = resolve(roles=v["ocs_server_roles"], topology=v["ocs_topology"], features=v["ocs_features"],
                        media_ports=v["ocs_media_ports"])["rules"]
        rows = resolve_ipsec_exemptions(topology=v["ocs_topology"], media_ports=v["ocs_media_ports"],
                                        roles=v["ocs_server_roles"], features=v["ocs_features"])
        expected = {
            "windows-firewall.cmd": windows.netsh_firewall_script(rules, host=host),
            "windows-firewall-remove.cmd": windows.netsh_firewall_removal(rules, host=host),
            "windows-firewall.ps1": windows.powershell_firewall_script(rules, host=host),
            "windows-firewall-remove.ps1": windows.powershell_firewall_removal(rules, host=host),
            "ipsec-exemptions.cmd": windows.netsh_consec_script(rows, host=host),
            "ipsec-exemptions-remove.cmd": windows.netsh_consec_removal(rows, host=host),
            "ipsec-exemptions.ps1": windows.powershell_ipsec_script(rows, host=host),
            "ipsec-exemptions-remove.ps1": windows.powershell_ipsec_removal(rows, host=host),
        }
        for name, text in expected.items():
            assert (out / host / name).read_bytes() == text.encode("utf-8"), f"{host}/{name}"


def test_rendered_files_keep_crlf_and_the_powershell_byte_order_mark(rendered):
    out, dummy = rendered
    for path in out.rglob("*.*"):
        data = path.read_bytes()
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b""), path
        assert data.startswith(b"\xef\xbb\xbf") == (path.suffix == ".ps1"), path


def test_client_scripts_use_the_narrowed_media_range(rendered):
    out, dummy = rendered
    firewall = (out / "client1" / "windows-firewall.cmd").read_text(encoding="ascii")
    ipsec = (out / "client1" / "ipsec-exemptions.cmd").read_text(encoding="ascii")
    assert "localport=20000-20099" in firewall and "1024-65535" not in firewall
    assert "port1=20000-20099" in ipsec


def test_second_render_changes_nothing(rendered, render, explain):
    out, dummy = rendered
    before = snapshot(out)
    again = render(out)
    assert again.returncode == 0, explain(again)
    assert all(changed == 0 for dummy, changed, dummy, dummy in recap(again).values()), explain(again)
    assert snapshot(out) == before


def test_check_mode_render_writes_nothing_and_reports_the_change(tmp_path, render, explain):
    out = tmp_path / "check"
    proc = render(out, "--check")
    assert proc.returncode == 0, explain(proc)
    assert not out.exists() or not snapshot(out)
    assert all(changed > 0 for dummy, changed, dummy, dummy in recap(proc).values()), explain(proc)


@pytest.mark.parametrize("extra, tags, message", [
    ({"ocs_server_roles": ["edge_server"]}, None, "unknown role 'edge_server'"),
    ({"ocs_server_roles": ["edge_server"]}, "ipsec_exemptions", "unknown role 'edge_server'"),
    ({"ocs_server_roles": []}, None, "roles is empty"),
    ({"ocs_server_roles": []}, "ipsec_exemptions", "ocs_server_roles is empty"),
    ({"ocs_windows_firewall_profiles": ["domain", "work"]}, None, "ocs_windows_firewall_profiles"),
    ({"ocs_media_ports": {"client": "20000-70000"}}, None, "port 70000 is outside 1-65535"),
    ({"ocs_media_ports": {"client": "20000-70000"}}, "ipsec_exemptions", "port 70000 is outside 1-65535"),
    ({"ocs_windows_rule_prefix": 'OCS "R2"'}, None, "not safe in netsh and PowerShell rule names"),
    ({"ocs_windows_firewall_state": "merged"}, None, "ocs_windows_firewall_state"),
    ({"ocs_windows_firewall_group": "OCS*"}, None, "rule group 'OCS*' has the wildcard character(s) *"),
    ({"ocs_ipsec_exemptions_group": "OCS[12]"}, "ipsec_exemptions", "rule group 'OCS[12]' has the wildcard"),
    ({"ocs_windows_os": "2016"}, None, "ocs_windows_os"),
    ({"ocs_windows_os": "2016"}, "ipsec_exemptions", "ocs_windows_os"),
], ids=["unknown-role", "unknown-role-ipsec", "no-role", "no-role-ipsec", "bad-profile", "bad-port",
        "bad-port-ipsec", "bad-prefix", "bad-state", "wildcard-group", "wildcard-group-ipsec", "bad-os",
        "bad-os-ipsec"])
def test_bad_input_fails_with_a_clear_message_before_anything_is_written(tmp_path, render, explain, extra, tags,
                                                                         message):
    out = tmp_path / "bad"
    args = ["--limit", "fe1", "-e", json.dumps(extra)] + (["--tags", tags] if tags else [])
    proc = render(out, *args)
    assert proc.returncode != 0, explain(proc)
    assert message in proc.stdout + proc.stderr, explain(proc)
    assert "Traceback" not in proc.stdout + proc.stderr, explain(proc)
    assert not out.exists(), f"something was written: {snapshot(out) if out.exists() else ''}"


@pytest.mark.parametrize("name", ["../../x", "edge/../../x"])
def test_a_host_name_that_leaves_the_render_folder_fails_before_anything_is_written(
        tmp_path, run, ansible_playbook, make_ansible_env, explain, name):
    inventory = tmp_path / "hosts.yml"
    hosts = yaml.safe_load((FIXTURE / "hosts.yml").read_text(encoding="utf-8"))
    hosts["all"]["children"]["windows"]["hosts"] = {name: {"ocs_server_roles": ["front_end"]}}
    inventory.write_text(yaml.safe_dump(hosts), encoding="utf-8")
    (tmp_path / "group_vars").symlink_to(FIXTURE / "group_vars")
    out = tmp_path / "a" / "b" / "out"
    proc = run([ansible_playbook, "-i", inventory, FIXTURE / "render.yml"], env=make_ansible_env(OCS_WINDOWS_RENDER_DIR=out))
    assert proc.returncode != 0, explain(proc)
    assert f"host name '{name}' cannot be a file name inside the render folder" in proc.stdout + proc.stderr, explain(proc)
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != inventory and "group_vars" not in p.parts]
    assert written == [] and not out.exists(), written


def test_apply_mode_on_server_2008_fails_at_once_naming_render_mode(apply, fake_host, explain):
    before = fake_host.read_bytes()
    proc = apply("-e", json.dumps({"ocs_windows_os": "2008"}))
    assert proc.returncode != 0, explain(proc)
    assert "use render mode (set ocs_windows_render_dir)" in proc.stdout, explain(proc)
    assert fake_host.read_bytes() == before


# ---- apply mode, against fake Windows modules -----------------------------------------------------

SEED = {
    "firewall": [
        {"name": "OCS 2007 R2 - retired.flow (in, tcp)", "group": GROUP, "localport": "5999"},
        {"name": "Hand-made RDP", "localport": "3389"},
        {"name": "Core Networking - DHCP", "group": "@FirewallAPI.dll,-25000"},
    ],
    "consec": [
        {"name": "OCS 2007 R2 - ipsec.mediation_in (udp)", "description": "seeded"},
        {"name": "Domain isolation", "action": "requireinrequestout"},
    ],
}


@pytest.fixture
def fake_host(tmp_path):
    state = tmp_path / "windows.json"
    state.write_text(json.dumps(SEED), encoding="utf-8")
    return state


@pytest.fixture
def apply(run, ansible_playbook, make_ansible_env, fake_host):
    def _apply(*args):
        env = make_ansible_env([FIXTURE / "fake_collections", REPO / "build" / "collections"],
                               OCS_FAKE_WINDOWS_STATE=fake_host,
                               OCS_UPSTREAM_WIN_FIREWALL_RULE=UPSTREAM_WIN_FIREWALL_RULE)
        return run([ansible_playbook, "-i", FIXTURE / "hosts_fake.yml", FIXTURE / "apply.yml", *args], env=env)

    return _apply


def host_state(path):
    return json.loads(path.read_text(encoding="utf-8"))


def edge_model():
    v = target_vars("edge1")
    rules = resolve(roles=v["ocs_server_roles"], topology=v["ocs_topology"], features=v["ocs_features"],
                    media_ports=v["ocs_media_ports"])["rules"]
    rows = resolve_ipsec_exemptions(topology=v["ocs_topology"], media_ports=v["ocs_media_ports"],
                                    roles=v["ocs_server_roles"], features=v["ocs_features"])
    return windows.win_firewall_rule_args(rules), windows.ipsec_rules(rows)


def test_replaced_makes_the_group_exactly_the_model_and_keeps_every_other_rule(apply, fake_host, explain):
    proc = apply()
    assert proc.returncode == 0, explain(proc)
    args, specs = edge_model()
    state = host_state(fake_host)
    ours = {r["name"]: r for r in state["firewall"] if r.get("group") == GROUP}
    assert set(ours) == {a["name"] for a in args}
    for arg in args:
        assert {k: ours[arg["name"]][k] for k in arg if k not in ("name", "state")} == {
            k: v for k, v in arg.items() if k not in ("name", "state")}
    assert {"Hand-made RDP", "Core Networking - DHCP"} <= {r["name"] for r in state["firewall"]}
    consec = {r["name"]: r for r in state["consec"]}
    assert set(consec) == {s["name"] for s in specs} | {"Domain isolation"}
    assert all(consec[s["name"]]["description"].endswith(f"[ocs.firewall {s['fingerprint']}]") for s in specs)


def test_second_apply_changes_nothing(apply, fake_host, explain):
    assert apply().returncode == 0
    before = fake_host.read_bytes()
    again = apply()
    assert again.returncode == 0, explain(again)
    assert recap(again)["edge1"][1] == 0, explain(again)
    assert fake_host.read_bytes() == before


def test_check_mode_reports_the_changes_and_makes_none(apply, fake_host, explain):
    before = fake_host.read_bytes()
    proc = apply("--check")
    assert proc.returncode == 0, explain(proc)
    assert recap(proc)["edge1"][1] > 0, explain(proc)
    assert fake_host.read_bytes() == before


def test_present_adds_but_keeps_stale_rules(apply, fake_host, explain):
    proc = apply("-e", "ocs_windows_firewall_state=present", "-e", "ocs_ipsec_exemptions_state=present")
    assert proc.returncode == 0, explain(proc)
    state = host_state(fake_host)
    assert "OCS 2007 R2 - retired.flow (in, tcp)" in {r["name"] for r in state["firewall"]}
    assert "OCS 2007 R2 - ipsec.mediation_in (udp)" in {r["name"] for r in state["consec"]}


def test_a_stale_rule_sharing_its_name_with_a_rule_outside_the_group_is_refused(apply, fake_host, explain):
    seeded = host_state(fake_host)
    seeded["firewall"].append({"name": "OCS 2007 R2 - retired.flow (in, tcp)", "localport": "7000"})
    fake_host.write_text(json.dumps(seeded), encoding="utf-8")
    proc = apply()
    assert proc.returncode != 0, explain(proc)
    assert "rules outside the group have the same names" in proc.stdout, explain(proc)
    assert "OCS 2007 R2 - retired.flow (in, tcp)" in proc.stdout
    assert [r for r in host_state(fake_host)["firewall"] if r["name"] == "OCS 2007 R2 - retired.flow (in, tcp)"] == [
        r for r in seeded["firewall"] if r["name"] == "OCS 2007 R2 - retired.flow (in, tcp)"]


def test_rules_from_the_netsh_script_are_adopted_into_the_group(apply, fake_host, explain):
    args, dummy = edge_model()
    seeded = host_state(fake_host)
    seeded["firewall"].append({"name": args[0]["name"], "localport": args[0]["localport"]})  # netsh sets no group
    fake_host.write_text(json.dumps(seeded), encoding="utf-8")
    assert apply().returncode == 0
    matching = [r for r in host_state(fake_host)["firewall"] if r["name"] == args[0]["name"]]
    assert len(matching) == 1 and matching[0]["group"] == GROUP


def test_a_changed_exemption_is_replaced(apply, fake_host, explain):
    assert apply().returncode == 0
    dummy, specs = edge_model()
    state = host_state(fake_host)
    for rule in state["consec"]:
        if rule["name"] == specs[0]["name"]:
            rule["endpoint1"] = "198.51.100.1"
            rule["description"] = "edited by hand"
    fake_host.write_text(json.dumps(state), encoding="utf-8")
    proc = apply()
    assert proc.returncode == 0, explain(proc)
    repaired = [r for r in host_state(fake_host)["consec"] if r["name"] == specs[0]["name"]]
    assert len(repaired) == 1 and repaired[0]["endpoint1"] == specs[0]["endpoint1"][0]


def test_absent_removes_only_what_the_roles_own(apply, fake_host, explain):
    assert apply().returncode == 0
    proc = apply("-e", "ocs_windows_firewall_state=absent", "-e", "ocs_ipsec_exemptions_state=absent")
    assert proc.returncode == 0, explain(proc)
    state = host_state(fake_host)
    assert sorted(r["name"] for r in state["firewall"]) == ["Core Networking - DHCP", "Hand-made RDP"]
    assert [r["name"] for r in state["consec"]] == ["Domain isolation"]


# ---- lint, argument specs, the molecule scenario ----------------------------------------------------

def test_ansible_lint_production_profile_passes_on_both_roles(run, explain, venv_bin, ansible_env):
    proc = run([venv_bin / "ansible-lint", "--offline", "--profile", "production", "-c", REPO / ".ansible-lint",
                "--nocolor", "-f", "pep8", *(f"roles/{role}" for role in ROLES)], cwd=REPO, env=ansible_env)
    assert proc.returncode == 0, explain(proc)


SCENARIO_WINDOWS = REPO / "extensions" / "molecule" / "windows"


def test_molecule_windows_playbooks_pass_the_syntax_check(run, explain, ansible_playbook, ansible_env, tmp_path):
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(yaml.safe_dump({"all": {"hosts": {"ocs-windows": {"ansible_connection": "winrm"}}}}))
    for playbook in ("prepare.yml", "converge.yml", "verify.yml", "cleanup.yml"):
        proc = run([ansible_playbook, "--syntax-check", "-i", inventory, SCENARIO_WINDOWS / playbook], env=ansible_env)
        assert proc.returncode == 0, explain(proc)
