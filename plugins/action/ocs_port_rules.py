# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin: resolve the OCS port model for one host on the controller (no connection)."""

from __future__ import annotations

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.errors import OcsModelError
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.resolve import resolve
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.spec import deployment_argument_spec
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import to_native

ARGUMENT_SPEC = deployment_argument_spec()


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False  # pure computation on the controller

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        try:
            _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        except AnsibleActionFail as exc:
            return dict(result, failed=True, msg=str(exc))
        try:
            resolved = resolve(**to_native(args))
        except OcsModelError as exc:
            return dict(result, failed=True, msg=f"ocs_port_rules: {exc}")
        result.update(changed=False, rules=resolved["rules"], flows=resolved["flows"])
        if resolved["warnings"]:
            result["warnings"] = resolved["warnings"]
        return result
