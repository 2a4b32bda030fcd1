#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# Documentation only: the work is done by the action plugin of the same name, on the controller.

from __future__ import annotations

DOCUMENTATION = r"""
module: aerleon_acl
short_description: Generate perimeter firewall configurations with aerleon from an exported gateway view
version_added: 0.3.0
description:
  - Runs L(aerleon,https://github.com/aerleon/aerleon), the multi-vendor ACL generator, on the
    controller over the policy and naming definitions that the P(ocs.firewall.to_aerleon#filter) filter
    exports from a firewall's gateway rules, and writes one folder per gateway.
  - 'The folder is an C(aclgen) tree: C(policies/pol/NAME.yaml) (the policy), C(def/networks.yaml) and
    C(def/services.yaml) (the definitions), and C(TARGET/FILE) for each target''s generated
    configuration, so C(aclgen --base_directory=policies --definitions_directory=def) gives the same
    configurations again.'
  - Each target is generated on its own, so that a failure names the target, and aerleon's own
    message is returned, not a traceback. A target without an aerleon generator fails before anything
    is written.
  - Files are replaced atomically and only when their content differs. A file this module wrote
    earlier that is no longer produced (a target taken off the list) is removed; no other file in
    O(dest) is touched. It keeps the list of its files in C(.ocs-aerleon.json).
  - Never connects to the managed host, and never loads a configuration into a firewall.
author:
  - ocs.firewall contributors (!UNKNOWN)
requirements:
  - aerleon >= 1.18.0 on the controller (tested with 1.18.0)
options:
  export:
    description:
      - What P(ocs.firewall.to_aerleon#filter) returns, with the keys C(policy) and C(definitions).
    type: dict
    required: true
  dest:
    description:
      - The gateway's folder on the controller; created when missing. A relative path is relative to
        the directory Ansible runs in.
    type: path
    required: true
attributes:
  check_mode:
    support: full
    description: Generates in memory and reports what would be written or removed, writing nothing.
  diff_mode:
    support: full
    description: Shows each file's content before and after.
  platform:
    support: full
    platforms: all
    description: Runs on the controller, whatever the managed host.
seealso:
  - plugin: ocs.firewall.to_aerleon
    plugin_type: filter
  - module: ocs.firewall.ocs_port_rules
  - name: aerleon documentation
    description: The policy and naming definition formats of the files this module writes, and aclgen.
    link: https://aerleon.readthedocs.io/en/latest/
notes:
  - aerleon logs warnings (for example a generator that drops a term it cannot express); they are
    returned as the task's warnings.
"""

EXAMPLES = r"""
- name: Cisco ASA, Palo Alto and nftables configurations for each perimeter firewall
  ocs.firewall.aerleon_acl:
    export: >-
      {{ ocs_topology
         | ocs.firewall.ocs_rules(ocs_server_roles, features=ocs_features, media_ports=ocs_media_ports,
                                  view='gateway', zones=ocs_zones)
         | ocs.firewall.to_aerleon(['ciscoasa', 'paloalto', 'nftables'], name=inventory_hostname) }}
    dest: "{{ playbook_dir }}/perimeter-acl/{{ inventory_hostname }}"

# The role does the same for the targets named per gateway.
- name: Through the role
  ansible.builtin.include_role:
    name: ocs.firewall.perimeter_acl
  vars:
    ocs_perimeter_acl_targets: [srx, fortigate]
"""

RETURN = r"""
dest:
  description: The gateway's folder, as an absolute path.
  returned: success
  type: str
  sample: /srv/acl/fw_external
files:
  description: Every file of the folder's aclgen tree, relative to O(dest).
  returned: success
  type: list
  elements: str
  sample: [ciscoasa/fw_external.asa, def/networks.yaml, def/services.yaml, policies/pol/fw_external.yaml]
written:
  description: The files whose content changed (or would change, in check mode).
  returned: success
  type: list
  elements: str
  sample: [ciscoasa/fw_external.asa]
removed:
  description: Files written by an earlier run that are no longer produced (or would be removed, in check mode).
  returned: success
  type: list
  elements: str
  sample: [srx/fw_external.srx]
targets:
  description: The targets generated.
  returned: success
  type: list
  elements: str
  sample: [ciscoasa, nftables, paloalto]
"""
