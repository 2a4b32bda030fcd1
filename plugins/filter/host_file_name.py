# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: host_file_name
short_description: A host name checked as one file-name component inside a render folder
version_added: 0.1.0
description:
  - Returns the host name unchanged when it can be a file or folder name inside the render folder,
    and fails naming it otherwise, before anything is written. Refused are path separators (C(/), C(\)),
    C(.) and C(..), the characters Windows file names cannot hold (C(<>:"|?*)), control characters,
    a leading or trailing space or trailing dot, Windows device names (C(CON), C(NUL), C(COM1), ...)
    and names longer than 200 characters. Names are never rewritten, so two hosts cannot share a file.
  - Given a list, checks every name, and refuses two that differ only in case.
options:
  _input:
    description: A host name, or a list of them.
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: Write this host's rules inside the render folder only
  ansible.builtin.copy:
    dest: "{{ render_dir }}/hosts/{{ inventory_hostname | ocs.firewall.host_file_name }}.yml"
    content: "{{ rules | to_nice_yaml }}"
    mode: "0644"
  delegate_to: localhost
"""

RETURN = r"""
_value:
  description: The name (or the list), unchanged.
  type: raw
"""

from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.files import host_file_name as one_host_file_name
from ansible_collections.ocs.firewall.plugins.module_utils._ocs_ports.files import host_file_names
from ansible_collections.ocs.firewall.plugins.plugin_utils._filters import core_filter


@core_filter("host_file_name")
def host_file_name(name):
    return host_file_names(name) if isinstance(name, list) else one_host_file_name(name)


class FilterModule:
    def filters(self):
        return {"host_file_name": host_file_name}
