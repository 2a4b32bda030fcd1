"""The firewalld_ruleset module's main(), on the real AnsibleModule with a fake firewalld."""

import copy
import json

import pytest
import yaml
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.ocs.firewall.plugins.module_utils._firewalld import state
from ansible_collections.ocs.firewall.plugins.modules import firewalld_ruleset
from ansible_collections.ocs.firewall.tests.unit.plugins.module_utils._firewalld.fakes import (
    NEW_RICH,
    FakeBackend,
    host_firewall,
)

pytestmark = pytest.mark.usefixtures("firewalld_parser")

NEW = {"name": "ocs-new", "ports": ["5061/tcp"]}
RULE_SET = dict(services=[NEW], zones=[{"name": "public", "services": ["ocs-new"], "rich_rules": [NEW_RICH]}])
SSH = "192.0.2.1 50022 192.0.2.10 22"
IP_ADDR = "2: eth0    inet 192.0.2.10/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever\n"


class Exited(Exception):
    """AnsibleModule.exit_json or fail_json was called; args holds the result."""

    def __init__(self, failed, result):
        super().__init__(result)
        self.failed, self.result = failed, result


@pytest.fixture
def main(monkeypatch):
    """main(backend, **module_args) -> (failed, result); open_backend hands out backend."""
    def exit_json(self, **result):
        raise Exited(False, result)

    def fail_json(self, msg, **result):
        raise Exited(True, dict(result, msg=msg))

    monkeypatch.setattr(AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(AnsibleModule, "fail_json", fail_json)
    monkeypatch.setattr(AnsibleModule, "run_command", lambda self, argv: (0, IP_ADDR, ""))
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    opened = []

    def run(backend, **args):
        def open_backend(offline):
            opened.append(offline)
            return backend

        monkeypatch.setattr(firewalld_ruleset, "open_backend", open_backend)
        with patch_module_args(args), pytest.raises(Exited) as exited:
            firewalld_ruleset.main()
        return exited.value.failed, exited.value.result

    run.opened = opened
    return run


def documented_returns(state_name, manage_service=False):
    """RETURN keys a run with state_name (and manage_service) returns, by their `returned:` text."""
    returns = yaml.safe_load(firewalld_ruleset.RETURN)
    when = {"always", "when O(state) is V(gathered)" if state_name == "gathered" else "when O(state) is not V(gathered)"}
    if manage_service:
        when.add("when O(manage_service) is true")
    return {key for key, doc in returns.items() if doc["returned"] in when}


@pytest.mark.parametrize("args", [dict(state="present", **RULE_SET), dict(state="replaced"), dict(state="absent"),
                                  dict(state="gathered"), dict(state="present", _ansible_check_mode=True),
                                  dict(state="replaced", manage_service=True), dict(state="gathered", manage_service=True)],
                         ids=["present", "replaced", "absent", "gathered", "check mode", "manage_service",
                              "gathered manage_service"])
def test_return_documents_every_key_a_run_returns(main, monkeypatch, args):
    monkeypatch.setattr(firewalld_ruleset, "ensure_running", lambda check, run: [])
    failed, result = main(FakeBackend(**host_firewall()), **args)
    assert not failed, result
    returned = set(result) - {"changed", "invocation"}
    assert returned == documented_returns(args["state"], args.get("manage_service", False))


def test_every_documented_return_key_says_when_it_is_returned():
    returns = yaml.safe_load(firewalld_ruleset.RETURN)
    assert set(returns) == documented_returns("present", True) | documented_returns("gathered", True)


def test_a_run_writes_what_it_describes_and_reloads_once(main):
    backend = FakeBackend(**host_firewall())
    failed, result = main(backend, state="present", **RULE_SET)
    assert not failed, result
    assert result["changed"] and result["reloaded"] and result["backend"] == "online"
    assert result["changes"] == ["create service ocs-new",
                                 f"zone public: add service ocs-new; add rich_rule {NEW_RICH}"]
    assert backend.writes == [("create", "service", "ocs-new"), ("update", "zone", "public")]
    assert backend.reloads == 1
    assert result["management"] == "not checked: no SSH connection"
    assert result["after"]["zones"]["public"]["rich_rules"] == sorted([NEW_RICH, host_firewall()["zones"]["public"]["rules_str"][1]])


@pytest.mark.parametrize("args", [dict(state="present", **RULE_SET), dict(state="replaced", **RULE_SET),
                                  dict(state="absent"), dict(state="present", zones=[{"name": "dmz", "interfaces": ["lo"]}])],
                         ids=["present", "replaced", "absent", "interface move"])
def test_check_mode_reports_the_changes_of_a_real_run_and_writes_nothing(main, args):
    checked, real = FakeBackend(**host_firewall()), FakeBackend(**host_firewall())
    if args.get("zones"):  # lo is an interface every Linux host has (the module checks /sys/class/net)
        checked.objects["zone"]["internal"]["interfaces"] = real.objects["zone"]["internal"]["interfaces"] = ["lo"]
    untouched = copy.deepcopy(checked.objects)
    failed_check, in_check = main(checked, _ansible_check_mode=True, **args)
    failed_real, for_real = main(real, **args)
    assert not failed_check and not failed_real, (in_check, for_real)
    assert in_check["changes"] == for_real["changes"] and in_check["changes"]
    assert in_check["after"] == for_real["after"] and in_check["before"] == for_real["before"]
    assert in_check["changed"] and not in_check["reloaded"] and for_real["reloaded"]
    assert checked.writes == [] and checked.reloads == 0
    assert checked.objects == untouched
    assert len(real.writes) == len(for_real["changes"])


def test_a_second_run_changes_nothing_and_does_not_reload(main):
    backend = FakeBackend(**host_firewall())
    main(backend, state="replaced", **RULE_SET)
    backend.writes, backend.reloads = [], 0
    failed, result = main(backend, state="replaced", **RULE_SET)
    assert not failed and not result["changed"] and result["changes"] == [] and not result["reloaded"]
    assert result["before"] == result["after"]
    assert backend.writes == [] and backend.reloads == 0


def _count_parsing(monkeypatch):
    parsed = []
    real_parse = state.parse_rich
    monkeypatch.setattr(state, "parse_rich", lambda rule: parsed.append(rule) or real_parse(rule))
    return parsed


def test_a_second_run_parses_no_rich_rule_firewalld_already_holds(main, monkeypatch):
    """The rules read back from firewalld are canonical: string-equal wanted rules need no parsing."""
    backend = FakeBackend(**host_firewall())
    main(backend, state="replaced", **RULE_SET)
    state.forget_rich_rules()  # a new run starts with nothing known, as a new process does
    parsed = _count_parsing(monkeypatch)
    failed, result = main(backend, state="replaced", **RULE_SET)
    assert not failed and not result["changed"], result
    assert parsed == []


def test_a_rule_written_otherwise_is_parsed_and_found_equal(main, monkeypatch, real_parser):
    """Normalising a non-canonical rule needs firewalld's own parser (not the canonical-rule stand-in
    of Python 3.13, where firewalld 1.3's package does not import)."""
    backend = FakeBackend(**host_firewall())
    main(backend, state="replaced", **RULE_SET)
    state.forget_rich_rules()
    parsed = _count_parsing(monkeypatch)
    written = 'rule family="ipv4" destination address="203.0.113.10/32" service name="ocs-new"   accept'
    failed, result = main(backend, state="replaced", services=[NEW],
                          zones=[{"name": "public", "services": ["ocs-new"], "rich_rules": [written]}])
    assert not failed and not result["changed"], result  # the same rule, written otherwise: parsed, equal
    assert parsed == [written]


def test_an_invalid_rich_rule_fails_before_any_write_even_after_the_read(main):
    backend = FakeBackend(**host_firewall())
    failed, result = main(backend, state="replaced", services=[NEW],
                          zones=[{"name": "public", "rich_rules": ['rule service name="ocs-new" bogus']}])
    assert failed and "rich rule 'rule service name=\"ocs-new\" bogus' is not valid" in result["msg"]
    assert backend.writes == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_gathered_returns_the_owned_view_and_touches_nothing(main, check_mode):
    backend = FakeBackend(**host_firewall())
    failed, result = main(backend, state="gathered", _ansible_check_mode=check_mode)
    assert not failed, result
    assert result == {"changed": False, "backend": "online",
                      "gathered": state.owned_view(FakeBackend(**host_firewall()).objects)}
    assert set(result["gathered"]["services"]) == {"ocs-old"}
    assert backend.writes == [] and backend.reloads == 0


def test_gathered_shows_what_a_run_left(main):
    backend = FakeBackend(**host_firewall())
    _failed, applied = main(backend, state="replaced", **RULE_SET)
    _failed, gathered = main(backend, state="gathered")
    assert gathered["gathered"] == applied["after"]


def test_gathered_with_a_rule_set_fails_before_reading(main):
    backend = FakeBackend(**host_firewall())
    failed, result = main(backend, state="gathered", ruleset=RULE_SET)
    assert failed and "state gathered reads the collection's objects and takes no rule set" in result["msg"]
    assert main.opened == []


def test_the_ruleset_option_is_the_same_as_the_three_options(main):
    apart, together = FakeBackend(**host_firewall()), FakeBackend(**host_firewall())
    _failed, one = main(apart, state="replaced", **RULE_SET)
    _failed, other = main(together, state="replaced", ruleset=RULE_SET)
    assert one == other and apart.objects == together.objects


def test_diff_mode_shows_before_and_after_as_json(main):
    failed, result = main(FakeBackend(**host_firewall()), _ansible_diff=True, **RULE_SET)
    assert not failed
    assert json.loads(result["diff"]["before"]) == result["before"]
    assert json.loads(result["diff"]["after"]) == result["after"]


def test_the_guard_refuses_a_rule_set_that_would_cut_ssh_and_nothing_is_written(main, monkeypatch):
    # The SSH interface moved into an ocs- zone without ssh; it is lo, which /sys/class/net always has.
    monkeypatch.setenv("SSH_CONNECTION", SSH)
    monkeypatch.setattr(AnsibleModule, "run_command", lambda self, argv: (0, IP_ADDR.replace("eth0", "lo"), ""))
    firewall = host_firewall()
    firewall["zones"]["public"]["interfaces"] = ["lo"]
    backend = FakeBackend(**firewall)
    failed, result = main(backend, services=[NEW], zones=[{"name": "ocs-trap", "services": ["ocs-new"], "interfaces": ["lo"]}])
    assert failed
    assert result["msg"] == ("refusing to apply: the SSH connection from 192.0.2.1 to 192.0.2.10:22 (interface lo) "
                             "would land in zone 'ocs-trap', which would not accept it; nothing was changed")
    assert backend.writes == []


def test_the_guard_line_is_returned_and_can_be_turned_off(main, monkeypatch):
    monkeypatch.setenv("SSH_CONNECTION", SSH)
    monkeypatch.setattr(AnsibleModule, "run_command", lambda self, argv: (0, IP_ADDR.replace("eth0", "lo"), ""))
    firewall = host_firewall()
    firewall["zones"]["public"]["interfaces"] = ["lo"]
    _failed, checked = main(FakeBackend(**firewall), **RULE_SET)
    trap = dict(services=[NEW], zones=[{"name": "ocs-trap", "services": ["ocs-new"], "interfaces": ["lo"]}])
    failed, unchecked = main(FakeBackend(**firewall), protect_management=False, **trap)
    assert checked["management"] == "SSH 192.0.2.1 -> 192.0.2.10:22 stays accepted in zone 'public'"
    assert not failed and unchecked["management"] == "not checked"


def test_a_dangling_service_reference_fails_before_any_write(main):
    backend = FakeBackend(**host_firewall())
    failed, result = main(backend, services=[NEW], zones=[{"name": "public", "services": ["ocs-new", "ocs-missing"]}])
    assert failed and result["msg"] == "zone 'public' names service 'ocs-missing', which does not exist"
    assert backend.writes == []


def test_a_failing_write_is_rolled_back_and_reported(main):
    firewall = host_firewall()
    backend = FakeBackend(**firewall, fail_on=[("update", "zone", "public")])
    failed, result = main(backend, **RULE_SET)
    assert failed
    assert result["msg"] == ("applying update zone public failed: INVALID_ZONE: injected failure; "
                             "rolled back 1 change(s)")
    assert backend.writes == [("create", "service", "ocs-new"), ("remove", "service", "ocs-new")]
    assert backend.objects == FakeBackend(**firewall).objects and backend.reloads == 0


def test_an_unexpected_error_keeps_firewalld_s_text_and_the_trace(main):
    class Broken(FakeBackend):
        def names(self, kind):
            raise RuntimeError("org.fedoraproject.FirewallD1.Exception: ACCESS_DENIED")

    failed, result = main(Broken(), **RULE_SET)
    assert failed and result["msg"] == "firewalld_ruleset: org.fedoraproject.FirewallD1.Exception: ACCESS_DENIED"
    assert "Traceback" in result["exception"]


def test_without_firewalld_s_bindings_nothing_is_opened(main, monkeypatch):
    monkeypatch.setattr(state, "HAS_FIREWALL", False)
    failed, result = main(FakeBackend(**host_firewall()), services=[{"name": "bad", "ports": []}])
    assert failed and result["msg"].startswith("firewalld's Python bindings are not importable by this Python")
    assert main.opened == []


def test_manage_service_without_firewalld_installed_asks_for_the_package_and_opens_nothing(main, monkeypatch):
    monkeypatch.setattr(state, "HAS_FIREWALL", False)
    monkeypatch.setattr(firewalld_ruleset, "ensure_running", lambda *a: pytest.fail("nothing to start"))
    failed, result = main(FakeBackend(**host_firewall()), manage_service=True, **RULE_SET)
    assert not failed and not result["changed"] and result["service"] == "not installed"
    assert main.opened == []
    assert set(result) - {"changed"} == documented_returns("replaced", manage_service=True)


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("todo", [[], ["start firewalld"], ["enable firewalld", "start firewalld"]])
def test_manage_service_starts_firewalld_before_the_rule_set_and_says_so(main, monkeypatch, todo, check_mode):
    asked = []
    monkeypatch.setattr(firewalld_ruleset, "ensure_running", lambda check, run: asked.append(check) or todo)
    backend = FakeBackend(**host_firewall())
    failed, result = main(backend, manage_service=True, _ansible_check_mode=check_mode, **RULE_SET)
    assert not failed, result
    assert asked == [check_mode]
    assert result["service"] == ("started" if todo else "running")
    assert result["changes"][:len(todo)] == todo and len(result["changes"]) == len(todo) + 2
    # In check mode, a firewalld that is not running yet is read offline (its files).
    assert main.opened == [check_mode and "start firewalld" in todo]


def test_without_manage_service_the_service_is_not_looked_at(main, monkeypatch):
    monkeypatch.setattr(firewalld_ruleset, "ensure_running", lambda *a: pytest.fail("not asked"))
    failed, result = main(FakeBackend(**host_firewall()), **RULE_SET)
    assert not failed and "service" not in result


@pytest.mark.parametrize("offline", [False, True])
def test_the_offline_option_reaches_open_backend(main, offline):
    main(FakeBackend(**host_firewall()), state="gathered", offline=offline)
    assert main.opened == [offline]


RUNTIME_BEHIND = {"services": [], "zones": {}, "policies": {}}


def test_a_runtime_behind_the_permanent_configuration_is_reloaded(main):
    backend = FakeBackend(**host_firewall(), runtime=RUNTIME_BEHIND)
    failed, result = main(backend, state="present")
    assert not failed
    assert result["changes"] == ["reload: the runtime differs from the permanent configuration"]
    assert result["changed"] and result["reloaded"] and backend.reloads == 1 and backend.writes == []


def test_offline_there_is_no_runtime_to_reload(main):
    backend = FakeBackend(**host_firewall(), runtime=RUNTIME_BEHIND, name="offline")
    failed, result = main(backend, **RULE_SET)
    assert not failed and result["changed"] and not result["reloaded"] and result["backend"] == "offline"
    assert backend.reloads == 0 and backend.writes
