"""Test doubles for the firewalld applier: a backend held in dicts, a rich-rule parser, module params.

FakeBackend has the shape of _firewalld/backends.py's backends (see that file's docstring) and
refuses what firewalld refuses and the plan relies on: creating an object that exists, writing or
removing one that does not, and a zone update that adds an interface another zone holds (firewalld's
ZONE_CONFLICT; like firewalld, creating a zone does not check). Like firewalld, it keeps every rich
rule in the canonical form (RICH_RULE's str()), and refuses one that does not parse; the applier
relies on rules read back being canonical.
"""

import copy
import importlib.util
import os
import re
import sys
import warnings
from pathlib import Path

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.ocs.firewall.plugins.module_utils._firewalld import state
from ansible_collections.ocs.firewall.plugins.modules.firewalld_ruleset import ARGUMENT_SPEC


class FakeFirewallError(Exception):
    """What firewalld would answer with an error."""


class FakeBackend:
    """firewalld's permanent configuration as {kind: {name: settings}}.

    fail_on: (action, kind, name) tuples whose write raises (an injected firewalld error).
    writes: every write made, in order, as (action, kind, name); reloads: how many reloads.
    runtime: what runtime_view() returns (None: no runtime, as offline)."""

    def __init__(self, services=None, zones=None, policies=None, default_zone="public", fail_on=(),
                 runtime=None, name="online"):
        self.objects = {"service": copy.deepcopy(services or {}),
                        "zone": {n: _canonical(s) for n, s in (zones or {}).items()},
                        "policy": {n: _canonical(s) for n, s in (policies or {}).items()}}
        self._default_zone = default_zone
        self.fail_on = set(fail_on)
        self.runtime = runtime
        self.name = name
        self.writes = []
        self.reloads = 0

    def default_zone(self):
        return self._default_zone

    def names(self, kind):
        return list(self.objects[kind])

    def zones_worth_reading(self, names):
        return list(names)

    def get(self, kind, name):
        return copy.deepcopy(self.objects[kind][name])

    def _write(self, action, kind, name, exists):
        if (action, kind, name) in self.fail_on:
            raise FakeFirewallError(f"INVALID_{kind.upper()}: injected failure")
        if (name in self.objects[kind]) != exists:
            raise FakeFirewallError(f"{'INVALID' if exists else 'NAME_CONFLICT'}: {kind} {name}")
        self.writes.append((action, kind, name))

    def create(self, kind, name, settings):
        self._write("create", kind, name, exists=False)
        self.objects[kind][name] = _canonical(settings)

    def update(self, kind, name, settings):
        if kind == "zone":
            added = set(settings.get("interfaces", [])) - set(self.objects[kind].get(name, {}).get("interfaces", []))
            for other, other_settings in self.objects["zone"].items():
                for iface in added & set(other_settings.get("interfaces", [])):
                    raise FakeFirewallError(f"ZONE_CONFLICT: {iface} (in zone {other})")
        self._write("update", kind, name, exists=True)
        self.objects[kind][name] = _canonical(settings)

    def remove(self, kind, name):
        self._write("remove", kind, name, exists=True)
        del self.objects[kind][name]

    def reload(self):
        self.reloads += 1

    def runtime_view(self, zones=None):
        if self.runtime is None or zones is None:
            return copy.deepcopy(self.runtime)
        return dict(copy.deepcopy(self.runtime), zones={z: s for z, s in self.runtime["zones"].items() if z in zones})


def _canonical(settings):
    """A copy of settings with its rich rules as firewalld keeps them (parsed and written back)."""
    settings = copy.deepcopy(settings)
    for key in ("rules_str", "rich_rules"):
        if key in settings:
            try:
                settings[key] = [str(RICH_RULE(rule_str=rule)) for rule in settings[key]]
            except Exception as exc:
                raise FakeFirewallError(f"INVALID_RULE: {exc}") from None
    return settings


def wanted(**options):
    """Module params for these options, with the defaults the module's own argument spec fills in."""
    result = ArgumentSpecValidator(ARGUMENT_SPEC).validate(options)
    if result.error_messages:
        raise ValueError(result.error_messages)
    return result.validated_parameters


# ---------------------------------------------------------------- rich rules without python3-firewall
# The subset of firewalld's canonical rich-rule form that the tests use.
CANONICAL_RICH = re.compile(
    r'^rule family="ipv[46]"'
    r'(?: source address="[^"\s]+")?'
    r'(?: destination address="[^"\s]+")?'
    r' (?:service name="[^"\s]+"|port port="\d+(?:-\d+)?" protocol="(?:tcp|udp)")'
    r' (?:accept|reject|drop)$'
)


class CanonicalRichRule:
    """Stands in for firewall.core.rich.Rich_Rule where firewalld's Python package is missing.

    It takes only rules already in firewalld's canonical form (CANONICAL_RICH) and gives them back
    unchanged, as the real parser does for them (test_state.py checks that with the real parser).
    Anything else raises, and it parses nothing (no action, source or element), so a test that needs
    more than normalisation of canonical rules fails instead of getting an answer the real code would
    not give."""

    def __init__(self, rule_str):
        if not CANONICAL_RICH.match(rule_str):
            raise ValueError(f"the test stand-in takes only canonical rich rules, not {rule_str!r}")
        self.rule_str = rule_str

    def __str__(self):
        return self.rule_str


def _lab_rich_rule():
    """Rich_Rule from the lab's root filesystem (tools/lab/rootfs.sh), which holds firewalld's Python
    package: `make test` builds it before the unit tests run. None when it is missing or does not
    import on this Python (firewalld 1.3 imports `pipes`, gone in Python 3.13)."""
    rootfs = os.environ.get("OCS_LAB_ROOTFS", "/var/cache/ocs-firewall/rootfs-bookworm")
    package = Path(rootfs, "usr/lib/python3/dist-packages/firewall")
    if not (package / "__init__.py").is_file():
        return None
    # That package alone, not the rest of the root filesystem's dist-packages.
    spec = importlib.util.spec_from_file_location("firewall", package / "__init__.py",
                                                  submodule_search_locations=[str(package)])
    try:
        sys.modules["firewall"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules["firewall"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # its `import pipes`, on Python 3.11-3.12
            from firewall.core.rich import Rich_Rule  # pylint: disable=import-outside-toplevel
    except Exception:
        for name in [n for n in sys.modules if n == "firewall" or n.startswith("firewall.")]:
            del sys.modules[name]
        return None
    return Rich_Rule


def _find_parser():
    if state.HAS_FIREWALL:
        from firewall.core.rich import Rich_Rule  # pylint: disable=import-outside-toplevel
        return Rich_Rule, "python3-firewall"
    lab = _lab_rich_rule()
    if lab is not None:
        return lab, "firewalld's package in the lab's root filesystem"
    return CanonicalRichRule, "the canonical-rule stand-in (no firewalld package)"


RICH_RULE, PARSER = _find_parser()
REAL_PARSER = RICH_RULE is not CanonicalRichRule


# ---------------------------------------------------------------- a firewall to start from
# Rich rules in firewalld's canonical form (what firewalld hands back), so the stand-in parser can take them.
ADMIN_RICH = 'rule family="ipv4" source address="192.0.2.0/24" service name="https" accept'
OLD_RICH = 'rule family="ipv4" destination address="203.0.113.10/32" service name="ocs-old" accept'
NEW_RICH = 'rule family="ipv4" destination address="203.0.113.10/32" service name="ocs-new" accept'


def host_firewall():
    """FakeBackend arguments for a host with an admin's objects beside the collection's own (ocs-):
    built-in services, an admin's rich rule and policy; an ocs- service, zone, policy, binding and rich rule."""
    return dict(
        services={
            "ssh": {"short": "SSH", "ports": [("22", "tcp")]},
            "https": {"short": "HTTPS", "ports": [("443", "tcp")]},
            "dhcpv6-client": {"short": "DHCPv6 Client", "ports": [("546", "udp")]},
            "ocs-old": {"short": "", "description": "old flows", "ports": [("8443", "tcp")]},
        },
        zones={
            "public": {"target": "default", "services": ["ssh", "dhcpv6-client", "ocs-old"], "interfaces": ["eth0"],
                       "rules_str": [ADMIN_RICH, OLD_RICH]},
            "internal": {"target": "default", "services": ["ssh"], "interfaces": ["eth1"]},
            "dmz": {"target": "default", "services": ["ssh"]},
            "trusted": {"target": "ACCEPT"},
            "ocs-ext": {"target": "default", "services": ["ocs-old"], "interfaces": ["eth2"]},
        },
        policies={
            "allow-host-ipv6": {"ingress_zones": ["ANY"], "egress_zones": ["HOST"], "target": "CONTINUE",
                                "services": ["dhcpv6-client"]},
            "ocs-ext-int": {"description": "", "ingress_zones": ["ocs-ext"], "egress_zones": ["internal"],
                            "target": "CONTINUE", "services": ["ocs-old"], "rich_rules": []},
        },
    )
