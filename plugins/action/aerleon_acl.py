# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin: run aerleon on the controller over a to_aerleon export, write one gateway's folder."""

from __future__ import annotations

import json
import os

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.ocs.firewall.plugins.plugin_utils._aerleon import AerleonError, generate
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import to_native

ARGUMENT_SPEC = {
    "export": {"type": "dict", "required": True},
    "dest": {"type": "path", "required": True},
}
# The files written last time, so that a target taken off the list loses its file (and no other file
# in the folder is ever touched).
MANIFEST = ".ocs-aerleon.json"


def _read(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = f"{path}.ocs-tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)  # never a half-written ACL


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False  # all on the controller

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        try:
            _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        except AnsibleActionFail as exc:
            return dict(result, failed=True, msg=str(exc))
        dest = os.path.abspath(args["dest"])
        try:
            files, warnings = generate(to_native(args["export"]))
        except AerleonError as exc:
            return dict(result, failed=True, msg=f"aerleon_acl: {exc}")

        manifest_path = os.path.join(dest, MANIFEST)
        try:
            owned = json.loads(_read(manifest_path) or "[]")
        except ValueError:
            return dict(result, failed=True, msg=f"aerleon_acl: {manifest_path} is not the list this plugin writes; "
                                                 "remove it or choose another dest")
        files[MANIFEST] = json.dumps(sorted(files), indent=1) + "\n"

        changes = []
        for relative in sorted(files):
            before = _read(os.path.join(dest, relative))
            if before != files[relative]:
                changes.append((relative, before, files[relative]))
        stale = sorted(set(owned) - set(files) - {MANIFEST})
        for relative in stale:
            before = _read(os.path.join(dest, relative))
            if before is not None:
                changes.append((relative, before, None))

        if changes and not self._task.check_mode:
            for relative, _before, after in changes:
                path = os.path.join(dest, relative)
                if after is None:
                    os.remove(path)
                else:
                    _write(path, after)

        result.update(
            changed=bool(changes),
            dest=dest,
            files=sorted(relative for relative in files if relative != MANIFEST),
            written=[relative for relative, _before, after in changes if after is not None and relative != MANIFEST],
            removed=[relative for relative, _before, after in changes if after is None],
            targets=sorted({relative.split("/", 1)[0] for relative in files
                            if "/" in relative and not relative.startswith(("policies/", "def/"))}),
        )
        if self._task.diff and changes:
            result["diff"] = [
                {"before_header": os.path.join(dest, relative), "after_header": os.path.join(dest, relative),
                 "before": before or "", "after": after or ""}
                for relative, before, after in changes if relative != MANIFEST
            ]
        if warnings:
            result["warnings"] = [f"aerleon: {warning}" for warning in warnings]
        return result
