"""plan.py on a fake firewalld: what each state changes, in which order, and the rollback."""

import copy

import pytest

from ansible_collections.ocs.firewall.plugins.module_utils._firewalld import state
from ansible_collections.ocs.firewall.plugins.module_utils._firewalld.plan import (
    CurrentAndTarget,
    apply,
    describe,
    operations,
    plan_target,
    runtime_differs,
    validate,
)
from ansible_collections.ocs.firewall.tests.unit.plugins.module_utils._firewalld import fakes
from ansible_collections.ocs.firewall.tests.unit.plugins.module_utils._firewalld.fakes import (
    ADMIN_RICH,
    NEW_RICH,
    OLD_RICH,
    FakeBackend,
    FakeFirewallError,
    host_firewall,
    wanted,
)

pytestmark = pytest.mark.usefixtures("firewalld_parser")

NEW = {"name": "ocs-new", "description": "new flows", "ports": ["5061/tcp"]}
NOTHING_OWNED = {"services": {}, "zones": {}, "policies": {}}


def run(firewall, **options):
    """Plan and apply options on a FakeBackend holding firewall; returns (backend, states, ops)."""
    backend = FakeBackend(**firewall)
    states = CurrentAndTarget(backend)
    plan_target(states, wanted(**options))
    ops = operations(states)
    apply(states, ops)
    return backend, states, ops


def owned(backend):
    return state.owned_view(backend.objects)


def not_owned(objects, moved_interfaces=()):
    """Everything in objects ({kind: {name: settings}}) the collection does not own, in normal form;
    interfaces the rule set moves are left out."""
    result = {}
    for kind, by_name in objects.items():
        for name, settings in by_name.items():
            if name.startswith(state.PREFIX):
                continue
            if kind == "service":
                result[kind, name] = state.normal_service(settings)
                continue
            rich_key = state.ZONE_RICH if kind == "zone" else "rich_rules"
            normal = state.normal(kind, settings)
            normal["services"] = [s for s in normal["services"] if not s.startswith(state.PREFIX)]
            normal["rich_rules"] = sorted(r for r in settings.get(rich_key, []) if not state.OWNED_RICH_RULE.search(r))
            if kind == "zone":
                normal["interfaces"] = [i for i in normal["interfaces"] if i not in moved_interfaces]
            result[kind, name] = normal
    return result


# ---------------------------------------------------------------- present
PRESENT_CASES = {
    "a new service bound in an existing zone": dict(services=[NEW], zones=[{"name": "public", "services": ["ocs-new"]}]),
    "a new rich rule beside an admin's": dict(services=[NEW], zones=[{"name": "public", "rich_rules": [NEW_RICH]}]),
    "the default zone when the zone has no name": dict(services=[NEW], zones=[{"name": None, "services": ["ocs-new"]}]),
    "a new ocs- zone taking an interface": dict(services=[NEW], zones=[{"name": "ocs-int", "services": ["ocs-new"],
                                                                        "interfaces": ["eth1"]}]),
    "an owned policy gains a service": dict(services=[NEW], policies=[{
        "name": "ocs-ext-int", "ingress_zones": ["ocs-ext"], "egress_zones": ["internal"], "services": ["ocs-new"]}]),
    "an owned service gets other ports": dict(services=[{"name": "ocs-old", "description": "old flows",
                                                         "ports": ["8444/tcp"]}]),
    "nothing": dict(),
}


@pytest.mark.parametrize("options", PRESENT_CASES.values(), ids=PRESENT_CASES)
def test_present_adds_and_never_removes(options):
    firewall = host_firewall()
    backend, _states, ops = run(firewall, state="present", **options)
    assert not [op for op in ops if op[0] == "remove"]
    params = wanted(**options)
    moved = {i for zone in params["zones"] for i in zone["interfaces"] or []}
    for kind, by_name in fakes.FakeBackend(**firewall).objects.items():
        for name, before in by_name.items():
            after = backend.objects[kind][name]
            rich_key = state.ZONE_RICH if kind == "zone" else "rich_rules"
            for key in ("services", rich_key):
                assert set(before.get(key, [])) <= set(after.get(key, [])), (kind, name, key)
            assert set(before.get("interfaces", [])) - moved <= set(after.get("interfaces", [])), (kind, name)
    view = owned(backend)
    for service in params["services"]:
        assert view["services"][service["name"]]["ports"] == sorted(service["ports"])
    for zone in params["zones"]:
        name = zone["name"] or "public"
        assert set(zone["services"]) <= set(view["zones"][name]["services"])
        assert set(zone["rich_rules"]) <= set(view["zones"][name]["rich_rules"])
        assert set(zone["interfaces"] or []) <= set(view["zones"][name]["interfaces"])


def test_present_merges_a_policy_s_bindings_and_replaced_makes_them_exact():
    policy = {"name": "ocs-ext-int", "ingress_zones": ["ocs-ext"], "egress_zones": ["internal"], "services": ["ocs-new"]}
    present, _states, _ops = run(host_firewall(), state="present", services=[NEW], policies=[policy])
    replaced, _states, _ops = run(host_firewall(), state="replaced", services=[NEW], policies=[policy])
    assert owned(present)["policies"]["ocs-ext-int"]["services"] == ["ocs-new", "ocs-old"]
    assert owned(replaced)["policies"]["ocs-ext-int"]["services"] == ["ocs-new"]


# ---------------------------------------------------------------- replaced
REPLACED_CASES = {
    "an empty rule set": (dict(), NOTHING_OWNED),
    "a new rule set": (
        dict(services=[NEW], zones=[{"name": "public", "rich_rules": [NEW_RICH]}]),
        {"services": {"ocs-new": {"short": "", "description": "new flows", "ports": ["5061/tcp"]}},
         "zones": {"public": {"services": [], "rich_rules": [NEW_RICH], "interfaces": ["eth0"]}},
         "policies": {}},
    ),
    "the old service kept in the ocs- zone only": (
        dict(services=[{"name": "ocs-old", "description": "old flows", "ports": ["8443/tcp"]}],
             zones=[{"name": "ocs-ext", "services": ["ocs-old"]}]),
        {"services": {"ocs-old": {"short": "", "description": "old flows", "ports": ["8443/tcp"]}},
         "zones": {"ocs-ext": {"services": ["ocs-old"], "rich_rules": [], "interfaces": ["eth2"]}},
         "policies": {}},
    ),
    "an interface moved into a new ocs- zone": (
        dict(services=[NEW], zones=[{"name": "ocs-int", "services": ["ocs-new"], "interfaces": ["eth1"]}]),
        {"services": {"ocs-new": {"short": "", "description": "new flows", "ports": ["5061/tcp"]}},
         "zones": {"ocs-int": {"services": ["ocs-new"], "rich_rules": [], "interfaces": ["eth1"]}},
         "policies": {}},
    ),
}


@pytest.mark.parametrize("options, expected", REPLACED_CASES.values(), ids=REPLACED_CASES)
def test_replaced_makes_the_owned_objects_exactly_the_rule_set_and_touches_nothing_else(options, expected):
    firewall = host_firewall()
    backend, _states, _ops = run(firewall, state="replaced", **options)
    assert owned(backend) == expected
    moved = {i for zone in options.get("zones", []) for i in zone.get("interfaces") or []}
    assert not_owned(backend.objects, moved) == not_owned(FakeBackend(**firewall).objects, moved)


def test_replaced_keeps_the_admin_s_rich_rule_and_built_in_bindings():
    backend, _states, _ops = run(host_firewall(), state="replaced")
    public = backend.objects["zone"]["public"]
    assert public[state.ZONE_RICH] == [ADMIN_RICH]
    assert public["services"] == ["ssh", "dhcpv6-client"]
    assert set(backend.objects["zone"]) == {"public", "internal", "dmz", "trusted"}
    assert set(backend.objects["policy"]) == {"allow-host-ipv6"}
    assert set(backend.objects["service"]) == {"ssh", "https", "dhcpv6-client"}


# ---------------------------------------------------------------- absent
def test_absent_with_an_empty_rule_set_removes_everything_owned_and_nothing_else():
    firewall = host_firewall()
    backend, _states, ops = run(firewall, state="absent")
    assert owned(backend) == NOTHING_OWNED
    assert not_owned(backend.objects) == not_owned(FakeBackend(**firewall).objects)
    assert [op for op in ops if op[0] == "remove"] == [
        ("remove", "policy", "ocs-ext-int"), ("remove", "zone", "ocs-ext"), ("remove", "service", "ocs-old")]


def test_absent_with_objects_removes_only_those():
    firewall = host_firewall()
    firewall["services"]["ocs-keep"] = {"ports": [("9000", "tcp")]}
    firewall["zones"]["public"]["services"].append("ocs-keep")
    backend, _states, _ops = run(firewall, state="absent", services=[{"name": "ocs-old", "ports": ["8443/tcp"]}],
                                 policies=[{"name": "ocs-ext-int", "ingress_zones": ["ocs-ext"], "egress_zones": ["internal"]}])
    view = owned(backend)
    assert set(view["services"]) == {"ocs-keep"}
    assert view["policies"] == {}
    # the service's bindings go with it: zone services and rich rules naming it
    assert view["zones"] == {"ocs-ext": {"services": [], "rich_rules": [], "interfaces": ["eth2"]},
                             "public": {"services": ["ocs-keep"], "rich_rules": [], "interfaces": ["eth0"]}}
    assert backend.objects["zone"]["public"][state.ZONE_RICH] == [ADMIN_RICH]


def test_absent_of_zones_removes_ocs_zones_only():
    backend, _states, ops = run(host_firewall(), state="absent", zones=[{"name": "ocs-ext"}, {"name": "public"}],
                                policies=[{"name": "ocs-ext-int", "ingress_zones": ["ocs-ext"], "egress_zones": ["internal"]}])
    assert ops == [("remove", "policy", "ocs-ext-int"), ("remove", "zone", "ocs-ext")]
    assert "public" in backend.objects["zone"]


def test_absent_of_a_rich_rule_removes_only_that_rule():
    backend, _states, _ops = run(host_firewall(), state="absent", zones=[{"name": "public", "rich_rules": [OLD_RICH]}])
    assert backend.objects["zone"]["public"][state.ZONE_RICH] == [ADMIN_RICH]
    assert "ocs-old" in backend.objects["zone"]["public"]["services"]


def test_absent_of_a_rich_rule_finds_it_in_another_spelling(real_parser):
    unquoted = 'rule family=ipv4 destination address=203.0.113.10/32 service name=ocs-old accept'
    backend, _states, _ops = run(host_firewall(), state="absent", zones=[{"name": "public", "rich_rules": [unquoted]}])
    assert backend.objects["zone"]["public"][state.ZONE_RICH] == [ADMIN_RICH]


# ---------------------------------------------------------------- idempotence and order
@pytest.mark.parametrize("state_name", ["present", "replaced"])
def test_a_second_run_of_the_same_rule_set_writes_nothing(state_name):
    options = dict(services=[NEW], zones=[{"name": "public", "services": ["ocs-new"], "rich_rules": [NEW_RICH]},
                                          {"name": "ocs-int", "services": ["ocs-new"], "interfaces": ["eth1"]}],
                   policies=[{"name": "ocs-int-pub", "ingress_zones": ["ocs-int"], "egress_zones": ["public"],
                              "services": ["ocs-new"]}])
    backend, _states, first = run(host_firewall(), state=state_name, **options)
    assert first
    states = CurrentAndTarget(backend)
    plan_target(states, wanted(state=state_name, **options))
    assert operations(states) == []


def test_writes_go_services_zones_policies_then_removals_in_reverse():
    _backend, _states, ops = run(
        host_firewall(), state="replaced", services=[{"name": "ocs-old", "ports": ["8444/tcp"]}, NEW],
        zones=[{"name": "public", "services": ["ocs-new"]}, {"name": "ocs-int", "services": ["ocs-new"]}],
        policies=[{"name": "ocs-int-pub", "ingress_zones": ["ocs-int"], "egress_zones": ["public"], "services": ["ocs-new"]}])
    assert ops == [
        ("create", "service", "ocs-new"),
        ("update", "service", "ocs-old"),
        ("update", "zone", "public"),
        ("create", "zone", "ocs-int"),
        ("create", "policy", "ocs-int-pub"),
        ("remove", "policy", "ocs-ext-int"),
        ("remove", "zone", "ocs-ext"),
    ]


INTERFACE_MOVES = {
    # dmz sorts before internal and public: the order comes from the moves, not the names
    "into an existing zone": ([{"name": "dmz", "interfaces": ["eth1"]}],
                              [("update", "zone", "internal"), ("update", "zone", "dmz")]),
    "two into one zone": ([{"name": "dmz", "interfaces": ["eth1", "eth0"]}],
                          [("update", "zone", "internal"), ("update", "zone", "public"), ("update", "zone", "dmz")]),
    "into a new ocs- zone": ([{"name": "ocs-int", "interfaces": ["eth1"]}],
                             [("update", "zone", "internal"), ("create", "zone", "ocs-int")]),
}


@pytest.mark.parametrize("zones, expected", INTERFACE_MOVES.values(), ids=INTERFACE_MOVES)
def test_interfaces_are_released_before_they_are_taken(zones, expected):
    backend, _states, ops = run(host_firewall(), state="present", zones=zones)
    assert ops == expected
    for zone in zones:  # firewalld (and the fake) refuse a zone update adding an interface another zone holds
        holders = {name for name, s in backend.objects["zone"].items() for i in zone["interfaces"] if i in s.get("interfaces", [])}
        assert holders == {zone["name"]}


SWAP = [{"name": "public", "interfaces": ["eth1"]}, {"name": "internal", "interfaces": ["eth0"]}]


def test_two_zones_swap_their_interfaces_by_releasing_them_first():
    backend, _states, ops = run(host_firewall(), state="present", zones=SWAP)
    assert ops == [("release", "zone", "internal"), ("release", "zone", "public"),
                   ("update", "zone", "internal"), ("update", "zone", "public")]
    assert backend.objects["zone"]["public"]["interfaces"] == ["eth1"]
    assert backend.objects["zone"]["internal"]["interfaces"] == ["eth0"]
    assert backend.objects["zone"]["public"]["services"] == host_firewall()["zones"]["public"]["services"]


def test_a_zone_to_be_removed_releases_the_interface_another_zone_takes():
    # replaced drops the ocs-ext zone, whose eth2 goes to dmz: dmz cannot take it while ocs-ext exists.
    backend, _states, ops = run(host_firewall(), state="replaced", zones=[{"name": "dmz", "interfaces": ["eth2"]}])
    assert ops.index(("release", "zone", "ocs-ext")) < ops.index(("update", "zone", "dmz")) \
        < ops.index(("remove", "zone", "ocs-ext"))
    assert backend.objects["zone"]["dmz"]["interfaces"] == ["eth2"] and "ocs-ext" not in backend.objects["zone"]


def test_a_failed_swap_is_undone_whole():
    # The policy fails after both zones took their new interface: the undo must release them again first.
    firewall = host_firewall()
    failing = ("create", "policy", "ocs-swap")
    backend = FakeBackend(**firewall, fail_on=[failing])
    states = CurrentAndTarget(backend)
    plan_target(states, wanted(state="present", services=[NEW], zones=SWAP, policies=[
        {"name": "ocs-swap", "ingress_zones": ["public"], "egress_zones": ["internal"], "services": ["ocs-new"]}]))
    ops = operations(states)
    assert ops.index(("update", "zone", "public")) < ops.index(failing)
    with pytest.raises(state.RulesetError) as raised:
        apply(states, ops)
    assert str(raised.value).endswith(f"rolled back {ops.index(failing)} change(s)")  # no undo write failed
    assert backend.objects == FakeBackend(**firewall).objects


def test_describe_names_a_release():
    states = CurrentAndTarget(FakeBackend(**host_firewall()))
    plan_target(states, wanted(state="present", zones=SWAP))
    assert [describe(states, op) for op in operations(states)] == [
        "zone internal: release interface eth1 first (another zone takes it)",
        "zone public: release interface eth0 first (another zone takes it)",
        "zone internal: add interface eth0; remove interface eth1",
        "zone public: add interface eth1; remove interface eth0",
    ]


# ---------------------------------------------------------------- rollback
ROLLBACK_OPTIONS = dict(
    state="replaced", services=[NEW],
    zones=[{"name": "public", "services": ["ocs-new"]}, {"name": "ocs-int", "services": ["ocs-new"], "interfaces": ["eth1"]}],
    policies=[{"name": "ocs-int-pub", "ingress_zones": ["ocs-int"], "egress_zones": ["public"], "services": ["ocs-new"]}],
)


# What ROLLBACK_OPTIONS plans on host_firewall(): every kind of write (checked below).
ROLLBACK_OPS = [
    ("create", "service", "ocs-new"),
    ("update", "zone", "internal"),  # releases eth1
    ("update", "zone", "public"),
    ("create", "zone", "ocs-int"),  # takes eth1
    ("create", "policy", "ocs-int-pub"),
    ("remove", "policy", "ocs-ext-int"),
    ("remove", "zone", "ocs-ext"),
    ("remove", "service", "ocs-old"),
]


def test_the_rollback_rule_set_plans_every_kind_of_write():
    states = CurrentAndTarget(FakeBackend(**host_firewall()))
    plan_target(states, wanted(**ROLLBACK_OPTIONS))
    assert operations(states) == ROLLBACK_OPS


@pytest.mark.parametrize("failing", range(len(ROLLBACK_OPS)), ids=lambda i: " ".join(ROLLBACK_OPS[i]))
def test_a_failure_at_write_n_undoes_writes_1_to_n_minus_1(failing):
    firewall = host_firewall()
    backend = FakeBackend(**firewall, fail_on=[ROLLBACK_OPS[failing]])
    states = CurrentAndTarget(backend)
    plan_target(states, wanted(**ROLLBACK_OPTIONS))
    ops = operations(states)
    assert ops == ROLLBACK_OPS
    action, kind, name = ops[failing]
    with pytest.raises(state.RulesetError) as raised:
        apply(states, ops)
    assert str(raised.value) == (f"applying {action} {kind} {name} failed: INVALID_{kind.upper()}: injected failure; "
                                 f"rolled back {failing} change(s)")
    assert backend.objects == FakeBackend(**firewall).objects
    assert backend.writes[:failing] == ops[:failing]
    # The undo touches only what was written, and each object's last undo write inverts its write
    # (an interface is given back by a release first, so an object may take two).
    undone = backend.writes[failing:]
    assert {(k, n) for _a, k, n in undone} == {(k, n) for _a, k, n in ops[:failing]}
    inverse = {"create": "remove", "update": "update", "remove": "create"}
    last_undo = {(k, n): a for a, k, n in undone}
    assert all(last_undo[k, n] == inverse[a] for a, k, n in ops[:failing])


def test_a_failed_undo_is_named_and_the_rest_still_undone():
    firewall = host_firewall()
    backend = FakeBackend(**firewall, fail_on=[ROLLBACK_OPS[3], ("remove", "service", "ocs-new")])
    states = CurrentAndTarget(backend)
    plan_target(states, wanted(**ROLLBACK_OPTIONS))
    with pytest.raises(state.RulesetError) as raised:
        apply(states, operations(states))
    assert str(raised.value) == (f"applying {' '.join(ROLLBACK_OPS[3])} failed: INVALID_{ROLLBACK_OPS[3][1].upper()}: "
                                 "injected failure; the rollback failed at: remove service ocs-new: "
                                 "INVALID_SERVICE: injected failure")
    left = FakeBackend(**firewall).objects
    left["service"]["ocs-new"] = backend.objects["service"]["ocs-new"]
    assert backend.objects == left


# ---------------------------------------------------------------- references and validation
DANGLING = {
    "a zone binding": (dict(zones=[{"name": "public", "services": ["ocs-missing"]}]),
                       "zone 'public' names service 'ocs-missing', which does not exist"),
    "a zone's rich rule": (dict(zones=[{"name": "public", "rich_rules": [NEW_RICH]}]),
                           "zone 'public' names service 'ocs-new', which does not exist"),
    "a policy's rich rule": (dict(policies=[{"name": "ocs-p", "ingress_zones": ["public"], "egress_zones": ["HOST"],
                                             "rich_rules": [NEW_RICH]}]),
                             "policy 'ocs-p' names service 'ocs-new', which does not exist"),
    "a service removed while a policy uses it": (dict(state="absent", services=[{"name": "ocs-old", "ports": ["8443/tcp"]}]),
                                                 "policy 'ocs-ext-int' names service 'ocs-old', which does not exist"),
}


@pytest.mark.parametrize("options, message", DANGLING.values(), ids=DANGLING)
def test_a_dangling_service_reference_fails_while_planning(options, message):
    backend = FakeBackend(**host_firewall())
    states = CurrentAndTarget(backend)
    with pytest.raises(state.RulesetError, match=message):
        plan_target(states, wanted(**options))
    assert backend.writes == []


@pytest.mark.parametrize("options, message", [
    (dict(zones=[{"name": "nosuchzone", "services": ["ocs-old"]}]), "zone 'nosuchzone' does not exist; existing zones: dmz, "),
    (dict(policies=[{"name": "ocs-p", "ingress_zones": ["nosuchzone"], "egress_zones": ["HOST"]}]),
     "policy 'ocs-p': zone 'nosuchzone' does not exist and is not in the rule set"),
])
def test_a_zone_that_does_not_exist_fails_while_planning(options, message):
    with pytest.raises(state.RulesetError, match=message):
        plan_target(CurrentAndTarget(FakeBackend(**host_firewall())), wanted(**options))


INVALID = {
    "a port outside 1-65535": (dict(services=[{"name": "ocs-x", "ports": ["70000/tcp"]}]),
                               "service 'ocs-x': port '70000/tcp' is not PORT[-PORT]/tcp|udp within 1-65535"),
    "a reversed range": (dict(services=[{"name": "ocs-x", "ports": ["20-10/tcp"]}]), "port '20-10/tcp'"),
    "no ports": (dict(services=[{"name": "ocs-x", "ports": []}]), "service 'ocs-x' has no ports"),
    "a service without the prefix": (dict(services=[{"name": "https", "ports": ["443/tcp"]}]),
                                     "service 'https' must start with 'ocs-'"),
    "binding a service that is not ours": (dict(zones=[{"name": "public", "services": ["ssh"]}]),
                                           "zone 'public': service 'ssh' must start with 'ocs-'"),
    "a rich rule that is not ours": (dict(zones=[{"name": None, "rich_rules": [ADMIN_RICH]}]),
                                     r"zone '\(default\)': rich rule .* does not name an 'ocs-' service"),
    "a policy name one character too long": (dict(policies=[{"name": "ocs-" + "x" * 15, "ingress_zones": ["public"],
                                                             "egress_zones": ["HOST"]}]),
                                             "must start with 'ocs-' and have at most 18 characters"),
    "an interface this host lacks": (dict(zones=[{"name": "public", "interfaces": ["ocsnosuch9"]}]),
                                     "zone 'public': interface 'ocsnosuch9' does not exist on this host"),
    "gathered with a rule set": (dict(state="gathered", services=[NEW]), "state gathered .* takes no rule set"),
}


@pytest.mark.parametrize("options, message", INVALID.values(), ids=INVALID)
def test_validate_names_the_bad_value(options, message):
    with pytest.raises(state.RulesetError, match=message):
        validate(wanted(**options))


def test_validate_accepts_a_good_rule_set():
    validate(wanted(services=[NEW, {"name": "ocs-range", "ports": ["1-65535/udp"]}],
                    zones=[{"name": "public", "services": ["ocs-new"], "rich_rules": [NEW_RICH], "interfaces": ["lo"]}],
                    policies=[{"name": "ocs-" + "x" * 14, "ingress_zones": ["public"], "egress_zones": ["HOST"]}]))


def test_validate_names_an_invalid_rich_rule(real_parser):
    with pytest.raises(state.RulesetError, match="rich rule 'rule service name=\"ocs-a\" bogus' is not valid"):
        validate(wanted(zones=[{"name": "public", "rich_rules": ['rule service name="ocs-a" bogus']}]))


# ---------------------------------------------------------------- describe and the runtime
def test_describe_says_what_each_write_does():
    partner = 'rule family="ipv4" source address="198.51.100.0/24" service name="ocs-old" accept'
    states = CurrentAndTarget(FakeBackend(**host_firewall()))
    plan_target(states, wanted(state="replaced", services=[{"name": "ocs-old", "ports": ["8444/tcp"]}],
                               zones=[{"name": "public", "services": ["ocs-old"], "rich_rules": [partner]},
                                      {"name": "dmz", "interfaces": ["eth1"]}]))
    assert [describe(states, op) for op in operations(states)] == [
        "service ocs-old: set description ''; add port 8444/tcp; remove port 8443/tcp",
        "zone internal: remove interface eth1",  # zones releasing interfaces, then the others, then those taking
        f"zone public: add rich_rule {partner}; remove rich_rule {OLD_RICH}",
        "zone dmz: add interface eth1",
        "remove policy ocs-ext-int",
        "remove zone ocs-ext",
    ]


RUNTIME = {"services": ["ocs-old"],
           "zones": {"public": {"services": ["ocs-old"], "rich_rules": [OLD_RICH]},
                     "ocs-ext": {"services": ["ocs-old"], "rich_rules": []}},
           "policies": {"ocs-ext-int": {"description": "", "ingress_zones": ["ocs-ext"], "egress_zones": ["internal"],
                                        "target": "CONTINUE", "services": ["ocs-old"], "rich_rules": []}}}


@pytest.mark.parametrize("runtime, differs", [
    (None, False),  # offline: no runtime to compare
    (RUNTIME, False),
    (dict(RUNTIME, services=[]), True),
    (dict(RUNTIME, zones={"public": {"services": [], "rich_rules": []}}), True),
    (dict(RUNTIME, policies={}), True),
])
def test_runtime_differs_compares_the_owned_runtime_with_the_target(runtime, differs):
    states = CurrentAndTarget(FakeBackend(**host_firewall(), runtime=copy.deepcopy(runtime)))
    plan_target(states, wanted(state="present"))
    assert runtime_differs(states, state.owned_view(states.target)) is differs


def test_the_fake_keeps_rich_rules_as_firewalld_does_and_refuses_a_bad_one():
    backend = FakeBackend(**host_firewall())
    with pytest.raises(FakeFirewallError, match="INVALID_RULE"):
        backend.update("zone", "public", {"rules_str": ['rule service name="ocs-a" bogus']})
    assert backend.objects["zone"]["public"]["rules_str"] == host_firewall()["zones"]["public"]["rules_str"]


class FewZones(FakeBackend):
    """A backend whose zone files say only public and ocs-ext are worth reading."""

    def zones_worth_reading(self, names):
        return [n for n in names if n in ("public", "ocs-ext")]


def test_only_the_zones_worth_reading_named_or_default_are_read():
    backend = FewZones(**host_firewall(), default_zone="internal")
    read = []
    real_get = backend.get
    backend.get = lambda kind, name: read.append((kind, name)) or real_get(kind, name)
    states = CurrentAndTarget(backend, wanted(zones=[{"name": "dmz", "services": []}]))
    assert sorted(n for k, n in read if k == "zone") == ["dmz", "internal", "ocs-ext", "public"]
    assert sorted(states.current["zone"]) == ["dmz", "internal", "ocs-ext", "public"]


def test_the_runtime_check_reads_every_zone_and_sees_ours_in_one_not_read_permanently():
    asked = []

    class Recording(FewZones):
        def runtime_view(self, zones=None):
            asked.append(zones)
            return super().runtime_view(zones)

    runtime = {"services": ["ocs-old"], "policies": {"ocs-ext-int": state.normal_policy(host_firewall()["policies"]["ocs-ext-int"])},
               "zones": {"public": {"services": ["ocs-old"], "rich_rules": [OLD_RICH]},
                         "ocs-ext": {"services": ["ocs-old"], "rich_rules": []}}}
    backend = Recording(**host_firewall(), runtime=runtime)
    states = CurrentAndTarget(backend, {})
    plan_target(states, wanted(state="present"))
    assert runtime_differs(states, state.owned_view(states.target)) is False
    assert asked == [sorted(host_firewall()["zones"])]
    backend.runtime["zones"]["dmz"] = {"services": ["ocs-old"], "rich_rules": []}  # runtime only, a zone not read
    assert runtime_differs(states, state.owned_view(states.target)) is True
