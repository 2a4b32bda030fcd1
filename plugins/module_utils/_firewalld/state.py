"""What the collection owns in firewalld, and settings in a form that compares equal when firewalld
would treat them the same. Pure Python and no Ansible imports: the controller-side renderer
(_ocs_ports/render/firewalld.py) takes PREFIX and the name limits from here.

Rich rules are normalised by firewalld's own parser (python3-firewall), imported only when a rule
must be parsed: firewalld hands back every rule in its canonical form (it parses what it is given and
keeps str() of that), so a rule string-equal to one read from firewalld (known_canonical) needs no
parsing; a re-run parses nothing. Without the package, HAS_FIREWALL is false and require_bindings()
says so before anything else is done.
"""

import functools
import importlib.util
import re

PREFIX = "ocs-"
OWNED_RICH_RULE = re.compile(r'service name="?' + re.escape(PREFIX))
MAX_ZONE_NAME = 17  # firewalld: zone names longer than this do not fit netfilter chain names
MAX_POLICY_NAME = 18
KINDS = ("service", "zone", "policy")
ZONE_RICH = "rules_str"  # firewalld's key for a zone's rich rules ('rich_rules' in policies)

# Found, not imported: importing firewall.core.rich costs more than a re-run needs.
HAS_FIREWALL = all(importlib.util.find_spec(name) is not None for name in ("firewall", "dbus"))
Rich_Rule = None  # firewall.core.rich.Rich_Rule, imported by parse_rich on first use
_CANONICAL = set()  # rich rules as firewalld handed them back, hence in its canonical form


class RulesetError(Exception):
    """A rule set or a firewall state the module refuses; the message says why."""


def require_bindings():
    if not HAS_FIREWALL:
        raise RulesetError(
            "firewalld's Python bindings are not importable by this Python; is firewalld installed "
            "(Debian/Ubuntu: apt install firewalld) and ansible_python_interpreter the system Python "
            "(/usr/bin/python3)?"
        )


def parse_rich(rule):
    global Rich_Rule  # pylint: disable=global-statement
    if Rich_Rule is None:
        from firewall.core.rich import Rich_Rule  # pylint: disable=import-outside-toplevel,redefined-outer-name
    return Rich_Rule(rule_str=rule)


def known_canonical(rules):
    """Record rich rules read from firewalld: they are in its canonical form already."""
    _CANONICAL.update(rules)


def forget_rich_rules():
    """Drop what normal_rich knows (the tests switch parsers)."""
    _CANONICAL.clear()
    _parsed_normal.cache_clear()


def normal_rich(rule):
    """firewalld's canonical form of a rich rule; parses only a rule firewalld has not handed back."""
    return rule if rule in _CANONICAL else _parsed_normal(rule)


@functools.lru_cache(maxsize=None)  # the same rule is compared many times; parsing is the slow part
def _parsed_normal(rule):
    return str(parse_rich(rule))


def _owned_rich(rules):
    return sorted(normal_rich(r) for r in rules if OWNED_RICH_RULE.search(r))


def owned_zone_items(settings, rich_key):
    return {
        "services": sorted(s for s in settings.get("services", []) if s.startswith(PREFIX)),
        "rich_rules": _owned_rich(settings.get(rich_key, [])),
    }


def normal_service(settings):
    return {
        "short": settings.get("short", ""),
        "description": settings.get("description", ""),
        "ports": sorted(f"{port}/{proto}" for port, proto in settings.get("ports", [])),
    }


def normal_policy(settings):
    return {
        "description": settings.get("description", ""),
        "ingress_zones": sorted(settings.get("ingress_zones", [])),
        "egress_zones": sorted(settings.get("egress_zones", [])),
        "target": settings.get("target", "CONTINUE"),
        "services": sorted(settings.get("services", [])),
        "rich_rules": sorted(normal_rich(r) for r in settings.get("rich_rules", [])),
    }


def normal_zone(settings):
    return {
        "services": sorted(settings.get("services", [])),
        "rich_rules": sorted(normal_rich(r) for r in settings.get(ZONE_RICH, [])),
        "interfaces": sorted(settings.get("interfaces", [])),
        "sources": sorted(settings.get("sources", [])),
        "target": settings.get("target", "default"),
        "ports": sorted(f"{p}/{proto}" for p, proto in settings.get("ports", [])),
    }


def normal(kind, settings):
    return {"service": normal_service, "zone": normal_zone, "policy": normal_policy}[kind](settings)


def owned_view(settings_by_kind):
    """The collection's objects in settings_by_kind ({kind: {name: settings}}): ocs- services and
    policies, and each zone that is ours or holds our bindings (with its interfaces)."""
    zones = {}
    for name, settings in sorted(settings_by_kind["zone"].items()):
        items = owned_zone_items(settings, ZONE_RICH)
        if name.startswith(PREFIX) or items["services"] or items["rich_rules"]:
            zones[name] = dict(items, interfaces=sorted(settings.get("interfaces", [])))
    return {
        "services": {n: normal_service(s) for n, s in sorted(settings_by_kind["service"].items()) if n.startswith(PREFIX)},
        "zones": zones,
        "policies": {n: normal_policy(s) for n, s in sorted(settings_by_kind["policy"].items()) if n.startswith(PREFIX)},
    }
