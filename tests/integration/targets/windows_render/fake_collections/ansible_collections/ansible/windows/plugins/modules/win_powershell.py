#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test fake of ansible.windows.win_powershell for the roles' three scripts (see README.md):
read the group's firewall rule names, show connection security rules, run netsh commands."""

from __future__ import annotations

import json
import os

from ansible.module_utils.basic import AnsibleModule

NO_MATCH = "\r\nNo rules match the specified criteria.\r\n\r\n"


def show(rules, name):
    found = [r for r in rules if r["name"].casefold() == name.casefold()]
    if not found:
        return NO_MATCH, 1
    text = ""
    for rule in found:
        text += f"\r\nRule Name:                            {rule['name']}\r\n{'-' * 70}\r\n"
        text += f"Description:                          {rule.get('description', '')}\r\n"
        for key in ("enable", "profile", "endpoint1", "endpoint2", "port1", "port2", "protocol", "action"):
            text += f"{key.capitalize()}:{' ' * (37 - len(key))}{rule.get(key, 'Any')}\r\n"
    return text + "Ok.\r\n\r\n", 0


def netsh(rules, argv):
    if argv[:2] != ["advfirewall", "consec"] or argv[3] != "rule":
        raise ValueError(f"unexpected netsh command {argv}")
    settings = dict(arg.split("=", 1) for arg in argv[4:])
    if argv[2] == "add":
        rules.append(settings)
    elif argv[2] == "delete":
        before = len(rules)
        rules[:] = [r for r in rules if r["name"].casefold() != settings["name"].casefold()]
        if len(rules) == before:
            raise ValueError("No rules match the specified criteria.")
    else:
        raise ValueError(f"unexpected netsh verb {argv[2]}")


def main():
    module = AnsibleModule(argument_spec={"script": {"type": "str"}, "parameters": {"type": "dict"}},
                           supports_check_mode=True)
    path = os.environ["OCS_FAKE_WINDOWS_STATE"]
    with open(path, encoding="utf-8") as handle:
        store = json.load(handle)
    script, params = module.params["script"] or "", module.params["parameters"] or {}
    if "HNetCfg.FwPolicy2" in script:  # read_group_rules.ps1
        group = params["Group"]
        in_group, outside = {}, set()
        for rule in store["firewall"]:
            if (rule.get("group") or "").casefold() == group.casefold():
                in_group.setdefault(rule["name"].casefold(), rule["name"])
            else:
                outside.add(rule["name"].casefold())
        output = [{"name": n, "key": n.lower(), "shared": n.casefold() in outside}
                  for n in sorted(in_group.values())]
        module.exit_json(changed=False, output=output)
    if "consec show rule" in script:  # read_consec_rules.ps1
        output = []
        for name in params["Names"]:
            text, rc = show(store["consec"], name)
            output.append({"name": name, "rc": rc, "text": text})
        module.exit_json(changed=False, output=output)
    if "netsh.exe $arguments" in script:  # run_netsh.ps1
        if module.check_mode:
            module.exit_json(changed=True, output=[])
        output = []
        for action in params["Plan"]:
            for argv in action["commands"]:
                try:
                    netsh(store["consec"], [str(a) for a in argv])
                except ValueError as exc:
                    module.fail_json(msg=f"netsh {' '.join(argv)} failed: {exc}")
            output.append({"name": action["name"], "action": action["action"], "reason": action["reason"]})
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(store, handle, indent=1, sort_keys=True)
        module.exit_json(changed=True, output=output)
    module.fail_json(msg="the fake win_powershell does not know this script")


if __name__ == "__main__":
    main()
