"""Converging a host's connection security rules with netsh consec, for the ipsec_exemptions role:
read (``consec_read_names``: which rules to show with ``netsh advfirewall consec show rule``), then
plan (``consec_plan``: compare the outputs with the desired rules -> the netsh deletes and adds).

Only names the catalogue can produce are ever deleted. The comparison reads the rule name and the
settings fingerprint in its description, never netsh's labels, which are localised.
"""

import re

from ..catalogue import DEFAULT_PRODUCT, get_catalogue
from ..errors import OcsModelError
from ..model import PROTOCOLS
from ..render.windows.ipsec import FINGERPRINT_TAG, consec_add_argv, consec_delete_argv, ipsec_rule_name, ipsec_rules
from ..render.windows.quoting import DEFAULT_PREFIX, check_label

IPSEC_STATES = ("present", "replaced", "absent")


def _check_state(state):
    if state not in IPSEC_STATES:
        raise OcsModelError(f"unknown state {state!r}; valid states: {', '.join(IPSEC_STATES)}")
    return state


def catalogue_ipsec_names(product=DEFAULT_PRODUCT, prefix=DEFAULT_PREFIX):
    """Every rule name this collection can give an IPsec exemption of the product (current and
    retired rows, both protocols): the only rules replaced/absent may delete."""
    prefix = check_label(prefix, "rule name prefix")
    catalogue = get_catalogue(product)
    names = [ipsec_rule_name(row.id, protocol, prefix)
             for row in catalogue.ipsec_exemptions for protocol in row.protocols]
    retired = [rid for rid in catalogue.retired_ids if rid.startswith("ipsec.")]
    names += [ipsec_rule_name(rid, protocol, prefix) for rid in retired for protocol in PROTOCOLS]
    return names


def consec_read_names(rows, state="present", prefix=DEFAULT_PREFIX, product=DEFAULT_PRODUCT):
    """Rule names to read on the host (`netsh advfirewall consec show rule name=<name> verbose`):
    the desired rules, plus every name the catalogue can produce when stale rules must go."""
    _check_state(state)
    desired = [] if state == "absent" else [s["name"] for s in ipsec_rules(rows, prefix)]
    names = list(desired)
    if state != "present":
        names += sorted(set(catalogue_ipsec_names(product, prefix)) - set(desired))
    return names


def rule_count(text, name):
    """How many rules named `name` a `consec show rule name=<name>` output lists. Counts the
    lines that end with the name after a label (the label is localised, the name is ours)."""
    if not text:
        return 0
    pattern = re.compile(r"[:\s]" + re.escape(name.casefold()) + r"\s*$")
    return sum(1 for line in str(text).splitlines() if pattern.search(line.casefold()))


def _current_texts(current):
    """The read results: a mapping name -> output, or a list of {name, text} (the role's
    win_powershell output)."""
    if current is None:
        return {}
    if isinstance(current, dict):
        return {str(k): ("" if v is None else str(v)) for k, v in current.items()}
    if isinstance(current, (list, tuple)):
        texts = {}
        for item in current:
            if not isinstance(item, dict) or "name" not in item:
                raise OcsModelError(f"read result {item!r} has no 'name'")
            texts[str(item["name"])] = "" if item.get("text") is None else str(item["text"])
        return texts
    raise OcsModelError(f"current must be a mapping of rule name to netsh output, not {current!r}")


def consec_plan(rows, current, state="present", prefix=DEFAULT_PREFIX, product=DEFAULT_PRODUCT):
    """Compare the read rules with the desired ones -> the actions, in order, each
    {name, action (add|replace|delete), reason, commands (netsh argv lists)}.

    A desired rule is kept when exactly one rule of that name exists and its description carries
    the desired fingerprint; it is replaced (deleted, then added) when it differs or is duplicated,
    and added when missing. With replaced, catalogue names that are not desired are deleted; with
    absent, every catalogue name is. Rules with any other name are never touched.
    """
    _check_state(state)
    texts = _current_texts(current)
    specs = [] if state == "absent" else ipsec_rules(rows, prefix)
    missing = [n for n in consec_read_names(rows, state, prefix, product) if n not in texts]
    if missing:
        raise OcsModelError(f"no read result for connection security rule(s): {', '.join(missing)}")
    actions = []
    desired = {s["name"] for s in specs}
    if state != "present":
        for name in consec_read_names(rows, state, prefix, product):
            if name in desired:
                continue
            count = rule_count(texts[name], name)
            if count:
                reason = "absent" if state == "absent" else "no longer in the model"
                actions.append({"name": name, "action": "delete", "reason": reason,
                                "commands": [consec_delete_argv(name)]})
    for spec in specs:
        text = texts[spec["name"]]
        count = rule_count(text, spec["name"])
        if count == 0:
            actions.append({"name": spec["name"], "action": "add", "reason": "missing",
                            "commands": [consec_add_argv(spec)]})
        elif count == 1 and f"[{FINGERPRINT_TAG} {spec['fingerprint']}]" in text:
            continue
        else:
            reason = f"{count} rules with this name" if count > 1 else "settings differ"
            actions.append({"name": spec["name"], "action": "replace", "reason": reason,
                            "commands": [consec_delete_argv(spec["name"]), consec_add_argv(spec)]})
    return actions
