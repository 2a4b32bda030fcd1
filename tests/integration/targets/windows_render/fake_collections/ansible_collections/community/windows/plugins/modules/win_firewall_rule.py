#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test fake of community.windows.win_firewall_rule: a JSON file is the firewall (see README.md)."""

from __future__ import annotations

import json
import os
import re

import yaml
from ansible.module_utils.basic import AnsibleModule

KEYS = ("group", "description", "direction", "action", "protocol", "localport", "remoteport",
        "localip", "remoteip", "program", "service", "profiles", "enabled", "icmp_type_code")


def upstream_spec():
    text = open(os.environ["OCS_UPSTREAM_WIN_FIREWALL_RULE"], encoding="utf-8").read()
    doc = yaml.safe_load(re.search(r"DOCUMENTATION\s*=\s*r?'''(.*?)'''", text, re.S).group(1))
    return {name: {k: v for k, v in option.items() if k in ("type", "choices", "aliases", "elements", "default")}
            for name, option in doc["options"].items()}


def main():
    module = AnsibleModule(argument_spec=upstream_spec(), supports_check_mode=True)
    path = os.environ["OCS_FAKE_WINDOWS_STATE"]
    with open(path, encoding="utf-8") as handle:
        store = json.load(handle)
    name, state = module.params["name"], module.params["state"]
    if not name:
        module.fail_json(msg="the fake supports rules by name only")
    rules = store["firewall"]
    matches = [r for r in rules if r["name"].casefold() == name.casefold()]
    changed = False
    if state == "absent":
        changed = bool(matches)
        store["firewall"] = [r for r in rules if r not in matches]
    else:
        wanted = {k: module.params[k] for k in KEYS if module.params.get(k) is not None}
        if not matches:
            rules.append(dict(wanted, name=name))
            changed = True
        for rule in matches:
            if any(rule.get(k) != v for k, v in wanted.items()):
                rule.update(wanted)
                changed = True
    if changed and not module.check_mode:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(store, handle, indent=1, sort_keys=True)
    module.exit_json(changed=changed)


if __name__ == "__main__":
    main()
